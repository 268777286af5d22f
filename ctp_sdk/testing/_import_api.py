"""The Import API on the embedded backend: containers, import requests applied to the same in-memory
project the platform API reads, operations and container summaries.

Semantics follow commercetools' Import API: each resource is upserted by `key`; a resource whose
references (given by key) do not exist yet waits as `unresolved` and is imported as soon as what it
references appears (the real API retries for 48 hours; here, after every import request); a resource
the platform would reject ends `validationFailed` with the platform's errors on the operation. The
real API imports asynchronously: a submit answers `processing`, and the operation's final state is read
from the operation or the container summary. Here too: operations stay `processing` after the submit and
are applied, deterministically, when the Import API is next read (an operation, the operations, the
summary) or `process_imports(backend)` is called; `ImportState.reads_before_processing` keeps them
`processing` for that many reads first (to test a client's wait loop against a slow import).

Supported import types: every one the Import API has (category, product-draft, product-type, price,
inventory, customer here; the others in `_import_types`).
"""

from __future__ import annotations

import copy
import functools
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _spec
from ._context import Ctx
from ._errors import ApiFailure, invalid_input, invalid_json, not_found, not_implemented
from ._import_types import TYPES, Apply, WaitForMasterVariant, resource_key
from ._import_values import Unresolved, check_refs, draft, price
from ._resources import build

if TYPE_CHECKING:
    from ._auth import Grant
    from ._backend import Backend

log = logging.getLogger("ctp_sdk.testing")
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


@dataclass
class ImportState:
    """One backend's Import API data (containers by key, operations by id, in submit order)."""

    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # operation id -> (import type, the resource as submitted)
    pending: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    # operation id -> Import API reads it has stayed `processing` through
    reads: dict[str, int] = field(default_factory=dict)
    reads_before_processing: int = 0


def handle(backend: Backend, state: ImportState, method: str, parts: list[str], query: Ctx) -> tuple[int, Any]:
    """Answer one Import API call; `parts` is the path after the project key."""
    now = query.now
    if method == "GET":
        _read(backend, state, query)
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
        if parts[0] not in _ENDPOINTS:
            raise not_implemented(f"Importing {parts[0]} (the embedded backend imports {', '.join(_ENDPOINTS)})")
        if parts[2] not in state.containers:
            raise not_found("ImportContainer", parts[2])
        return 201, _submit(backend, state, parts[0], parts[2], query)
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


def _submit(backend: Backend, state: ImportState, segment: str, container_key: str, ctx: Ctx) -> dict[str, Any]:
    import_type, list_field, _ = _ENDPOINTS[segment]
    body = ctx.body_dict()
    if body.get("type") != import_type:
        raise invalid_json(f"type: expected '{import_type}' for this endpoint, got {body.get('type')!r}")
    resources = body.get(list_field)
    if not isinstance(resources, list) or not resources:
        raise invalid_json(f"{list_field}: Missing required value")
    if len(resources) > MAX_RESOURCES_PER_REQUEST:
        raise invalid_input(f"{list_field}: at most {MAX_RESOURCES_PER_REQUEST} resources per import request")
    keys = [resource_key(import_type, r) if isinstance(r, dict) else None for r in resources]
    if None in keys:
        what = {"order": "orderNumber", "order-patch": "orderNumber", "product-variant-patch": "productVariant"}
        raise invalid_json(f"{list_field}[].{what.get(import_type, 'key')}: Missing required value")
    statuses = []
    for resource, key in zip(resources, keys, strict=True):
        op_id = str(uuid.uuid4())
        state.operations[op_id] = {
            "version": 1,
            "importContainerKey": container_key,
            "resourceKey": key,
            "id": op_id,
            "state": "processing",
            "resourceVersion": 0,
            "createdAt": ctx.now,
            "lastModifiedAt": ctx.now,
            "expiresAt": ctx.now,
        }
        state.pending[op_id] = (import_type, copy.deepcopy(resource))
        state.reads[op_id] = 0
        statuses.append({"operationId": op_id, "state": "processing"})
    return {"operationStatus": statuses}


def _read(backend: Backend, state: ImportState, ctx: Ctx) -> None:
    """An Import API read: operations that have waited their reads are processed first."""
    due = set()
    for op_id, seen in list(state.reads.items()):
        if seen >= state.reads_before_processing:
            due.add(op_id)
        else:
            state.reads[op_id] = seen + 1
    process(backend, state, ctx.grant, ctx.now, due)


def process(backend: Backend, state: ImportState, grant: Grant, now: str, due: set[str] | None = None) -> None:
    """Apply the `processing` operations in `due` (all if None) and retry every waiting one, in submit
    order, until a pass resolves nothing more (a category whose parent arrives later in the same batch
    is imported in the second pass)."""
    progressed = True
    while progressed and state.pending:
        progressed = False
        for op_id, (import_type, resource) in list(state.pending.items()):
            op = state.operations[op_id]
            if op["state"] == "processing" and due is not None and op_id not in due:
                continue
            state.reads.pop(op_id, None)
            try:
                version = _APPLY[import_type](backend, grant, now, resource)
            except WaitForMasterVariant:
                if op["state"] != "waitForMasterVariant":
                    op["version"] += 1
                    op["lastModifiedAt"] = now
                op["state"] = "waitForMasterVariant"
                continue
            except Unresolved as exc:
                if op["state"] != "unresolved":
                    op["version"] += 1
                    op["lastModifiedAt"] = now
                op.update(state="unresolved", unresolvedReferences=exc.refs)
                continue
            except ApiFailure as failure:
                op.pop("unresolvedReferences", None)
                op.update(state="validationFailed", errors=failure.body()["errors"])
            except Exception as exc:  # a bug of the backend: the operation fails, the queue goes on
                log.exception("ctp_sdk.testing failed importing %s %r", import_type, op["resourceKey"])
                message = f"Internal error of ctp_sdk.testing ({type(exc).__name__})."
                op.update(state="rejected", errors=[{"code": "General", "message": message}])
            else:
                op.pop("unresolvedReferences", None)
                op.update(state="imported", resourceVersion=version)
                progressed = True
            op["version"] += 1
            op["lastModifiedAt"] = now
            del state.pending[op_id]


# --- applying import resources to the platform project ----------------------------------------------


@functools.cache
def _create_operation(project_key: str, segment: str) -> tuple[_spec.Op, dict[str, str]] | None:
    # Looked up once per resource type, not per imported resource (a tenth of a bulk load's time).
    return _spec.find_operation("POST", [project_key, segment])


def platform_ctx(backend: Backend, grant: Grant, now: str, segment: str, new_id: str | None) -> Ctx:
    found = _create_operation(backend.project_key, segment)
    if found is None:
        raise not_implemented(f"the platform's POST /{segment}, which imports into it")
    op, params = found
    params = dict(params)
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


def upsert(
    backend: Backend, grant: Grant, now: str, segment: str, draft: dict[str, Any], *, keep_address_ids: bool = False
) -> int:
    """Create the resource, or replace the fields of the one with the same key (its id, creation date
    and version history stay: the version goes up by one, as an update's does; with `keep_address_ids`,
    an address whose key it had before keeps its id, as the Import API matches addresses by key)."""
    family = _spec.families()[segment]
    existing = backend.store.find(family.type_id, "key", draft["key"])
    ctx = platform_ctx(backend, grant, now, segment, existing["id"] if existing else None)
    if existing is not None:
        backend.store.delete(family.type_id, existing["id"])
    try:
        resource = build(ctx, family, draft)
    except ApiFailure as failure:
        if existing is not None:
            backend.store.put(family.type_id, existing)
        if failure.code == "ReferencedResourceNotFound":
            raise Unresolved([{k: str(v) for k, v in failure.extra.items() if k in ("typeId", "key")}]) from None
        raise
    if existing is not None:
        resource["createdAt"] = existing["createdAt"]
        resource["version"] = existing["version"] + 1
        if keep_address_ids:
            _keep_address_ids(existing, resource)
    backend.store.put(family.type_id, resource)
    from . import _history

    _history.observe(backend, family.type_id, resource, "ResourceCreated" if existing is None else "ResourceUpdated")
    return int(resource["version"])


def _keep_address_ids(before: dict[str, Any], after: dict[str, Any]) -> None:
    old = {a.get("key"): a["id"] for a in before.get("addresses") or [] if a.get("key")}
    renamed = {}
    for address in after.get("addresses") or []:
        if address.get("key") in old:
            renamed[address["id"]] = address["id"] = old[address["key"]]
    for name, value in list(after.items()):
        if name.endswith("AddressId") and value in renamed:
            after[name] = renamed[value]
        elif name.endswith("AddressIds") and isinstance(value, list):
            after[name] = [renamed.get(v, v) for v in value]


def _apply_category(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    check_refs(backend, [("category", resource.get("parent"))])
    return upsert(backend, grant, now, "categories", draft(backend, resource))


def _apply_product_type(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    return upsert(backend, grant, now, "product-types", draft(backend, resource))


def _apply_product_draft(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    refs: list[tuple[str, Any]] = [("product-type", resource.get("productType"))]
    refs += [("category", c) for c in resource.get("categories") or []]
    refs += [("tax-category", resource.get("taxCategory")), ("state", resource.get("state"))]
    check_refs(backend, refs)
    return upsert(backend, grant, now, "products", draft(backend, resource))


def _apply_inventory(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    check_refs(backend, [("channel", resource.get("supplyChannel"))])
    return upsert(backend, grant, now, "inventory", draft(backend, resource))


def _apply_customer(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    refs: list[tuple[str, Any]] = [("customer-group", resource.get("customerGroup"))]
    check_refs(backend, refs + [("store", s) for s in resource.get("stores") or []])
    return upsert(backend, grant, now, "customers", draft(backend, resource), keep_address_ids=True)


def _apply_price(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """An embedded price, upserted by key on the product variant it names (both by key)."""
    product_ref, variant_ref = resource.get("product"), resource.get("productVariant")
    check_refs(backend, [("product", product_ref)])
    product = backend.store.find("product", "key", (product_ref or {}).get("key"))
    if product is None:
        raise invalid_json("product: Missing required value")
    from ._catalog import all_variants

    check_refs(backend, [("channel", resource.get("channel")), ("customer-group", resource.get("customerGroup"))])
    embedded = price(backend, draft(backend, resource, drop=("product", "productVariant", "publish", "staged")))
    found = False
    # `staged: true` changes the staged projection only; otherwise both (as the Import API documents).
    projections = ("staged",) if resource.get("staged") else ("staged", "current")
    for data in (product["masterData"][name] for name in projections):
        for variant in all_variants(data):
            if variant.get("key") == (variant_ref or {}).get("key"):
                found = True
                prices = [p for p in variant.get("prices", []) if p.get("key") != embedded["key"]]
                variant["prices"] = [*prices, copy.deepcopy(embedded)]
    if not found:
        raise Unresolved([{"typeId": "product-variant", "key": str((variant_ref or {}).get("key"))}])
    product["version"] += 1
    product["lastModifiedAt"] = now
    return int(product["version"])


# import request path segment -> (ImportRequest `type`, the list field, apply function)
_ENDPOINTS: dict[str, tuple[str, str, Apply]] = {
    "categories": ("category", "resources", _apply_category),
    "product-drafts": ("product-draft", "resources", _apply_product_draft),
    "product-types": ("product-type", "resources", _apply_product_type),
    "prices": ("price", "resources", _apply_price),
    "inventories": ("inventory", "resources", _apply_inventory),
    "customers": ("customer", "resources", _apply_customer),
    **TYPES,
}
_APPLY: dict[str, Apply] = {import_type: apply for import_type, _, apply in _ENDPOINTS.values()}
