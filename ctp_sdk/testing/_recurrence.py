"""Recurring items and the Recurring Orders an order creates (see `_recurring_orders` for the whole
story): which prices a recurring item may take, its `recurrenceInfo`, and, for Create Order from Cart,
the groups of recurring items and their Carts and Recurring Orders. Kept apart from the cart modules,
which call it.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from ._context import Ctx
from ._drafts import check_decodable
from ._errors import invalid_json, not_implemented
from ._messages import enabled as messages_enabled
from ._resources import Resource, check_required, new_resource, resolve

# -- recurring items and prices -------------------------------------------------------------------


def policy_of(item: dict[str, Any]) -> str | None:
    """The id of the Recurrence Policy of a (custom) line item, None for a one-time item."""
    policy: str | None = ((item.get("recurrenceInfo") or {}).get("recurrencePolicy") or {}).get("id")
    return policy


def price_fits(price: dict[str, Any], policy: str | None) -> bool:
    """Is `price` one a line item of Recurrence Policy `policy` (None: one-time) may be priced by?"""
    return ((price.get("recurrencePolicy") or {}).get("id")) == policy


def with_recurrence(item: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """`draft` (a line item draft made from `item`: merged, replicated) with `item`'s recurrence info,
    so the copy stays recurring and keeps its recurring price."""
    info = item.get("recurrenceInfo")
    if info is None:
        return draft
    copied = {"recurrencePolicy": {"typeId": "recurrence-policy", "id": info["recurrencePolicy"]["id"]}}
    if "priceSelectionMode" in info:
        copied["priceSelectionMode"] = info["priceSelectionMode"]
    return {**draft, "recurrenceInfo": copied}


def recurrence_info(ctx: Ctx, draft: Any, *, line_item: bool) -> dict[str, Any]:
    """A `LineItemRecurrenceInfoDraft` / `CustomLineItemRecurrenceInfoDraft` as the item holds it."""
    model = "LineItemRecurrenceInfoDraft" if line_item else "CustomLineItemRecurrenceInfoDraft"
    if not isinstance(draft, dict):
        raise invalid_json(f"recurrenceInfo: expected a {model}")
    check_required(draft, model)
    out: dict[str, Any] = {"recurrencePolicy": resolve(ctx, "recurrence-policy", draft["recurrencePolicy"])}
    if line_item:
        if draft["priceSelectionMode"] not in ("Fixed", "Dynamic"):
            raise invalid_json(f"priceSelectionMode: Unknown value '{draft['priceSelectionMode']}'.")
        out["priceSelectionMode"] = draft["priceSelectionMode"]
    return out


# -- Recurring Orders from an order -------------------------------------------------------------


def recurring_groups(ctx: Ctx, cart: Resource) -> list[str]:
    """The Recurrence Policies of `cart`'s recurring items, in order of appearance; 501 with Messages
    on (called before the order changes anything)."""
    policies: list[str] = []
    for item in [*cart.get("lineItems", []), *cart.get("customLineItems", [])]:
        policy = policy_of(item)
        if policy is not None and policy not in policies:
            policies.append(policy)
    if policies and messages_enabled(ctx):
        raise not_implemented("An order from a cart with recurring items with Messages enabled (RecurringOrderCreated)")
    return policies


def create_recurring_orders(
    ctx: Ctx, policies: list[str], order: Resource, cart: Resource, recompute: Callable[[Ctx, Resource], None]
) -> None:
    """Per Recurrence Policy: a Cart (origin `RecurringOrder`) with that policy's items, and the
    Recurring Order of `order` placing it on the policy's schedule."""
    for policy_id in policies:
        policy = ctx.store.unscoped().get("recurrence-policy", policy_id)
        if policy is None:  # deleted since the item was added
            raise invalid_json(f"The recurrence policy '{policy_id}' does not exist any more.")
        recurring_cart = copy.deepcopy(cart)
        recurring_cart.update(new_resource(ctx))
        recurring_cart.pop("key", None)
        recurring_cart["origin"] = "RecurringOrder"
        recurring_cart["cartState"] = "Active"
        recurring_cart["lineItems"] = [i for i in cart.get("lineItems", []) if policy_of(i) == policy_id]
        recurring_cart["customLineItems"] = [i for i in cart.get("customLineItems", []) if policy_of(i) == policy_id]
        for item in [*recurring_cart["lineItems"], *recurring_cart["customLineItems"]]:
            item["id"] = ctx.new_id()
        recurring_cart = copy.deepcopy(recurring_cart)
        recompute(ctx, recurring_cart)
        ctx.store.put("cart", recurring_cart)
        recurring: Resource = new_resource(ctx)
        recurring.update(
            {
                "cart": {"typeId": "cart", "id": recurring_cart["id"]},
                "originOrder": {"typeId": "order", "id": order["id"]},
                "startsAt": ctx.now,
                "lastOrderAt": ctx.now,
                "nextOrderAt": next_order_at(policy["schedule"], ctx.now, ctx.now),
                "recurringOrderState": "Active",
                "schedule": copy.deepcopy(policy["schedule"]),
            }
        )
        if cart.get("customerId"):
            recurring["customer"] = {"typeId": "customer", "id": cart["customerId"]}
        for field in ("customerEmail", "store", "businessUnit"):
            if cart.get(field) is not None:
                recurring[field] = copy.deepcopy(cart[field])
        check_decodable("RecurringOrder", recurring, "Creating a RecurringOrder")
        ctx.store.put("recurring-order", recurring)


# -- schedules -----------------------------------------------------------------------------------


def parse_instant(instant: str) -> dt.datetime:
    return dt.datetime.fromisoformat(instant.replace("Z", "+00:00"))


def _format(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _add_months(moment: dt.datetime, months: int, day: int | None = None) -> dt.datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    wanted = day if day is not None else moment.day
    return moment.replace(year=year, month=month, day=min(wanted, calendar.monthrange(year, month)[1]))


def _occurrence(schedule: dict[str, Any], start: dt.datetime, n: int) -> dt.datetime:
    """The `n`th order time of `schedule` counted from `start` (n = 0: `start` itself)."""
    if schedule.get("type") == "dayOfMonth":
        return _add_months(start, n, schedule["day"])
    unit, value = schedule.get("intervalUnit"), int(schedule.get("value", 1))
    if unit == "Months":
        return _add_months(start, n * value)
    days = value * (7 if unit == "Weeks" else 1)
    return start + dt.timedelta(days=n * days)


def next_order_at(schedule: dict[str, Any], starts_at: str, now: str) -> str:
    """The first order time of `schedule` from `starts_at` that is after `now` (the example of the
    spec: daily from 01-02T20:09 seen at 01-06T20:09:33.751 is 01-07T20:09)."""
    start, current = parse_instant(starts_at), parse_instant(now)
    if schedule.get("type") == "dayOfMonth":
        first = _add_months(start, 0, schedule["day"])
        start = first if first >= start else _add_months(start, 1, schedule["day"])
    if start > current:
        return _format(start)
    n = 1
    while _occurrence(schedule, start, n) <= current:
        n += 1
    return _format(_occurrence(schedule, start, n))
