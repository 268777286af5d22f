"""Fidelity suite: one list of scenarios, run against the fake and against the peer server
(@labdigital/commercetools-mock 4.4.0), through the same ctp_auth token providers and raw JSON.

Each scenario asserts commercetools' documented behaviour. Where the peer differs, the scenario is an
expected failure on the peer only (strict: if the peer is fixed, the test says so), with the reason:

| scenario | peer behaviour | who is right |
| --- | --- | --- |
| query_sort_limit_offset | ignores `sort` | peer is wrong (documented gap) |
| delete_checks_version | deletes whatever `version` says | peer is wrong (documented gap) |
| me_is_bound_to_the_shopper | `/me/carts` lists every cart | peer is wrong (documented gap) |
| malformed_json_is_400 | answers 500 | peer is wrong (documented gap) |
| insufficient_scope_is_403 | enforces no scopes | peer is wrong (documented gap) |
| guest_cart_kept_on_sign_in_and_ordered | `/me/active-cart` returns another shopper's cart | peer is wrong (same gap) |
| me_cart_carries_the_anonymous_id | `/me/carts` does not record the token's anonymous_id | peer is wrong |
| update_checks_version | applies an update sent with a stale version | peer is wrong (409 documented) |
| version_rises_once_per_update | raises the version once per action | peer is wrong (once per request) |
| duplicate_key_is_400 | accepts a second resource with the same key | peer is wrong (DuplicateField) |
| money_has_currency_fraction_digits | EUR amounts with fractionDigits 0 | peer is wrong (ISO 4217: 2) |
| wrong_password_is_invalid_credentials | 404 instead of 400 InvalidCredentials | peer is wrong |

The peer-only differences the fake does not copy are all cases where commercetools documents the
fake's behaviour (see DESIGN.md, "Peer test server").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from testing_targets import Target, unique

Scenario = Callable[[Target], None]
SCENARIOS: dict[str, Scenario] = {}
PEER_IS_WRONG: dict[str, str] = {}


def scenario(peer_wrong: str | None = None) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[fn.__name__] = fn
        if peer_wrong is not None:
            PEER_IS_WRONG[fn.__name__] = peer_wrong
        return fn

    return register


def _code(response: Any) -> str:
    return str(response.json()["errors"][0]["code"])


def _category(api: Any, project: str, **extra: Any) -> dict[str, Any]:
    key = extra.pop("key", unique("cat"))
    body = {"name": {"en": extra.pop("name", key)}, "slug": {"en": key}, "key": key, **extra}
    response = api.post(f"/{project}/categories", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _published_product(api: Any, project: str, sku: str, cent_amount: int = 4999) -> dict[str, Any]:
    product_type = api.post(f"/{project}/product-types", json={"name": unique("pt"), "description": "shoes"})
    assert product_type.status_code == 201, product_type.text
    body = {
        "productType": {"typeId": "product-type", "id": product_type.json()["id"]},
        "name": {"en": f"Sneaker {sku}"},
        "slug": {"en": sku.lower()},
        "masterVariant": {"sku": sku, "prices": [{"value": {"currencyCode": "EUR", "centAmount": cent_amount}}]},
        "publish": True,
    }
    response = api.post(f"/{project}/products", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


# -- scenarios ------------------------------------------------------------------------------------


@scenario()
def category_crud_with_versions(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    assert created["version"] == 1 and created["ancestors"] == []
    cid, key = created["id"], created["key"]
    assert api.get(f"/{t.project}/categories/{cid}").json()["key"] == key
    assert api.get(f"/{t.project}/categories/key={key}").json()["id"] == cid

    update = {"version": 1, "actions": [{"action": "changeName", "name": {"en": "Renamed"}}]}
    updated = api.post(f"/{t.project}/categories/{cid}", json=update)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["name"] == {"en": "Renamed"}

    deleted = api.delete(f"/{t.project}/categories/{cid}", params={"version": 2})
    assert deleted.status_code == 200 and deleted.json()["id"] == cid
    missing = api.get(f"/{t.project}/categories/{cid}")
    assert missing.status_code == 404 and _code(missing) == "ResourceNotFound"


@scenario(peer_wrong="the peer applies an update with a stale version (commercetools: 409 ConcurrentModification)")
def update_checks_version(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    update = {"version": 1, "actions": [{"action": "setExternalId", "externalId": "e1"}]}
    assert api.post(f"/{t.project}/categories/{created['id']}", json=update).status_code == 200
    stale = api.post(f"/{t.project}/categories/{created['id']}", json=update)
    assert stale.status_code == 409
    assert _code(stale) == "ConcurrentModification"
    assert stale.json()["errors"][0]["currentVersion"] == 2


@scenario(peer_wrong="the peer raises the version once per action; commercetools once per update request")
def version_rises_once_per_update(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    actions = [{"action": "setExternalId", "externalId": "e1"}, {"action": "setMetaTitle", "metaTitle": {"en": "T"}}]
    response = api.post(f"/{t.project}/categories/{created['id']}", json={"version": 1, "actions": actions})
    assert response.json()["version"] == 2


@scenario()
def set_and_change_actions_by_field(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    new_key = unique("renamed")
    actions = [
        {"action": "setKey", "key": new_key},
        {"action": "setDescription", "description": {"en": "Nice"}},
        {"action": "changeSlug", "slug": {"en": new_key}},
        {"action": "setMetaTitle", "metaTitle": {"en": "T"}},
    ]
    response = api.post(f"/{t.project}/categories/{created['id']}", json={"version": 1, "actions": actions})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["key"], body["description"], body["slug"], body["metaTitle"]) == (
        new_key,
        {"en": "Nice"},
        {"en": new_key},
        {"en": "T"},
    )
    unset = api.post(
        f"/{t.project}/categories/{created['id']}",
        json={"version": body["version"], "actions": [{"action": "setDescription"}]},
    )
    assert "description" not in unset.json()


@scenario()
def parent_ancestors_and_expand(t: Target) -> None:
    api = t.integration()
    root = _category(api, t.project)
    child = _category(api, t.project, parent={"typeId": "category", "key": root["key"]})
    assert child["parent"] == {"typeId": "category", "id": root["id"]}
    assert child["ancestors"] == [{"typeId": "category", "id": root["id"]}]
    expanded = api.get(f"/{t.project}/categories/{child['id']}", params={"expand": "parent"}).json()
    assert expanded["parent"]["obj"]["key"] == root["key"]
    listed = api.get(
        f"/{t.project}/categories", params={"where": f'id = "{child["id"]}"', "expand": "ancestors[*]"}
    ).json()
    assert listed["results"][0]["ancestors"][0]["obj"]["id"] == root["id"]


@scenario()
def where_comparisons_and_localized_fields(t: Target) -> None:
    api = t.integration()
    tag = unique("w")
    made = [_category(api, t.project, key=f"{tag}-{i}", name=f"{tag} name {i}", orderHint=f"0.{i}") for i in range(3)]
    path = f"/{t.project}/categories"

    def keys(where: list[str]) -> list[str]:
        response = api.get(path, params={"where": where, "limit": 50})
        assert response.status_code == 200, response.text
        return sorted(r["key"] for r in response.json()["results"])

    assert keys([f'name(en = "{tag} name 1")']) == [f"{tag}-1"]
    assert keys([f'key in ("{tag}-0", "{tag}-2")']) == [f"{tag}-0", f"{tag}-2"]
    assert keys([f'key = "{tag}-0" or key = "{tag}-1"']) == [f"{tag}-0", f"{tag}-1"]
    assert keys([f'key in ("{tag}-0", "{tag}-1", "{tag}-2") and not(key = "{tag}-1")']) == [f"{tag}-0", f"{tag}-2"]
    assert keys([f'key in ("{tag}-0", "{tag}-1", "{tag}-2")', 'orderHint > "0.0"']) == [f"{tag}-1", f"{tag}-2"]
    assert keys([f'key = "{tag}-0"', "description is not defined"]) == [f"{tag}-0"]
    assert keys([f'key = "{tag}-0"', "parent is defined"]) == []
    assert len(made) == 3


@scenario(peer_wrong="the peer ignores `sort` (DESIGN.md); offset then cuts an unsorted list")
def query_sort_limit_offset(t: Target) -> None:
    api = t.integration()
    tag = unique("s")
    for i in (2, 0, 3, 1):
        _category(api, t.project, key=f"{tag}-{i}")
    params = {"where": f'key in ("{tag}-0", "{tag}-1", "{tag}-2", "{tag}-3")', "sort": "key desc"}
    page = api.get(f"/{t.project}/categories", params={**params, "limit": 2, "offset": 1, "withTotal": "true"}).json()
    assert (page["limit"], page["offset"], page["count"], page["total"]) == (2, 1, 2, 4)
    assert [r["key"] for r in page["results"]] == [f"{tag}-2", f"{tag}-1"]


@scenario()
def predicate_variables(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    response = api.get(f"/{t.project}/categories", params={"where": "key = :k", "var.k": created["key"]})
    assert response.status_code == 200, response.text
    assert [r["id"] for r in response.json()["results"]] == [created["id"]]


@scenario(peer_wrong="the peer accepts a second resource with the same key (commercetools: 400 DuplicateField)")
def duplicate_key_is_400(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    again = api.post(
        f"/{t.project}/categories", json={"name": {"en": "x"}, "slug": {"en": unique("x")}, "key": created["key"]}
    )
    assert again.status_code == 400 and _code(again) == "DuplicateField"


@scenario(peer_wrong="the peer deletes whatever `version` is given (DESIGN.md)")
def delete_checks_version(t: Target) -> None:
    api = t.integration()
    created = _category(api, t.project)
    wrong = api.delete(f"/{t.project}/categories/{created['id']}", params={"version": 7})
    assert wrong.status_code == 409 and _code(wrong) == "ConcurrentModification"
    assert api.get(f"/{t.project}/categories/{created['id']}").status_code == 200


@scenario(peer_wrong="the peer answers malformed JSON with 500 (DESIGN.md)")
def malformed_json_is_400(t: Target) -> None:
    api = t.integration()
    response = api.post(f"/{t.project}/categories", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and _code(response) == "InvalidJsonInput"


@scenario()
def invalid_token_is_401(t: Target) -> None:
    api = t.http(base_url=t.base_url)
    response = api.get(f"/{t.project}/categories", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401 and _code(response) == "invalid_token"


@scenario(peer_wrong="the peer enforces no scopes (DESIGN.md)")
def insufficient_scope_is_403(t: Target) -> None:
    from ctp_auth import BearerAuth, IntegrationTokenProvider

    provider = IntegrationTokenProvider(t.auth_client(), t.project, scopes=[f"view_categories:{t.project}"])
    api = t.http(base_url=t.base_url, auth=BearerAuth(provider))
    assert api.get(f"/{t.project}/categories").status_code == 200
    response = api.post(f"/{t.project}/categories", json={"name": {"en": "x"}, "slug": {"en": unique("x")}})
    assert response.status_code == 403 and _code(response) == "insufficient_scope"


@scenario()
def cart_line_items_and_totals(t: Target) -> None:
    api = t.integration()
    sku = unique("SKU")
    product = _published_product(api, t.project, sku, 1250)
    cart = api.post(f"/{t.project}/carts", json={"currency": "EUR", "country": "DE"})
    assert cart.status_code == 201, cart.text
    c = cart.json()
    assert c["cartState"] == "Active" and c["totalPrice"]["centAmount"] == 0
    add = {"version": c["version"], "actions": [{"action": "addLineItem", "sku": sku, "quantity": 2}]}
    c = api.post(f"/{t.project}/carts/{c['id']}", json=add).json()
    assert [(li["productId"], li["quantity"]) for li in c["lineItems"]] == [(product["id"], 2)]
    assert c["lineItems"][0]["totalPrice"]["centAmount"] == 2500
    assert (c["totalPrice"]["currencyCode"], c["totalPrice"]["centAmount"]) == ("EUR", 2500)
    line = c["lineItems"][0]["id"]
    change = {
        "version": c["version"],
        "actions": [{"action": "changeLineItemQuantity", "lineItemId": line, "quantity": 3}],
    }
    c = api.post(f"/{t.project}/carts/{c['id']}", json=change).json()
    assert c["totalPrice"]["centAmount"] == 3750
    remove = {"version": c["version"], "actions": [{"action": "removeLineItem", "lineItemId": line}]}
    c = api.post(f"/{t.project}/carts/{c['id']}", json=remove).json()
    assert c["lineItems"] == [] and c["totalPrice"]["centAmount"] == 0


@scenario(peer_wrong="the peer gives EUR amounts fractionDigits 0; ISO 4217 (and commercetools) say 2")
def money_has_currency_fraction_digits(t: Target) -> None:
    api = t.integration()
    sku = unique("SKU")
    _published_product(api, t.project, sku, 1250)
    cart = api.post(f"/{t.project}/carts", json={"currency": "EUR", "lineItems": [{"sku": sku}]})
    assert cart.status_code == 201, cart.text
    assert cart.json()["totalPrice"] == {
        "type": "centPrecision",
        "currencyCode": "EUR",
        "centAmount": 1250,
        "fractionDigits": 2,
    }


@scenario(peer_wrong="the peer answers a wrong password on /login with 404; commercetools 400 InvalidCredentials")
def wrong_password_is_invalid_credentials(t: Target) -> None:
    api = t.integration()
    email = unique("pw") + "@example.com"
    assert api.post(f"/{t.project}/customers", json={"email": email, "password": "Right-1234"}).status_code == 201
    wrong = api.post(f"/{t.project}/login", json={"email": email, "password": "nope"})
    assert wrong.status_code == 400 and _code(wrong) == "InvalidCredentials"
    right = api.post(f"/{t.project}/login", json={"email": email, "password": "Right-1234"})
    assert right.status_code == 200 and right.json()["customer"]["email"] == email


@scenario()
def customer_addresses(t: Target) -> None:
    api = t.integration()
    email = unique("addr") + "@example.com"
    draft = {
        "email": email,
        "password": "Secret-1234",
        "addresses": [{"country": "DE", "city": "Berlin"}, {"country": "US", "city": "Austin"}],
        "defaultShippingAddress": 1,
    }
    created = api.post(f"/{t.project}/customers", json=draft)
    assert created.status_code == 201, created.text
    customer = created.json()["customer"]
    austin = next(a for a in customer["addresses"] if a["city"] == "Austin")
    assert customer["defaultShippingAddressId"] == austin["id"]
    assert "Secret-1234" not in created.text
    update = {"version": customer["version"], "actions": [{"action": "addAddress", "address": {"country": "FR"}}]}
    updated = api.post(f"/{t.project}/customers/{customer['id']}", json=update).json()
    assert [a["country"] for a in updated["addresses"]] == ["DE", "US", "FR"]
    assert all(a.get("id") for a in updated["addresses"])


@scenario()
def custom_fields(t: Target) -> None:
    api = t.integration()
    type_key = unique("type")
    created_type = api.post(
        f"/{t.project}/types",
        json={
            "key": type_key,
            "name": {"en": "Extra"},
            "resourceTypeIds": ["category"],
            "fieldDefinitions": [
                {"name": "note", "label": {"en": "Note"}, "required": False, "type": {"name": "String"}}
            ],
        },
    )
    assert created_type.status_code == 201, created_type.text
    category = _category(api, t.project, custom={"type": {"key": type_key, "typeId": "type"}, "fields": {"note": "a"}})
    assert category["custom"] == {"type": {"typeId": "type", "id": created_type.json()["id"]}, "fields": {"note": "a"}}
    update = {"version": 1, "actions": [{"action": "setCustomField", "name": "note", "value": "b"}]}
    updated = api.post(f"/{t.project}/categories/{category['id']}", json=update).json()
    assert updated["custom"]["fields"] == {"note": "b"}


@scenario(peer_wrong="the peer's /me/active-cart is not bound to the shopper: it returns another shopper's cart")
def guest_cart_kept_on_sign_in_and_ordered(t: Target) -> None:
    api = t.integration()
    sku = unique("SKU")
    _published_product(api, t.project, sku, 999)
    shopper, provider, session = t.shopper()
    cart = shopper.post(f"/{t.project}/me/carts", json={"currency": "EUR", "country": "DE"})
    assert cart.status_code == 201, cart.text
    c = cart.json()
    add = {"version": c["version"], "actions": [{"action": "addLineItem", "sku": sku, "quantity": 1}]}
    assert shopper.post(f"/{t.project}/me/carts/{c['id']}", json=add).status_code == 200
    active = shopper.get(f"/{t.project}/me/active-cart")
    assert active.status_code == 200 and active.json()["id"] == c["id"]

    email = unique("guest") + "@example.com"
    signup = shopper.post(f"/{t.project}/me/signup", json={"email": email, "password": "Guest-Pass-1"})
    assert signup.status_code == 201, signup.text
    customer_id = signup.json()["customer"]["id"]
    login = shopper.post(f"/{t.project}/me/login", json={"email": email, "password": "Guest-Pass-1"})
    assert login.status_code == 200, login.text
    assert login.json()["cart"]["id"] == c["id"]
    provider.sign_in(session, email, "Guest-Pass-1")

    kept = shopper.get(f"/{t.project}/me/active-cart")
    assert kept.status_code == 200, kept.text
    k = kept.json()
    assert (k["id"], k["customerId"], len(k["lineItems"])) == (c["id"], customer_id, 1)
    order = shopper.post(f"/{t.project}/me/orders", json={"id": k["id"], "version": k["version"]})
    assert order.status_code == 201, order.text
    assert order.json()["orderState"] == "Open"
    assert order.json()["customerId"] == customer_id
    assert order.json()["totalPrice"]["centAmount"] == 999
    assert api.get(f"/{t.project}/carts/{k['id']}").json()["cartState"] == "Ordered"
    mine = shopper.get(f"/{t.project}/me/orders").json()
    assert [o["id"] for o in mine["results"]] == [order.json()["id"]]


@scenario(peer_wrong="the peer does not put the token's anonymous_id on a cart made through /me/carts")
def me_cart_carries_the_anonymous_id(t: Target) -> None:
    shopper, provider, session = t.shopper()
    cart = shopper.post(f"/{t.project}/me/carts", json={"currency": "EUR"}).json()
    anonymous_id = provider.session_state(session).anonymous_id
    assert anonymous_id and cart.get("anonymousId") == anonymous_id
    assert not cart.get("customerId")


@scenario(peer_wrong="the peer's /me endpoints are not bound to the token's shopper (DESIGN.md)")
def me_is_bound_to_the_shopper(t: Target) -> None:
    alice, _, _ = t.shopper()
    bob, _, _ = t.shopper()
    cart = alice.post(f"/{t.project}/me/carts", json={"currency": "EUR"}).json()
    assert bob.get(f"/{t.project}/me/carts/{cart['id']}").status_code == 404
    assert [c["id"] for c in bob.get(f"/{t.project}/me/carts").json()["results"]] == []
    assert bob.get(f"/{t.project}/me/active-cart").status_code == 404
    assert [c["id"] for c in alice.get(f"/{t.project}/me/carts").json()["results"]] == [cart["id"]]


@scenario()
def order_by_order_number(t: Target) -> None:
    api = t.integration()
    cart = api.post(f"/{t.project}/carts", json={"currency": "EUR"}).json()
    number = unique("ORD")
    draft = {"cart": {"typeId": "cart", "id": cart["id"]}, "version": cart["version"], "orderNumber": number}
    order = api.post(f"/{t.project}/orders", json=draft)
    assert order.status_code == 201, order.text
    assert api.get(f"/{t.project}/orders/order-number={number}").json()["id"] == order.json()["id"]


# -- runner ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    if target.name == "peer" and name in PEER_IS_WRONG:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"known peer gap: {PEER_IS_WRONG[name]}"))
    SCENARIOS[name](target)
