"""Workflows for order edits, Messages and Subscriptions, raw JSON over HTTP, from commercetools'
documentation, run against the embedded backend and the peer server:

- order edit (https://docs.commercetools.com/api/projects/order-edits): stage a quantity change,
  read the preview's totals, apply with the current versions (a stale one is 409), see the order
  changed; a staged action that no longer fits previews as `PreviewFailure` and applying it is 400
  `EditPreviewFailed`;
- Messages (https://docs.commercetools.com/api/messages): switch them on in the project, change a
  customer, a category, a payment and an order, read the Messages back in order, one by id, and
  see them expire after `deleteDaysAfterCreation`;
- Subscriptions (https://docs.commercetools.com/api/projects/subscriptions): an SQS destination with
  IAM authentication, refused destinations, updates, the health endpoint. Nothing is delivered.

Peer defects (commercetools-mock 4.4.0):
| workflow | peer behaviour | commercetools |
| --- | --- | --- |
| order edit | `POST /orders/edits` taken for an order creation (400 `version` missing) | preview and apply |
| messages | 404 `Route GET:/{projectKey}/messages not found` | the documented Messages |
| subscriptions | 500 for an SQS destination whose `queueUrl` is not a queue URL | 400 |
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok, _setup_catalog

from testing_targets import Target, run_workflow, unique


def _order(shop: Shop, quantity: int = 2) -> tuple[dict[str, Any], dict[str, Any]]:
    catalog = _setup_catalog(shop)
    cart = shop.create(
        "carts",
        {
            "currency": "EUR",
            "shippingAddress": {"country": "DE"},
            "lineItems": [{"sku": catalog["sku"], "quantity": quantity}],
        },
    )
    order = shop.create("orders", {"cart": {"typeId": "cart", "id": cart["id"]}, "version": cart["version"]})
    return catalog, order


def order_edit(target: Target) -> None:
    shop = Shop(target)
    _, order = _order(shop)
    line = order["lineItems"][0]
    assert order["totalPrice"]["centAmount"] == 2000
    edit = shop.create(
        "orders/edits",
        {
            "key": unique("edit"),
            "resource": {"typeId": "order", "id": order["id"]},
            "stagedActions": [{"action": "changeLineItemQuantity", "lineItemId": line["id"], "quantity": 5}],
            "comment": "customer called",
        },
    )
    result = edit["result"]
    assert result["type"] == "PreviewSuccess"
    assert result["preview"]["totalPrice"]["centAmount"] == 5000
    assert result["preview"]["taxedPrice"]["totalGross"]["centAmount"] == 5000
    assert shop.get(f"orders/{order['id']}")["totalPrice"]["centAmount"] == 2000  # nothing applied yet
    edit = shop.update(
        "orders/edits",
        edit,
        {"action": "addStagedAction", "stagedAction": {"action": "setCustomerEmail", "email": "ada@example.com"}},
    )
    assert edit["result"]["preview"]["customerEmail"] == "ada@example.com"
    stale = shop.api.post(
        f"/{shop.p}/orders/edits/{edit['id']}/apply",
        json={"editVersion": edit["version"], "resourceVersion": order["version"] + 1},
    )
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "ConcurrentModification"
    applied = _ok(
        shop.api.post(
            f"/{shop.p}/orders/edits/{edit['id']}/apply",
            json={"editVersion": edit["version"], "resourceVersion": order["version"]},
        )
    )
    assert applied["result"]["type"] == "Applied"
    assert applied["result"]["excerptBeforeEdit"]["totalPrice"]["centAmount"] == 2000
    assert applied["result"]["excerptAfterEdit"]["totalPrice"]["centAmount"] == 5000
    changed = shop.get(f"orders/{order['id']}")
    assert changed["version"] == order["version"] + 1 and changed["lineItems"][0]["quantity"] == 5
    assert changed["customerEmail"] == "ada@example.com"
    assert shop.get(f"orders/edits/key={edit['key']}")["result"]["type"] == "Applied"

    broken = shop.create(
        "orders/edits",
        {
            "resource": {"typeId": "order", "id": order["id"]},
            "stagedActions": [{"action": "changeLineItemQuantity", "lineItemId": "no-such-item", "quantity": 1}],
        },
    )
    assert broken["result"]["type"] == "PreviewFailure" and broken["result"]["errors"]
    refused = shop.api.post(
        f"/{shop.p}/orders/edits/{broken['id']}/apply",
        json={"editVersion": broken["version"], "resourceVersion": changed["version"]},
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "EditPreviewFailed"
    dry = shop.create(
        "orders/edits", {"resource": {"typeId": "order", "id": order["id"]}, "stagedActions": [], "dryRun": True}
    )
    assert shop.api.get(f"/{shop.p}/orders/edits/{dry['id']}").status_code == 404


def _enable_messages(shop: Shop, days: int | None = None) -> dict[str, Any]:
    project = _ok(shop.api.get(f"/{shop.p}"))
    config: dict[str, Any] = {"enabled": True}
    if days is not None:
        config["deleteDaysAfterCreation"] = days
    body = {
        "version": project["version"],
        "actions": [{"action": "changeMessagesConfiguration", "messagesConfiguration": config}],
    }
    return _ok(shop.api.post(f"/{shop.p}", json=body))


def messages(target: Target) -> None:
    shop = Shop(target)
    project = _enable_messages(shop, days=3)
    assert project["messages"] == {"enabled": True, "deleteDaysAfterCreation": 3}
    email = f"{unique('grace')}@example.com"
    customer = shop.create("customers", {"email": email, "password": "secret-1"})["customer"]
    new_email = f"{unique('hopper')}@example.com"
    customer = shop.update(
        "customers",
        customer,
        {"action": "changeEmail", "email": new_email},
        {"action": "setFirstName", "firstName": "Grace"},
    )
    category = shop.create("categories", {"name": {"en": "Shoes"}, "slug": {"en": unique("shoes")}})
    category = shop.update("categories", category, {"action": "changeSlug", "slug": {"en": unique("boots")}})
    payment = shop.create("payments", {"amountPlanned": {"currencyCode": "EUR", "centAmount": 100}})
    payment = shop.update(
        "payments",
        payment,
        {
            "action": "addTransaction",
            "transaction": {"type": "Charge", "amount": {"currencyCode": "EUR", "centAmount": 100}},
        },
    )

    def about(resource: dict[str, Any]) -> list[dict[str, Any]]:
        where = f'resource(id="{resource["id"]}")'
        return _ok(shop.api.get(f"/{shop.p}/messages", params={"where": where, "sort": "sequenceNumber asc"}))[
            "results"
        ]

    on_customer = about(customer)
    assert [m["type"] for m in on_customer] == ["CustomerCreated", "CustomerEmailChanged", "CustomerFirstNameSet"]
    assert [m["sequenceNumber"] for m in on_customer] == [1, 2, 3]
    assert on_customer[1]["email"] == new_email and on_customer[1]["oldEmail"] == email
    assert on_customer[1]["resourceVersion"] == customer["version"]
    assert on_customer[0]["resource"] == {"typeId": "customer", "id": customer["id"]}
    on_category = about(category)
    assert [m["type"] for m in on_category] == ["CategoryCreated", "CategorySlugChanged"]
    assert on_category[1]["slug"] == category["slug"]
    on_payment = about(payment)
    assert [m["type"] for m in on_payment] == ["PaymentCreated", "PaymentTransactionAdded"]
    assert on_payment[1]["transaction"]["id"] == payment["transactions"][0]["id"]
    one = shop.get(f"messages/{on_payment[1]['id']}")
    assert one["type"] == "PaymentTransactionAdded"

    _, order = _order(shop)
    order = shop.update("orders", order, {"action": "changeOrderState", "orderState": "Confirmed"})
    states = [m for m in about(order) if m["type"] == "OrderStateChanged"]
    assert [(m["orderState"], m["oldOrderState"]) for m in states] == [("Confirmed", "Open")]

    if target.backend is not None:  # the fake's clock: Messages expire after deleteDaysAfterCreation
        target.backend.clock.advance(4 * 24 * 3600)
        assert about(customer) == []


def subscriptions(target: Target) -> None:
    shop = Shop(target)
    queue = "https://sqs.eu-central-1.amazonaws.com/123456789012/orders"
    sub = shop.create(
        "subscriptions",
        {
            "key": unique("orders-queue"),
            "destination": {"type": "SQS", "queueUrl": queue, "region": "eu-central-1", "authenticationMode": "IAM"},
            "messages": [{"resourceTypeId": "order", "types": ["OrderCreated"]}],
        },
    )
    assert sub["status"] == "Healthy" and sub["format"] == {"type": "Platform"}
    assert sub["changes"] == [] and sub["events"] == []
    bad = shop.api.post(
        f"/{shop.p}/subscriptions",
        json={
            "destination": {
                "type": "SQS",
                "queueUrl": "not-a-queue",
                "region": "eu-central-1",
                "authenticationMode": "IAM",
            },
            "messages": [{"resourceTypeId": "order"}],
        },
    )
    assert bad.status_code == 400
    nothing = shop.api.post(
        f"/{shop.p}/subscriptions",
        json={"destination": {"type": "GoogleCloudPubSub", "projectId": "p", "topic": "t"}},
    )
    assert nothing.status_code == 400
    sub = shop.update("subscriptions", sub, {"action": "setChanges", "changes": [{"resourceTypeId": "product"}]})
    assert sub["changes"] == [{"resourceTypeId": "product"}]
    assert shop.api.get(f"/{shop.p}/subscriptions/{sub['id']}/health").status_code == 200
    gone = shop.api.delete(f"/{shop.p}/subscriptions/key={sub['key']}", params={"version": sub["version"]})
    assert gone.status_code == 200
    assert shop.api.get(f"/{shop.p}/subscriptions/{sub['id']}").status_code == 404


WORKFLOWS = {"order_edit": order_edit, "messages": messages, "subscriptions": subscriptions}
PEER_DEFECTS = {
    "order_edit": "commercetools-mock takes POST /orders/edits for an order creation (400 version missing)",
    "messages": "commercetools-mock has no /messages endpoint (404 route not found)",
    "subscriptions": "commercetools-mock answers 500 to an SQS destination whose queueUrl is not a queue URL",
}


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_a_message_the_fake_cannot_write_refuses_the_change_first(
    fake: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every action of a modelled resource has its Message derived (tests/testing/test_message_payloads.py);
    # the refusal stays for a Message the fake has no model of.
    from ctp_sdk.testing import _message_table

    monkeypatch.setitem(_message_table.ACTION_MESSAGES, ("customer", "setLocale"), ("CustomerLocaleUnknown",))
    shop = Shop(fake)
    _enable_messages(shop)
    customer = shop.create("customers", {"email": f"{unique('c')}@example.com", "password": "p"})["customer"]
    refused = shop.api.post(
        f"/{shop.p}/customers/{customer['id']}",
        json={"version": customer["version"], "actions": [{"action": "setLocale", "locale": "de"}]},
    )
    assert refused.status_code == 501 and "CustomerLocaleUnknown" in refused.json()["message"]
    assert shop.get(f"customers/{customer['id']}")["version"] == customer["version"]


def test_order_edit_preview_lists_the_message_payloads_and_apply_writes_them(fake: Target) -> None:
    shop = Shop(fake)
    _enable_messages(shop)
    catalog, order = _order(shop)
    edit = shop.create(
        "orders/edits",
        {
            "resource": {"typeId": "order", "id": order["id"]},
            "stagedActions": [{"action": "addLineItem", "sku": catalog["sku"], "quantity": 1}],
        },
    )
    payloads = edit["result"]["messagePayloads"]
    assert [p["type"] for p in payloads] == ["OrderLineItemAdded"] and payloads[0]["addedQuantity"] == 1
    _ok(
        shop.api.post(
            f"/{shop.p}/orders/edits/{edit['id']}/apply",
            json={"editVersion": edit["version"], "resourceVersion": order["version"]},
        )
    )
    where = f'resource(id="{order["id"]}")'
    types = [m["type"] for m in _ok(shop.api.get(f"/{shop.p}/messages", params={"where": where}))["results"]]
    assert types == ["OrderCreated", "OrderLineItemAdded", "OrderEditApplied"]
    # History tracks the order's own changes; an OrderEdit is not a History resource type.
    from ctp_sdk.testing._history import state_of

    assert fake.backend is not None
    recorded = {r["resource"]["id"] for r in state_of(fake.backend).records if r["resource"]["typeId"] == "order"}
    assert order["id"] in recorded and edit["id"] not in recorded
    again = shop.api.post(
        f"/{shop.p}/orders/edits/{edit['id']}/apply",
        json={"editVersion": edit["version"] + 1, "resourceVersion": order["version"] + 1},
    )
    assert again.status_code == 400


def test_messages_configuration_is_validated(fake: Target) -> None:
    shop = Shop(fake)
    project = _ok(shop.api.get(f"/{shop.p}"))
    body = {
        "version": project["version"],
        "actions": [
            {
                "action": "changeMessagesConfiguration",
                "messagesConfiguration": {"enabled": True, "deleteDaysAfterCreation": 91},
            }
        ],
    }
    assert shop.api.post(f"/{shop.p}", json=body).status_code == 400
    assert shop.get("messages")["results"] == []


def test_customer_token_and_password_endpoints_write_their_messages(fake: Target) -> None:
    shop = Shop(fake)
    _enable_messages(shop)
    email = f"{unique('lin')}@example.com"
    customer = shop.create("customers", {"email": email, "password": "pass-one"})["customer"]
    token = _ok(shop.api.post(f"/{shop.p}/customers/email-token", json={"id": customer["id"], "ttlMinutes": 10}))
    _ok(shop.api.post(f"/{shop.p}/customers/email/confirm", json={"tokenValue": token["value"]}))
    reset = _ok(shop.api.post(f"/{shop.p}/customers/password-token", json={"email": email}))
    changed = _ok(
        shop.api.post(
            f"/{shop.p}/customers/password/reset", json={"tokenValue": reset["value"], "newPassword": "pass-two"}
        )
    )
    _ok(
        shop.api.post(
            f"/{shop.p}/customers/password",
            json={
                "id": customer["id"],
                "version": changed["version"],
                "currentPassword": "pass-two",
                "newPassword": "pass-3",
            },
        )
    )
    where = f'resource(id="{customer["id"]}")'
    found = _ok(shop.api.get(f"/{shop.p}/messages", params={"where": where, "sort": "sequenceNumber asc"}))["results"]
    assert [m["type"] for m in found] == [
        "CustomerCreated",
        "CustomerEmailTokenCreated",
        "CustomerEmailVerified",
        "CustomerPasswordTokenCreated",
        "CustomerPasswordUpdated",
        "CustomerPasswordUpdated",
    ]
    assert [m.get("reset") for m in found[-2:]] == [True, False]
    assert found[1]["customerId"] == customer["id"] and "value" not in found[1]  # no token in a Message


def test_shipping_methods_matching_an_order_edit(fake: Target) -> None:
    shop = Shop(fake)
    catalog, order = _order(shop)
    edit = shop.create(
        "orders/edits",
        {
            "resource": {"typeId": "order", "id": order["id"]},
            "stagedActions": [{"action": "setShippingAddress", "address": {"country": "DE", "city": "Bonn"}}],
        },
    )
    found = shop.get(f"shipping-methods/matching-orderedit?orderEditId={edit['id']}&country=DE")["results"]
    assert [m["id"] for m in found] == [catalog["method"]["id"]]
    assert shop.get(f"shipping-methods/matching-orderedit?orderEditId={edit['id']}&country=US")["results"] == []
