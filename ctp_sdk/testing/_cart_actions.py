"""Cart and order update actions of the checkout: custom line items, shipping, discount codes,
payments, item shipping addresses, tax modes and external taxes, freezing.

Each changes the stored fields only; the cart's numbers are recomputed after the update
(`_carts.recompute`, run by `after_actions`).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _checkout, _spec
from ._actions import new_address, on_action
from ._carts import custom_line_item, external_tax_rate
from ._context import Ctx
from ._errors import invalid_json, invalid_operation, not_found, not_implemented
from ._recurrence import with_recurrence
from ._resources import Resource, build, converter, resolve, view
from ._routes import route

Action = dict[str, Any]


def _editable(cart: Resource, action: Action) -> None:
    state = cart.get("cartState", "Active")
    if state == "Frozen":
        # A frozen cart keeps its prices; commercetools refuses changes to what it charges for.
        raise invalid_operation(f"The cart is frozen; '{action['action']}' needs unfreezeCart first.")
    if state != "Active":
        raise invalid_operation(f"The cart is not active (cartState {state}).")


def _custom_item(cart: Resource, action: Action) -> dict[str, Any]:
    for item in cart.get("customLineItems", []):
        if item["id"] == action.get("customLineItemId") or (
            action.get("customLineItemKey") is not None and item.get("key") == action["customLineItemKey"]
        ):
            found: dict[str, Any] = item
            return found
    raise invalid_operation(f"A custom line item with ID '{action.get('customLineItemId')}' not found.")


def _line_item(cart: Resource, action: Action) -> dict[str, Any]:
    for item in cart["lineItems"]:
        if item["id"] == action.get("lineItemId") or (
            action.get("lineItemKey") is not None and item.get("key") == action["lineItemKey"]
        ):
            found: dict[str, Any] = item
            return found
    raise invalid_operation(f"A line item with ID '{action.get('lineItemId')}' not found.")


@on_action("cart", "addCustomLineItem")
def _add_custom(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    draft = {k: v for k, v in action.items() if k != "action"}
    cart.setdefault("customLineItems", []).append(custom_line_item(ctx, cart, draft))


@on_action("cart", "removeCustomLineItem")
def _remove_custom(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    item = _custom_item(cart, action)
    cart["customLineItems"] = [c for c in cart["customLineItems"] if c["id"] != item["id"]]


@on_action("cart", "changeCustomLineItemQuantity", "changeCustomLineItemMoney", "changeCustomLineItemPriceMode")
def _change_custom(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    item = _custom_item(cart, action)
    name = action["action"]
    if name == "changeCustomLineItemQuantity":
        quantity = action.get("quantity")
        if not isinstance(quantity, int) or quantity < 0:
            raise invalid_json("quantity: Missing required value")
        if quantity == 0:
            cart["customLineItems"] = [c for c in cart["customLineItems"] if c["id"] != item["id"]]
        item["quantity"] = quantity
    elif name == "changeCustomLineItemMoney":
        item["money"] = converter(ctx).value(action.get("money"), _spec.model_fields("CustomLineItem")["money"])
    else:
        item["priceMode"] = action.get("mode")


@on_action("cart", "setShippingMethod")
def _set_shipping_method(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    if action.get("externalTaxRate") is not None and cart.get("taxMode") != "External":
        raise invalid_operation("An external tax rate needs the cart's taxMode External.")
    _checkout.select_shipping_method(ctx, cart, action.get("shippingMethod"))
    if action.get("externalTaxRate") is not None:
        cart["shippingInfo"]["taxRate"] = external_tax_rate(action["externalTaxRate"])


@on_action("cart", "setCustomShippingMethod")
def _set_custom_shipping(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    name = action.get("shippingMethodName")
    if not isinstance(name, str):
        raise invalid_json("shippingMethodName: Missing required value")
    rate = converter(ctx).object(action.get("shippingRate") or {}, "ShippingRate", "ShippingRateDraft")
    if "price" not in rate:
        raise invalid_json("shippingRate -> price: Missing required value")
    info: dict[str, Any] = {
        "shippingMethodName": name,
        "price": copy.deepcopy(rate["price"]),
        "shippingRate": rate,
        "shippingMethodState": "MatchesCart",
        "deliveries": [],
    }
    if action.get("taxCategory") is not None:
        info["taxCategory"] = resolve(ctx, "tax-category", action["taxCategory"])
    if action.get("externalTaxRate") is not None:
        info["taxRate"] = external_tax_rate(action["externalTaxRate"])
    cart["shippingInfo"] = info


def _tax_holder(cart: Resource, action: Action, mode: str) -> dict[str, Any]:
    """What a tax action sets taxes on (the shipping info, a line item or a custom line item), after
    checking the cart's tax mode allows setting them."""
    name = action["action"]
    if cart.get("taxMode") != mode:
        raise invalid_operation(f"{name} needs the cart's taxMode {mode}.")
    if name.startswith("setShippingMethod"):
        info = cart.get("shippingInfo")
        if info is None:
            raise invalid_operation("The cart has no shipping method.")
        found: dict[str, Any] = info
        return found
    return _line_item(cart, action) if name.startswith("setLineItem") else _custom_item(cart, action)


@on_action("cart", "setShippingMethodTaxRate", "setLineItemTaxRate", "setCustomLineItemTaxRate")
def _set_tax_rate(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    holder = _tax_holder(cart, action, "External")
    if action.get("externalTaxRate") is None:
        holder.pop("taxRate", None)
    else:
        holder["taxRate"] = external_tax_rate(action["externalTaxRate"])


@on_action("cart", "setLineItemTaxAmount", "setCustomLineItemTaxAmount", "setShippingMethodTaxAmount")
def _set_tax_amount(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    holder = _tax_holder(cart, action, "ExternalAmount")
    amount = action.get("externalTaxAmount")
    if amount is None:
        holder.pop("taxRate", None)
        holder.pop("taxedPrice", None)
        return
    rate = external_tax_rate(amount.get("taxRate"))
    gross = converter(ctx).value(amount.get("totalGross"), _spec.model_fields("TaxedItemPrice")["totalGross"])
    currency = gross["currencyCode"]
    net = round(gross["centAmount"] / (1 + rate["amount"]))
    holder["taxRate"] = rate
    holder["taxedPrice"] = {
        "totalGross": gross,
        "totalNet": _checkout.cents(currency, net),
        "totalTax": _checkout.cents(currency, gross["centAmount"] - net),
        "taxPortions": [
            {
                "rate": rate["amount"],
                "name": rate["name"],
                "amount": _checkout.cents(currency, gross["centAmount"] - net),
            }
        ],
    }


@on_action("cart", "addDiscountCode")
def _add_code(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    _checkout.add_discount_code(ctx, cart, action.get("code"))


@on_action("cart", "removeDiscountCode")
def _remove_code(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    ref = action.get("discountCode") or {}
    before = len(cart.get("discountCodes", []))
    cart["discountCodes"] = [c for c in cart.get("discountCodes", []) if c["discountCode"]["id"] != ref.get("id")]
    if len(cart["discountCodes"]) == before:
        raise invalid_operation(f"The discount code '{ref.get('id')}' is not in the cart.")


@on_action("cart", "addPayment", "removePayment")
@on_action("order", "addPayment", "removePayment")
def _payment(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    ref = resolve(ctx, "payment", action.get("payment"))
    payments = cart.setdefault("paymentInfo", {"payments": []})["payments"]
    present = any(p["id"] == ref["id"] for p in payments)
    if action["action"] == "addPayment":
        if present:
            raise invalid_operation(f"The payment '{ref['id']}' is already added.")
        payments.append(ref)
    else:
        if not present:
            raise invalid_operation(f"The payment '{ref['id']}' is not part of it.")
        payments[:] = [p for p in payments if p["id"] != ref["id"]]
        if not payments:
            del cart["paymentInfo"]


def _item_address(ctx: Ctx, draft: Any) -> dict[str, Any]:
    address = new_address(ctx, draft)
    address.pop("id", None)
    if not address.get("key"):
        raise invalid_json("address -> key: Missing required value (item shipping addresses are keyed)")
    return address


@on_action("cart", "addItemShippingAddress")
@on_action("order", "addItemShippingAddress")
def _add_item_address(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    address = _item_address(ctx, action.get("address"))
    addresses = cart.setdefault("itemShippingAddresses", [])
    if any(a.get("key") == address["key"] for a in addresses):
        raise invalid_operation(f"An item shipping address with key '{address['key']}' already exists.")
    addresses.append(address)


@on_action("cart", "updateItemShippingAddress")
@on_action("order", "updateItemShippingAddress")
def _update_item_address(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    address = _item_address(ctx, action.get("address"))
    addresses = cart.setdefault("itemShippingAddresses", [])
    for i, existing in enumerate(addresses):
        if existing.get("key") == address["key"]:
            addresses[i] = address
            return
    raise invalid_operation(f"No item shipping address with key '{address['key']}'.")


@on_action("cart", "removeItemShippingAddress")
@on_action("order", "removeItemShippingAddress")
def _remove_item_address(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    key = action.get("addressKey")
    addresses = cart.get("itemShippingAddresses", [])
    if not any(a.get("key") == key for a in addresses):
        raise invalid_operation(f"No item shipping address with key '{key}'.")
    for item in [*cart["lineItems"], *cart.get("customLineItems", [])]:
        targets = (item.get("shippingDetails") or {}).get("targets", [])
        if any(t["addressKey"] == key for t in targets):
            raise invalid_operation(f"The item shipping address '{key}' is still used by an item.")
    cart["itemShippingAddresses"] = [a for a in addresses if a.get("key") != key]


def _shipping_details(cart: Resource, item: dict[str, Any], draft: Any) -> dict[str, Any] | None:
    if draft is None:
        return None
    keys = {a.get("key") for a in cart.get("itemShippingAddresses", [])}
    targets = []
    for target in draft.get("targets") or []:
        if target.get("addressKey") not in keys:
            raise invalid_operation(f"No item shipping address with key '{target.get('addressKey')}'.")
        targets.append(copy.deepcopy(target))
    return {"targets": targets, "valid": sum(t["quantity"] for t in targets) == item["quantity"]}


@on_action("cart", "setLineItemShippingDetails", "setCustomLineItemShippingDetails")
@on_action("order", "setLineItemShippingDetails", "setCustomLineItemShippingDetails")
def _set_shipping_details(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    is_line = action["action"] == "setLineItemShippingDetails"
    item = _line_item(cart, action) if is_line else _custom_item(cart, action)
    details = _shipping_details(cart, item, action.get("shippingDetails"))
    if details is None:
        item.pop("shippingDetails", None)
    else:
        item["shippingDetails"] = details


@on_action("cart", "freezeCart", "unfreezeCart")
def _freeze(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    if action["action"] == "freezeCart":
        cart["freezeStrategy"] = action.get("strategy") or "HardFreeze"
        cart["cartState"] = "Frozen"
    else:
        cart.pop("freezeStrategy", None)
        cart["cartState"] = "Active"


@on_action("cart", "setShippingRateInput")
def _set_rate_input(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    draft = action.get("shippingRateInput")
    if draft is None:
        cart.pop("shippingRateInput", None)
        return
    if draft.get("type") == "Score":
        cart["shippingRateInput"] = {"type": "Score", "score": draft.get("score")}
    elif draft.get("type") == "Classification":
        cart["shippingRateInput"] = {"type": "Classification", "key": draft.get("key"), "label": {}}
    else:
        raise not_implemented(f"Shipping rate input '{draft.get('type')}'")


@route("ByProjectKeyCartsReplicatePost", "ByProjectKeyMeCartsReplicatePost")
def _replicate(ctx: Ctx) -> tuple[int, Any]:
    """A new active cart with the line items, custom line items and addresses of a cart or order
    (prices taken anew, as commercetools replicates); under `/me` only of the shopper's own."""
    draft = ctx.body_dict()
    ref = draft.get("reference")
    if not isinstance(ref, dict) or ref.get("typeId") not in ("cart", "order"):
        raise invalid_json("reference: a cart or order reference is required")
    source = ctx.store.get(ref["typeId"], str(ref.get("id")))
    mine = ctx.op.id.startswith("ByProjectKeyMe")
    if source is None or (mine and not _owned_by_token(ctx, source)):
        raise not_found("ID", str(ref.get("id")))
    new_draft: dict[str, Any] = {"currency": source["totalPrice"]["currencyCode"]}
    for field in (
        "country",
        "customerId",
        "customerEmail",
        "anonymousId",
        "shippingAddress",
        "billingAddress",
        "locale",
    ):
        if source.get(field) is not None:
            new_draft[field] = copy.deepcopy(source[field])
    if draft.get("key") is not None:
        new_draft["key"] = draft["key"]
    new_draft["lineItems"] = [
        with_recurrence(i, {"productId": i["productId"], "variantId": i["variant"]["id"], "quantity": i["quantity"]})
        for i in source.get("lineItems", [])
    ]
    new_draft["customLineItems"] = [
        {
            k: copy.deepcopy(v)
            for k, v in {
                "name": c["name"],
                "money": {"currencyCode": c["money"]["currencyCode"], "centAmount": c["money"]["centAmount"]},
                "slug": c["slug"],
                "quantity": c["quantity"],
                "taxCategory": c.get("taxCategory"),
                "recurrenceInfo": c.get("recurrenceInfo"),
            }.items()
            if v is not None
        }
        for c in source.get("customLineItems", [])
    ]
    if mine:
        new_draft.pop("customerId", None)
        new_draft.pop("anonymousId", None)
        if ctx.grant.customer_id is not None:
            new_draft["customerId"] = ctx.grant.customer_id
        elif ctx.grant.anonymous_id is not None:
            new_draft["anonymousId"] = ctx.grant.anonymous_id
    cart = build(ctx, _spec.families()["carts"], new_draft)
    ctx.store.put("cart", cart)
    return 201, view(ctx, cart)


def _owned_by_token(ctx: Ctx, resource: Resource) -> bool:
    if ctx.grant.customer_id is not None:
        return bool(resource.get("customerId") == ctx.grant.customer_id)
    return ctx.grant.anonymous_id is not None and resource.get("anonymousId") == ctx.grant.anonymous_id
