"""The Import, History and Checkout APIs' reference examples decode into their models and round-trip exactly.

Same bar as the platform's test_examples.py: `json.loads(json.dumps(from_dict(x).to_dict())) == x`, and
every value typed as a discriminated base decodes to the concrete class its discriminator names.
Examples that contradict their spec are listed with the reason and must keep failing (strict xfail).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from shared_data import reference_dir
from test_examples import _concrete_misses  # the platform test's check, same generated codec

from ctp_sdk import DecodeError

# API folder under api-specs/ -> the public models module
APIS = {
    "import": "ctp_sdk.importapi.models",
    "history": "ctp_sdk.history.models",
    "checkout": "ctp_sdk.checkout.models",
}

# (api, example) -> why it does not round-trip
LOCALIZED_DESCRIPTION = (
    "the example gives `description` as a localized object ({'en': ...}); the Checkout spec declares a string"
)
CONTRADICTIONS: dict[tuple[str, str], str] = {
    ("import", "order-patch-import.json"): "the example is an array of OrderPatchImport; the map names one object",
    ("checkout", "applications/CompleteFlowApplicationDraft.json"): LOCALIZED_DESCRIPTION,
    ("checkout", "applications/paginatedApplications.json"): LOCALIZED_DESCRIPTION + " (results[0])",
    # Outside ../shared's subset: only in the full layout `nox -s fetch-spec` writes.
    ("checkout", "applications/CompleteFlowApplication.json"): LOCALIZED_DESCRIPTION,
    ("checkout", "applications/PaymentOnlyApplication.json"): LOCALIZED_DESCRIPTION,
}


def _examples_dir(api: str) -> Path:
    return reference_dir() / "api-specs" / api / "examples"


def _map_file(api: str) -> Path:
    return reference_dir() / f"examples-map-{api}.json"


def _examples() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for api in APIS:
        path = _map_file(api)
        if path.is_file():
            out += [(api, example, model) for example, model in sorted(json.loads(path.read_text()).items())]
    return out or [("<examples missing>", "", None)]


def _require(api: str) -> Path:
    if api not in APIS or not _map_file(api).is_file():
        pytest.skip(f"examples-map-{{import,history,checkout}}.json not found under {reference_dir()}: ../shared")
    return _examples_dir(api)


def _models(api: str) -> ModuleType:
    return importlib.import_module(APIS[api])


def _decode(api: str, name: str, data: Any) -> tuple[Any, Any]:
    models = _models(api)
    target = getattr(models, name)
    if isinstance(target, type):
        return target.from_dict(data), lambda value: value.to_dict()
    package = APIS[api].rsplit(".", 1)[0]
    generated = {"ctp_sdk.importapi": "import", "ctp_sdk.history": "history", "ctp_sdk.checkout": "checkout"}[package]
    modules = importlib.import_module(f"ctp_sdk._generated_{generated}.models")._MODULES
    module = sys.modules[f"ctp_sdk._generated_{generated}.models.{modules[name]}"]
    if hasattr(module, "from_dict"):
        return module.from_dict(data), module.to_dict
    return data, lambda value: value


@pytest.mark.parametrize(("api", "example", "model"), _examples())
def test_example_round_trips(api: str, example: str, model: str | None) -> None:
    folder = _require(api)
    if model is None:
        pytest.skip(f"examples-map-{api}.json names no model for this example")
    if (api, example) in CONTRADICTIONS:
        pytest.xfail(CONTRADICTIONS[(api, example)])
    data = json.loads((folder / example).read_text())
    obj, encode = _decode(api, model, data)
    assert json.loads(json.dumps(encode(obj))) == data
    misses: list[str] = []
    _concrete_misses(obj, model, misses, [0])
    assert not misses


@pytest.mark.parametrize(("api", "example"), sorted(CONTRADICTIONS))
def test_contradicting_examples_still_contradict(api: str, example: str) -> None:
    """If an upstream fix makes one of these round-trip, drop it from CONTRADICTIONS."""
    folder = _require(api)
    names = json.loads(_map_file(api).read_text())
    if example not in names:
        pytest.skip("not in this layout's examples (../shared has a subset; `nox -s fetch-spec` writes them all)")
    name = names[example]
    try:
        obj, encode = _decode(api, name, json.loads((folder / example).read_text()))
    except (ValueError, DecodeError):
        return
    assert json.loads(json.dumps(encode(obj))) != json.loads((folder / example).read_text())


def test_history_change_records_decode_to_concrete_change_classes() -> None:
    """History's `Change` is a union of hundreds of change types: each record's changes dispatch on `change`."""
    folder = _require("history")
    models = _models("history")
    checked = [0]
    misses: list[str] = []
    for api, example, name in _examples():
        if api != "history" or name is None or (api, example) in CONTRADICTIONS:
            continue
        obj, _ = _decode(api, name, json.loads((folder / example).read_text()))
        _concrete_misses(obj, example, misses, checked)
    assert not misses
    assert checked[0] > 0
    change = models.Change.from_dict(
        {"change": "setKey", "previousValue": "a", "nextValue": "b", "type": "SetKeyChange"}
    )
    assert type(change).__name__ == "SetKeyChange"
    unknown = models.Change.from_dict({"change": "someFutureChange", "type": "SomeFutureChange"})
    assert isinstance(unknown, models.Change) and unknown.to_dict()["change"] == "someFutureChange"
