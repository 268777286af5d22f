"""Standard resources, generically: draft -> resource, get by id/key, query, update, delete.

A draft becomes a resource by `_drafts` (the spec's draft/resource model pairs, the documented
defaults of `_defaults`, ids, `createdBy`); per-resource behaviour (carts, products, customers,
orders, categories) plugs in with `on_create(type_id)`. A resource the SDK could not decode is never
created: 501 naming what the fake cannot derive, not a half-made resource.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from . import _query, _spec
from ._context import JSON, Ctx
from ._drafts import SYSTEM_FIELDS, Converter, check_decodable, concrete
from ._errors import ApiFailure, concurrent_modification, invalid_input, invalid_json, not_found, not_implemented
from ._sort_orders import check_sort_order

Resource = dict[str, Any]
CreateHook = Callable[[Ctx, dict[str, Any], Resource], None]
_CREATE_HOOKS: dict[str, CreateHook] = {}


def on_create(type_id: str) -> Callable[[CreateHook], CreateHook]:
    """Register what happens after the generic draft conversion for one resource type."""

    def register(hook: CreateHook) -> CreateHook:
        _CREATE_HOOKS[type_id] = hook
        return hook

    return register


def resolve(ctx: Ctx, type_id: str, ident: Any, *, key_reference: bool = False) -> dict[str, Any]:
    """A ResourceIdentifier (`{id}` or `{key}`, typeId optional) as a reference to an existing resource."""
    if not isinstance(ident, dict) or not ({"id", "key"} & ident.keys()):
        raise invalid_json(f"A reference to a {type_id} needs 'id' or 'key'.")
    if ident.get("typeId") not in (None, type_id):
        raise invalid_json(f"Expected a reference of typeId '{type_id}', got '{ident.get('typeId')}'.")
    target = find_by_identifier(ctx, type_id, ident)
    if target is None:
        raise ApiFailure(
            400,
            "ReferencedResourceNotFound",
            f"The referenced object of type '{type_id}' {ident.get('id') or ident.get('key')!r} was not found.",
            typeId=type_id,
            **{k: ident[k] for k in ("id", "key") if k in ident},
        )
    if key_reference:
        return {"typeId": type_id, "key": target.get("key")}
    return {"typeId": type_id, "id": target["id"]}


def find_by_identifier(ctx: Ctx, type_id: str, ident: dict[str, Any]) -> Resource | None:
    if "id" in ident:
        return ctx.store.get(type_id, str(ident["id"]))
    return ctx.store.find(type_id, "key", ident.get("key"))


def convert(ctx: Ctx, value: Any, info: _spec.FieldInfo) -> Any:
    """One draft value as the resource field `info` holds it (see `_drafts`)."""
    return converter(ctx).value(value, info)


def converter(ctx: Ctx) -> Converter:
    return Converter(ctx, resolve, custom_fields)


def custom_fields(ctx: Ctx, draft: Any) -> dict[str, Any]:
    """A `CustomFieldsDraft` (`{type: {id|key}, fields}`) as `CustomFields`."""
    if not isinstance(draft, dict) or "type" not in draft:
        raise invalid_json("CustomFieldsDraft needs 'type'.")
    return {"type": resolve(ctx, "type", draft["type"]), "fields": copy.deepcopy(draft.get("fields") or {})}


def check_required(draft: dict[str, Any], model: str | None) -> None:
    """400 InvalidJsonInput naming the first required draft field missing (as commercetools does)."""
    if model is None:
        return
    for key, info in _spec.model_fields(model).items():
        if info.required and draft.get(key) is None:
            raise invalid_json(f"{key}: Missing required value")


def build(ctx: Ctx, family: _spec.Family, draft: dict[str, Any], *, draft_model: str | None = None) -> Resource:
    """A new resource of `family` from `draft` (not yet stored); `draft_model` if not the family's."""
    draft_model = draft_model or family.draft
    check_required(draft, draft_model)
    model = concrete(family.model, draft)
    convert_with = converter(ctx)
    body = {k: v for k, v in draft.items() if k not in SYSTEM_FIELDS}
    resource: Resource = {"id": ctx.new_id(), "version": 1, "createdAt": ctx.now, "lastModifiedAt": ctx.now}
    resource.update(convert_with.object(body, model, draft_model))
    by = initiator(ctx)
    resource["createdBy"] = by
    resource["lastModifiedBy"] = copy.deepcopy(by)
    hook = _CREATE_HOOKS.get(family.type_id)
    if hook is not None:
        hook(ctx, draft, resource)
    if "storeKey" in ctx.params:
        _place_in_store(ctx, family, resource, ctx.params["storeKey"])
    convert_with.fill(resource, model)
    if family.has_key and resource.get("key") is not None:
        check_unique(ctx, family.type_id, "key", resource["key"], resource["id"])
    check_sort_order(ctx, family.type_id, resource)  # discounts: unique sortOrder (_sort_orders.py)
    check_decodable(family.model, resource, f"Creating a {family.model}")
    return resource


def initiator(ctx: Ctx) -> dict[str, Any]:
    """`createdBy` / `lastModifiedBy`: the API client, and the shopper the token stands for."""
    out: dict[str, Any] = {"clientId": ctx.grant.client_id, "isPlatformClient": False}
    if ctx.grant.customer_id is not None:
        out["customer"] = {"typeId": "customer", "id": ctx.grant.customer_id}
    if ctx.grant.anonymous_id is not None:
        out["anonymousId"] = ctx.grant.anonymous_id
    return out


def new_resource(ctx: Ctx) -> Resource:
    """The fields every resource the backend makes (not from a draft) starts with."""
    by = initiator(ctx)
    return {
        "id": ctx.new_id(),
        "version": 1,
        "createdAt": ctx.now,
        "lastModifiedAt": ctx.now,
        "createdBy": by,
        "lastModifiedBy": copy.deepcopy(by),
    }


def _place_in_store(ctx: Ctx, family: _spec.Family, resource: Resource, store_key: str) -> None:
    """A resource created through `/in-store/key={storeKey}` belongs to that (existing) store: its
    `store` is set (a draft naming another store is refused), or its `stores` if the draft gave none."""
    fields = _spec.model_fields(family.model)
    ref = resolve(ctx, "store", {"key": store_key}, key_reference=True)
    if "store" in fields:
        given = resource.get("store")
        if given is not None and given.get("key") != store_key:
            raise ApiFailure(
                400,
                "InvalidOperation",
                f"The store '{given.get('key')}' of the draft is not the store '{store_key}' of the path.",
            )
        resource["store"] = ref
    elif "stores" in fields and not resource.get("stores"):
        resource["stores"] = [ref]


def check_unique(ctx: Ctx, type_id: str, field: str, value: Any, own_id: str) -> None:
    other = ctx.store.unscoped().find(type_id, field, value)
    if other is not None and other["id"] != own_id:
        raise ApiFailure(
            400,
            "DuplicateField",
            f"A duplicate value '\"{value}\"' exists for field '{field}'.",
            field=field,
            duplicateValue=value,
            conflictingResource={"typeId": type_id, "id": other["id"]},
        )


def load(ctx: Ctx, family: _spec.Family) -> Resource:
    """The resource the path names (`{ID}` or `key={key}`), or 404."""
    if "ID" in ctx.params:
        found = ctx.store.get(family.type_id, ctx.params["ID"])
        if found is None:
            raise not_found("ID", ctx.params["ID"])
        return found
    if "key" in ctx.params:
        found = ctx.store.find(family.type_id, "key", ctx.params["key"])
        if found is None:
            raise not_found("key", ctx.params["key"])
        return found
    raise not_implemented(f"Operation {ctx.op.id}")


def check_version(resource: Resource, version: Any) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise invalid_json("version: Missing required value")
    if version != resource["version"]:
        raise concurrent_modification(resource["id"], version, resource["version"])


def delete_version(ctx: Ctx) -> int:
    raw = ctx.q("version")
    if raw is None:
        raise invalid_input("Missing required query parameter 'version'.")
    try:
        return int(raw)
    except ValueError:
        raise invalid_input("Malformed parameter: version: Invalid long.") from None


ViewHook = Callable[[Ctx, Resource], None]
_VIEW_HOOKS: list[ViewHook] = []


def on_view(hook: ViewHook) -> ViewHook:
    """Register what every answer's copy of a resource passes through (e.g. product discounts)."""
    _VIEW_HOOKS.append(hook)
    return hook


def view(ctx: Ctx, resource: Resource) -> Resource:
    """A copy of `resource` for the response, with the requested `expand` paths filled in."""
    out = copy.deepcopy(resource)
    for hook in _VIEW_HOOKS:
        hook(ctx, out)
    for path in ctx.qs("expand"):
        _query.expand(out, path, lambda type_id, rid: _resolve_for_expand(ctx, type_id, rid))
    return out


def _resolve_for_expand(ctx: Ctx, type_id: str, resource_id: str) -> JSON | None:
    found = ctx.store.get(type_id, resource_id)
    return copy.deepcopy(found) if found is not None else None


def query(ctx: Ctx, items: list[Resource]) -> dict[str, Any]:
    """A PagedQueryResponse over `items` using where/sort/limit/offset/withTotal/expand/var.*."""
    limit = ctx.q_int("limit", 20)
    offset = ctx.q_int("offset", 0)
    assert limit is not None and offset is not None
    if not 0 <= limit <= 500:
        raise invalid_input("Malformed parameter: limit: The limit must be in range [0, 500].")
    if not 0 <= offset <= 10_000:
        raise invalid_input("Malformed parameter: offset: The offset must be in range [0, 10000].")
    variables = ctx.variables()
    for where in ctx.qs("where"):
        node = _query.parse_predicate(where, variables)
        items = [item for item in items if _query.matches(node, item)]
    sort = ctx.qs("sort")
    if sort:
        items = _query.sort_resources(items, _query.parse_sort(sort))
    page = items[offset : offset + limit]
    out: dict[str, Any] = {"limit": limit, "offset": offset, "count": len(page)}
    if ctx.q("withTotal") is None or ctx.q_bool("withTotal"):
        out["total"] = len(items)
    out["results"] = [view(ctx, item) for item in page]
    return out


def touch(ctx: Ctx, resource: Resource) -> None:
    resource["version"] += 1
    resource["lastModifiedAt"] = ctx.now
    resource["lastModifiedBy"] = initiator(ctx)


def lc_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def split_action(name: str) -> tuple[str, str] | None:
    """`setMetaTitle` -> ("set", "metaTitle"); `changeName` -> ("change", "name")."""
    m = re.fullmatch(r"(set|change)([A-Z]\w*)", name)
    return (m.group(1), lc_first(m.group(2))) if m else None
