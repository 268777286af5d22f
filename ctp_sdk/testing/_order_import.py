"""Create Order by Import (`POST /orders/import`, https://docs.commercetools.com/api/projects/orders-import):
an Order without a Cart, as another system had it.

As the API documents it: the order's `totalPrice` (and `taxedPrice`) are stored as given, never
computed from the items; negative prices or quantities are not an error; a line item names its
product variant by `sku` (or `productId` with the variant `id`), and the line item takes the
product's id, key, type and slug while its name, price and quantity are the draft's; the
`orderNumber` is unique in the project; stock is touched only when an `inventoryMode` is given
(on the order or the line item), then as for an order from a cart (`_inventory.take_stock`,
`OutOfStock` for `ReserveOnOrder`); `orderState` defaults to `Open`, `origin` to `Customer`.

What the fake does not model answers 501 rather than a silently different order: `shippingInfo`,
`itemShippingAddresses` and item `shippingDetails`, `taxedPrice` on items, and the import with
Messages enabled (the API writes `OrderImported`, which the fake's Message writer does not derive).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _messages
from ._carts import initial_state
from ._catalog import all_variants
from ._context import Ctx
from ._drafts import check_decodable
from ._errors import ApiFailure, invalid_json, not_implemented
from ._inventory import take_stock
from ._resources import Resource, check_required, check_unique, converter, new_resource, view
from ._routes import route

_UNMODELLED = ("shippingInfo", "itemShippingAddresses")
_ITEM_UNMODELLED = ("shippingDetails", "taxedPrice")
# What an imported order holds when the draft does not say (the defaults of a cart, which the draft
# shares these fields with; an import is never from a shop's tax or shipping setup).
_ORDER_DEFAULTS: dict[str, Any] = {
    "orderState": "Open",
    "origin": "Customer",
    "inventoryMode": "None",
    "taxMode": "Platform",
    "priceRoundingMode": "HalfEven",
    "taxRoundingMode": "HalfEven",
    "taxCalculationMode": "LineItemLevel",
    "shippingMode": "Single",
    "customLineItems": [],
    "shipping": [],
    "itemShippingAddresses": [],
    "discountCodes": [],
    "directDiscounts": [],
    "refusedGifts": [],
    "syncInfo": [],
}


def _variant(ctx: Ctx, item: dict[str, Any]) -> tuple[Resource, dict[str, Any]]:
    """The stored product and variant a LineItemImportDraft names (by sku, else productId + id)."""
    wanted = item["variant"] if isinstance(item.get("variant"), dict) else {}
    sku, variant_id, product_id = wanted.get("sku"), wanted.get("id"), item.get("productId")
    if sku is None and (product_id is None or variant_id is None):
        raise invalid_json("lineItems: a variant needs its sku, or the productId and the variant id")
    products = [ctx.store.get("product", str(product_id))] if product_id is not None else ctx.store.all("product")
    for product in products:
        if product is None:
            continue
        for variant in all_variants(product["masterData"]["current"]):
            if (sku is not None and variant.get("sku") == sku) or (sku is None and variant["id"] == variant_id):
                return product, variant
    what = f"sku '{sku}'" if sku is not None else f"id {variant_id} of product '{product_id}'"
    raise ApiFailure(400, "InvalidInput", f"No product variant with the {what} exists.")


def _line_item(ctx: Ctx, draft: Any, order_mode: str | None) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("lineItems: expected an object")
    check_required(draft, "LineItemImportDraft")
    unmodelled = [name for name in _ITEM_UNMODELLED if draft.get(name) is not None]
    if unmodelled:
        raise not_implemented(f"Order import of line items with {', '.join(unmodelled)}")
    product, variant = _variant(ctx, draft)
    wanted: dict[str, Any] = draft["variant"]
    convert = converter(ctx)
    body = {k: v for k, v in draft.items() if k not in ("variant", "productId")}
    item = convert.object(body, "LineItem", "LineItemImportDraft")
    item.update(
        {
            "id": ctx.new_id(),
            "productId": product["id"],
            "productType": copy.deepcopy(product["productType"]),
            "productSlug": copy.deepcopy(product["masterData"]["current"]["slug"]),
            "variant": copy.deepcopy(variant),
            "totalPrice": copy.deepcopy(item["price"]["value"]),
        }
    )
    item["totalPrice"]["centAmount"] = item["price"]["value"]["centAmount"] * draft["quantity"]
    if product.get("key") is not None:
        item["productKey"] = product["key"]
    # The draft's variant data, where given, is what the other system sold; the rest is the product's.
    for name in ("attributes", "images"):
        if wanted.get(name) is not None:
            item["variant"][name] = copy.deepcopy(wanted[name])
    if wanted.get("prices") is not None:
        item["variant"]["prices"] = [convert.object(price, "Price", "PriceDraft") for price in wanted["prices"]]
        for price in item["variant"]["prices"]:
            price["id"] = ctx.new_id()
    item.setdefault("inventoryMode", order_mode or "None")
    item.setdefault("priceMode", "ExternalPrice")
    item.setdefault("lineItemMode", "Standard")
    item.setdefault("addedAt", ctx.now)
    item.setdefault("lastModifiedAt", ctx.now)
    _item_defaults(ctx, item)
    convert.fill(item, "LineItem")
    return item


def _item_defaults(ctx: Ctx, item: dict[str, Any]) -> None:
    # Without a given `state`, the whole quantity is in the Initial state, as for an order from a cart.
    if not item.get("state"):
        item["state"] = [{"quantity": item["quantity"], "state": initial_state(ctx)}]
    for name in ("discountedPricePerQuantity", "taxedPricePortions", "perMethodTaxRate"):
        item.setdefault(name, [])


def _custom_line_item(ctx: Ctx, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("customLineItems: expected an object")
    check_required(draft, "CustomLineItemImportDraft")
    unmodelled = [name for name in _ITEM_UNMODELLED if draft.get(name) is not None]
    if unmodelled:
        raise not_implemented(f"Order import of custom line items with {', '.join(unmodelled)}")
    convert = converter(ctx)
    item = convert.object(draft, "CustomLineItem", "CustomLineItemImportDraft")
    item["id"] = ctx.new_id()
    item["totalPrice"] = copy.deepcopy(item["money"])
    item["totalPrice"]["centAmount"] = item["money"]["centAmount"] * draft["quantity"]
    item.setdefault("priceMode", "Standard")
    _item_defaults(ctx, item)
    convert.fill(item, "CustomLineItem")
    return item


def _check_customer(ctx: Ctx, customer_id: Any) -> None:
    # customerId is checked against the project's customers (customerEmail is the unchecked way).
    if customer_id is not None and ctx.store.get("customer", str(customer_id)) is None:
        raise ApiFailure(
            400,
            "ReferencedResourceNotFound",
            f"The referenced object of type 'customer' '{customer_id}' was not found.",
            typeId="customer",
            id=str(customer_id),
        )


@route("ByProjectKeyOrdersImportPost")
def _import(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "OrderImportDraft")
    if _messages.enabled(ctx):
        raise not_implemented("Order import with Messages enabled (the OrderImported Message)")
    unmodelled = [name for name in _UNMODELLED if draft.get(name)]
    if unmodelled:
        raise not_implemented(f"Order import with {', '.join(unmodelled)}")
    order = new_resource(ctx)
    convert = converter(ctx)
    _check_customer(ctx, draft.get("customerId"))
    body = {k: v for k, v in draft.items() if k not in ("lineItems", "customLineItems")}
    order.update(convert.object(body, "Order", "OrderImportDraft"))
    order["lineItems"] = [_line_item(ctx, item, draft.get("inventoryMode")) for item in draft.get("lineItems", [])]
    order["customLineItems"] = [_custom_line_item(ctx, item) for item in draft.get("customLineItems", [])]
    if draft.get("orderNumber") is not None:
        check_unique(ctx, "order", "orderNumber", draft["orderNumber"], order["id"])
    for name, default in _ORDER_DEFAULTS.items():
        order.setdefault(name, copy.deepcopy(default))
    convert.fill(order, "Order")
    check_decodable("Order", order, "Importing an Order")
    take_stock(ctx, order)  # only items with an inventory mode; raises OutOfStock before anything changes
    ctx.store.put("order", order)
    return 201, view(ctx, order)
