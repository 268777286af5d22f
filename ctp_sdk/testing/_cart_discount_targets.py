"""The cart discounts beyond a plain value on matching items
(https://docs.commercetools.com/api/projects/cartDiscounts): multi-buy targets and gift line items.

Prices are held per unit here (`Units`: line item id -> the price of each of its units, `Portions`:
the discounts each unit got), because these discounts reduce some units of a line item and not others.

- `multiBuyLineItems` / `multiBuyCustomLineItems`: the units of every matching item are pooled; each
  `triggerQuantity` units make one occurrence (at most `maxOccurrence`), and per occurrence
  `discountedQuantity` units are discounted: the cheapest (`Cheapest`) or the most expensive
  (`MostExpensive`) of the pool, at their price after the discounts before this one.
- `giftLineItem` values: while the discount applies the cart holds the variant once as a line item
  with `lineItemMode` `GiftLineItem`, discounted to zero; it goes when the discount stops applying, and
  a shopper who removes it refuses the gift (`refusedGifts`), which then is not added again.
- Checked on creation and update as the API does: `discountedQuantity` not above `triggerQuantity`,
  both at least 1; a gift discount without a `target` and with an existing product variant.
  `pattern` targets are not modelled: creating one answers 501 (never a discount that silently
  does nothing).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ._actions import after_actions
from ._context import Ctx
from ._errors import invalid_input, not_implemented

Resource = dict[str, Any]
Units = dict[str, list[int]]
Portions = dict[str, list[list[dict[str, Any]]]]
Reduce = Callable[[int, dict[str, Any], str], int]


def check_cart_discount(ctx: Ctx, discount: Resource) -> None:
    """400 / 501 for a cart discount the API would refuse or the fake cannot apply."""
    target = discount.get("target") or {}
    value = discount.get("value") or {}
    kind = target.get("type")
    if kind == "pattern":
        raise not_implemented("Cart discounts with a 'pattern' target")
    if kind in ("multiBuyLineItems", "multiBuyCustomLineItems"):
        trigger, discounted = target.get("triggerQuantity"), target.get("discountedQuantity")
        if not isinstance(trigger, int) or not isinstance(discounted, int) or trigger < 1 or discounted < 1:
            raise invalid_input("triggerQuantity and discountedQuantity must be at least 1.")
        if discounted > trigger:
            raise invalid_input("discountedQuantity must not be greater than triggerQuantity.")
        if target.get("maxOccurrence") is not None and target["maxOccurrence"] < 1:
            raise invalid_input("maxOccurrence must be at least 1.")
    if value.get("type") == "giftLineItem":
        if discount.get("target") is not None:
            raise invalid_input("A cart discount with a giftLineItem value must not have a target.")
        product = ctx.store.unscoped().get("product", value["product"]["id"])
        data = product["masterData"]["current"] if product is not None else None
        variants = [data["masterVariant"], *data.get("variants", [])] if data is not None else []
        if not any(v["id"] == value.get("variantId") for v in variants):
            raise invalid_input(f"The gift's product has no published variant {value.get('variantId')}.")


@after_actions("cart-discount")
def _after_update(ctx: Ctx, discount: Resource) -> None:
    check_cart_discount(ctx, discount)


def apply_multi_buy(
    items: list[dict[str, Any]],
    units: Units,
    portions: Portions,
    discount: Resource,
    currency: str,
    reduce: Reduce,
) -> bool:
    target = discount["target"]
    pool = [(item["id"], i) for item in items for i in range(len(units[item["id"]]))]
    occurrences = len(pool) // target["triggerQuantity"]
    if target.get("maxOccurrence") is not None:
        occurrences = min(occurrences, target["maxOccurrence"])
    count = occurrences * target["discountedQuantity"]
    if count == 0:
        return False
    most_expensive = target.get("selectionMode") == "MostExpensive"
    pool.sort(key=lambda unit: units[unit[0]][unit[1]], reverse=most_expensive)
    applied = False
    for item_id, i in pool[:count]:
        applied = reduce_unit(units, portions, item_id, i, discount, currency, reduce) or applied
    return applied


def reduce_unit(
    units: Units, portions: Portions, item_id: str, i: int, discount: Resource, currency: str, reduce: Reduce
) -> bool:
    before = units[item_id][i]
    after = reduce(before, discount["value"], currency)
    if after == before:
        return False
    units[item_id][i] = after
    portions[item_id][i].append(
        {
            "discount": {"typeId": "cart-discount", "id": discount["id"]},
            "discountedAmount": {
                "type": "centPrecision",
                "currencyCode": currency,
                "centAmount": before - after,
                "fractionDigits": 2,
            },
        }
    )
    return True


def per_quantity(units: list[int], portions: list[list[dict[str, Any]]], currency: str) -> list[dict[str, Any]]:
    """`discountedPricePerQuantity`: the discounted units grouped by price and discounts."""
    groups: list[dict[str, Any]] = []
    for price, included in zip(units, portions, strict=True):
        if not included:
            continue
        for group in groups:
            if (
                group["discountedPrice"]["value"]["centAmount"] == price
                and group["discountedPrice"]["includedDiscounts"] == included
            ):
                group["quantity"] += 1
                break
        else:
            value = {"type": "centPrecision", "currencyCode": currency, "centAmount": price, "fractionDigits": 2}
            groups.append(
                {"quantity": 1, "discountedPrice": {"value": value, "includedDiscounts": copy.deepcopy(included)}}
            )
    return groups


# -- gift line items ---------------------------------------------------------------------------------


def gift_item(cart: Resource, value: dict[str, Any]) -> dict[str, Any] | None:
    for item in cart["lineItems"]:
        if (
            item.get("lineItemMode") == "GiftLineItem"
            and item["productId"] == value["product"]["id"]
            and item["variant"]["id"] == value["variantId"]
        ):
            found: dict[str, Any] = item
            return found
    return None


def add_gift(ctx: Ctx, cart: Resource, value: dict[str, Any]) -> dict[str, Any]:
    """A new GiftLineItem of the discount's variant (quantity 1), appended to the cart."""
    from ._carts import add_line_item

    holder = {**cart, "lineItems": []}  # never merged into a standard line item of the same variant
    draft: dict[str, Any] = {"productId": value["product"]["id"], "variantId": value["variantId"], "quantity": 1}
    add_line_item(ctx, holder, draft)
    item: dict[str, Any] = holder["lineItems"][0]
    item["lineItemMode"] = "GiftLineItem"
    for channel in ("supplyChannel", "distributionChannel"):
        if value.get(channel) is not None:
            item[channel] = copy.deepcopy(value[channel])
    cart["lineItems"].append(item)
    return item


def refuse_gift(cart: Resource, item: dict[str, Any]) -> None:
    """A shopper removed a gift: its discount goes into `refusedGifts` (not added again)."""
    for group in item.get("discountedPricePerQuantity", []):
        for included in group["discountedPrice"]["includedDiscounts"]:
            ref = {"typeId": "cart-discount", "id": included["discount"]["id"]}
            if ref not in cart.setdefault("refusedGifts", []):
                cart["refusedGifts"].append(ref)


def refused(cart: Resource, discount: Resource) -> bool:
    return any(ref.get("id") == discount["id"] for ref in cart.get("refusedGifts", []))
