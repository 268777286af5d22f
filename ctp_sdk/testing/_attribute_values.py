"""Attribute values checked against their product type's AttributeType and stored as commercetools
returns them (https://docs.commercetools.com/api/projects/productTypes#attributetype): a `money` value comes
back as a `TypedMoney` (`type`, `fractionDigits` filled in), a `reference` as a Reference, and a value of
the wrong JSON type (a single value for a `set`, a number for a `text`) is refused with 400 `InvalidField`,
as the official Java SDK's ProductTypeCreationDemoIntegrationTest expects (`invalidTypeCausesException`,
`updateWithWrongType`, `productCreation` reading `CentPrecisionMoney` with `fractionDigits` 2).

Enum values and sets are handled by `_catalog.attribute_value`, which calls `scalar_value` for the rest.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from ._drafts import money
from ._errors import ApiFailure

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?")


def invalid_value(value: Any) -> ApiFailure:
    return ApiFailure(
        400,
        "InvalidField",
        f"The value '{value}' is not valid for field 'attributes'.",
        field="attributes",
        invalidValue=value,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_ltext(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "boolean": lambda v: isinstance(v, bool),
    "text": lambda v: isinstance(v, str),
    "ltext": _is_ltext,
    "number": _is_number,
    "date": lambda v: isinstance(v, str) and _DATE.fullmatch(v) is not None,
    "time": lambda v: isinstance(v, str) and _TIME.fullmatch(v) is not None,
    "datetime": lambda v: isinstance(v, str) and _DATE.match(v) is not None,
    "set": lambda v: isinstance(v, list),
}


def check_shape(kind: dict[str, Any], value: Any) -> None:
    """400 InvalidField when `value` is not of `kind`'s JSON type (types not listed pass through)."""
    check = _CHECKS.get(kind.get("name", ""))
    if check is not None and not check(value):
        raise invalid_value(value)


def scalar_value(kind: dict[str, Any], value: Any) -> Any:
    """A non-enum, non-set attribute value as stored: checked, money typed, references trimmed."""
    name = kind.get("name")
    check_shape(kind, value)
    if name == "money":
        try:
            return money(value)
        except ApiFailure:
            raise invalid_value(value) from None
    if name == "reference":
        type_id = kind.get("referenceTypeId")
        if not isinstance(value, dict) or value.get("typeId") != type_id or not isinstance(value.get("id"), str):
            raise invalid_value(value)
        return {"typeId": type_id, "id": value["id"]}
    return copy.deepcopy(value)
