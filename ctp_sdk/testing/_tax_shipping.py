"""Tax categories (rates get ids; a rate's amount is its sub-rates' sum when not given) and
shipping methods' zone rates (`addZone`, `addShippingRate`, ...)."""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import on_action
from ._checkout import cart_matches
from ._context import Ctx
from ._errors import invalid_input, invalid_json, invalid_operation
from ._resources import Resource, converter, on_create, query, resolve
from ._routes import route

Action = dict[str, Any]


def _tax_rate(ctx: Ctx, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("taxRate: Missing required value")
    rate = converter(ctx).object(draft, "TaxRate", "TaxRateDraft")
    if draft.get("amount") is None:
        if not draft.get("subRates"):
            raise invalid_json("taxRate -> amount: Missing required value (or subRates)")
        rate["amount"] = sum(sub["amount"] for sub in draft["subRates"])
    rate["id"] = ctx.new_id()[:8]
    return rate


@on_create("tax-category")
def _create_tax_category(ctx: Ctx, draft: dict[str, Any], category: Resource) -> None:
    category["rates"] = [_tax_rate(ctx, rate) for rate in draft.get("rates") or []]


def _rate_index(category: Resource, action: Action) -> int:
    for i, rate in enumerate(category.get("rates", [])):
        if rate.get("id") == action.get("taxRateId") or (
            action.get("taxRateKey") is not None and rate.get("key") == action["taxRateKey"]
        ):
            return i
    raise invalid_operation(f"The tax category has no rate '{action.get('taxRateId') or action.get('taxRateKey')}'.")


@on_action("tax-category", "addTaxRate")
def _add_rate(ctx: Ctx, family: _spec.Family, category: Resource, action: Action) -> None:
    category.setdefault("rates", []).append(_tax_rate(ctx, action.get("taxRate")))


@on_action("tax-category", "removeTaxRate")
def _remove_rate(ctx: Ctx, family: _spec.Family, category: Resource, action: Action) -> None:
    del category["rates"][_rate_index(category, action)]


@on_action("tax-category", "replaceTaxRate")
def _replace_rate(ctx: Ctx, family: _spec.Family, category: Resource, action: Action) -> None:
    i = _rate_index(category, action)
    replacement = _tax_rate(ctx, action.get("taxRate"))
    replacement["id"] = category["rates"][i]["id"]
    category["rates"][i] = replacement


def _zone_rate(ctx: Ctx, method: Resource, action: Action) -> dict[str, Any]:
    ref = resolve(ctx, "zone", action.get("zone"))
    for zone_rate in method.get("zoneRates", []):
        if zone_rate["zone"]["id"] == ref["id"]:
            found: dict[str, Any] = zone_rate
            return found
    raise invalid_operation(f"The shipping method has no zone '{ref['id']}'.")


@on_action("shipping-method", "addZone")
def _add_zone(ctx: Ctx, family: _spec.Family, method: Resource, action: Action) -> None:
    ref = resolve(ctx, "zone", action.get("zone"))
    if any(z["zone"]["id"] == ref["id"] for z in method.get("zoneRates", [])):
        raise invalid_operation(f"The zone '{ref['id']}' is already in the shipping method.")
    method.setdefault("zoneRates", []).append({"zone": ref, "shippingRates": []})


@on_action("shipping-method", "removeZone")
def _remove_zone(ctx: Ctx, family: _spec.Family, method: Resource, action: Action) -> None:
    zone_rate = _zone_rate(ctx, method, action)
    method["zoneRates"] = [z for z in method["zoneRates"] if z is not zone_rate]


@on_action("shipping-method", "addShippingRate", "removeShippingRate")
def _shipping_rate(ctx: Ctx, family: _spec.Family, method: Resource, action: Action) -> None:
    zone_rate = _zone_rate(ctx, method, action)
    draft = action.get("shippingRate")
    if not isinstance(draft, dict):
        raise invalid_json("shippingRate: Missing required value")
    rate = converter(ctx).object(draft, "ShippingRate", "ShippingRateDraft")
    rates = zone_rate["shippingRates"]
    same_currency = [r for r in rates if r["price"]["currencyCode"] == rate["price"]["currencyCode"]]
    if action["action"] == "addShippingRate":
        if same_currency:
            raise invalid_operation("The zone already has a shipping rate in that currency.")
        rates.append(rate)
        return
    matching = [r for r in rates if r["price"] == rate["price"]]
    if not matching:
        raise invalid_operation("The zone has no such shipping rate.")
    zone_rate["shippingRates"] = [r for r in rates if r["price"] != rate["price"]]


# -- which shipping methods fit ---------------------------------------------------------------


def _with_rates_for(ctx: Ctx, methods: list[Resource], address: dict[str, Any], currency: str | None) -> list[Resource]:
    """Methods with a zone covering `address` that has a rate (in `currency`, if given); each keeps
    only those zone rates and marks the matching rates `isMatching`."""
    out = []
    for method in methods:
        method = copy.deepcopy(method)
        kept = []
        for zone_rate in method.get("zoneRates", []):
            zone = ctx.store.unscoped().get("zone", zone_rate["zone"]["id"])
            if zone is None or not any(
                loc.get("country") == address.get("country") and loc.get("state") in (None, address.get("state"))
                for loc in zone.get("locations", [])
            ):
                continue
            rates = [
                r for r in zone_rate["shippingRates"] if currency is None or r["price"]["currencyCode"] == currency
            ]
            for rate in rates:
                rate["isMatching"] = True
            if rates:
                kept.append({**zone_rate, "shippingRates": rates})
        if kept:
            method["zoneRates"] = kept
            out.append(method)
    return out


def _for_cart(ctx: Ctx, cart: Resource, address: dict[str, Any]) -> tuple[int, Any]:
    currency = cart["totalPrice"]["currencyCode"]
    methods = [
        m
        for m in _with_rates_for(ctx, ctx.store.all("shipping-method"), address, currency)
        if cart_matches(ctx, cart, m.get("predicate"), "shipping method")
    ]
    return _answer(ctx, methods)


def _cart_of(ctx: Ctx) -> Resource:
    cart_id = ctx.q("cartId")
    cart = ctx.store.get("cart", cart_id) if cart_id else None
    if cart is None:
        raise invalid_input("The cartId query parameter must name an existing cart.")
    return cart


@route("ByProjectKeyShippingMethodsMatchingCartGet", "ByProjectKeyShippingMethodsMatchingCartHead")
def _matching_cart(ctx: Ctx) -> tuple[int, Any]:
    cart = _cart_of(ctx)
    address = cart.get("shippingAddress")
    if address is None:
        raise invalid_operation("The cart has no shipping address.")
    return _for_cart(ctx, cart, address)


@route("ByProjectKeyShippingMethodsMatchingCartLocationGet", "ByProjectKeyShippingMethodsMatchingCartLocationHead")
def _matching_cart_location(ctx: Ctx) -> tuple[int, Any]:
    cart, country = _cart_of(ctx), ctx.q("country")
    if not country:
        raise invalid_input("The country query parameter is required.")
    return _for_cart(ctx, cart, {"country": country, "state": ctx.q("state")})


@route("ByProjectKeyShippingMethodsMatchingLocationGet", "ByProjectKeyShippingMethodsMatchingLocationHead")
def _matching_location(ctx: Ctx) -> tuple[int, Any]:
    country = ctx.q("country")
    if not country:
        raise invalid_input("The country query parameter is required.")
    address = {"country": country, "state": ctx.q("state")}
    return _answer(ctx, _with_rates_for(ctx, ctx.store.all("shipping-method"), address, ctx.q("currency")))


def _answer(ctx: Ctx, methods: list[Resource]) -> tuple[int, Any]:
    body = query(ctx, methods)
    if ctx.op.method == "HEAD":
        return (200 if body["results"] else 404), None
    return 200, body
