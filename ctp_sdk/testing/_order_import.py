"""Create Order by Import (`POST /orders/import`, https://docs.commercetools.com/api/projects/orders-import):
an Order without a Cart, as another system had it.

As the API documents it: the order's `totalPrice` (and `taxedPrice`) are stored as given, never
computed from the items; negative prices or quantities are not an error; a line item names its
product variant by `sku` (or `productId` with the variant `id`), and the line item takes the
product's id, key, type and slug while its name, price and quantity are the draft's; the
`orderNumber` is unique in the project; stock is touched only when an `inventoryMode` is given
(on the order or the line item), then as for an order from a cart (`_inventory.take_stock`,
`OutOfStock` for `ReserveOnOrder`); `orderState` defaults to `Open`, `origin` to `Customer`.

The `shippingInfo` is stored as given (its deliveries and parcels get ids; `shippingMethodState`
defaults to `MatchesCart`), `itemShippingAddresses` get ids, an item's `shippingDetails` targets
must name one of them (`valid` when they add up to the item's quantity). A pre-calculated
`taxedPrice` on a line item, custom line item or the shipping info is stored as-is instead of being
derived (https://docs.commercetools.com/api/releases/2026-09-03-order-import-now-supports-pre-calculated-taxed-prices;
the field is newer than the spec, so its draft is read as `TaxedItemPrice` minus what is computed).
With Messages on, the import writes `OrderImported {order}` (and no `OrderCreated`).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _messages
from ._actions import new_address
from ._cart_actions import _shipping_details as shipping_details
from ._carts import initial_state
from ._catalog import all_variants
from ._context import Ctx
from ._drafts import check_decodable
from ._errors import ApiFailure, invalid_json
from ._fulfilment import new_delivery
from ._inventory import take_stock
from ._resources import Resource, check_required, check_unique, converter, new_resource, view
from ._routes import route

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


# Item fields set from the draft once the item exists (they need the order or are newer than the spec).
_SET_AFTER = ("shippingDetails", "taxedPrice")


def _line_item(ctx: Ctx, draft: Any, order_mode: str | None) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("lineItems: expected an object")
    check_required(draft, "LineItemImportDraft")
    product, variant = _variant(ctx, draft)
    wanted: dict[str, Any] = draft["variant"]
    convert = converter(ctx)
    body = {k: v for k, v in draft.items() if k not in ("variant", "productId", *_SET_AFTER)}
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
    convert = converter(ctx)
    body = {k: v for k, v in draft.items() if k not in _SET_AFTER}
    item = convert.object(body, "CustomLineItem", "CustomLineItemImportDraft")
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


def _taxed_item_price(ctx: Ctx, draft: Any, where: str) -> dict[str, Any]:
    """A pre-calculated TaxedItemPrice, as given (`taxPortions` empty when none are given)."""
    if not isinstance(draft, dict) or not {"totalNet", "totalGross"} <= draft.keys():
        raise invalid_json(f"{where} -> taxedPrice: totalNet and totalGross are required")
    convert = converter(ctx)
    taxed: dict[str, Any] = convert.object(draft, "TaxedItemPrice", "TaxedItemPrice")
    taxed.setdefault("taxPortions", [])
    return taxed


def _shipping_info(ctx: Ctx, order: Resource, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("shippingInfo: expected an object")
    check_required(draft, "ShippingInfoImportDraft")
    body = {k: v for k, v in draft.items() if k not in ("deliveries", "taxedPrice")}
    info: dict[str, Any] = converter(ctx).object(body, "ShippingInfo", "ShippingInfoImportDraft")
    info.setdefault("shippingMethodState", "MatchesCart")
    info["deliveries"] = [new_delivery(ctx, order, d) for d in draft.get("deliveries") or []]
    if draft.get("taxedPrice") is not None:
        info["taxedPrice"] = _taxed_item_price(ctx, draft["taxedPrice"], "shippingInfo")
    return info


def _set_after(ctx: Ctx, order: Resource, item: dict[str, Any], draft: dict[str, Any], where: str) -> None:
    """The item fields that need the order (its item shipping addresses) or are newer than the spec."""
    details = shipping_details(order, item, draft.get("shippingDetails"))
    if details is not None:
        item["shippingDetails"] = details
    if draft.get("taxedPrice") is not None:
        item["taxedPrice"] = _taxed_item_price(ctx, draft["taxedPrice"], where)


@route("ByProjectKeyOrdersImportPost")
def _import(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "OrderImportDraft")
    order = new_resource(ctx)
    convert = converter(ctx)
    _check_customer(ctx, draft.get("customerId"))
    later = ("lineItems", "customLineItems", "shippingInfo", "itemShippingAddresses")
    body = {k: v for k, v in draft.items() if k not in later}
    order.update(convert.object(body, "Order", "OrderImportDraft"))
    order["itemShippingAddresses"] = [new_address(ctx, a) for a in draft.get("itemShippingAddresses") or []]
    order["lineItems"] = [_line_item(ctx, item, draft.get("inventoryMode")) for item in draft.get("lineItems", [])]
    order["customLineItems"] = [_custom_line_item(ctx, item) for item in draft.get("customLineItems", [])]
    kinds = (("lineItems", "lineItems"), ("customLineItems", "customLineItems"))
    for field, where in kinds:
        for item, item_draft in zip(order[field], draft.get(field) or [], strict=True):
            _set_after(ctx, order, item, item_draft, where)
    if draft.get("shippingInfo") is not None:
        order["shippingInfo"] = _shipping_info(ctx, order, draft["shippingInfo"])
    if draft.get("orderNumber") is not None:
        check_unique(ctx, "order", "orderNumber", draft["orderNumber"], order["id"])
    for name, default in _ORDER_DEFAULTS.items():
        order.setdefault(name, copy.deepcopy(default))
    convert.fill(order, "Order")
    check_decodable("Order", order, "Importing an Order")
    take_stock(ctx, order)  # only items with an inventory mode; raises OutOfStock before anything changes
    ctx.store.put("order", order)
    _messages.write(ctx, "order", order, "OrderImported", {"order": copy.deepcopy(order)})
    return 201, view(ctx, order)
