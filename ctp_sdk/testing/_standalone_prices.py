"""Standalone prices: their update actions (value changes staged or not, tiers, validity, discounts)
and the price a cart line item takes from them when its product's `priceMode` is `Standalone`
(https://docs.commercetools.com/api/projects/standalone-prices)."""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import on_action
from ._context import Ctx
from ._errors import invalid_json, invalid_operation
from ._recurrence import price_fits
from ._resources import Resource, converter

Action = dict[str, Any]


def _money(ctx: Ctx, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid_json("value: Missing required value")
    result: dict[str, Any] = converter(ctx).value(value, _spec.model_fields("StandalonePrice")["value"])
    return result


@on_action("standalone-price", "changeValue")
def _change_value(ctx: Ctx, family: _spec.Family, price: Resource, action: Action) -> None:
    value = _money(ctx, action.get("value"))
    if action.get("staged"):
        price["staged"] = {"value": value}
    else:
        price["value"] = value


@on_action("standalone-price", "applyStagedChanges", "removeStagedChanges")
def _staged(ctx: Ctx, family: _spec.Family, price: Resource, action: Action) -> None:
    staged = price.pop("staged", None)
    if staged is None:
        raise invalid_operation("The standalone price has no staged changes.")
    if action["action"] == "applyStagedChanges":
        price.update(copy.deepcopy(staged))


@on_action("standalone-price", "setDiscountedPrice")
def _discounted(ctx: Ctx, family: _spec.Family, price: Resource, action: Action) -> None:
    draft = action.get("discounted")
    if draft is None:
        price.pop("discounted", None)
    else:
        price["discounted"] = converter(ctx).object(draft, "DiscountedPrice", "DiscountedPriceDraft")


@on_action("standalone-price", "setPriceTiers")
def _tiers(ctx: Ctx, family: _spec.Family, price: Resource, action: Action) -> None:
    tiers = action.get("tiers") or []
    price["tiers"] = converter(ctx).value(tiers, _spec.model_fields("StandalonePrice")["tiers"])
    if not price["tiers"]:
        del price["tiers"]


@on_action("*", "setValidFromAndUntil")
def _validity(ctx: Ctx, family: _spec.Family, resource: Resource, action: Action) -> None:
    for field in ("validFrom", "validUntil"):
        if action.get(field) is None:
            resource.pop(field, None)
        else:
            resource[field] = action[field]
    if resource.get("validFrom") and resource.get("validUntil") and resource["validFrom"] >= resource["validUntil"]:
        raise invalid_operation("validFrom must be before validUntil.")


def standalone_price(
    ctx: Ctx, sku: str | None, currency: str, country: str | None, policy: str | None = None
) -> dict[str, Any] | None:
    """The active standalone price for a line item: the SKU's, in the currency, for the country if
    one names it else for any, without customer group or channel, valid now; of the item's
    Recurrence Policy (`policy`), or without one for a one-time item."""
    best: tuple[int, Resource] | None = None
    for price in ctx.store.unscoped().all("standalone-price"):
        if price["sku"] != sku or not price.get("active", True) or price["value"]["currencyCode"] != currency:
            continue
        if price.get("customerGroup") or price.get("channel") or not price_fits(price, policy):
            continue
        if price.get("country") not in (None, country):
            continue
        if price.get("validFrom") and price["validFrom"] > ctx.now:
            continue
        if price.get("validUntil") and price["validUntil"] <= ctx.now:
            continue
        score = 1 if price.get("country") else 0
        if best is None or score > best[0]:
            best = (score, price)
    if best is None:
        return None
    chosen = best[1]
    out: dict[str, Any] = {
        k: copy.deepcopy(chosen[k])
        for k in ("id", "value", "country", "tiers", "discounted", "key", "recurrencePolicy")
        if k in chosen
    }
    return out
