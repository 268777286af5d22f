"""The Import API on the embedded backend: containers, import requests applied to the same in-memory
project the platform API reads, operations and container summaries.

Semantics follow commercetools' Import API: each resource is upserted by `key`; a resource whose
references (given by key) do not exist yet waits as `unresolved` and is imported as soon as what it
references appears (the real API retries for 48 hours; here, after every import request); a resource
the platform would reject ends `validationFailed` with the platform's errors on the operation. The
real API imports asynchronously: a submit answers `processing` and the operation's final state is read
from the operation or the container summary; here processing completes within the submit.

Supported import types: category, product-draft, product-type, price, inventory, customer; the others
answer 501 naming the type.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _spec
from ._context import Ctx
from ._errors import ApiFailure, invalid_input, invalid_json, not_found, not_implemented
from ._resources import build

if TYPE_CHECKING:
    from ._auth import Grant
    from ._backend import Backend

MAX_RESOURCES_PER_REQUEST = 20  # the Import API's limit per import request
STATES = (
    "processing",
    "validationFailed",
    "unresolved",
    "waitForMasterVariant",
    "imported",
    "rejected",
    "canceled",
    "partiallyImported",
)

# import request path segment -> (ImportRequest `type`, apply function name)
SEGMENTS = {
    "categories": "category",
    "product-drafts": "product-draft",
    "product-types": "product-type",
    "prices": "price",
    "inventories": "inventory",
    "customers": "customer",
}


@dataclass
class ImportState:
    """One backend's Import API data (containers by key, operations by id, in submit order)."""

    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # operation id -> (import type, the resource as submitted)
    pending: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)


class _Unresolved(Exception):
    def __init__(self, refs: list[dict[str, str]]) -> None:
        super().__init__(refs)
        self.refs = refs


def handle(backend: Backend, state: ImportState, method: str, parts: list[str], query: Ctx) -> tuple[int, Any]:
    """Answer one Import API call; `parts` is the path after the project key."""
    now = query.now
    if parts == ["import-containers"]:
        if method == "POST":
            return 201, _create_container(state, query.body_dict(), now)
        if method == "GET":
            items = sorted(state.containers.values(), key=lambda c: c["createdAt"])
            return 200, _page(query, items)
    if len(parts) >= 2 and parts[0] == "import-containers":
        container = state.containers.get(parts[1])
        if container is None:
            raise not_found("ImportContainer", parts[1])
        if len(parts) == 2:
            if method == "GET":
                return 200, container
            if method == "PUT":
                return 200, _update_container(container, query.body_dict(), now)
            if method == "DELETE":
                del state.containers[parts[1]]
                return 200, container
        if parts[2:] == ["import-summaries"] and method == "GET":
            return 200, _summary(state, parts[1])
        if parts[2:] == ["import-operations"] and method == "GET":
            ops = [op for op in state.operations.values() if op["importContainerKey"] == parts[1]]
            wanted = query.q("state")
            ops = [op for op in ops if wanted is None or op["state"] == wanted]
            return 200, _page(query, ops)
    if len(parts) == 2 and parts[0] == "import-operations" and method == "GET":
        op = state.operations.get(parts[1])
        if op is None:
            raise not_found("ImportOperation", parts[1])
        return 200, op
    if len(parts) == 3 and parts[1] == "import-containers" and method == "POST":
        if parts[0] not in SEGMENTS:
            raise not_implemented(f"Importing {parts[0]} (the embedded backend imports {', '.join(SEGMENTS)})")
        if parts[2] not in state.containers:
            raise not_found("ImportContainer", parts[2])
        return 201, _submit(backend, state, SEGMENTS[parts[0]], parts[2], query)
    raise ApiFailure(404, "ResourceNotFound", f"The Import API path /{'/'.join(parts)} does not exist.")


def _create_container(state: ImportState, draft: dict[str, Any], now: str) -> dict[str, Any]:
    key = draft.get("key")
    if not isinstance(key, str) or not key:
        raise invalid_json("key: Missing required value")
    if key in state.containers:
        raise ApiFailure(409, "DuplicateField", f"An import container with key '{key}' already exists.", field="key")
    container = {"key": key, "version": 1, "createdAt": now, "lastModifiedAt": now}
    if draft.get("resourceType") is not None:
        container["resourceType"] = draft["resourceType"]
    state.containers[key] = container
    return container


def _update_container(container: dict[str, Any], draft: dict[str, Any], now: str) -> dict[str, Any]:
    if draft.get("version") != container["version"]:
        raise ApiFailure(409, "ConcurrentModification", "Version mismatch.", currentVersion=container["version"])
    container["version"] += 1
    container["lastModifiedAt"] = now
    if "resourceType" in draft:
        container["resourceType"] = draft["resourceType"]
    return container


def _page(ctx: Ctx, items: list[dict[str, Any]]) -> dict[str, Any]:
    limit = ctx.q_int("limit", 20) or 20
    offset = ctx.q_int("offset", 0) or 0
    if not 0 < limit <= 500 or offset < 0:
        raise invalid_input("limit must be 1..500 and offset >= 0")
    page = items[offset : offset + limit]
    return {"limit": limit, "offset": offset, "count": len(page), "total": len(items), "results": page}


def _summary(state: ImportState, container_key: str) -> dict[str, Any]:
    counts = dict.fromkeys(STATES, 0)
    for op in state.operations.values():
        if op["importContainerKey"] == container_key:
            counts[op["state"]] += 1
    return {"states": counts, "total": sum(counts.values())}


def _submit(backend: Backend, state: ImportState, import_type: str, container_key: str, ctx: Ctx) -> dict[str, Any]:
    body = ctx.body_dict()
    if body.get("type") != import_type:
        raise invalid_json(f"type: expected '{import_type}' for this endpoint, got {body.get('type')!r}")
    resources = body.get("resources")
    if not isinstance(resources, list) or not resources:
        raise invalid_json("resources: Missing required value")
    if len(resources) > MAX_RESOURCES_PER_REQUEST:
        raise invalid_input(f"resources: at most {MAX_RESOURCES_PER_REQUEST} resources per import request")
    statuses = []
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("key"), str):
            raise invalid_json("resources[].key: Missing required value")
        op_id = str(uuid.uuid4())
        state.operations[op_id] = {
            "version": 1,
            "importContainerKey": container_key,
            "resourceKey": resource["key"],
            "id": op_id,
            "state": "processing",
            "resourceVersion": 0,
            "createdAt": ctx.now,
            "lastModifiedAt": ctx.now,
            "expiresAt": ctx.now,
        }
        state.pending[op_id] = (import_type, copy.deepcopy(resource))
        statuses.append({"operationId": op_id, "state": "processing"})
    _process(backend, state, ctx)
    return {"operationStatus": statuses}


def _process(backend: Backend, state: ImportState, ctx: Ctx) -> None:
    """Apply every waiting operation, in submit order, until a pass resolves nothing more (a category
    whose parent arrives later in the same batch is imported in the second pass)."""
    progressed = True
    while progressed and state.pending:
        progressed = False
        for op_id, (import_type, resource) in list(state.pending.items()):
            op = state.operations[op_id]
            try:
                version = _APPLY[import_type](backend, ctx.grant, ctx.now, resource)
            except _Unresolved as exc:
                op.update(state="unresolved", unresolvedReferences=exc.refs)
                continue
            except ApiFailure as failure:
                op.pop("unresolvedReferences", None)
                op.update(state="validationFailed", errors=failure.body()["errors"])
            else:
                op.pop("unresolvedReferences", None)
                op.update(state="imported", resourceVersion=version)
                progressed = True
            op["version"] += 1
            op["lastModifiedAt"] = ctx.now
            del state.pending[op_id]


# --- applying import resources to the platform project ----------------------------------------------


def _platform_ctx(backend: Backend, grant: Grant, now: str, segment: str, new_id: str | None) -> Ctx:
    found = _spec.find_operation("POST", [backend.project_key, segment])
    if found is None:
        raise not_implemented(f"the platform's POST /{segment}, which imports into it")
    op, params = found
    ids = iter([new_id] if new_id else [])
    return Ctx(
        store=backend.store,
        now=now,
        project_key=backend.project_key,
        op=op,
        params=params,
        query=[],
        body=None,
        grant=grant,
        new_id=lambda: next(ids, None) or str(uuid.uuid4()),
    )


def _check_refs(backend: Backend, refs: list[tuple[str, Any]]) -> None:
    """Raise _Unresolved naming every key reference whose resource does not exist yet."""
    missing = []
    for type_id, ref in refs:
        if isinstance(ref, dict) and "key" in ref and backend.store.find(type_id, "key", ref["key"]) is None:
            missing.append({"typeId": type_id, "key": ref["key"]})
    if missing:
        raise _Unresolved(missing)


def _upsert(backend: Backend, grant: Grant, now: str, segment: str, draft: dict[str, Any]) -> int:
    """Create the resource, or replace the fields of the one with the same key (its id, creation date
    and version history stay: the version goes up by one, as an update's does)."""
    family = _spec.families()[segment]
    existing = backend.store.find(family.type_id, "key", draft["key"])
    ctx = _platform_ctx(backend, grant, now, segment, existing["id"] if existing else None)
    if existing is not None:
        backend.store.delete(family.type_id, existing["id"])
    try:
        resource = build(ctx, family, draft)
    except ApiFailure as failure:
        if existing is not None:
            backend.store.put(family.type_id, existing)
        if failure.code == "ReferencedResourceNotFound":
            raise _Unresolved([{k: str(v) for k, v in failure.extra.items() if k in ("typeId", "key")}]) from None
        raise
    if existing is not None:
        resource["createdAt"] = existing["createdAt"]
        resource["version"] = existing["version"] + 1
    backend.store.put(family.type_id, resource)
    from . import _history

    _history.observe(backend, family.type_id, resource, "ResourceCreated" if existing is None else "ResourceUpdated")
    return int(resource["version"])


def _custom(custom: Any) -> Any:
    """Import custom fields carry typed values (`{"type": "String", "value": ...}`); the platform's are bare."""
    if not isinstance(custom, dict):
        return custom
    fields = {
        k: v.get("value") if isinstance(v, dict) and "type" in v else v for k, v in (custom.get("fields") or {}).items()
    }
    return {"type": custom.get("type"), "fields": fields}


def _draft(resource: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {k: copy.deepcopy(v) for k, v in resource.items() if k not in drop}
    if "custom" in out:
        out["custom"] = _custom(out["custom"])
    return out


def _apply_category(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    _check_refs(backend, [("category", resource.get("parent"))])
    return _upsert(backend, grant, now, "categories", _draft(resource))


def _apply_product_type(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    return _upsert(backend, grant, now, "product-types", _draft(resource))


def _variant(draft: Any) -> Any:
    if not isinstance(draft, dict):
        return draft
    out = dict(draft)
    # Import attributes are typed (`{"type": "text", "name": ..., "value": ...}`); the platform's are not.
    out["attributes"] = [{"name": a["name"], "value": a.get("value")} for a in draft.get("attributes") or []]
    out["prices"] = [_draft(p) for p in draft.get("prices") or []]
    return out


def _apply_product_draft(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    refs: list[tuple[str, Any]] = [("product-type", resource.get("productType"))]
    refs += [("category", c) for c in resource.get("categories") or []]
    refs += [("tax-category", resource.get("taxCategory")), ("state", resource.get("state"))]
    _check_refs(backend, refs)
    draft = _draft(resource)
    if "masterVariant" in draft:
        draft["masterVariant"] = _variant(draft["masterVariant"])
    draft["variants"] = [_variant(v) for v in draft.get("variants") or []]
    return _upsert(backend, grant, now, "products", draft)


def _apply_inventory(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    _check_refs(backend, [("channel", resource.get("supplyChannel"))])
    return _upsert(backend, grant, now, "inventory", _draft(resource))


def _apply_customer(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    _check_refs(backend, [("customer-group", resource.get("customerGroup"))])
    return _upsert(backend, grant, now, "customers", _draft(resource, drop=("addresses",)))


def _apply_price(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """An embedded price, upserted by key on the product variant it names (both by key)."""
    product_ref, variant_ref = resource.get("product"), resource.get("productVariant")
    _check_refs(backend, [("product", product_ref)])
    product = backend.store.find("product", "key", (product_ref or {}).get("key"))
    if product is None:
        raise invalid_json("product: Missing required value")
    from ._catalog import all_variants

    price = _draft(resource, drop=("product", "productVariant", "publish"))
    price["id"] = str(uuid.uuid4())
    found = False
    for data in (product["masterData"]["staged"], product["masterData"]["current"]):
        for variant in all_variants(data):
            if variant.get("key") == (variant_ref or {}).get("key"):
                found = True
                prices = [p for p in variant.get("prices", []) if p.get("key") != price["key"]]
                variant["prices"] = [*prices, copy.deepcopy(price)]
    if not found:
        raise _Unresolved([{"typeId": "product-variant", "key": str((variant_ref or {}).get("key"))}])
    product["version"] += 1
    product["lastModifiedAt"] = now
    return int(product["version"])


_APPLY: dict[str, Callable[[Backend, Grant, str, dict[str, Any]], int]] = {
    "category": _apply_category,
    "product-draft": _apply_product_draft,
    "product-type": _apply_product_type,
    "price": _apply_price,
    "inventory": _apply_inventory,
    "customer": _apply_customer,
}
