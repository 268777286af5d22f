"""Product discounts applied to prices, as the API shows them: each embedded price gets
`discounted` from the active, currently valid product discount with the highest `sortOrder` whose
predicate matches (product discounts do not stack), on every read of products and projections and
on the price a cart line item takes (https://docs.commercetools.com/api/projects/productDiscounts).

Predicates: the `_predicates` subset over `product.id`, `product.key`, `productType.id`,
`variant.id` / `variantId`, `sku`, `categories.id`, `categoriesWithAncestors.id`,
`attributes.<name>`, `centAmount`, `currencyCode`, `country`, `customerGroup.id`, `channel.id`.
A predicate outside the subset is refused when the discount is created (501). Values: `relative`
and `absolute`; `external` discounts only through `setDiscountedPrice`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ._context import Ctx
from ._errors import ApiFailure, not_found
from ._predicates import compile_predicate, read_field
from ._resources import Resource, on_create, on_view, view
from ._routes import route


def _subject(ctx: Ctx, product: Resource, data: dict[str, Any], variant: dict[str, Any], price: dict[str, Any]) -> Any:
    categories = data.get("categories", [])
    with_ancestors = []
    for ref in categories:
        with_ancestors.append({"id": ref["id"]})
        category = ctx.store.unscoped().get("category", ref["id"])
        with_ancestors.extend({"id": a["id"]} for a in (category or {}).get("ancestors", []))
    return {
        "product": {"id": product["id"], "key": product.get("key")},
        "productType": {"id": product["productType"]["id"]},
        "variant": {"id": variant["id"]},
        "variantId": variant["id"],
        "sku": variant.get("sku"),
        "categories": [{"id": r["id"]} for r in categories],
        "categoriesWithAncestors": with_ancestors,
        "attributes": {a["name"]: a["value"] for a in variant.get("attributes", [])},
        "centAmount": price["value"]["centAmount"],
        "currencyCode": price["value"]["currencyCode"],
        "country": price.get("country"),
        "customerGroup": price.get("customerGroup"),
        "channel": price.get("channel"),
    }


def _matches(predicate: str, subject: Any) -> bool:
    return bool(compile_predicate(predicate, {}, read_field, "product discount")(subject))


def _active(ctx: Ctx) -> list[Resource]:
    found = []
    for discount in ctx.store.unscoped().all("product-discount"):
        if not discount.get("isActive") or discount["value"].get("type") == "external":
            continue
        if discount.get("validFrom") and discount["validFrom"] > ctx.now:
            continue
        if discount.get("validUntil") and discount["validUntil"] <= ctx.now:
            continue
        found.append(discount)
    return sorted(found, key=lambda d: Decimal(d["sortOrder"]), reverse=True)


def _discounted(discount: Resource, price: dict[str, Any]) -> dict[str, Any]:
    value = discount["value"]
    money = price["value"]
    cents = int(money["centAmount"])
    if value["type"] == "relative":
        off = int((Decimal(cents) * Decimal(value["permyriad"]) / 10_000).quantize(Decimal(1), ROUND_HALF_EVEN))
        new = cents - off
    else:
        amounts = {m["currencyCode"]: m["centAmount"] for m in value.get("money", [])}
        new = max(0, cents - int(amounts.get(money["currencyCode"], 0)))
    return {
        "value": {**money, "centAmount": new},
        "discount": {"typeId": "product-discount", "id": discount["id"]},
    }


def discount_price(
    ctx: Ctx, product: Resource, data: dict[str, Any], variant: dict[str, Any], price: dict[str, Any]
) -> None:
    """Set (or clear) `price['discounted']` from the product discounts (external ones are kept)."""
    existing = price.get("discounted")
    if existing is not None:
        discount = ctx.store.unscoped().get("product-discount", existing["discount"]["id"])
        if discount is not None and discount["value"].get("type") == "external":
            return
    price.pop("discounted", None)
    subject = _subject(ctx, product, data, variant, price)
    for discount in _active(ctx):
        if _matches(discount["predicate"], subject):
            price["discounted"] = _discounted(discount, price)
            return


def discount_data(ctx: Ctx, product: Resource, data: dict[str, Any]) -> None:
    for variant in [data["masterVariant"], *data.get("variants", [])]:
        for price in variant.get("prices", []):
            discount_price(ctx, product, data, variant, price)


@on_view
def discount_product_view(ctx: Ctx, out: Resource) -> None:
    """For a Product or ProductProjection about to be sent: discounted prices as of now."""
    if not ctx.store.unscoped().all("product-discount"):
        return
    if "masterData" in out:
        for key in ("current", "staged"):
            discount_data(ctx, out, out["masterData"][key])
    elif "masterVariant" in out and "productType" in out:
        discount_data(ctx, out, out)


@on_create("product-discount")
def _check_predicate(ctx: Ctx, draft: dict[str, Any], discount: Resource) -> None:
    compile_predicate(discount["predicate"], {}, read_field, "product discount")


@route("ByProjectKeyProductDiscountsMatchingPost")
def _matching(ctx: Ctx) -> tuple[int, Any]:
    query = ctx.body_dict()
    product = ctx.store.get("product", str(query.get("productId")))
    if product is None:
        raise not_found("ID", str(query.get("productId")))
    data = product["masterData"]["staged" if query.get("staged") else "current"]
    variant = next(
        (v for v in [data["masterVariant"], *data.get("variants", [])] if v["id"] == query.get("variantId")), None
    )
    price = query.get("price")
    if variant is None or not isinstance(price, dict):
        raise not_found("variantId", str(query.get("variantId")))
    subject = _subject(ctx, product, data, variant, price)
    for discount in _active(ctx):
        if _matches(discount["predicate"], subject):
            return 200, view(ctx, discount)
    raise ApiFailure(
        404, "NoMatchingProductDiscountFound", "Couldn't find a matching product discount for the given query."
    )
