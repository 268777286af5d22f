"""Errata for the spec, as reviewed data (spec/errata.yaml): each entry fixes one place where the published
spec contradicts the documented API. An entry applies when its target exists and warns when it does not,
so the table survives spec updates in both directions."""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostics
from .meta import _discriminator_of
from .preprocess import SCHEMA_PREFIX, Spec, load_yaml
from .spec_source import REPO_ROOT

ERRATA_FILE = REPO_ROOT / "spec" / "errata.yaml"
ERRATA_NAME = "spec/errata.yaml"


def load() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = load_yaml(ERRATA_FILE.read_bytes()) or []
    return entries


def _drop_required(schema: dict[str, Any], prop: str) -> bool:
    found = False
    for part in [schema, *schema.get("allOf", [])]:
        if prop in part.get("required", []):
            part["required"] = [r for r in part["required"] if r != prop]
            if not part["required"]:
                del part["required"]
            found = True
    return found


def _subclasses(schemas: dict[str, Any], base: str) -> list[str]:
    ref = SCHEMA_PREFIX + base
    return [name for name, schema in schemas.items() if any(p.get("$ref") == ref for p in schema.get("allOf", []))]


def apply(spec: Spec, diag: Diagnostics) -> int:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    applied = 0
    for entry in load():
        kind = entry.get("kind")
        if not entry.get("why") or not entry.get("source"):
            diag.block(ERRATA_NAME, f"entry {entry} needs `why` and `source`")
        elif kind == "optional_property":
            schema = schemas.get(entry["schema"])
            if schema is None:
                diag.warn(ERRATA_NAME, f"skipped {entry['schema']}.{entry['property']}: schema absent in this spec")
            elif not _drop_required(schema, entry["property"]):
                diag.warn(ERRATA_NAME, f"{entry['schema']}.{entry['property']} is not required here: drop the entry?")
            else:
                applied += 1
        elif kind == "optional_discriminator":
            base = schemas.get(entry["base"])
            disc = _discriminator_of(base) if base is not None else None
            if disc is None:
                diag.warn(ERRATA_NAME, f"skipped {entry['base']}: no such discriminated schema in this spec")
                continue
            prop = disc["propertyName"]
            names = [entry["base"], *_subclasses(schemas, entry["base"])]
            changed = [name for name in names if _drop_required(schemas[name], prop)]
            if not changed:
                diag.warn(ERRATA_NAME, f"{entry['base']}: no subclass requires {disc['propertyName']}: drop the entry?")
            applied += bool(changed)
        else:
            diag.block(ERRATA_NAME, f"unknown kind {kind!r} in {entry}")
    return applied
