"""Cart arithmetic as commercetools documents it: discounts, shipping, taxes, totals.

`recompute(ctx, cart)` runs after every cart change, in the API's order
(https://docs.commercetools.com/api/carts-orders-overview#cart-price-calculation):

1. line items and custom line items at their unit price;
2. cart discounts (active, valid now, of the cart's store if they name stores; those that require a
   code only with one of the cart's active codes), highest `sortOrder` first, each if its
   `cartPredicate` holds, on its target (`lineItems`, `customLineItems`, `shipping`, `totalPrice`)
   with a `relative`, `absolute` or `fixed` value, per unit, on multi-buy targets, or as a gift
   line item (`_cart_discount_targets`); `StopAfterThisDiscount` ends the run once it applied;
3. the shipping method's rate for the cart's shipping address (zone by country and state, rate by
   currency, `freeAbove`, CartValue / CartClassification / CartScore tiers);
4. taxes in `Platform` mode from each item's tax category and the shipping address (`External`:
   the rates set by the tax actions; `ExternalAmount`: the amounts set; `Disabled`: none), net and
   gross rounded half-even per item; the cart's `taxedPrice` only when every item has a rate;
5. `totalPrice`: items + custom items + shipping, less a total-price discount.

Pattern targets answer 501 (refused when the discount is created).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ._cart_discount_targets import (
    Portions,
    Units,
    add_gift,
    apply_multi_buy,
    gift_item,
    per_quantity,
    reduce_unit,
    refused,
)
from ._context import Ctx
from ._drafts import money
from ._errors import ApiFailure, invalid_operation, not_implemented
from ._predicates import Node, compile_predicate, read_field
from ._resources import resolve

Resource = dict[str, Any]


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def cents(currency: str, amount: int) -> dict[str, Any]:
    return money({"currencyCode": currency, "centAmount": amount})


# -- predicates ---------------------------------------------------------------------------------


def _field_reader(ctx: Ctx) -> Callable[[dict[str, Any], str], Any]:
    def read(obj: dict[str, Any], path: str) -> Any:
        if "productId" in obj:  # a line item
            head, _, rest = path.partition(".")
            if path == "sku":
                return obj["variant"].get("sku")
            if head == "product" and rest == "id":
                return obj["productId"]
            if head == "product" and rest == "key":
                return obj.get("productKey")
            if head == "attributes":
                for attribute in obj["variant"].get("attributes", []):
                    if attribute["name"] == rest:
                        return attribute["value"]
                return None
            if head == "categories":
                product = ctx.store.unscoped().get("product", obj["productId"])
                refs = product["masterData"]["current"].get("categories", []) if product else []
                return [r.get(rest or "id") for r in refs]
            if head == "price":
                return read_field(obj["price"], rest or "value") if rest != "centAmount" else obj["price"]["value"]
            if head == "variant" and rest == "id":
                return obj["variant"]["id"]
            return read_field(obj, path)
        if path == "currency":
            return obj["totalPrice"]["currencyCode"]
        if path.startswith("customer.") and obj.get("customerId"):
            customer = ctx.store.unscoped().get("customer", obj["customerId"])
            return read_field(customer or {}, path[len("customer.") :])
        if path == "totalPrice":
            return obj.get("_itemsTotal", obj["totalPrice"])
        return read_field(obj, path)

    return read


def _sum_items(items: list[dict[str, Any]], test: Node, value: Callable[[dict[str, Any]], int]) -> int:
    return sum(value(item) for item in items if test(item))


def _functions(cart: Resource) -> dict[str, Callable[[dict[str, Any], Node], Any]]:
    currency = cart["totalPrice"]["currencyCode"]

    def total(o: dict[str, Any], test: Node) -> Any:
        return cents(currency, _sum_items(cart["lineItems"], test, lambda i: i["totalPrice"]["centAmount"]))

    def count(o: dict[str, Any], test: Node) -> Any:
        return Decimal(_sum_items(cart["lineItems"], test, lambda i: int(i["quantity"])))

    def exists(o: dict[str, Any], test: Node) -> Any:
        return any(test(i) for i in cart["lineItems"])

    def custom_total(o: dict[str, Any], test: Node) -> Any:
        items = cart.get("customLineItems", [])
        return cents(currency, _sum_items(items, test, lambda i: i["totalPrice"]["centAmount"]))

    return {
        "lineItemTotal": total,
        "lineItemNetTotal": total,
        "lineItemGrossTotal": total,
        "lineItemCount": count,
        "lineItemExists": exists,
        "customLineItemTotal": custom_total,
        "customLineItemCount": lambda o, t: Decimal(sum(i["quantity"] for i in cart.get("customLineItems", []))),
    }


def cart_matches(ctx: Ctx, cart: Resource, predicate: str | None, what: str) -> bool:
    if predicate is None:
        return True
    return bool(compile_predicate(predicate, _functions(cart), _field_reader(ctx), what)(cart))


def _item_test(ctx: Ctx, cart: Resource, predicate: str) -> Node:
    return compile_predicate(predicate, _functions(cart), _field_reader(ctx), "line item")


# -- discounts ----------------------------------------------------------------------------------


def _active_now(ctx: Ctx, resource: Resource) -> bool:
    if not resource.get("isActive", True):
        return False
    if resource.get("validFrom") and resource["validFrom"] > ctx.now:
        return False
    return not (resource.get("validUntil") and resource["validUntil"] <= ctx.now)


def _discounts(ctx: Ctx, cart: Resource) -> list[Resource]:
    everything = ctx.store.unscoped()
    coded: set[str] = set()
    for info in cart.get("discountCodes", []):
        code = everything.get("discount-code", info["discountCode"]["id"])
        if code is not None and info.get("state") == "MatchesCart":
            coded.update(ref["id"] for ref in code["cartDiscounts"])
    store = (cart.get("store") or {}).get("key")
    found = []
    for discount in everything.all("cart-discount"):
        if not _active_now(ctx, discount):
            continue
        if discount.get("requiresDiscountCode") and discount["id"] not in coded:
            continue
        stores = [s.get("key") for s in discount.get("stores", [])]
        if stores and store not in stores:
            continue
        found.append(discount)
    return sorted(found, key=lambda d: Decimal(d["sortOrder"]), reverse=True)


def _to_zero(unit: int, value: dict[str, Any], currency: str) -> int:
    return 0  # a gift line item costs nothing


def _reduced(unit: int, value: dict[str, Any], currency: str) -> int:
    kind = value.get("type")
    if kind == "relative":
        return unit - _round(Decimal(unit) * Decimal(value["permyriad"]) / Decimal(10_000))
    amounts: dict[str, int] = {m["currencyCode"]: int(m["centAmount"]) for m in value.get("money", [])}
    if currency not in amounts:
        return unit
    if kind == "absolute":
        return max(0, unit - amounts[currency])
    if kind == "fixed":
        return min(unit, amounts[currency])
    raise not_implemented(f"Cart discount value '{kind}'")


def _discount_items(
    items: list[dict[str, Any]],
    units: Units,
    portions: Portions,
    discount: Resource,
    currency: str,
) -> bool:
    applied = False
    for item in items:
        for i in range(len(units[item["id"]])):
            applied = reduce_unit(units, portions, item["id"], i, discount, currency, _reduced) or applied
    return applied


# -- shipping -----------------------------------------------------------------------------------


def _zone_matches(zone: Resource, address: dict[str, Any]) -> bool:
    for location in zone.get("locations", []):
        if location.get("country") == address.get("country") and location.get("state") in (None, address.get("state")):
            return True
    return False


def shipping_rate(ctx: Ctx, cart: Resource, method: Resource) -> dict[str, Any]:
    """The method's rate for the cart (its zone, currency), or 400 ShippingMethodDoesNotMatchCart."""
    address = cart.get("shippingAddress")
    currency = cart["totalPrice"]["currencyCode"]
    if address is None:
        raise invalid_operation("The cart needs a shipping address to select a shipping method.")
    everything = ctx.store.unscoped()
    if cart_matches(ctx, cart, method.get("predicate"), "shipping method"):
        for zone_rate in method.get("zoneRates", []):
            zone = everything.get("zone", zone_rate["zone"]["id"])
            if zone is None or not _zone_matches(zone, address):
                continue
            for rate in zone_rate.get("shippingRates", []):
                if rate["price"]["currencyCode"] == currency:
                    return copy.deepcopy(rate)
    raise ApiFailure(
        400,
        "ShippingMethodDoesNotMatchCart",
        f"The shipping method '{method['id']}' does not match the cart (address, currency or predicate).",
    )


def _shipping_price(cart: Resource, rate: dict[str, Any], items_total: int) -> int:
    price: int = rate["price"]["centAmount"]
    free = rate.get("freeAbove")
    for tier in rate.get("tiers", []):
        tier["isMatching"] = False
    tiers = rate.get("tiers", [])
    chosen: dict[str, Any] | None = None
    rate_input = cart.get("shippingRateInput") or {}
    for tier in tiers:
        kind = tier.get("type")
        if kind == "CartValue" and items_total >= tier["minimumCentAmount"]:
            if chosen is None or tier["minimumCentAmount"] > chosen["minimumCentAmount"]:
                chosen = tier
        elif kind == "CartClassification" and rate_input.get("key") == tier.get("value"):
            chosen = tier
        elif kind == "CartScore" and rate_input.get("score") == tier.get("score"):
            if "price" not in tier:
                raise not_implemented("CartScore tiers with a priceFunction")
            chosen = tier
    if chosen is not None:
        chosen["isMatching"] = True
        price = chosen["price"]["centAmount"]
    if free is not None and items_total >= free["centAmount"]:
        price = 0
    rate["isMatching"] = True
    return price


def _update_shipping(ctx: Ctx, cart: Resource, items_total: int) -> None:
    info = cart.get("shippingInfo")
    if info is None:
        return
    currency = cart["totalPrice"]["currencyCode"]
    method_ref = info.get("shippingMethod")
    if method_ref is not None:
        method = ctx.store.unscoped().get("shipping-method", method_ref["id"])
        if method is None:
            cart.pop("shippingInfo")
            return
        try:
            info["shippingRate"] = shipping_rate(ctx, cart, method)
            info["shippingMethodState"] = "MatchesCart"
        except ApiFailure:
            info["shippingMethodState"] = "DoesNotMatchCart"
    rate = info["shippingRate"]
    info["price"] = cents(currency, _shipping_price(cart, rate, items_total))
    info.pop("discountedPrice", None)


# -- taxes --------------------------------------------------------------------------------------


def platform_rate(ctx: Ctx, category_ref: Any, address: dict[str, Any] | None) -> dict[str, Any] | None:
    """The tax category's rate for the address's country (and state), as the item's `taxRate`."""
    if not isinstance(category_ref, dict) or address is None:
        return None
    category = ctx.store.unscoped().get("tax-category", category_ref.get("id", ""))
    if category is None:
        return None
    best: dict[str, Any] | None = None
    for rate in category.get("rates", []):
        if rate.get("country") != address.get("country"):
            continue
        if rate.get("state") is not None and rate.get("state") != address.get("state"):
            continue
        if best is None or rate.get("state") is not None:
            best = rate
    return copy.deepcopy(best) if best is not None else None


def _taxed(amount: int, rate: dict[str, Any], currency: str) -> dict[str, Any]:
    r = Decimal(str(rate["amount"]))
    if rate.get("includedInPrice"):
        gross = amount
        net = _round(Decimal(amount) / (1 + r))
    else:
        net = amount
        gross = amount + _round(Decimal(amount) * r)
    portions = [{"rate": rate["amount"], "amount": cents(currency, gross - net), "name": rate.get("name")}]
    return {
        "totalNet": cents(currency, net),
        "totalGross": cents(currency, gross),
        "totalTax": cents(currency, gross - net),
        "taxPortions": portions,
    }


def _apply_taxes(ctx: Ctx, cart: Resource, priced: list[tuple[dict[str, Any], int]]) -> None:
    """`priced`: (item-like dict holding `taxRate` / `taxedPrice`, its discounted total)."""
    mode = cart.get("taxMode", "Platform")
    currency = cart["totalPrice"]["currencyCode"]
    complete = bool(priced) and mode != "Disabled"
    for holder, amount in priced:
        if mode == "Disabled":
            holder.pop("taxRate", None)
            holder.pop("taxedPrice", None)
            continue
        if mode == "ExternalAmount":
            if "taxedPrice" not in holder:
                complete = False
            continue
        if mode == "Platform":
            rate = platform_rate(ctx, holder.get("_taxCategory"), cart.get("shippingAddress"))
            if rate is None:
                holder.pop("taxRate", None)
            else:
                holder["taxRate"] = rate
        if "taxRate" in holder:
            holder["taxedPrice"] = _taxed(amount, holder["taxRate"], currency)
        else:
            holder.pop("taxedPrice", None)
            complete = False
    if not complete:
        cart.pop("taxedPrice", None)
        cart.pop("taxedShippingPrice", None)
        return
    net = sum(h["taxedPrice"]["totalNet"]["centAmount"] for h, _ in priced)
    gross = sum(h["taxedPrice"]["totalGross"]["centAmount"] for h, _ in priced)
    portions: dict[tuple[Any, Any], int] = {}
    for holder, _ in priced:
        for portion in holder["taxedPrice"]["taxPortions"]:
            key = (portion.get("name"), portion["rate"])
            portions[key] = portions.get(key, 0) + portion["amount"]["centAmount"]
    cart["taxedPrice"] = {
        "totalNet": cents(currency, net),
        "totalGross": cents(currency, gross),
        "totalTax": cents(currency, gross - net),
        "taxPortions": [
            {"name": name, "rate": rate, "amount": cents(currency, amount)} for (name, rate), amount in portions.items()
        ],
    }
    info = cart.get("shippingInfo")
    if info is not None and "taxedPrice" in info:
        cart["taxedShippingPrice"] = copy.deepcopy(info["taxedPrice"])


# -- the whole calculation ----------------------------------------------------------------------


def info_has_shipping(cart: Resource) -> bool:
    return cart.get("shippingInfo") is not None


def recompute(ctx: Ctx, cart: Resource) -> None:
    """Prices, discounts, shipping, taxes and totals of `cart`, in place."""
    currency = cart["totalPrice"]["currencyCode"]
    cart["lineItems"] = [item for item in cart["lineItems"] if item["quantity"] > 0]
    items = cart["lineItems"]
    custom = cart.setdefault("customLineItems", [])
    # A product-discounted price is the line item's unit price (cart discounts apply on top). Prices
    # are per unit: a multi-buy discount reduces some units of a line item and not others.
    units: Units = {}
    for item in items:
        unit = int((item["price"].get("discounted") or item["price"])["value"]["centAmount"])
        units[item["id"]] = [unit] * item["quantity"]
    units.update({c["id"]: [int(c["money"]["centAmount"])] * c["quantity"] for c in custom})
    portions: Portions = {key: [[] for _ in prices] for key, prices in units.items()}
    for item in items:
        if item.get("priceMode") != "ExternalTotal":
            item["totalPrice"] = cents(currency, sum(units[item["id"]]))
    for item in custom:
        item["totalPrice"] = cents(currency, sum(units[item["id"]]))
    items_total = sum(i["totalPrice"]["centAmount"] for i in items) + sum(c["totalPrice"]["centAmount"] for c in custom)
    cart["_itemsTotal"] = cents(currency, items_total)
    for code_info in cart.get("discountCodes", []):
        code = ctx.store.unscoped().get("discount-code", code_info["discountCode"]["id"])
        if code is None or not _active_now(ctx, code):
            code_info["state"] = "NotActive"
        elif cart_matches(ctx, cart, code.get("cartPredicate"), "discount code"):
            code_info["state"] = "MatchesCart"
        else:
            code_info["state"] = "DoesNotMatchCart"
    # Item discounts first (in sortOrder; StopAfterThisDiscount ends the run), then shipping is priced
    # on the discounted item total, then shipping and total-price discounts of the same run.
    later: list[Resource] = []
    gifts: list[str] = []  # the gift line items whose discount applies
    try:
        for discount in _discounts(ctx, cart):
            if not cart_matches(ctx, cart, discount["cartPredicate"], "cart"):
                continue
            kind = (discount.get("target") or {}).get("type")
            if discount["value"].get("type") == "giftLineItem":
                if refused(cart, discount):
                    continue
                gift = gift_item(cart, discount["value"]) or add_gift(ctx, cart, discount["value"])
                items = cart["lineItems"]
                price = int(gift["price"]["value"]["centAmount"])
                units.setdefault(gift["id"], [price])
                portions.setdefault(gift["id"], [[]])
                gifts.append(gift["id"])
                applied = reduce_unit(units, portions, gift["id"], 0, discount, currency, _to_zero)
            elif kind in ("lineItems", "customLineItems"):
                test = _item_test(ctx, cart, discount["target"]["predicate"])
                pool = items if kind == "lineItems" else custom
                applied = _discount_items([i for i in pool if test(i)], units, portions, discount, currency)
            elif kind in ("multiBuyLineItems", "multiBuyCustomLineItems"):
                test = _item_test(ctx, cart, discount["target"]["predicate"])
                pool = items if kind == "multiBuyLineItems" else custom
                matching = [i for i in pool if test(i) and i.get("lineItemMode") != "GiftLineItem"]
                applied = apply_multi_buy(matching, units, portions, discount, currency, _reduced)
            elif kind in ("shipping", "totalPrice"):
                applied = kind == "totalPrice" or info_has_shipping(cart)
                later.append(discount)
            else:
                raise not_implemented(f"Cart discount target '{kind}'")
            if applied and discount.get("stackingMode") == "StopAfterThisDiscount":
                break
    finally:
        del cart["_itemsTotal"]
    # A gift whose discount no longer applies leaves the cart.
    cart["lineItems"] = items = [
        i for i in cart["lineItems"] if i.get("lineItemMode") != "GiftLineItem" or i["id"] in gifts
    ]
    discounted_total = sum(sum(units[i["id"]]) for i in [*items, *custom])
    _update_shipping(ctx, cart, discounted_total)
    shipping_key = "__shipping__"
    info = cart.get("shippingInfo")
    if info is not None:
        units[shipping_key] = [info["price"]["centAmount"]]
        portions[shipping_key] = [[]]
    total_discounts: list[dict[str, Any]] = []
    for discount in later:
        if discount["target"]["type"] == "shipping":
            fake = [{"id": shipping_key}] if info is not None else []
            _discount_items(fake, units, portions, discount, currency)
        else:
            total_discounts.append(discount)
    for item in [*items, *custom]:
        item["discountedPricePerQuantity"] = per_quantity(units[item["id"]], portions[item["id"]], currency)
        if item["discountedPricePerQuantity"] and item.get("priceMode") != "ExternalTotal":
            item["totalPrice"] = cents(currency, sum(units[item["id"]]))
    shipping_price = 0
    if info is not None:
        shipping_price = units[shipping_key][0]
        if portions[shipping_key][0]:
            info["discountedPrice"] = {
                "value": cents(currency, shipping_price),
                "includedDiscounts": portions[shipping_key][0],
            }
    total = sum(i["totalPrice"]["centAmount"] for i in items) + sum(c["totalPrice"]["centAmount"] for c in custom)
    total += shipping_price
    cart.pop("discountOnTotalPrice", None)
    if total_discounts:
        included = []
        for discount in total_discounts:
            reduced = _reduced(total, discount["value"], currency)
            included.append(
                {
                    "discount": {"typeId": "cart-discount", "id": discount["id"]},
                    "discountedAmount": cents(currency, total - reduced),
                }
            )
            total = reduced
        amount = sum(p["discountedAmount"]["centAmount"] for p in included)
        cart["discountOnTotalPrice"] = {"discountedAmount": cents(currency, amount), "includedDiscounts": included}
    cart["totalPrice"] = cents(currency, total)
    priced: list[tuple[dict[str, Any], int]] = []
    for item in items:
        product = ctx.store.unscoped().get("product", item["productId"])
        item["_taxCategory"] = product.get("taxCategory") if product else None
        priced.append((item, item["totalPrice"]["centAmount"]))
    for item in custom:
        item["_taxCategory"] = item.get("taxCategory")
        priced.append((item, item["totalPrice"]["centAmount"]))
    if info is not None:
        info["_taxCategory"] = info.get("taxCategory")
        priced.append((info, shipping_price))
    try:
        _apply_taxes(ctx, cart, priced)
    finally:
        for holder, _ in priced:
            holder.pop("_taxCategory", None)
    quantity = sum(item["quantity"] for item in items)
    if quantity:
        cart["totalLineItemQuantity"] = quantity
    else:
        cart.pop("totalLineItemQuantity", None)


# -- what actions and drafts select ---------------------------------------------------------------


def select_shipping_method(ctx: Ctx, cart: Resource, ident: Any) -> None:
    """Set the cart's shipping method (`None` removes it); 400 if it does not match the cart."""
    if ident is None:
        cart.pop("shippingInfo", None)
        return
    ref = resolve(ctx, "shipping-method", ident)
    method = ctx.store.unscoped().get("shipping-method", ref["id"])
    assert method is not None
    rate = shipping_rate(ctx, cart, method)
    info: dict[str, Any] = {
        "shippingMethodName": method["name"],
        "price": copy.deepcopy(rate["price"]),
        "shippingRate": rate,
        "shippingMethod": ref,
        "shippingMethodState": "MatchesCart",
        "deliveries": [],
    }
    if method.get("taxCategory") is not None:
        info["taxCategory"] = copy.deepcopy(method["taxCategory"])
    cart["shippingInfo"] = info


def add_discount_code(ctx: Ctx, cart: Resource, code_text: Any) -> None:
    """Add a discount code by its code; 400 DiscountCodeNonApplicable if it cannot apply."""
    found = ctx.store.unscoped().find("discount-code", "code", code_text)
    if found is None:
        raise ApiFailure(
            400,
            "DiscountCodeNonApplicable",
            f"The discount code '{code_text}' was not found.",
            discountCode=code_text,
            reason="DoesNotExist",
        )
    if any(info["discountCode"]["id"] == found["id"] for info in cart.get("discountCodes", [])):
        raise invalid_operation(f"The discount code '{code_text}' is already in the cart.")
    if not _active_now(ctx, found):
        raise ApiFailure(
            400,
            "DiscountCodeNonApplicable",
            f"The discount code '{code_text}' is not active or not valid now.",
            discountCode=code_text,
            reason="NotActive" if not found.get("isActive", True) else "NotValid",
        )
    state = (
        "MatchesCart" if cart_matches(ctx, cart, found.get("cartPredicate"), "discount code") else "DoesNotMatchCart"
    )
    cart.setdefault("discountCodes", []).append(
        {"discountCode": {"typeId": "discount-code", "id": found["id"]}, "state": state}
    )
