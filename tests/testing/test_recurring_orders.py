"""Recurring Orders against the embedded backend through the SDK's fluent root, from commercetools'
documentation (https://docs.commercetools.com/api/recurring-orders-overview): recurrence policies,
recurring prices selected only for recurring line items (no fallback), the recurrence info cart
actions, an order from a mixed cart creating one Recurring Order and one recurring Cart per policy,
the schedule (`nextOrderAt`), Recurring Order update actions, and the honest 501s (direct creation,
Messages on)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from ctp_sdk import CtpClient, errors
from ctp_sdk.models import (
    CartDraft,
    CartUpdate,
    OrderFromCartDraft,
    ProductDraft,
    ProductTypeDraft,
    ProjectUpdate,
    RecurrencePolicyDraft,
    RecurringOrderDraft,
    RecurringOrderUpdate,
    ReplicaCartDraft,
    TaxCategoryDraft,
)


def _policy(api: Any, key: str, schedule: dict[str, Any]) -> Any:
    return (
        api.recurrence_policies()
        .post(RecurrencePolicyDraft.from_dict({"key": key, "schedule": schedule}))
        .execute()
        .body
    )


def _shop(ctp_client: CtpClient) -> tuple[Any, Any, Any, Any]:
    api = ctp_client.integration_api_root()
    monthly = _policy(api, "monthly", {"type": "standard", "value": 1, "intervalUnit": "Months"})
    weekly = _policy(api, "weekly", {"type": "standard", "value": 1, "intervalUnit": "Weeks"})
    product_type = api.product_types().post(ProductTypeDraft(name="food", description="Food")).execute().body
    prices = [
        {"value": {"currencyCode": "EUR", "centAmount": 1000}},
        {"value": {"currencyCode": "EUR", "centAmount": 900}, "recurrencePolicy": {"key": "monthly"}},
    ]
    product = {
        "productType": {"typeId": "product-type", "id": product_type.id},
        "name": {"en": "Yogurt"},
        "slug": {"en": "yogurt"},
        "masterVariant": {"sku": "YOG-1", "prices": prices},
        "publish": True,
    }
    api.products().post(ProductDraft.from_dict(product)).execute()
    tax = (
        api.tax_categories()
        .post(
            TaxCategoryDraft.from_dict(
                {"name": "std", "rates": [{"name": "19%", "amount": 0.19, "includedInPrice": True, "country": "DE"}]}
            )
        )
        .execute()
        .body
    )
    return api, monthly, weekly, tax


def _cart(api: Any, weekly: Any, tax: Any) -> Any:
    draft = {
        "currency": "EUR",
        "country": "DE",
        "customerEmail": "ada@example.com",
        "lineItems": [
            {
                "sku": "YOG-1",
                "quantity": 2,
                "recurrenceInfo": {"recurrencePolicy": {"key": "monthly"}, "priceSelectionMode": "Fixed"},
            },
            {"sku": "YOG-1", "quantity": 1},
        ],
        "customLineItems": [
            {
                "name": {"en": "Delivery box"},
                "slug": "box",
                "quantity": 1,
                "money": {"currencyCode": "EUR", "centAmount": 300},
                "taxCategory": {"id": tax.id},
                "recurrenceInfo": {"recurrencePolicy": {"id": weekly.id}},
            }
        ],
    }
    return api.carts().post(CartDraft.from_dict(draft)).execute().body


def _update(api: Any, cart: Any, *actions: dict[str, Any]) -> Any:
    body = CartUpdate.from_dict({"version": cart.version, "actions": list(actions)})
    return api.carts().with_id(cart.id).post(body).execute().body


def test_recurring_prices_and_recurrence_info_actions(ctp_client: CtpClient) -> None:
    api, monthly, weekly, tax = _shop(ctp_client)
    cart = _cart(api, weekly, tax)
    recurring, one_time = cart.line_items
    assert recurring.recurrence_info is not None and recurring.recurrence_info.recurrence_policy.id == monthly.id
    assert str(recurring.recurrence_info.price_selection_mode) == "Fixed"
    assert recurring.price.value.cent_amount == 900 and recurring.total_price.cent_amount == 1800
    assert one_time.recurrence_info is None and one_time.price.value.cent_amount == 1000
    assert cart.custom_line_items[0].recurrence_info.recurrence_policy.id == weekly.id
    assert cart.total_price.cent_amount == 1800 + 1000 + 300

    replica = (
        api.carts()
        .replicate()
        .post(ReplicaCartDraft.from_dict({"reference": {"typeId": "cart", "id": cart.id}}))
        .execute()
        .body
    )  # the replica's items stay recurring, with their recurring prices
    assert [(i.price.value.cent_amount, i.recurrence_info is not None) for i in replica.line_items] == [
        (900, True),
        (1000, False),
    ]
    assert replica.custom_line_items[0].recurrence_info.recurrence_policy.id == weekly.id

    with pytest.raises(errors.BadRequestError) as no_price:  # no weekly price for YOG-1: no fallback
        _update(
            api,
            cart,
            {
                "action": "setLineItemRecurrenceInfo",
                "lineItemId": one_time.id,
                "recurrenceInfo": {"recurrencePolicy": {"key": "weekly"}, "priceSelectionMode": "Dynamic"},
            },
        )
    assert no_price.value.codes == ["MatchingPriceNotFound"]

    cart = _update(
        api,
        cart,
        {
            "action": "setLineItemRecurrenceInfo",
            "lineItemId": one_time.id,
            "recurrenceInfo": {"recurrencePolicy": {"key": "monthly"}, "priceSelectionMode": "Dynamic"},
        },
        {"action": "setLineItemRecurrenceInfo", "lineItemId": recurring.id},
        {"action": "setCustomLineItemRecurrenceInfo", "customLineItemId": cart.custom_line_items[0].id},
    )
    first, second = cart.line_items
    assert first.recurrence_info is None and first.price.value.cent_amount == 1000
    assert second.recurrence_info.recurrence_policy.id == monthly.id and second.price.value.cent_amount == 900
    assert cart.custom_line_items[0].recurrence_info is None
    assert cart.total_price.cent_amount == 2000 + 900 + 300

    with pytest.raises(errors.BadRequestError) as unknown:
        _update(
            api,
            cart,
            {
                "action": "setCustomLineItemRecurrenceInfo",
                "customLineItemId": cart.custom_line_items[0].id,
                "recurrenceInfo": {"recurrencePolicy": {"key": "yearly"}},
            },
        )
    assert unknown.value.codes == ["ReferencedResourceNotFound"]


def test_order_from_mixed_cart_creates_a_recurring_order_per_policy(ctp_client: CtpClient) -> None:
    api, _monthly, weekly, tax = _shop(ctp_client)
    cart = _cart(api, weekly, tax)
    order = (
        api.orders()
        .post(OrderFromCartDraft.from_dict({"cart": {"id": cart.id}, "version": cart.version}))
        .execute()
        .body
    )
    assert order.total_price.cent_amount == 1800 + 1000 + 300 and len(order.line_items) == 2

    page = api.recurring_orders().get(sort=["createdAt asc"]).execute().body
    assert page.total == 2
    by_schedule = {r.schedule.interval_unit: r for r in page.results}
    month, week = by_schedule["Months"], by_schedule["Weeks"]
    for recurring in (month, week):
        assert recurring.origin_order.id == order.id and str(recurring.recurring_order_state) == "Active"
        assert recurring.starts_at == order.created_at and recurring.last_order_at == order.created_at
        assert recurring.customer_email == "ada@example.com"
    assert month.next_order_at.month == (order.created_at.month % 12) + 1
    assert (week.next_order_at - order.created_at).days == 7

    month_cart = api.carts().with_id(month.cart.id).get().execute().body
    assert str(month_cart.origin) == "RecurringOrder" and str(month_cart.cart_state) == "Active"
    assert [(i.variant.sku, i.quantity, i.price.value.cent_amount) for i in month_cart.line_items] == [
        ("YOG-1", 2, 900)
    ]
    assert month_cart.custom_line_items == [] and month_cart.total_price.cent_amount == 1800
    week_cart = api.carts().with_id(week.cart.id).get().execute().body
    assert week_cart.line_items == [] and [c.slug for c in week_cart.custom_line_items] == ["box"]
    assert str(api.carts().with_id(cart.id).get().execute().body.cart_state) == "Ordered"

    recurring_orders = api.recurring_orders().with_id(month.id)
    updated = (
        recurring_orders.post(
            RecurringOrderUpdate.from_dict(
                {
                    "version": month.version,
                    "actions": [
                        {"action": "setKey", "key": "yogurt-monthly"},
                        {"action": "setSchedule", "recurrencePolicy": {"key": "weekly"}},
                        {"action": "setRecurringOrderState", "recurringOrderState": {"type": "paused"}},
                        {"action": "setExpiresAt", "expiresAt": "2099-01-01T00:00:00.000Z"},
                    ],
                }
            )
        )
        .execute()
        .body
    )
    assert updated.key == "yogurt-monthly" and updated.version == month.version + 1
    assert updated.schedule.interval_unit == "Weeks" and str(updated.recurring_order_state) == "Paused"
    assert (updated.next_order_at - updated.starts_at).days == 7 and updated.expires_at.year == 2099
    assert api.recurring_orders().with_key("yogurt-monthly").get().execute().body.id == month.id
    resumes = updated.starts_at + timedelta(days=30, hours=1)
    resumed = (
        recurring_orders.post(
            RecurringOrderUpdate.from_dict(
                {
                    "version": updated.version,
                    "actions": [
                        {
                            "action": "setRecurringOrderState",
                            "recurringOrderState": {"type": "active", "resumesAt": resumes.isoformat()},
                        }
                    ],
                }
            )
        )
        .execute()
        .body
    )
    assert str(resumed.recurring_order_state) == "Active" and resumed.resumes_at == resumes
    # weekly from startsAt: the first order time after resumesAt (day 35)
    assert (resumed.next_order_at - resumed.starts_at).days == 35
    updated = resumed

    with pytest.raises(errors.ServerError) as skip:
        recurring_orders.post(
            RecurringOrderUpdate.from_dict(
                {"version": updated.version, "actions": [{"action": "setOrderSkipConfiguration"}]}
            )
        ).execute()
    assert skip.value.status_code == 501


def test_direct_creation_and_messages_on_answer_501_before_changing_anything(ctp_client: CtpClient) -> None:
    api, _monthly, weekly, tax = _shop(ctp_client)
    cart = _cart(api, weekly, tax)
    with pytest.raises(errors.ServerError) as direct:
        api.recurring_orders().post(
            RecurringOrderDraft.from_dict({"cart": {"id": cart.id}, "cartVersion": cart.version})
        ).execute()
    assert direct.value.status_code == 501

    project = api.get().execute().body
    api.post(
        ProjectUpdate.from_dict(
            {
                "version": project.version,
                "actions": [
                    {
                        "action": "changeMessagesConfiguration",
                        "messagesConfiguration": {"enabled": True, "deleteDaysAfterCreation": 15},
                    }
                ],
            }
        )
    ).execute()
    with pytest.raises(errors.ServerError) as messages_on:
        api.orders().post(OrderFromCartDraft.from_dict({"cart": {"id": cart.id}, "version": cart.version})).execute()
    assert messages_on.value.status_code == 501
    assert str(api.carts().with_id(cart.id).get().execute().body.cart_state) == "Active"
    assert api.orders().get().execute().body.total == 0 and api.recurring_orders().get().execute().body.total == 0


def test_recurring_order_messages(ctp_client: CtpClient) -> None:
    api, _monthly, weekly, tax = _shop(ctp_client)
    cart = _cart(api, weekly, tax)
    api.orders().post(OrderFromCartDraft.from_dict({"cart": {"id": cart.id}, "version": cart.version})).execute()
    project = api.get().execute().body
    configuration = {"enabled": True, "deleteDaysAfterCreation": 15}
    api.post(
        ProjectUpdate.from_dict(
            {
                "version": project.version,
                "actions": [{"action": "changeMessagesConfiguration", "messagesConfiguration": configuration}],
            }
        )
    ).execute()
    recurring = api.recurring_orders().get(where=['schedule(intervalUnit = "Months")']).execute().body.results[0]
    actions = [
        {"action": "setRecurringOrderState", "recurringOrderState": {"type": "paused"}},
        {"action": "setSchedule", "recurrencePolicy": {"key": "weekly"}},
    ]
    by_id = api.recurring_orders().with_id(recurring.id)
    by_id.post(RecurringOrderUpdate.from_dict({"version": recurring.version, "actions": actions})).execute()
    messages = {m.type: m.to_dict() for m in api.messages().get().execute().body.results}
    assert messages["RecurringOrderStateChanged"]["state"] == "Paused"
    assert messages["RecurringOrderStateChanged"]["oldState"] == "Active"
    assert messages["RecurringOrderScheduleSet"]["oldRecurrencePolicySchedule"]["intervalUnit"] == "Months"
    assert messages["RecurringOrderScheduleSet"]["recurrencePolicySchedule"]["intervalUnit"] == "Weeks"

    current = by_id.get().execute().body

    def set_expires_at(version: int, expires_at: str) -> None:
        action = {"action": "setExpiresAt", "expiresAt": expires_at}
        by_id.post(RecurringOrderUpdate.from_dict({"version": version, "actions": [action]})).execute()

    # RecurringOrderExpiresAtSet requires `oldExpiresAt`: with none set before, the fake cannot write the
    # Message, so it answers 501 and the change is undone (never a change without its Message).
    with pytest.raises(errors.ServerError) as refused:
        set_expires_at(current.version, "2099-01-01T00:00:00Z")
    assert refused.value.status_code == 501 and "oldExpiresAt" in str(refused.value)
    assert by_id.get().execute().body.to_dict() == current.to_dict()
    assert "RecurringOrderExpiresAtSet" not in {m.type for m in api.messages().get().execute().body.results}
