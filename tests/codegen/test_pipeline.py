"""The generator's front half on the real spec, without running openapi-python-client: preprocessing fixes,
errata, builder names and resource metadata tolerate spec drift (warnings, one list), stop on real
blockers (all together, each naming the file to edit), and fill in what older specs lack from the lock."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from shared_data import require_spec

from codegen import builders, errata, resources, surface
from codegen.diagnostics import Diagnostics, GenerationBlocked
from codegen.preprocess import load_yaml, preprocess


@functools.cache
def _raw_spec() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(require_spec().read_bytes())
    return data


def _spec() -> dict[str, Any]:
    return copy.deepcopy(_raw_spec())


def _prepared(spec: dict[str, Any]) -> tuple[dict[str, Any], Diagnostics]:
    diag = Diagnostics()
    preprocess(spec, diag)
    errata.apply(spec, diag)
    return spec, diag


def _lock() -> surface.Surface:
    locked = surface.load()
    assert locked is not None, "spec/api.lock is committed"
    return locked


def test_the_pinned_spec_needs_every_entry() -> None:
    """--strict on the pinned spec: no fix, overlay or erratum is dead weight."""
    spec, diag = _prepared(_spec())
    builders.build_tree(spec, builders.load_overlay(), diag, _lock().builders())
    resources.resources(spec, _lock().resources(), diag)
    assert diag.warnings == [] and diag.blockers == []
    diag.strict = True
    diag.raise_if_blocked()


def test_an_absent_map_schema_is_a_warning_and_strict_makes_it_an_error() -> None:
    spec = _spec()
    del spec["components"]["schemas"]["VariantAttributesChannelAvailabilityMap"]
    spec, diag = _prepared(spec)
    assert [str(w) for w in diag.warnings] == [
        "spec/maps.yaml: skipped maps.VariantAttributesChannelAvailabilityMap: "
        "map schema VariantAttributesChannelAvailabilityMap is absent in this spec"
    ]
    diag.raise_if_blocked()  # warnings alone do not stop generation
    diag.strict = True
    with pytest.raises(GenerationBlocked) as blocked:
        diag.raise_if_blocked()
    assert "spec/maps.yaml" in blocked.value.render()


def test_blockers_are_collected_and_name_the_file_to_edit() -> None:
    spec = _spec()
    schemas = spec["components"]["schemas"]
    schemas["NewLocaleMap"] = {
        "type": "object",
        "required": ["/^[a-z]{2}$/"],
        "additionalProperties": {"type": "string"},
    }
    schemas["OtherMap"] = {"type": "object", "required": ["/^[a-z].*$/"], "additionalProperties": {"type": "string"}}
    get = spec["paths"]["/{projectKey}/categories"]["get"]
    get["parameters"].append({"name": "/^filter[.][a-z]+$/", "in": "query", "schema": {"type": "string"}})
    spec, diag = _prepared(spec)
    with pytest.raises(GenerationBlocked) as blocked:
        diag.raise_if_blocked()
    text = blocked.value.render()
    assert "3 problem(s)" in text and "Traceback" not in text
    assert text.count("spec/maps.yaml") == 3
    assert "NewLocaleMap" in text and "OtherMap" in text and "/^filter[.][a-z]+$/" in text


def test_stale_builder_overlay_entries_are_warnings() -> None:
    spec = _spec()
    del spec["paths"]["/{projectKey}/customers/email/confirm"]
    spec, diag = _prepared(spec)
    builders.build_tree(spec, builders.load_overlay(), diag, _lock().builders())
    assert [w.file for w in diag.warnings] == ["codegen/builder_nodes.yaml"]
    assert "/email/confirm" in diag.warnings[0].message


def _strip_annotations(spec: dict[str, Any]) -> dict[str, Any]:
    for item in spec["paths"].values():
        for key in [k for k in item if k.startswith("x-annotation-")]:
            del item[key]
    return spec


def test_a_spec_without_annotations_keeps_the_published_builder_names() -> None:
    """Specs before 2026-08 have no x-annotation-methodName: the names come from spec/api.lock."""
    pinned, _ = _prepared(_spec())
    published = builders.method_names(builders.build_tree(pinned, builders.load_overlay(), Diagnostics()))
    bare, diag = _prepared(_strip_annotations(_spec()))
    from_lock = builders.method_names(builders.build_tree(bare, builders.load_overlay(), diag, _lock().builders()))
    assert from_lock == published
    assert published["/{projectKey}/categories/{ID}"] == "with_id"
    assert published["/{projectKey}/custom-objects/{container}/{key}"] == "with_container_and_key"


def test_without_the_lock_names_are_derived_from_the_path_structure() -> None:
    bare, diag = _prepared(_strip_annotations(_spec()))
    derived = builders.method_names(builders.build_tree(bare, builders.load_overlay(), diag))
    assert derived["/{projectKey}/categories/{ID}"] == "with_id"
    assert derived["/{projectKey}/categories/key={key}"] == "with_key"
    assert derived["/{projectKey}/orders/order-number={orderNumber}"] == "with_order_number"
    # nodes without operations keep the names the SDK has always given them
    assert derived["/{projectKey}/in-store/key={storeKey}"] == "in_store_key_with_store_key_value"


def test_a_spec_without_resource_annotations_gets_the_published_resources() -> None:
    pinned, _ = _prepared(_spec())
    published = resources.resources(pinned, {}, Diagnostics())
    bare, diag = _prepared(_strip_annotations(_spec()))
    known = frozenset(_lock().builders())
    assert resources.resources(bare, _lock().resources(), diag, known) == published
    assert "taken from spec/api.lock" in diag.warnings[-1].message
    derived = resources.resources(bare, {}, Diagnostics())
    assert derived["/{projectKey}/categories"] == {
        "createable": "CategoryDraft",
        "updateable": "Category",
        "deleteable": "Category",
    }


def test_errata_apply_where_their_target_exists_and_warn_where_not() -> None:
    spec, diag = _prepared(_spec())
    required = spec["components"]["schemas"]["RecurringOrder"]["allOf"][1]["required"]
    assert "originOrder" not in required and "cart" in required
    assert "typeId" not in spec["components"]["schemas"]["ResourceIdentifier"].get("required", [])
    old = _spec()
    del old["components"]["schemas"]["RecurringOrder"]
    _, diag = _prepared(old)
    assert [str(w) for w in diag.warnings] == [
        "spec/errata.yaml: skipped RecurringOrder.originOrder: schema absent in this spec"
    ]
    for entry in errata.load():
        assert entry["why"] and entry["source"].startswith("https://"), entry
