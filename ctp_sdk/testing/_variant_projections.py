"""Variant Projections (`/variant-projections`) and Variant Attributes
(`/product-projections/{ID}/variant-attributes`): read-only views of single variants, derived at
request time from the stored products (https://docs.commercetools.com/api/projects/variant-projections,
https://docs.commercetools.com/api/projects/variant-attributes).

Which variants there are depends on the project's `productCatalogModel`: `Classic` (the default) has
them embedded in the Products, `Modular` as standalone Variants (`/variants`, `_variants`). A Variant
Projection has the variant's own data (SKU, key, images, assets, attributes) and the Product's name,
slug, description, categories and categoryOrderHints; `attributes` merges the Product-level ones
before the variant's, `filter[attributes]` keeps (`color`) or drops (`-color`) names.

- `staged`: the staged data (scope `view_products`); else the current data of a published Product
  (and, Modular, of a published Variant);
- `price`: with `priceCurrency` (and `priceCountry` / `priceChannel` / `priceCustomerGroup`), the
  price Product Projection Search selects (`_search`), product discounts applied; Modular: the
  Standalone Price for the SKU (channel and customer group there answer 501);
- `localeProjection`: localized fields (`name`, `slug`, `description`, `ltext` / `lenum` attribute
  values) keep only those locales (a field with none of them keeps one, as Product Projections do);
- in-store: the store's assortment (`_in_store`, `_product_selections`: selections' variant rules
  too) and its Product Tailoring (`_tailoring`).

The id of an embedded variant's projection is the fake's own (a UUID derived from the Product id and
the variant id, stable across calls); a standalone Variant's projection has the Variant's id.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._catalog import all_variants, projection, wants_staged
from ._context import Ctx
from ._errors import invalid_input, not_found, not_implemented
from ._product_discounts import discount_data
from ._product_selections import variant_filter
from ._resources import Resource, query, view
from ._routes import route
from ._search import select_price
from ._standalone_prices import standalone_price
from ._tailoring import tailor, tailored_data

_NAMESPACE = uuid.UUID("6f1c1bb4-3b43-4c36-9a55-2f6c2bde6a1e")
_UNMODELLED_PRICE_PARAMETERS = ("priceCustomerGroupAssignments", "priceRecurrencePolicy")


def modular(ctx: Ctx) -> bool:
    return ctx.project.get("productCatalogModel") == "Modular"


def embedded_variant_id(product_id: str, variant_id: int) -> str:
    """The id the fake gives an embedded variant in its projections and variant attributes."""
    return str(uuid.uuid5(_NAMESPACE, f"{product_id}/{variant_id}"))


@dataclass
class Found:
    """One variant as a projection sees it: its data and its product's projected data."""

    product: Resource
    product_data: dict[str, Any]  # the ProductProjection (current or staged)
    data: dict[str, Any]  # the variant's data (sku, key, images, assets, attributes, prices)
    ident: str
    variant_id: int
    version: int
    created_at: str
    default: bool


def variants(ctx: Ctx, staged: bool, product_id: str | None = None) -> Iterator[Found]:
    """The variants visible through `ctx.store` (an in-store view: its assortment), in creation order."""
    products = [ctx.store.get("product", product_id)] if product_id is not None else ctx.store.all("product")
    by_product = {p["id"]: p for p in products if p is not None}
    if not modular(ctx):
        for product in by_product.values():
            data = projection(product, staged)
            if data is None:
                continue
            tailored = tailored_data(ctx.store, product["id"], staged)
            if tailored is not None:
                tailor(data, None, tailored)
            discount_data(ctx, product, data)
            for variant in all_variants(data):
                if variant_filter(ctx.store, product["id"], variant.get("sku")):
                    yield Found(
                        product,
                        data,
                        variant,
                        embedded_variant_id(product["id"], variant["id"]),
                        variant["id"],
                        product["version"],
                        product["createdAt"],
                        variant["id"] == data["masterVariant"]["id"],
                    )
        return
    for resource in ctx.store.all("variant"):
        owner = by_product.get(resource["product"]["id"])
        shown = projection(owner, staged) if owner is not None else None
        if owner is None or shown is None or (not staged and not resource["published"]):
            continue
        product, data = owner, shown
        own: dict[str, Any] = (
            resource["staged"] if staged and resource.get("staged") is not None else resource["current"]
        )
        variant = {**copy.deepcopy(own), "id": resource["variantId"]}
        if resource.get("key") is not None:
            variant["key"] = resource["key"]
        tailored = tailored_data(ctx.store, product["id"], staged)
        if tailored is not None:
            data = copy.deepcopy(data)
            tailor(data, variant, tailored)
        if variant_filter(ctx.store, product["id"], variant.get("sku")):
            default = (data.get("defaultVariant") or {}).get("id") == resource["id"]
            yield Found(
                product,
                data,
                variant,
                resource["id"],
                resource["variantId"],
                resource["version"],
                resource["createdAt"],
                default,
            )


# -- localization --------------------------------------------------------------------------------


def _locales(ctx: Ctx) -> list[str]:
    return ctx.qs("localeProjection")


def localized(value: Any, locales: list[str]) -> Any:
    """A LocalizedString limited to `locales` (one other locale if it has none of them)."""
    if not locales or not isinstance(value, dict):
        return value
    kept = {k: v for k, v in value.items() if k in locales}
    return kept or dict(list(value.items())[:1])


def _attribute_value(kind: dict[str, Any] | None, value: Any, locales: list[str]) -> Any:
    name = (kind or {}).get("name")
    if name == "set" and isinstance(value, list):
        return [_attribute_value((kind or {}).get("elementType"), v, locales) for v in value]
    if name == "ltext":
        return localized(value, locales)
    if name == "lenum" and isinstance(value, dict):
        return {**value, "label": localized(value.get("label"), locales)}
    return value


def _definitions(ctx: Ctx, product: Resource) -> dict[str, dict[str, Any]]:
    ref = product.get("productType") or {}
    found = ctx.store.unscoped().get("product-type", str(ref.get("id")))
    return {a["name"]: a for a in (found or {}).get("attributes", [])}


def _attributes(
    attributes: list[dict[str, Any]], definitions: dict[str, dict[str, Any]], locales: list[str]
) -> list[dict[str, Any]]:
    out = []
    for attribute in attributes:
        kind = (definitions.get(attribute["name"]) or {}).get("type")
        out.append({"name": attribute["name"], "value": _attribute_value(kind, attribute.get("value"), locales)})
    return out


# -- Variant Projections -------------------------------------------------------------------------


def _attribute_filter(ctx: Ctx) -> tuple[set[str], set[str]]:
    wanted = ctx.qs("filter[attributes]")
    return {n for n in wanted if not n.startswith("-")}, {n[1:] for n in wanted if n.startswith("-")}


def _price(ctx: Ctx, found: Found) -> dict[str, Any] | None:
    given = [name for name in ("priceCountry", "priceChannel", "priceCustomerGroup") if ctx.q(name) is not None]
    currency = ctx.q("priceCurrency")
    if currency is None:
        if given:
            raise invalid_input(f"The parameter '{given[0]}' can only be used together with 'priceCurrency'.")
        return None
    if not modular(ctx):
        return select_price(found.data, ctx, ctx.now)
    if ctx.q("priceChannel") is not None or ctx.q("priceCustomerGroup") is not None:
        raise not_implemented("Variant Projections of a Modular catalog with priceChannel / priceCustomerGroup")
    return standalone_price(ctx, found.data.get("sku"), currency, ctx.q("priceCountry"))


def _projection(ctx: Ctx, found: Found, staged: bool) -> dict[str, Any]:
    locales = _locales(ctx)
    product = found.product_data
    definitions = _definitions(ctx, found.product)
    merged = [*product.get("attributes", []), *found.data.get("attributes", [])]
    keep, drop = _attribute_filter(ctx)
    merged = [a for a in merged if (not keep or a["name"] in keep) and a["name"] not in drop]
    out: dict[str, Any] = {
        "id": found.ident,
        "version": found.version,
        "createdAt": found.created_at,
        "staged": staged,
        "default": found.default,
        "variantId": found.variant_id,
        "product": {"typeId": "product", "id": found.product["id"]},
        "name": localized(product["name"], locales),
        "slug": localized(product["slug"], locales),
        "categories": copy.deepcopy(product.get("categories", [])),
        "images": copy.deepcopy(found.data.get("images", [])),
        "assets": copy.deepcopy(found.data.get("assets", [])),
        "attributes": _attributes(merged, definitions, locales),
    }
    if product.get("description") is not None:
        out["description"] = localized(product["description"], locales)
    if product.get("categoryOrderHints"):
        out["categoryOrderHints"] = copy.deepcopy(product["categoryOrderHints"])
    for field in ("key", "sku"):
        if found.data.get(field) is not None:
            out[field] = found.data[field]
    price = _price(ctx, found)
    if price is not None:
        out["price"] = price
    return out


def _check_parameters(ctx: Ctx) -> bool:
    unmodelled = [name for name in _UNMODELLED_PRICE_PARAMETERS if ctx.q(name) is not None]
    if unmodelled:
        raise not_implemented(f"Variant Projections with {', '.join(unmodelled)}")
    return wants_staged(ctx)


def _all(ctx: Ctx) -> list[dict[str, Any]]:
    staged = _check_parameters(ctx)
    return [_projection(ctx, found, staged) for found in variants(ctx, staged)]


def _one(ctx: Ctx) -> dict[str, Any]:
    staged = _check_parameters(ctx)
    what, value = ("ID", ctx.params["ID"]) if "ID" in ctx.params else ("key", ctx.params["key"])
    for found in variants(ctx, staged):
        if (found.ident if what == "ID" else found.data.get("key")) == value:
            return view(ctx, _projection(ctx, found, staged))
    raise not_found(what, value)


@route("ByProjectKeyVariantProjectionsGet", "ByProjectKeyVariantProjectionsHead")
def _query_projections(ctx: Ctx) -> tuple[int, Any]:
    page = query(ctx, _all(ctx))
    found = 200 if page["results"] else 404
    return (found, None) if ctx.op.method == "HEAD" else (200, page)


@route(*(f"ByProjectKeyVariantProjections{by}{method}" for by in ("ByID", "KeyByKey") for method in ("Get", "Head")))
def _get_projection(ctx: Ctx) -> tuple[int, Any]:
    found = _one(ctx)  # HEAD: 404 alike, no body
    return 200, found if ctx.op.method == "GET" else None


# -- Variant Attributes --------------------------------------------------------------------------


def _availability(ctx: Ctx, sku: str | None) -> dict[str, Any] | None:
    for entry in ctx.store.unscoped().all("inventory-entry"):
        if sku is not None and entry.get("sku") == sku and entry.get("supplyChannel") is None:
            quantity = int(entry.get("availableQuantity") or 0)
            return {"isOnStock": quantity > 0, "availableQuantity": quantity}
    return None


@route(
    "ByProjectKeyProductProjectionsByIDVariantAttributesGet",
    "ByProjectKeyProductProjectionsKeyByKeyVariantAttributesGet",
)
def _variant_attributes(ctx: Ctx) -> tuple[int, Any]:
    names = ctx.qs("filter[attributes]")
    if not names:
        raise invalid_input("Missing required query parameter 'filter[attributes]'.")
    if ctx.qs("filter[supplyChannels]"):
        raise not_implemented("Variant Attributes with filter[supplyChannels] (per-channel availability)")
    staged = wants_staged(ctx)
    what, value = ("ID", ctx.params["ID"]) if "ID" in ctx.params else ("key", ctx.params["key"])
    product = ctx.store.get("product", value) if what == "ID" else ctx.store.find("product", "key", value)
    if product is None or projection(product, staged) is None:
        raise not_found(what, value)
    locales = _locales(ctx)
    definitions = _definitions(ctx, product)
    # Product-level Attributes are ignored, and names the ProductType does not define are omitted.
    wanted = [n for n in names if n in definitions and definitions[n].get("level", "Variant") == "Variant"]
    metadata = [
        {"name": n, "label": localized(definitions[n]["label"], locales), "type": definitions[n]["type"]["name"]}
        for n in wanted
    ]
    rows = []
    for found in variants(ctx, staged, product["id"]):
        attributes = [a for a in found.data.get("attributes", []) if a["name"] in wanted]
        row: dict[str, Any] = {"id": found.ident, "attributes": _attributes(attributes, definitions, locales)}
        for field in ("sku", "key"):
            if found.data.get(field) is not None:
                row[field] = found.data[field]
        availability = _availability(ctx, found.data.get("sku"))
        if availability is not None:
            row["availability"] = availability
        rows.append(row)
    out: dict[str, Any] = {"productId": product["id"], "attributes": metadata, "variants": rows}
    if product.get("key") is not None:
        out["productKey"] = product["key"]
    return 200, out
