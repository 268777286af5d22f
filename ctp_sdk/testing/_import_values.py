"""Import API values as the platform API's drafts take them.

The Import API types what the platform leaves bare: custom fields are `{"type": "String", "value": ...}`
and attributes `{"type": "text", "name": ..., "value": ...}`, and every reference is a KeyReference
(`{"typeId", "key"}`). Platform drafts take key references where they name a resource (ResourceIdentifier),
but a reference *inside a value* (a Reference custom field, a reference attribute) is stored as the
platform stores it, `{"typeId", "id"}`: those are resolved here, and a key that does not exist yet
raises `Unresolved` naming it, as the Import API reports it on the operation.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._backend import Backend


class Unresolved(Exception):
    """The resource references keys that do not exist yet (`refs`: `[{"typeId", "key"}]`)."""

    def __init__(self, refs: list[dict[str, str]]) -> None:
        super().__init__(refs)
        self.refs = refs


def check_refs(backend: Backend, refs: list[tuple[str, Any]]) -> None:
    """Raise Unresolved naming every key reference (of those given) whose resource does not exist yet."""
    missing = []
    for type_id, ref in refs:
        if isinstance(ref, dict) and "key" in ref and backend.store.find(type_id, "key", ref["key"]) is None:
            missing.append({"typeId": type_id, "key": str(ref["key"])})
    if missing:
        raise Unresolved(missing)


def reference(backend: Backend, ref: Any) -> Any:
    """A KeyReference inside a value as the platform's Reference (`{"typeId", "id"}`)."""
    if not isinstance(ref, dict) or "key" not in ref or "typeId" not in ref:
        return ref
    found = backend.store.find(str(ref["typeId"]), "key", ref["key"])
    if found is None:
        raise Unresolved([{"typeId": str(ref["typeId"]), "key": str(ref["key"])}])
    return {"typeId": ref["typeId"], "id": found["id"]}


def custom(backend: Backend, value: Any) -> Any:
    """Import `Custom` (`{type: TypeKeyReference, fields: {name: CustomField}}`) as a CustomFieldsDraft."""
    if not isinstance(value, dict):
        return value
    fields = {}
    for name, typed in (value.get("fields") or {}).items():
        if not isinstance(typed, dict) or "type" not in typed:
            fields[name] = typed
        elif typed["type"] == "Reference":
            fields[name] = reference(backend, typed.get("value"))
        elif typed["type"] == "ReferenceSet":
            fields[name] = [reference(backend, r) for r in typed.get("value") or []]
        else:
            fields[name] = copy.deepcopy(typed.get("value"))
    return {"type": copy.deepcopy(value.get("type")), "fields": fields}


def attribute(backend: Backend, value: Any) -> Any:
    """An import Attribute (`{type, name, value}`) as the platform's (`{name, value}`)."""
    if not isinstance(value, dict):
        return value
    kind, raw = value.get("type"), value.get("value")
    if kind == "reference":
        raw = reference(backend, raw)
    elif kind == "reference-set":
        raw = [reference(backend, r) for r in raw or []]
    else:
        raw = copy.deepcopy(raw)
    return {"name": value.get("name"), "value": raw}


def draft(backend: Backend, resource: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """An import resource as the platform draft: every `custom` (at any depth: addresses', assets',
    prices' too) converted, every `attributes` list untyped, `drop` left out."""
    out = {k: copy.deepcopy(v) for k, v in resource.items() if k not in drop}
    converted = _walk(backend, out)
    assert isinstance(converted, dict)
    return converted


def _walk(backend: Backend, value: Any) -> Any:
    if isinstance(value, list):
        return [_walk(backend, v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "custom":
            out[key] = custom(backend, item)
        elif key == "attributes" and isinstance(item, list) and all(_is_attribute(a) for a in item):
            out[key] = [attribute(backend, a) for a in item]
        else:
            out[key] = _walk(backend, item)
    return out


def _is_attribute(value: Any) -> bool:
    # An Attribute carries name, type and value; an AttributeDefinition (product types) has no value.
    return isinstance(value, dict) and {"name", "type", "value"} <= value.keys()


def price(backend: Backend, value: dict[str, Any]) -> dict[str, Any]:
    """An import price (embedded, in an order's line item, in its variant) as the platform's Price:
    an id, its references resolved (custom type, customer group, channel, discount)."""
    import uuid

    out = copy.deepcopy(value)
    out.setdefault("id", str(uuid.uuid4()))
    for name in ("customerGroup", "channel"):
        if out.get(name) is not None:
            out[name] = reference(backend, out[name])
    if isinstance(out.get("custom"), dict):
        out["custom"] = {**out["custom"], "type": reference(backend, out["custom"].get("type"))}
    if isinstance(out.get("discounted"), dict):
        out["discounted"]["discount"] = reference(backend, out["discounted"].get("discount"))
    return out
