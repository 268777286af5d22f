"""Enum members and field names follow codegen/names.py in every generated API, and what the names locks
publish is what the generated packages hold (so a rename shows up in the lock diff and blocks generation
until accepted)."""

from __future__ import annotations

import importlib
import json
import keyword
import re
import warnings
from typing import Any, get_args

import attrs
import pytest

from codegen import names, surface
from codegen.apis import Api, load_apis
from ctp_sdk._codec import CtpEnum

APIS = load_apis()


@pytest.mark.parametrize(
    ("value", "member"),
    [
        ("MergeWithExistingCustomerCart", "MERGE_WITH_EXISTING_CUSTOMER_CART"),
        ("LineItemLevel", "LINE_ITEM_LEVEL"),
        ("product-type", "PRODUCT_TYPE"),
        ("read_orders", "READ_ORDERS"),
        ("SetType.DateTimeType", "SET_TYPE_DATE_TIME_TYPE"),
        ("australia-southeast1.gcp", "AUSTRALIA_SOUTHEAST1_GCP"),
        ("HTTPServer", "HTTP_SERVER"),
        ("ISOCode", "ISO_CODE"),
        ("Http2Server", "HTTP2_SERVER"),
        ("IAM", "IAM"),
        ("CZK0", "CZK0"),
        ("None", "NONE"),
        ("2ndDay", "VALUE_2ND_DAY"),
        ("-", "VALUE"),
    ],
)
def test_member_names_are_the_words_of_the_value(value: str, member: str) -> None:
    assert names.enum_member_name(value) == member


def test_values_with_the_same_words_get_numbered_names() -> None:
    assert names.enum_member_names(["product-type", "productType", "ProductType"]) == [
        "PRODUCT_TYPE",
        "PRODUCT_TYPE_2",
        "PRODUCT_TYPE_3",
    ]


def _lock(api: Api) -> surface.Surface:
    locked = surface.load(api.lock_file)
    assert locked is not None, f"{api.lock_name} is missing"
    return locked


def _enums(api: Api) -> dict[str, dict[str, str]]:
    """Enum class -> wire value -> member name, as the API's names lock publishes them."""
    out: dict[str, dict[str, str]] = {}
    for key, member in _lock(api).entries["enum"].items():
        cls, value = key.split(" ", 1)
        out.setdefault(cls, {})[json.loads(value)] = member
    return out


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_every_enum_member_follows_the_rule(api: Api) -> None:
    enums = _enums(api)
    assert enums, f"{api.lock_name} lists no enum"
    for cls, members in enums.items():
        assert len(set(members.values())) == len(members), f"{cls}: member names are not unique"
        for value, member in members.items():
            assert member.isidentifier() and not keyword.iskeyword(member) and not member.startswith("_"), member
            base = names.enum_member_name(value)
            assert re.fullmatch(re.escape(base) + r"(_[0-9]+)?", member), f"{cls} {value!r}: {member}, not {base}"


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_generated_enums_hold_exactly_the_locked_names_and_their_literals(api: Api) -> None:
    models = importlib.import_module(f"ctp_sdk.{api.package}.models")
    for cls_name, members in _enums(api).items():
        cls = getattr(models, cls_name)
        assert issubclass(cls, CtpEnum)
        assert {m.name: m.value for m in cls} == {name: value for value, name in members.items()}, cls_name
        literal = getattr(importlib.import_module(cls.__module__), f"{cls_name}Literal")
        assert set(get_args(literal)) == set(members), f"{cls_name}Literal"


def _field_names(api: Api) -> list[tuple[str, str]]:
    """(JSON name, Python name) of every field the API's lock publishes."""
    return [(key.split(".", 1)[1], value.split(" ", 1)[0]) for key, value in _lock(api).entries["field"].items()]


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_only_keywords_get_a_trailing_underscore(api: Api) -> None:
    suffixed = set()
    for json_name, py in _field_names(api):
        if py.endswith("_"):
            suffixed.add(py[:-1])
            assert keyword.iskeyword(py[:-1]) or py[:-1] in names.RESERVED, f"{json_name} -> {py}"
        else:
            assert not keyword.iskeyword(py), py
    assert not suffixed & {"type", "filter", "id", "format", "max", "min", "range", "sum"}
    if api.is_platform:  # the spec's `from`, `and`, `or`, `not` keep their underscore; `type` and `filter` lose it
        assert {"from", "and", "or", "not"} <= suffixed
        assert {"type", "filter"} <= {py for _, py in _field_names(api)}


def test_a_field_named_after_a_builtin_keeps_its_name() -> None:
    from ctp_sdk.models import FacetRange, SearchFilterExpression, Subscription

    assert {a.name for a in attrs.fields(SearchFilterExpression)} == {"filter", "additional_properties"}
    assert {"min", "max"} <= {a.name for a in attrs.fields(FacetRange)}
    assert "id" in {a.name for a in attrs.fields(Subscription)}
    assert SearchFilterExpression(filter=[]).to_dict() == {"filter": []}


# --- enum fields accept wire strings --------------------------------------------------------------


def test_enum_fields_take_wire_strings_and_store_members() -> None:
    from ctp_sdk.models import (
        CartDraft,
        ChannelDraft,
        ChannelRoleEnum,
        InventoryMode,
        TaxCalculationMode,
    )

    draft = CartDraft(currency="EUR", inventory_mode="ReserveOnOrder", tax_calculation_mode="LineItemLevel")
    assert draft.inventory_mode is InventoryMode.RESERVE_ON_ORDER
    assert draft.tax_calculation_mode is TaxCalculationMode.LINE_ITEM_LEVEL
    assert CartDraft(currency="EUR", inventory_mode=InventoryMode.TRACK_ONLY).inventory_mode is InventoryMode.TRACK_ONLY
    assert CartDraft(currency="EUR").inventory_mode is None
    assert draft.to_dict() == {
        "currency": "EUR",
        "inventoryMode": "ReserveOnOrder",
        "taxCalculationMode": "LineItemLevel",
    }
    roles = ChannelDraft(key="c", roles=["InventorySupply", ChannelRoleEnum.PRIMARY]).roles
    assert roles == [ChannelRoleEnum.INVENTORY_SUPPLY, ChannelRoleEnum.PRIMARY]
    assert all(type(r) is ChannelRoleEnum for r in roles or [])


def test_a_value_this_sdk_does_not_know_is_kept_as_when_decoding() -> None:
    from ctp_sdk.models import Cart, CartDraft, InventoryMode

    made = CartDraft(currency="EUR", inventory_mode="ReserveLater")  # type: ignore[arg-type]
    assert isinstance(made.inventory_mode, InventoryMode) and not made.inventory_mode.is_known
    assert made.to_dict()["inventoryMode"] == "ReserveLater"
    decoded = Cart.from_dict(_cart(inventoryMode="ReserveLater"))
    assert decoded.inventory_mode is made.inventory_mode


def test_decoding_still_fills_slots_without_hooks() -> None:
    """The converters run in __init__ only: no model gets a Python-level __setattr__ (it would sit on every
    slot `_decode` fills)."""
    from ctp_sdk.models import Cart, CartDraft, ChannelDraft

    for cls in (Cart, CartDraft, ChannelDraft):
        assert cls.__setattr__ is object.__setattr__, cls
    assert Cart.from_dict(_cart()).inventory_mode == "ReserveOnOrder"


def _cart(**extra: Any) -> dict[str, Any]:
    return {
        "id": "c-1",
        "version": 1,
        "createdAt": "2026-01-01T00:00:00.000Z",
        "lastModifiedAt": "2026-01-01T00:00:00.000Z",
        "lineItems": [],
        "customLineItems": [],
        "totalPrice": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 0, "fractionDigits": 2},
        "taxMode": "Platform",
        "taxRoundingMode": "HalfEven",
        "priceRoundingMode": "HalfEven",
        "taxCalculationMode": "LineItemLevel",
        "inventoryMode": "ReserveOnOrder",
        "cartState": "Active",
        "shippingMode": "Single",
        "shipping": [],
        "itemShippingAddresses": [],
        "discountCodes": [],
        "directDiscounts": [],
        "refusedGifts": [],
        "origin": "Customer",
        **extra,
    }


def test_old_member_names_still_resolve_with_a_deprecation_warning() -> None:
    from ctp_sdk.models import AnonymousCartSignInMode, ReferenceTypeId, TaxCalculationMode

    with pytest.warns(DeprecationWarning, match=r"MERGE_WITH_EXISTING_CUSTOMER_CART"):
        old = AnonymousCartSignInMode.MERGEWITHEXISTINGCUSTOMERCART  # type: ignore[attr-defined]
    assert old is AnonymousCartSignInMode.MERGE_WITH_EXISTING_CUSTOMER_CART
    with pytest.warns(DeprecationWarning):
        assert TaxCalculationMode.LINEITEMLEVEL is TaxCalculationMode.LINE_ITEM_LEVEL  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ReferenceTypeId.PRODUCT_TYPE.value == "product-type"  # unchanged names do not warn
        with pytest.raises(AttributeError):
            _ = TaxCalculationMode.NOT_A_MEMBER  # type: ignore[attr-defined]
