"""Every reference example decodes into its model and round-trips exactly.

Exactly means: `json.loads(json.dumps(model.from_dict(x).to_dict())) == x` (dict key order is
irrelevant to ==). Examples that contradict the spec are listed below with the reason and must keep
failing (strict xfail), so a spec or example fix shows up here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from shared_data import reference_dir, require_examples

import ctp_sdk.models as models
from ctp_sdk import DecodeError

MISSING_TYPE_ID = "the example omits `typeId`, which the spec requires on every Reference/ResourceIdentifier"
OBJECT_FOR_ARRAY = "the example has one object where the spec declares an array"

# example path -> why it does not round-trip
CONTRADICTIONS: dict[str, str] = {
    "ApprovalRule/ApprovalRuleSetApproversAction.json": MISSING_TYPE_ID,
    "CartDiscount/CartDiscountAddStoreAction.json": MISSING_TYPE_ID,
    "CartDiscount/CartDiscountSetDiscountGroupAction.json": MISSING_TYPE_ID,
    "CartDiscount/CartDiscountSetStoresAction.json": MISSING_TYPE_ID,
    "my-business-unit-associate-draft.example.json": MISSING_TYPE_ID,
    "CartDiscount/CartDiscountValueAbsolute.json": OBJECT_FOR_ARRAY + " (`money`)",
    "CartDiscount/CartDiscountValueAbsoluteDraft.json": OBJECT_FOR_ARRAY + " (`money`)",
    "CartDiscount/CartDiscountValueFixed.json": OBJECT_FOR_ARRAY + " (`money`)",
    "CartDiscount/CartDiscountValueFixedDraft.json": OBJECT_FOR_ARRAY + " (`money`)",
    "Order/OrderAddParcelToDeliveryAction.json": OBJECT_FOR_ARRAY + " (`items`)",
    "OrderEdit/StagedOrderAddDeliveryAction.json": OBJECT_FOR_ARRAY + " (`parcels[].items`)",
    "OrderEdit/StagedOrderAddParcelToDeliveryAction.json": OBJECT_FOR_ARRAY + " (`items`)",
    "OrderEdit/StagedOrderAddReturnInfoAction.json": OBJECT_FOR_ARRAY + " (`items`)",
    "OrderEdit/StagedOrderImportLineItemStateAction.json": OBJECT_FOR_ARRAY + " (`state`)",
    "Common/HighPrecisionMoneyDraft.json": "the example omits `centAmount`, which the spec requires",
    "Type/TypeChangeFieldDefinitionLabelAction.json": "the example file is empty (not JSON)",
    "BusinessUnitSearch/BusinessUnitSearchIndexingStatusResponse.json": (
        "the example writes `07.89Z`; the SDK emits the API's canonical millisecond form `07.890Z` (same instant)"
    ),
    "CustomerSearch/CustomerSearchIndexingStatusResponse.json": (
        "the example writes `07.89Z`; the SDK emits the API's canonical millisecond form `07.890Z` (same instant)"
    ),
    "ProductSearch/product-search-response.example.json": (
        "the example sends `sku: null`; the SDK reads null as absent and omits absent fields, as the API does"
    ),
    # Outside ../shared's subset: only in the full layout `nox -s fetch-spec` writes.
    "CartDiscount/CartDiscountRemoveStoreAction.json": MISSING_TYPE_ID,
    "product-tailoring-create.example.json": MISSING_TYPE_ID + " (`store`)",
    "Payment/PaymentSetAmountPaidAction.json": "the example file is not JSON (a trailing comma in `amount`)",
}


def _examples() -> list[tuple[str, str | None]]:
    path = reference_dir() / "examples-map.json"
    if not path.is_file():
        return [("<examples missing>", None)]
    return sorted(json.loads(path.read_text()).items())


def _concrete_misses(value: Any, path: str, misses: list[str], checked: list[int]) -> None:
    """Find values decoded as a discriminated base although their discriminator names a subclass."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            _concrete_misses(item, f"{path}[{i}]", misses, checked)
    elif isinstance(value, dict):
        for key, item in value.items():
            _concrete_misses(item, f"{path}.{key}", misses, checked)
    elif attrs.has(type(value)):
        for klass in type(value).__mro__:
            module = sys.modules[klass.__module__]
            subtypes = getattr(module, "_subtypes", None)
            if subtypes is None or getattr(module, klass.__name__, None) is not klass:
                continue  # not a discriminated base
            checked[0] += 1
            expected = subtypes.get(value.to_dict())
            if expected is not None and not isinstance(value, expected):
                misses.append(f"{path}: {type(value).__name__} instead of {expected.__name__}")
        for field in attrs.fields(type(value)):
            _concrete_misses(getattr(value, field.name), f"{path}.{field.name}", misses, checked)


def _decode(name: str, data: Any) -> Any:
    target = getattr(models, name)
    if isinstance(target, type):
        return target.from_dict(data), lambda value: value.to_dict()
    # map and plain aliases: maps decode through their module's from_dict/to_dict
    module = sys.modules[f"ctp_sdk._generated.models.{_module_of(name)}"]
    if hasattr(module, "from_dict"):
        return module.from_dict(data), module.to_dict
    return data, lambda value: value


def _module_of(name: str) -> str:
    from ctp_sdk._generated.models import _MODULES

    return _MODULES[name]


@pytest.mark.parametrize(("example", "model"), _examples())
def test_example_round_trips(example: str, model: str | None) -> None:
    ref = require_examples()
    if model is None:
        pytest.skip("examples-map.json names no model for this example")
    if example in CONTRADICTIONS:
        pytest.xfail(CONTRADICTIONS[example])
    data = json.loads((ref / "examples" / example).read_text())
    obj, encode = _decode(model, data)
    assert json.loads(json.dumps(encode(obj))) == data
    misses: list[str] = []
    _concrete_misses(obj, model, misses, [0])
    assert not misses


@pytest.mark.parametrize("example", sorted(CONTRADICTIONS))
def test_contradicting_examples_still_contradict(example: str) -> None:
    """If an upstream fix makes one of these round-trip, drop it from CONTRADICTIONS."""
    ref = require_examples()
    names = dict(_examples())
    if example not in names:
        pytest.skip("not in this layout's examples (../shared has a subset; `nox -s fetch-spec` writes them all)")
    text = (ref / "examples" / example).read_text()
    name = names[example]
    assert name is not None
    try:
        data = json.loads(text)
        obj, encode = _decode(name, data)
    except (ValueError, DecodeError):
        return
    assert json.loads(json.dumps(encode(obj))) != data


def test_polymorphic_values_become_concrete_classes() -> None:
    """Over all examples, many values are typed as a discriminated base; every one must have been
    decoded to the concrete class its discriminator names."""
    ref = require_examples()
    checked = [0]
    misses: list[str] = []
    for example, name in _examples():
        if name is None or example in CONTRADICTIONS:
            continue
        obj, _ = _decode(name, json.loads((ref / "examples" / example).read_text()))
        _concrete_misses(obj, example, misses, checked)
    assert not misses
    assert checked[0] > 1000  # the examples are full of actions, references, money, messages


def test_specific_polymorphic_decodes() -> None:
    ref = require_examples()
    page = models.CartPagedQueryResponse.from_dict(json.loads((ref / "examples" / "carts.example.json").read_text()))
    assert type(page.results[0]) is models.Cart
    assert type(page.results[0].total_price) is models.CentPrecisionMoney
    order = models.Order.from_dict(json.loads((ref / "examples" / "order.example.json").read_text()))
    assert all(type(li.price.value).__name__.endswith("PrecisionMoney") for li in order.line_items)
    draft = models.ReplicaCartDraft.from_dict({"reference": {"typeId": "order", "id": "o-1"}})
    assert type(draft.reference) is models.OrderReference
    draft = models.ReplicaCartDraft.from_dict({"reference": {"typeId": "cart", "id": "c-1"}})
    assert type(draft.reference) is models.CartReference


_ = Path
