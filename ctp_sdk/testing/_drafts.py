"""Draft -> resource, derived from the spec's model pairs rather than written per resource.

A draft field becomes the resource field of the same name, converted by the pair of types the two
models declare for it (read from the generated models):

- `<X>ResourceIdentifier` -> `<X>Reference` / `<X>KeyReference` (the target must exist: else 400
  `ReferencedResourceNotFound`);
- `CustomFieldsDraft` -> `CustomFields`; `Money` / `TypedMoneyDraft` -> `CentPrecisionMoney` /
  `HighPrecisionMoney` (fraction digits from the currency, `centAmount` rounded from
  `preciseAmount`);
- any other object: the draft model against the resource model (`AttributeDefinitionDraft` ->
  `AttributeDefinition`, `ShippingRateDraft` -> `ShippingRate`), recursively, the concrete subtype of a
  polymorphic pair picked by its discriminator (`CartDiscountValueRelativeDraft` ->
  `CartDiscountValueRelative`); lists item by item.

Then the resource model's required fields the draft left out are filled: documented defaults from
`_defaults`, a fresh `id`, `[]` for lists, `{}` for localized strings. Whatever is still missing is the
caller's to derive (create hooks), and `check_decodable` refuses to store what the SDK could not read.
"""

from __future__ import annotations

import copy
import functools
import importlib
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from . import _spec
from ._defaults import defaults_for
from ._errors import ApiFailure, invalid_json

_MONEY_DIGITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3}
_MONEY = ("Money", "CentPrecisionMoney", "TypedMoney", "HighPrecisionMoney")
SYSTEM_FIELDS = ("id", "version", "createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy")


def fraction_digits(currency: str) -> int:
    return _MONEY_DIGITS.get(currency, 2)


def money(value: Any) -> dict[str, Any]:
    """A `Money` / `TypedMoneyDraft` as the `TypedMoney` commercetools stores."""
    if not isinstance(value, dict) or not isinstance(value.get("currencyCode"), str):
        raise invalid_json("Money needs currencyCode and centAmount.")
    currency = value["currencyCode"]
    if value.get("type") == "highPrecision":
        precise = value.get("preciseAmount")
        digits = value.get("fractionDigits")
        if not isinstance(precise, int) or not isinstance(digits, int) or digits <= fraction_digits(currency):
            raise invalid_json("HighPrecisionMoney needs preciseAmount and fractionDigits above the currency's.")
        shift = Decimal(10) ** (digits - fraction_digits(currency))
        cents = int((Decimal(precise) / shift).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        return {
            "type": "highPrecision",
            "currencyCode": currency,
            "centAmount": cents,
            "preciseAmount": precise,
            "fractionDigits": digits,
        }
    amount = value.get("centAmount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise invalid_json("Money.centAmount must be an integer.")
    digits = value.get("fractionDigits", fraction_digits(currency))
    return {"type": "centPrecision", "currencyCode": currency, "centAmount": amount, "fractionDigits": digits}


@functools.cache
def discriminator(model: str) -> str | None:
    """The discriminator property of a polymorphic base (`type`, `unitType`, ...), else None."""
    cls = _spec.model_class(model)
    if not isinstance(cls, type):
        return None
    table = getattr(importlib.import_module(cls.__module__), "_subtypes", None)
    prop = getattr(table, "property", None)
    return prop if isinstance(prop, str) else None


def concrete(model: str, value: Any) -> str:
    """The concrete subtype of `model` that `value` names by its discriminator (else `model`)."""
    prop = discriminator(model)
    if prop is None or not isinstance(value, dict) or prop not in value:
        return model
    return _spec.subtypes(model).get(str(value.get(prop)), model)


@functools.cache
def is_model(name: str) -> bool:
    """Is `name` a generated object model (attrs class or polymorphic base), not an alias?"""
    cls = _spec.model_class(name)
    return isinstance(cls, type) and (bool(_spec.model_fields(name)) or discriminator(name) is not None)


def _object_names(info: _spec.FieldInfo) -> list[str]:
    return [n for n in info.class_names if n not in ("str", "int", "float", "bool", "Any", "datetime", "date")]


def _draft_pair(resource_type: str, draft_info: _spec.FieldInfo | None) -> str | None:
    """The draft-side model paired with `resource_type` (declared by the draft field, else `<X>Draft`)."""
    if draft_info is not None:
        for name in _object_names(draft_info):
            if is_model(name):
                return name
    guess = f"{resource_type}Draft"
    return guess if _spec.model_class(guess) is not None else None


class Converter:
    """Converts draft values for one request (`resolve` / `custom_fields` come from the caller, who
    knows the store the references point into)."""

    def __init__(self, ctx: Any, resolve: Any, custom_fields: Any) -> None:
        self.ctx = ctx
        self.resolve = resolve
        self.custom_fields = custom_fields

    def value(self, value: Any, info: _spec.FieldInfo, draft_info: _spec.FieldInfo | None = None) -> Any:
        """One draft value as the resource field `info` holds it."""
        if value is None:
            return None
        if info.is_list and isinstance(value, list):
            item = _spec.FieldInfo(info.json, True, info.annotation[5:].split("]")[0])
            draft_item = None
            if draft_info is not None and draft_info.is_list:
                draft_item = _spec.FieldInfo(draft_info.json, True, draft_info.annotation[5:].split("]")[0])
            return [self.value(v, item, draft_item) for v in value]
        for name in _object_names(info):
            if name.endswith("Reference") and name not in ("Reference", "KeyReference"):
                type_id = _spec.type_id_for_class(name)
                if type_id is not None and isinstance(value, dict) and "obj" not in value:
                    return self.resolve(self.ctx, type_id, value, key_reference=name.endswith("KeyReference"))
            if name == "CustomFields":
                return self.custom_fields(self.ctx, value)
            if name in _MONEY and isinstance(value, dict):
                return money(value)
            if isinstance(value, dict) and is_model(name):
                return self.object(value, name, _draft_pair(name, draft_info))
        return copy.deepcopy(value)

    def object(self, draft: dict[str, Any], model: str, draft_model: str | None) -> dict[str, Any]:
        """A draft object as resource model `model` (concrete subtype picked), defaults filled."""
        model = concrete(model, draft)
        if draft_model is not None:
            draft_model = concrete(draft_model, draft)
        fields = _spec.model_fields(model)
        draft_fields = _spec.model_fields(draft_model) if draft_model else {}
        if not fields:
            return copy.deepcopy(draft)
        out: dict[str, Any] = {}
        for key, value in draft.items():
            info = fields.get(key)
            if info is not None and value is not None:
                out[key] = self.value(value, info, draft_fields.get(key))
        self.fill(out, model)
        return out

    def fill(self, out: dict[str, Any], model: str, *, skip: tuple[str, ...] = ()) -> None:
        """Required fields of `model` missing from `out`: documented default, new id, [] or {}."""
        for key, default in defaults_for(model).items():
            if key not in out and key not in skip:
                out[key] = copy.deepcopy(default.value)
        for key, info in _spec.model_fields(model).items():
            if not info.required or key in out or key in skip:
                continue
            if key == "id" and info.annotation == "str":
                out["id"] = self.ctx.new_id()
            elif info.is_list:
                out[key] = []
            elif info.annotation in ("LocalizedString", "FieldContainer", "SearchKeywords"):
                out[key] = {}


def check_decodable(model: str, resource: dict[str, Any], what: str) -> None:
    """501 naming the field when the SDK could not decode `resource` as `model`: the fake does not
    store (or send) a resource the real API would never return."""
    cls = _spec.model_class(model)
    if cls is None:
        return
    try:
        cls.from_dict(resource)
    except Exception as exc:  # any decode failure: DecodeError, or KeyError/TypeError on odd shapes
        raise ApiFailure(
            501,
            "NotImplemented",
            f"{what} is not supported by ctp_sdk.testing (the {model} would not be complete: {exc})",
        ) from None
