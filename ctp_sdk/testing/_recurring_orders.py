"""Recurring Orders (https://docs.commercetools.com/api/recurring-orders-overview,
/api/projects/recurring-orders): recurring items in carts, recurring prices, and the Recurring Orders
an order from such a cart creates. **Orders are never placed on a schedule**: the fake keeps
`nextOrderAt` but nothing happens when it passes.

- Line items and custom line items carry `recurrenceInfo` (from their drafts, `addLineItem`,
  `setLineItemRecurrenceInfo`, `setCustomLineItemRecurrenceInfo`). A recurring line item is priced
  only by a price of its Recurrence Policy (embedded or standalone; no fallback, as documented: none
  is 400 `MatchingPriceNotFound`); a one-time item never by a recurring price.
- Create Order from Cart (every path: project, `/me`, in-store, as-associate, quotes) groups the
  recurring items by Recurrence Policy and creates, per group, a Cart with origin `RecurringOrder`
  holding only that group's items and a Recurring Order: `originOrder` the new order, `startsAt` and
  `lastOrderAt` the order's creation, `schedule` the policy's, `nextOrderAt` the first occurrence of
  the schedule after now, customer, store and business unit from the cart. With Messages on this
  answers 501 before anything changes (the RecurringOrderCreated Messages are not written).
- `POST /recurring-orders` answers 501: the API leaves `originOrder` empty for Recurring Orders created
  there (documented) while the spec declares it required, so no SDK could read the answer.
- Update actions: setKey, setStartsAt / setSchedule (both recompute `nextOrderAt`), setExpiresAt,
  setRecurringOrderState (`Paused`, `Canceled`, `Expired`, or `Active` with an optional `resumesAt`:
  `nextOrderAt` becomes the schedule's first order time after it), custom fields, transitionState.
  `setOrderSkipConfiguration` answers 501 (how skips move `nextOrderAt` is not documented).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import on_action
from ._cart_actions import _custom_item, _editable, _line_item
from ._carts import reprice
from ._context import Ctx
from ._errors import invalid_json, not_implemented
from ._recurrence import next_order_at, parse_instant, recurrence_info
from ._resources import Resource, on_create, resolve

Action = dict[str, Any]
_STATES = {"active": "Active", "paused": "Paused", "canceled": "Canceled", "expired": "Expired"}


# -- recurring items in carts ---------------------------------------------------------------------


def _set_info(ctx: Ctx, holder: dict[str, Any], action: Action, *, line_item: bool) -> None:
    if action.get("recurrenceInfo") is None:
        holder.pop("recurrenceInfo", None)
    else:
        holder["recurrenceInfo"] = recurrence_info(ctx, action["recurrenceInfo"], line_item=line_item)


@on_action("cart", "setLineItemRecurrenceInfo")
def _set_line_item_info(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    item = _line_item(cart, action)
    _set_info(ctx, item, action, line_item=True)
    reprice(ctx, cart, item)  # the price of the new policy (or the one-time price), or 400
    item["lastModifiedAt"] = ctx.now


@on_action("cart", "setCustomLineItemRecurrenceInfo")
def _set_custom_line_item_info(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    _editable(cart, action)
    _set_info(ctx, _custom_item(cart, action), action, line_item=False)


# -- Recurring Order resources and actions -----------------------------------------------------------


@on_create("recurring-order")
def _direct_creation(ctx: Ctx, draft: dict[str, Any], recurring: Resource) -> None:
    raise not_implemented(
        "Creating a RecurringOrder directly (the API leaves the spec's required `originOrder` empty; "
        "recurring orders are created by ordering a cart with recurring items)"
    )


def _reschedule(ctx: Ctx, recurring: Resource) -> None:
    """`nextOrderAt`: the schedule's first order time from `startsAt` after now, or after `resumesAt`
    when the Recurring Order resumes later."""
    after = ctx.now
    resumes = recurring.get("resumesAt")
    if resumes is not None and parse_instant(resumes) > parse_instant(ctx.now):
        after = resumes
    recurring["nextOrderAt"] = next_order_at(recurring["schedule"], recurring["startsAt"], after)


@on_action("recurring-order", "setStartsAt")
def _set_starts_at(ctx: Ctx, family: _spec.Family, recurring: Resource, action: Action) -> None:
    if not isinstance(action.get("startsAt"), str):
        raise invalid_json("startsAt: Missing required value")
    recurring["startsAt"] = action["startsAt"]
    _reschedule(ctx, recurring)


@on_action("recurring-order", "setSchedule")
def _set_schedule(ctx: Ctx, family: _spec.Family, recurring: Resource, action: Action) -> None:
    ref = resolve(ctx, "recurrence-policy", action.get("recurrencePolicy"))
    policy = ctx.store.unscoped().get("recurrence-policy", ref["id"])
    assert policy is not None  # resolve() checked it exists
    recurring["schedule"] = copy.deepcopy(policy["schedule"])
    _reschedule(ctx, recurring)


@on_action("recurring-order", "setRecurringOrderState")
def _set_state(ctx: Ctx, family: _spec.Family, recurring: Resource, action: Action) -> None:
    draft = action.get("recurringOrderState")
    if not isinstance(draft, dict) or draft.get("type") not in _STATES:
        raise invalid_json(
            "recurringOrderState: expected a RecurringOrderStateDraft (active, paused, canceled, expired)."
        )
    recurring["recurringOrderState"] = _STATES[draft["type"]]
    if draft["type"] == "active" and draft.get("resumesAt") is not None:
        recurring["resumesAt"] = draft["resumesAt"]
        _reschedule(ctx, recurring)
    else:
        recurring.pop("resumesAt", None)


@on_action("recurring-order", "setOrderSkipConfiguration")
def _skip(ctx: Ctx, family: _spec.Family, recurring: Resource, action: Action) -> None:
    raise not_implemented("setOrderSkipConfiguration (how skipped orders move nextOrderAt is not documented)")
