"""The embedded backend refuses what commercetools refuses, so tests on it cannot pass by accident
where the real API would not: `/me` takes only the `My*` actions and drafts, shopper tokens get 403
outside their scopes, introspection needs its scope for other clients' tokens, and the HTTP server
answers malformed requests with a 400 instead of dropping or hanging a connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ctp_sdk.testing import Backend
from ctp_sdk.testing._routes import ROUTES

P = "sec"
SHOPPER_SCOPES = (
    "manage_my_profile",
    "manage_my_orders",
    "manage_my_shopping_lists",
    "manage_my_payments",
    "manage_my_business_units",
    "manage_my_quote_requests",
    "manage_my_quotes",
    "create_anonymous_token",
    "view_published_products",
    "view_categories",
)


def _scope(*names: str) -> str:
    return " ".join(f"{name}:{P}" for name in names)


class Env:
    def __init__(self) -> None:
        self.backend = Backend(P)
        self.auth = httpx.Client(transport=self.backend.transport(), base_url=self.backend.auth_url)
        basic = (self.backend.client.client_id, self.backend.client.client_secret)
        token = self.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=basic).json()
        self.admin = self.api(token["access_token"])
        self.basic = basic

    def api(self, token: str) -> httpx.Client:
        return httpx.Client(
            transport=self.backend.transport(),
            base_url=self.backend.api_url,
            headers={"Authorization": f"Bearer {token}"},
        )

    def customer(self, email: str, password: str = "pass-word-1") -> tuple[dict[str, Any], httpx.Client]:
        created = self.admin.post(f"/{P}/customers", json={"email": email, "password": password})
        assert created.status_code == 201, created.text
        token = self.auth.post(
            f"/oauth/{P}/customers/token",
            data={"grant_type": "password", "username": email, "password": password, "scope": _scope(*SHOPPER_SCOPES)},
            auth=self.basic,
        )
        assert token.status_code == 200, token.text
        customer: dict[str, Any] = created.json()["customer"]
        return customer, self.api(token.json()["access_token"])

    def guest(self) -> httpx.Client:
        token = self.auth.post(
            f"/oauth/{P}/anonymous/token",
            data={"grant_type": "client_credentials", "scope": _scope(*SHOPPER_SCOPES)},
            auth=self.basic,
        )
        assert token.status_code == 200, token.text
        return self.api(token.json()["access_token"])


@pytest.fixture
def env() -> Env:
    return Env()


def _code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["code"])


def test_me_update_takes_only_my_customer_actions(env: Env) -> None:
    group = env.admin.post(f"/{P}/customer-groups", json={"groupName": "vip", "key": "vip"}).json()
    customer, me = env.customer("me@example.com")
    refused = me.post(
        f"/{P}/me",
        json={
            "version": customer["version"],
            "actions": [{"action": "setCustomerGroup", "customerGroup": {"id": group["id"]}}],
        },
    )
    assert refused.status_code == 400 and _code(refused) == "InvalidJsonInput"
    assert "customerGroup" not in me.get(f"/{P}/me").json()
    allowed = me.post(
        f"/{P}/me", json={"version": customer["version"], "actions": [{"action": "setFirstName", "firstName": "Ada"}]}
    )
    assert allowed.status_code == 200 and allowed.json()["firstName"] == "Ada"


def test_me_cart_takes_only_my_cart_actions_and_draft_fields(env: Env) -> None:
    victim, _ = env.customer("victim@example.com")
    guest = env.guest()
    cart = guest.post(f"/{P}/me/carts", json={"currency": "EUR", "customerId": victim["id"]})
    assert cart.status_code == 201
    assert "customerId" not in cart.json()  # MyCartDraft has no customerId: the shopper owns the cart
    takeover = guest.post(
        f"/{P}/me/carts/{cart.json()['id']}",
        json={"version": cart.json()["version"], "actions": [{"action": "setCustomerId", "customerId": victim["id"]}]},
    )
    assert takeover.status_code == 400 and _code(takeover) == "InvalidJsonInput"
    assert env.admin.get(f"/{P}/carts/customer-id={victim['id']}").status_code == 404


def test_me_signup_cannot_mark_its_email_verified(env: Env) -> None:
    guest = env.guest()
    signed_up = guest.post(
        f"/{P}/me/signup", json={"email": "new@example.com", "password": "pw-123456", "isEmailVerified": True}
    )
    assert signed_up.status_code == 201, signed_up.text
    assert signed_up.json()["customer"]["isEmailVerified"] is False


def test_shopper_tokens_get_403_outside_their_scopes(env: Env) -> None:
    _, other = env.customer("other@example.com")
    cart = other.post(f"/{P}/me/carts", json={"currency": "EUR"}).json()
    order = other.post(f"/{P}/me/orders", json={"id": cart["id"], "version": cart["version"]})
    assert order.status_code == 201, order.text
    _, me = env.customer("shopper@example.com")
    for client in (me, env.guest()):
        assert client.get(f"/{P}/customers").status_code == 403
        assert client.get(f"/{P}/orders/{order.json()['id']}").status_code == 403
        write = client.post(f"/{P}/categories", json={"name": {"en": "x"}, "slug": {"en": "x"}})
        assert write.status_code == 403 and _code(write) == "insufficient_scope"
        assert client.get(f"/{P}/me/orders/{order.json()['id']}").status_code in (403, 404)
        assert client.get(f"/{P}/product-projections").status_code == 200
    assert me.get(f"/{P}/me").status_code == 200


def test_introspection_of_another_clients_token_needs_its_scope(env: Env) -> None:
    token = env.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=env.basic).json()
    own = env.auth.post("/oauth/introspect", data={"token": token["access_token"]}, auth=env.basic).json()
    assert own["active"] is True
    env.backend.add_api_client("nosy", "nosy-secret-" + "x" * 12, ["view_products"])
    env.backend.add_api_client("auditor", "auditor-secret-" + "x" * 12, ["introspect_oauth_tokens"])
    nosy = env.auth.post(
        "/oauth/introspect", data={"token": token["access_token"]}, auth=("nosy", "nosy-secret-" + "x" * 12)
    )
    assert nosy.status_code == 200 and nosy.json() == {"active": False}
    auditor = env.auth.post(
        "/oauth/introspect", data={"token": token["access_token"]}, auth=("auditor", "auditor-secret-" + "x" * 12)
    )
    assert auditor.json()["active"] is True


def test_a_fault_of_the_fake_is_a_500_not_a_dropped_connection(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Any) -> tuple[int, Any]:
        raise KeyError("totalPrice")

    monkeypatch.setitem(ROUTES, "ByProjectKeyCategoriesGet", broken)
    response = env.admin.get(f"/{P}/categories")
    assert response.status_code == 500 and _code(response) == "General"
    assert "totalPrice" not in response.text


# -- the HTTP server ------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[tuple[str, int]]:
    with Backend(P).serve(port=0) as running:
        yield "127.0.0.1", running.port


def _raw(address: tuple[str, int], request: bytes) -> bytes:
    """Send `request` and read the answer; a hang fails here (socket timeout), not in the suite."""
    with socket.create_connection(address, timeout=5) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                pytest.fail(f"no answer to {request[:60]!r}: the server hangs")
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /sec/categories HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}",
        b"POST /sec/categories HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
        b"POST /sec/categories HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
        b"THIS IS NOT HTTP\r\n\r\n",
    ],
    ids=["negative-length", "non-numeric-length", "absurd-length", "garbage-request-line"],
)
def test_malformed_http_gets_a_4xx_answer(server: tuple[str, int], request_bytes: bytes) -> None:
    answer = _raw(server, request_bytes)
    status = int(answer.split(b" ", 2)[1])
    assert 400 <= status < 500, answer[:200]


def test_me_replicate_copies_only_the_shoppers_own_carts(env: Env) -> None:
    _, owner = env.customer("owner@example.com")
    cart = owner.post(f"/{P}/me/carts", json={"currency": "EUR"}).json()
    _, stranger = env.customer("stranger@example.com")
    reference = {"reference": {"typeId": "cart", "id": cart["id"]}}
    assert stranger.post(f"/{P}/me/carts/replicate", json=reference).status_code == 404
    copy = owner.post(f"/{P}/me/carts/replicate", json=reference)
    assert copy.status_code == 201 and copy.json()["customerId"] == cart["customerId"]
