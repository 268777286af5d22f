"""Product Search (`POST /products/search`, https://docs.commercetools.com/api/projects/product-search)
and Customer Search (`POST /customers/search`, `HEAD`, `/indexing-status`,
https://docs.commercetools.com/api/projects/customer-search) over the search query language
(`_search_language`).

- Both are off until the project switches them on (`changeProductSearchIndexingEnabled` with mode
  `ProductsSearch`; `changeCustomerSearchStatus` `Activated`), as in new projects: Product Search then
  answers 400 `ObjectNotFound`, Customer Search 400 `SearchNotReady` (and `HEAD` 409). Indexing is
  instant here (`Ready`, every customer indexed).
- Product Search looks at products with a current (published) projection. A product matches when one
  of its variants, together with the product's own fields, matches the whole query;
  `markMatchingVariants` lists those variants. Fields: id, key, name / description / slug /
  searchKeywords (with `language`), categories, categoriesSubTree, productType, taxCategory, state,
  createdAt, lastModifiedAt; variants.sku / key / id, variants.prices.centAmount / currencyCode,
  variants.attributes.<name> with a `fieldType` (enum and lenum: `.key`, and `.label` with a language
  for lenum). Facets: `distinct` (buckets by value, counted per product or per variant), `count`, `ranges`,
  each over the query's results or all products (`scope`), with their `filter`; `postFilter` narrows the
  results after facets. `productProjectionParameters` adds each result's projection (current, or
  staged when asked); its price selection, locale and store projection answer 501.
- Customer Search: email, lowercaseEmail, firstName, lastName, fullName, middleName, companyName,
  customerNumber, externalId, key, vatId, isEmailVerified, createdAt, lastModifiedAt, dateOfBirth,
  customerGroup.id, stores.key, addresses.<field>, and `all` (full text over those).
- Without `sort`, results keep creation order and each customer's `relevance` is 1.0 (the API orders
  by a relevance score the fake does not compute). A field the fake does not index answers 501.
"""

from __future__ import annotations

from typing import Any

from . import _catalog
from ._context import Ctx
from ._errors import ApiFailure, invalid_input, not_implemented
from ._resources import Resource
from ._routes import route
from ._search_language import (
    ADDRESS_FIELDS,
    Document,
    check,
    indexing_status,
    matches,
    page_bounds,
    plain_fields,
    relevance_page,
    require_active,
    search_index_status,
    sort_documents,
)

_LOCALIZED = ("name", "description", "slug", "searchKeywords")
_REFERENCES = ("productType", "taxCategory", "state")


_index = search_index_status


# -- product documents ------------------------------------------------------------------------------


def _product_fields(ctx: Ctx, projection: dict[str, Any]) -> Document:
    doc: Document = {"id": [projection["id"]], "createdAt": [projection["createdAt"]]}
    doc["lastModifiedAt"] = [projection["lastModifiedAt"]]
    if projection.get("key") is not None:
        doc["key"] = [projection["key"]]
    for field in _LOCALIZED:
        value = projection.get(field) or {}
        for language, text in value.items():
            if field == "searchKeywords":
                doc[f"{field}.{language}"] = [k.get("text") for k in text]
            else:
                doc[f"{field}.{language}"] = [text]
    categories = [c["id"] for c in projection.get("categories", [])]
    doc["categories"] = categories
    subtree = set(categories)
    for category_id in categories:
        subtree.update(a["id"] for a in _catalog.category_ancestors(ctx, category_id))
    doc["categoriesSubTree"] = sorted(subtree)
    for field in _REFERENCES:
        if projection.get(field) is not None:
            doc[field] = [projection[field]["id"]]
    return doc


def _variant_fields(variant: dict[str, Any]) -> Document:
    doc: Document = {"variants.id": [variant["id"]]}
    for field in ("sku", "key"):
        if variant.get(field) is not None:
            doc[f"variants.{field}"] = [variant[field]]
    prices = variant.get("prices") or []
    doc["variants.prices.centAmount"] = [p["value"]["centAmount"] for p in prices]
    doc["variants.prices.currencyCode"] = [p["value"]["currencyCode"] for p in prices]
    for attribute in variant.get("attributes") or []:
        values = attribute["value"] if isinstance(attribute["value"], list) else [attribute["value"]]
        base = f"variants.attributes.{attribute['name']}"
        for value in values:
            if isinstance(value, dict) and "key" in value:  # enum / lenum
                doc.setdefault(f"{base}.key", []).append(value["key"])
                label = value.get("label")
                if isinstance(label, dict):
                    for language, text in label.items():
                        doc.setdefault(f"{base}.label.{language}", []).append(text)
                else:
                    doc.setdefault(f"{base}.label", []).append(label)
            elif isinstance(value, dict) and "centAmount" in value:
                doc.setdefault(f"{base}.centAmount", []).append(value["centAmount"])
            elif isinstance(value, dict) and "typeId" in value:
                doc.setdefault(base, []).append(value.get("id"))
            elif isinstance(value, dict):  # ltext
                for language, text in value.items():
                    doc.setdefault(f"{base}.{language}", []).append(text)
            else:
                doc.setdefault(base, []).append(value)
    return doc


_PRODUCT_FIELDS = frozenset(
    {"id", "key", "createdAt", "lastModifiedAt", "categories", "categoriesSubTree", *_REFERENCES}
)
_VARIANT_FIELDS = frozenset(
    {"variants.id", "variants.sku", "variants.key", "variants.prices.centAmount", "variants.prices.currencyCode"}
)


def _product_key(body: dict[str, Any]) -> str:
    """The document key of an expression's field (+ language, fieldType); 400 / 501 as documented."""
    field = body.get("field")
    if not isinstance(field, str):
        raise invalid_input("A search expression needs a 'field'.")
    language = body.get("language")
    if field in _LOCALIZED:
        if not isinstance(language, str):
            raise invalid_input(f"The field '{field}' is localized: give a 'language'.")
        return f"{field}.{language}"
    if field in _PRODUCT_FIELDS or field in _VARIANT_FIELDS:
        return field
    if field.startswith("variants.attributes."):
        kind = body.get("fieldType")
        if not isinstance(kind, str):
            raise invalid_input(f"The attribute field '{field}' needs a 'fieldType'.")
        plain = kind.removeprefix("set_")
        if plain in ("enum", "lenum"):
            if field.endswith(".key") or (plain == "enum" and field.endswith(".label")):
                return field
            if plain == "lenum" and field.endswith(".label"):
                if not isinstance(language, str):
                    raise invalid_input(f"The field '{field}' is localized: give a 'language'.")
                return f"{field}.{language}"
            raise invalid_input(f"An {kind} attribute is searched by '{field}.key' or '{field}.label'.")
        if plain == "ltext":
            if not isinstance(language, str):
                raise invalid_input(f"The field '{field}' is localized: give a 'language'.")
            return f"{field}.{language}"
        if plain == "money":
            return f"{field}.centAmount"
        return field
    raise not_implemented(f"Product Search on the field '{field}'")


def _products(ctx: Ctx) -> list[tuple[Resource, dict[str, Any], list[Document]]]:
    """(product, current projection, one document per variant) for every published product."""
    out = []
    for product in ctx.store.all("product"):
        projection = _catalog.projection(product, staged=False)
        if projection is None:
            continue
        base = _product_fields(ctx, projection)
        docs = [{**base, **_variant_fields(v)} for v in [projection["masterVariant"], *projection.get("variants", [])]]
        out.append((product, projection, docs))
    return out


def _facet(spec: Any, hits: list[tuple[str, list[Document]]], everything: list[tuple[str, list[Document]]]) -> Any:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise invalid_input("A facet is one of distinct, ranges or count.")
    ((kind, body),) = spec.items()
    if kind not in ("distinct", "ranges", "count") or not isinstance(body, dict) or not body.get("name"):
        raise invalid_input("A facet is one of distinct, ranges or count, with a 'name'.")
    pool = everything if body.get("scope") == "all" else hits
    if body.get("filter") is not None:
        check(body["filter"], _product_key)
        pool = [(i, [d for d in docs if matches(body["filter"], d, _product_key)]) for i, docs in pool]
        pool = [(i, docs) for i, docs in pool if docs]
    per_variant = body.get("level") == "variants"
    if kind == "count":
        value = sum(len(docs) for _, docs in pool) if per_variant else len(pool)
        return {"name": body["name"], "value": value}
    key = _product_key(body)
    if kind == "ranges":
        buckets = []
        for bound in body.get("ranges") or []:
            low, high = bound.get("from"), bound.get("to")
            limits = {**({"gte": low} if low is not None else {}), **({"lt": high} if high is not None else {})}
            test = {"range": {k: body[k] for k in ("field", "fieldType", "language") if k in body} | limits}
            if limits:
                counted = _count(pool, lambda d, t=test: matches(t, d, _product_key), per_variant)
            else:
                counted = _count(pool, lambda d: bool(d.get(key)), per_variant)
            label = bound.get("key") or f"{'*' if low is None else low}-{'*' if high is None else high}"
            buckets.append({"key": label, "count": counted})
        return {"name": body["name"], "buckets": buckets}
    counts: dict[str, int] = {}
    for _, docs in pool:
        seen: set[str] = set()
        for doc in docs:
            for value in doc.get(key, []):
                term = str(value).lower() if isinstance(value, bool) else str(value)
                if per_variant or term not in seen:
                    counts[term] = counts.get(term, 0) + 1
                    seen.add(term)
    includes = body.get("includes")
    if isinstance(includes, list):
        counts = {k: v for k, v in counts.items() if k in includes}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    limit = body.get("limit", 10)
    return {"name": body["name"], "buckets": [{"key": k, "count": c} for k, c in ordered[:limit]]}


def _count(pool: list[tuple[str, list[Document]]], test: Any, per_variant: bool) -> int:
    if per_variant:
        return sum(1 for _, docs in pool for d in docs if test(d))
    return sum(1 for _, docs in pool if any(test(d) for d in docs))


def _projection_for(ctx: Ctx, product: Resource, params: dict[str, Any]) -> dict[str, Any] | None:
    unsupported = sorted(set(params) - {"staged", "expand"})
    if unsupported or params.get("expand"):
        raise not_implemented(f"productProjectionParameters {', '.join(unsupported) or 'expand'} in Product Search")
    return _catalog.projection(product, staged=bool(params.get("staged")))


@route("ByProjectKeyProductsSearchPost")
def _product_search(ctx: Ctx) -> tuple[int, Any]:
    if _index(ctx.project, "productsSearch") != "Activated":
        message = (
            f'Product Search API is not enabled for "{ctx.project_key}", '
            "if you intend to use it please enable indexing for Product Search API"
        )
        raise ApiFailure(400, "ObjectNotFound", message)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    limit, offset = page_bounds(body, max_limit=100, max_offset=10_000)
    query = body.get("query")
    for q in (query, body.get("postFilter")):
        if q is not None:
            check(q, _product_key)
    catalog = _products(ctx)
    everything = [(p["id"], docs) for p, _, docs in catalog]
    hits: list[tuple[str, list[Document]]] = []
    for product_id, docs in everything:
        matching = [d for d in docs if query is None or matches(query, d, _product_key)]
        if matching:
            hits.append((product_id, matching))
    facets = [_facet(f, hits, everything) for f in body.get("facets") or []]
    if body.get("postFilter") is not None:
        hits = [(i, [d for d in docs if matches(body["postFilter"], d, _product_key)]) for i, docs in hits]
        hits = [(i, docs) for i, docs in hits if docs]
    hits = sort_documents(hits, body.get("sort"), _product_key)
    by_id = {p["id"]: (p, docs) for p, _, docs in catalog}
    results = []
    for product_id, matched in hits[offset : offset + limit]:
        product, docs = by_id[product_id]
        result: dict[str, Any] = {"id": product_id}
        if body.get("markMatchingVariants"):
            result["matchingVariants"] = {
                "allMatched": len(matched) == len(docs),
                "matchedVariants": [
                    {"id": d["variants.id"][0], **({"sku": d["variants.sku"][0]} if d.get("variants.sku") else {})}
                    for d in matched
                ],
            }
        params = body.get("productProjectionParameters")
        if isinstance(params, dict):
            result["productProjection"] = _projection_for(ctx, product, params)
        results.append(result)
    return 200, {"total": len(hits), "offset": offset, "limit": limit, "facets": facets, "results": results}


# -- customers -------------------------------------------------------------------------------------

_CUSTOMER_FIELDS = (
    "email",
    "firstName",
    "lastName",
    "middleName",
    "companyName",
    "customerNumber",
    "externalId",
    "key",
    "vatId",
    "isEmailVerified",
    "createdAt",
    "lastModifiedAt",
    "dateOfBirth",
)


def _customer_document(customer: Resource) -> Document:
    doc: Document = {"id": [customer["id"]]}
    for field in _CUSTOMER_FIELDS:
        if customer.get(field) is not None:
            doc[field] = [customer[field]]
    if customer.get("email"):
        doc["lowercaseEmail"] = [customer["email"].lower()]
    names = [str(customer[k]) for k in ("firstName", "middleName", "lastName") if customer.get(k)]
    if names:
        doc["fullName"] = [" ".join(names)]
    if customer.get("customerGroup"):
        doc["customerGroup.id"] = [customer["customerGroup"]["id"]]
    doc["stores.key"] = [s.get("key") for s in customer.get("stores", [])]
    for field in ADDRESS_FIELDS:
        doc[f"addresses.{field}"] = [a[field] for a in customer.get("addresses", []) if a.get(field) is not None]
    doc["all"] = [v for k, values in doc.items() if k != "id" for v in values if isinstance(v, str)]
    return doc


_customer_key = plain_fields(
    frozenset(
        {"id", "lowercaseEmail", "fullName", "customerGroup.id", "stores.key", "all", *_CUSTOMER_FIELDS}
        | {f"addresses.{f}" for f in ADDRESS_FIELDS}
    ),
    "Customer Search",
)


def _customer_search_ready(ctx: Ctx) -> None:
    require_active(ctx.project, "customers", "Customer Search")


@route("ByProjectKeyCustomersSearchPost")
def _customer_search(ctx: Ctx) -> tuple[int, Any]:
    _customer_search_ready(ctx)
    docs = [(c["id"], [_customer_document(c)]) for c in ctx.store.all("customer")]
    return 200, relevance_page(ctx.body, docs, _customer_key)


@route("ByProjectKeyCustomersSearchHead")
def _customer_index_exists(ctx: Ctx) -> tuple[int, Any]:
    return (200 if _index(ctx.project, "customers") == "Activated" else 409), None


@route("ByProjectKeyCustomersSearchIndexingStatusGet")
def _customer_indexing_status(ctx: Ctx) -> tuple[int, Any]:
    _customer_search_ready(ctx)
    return 200, indexing_status(ctx.project, "customers", len(ctx.store.all("customer")), ctx.now)
