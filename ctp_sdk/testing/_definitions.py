"""Field definitions of Types and attribute definitions of Product Types: labels, hints, order,
enum values; renames and enum changes of an attribute reach the products of that type, as the API
applies them (https://docs.commercetools.com/api/projects/productTypes#update-actions)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import _spec
from ._actions import on_action
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, invalid_operation
from ._resources import Resource, touch

Action = dict[str, Any]


def _definition(resource: Resource, action: Action) -> dict[str, Any]:
    field, key = (
        ("fieldDefinitions", "fieldName") if "fieldDefinitions" in resource else ("attributes", "attributeName")
    )
    for definition in resource.get(field, []):
        if definition["name"] == action.get(key):
            found: dict[str, Any] = definition
            return found
    raise invalid_operation(f"There is no definition named '{action.get(key)}'.")


def _enum(definition: dict[str, Any]) -> dict[str, Any]:
    kind: dict[str, Any] = definition["type"]
    if kind.get("name") in ("set", "Set"):
        kind = kind["elementType"]
    if kind.get("name") not in ("enum", "lenum", "Enum", "LocalizedEnum"):
        raise invalid_operation(f"'{definition['name']}' is not an enum.")
    return kind


def _reorder(items: list[Any], keys: list[str], what: str) -> list[Any]:
    by_key = {item["key"] if isinstance(item, dict) and "key" in item else item["name"]: item for item in items}
    if sorted(keys) != sorted(by_key):
        raise invalid_operation(f"The new order must name every {what} exactly once.")
    return [by_key[k] for k in keys]


def _products_of(ctx: Ctx, product_type: Resource, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply `change` to every attribute `name` of the products of `product_type` (staged and current)."""
    for product in ctx.store.all("product"):
        if product["productType"]["id"] != product_type["id"]:
            continue
        updated = copy.deepcopy(product)
        for data in (updated["masterData"]["staged"], updated["masterData"]["current"]):
            for holder in [data, data["masterVariant"], *data.get("variants", [])]:
                for attribute in holder.get("attributes", []):
                    if attribute["name"] == name:
                        change(attribute)
                if "attributes" in holder:
                    holder["attributes"] = [a for a in holder["attributes"] if a.get("value") not in (None, [])]
        if updated != product:
            touch(ctx, updated)
            ctx.store.put("product", updated)


def _map_enum_values(value: Any, fn: Callable[[dict[str, Any]], dict[str, Any] | None]) -> Any:
    if isinstance(value, list):
        return [v for v in (_map_enum_values(item, fn) for item in value) if v is not None]
    return fn(value) if isinstance(value, dict) and "key" in value else value


@on_action("type", "addEnumValue", "addLocalizedEnumValue")
@on_action("product-type", "addPlainEnumValue", "addLocalizedEnumValue")
def _add_value(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    kind = _enum(_definition(resource, action))
    value = action.get("value")
    if not isinstance(value, dict) or "key" not in value or "label" not in value:
        raise invalid_json("value: needs key and label")
    if any(v["key"] == value["key"] for v in kind.get("values", [])):
        raise ApiFailure(400, "DuplicateEnumValues", f"The enum value '{value['key']}' already exists.")
    kind.setdefault("values", []).append(copy.deepcopy(value))


@on_action("type", "changeEnumValueLabel", "changeLocalizedEnumValueLabel")
@on_action("product-type", "changePlainEnumValueLabel", "changeLocalizedEnumValueLabel")
def _value_label(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    definition = _definition(resource, action)
    kind = _enum(definition)
    new = action.get("value") or action.get("newValue")
    if not isinstance(new, dict) or "key" not in new:
        raise invalid_json("value: needs key and label")
    for value in kind.get("values", []):
        if value["key"] == new["key"]:
            value["label"] = copy.deepcopy(new["label"])
            break
    else:
        raise invalid_operation(f"There is no enum value '{new['key']}'.")
    if family.type_id == "product-type":
        relabel = lambda v: {**v, "label": copy.deepcopy(new["label"])} if v["key"] == new["key"] else v  # noqa: E731
        _products_of(ctx, resource, definition["name"], lambda a: a.update(value=_map_enum_values(a["value"], relabel)))


@on_action("type", "changeEnumValueOrder", "changeLocalizedEnumValueOrder")
@on_action("product-type", "changePlainEnumValueOrder", "changeLocalizedEnumValueOrder")
def _value_order(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    kind = _enum(_definition(resource, action))
    keys = action.get("keys") if "keys" in action else [v.get("key") for v in action.get("values") or []]
    kind["values"] = _reorder(kind.get("values", []), list(keys or []), "enum value")


@on_action("product-type", "changeEnumKey")
def _enum_key(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    definition = _definition(resource, action)
    kind = _enum(definition)
    old, new = action.get("key"), action.get("newKey")
    if any(v["key"] == new for v in kind.get("values", [])):
        raise ApiFailure(400, "DuplicateEnumValues", f"The enum value '{new}' already exists.")
    for value in kind.get("values", []):
        if value["key"] == old:
            value["key"] = new
            break
    else:
        raise invalid_operation(f"There is no enum value '{old}'.")
    rekey = lambda v: {**v, "key": new} if v["key"] == old else v  # noqa: E731
    _products_of(ctx, resource, definition["name"], lambda a: a.update(value=_map_enum_values(a["value"], rekey)))


@on_action("product-type", "removeEnumValues")
def _remove_values(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    definition = _definition(resource, action)
    kind = _enum(definition)
    keys = set(action.get("keys") or [])
    kind["values"] = [v for v in kind.get("values", []) if v["key"] not in keys]
    drop = lambda v: None if v["key"] in keys else v  # noqa: E731
    _products_of(ctx, resource, definition["name"], lambda a: a.update(value=_map_enum_values(a["value"], drop)))


_SETTERS = {
    ("type", "changeFieldDefinitionLabel"): ("label", "label"),
    ("type", "changeLabel"): ("label", "label"),
    ("type", "changeInputHint"): ("inputHint", "inputHint"),
    ("product-type", "changeLabel"): ("label", "label"),
    ("product-type", "changeInputHint"): ("inputHint", "newValue"),
    ("product-type", "changeAttributeConstraint"): ("attributeConstraint", "newValue"),
    ("product-type", "changeIsSearchable"): ("isSearchable", "isSearchable"),
    ("product-type", "setInputTip"): ("inputTip", "inputTip"),
}


@on_action("type", "changeFieldDefinitionLabel", "changeLabel", "changeInputHint")
@on_action("product-type", "changeLabel", "changeInputHint", "changeAttributeConstraint", "changeIsSearchable")
@on_action("product-type", "setInputTip")
def _set(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    field, key = _SETTERS[(family.type_id, action["action"])]
    definition = _definition(resource, action)
    value = action.get(key)
    if value is None:
        if field != "inputTip":
            raise invalid_json(f"{key}: Missing required value")
        definition.pop(field, None)
    else:
        definition[field] = copy.deepcopy(value)


@on_action("product-type", "changeAttributeName")
def _rename(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    definition = _definition(resource, action)
    new = action.get("newAttributeName")
    if not isinstance(new, str) or any(d["name"] == new for d in resource.get("attributes", [])):
        raise invalid_operation(f"The attribute name '{new}' is missing or already used.")
    old = definition["name"]
    definition["name"] = new
    _products_of(ctx, resource, old, lambda a: a.update(name=new))


@on_action("type", "changeFieldDefinitionOrder")
@on_action("product-type", "changeAttributeOrderByName", "changeAttributeOrder")
def _order(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    field = "fieldDefinitions" if family.type_id == "type" else "attributes"
    names = action.get("fieldNames") or action.get("attributeNames")
    if names is None:
        names = [a.get("name") for a in action.get("attributes") or []]
    resource[field] = _reorder(resource.get(field, []), list(names), "definition")
