"""Carts and orders: line items priced from published products, totals, cart merge, order from cart.

Prices: the first embedded price of the variant in the cart's currency whose country (if any)
matches the cart's and that has no customer group or channel. Taxes, discounts and shipping rates
are not computed (no `taxedPrice`); actions that would need them answer 501.
"""

from __future__ import annotations

import copy
from typing import Any

from . import _checkout, _spec
from ._actions import after_actions, apply_custom, new_address, on_action
from ._cart_discount_targets import refuse_gift
from ._catalog import all_variants
from ._context import Ctx
from ._drafts import money
from ._errors import ApiFailure, invalid_json, invalid_operation
from ._inventory import refuse_unmodelled, take_stock
from ._product_discounts import discount_price
from ._recurrence import (
    create_recurring_orders,
    policy_of,
    price_fits,
    recurrence_info,
    recurring_groups,
    with_recurrence,
)
from ._resources import (
    Resource,
    check_required,
    check_unique,
    check_version,
    convert,
    converter,
    custom_fields,
    on_create,
    touch,
)
from ._standalone_prices import standalone_price

# -- line items -----------------------------------------------------------------------------------


def _initial_state(ctx: Ctx) -> dict[str, str]:
    """commercetools' built-in `Initial` LineItemState (created on first use, as in a new project)."""
    state = ctx.store.find("state", "key", "Initial")
    if state is None:
        state = {
            "id": ctx.new_id(),
            "version": 1,
            "createdAt": ctx.now,
            "lastModifiedAt": ctx.now,
            "key": "Initial",
            "type": "LineItemState",
            "initial": True,
            "builtIn": True,
            "transitions": [],
        }
        ctx.store.put("state", state)
    return {"typeId": "state", "id": state["id"]}


initial_state = _initial_state  # for the order import (_order_import)


def _product_and_variant(ctx: Ctx, draft: dict[str, Any]) -> tuple[Resource, dict[str, Any]]:
    product: Resource | None = None
    if draft.get("productId") is not None:
        product = ctx.store.get("product", draft["productId"])
        if product is None:
            raise ApiFailure(
                400,
                "ReferencedResourceNotFound",
                f"The referenced object of type 'product' '{draft['productId']}' was not found.",
                typeId="product",
                id=draft["productId"],
            )
    elif draft.get("sku") is not None:
        for candidate in ctx.store.all("product"):
            if any(v.get("sku") == draft["sku"] for v in all_variants(candidate["masterData"]["current"])):
                product = candidate
                break
        if product is None:
            raise invalid_operation(f"A published product with the SKU '{draft['sku']}' does not exist.")
    else:
        raise invalid_json("LineItemDraft needs productId or sku.")
    if not product["masterData"]["published"]:
        raise invalid_operation(f"The product '{product['id']}' is not published.")
    data = product["masterData"]["current"]
    for variant in all_variants(data):
        if draft.get("sku") is not None:
            if variant.get("sku") == draft["sku"]:
                return product, variant
        elif variant["id"] == draft.get("variantId", 1):
            return product, variant
    raise invalid_operation(f"The product '{product['id']}' has no variant {draft.get('variantId')}.")


def _select_price(
    ctx: Ctx, cart: Resource, product: Resource, variant: dict[str, Any], policy: str | None = None
) -> dict[str, Any]:
    """The price of a line item; a recurring one (`policy`: its Recurrence Policy) only by a price of
    that policy, a one-time one never by a recurring price (`_recurrence`)."""
    currency, country = cart["totalPrice"]["currencyCode"], cart.get("country")
    if product.get("priceMode") == "Standalone":
        standalone = standalone_price(ctx, variant.get("sku"), currency, country, policy)
        if standalone is not None:
            return standalone
    for price in variant.get("prices", []) if product.get("priceMode") != "Standalone" else []:
        if price["value"]["currencyCode"] != currency or "customerGroup" in price or "channel" in price:
            continue
        if not price_fits(price, policy):
            continue
        if price.get("country") not in (None, country):
            continue
        selected: dict[str, Any] = copy.deepcopy(price)
        discount_price(ctx, product, product["masterData"]["current"], variant, selected)
        return selected
    extra: dict[str, Any] = {"productId": product["id"], "variantId": variant["id"], "currency": currency}
    if country:
        extra["country"] = country
    raise ApiFailure(
        400,
        "MatchingPriceNotFound",
        f"The variant '{variant['id']}' of product '{product['id']}' does not contain a price for currency "
        f"'{currency}'{f', country {country}' if country else ''}.",
        **extra,
    )


def add_line_item(ctx: Ctx, cart: Resource, draft: Any) -> None:
    if not isinstance(draft, dict):
        raise invalid_json("lineItems: expected an object")
    quantity = draft.get("quantity", 1)
    if not isinstance(quantity, int) or quantity < 0:
        raise invalid_json("quantity: must be a non-negative integer")
    product, variant = _product_and_variant(ctx, draft)
    recurrence = None
    if draft.get("recurrenceInfo") is not None:
        recurrence = recurrence_info(ctx, draft["recurrenceInfo"], line_item=True)
    for existing in cart["lineItems"]:
        if (
            existing["productId"] == product["id"]
            and existing["variant"]["id"] == variant["id"]
            and "custom" not in draft
            and existing.get("recurrenceInfo") == recurrence
        ):
            existing["quantity"] += quantity
            existing["lastModifiedAt"] = ctx.now
            return
    data = product["masterData"]["current"]
    item: dict[str, Any] = {
        "id": ctx.new_id(),
        "productId": product["id"],
        "name": copy.deepcopy(data["name"]),
        "productType": copy.deepcopy(product["productType"]),
        "productSlug": copy.deepcopy(data["slug"]),
        "variant": copy.deepcopy(variant),
        "price": _select_price(ctx, cart, product, variant, policy_of({"recurrenceInfo": recurrence})),
        "quantity": quantity,
        "discountedPricePerQuantity": [],
        "taxedPricePortions": [],
        "state": [],
        "perMethodTaxRate": [],
        "priceMode": "Platform",
        "lineItemMode": "Standard",
        "inventoryMode": cart.get("inventoryMode", "None"),
        "addedAt": draft.get("addedAt") or ctx.now,
        "lastModifiedAt": ctx.now,
    }
    for key in ("key",):
        if draft.get(key) is not None:
            item[key] = draft[key]
    if product.get("key") is not None:
        item["productKey"] = product["key"]
    if draft.get("custom") is not None:
        item["custom"] = custom_fields(ctx, draft["custom"])
    if recurrence is not None:
        item["recurrenceInfo"] = recurrence
    item["state"] = [{"quantity": quantity, "state": _initial_state(ctx)}]
    cart["lineItems"].append(item)


def recompute(ctx: Ctx, cart: Resource) -> None:
    """Item states, then prices, discounts, shipping, taxes and totals (`_checkout`); a frozen cart
    keeps its numbers."""
    if cart.get("cartState") == "Frozen":
        return
    for item in cart["lineItems"]:
        if item["quantity"] > 0:
            item["state"] = [{"quantity": item["quantity"], "state": _initial_state(ctx)}]
    for custom in cart.get("customLineItems", []):
        custom["state"] = [{"quantity": custom["quantity"], "state": _initial_state(ctx)}]
    _checkout.recompute(ctx, cart)


def custom_line_item(ctx: Ctx, cart: Resource, draft: Any) -> dict[str, Any]:
    """A CustomLineItemDraft as the cart holds it (money in the cart's currency)."""
    if not isinstance(draft, dict):
        raise invalid_json("customLineItems: expected an object")
    check_required(draft, "CustomLineItemDraft")
    item = converter(ctx).object(draft, "CustomLineItem", "CustomLineItemDraft")
    if item["money"]["currencyCode"] != cart["totalPrice"]["currencyCode"]:
        raise invalid_operation("The custom line item's money must be in the cart's currency.")
    if draft.get("externalTaxRate") is not None:
        item["taxRate"] = external_tax_rate(draft["externalTaxRate"])
    item["totalPrice"] = money({"currencyCode": item["money"]["currencyCode"], "centAmount": 0})
    item["state"] = []
    return item


def external_tax_rate(draft: Any) -> dict[str, Any]:
    """An ExternalTaxRateDraft as the TaxRate it sets (includedInPrice defaults to false)."""
    if not isinstance(draft, dict):
        raise invalid_json("externalTaxRate: expected an object")
    check_required(draft, "ExternalTaxRateDraft")
    rate: dict[str, Any] = {
        "name": draft["name"],
        "country": draft["country"],
        "includedInPrice": bool(draft.get("includedInPrice", False)),
    }
    amount = draft.get("amount")
    if amount is None:
        amount = sum(sub.get("amount", 0) for sub in draft.get("subRates") or [])
    rate["amount"] = amount
    for key in ("state", "subRates"):
        if draft.get(key) is not None:
            rate[key] = copy.deepcopy(draft[key])
    return rate


@on_create("cart")
def _create_cart(ctx: Ctx, draft: dict[str, Any], cart: Resource) -> None:
    currency = draft.get("currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise invalid_json("currency: Missing required value")
    cart["totalPrice"] = money({"currencyCode": currency, "centAmount": 0})
    refuse_unmodelled(cart)
    cart["lineItems"] = []
    for key in ("shippingAddress", "billingAddress"):
        if draft.get(key) is not None:
            cart[key] = _address(ctx, draft[key])
    for item in draft.get("lineItems") or []:
        add_line_item(ctx, cart, item)
    cart["customLineItems"] = [custom_line_item(ctx, cart, c) for c in draft.get("customLineItems") or []]
    cart["discountCodes"] = []
    recompute(ctx, cart)
    if draft.get("shippingMethod") is not None:
        _checkout.select_shipping_method(ctx, cart, draft["shippingMethod"])
    for code in draft.get("discountCodes") or []:
        _checkout.add_discount_code(ctx, cart, code)
    recompute(ctx, cart)


def _address(ctx: Ctx, draft: Any) -> dict[str, Any]:
    address = new_address(ctx, draft)
    if "id" not in (draft or {}):
        address.pop("id", None)
    return address


@after_actions("cart")
def _after_cart_update(ctx: Ctx, cart: Resource) -> None:
    recompute(ctx, cart)


def _line_item(cart: Resource, action: dict[str, Any]) -> dict[str, Any]:
    for item in cart["lineItems"]:
        if item["id"] == action.get("lineItemId") or (
            action.get("lineItemKey") is not None and item.get("key") == action.get("lineItemKey")
        ):
            found: dict[str, Any] = item
            return found
    ident = action.get("lineItemId") or action.get("lineItemKey")
    raise invalid_operation(f"A line item with ID '{ident}' not found.")


def _active(cart: Resource) -> None:
    if cart.get("cartState") == "Frozen":
        raise invalid_operation("The cart is frozen; unfreeze it first.")
    if cart.get("cartState") != "Active":
        raise invalid_operation(f"The cart is not active (cartState {cart.get('cartState')}).")


@on_action("cart", "addLineItem")
def _add_line_item(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    _active(cart)
    add_line_item(ctx, cart, action)


@on_action("cart", "removeLineItem")
def _remove_line_item(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    _active(cart)
    item = _line_item(cart, action)
    quantity = action.get("quantity")
    item["quantity"] = 0 if quantity is None else max(0, item["quantity"] - quantity)
    if item.get("lineItemMode") == "GiftLineItem":
        refuse_gift(cart, item)  # a removed gift is refused, not added back by its discount
    item["lastModifiedAt"] = ctx.now


@on_action("cart", "changeLineItemQuantity")
def _change_quantity(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    _active(cart)
    quantity = action.get("quantity")
    if not isinstance(quantity, int) or quantity < 0:
        raise invalid_json("quantity: Missing required value")
    item = _line_item(cart, action)
    item["quantity"] = quantity
    item["lastModifiedAt"] = ctx.now


@on_action("cart", "setShippingAddress", "setBillingAddress")
@on_action("order", "setShippingAddress", "setBillingAddress")
def _set_cart_address(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    field = "shippingAddress" if action["action"] == "setShippingAddress" else "billingAddress"
    if action.get("address") is None:
        cart.pop(field, None)
    else:
        cart[field] = _address(ctx, action["address"])


@on_action("cart", "setCustomerEmail")
@on_action("order", "setCustomerEmail")
def _set_email(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    if action.get("email") is None:
        cart.pop("customerEmail", None)
    else:
        cart["customerEmail"] = action["email"]


@on_action("cart", "setLineItemCustomType", "setLineItemCustomField")
def _line_item_custom(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    apply_custom(ctx, _line_item(cart, action), action)


@on_action("cart", "recalculate")
def _recalculate(ctx: Ctx, family: _spec.Family, cart: Resource, action: dict[str, Any]) -> None:
    if action.get("updateProductData"):
        for item in cart["lineItems"]:
            product, variant = _product_and_variant(
                ctx, {"productId": item["productId"], "variantId": item["variant"]["id"]}
            )
            item["variant"] = copy.deepcopy(variant)
            item["name"] = copy.deepcopy(product["masterData"]["current"]["name"])
    for item in cart["lineItems"]:
        reprice(ctx, cart, item)


def reprice(ctx: Ctx, cart: Resource, item: dict[str, Any]) -> None:
    """Select a line item's price again (its product may have changed, or its recurrence)."""
    current = ctx.store.get("product", item["productId"])
    if current is not None:
        for variant in all_variants(current["masterData"]["current"]):
            if variant["id"] == item["variant"]["id"]:
                item["price"] = _select_price(ctx, cart, current, variant, policy_of(item))


def merge_into(ctx: Ctx, source: Resource, target: Resource) -> None:
    """Move `source`'s line items into `target` (sign-in with MergeWithExistingCustomerCart)."""
    for item in source["lineItems"]:
        add_line_item(
            ctx,
            target,
            with_recurrence(
                item, {"productId": item["productId"], "variantId": item["variant"]["id"], "quantity": item["quantity"]}
            ),
        )
    recompute(ctx, target)
    touch(ctx, target)
    source["cartState"] = "Merged"
    touch(ctx, source)


# -- orders ---------------------------------------------------------------------------------------

_ORDER_FIELDS = tuple(_spec.model_fields("Order"))


def order_from_cart(ctx: Ctx, draft: dict[str, Any], order: Resource, cart: Resource) -> None:
    """Fill `order` from `cart` and mark the cart Ordered (in the store)."""
    check_version(cart, draft.get("version"))
    _active(cart)
    number = draft.get("orderNumber")
    if number is not None:
        check_unique(ctx, "order", "orderNumber", number, order["id"])
    recurring = recurring_groups(ctx, cart)  # 501 with Messages on, before anything changes
    take_stock(ctx, cart)
    # The cart's fields win over the empty defaults the order was built with; the draft's own
    # (orderNumber, states, purchaseOrderNumber) win over the cart's.
    skip = {"id", "version", "createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy", "key", "cartState"}
    for key, value in cart.items():
        if key in _ORDER_FIELDS and key not in skip and draft.get(key) is None:
            order[key] = copy.deepcopy(value)
    order["cart"] = {"typeId": "cart", "id": cart["id"]}
    order.setdefault("orderState", "Open")
    order.setdefault("syncInfo", [])
    ordered = copy.deepcopy(cart)
    ordered["cartState"] = "Ordered"
    touch(ctx, ordered)
    ctx.store.put("cart", ordered)
    create_recurring_orders(ctx, recurring, order, cart, recompute)


@on_create("order")
def _create_order(ctx: Ctx, draft: dict[str, Any], order: Resource) -> None:
    ident = draft.get("cart") or ({"id": draft["id"]} if draft.get("id") else None)
    if not isinstance(ident, dict):
        raise invalid_json("id: Missing required value")
    ref = order.pop("cart", None) or convert(ctx, ident, _spec.model_fields("Order")["cart"])
    cart = ctx.store.get("cart", ref["id"])
    assert cart is not None  # convert() checked it exists
    order_from_cart(ctx, draft, order, cart)
