"""Customer roots: guest sessions, sign-in keeping the guest's cart, sign-out, tokens."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fakes import PROJECT, FakeCommercetools, error, json_body

from ctp_sdk import InvalidCustomerCredentialsError
from ctp_sdk.models import CustomerSignInResult

CUSTOMER = {
    "id": "cust-1",
    "version": 1,
    "createdAt": "2024-01-01T00:00:00.000Z",
    "lastModifiedAt": "2024-01-01T00:00:00.000Z",
    "email": "shopper@example.com",
    "addresses": [],
    "isEmailVerified": False,
    "authenticationMode": "Password",
    "stores": [],
    "shippingAddressIds": [],
    "billingAddressIds": [],
    "customerGroupAssignments": [],
}


def login_api(request: httpx.Request) -> httpx.Response:
    if request.url.path == f"/{PROJECT}/me/login":
        if json_body(request)["password"] != "right-password":
            return error(400, "InvalidCredentials", "Account with the given credentials not found.")
        return httpx.Response(200, json={"customer": CUSTOMER})
    return error(404, "ResourceNotFound")


def test_empty_session_becomes_a_guest_and_tokens_live_in_the_session() -> None:
    fake = FakeCommercetools(login_api)
    session: dict[str, Any] = {}
    with fake.client() as ctp:
        token = ctp.get_customer_token(session)
        assert ctp.get_customer_token(session) == token
        state = ctp.customer_session_state(session)
        assert state is not None and state.kind == "anonymous"
        with pytest.raises(Exception, match="404"):
            ctp.customer_api_root(session).me().active_cart().get().execute()
    assert [r.url.path for r in fake.auth_requests] == [f"/oauth/{PROJECT}/anonymous/token"]
    assert fake.api_requests[0].headers["Authorization"] == f"Bearer {token}"
    assert fake.api_requests[0].url.path == f"/{PROJECT}/me/active-cart"


def test_sign_in_logs_in_with_the_guest_token_then_stores_the_customer_token() -> None:
    fake = FakeCommercetools(login_api)
    session: dict[str, Any] = {}
    with fake.client() as ctp:
        guest_token = ctp.get_customer_token(session)
        result = ctp.sign_in_customer(session, email="shopper@example.com", password="right-password")
        customer_token = ctp.get_customer_token(session)
    assert isinstance(result, CustomerSignInResult)
    assert result.customer.id == "cust-1"
    login = fake.api_requests[0]
    # /me/login with the guest's token is what makes commercetools merge the guest's cart.
    assert login.headers["Authorization"] == f"Bearer {guest_token}"
    assert json_body(login) == {"email": "shopper@example.com", "password": "right-password"}
    grants = [dict(httpx.QueryParams(r.content.decode())).get("grant_type") for r in fake.auth_requests]
    assert grants == ["client_credentials", "password"]
    assert customer_token != guest_token
    assert session[next(iter(session))]["kind"] == "customer"


def test_wrong_password_raises_and_leaves_the_guest_session_alone() -> None:
    fake = FakeCommercetools(login_api)
    session: dict[str, Any] = {}
    with fake.client() as ctp:
        ctp.get_customer_token(session)
        before = dict(session)
        with pytest.raises(InvalidCustomerCredentialsError) as caught:
            ctp.sign_in_customer(session, email="shopper@example.com", password="wrong-password")
        assert session == before
    assert "wrong-password" not in str(caught.value) + repr(caught.value)
    assert len(fake.auth_requests) == 1  # no password flow after the API refused


def test_sign_out_starts_a_fresh_guest() -> None:
    fake = FakeCommercetools(login_api)
    session: dict[str, Any] = {}
    with fake.client() as ctp:
        ctp.sign_in_customer(session, email="shopper@example.com", password="right-password")
        signed_in = ctp.get_customer_token(session)
        ctp.sign_out_customer(session)
        assert session == {}
        guest = ctp.get_customer_token(session)
        state = ctp.customer_session_state(session)
    assert guest != signed_in
    assert state is not None and state.kind == "anonymous"


def test_in_store_sign_in_uses_the_store_endpoints() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        assert request.url.path == f"/{PROJECT}/in-store/key=berlin/me/login"
        return httpx.Response(200, json={"customer": CUSTOMER})

    fake = FakeCommercetools(api)
    with fake.client() as ctp:
        ctp.sign_in_customer({}, email="shopper@example.com", password="right-password", store_key="berlin")
    assert fake.auth_requests[-1].url.path == f"/oauth/{PROJECT}/in-store/key=berlin/customers/token"


def test_guest_session_with_a_chosen_anonymous_id_owns_the_carts_it_creates() -> None:
    """The TS SDK's anonymous flow takes an anonymousId; so does ours (on the embedded backend)."""
    from ctp_sdk.models import MyCartDraft
    from ctp_sdk.testing import Backend

    with Backend("guests").ctp_client() as ctp:
        session: dict[str, Any] = {}
        state = ctp.start_guest_session(session, anonymous_id="visitor-7")
        assert state.kind == "anonymous" and state.anonymous_id == "visitor-7"
        me = ctp.customer_api_root(session).me()
        cart = me.carts().post(body=MyCartDraft(currency="EUR")).execute().body
        assert cart.anonymous_id == "visitor-7"
        assert me.active_cart().get().execute().body.id == cart.id
        again = ctp.start_guest_session({}, anonymous_id="visitor-8")  # another visitor: not their cart
        assert again.anonymous_id == "visitor-8"
