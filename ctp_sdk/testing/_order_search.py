"""Order Search (`POST` / `HEAD /orders/search`, https://docs.commercetools.com/api/projects/order-search)
and Business Unit Search (`POST` / `HEAD /business-units/search`, `/indexing-status`,
https://docs.commercetools.com/api/projects/business-unit-search), over the search query language of
`_search_language`, like Customer Search (`_search_endpoints`).

- Both are off until the project switches them on (`changeOrderSearchStatus` /
  `changeBusinessUnitSearchStatus` `Activated`). Order Search then answers 404 `ResourceNotFound`
  ("no index found for project", as documented) and `HEAD` 404; Business Unit Search 400
  `SearchNotReady` and `HEAD` 409. Indexing is instant here (`Ready`, everything indexed).
- Order hits carry the order's `id` and current `version`; `query` is required, `limit` defaults to 10
  (at most 100), `offset` to 0 (at most 10,000). Business Unit pages: `limit` 1-100 (default 20),
  `offset` at most 9,900.
- Indexed order fields: id, orderNumber, customerId, customerEmail, anonymousId, orderState,
  paymentState, shipmentState, country, createdAt, lastModifiedAt, completedAt, store.key, store.name,
  customerGroup.id, businessUnit.key, state.id, totalPrice.centAmount / currencyCode,
  taxedPrice.totalNet / totalGross .centAmount, lineItems.name / customLineItems.name (with a
  `language`), lineItems.variant.sku, lineItems.productId, lineItems.quantity, customLineItems.slug,
  billingAddress.<field>, shippingAddress.<field>, and Custom Fields `custom.<name>` with their
  `customType` (string, number, boolean, date/time, enum key, localized string with `language`, and
  their sets). Business units: id, key, name, status, unitType, storeMode, associateMode,
  approvalRuleMode, contactEmail, createdAt, lastModifiedAt, parentUnit.key, topLevelUnit.key,
  stores.key, associates.customer.id, addresses.<field>, and `all` (full text over the text fields).
- Without `sort`, hits keep creation order with `relevance` 1.0 (the API's relevance score is not
  computed). A field the fake does not index (e.g. payment or return fields) answers 501; so does a
  sort with a `filter`.
"""

from __future__ import annotations

from typing import Any

from ._context import Ctx
from ._errors import ApiFailure, invalid_input, invalid_json, not_implemented
from ._resources import Resource
from ._routes import route
from ._search_language import (
    ADDRESS_FIELDS,
    Document,
    indexing_status,
    plain_fields,
    relevance_page,
    require_active,
    search_index_status,
    search_page,
)


def _add(doc: Document, key: str, value: Any) -> None:
    if value is not None:
        doc.setdefault(key, []).append(value)


def _address_fields(doc: Document, prefix: str, addresses: list[dict[str, Any]]) -> None:
    for address in addresses:
        for field in ADDRESS_FIELDS:
            _add(doc, f"{prefix}.{field}", address.get(field))


def _localized(doc: Document, key: str, value: Any) -> None:
    for language, text in (value or {}).items():
        _add(doc, f"{key}.{language}", text)


# -- orders ----------------------------------------------------------------------------------------

_ORDER_PLAIN = (
    "id",
    "orderNumber",
    "customerId",
    "customerEmail",
    "anonymousId",
    "orderState",
    "paymentState",
    "shipmentState",
    "country",
    "createdAt",
    "lastModifiedAt",
    "completedAt",
)
_ORDER_REFERENCES = {"store.key": "store", "businessUnit.key": "businessUnit"}
_ORDER_IDS = {"customerGroup.id": "customerGroup", "state.id": "state"}
_ORDER_LOCALIZED = ("lineItems.name", "customLineItems.name", "store.name")


def _custom_fields(doc: Document, custom: dict[str, Any] | None) -> None:
    for name, value in ((custom or {}).get("fields") or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "key" in item:  # enum / lenum
                _add(doc, f"custom.{name}", item["key"])
            elif isinstance(item, dict):  # localized string
                _localized(doc, f"custom.{name}", item)
            else:
                _add(doc, f"custom.{name}", item)


def _order_document(ctx: Ctx, order: Resource) -> Document:
    doc: Document = {}
    for field in _ORDER_PLAIN:
        _add(doc, field, order.get(field))
    for field, source in _ORDER_REFERENCES.items():
        _add(doc, field, (order.get(source) or {}).get("key"))
    for field, source in _ORDER_IDS.items():
        _add(doc, field, (order.get(source) or {}).get("id"))
    store_key = (order.get("store") or {}).get("key")
    store = ctx.store.unscoped().find("store", "key", store_key) if store_key else None
    if store is not None:
        _localized(doc, "store.name", store.get("name"))
    total = order.get("totalPrice") or {}
    _add(doc, "totalPrice.centAmount", total.get("centAmount"))
    _add(doc, "totalPrice.currencyCode", total.get("currencyCode"))
    taxed = order.get("taxedPrice") or {}
    for part in ("totalNet", "totalGross"):
        _add(doc, f"taxedPrice.{part}.centAmount", (taxed.get(part) or {}).get("centAmount"))
    for item in order.get("lineItems") or []:
        _localized(doc, "lineItems.name", item.get("name"))
        _add(doc, "lineItems.variant.sku", (item.get("variant") or {}).get("sku"))
        _add(doc, "lineItems.productId", item.get("productId"))
        _add(doc, "lineItems.quantity", item.get("quantity"))
    for item in order.get("customLineItems") or []:
        _localized(doc, "customLineItems.name", item.get("name"))
        _add(doc, "customLineItems.slug", item.get("slug"))
    for prefix in ("billingAddress", "shippingAddress"):
        if order.get(prefix):
            _address_fields(doc, prefix, [order[prefix]])
    _custom_fields(doc, order.get("custom"))
    return doc


_ORDER_FIELDS = frozenset(
    {
        *_ORDER_PLAIN,
        *_ORDER_REFERENCES,
        *_ORDER_IDS,
        "totalPrice.centAmount",
        "totalPrice.currencyCode",
        "taxedPrice.totalNet.centAmount",
        "taxedPrice.totalGross.centAmount",
        "lineItems.variant.sku",
        "lineItems.productId",
        "lineItems.quantity",
        "customLineItems.slug",
        *(f"{p}.{f}" for p in ("billingAddress", "shippingAddress") for f in ADDRESS_FIELDS),
    }
)
_CUSTOM_TYPES = frozenset(
    {"BooleanType", "StringType", "NumberType", "DateType", "TimeType", "DateTimeType", "EnumType", "LocalizedEnumType"}
)


def _order_key(body: dict[str, Any]) -> str:
    field = body.get("field")
    if not isinstance(field, str):
        raise invalid_input("A search expression needs a 'field'.")
    language = body.get("language")
    if field.startswith("custom."):
        kind = body.get("customType")
        if not isinstance(kind, str):
            raise invalid_input(f"The Custom Field '{field}' needs a 'customType'.")
        plain = kind.removeprefix("SetType.")
        if plain == "LocalizedStringType":
            if not isinstance(language, str):
                raise invalid_input(f"The field '{field}' is localized: give a 'language'.")
            return f"{field}.{language}"
        if plain not in _CUSTOM_TYPES:
            raise invalid_input(f"Unknown customType '{kind}'.")
        return field
    if field in _ORDER_LOCALIZED:
        if not isinstance(language, str):
            raise not_implemented(f"Order Search on the localized field '{field}' without a 'language'")
        return f"{field}.{language}"
    if field in _ORDER_FIELDS:
        return field
    raise not_implemented(f"Order Search on the field '{field}'")


def _order_index_active(ctx: Ctx) -> bool:
    return search_index_status(ctx.project, "orders") == "Activated"


@route("ByProjectKeyOrdersSearchPost")
def _order_search(ctx: Ctx) -> tuple[int, Any]:
    if not _order_index_active(ctx):
        raise ApiFailure(404, "ResourceNotFound", f"No index found for project '{ctx.project_key}'.")
    body = ctx.body_dict()
    if body.get("query") is None:
        raise invalid_json("query: Missing required value")
    _no_sort_filter(body)
    orders = {o["id"]: o for o in ctx.store.all("order")}
    docs = [(i, [_order_document(ctx, o)]) for i, o in orders.items()]
    total, limit, offset, page = search_page(body, docs, _order_key, default_limit=10, max_offset=10_000)
    hits = [{"id": i, "version": orders[i]["version"], "relevance": 1.0} for i in page]
    return 200, {"total": total, "offset": offset, "limit": limit, "hits": hits}


def _no_sort_filter(body: dict[str, Any]) -> None:
    for criterion in body.get("sort") or []:
        if isinstance(criterion, dict) and criterion.get("filter") is not None:
            raise not_implemented("Search sorting with a 'filter'")


@route("ByProjectKeyOrdersSearchHead")
def _order_index_exists(ctx: Ctx) -> tuple[int, Any]:
    return (200 if _order_index_active(ctx) else 404), None


# -- business units -------------------------------------------------------------------------------

_UNIT_PLAIN = (
    "id",
    "key",
    "name",
    "status",
    "unitType",
    "storeMode",
    "associateMode",
    "approvalRuleMode",
    "contactEmail",
    "createdAt",
    "lastModifiedAt",
)
_UNIT_TEXT = ("key", "name", "contactEmail")


def _unit_document(unit: Resource) -> Document:
    doc: Document = {}
    for field in _UNIT_PLAIN:
        _add(doc, field, unit.get(field))
    for field in ("parentUnit", "topLevelUnit"):
        _add(doc, f"{field}.key", (unit.get(field) or {}).get("key"))
    doc["stores.key"] = [s.get("key") for s in unit.get("stores") or []]
    doc["associates.customer.id"] = [a["customer"]["id"] for a in unit.get("associates") or []]
    _address_fields(doc, "addresses", unit.get("addresses") or [])
    text_keys = [*_UNIT_TEXT, *(f"addresses.{f}" for f in ADDRESS_FIELDS)]
    doc["all"] = [v for k in text_keys for v in doc.get(k, []) if isinstance(v, str)]
    return doc


_UNIT_FIELDS = frozenset(
    {
        *_UNIT_PLAIN,
        "parentUnit.key",
        "topLevelUnit.key",
        "stores.key",
        "associates.customer.id",
        "all",
        *(f"addresses.{f}" for f in ADDRESS_FIELDS),
    }
)


_unit_key = plain_fields(_UNIT_FIELDS, "Business Unit Search")


def _unit_search_ready(ctx: Ctx) -> None:
    require_active(ctx.project, "businessUnits", "Business Unit Search")


@route("ByProjectKeyBusinessUnitsSearchPost")
def _unit_search(ctx: Ctx) -> tuple[int, Any]:
    _unit_search_ready(ctx)
    docs = [(u["id"], [_unit_document(u)]) for u in ctx.store.all("business-unit")]
    return 200, relevance_page(ctx.body, docs, _unit_key, min_limit=1, max_offset=9_900)


@route("ByProjectKeyBusinessUnitsSearchHead")
def _unit_index_exists(ctx: Ctx) -> tuple[int, Any]:
    return (200 if search_index_status(ctx.project, "businessUnits") == "Activated" else 409), None


@route("ByProjectKeyBusinessUnitsSearchIndexingStatusGet")
def _unit_indexing_status(ctx: Ctx) -> tuple[int, Any]:
    _unit_search_ready(ctx)
    return 200, indexing_status(ctx.project, "businessUnits", len(ctx.store.all("business-unit")), ctx.now)
