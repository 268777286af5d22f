"""ctp_auth against the peer test server, @labdigital/commercetools-mock 4.4.0 (tests/peer/).

What the peer cannot tell us, and these tests therefore do not assert (DESIGN.md): it accepts any
client id/secret, its tokens never expire (expires_in is always 172800), it ignores the scope of a
client-credentials request and the anonymous_id of an anonymous one, it has no introspection endpoint
and enforces no scopes. It does check that an API call carries a token it issued (401 invalid_token
otherwise), that a customer's email and password match, and that a refresh token is one it issued.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ctp_auth import (
    AuthClient,
    BearerAuth,
    CustomerBearerAuth,
    CustomerTokenProvider,
    IntegrationTokenProvider,
    InvalidCustomerCredentialsError,
    RefreshRejectedError,
)

from auth_fakes import hammer
from peer_server import run_peer_server

PROJECT = "peer-project"
PASSWORD = "peer-Passw0rd-" + "x" * 12


@pytest.fixture
def auth_client(peer_server: str) -> Iterator[AuthClient]:
    with AuthClient(peer_server, "peer-client", "peer-secret-" + "s" * 20, timeout=10) as client:
        yield client


@pytest.fixture
def api(peer_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=peer_server, timeout=10) as client:
        yield client


def _sign_up(api: httpx.Client, integration: IntegrationTokenProvider) -> tuple[str, str]:
    """Create a customer with the integration token; return its email and id."""
    email = f"peer-{uuid.uuid4().hex[:12]}@example.com"
    response = api.post(
        f"/{PROJECT}/customers",
        json={"email": email, "password": PASSWORD, "firstName": "Peer"},
        auth=BearerAuth(integration),
    )
    assert response.status_code == 201, response.text
    return email, response.json()["customer"]["id"]


def test_client_credentials_token_is_accepted_by_the_api(auth_client: AuthClient, api: httpx.Client) -> None:
    integration = IntegrationTokenProvider(auth_client, PROJECT)
    token = integration.get_token_info()

    assert token.token_type == "Bearer"
    assert token.access_token
    assert token.expires_at > auth_client.clock()
    assert integration.get_token() == token.access_token  # cached, not re-requested

    response = api.get(f"/{PROJECT}/categories", auth=BearerAuth(integration))
    assert response.status_code == 200, response.text
    assert "results" in response.json()


def test_api_refuses_a_token_it_did_not_issue(api: httpx.Client) -> None:
    response = api.get(f"/{PROJECT}/categories", headers={"Authorization": "Bearer not-issued-by-the-peer"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_token"


def test_bearer_auth_renews_once_after_the_peer_says_invalid_token(
    auth_client: AuthClient, api: httpx.Client
) -> None:
    integration = IntegrationTokenProvider(auth_client, PROJECT)

    class FirstTokenRejected:
        """Hands out a token the peer never issued first, as if the peer had dropped ours."""

        def __init__(self) -> None:
            self.handed_out: list[str] = []

        def get_token(self) -> str:
            token = "revoked-token" if not self.handed_out else integration.get_token()
            self.handed_out.append(token)
            return token

        def invalidate(self, access_token: str) -> None:
            integration.invalidate(access_token)

    source = FirstTokenRejected()
    response = api.get(f"/{PROJECT}/categories", auth=BearerAuth(source))

    assert response.status_code == 200, response.text
    assert source.handed_out == ["revoked-token", integration.get_token()]


def test_sign_up_then_password_flow(auth_client: AuthClient, api: httpx.Client) -> None:
    integration = IntegrationTokenProvider(auth_client, PROJECT)
    email, customer_id = _sign_up(api, integration)

    token = auth_client.password(PROJECT, email, PASSWORD, ["manage_my_profile:" + PROJECT])

    assert token.refresh_token
    assert token.customer_id == customer_id
    me = api.get(f"/{PROJECT}/me", headers={"Authorization": f"Bearer {token.access_token}"})
    assert me.status_code == 200, me.text


def test_wrong_password_is_invalid_customer_credentials(auth_client: AuthClient, api: httpx.Client) -> None:
    email, _ = _sign_up(api, IntegrationTokenProvider(auth_client, PROJECT))
    with pytest.raises(InvalidCustomerCredentialsError) as caught:
        auth_client.password(PROJECT, email, "not-" + PASSWORD)
    assert caught.value.status_code == 400
    assert caught.value.error == "invalid_customer_account_credentials"


def test_anonymous_token_then_refresh(auth_client: AuthClient, api: httpx.Client) -> None:
    token = auth_client.anonymous(PROJECT, ["manage_my_orders:" + PROJECT])

    assert token.anonymous_id
    assert token.refresh_token
    cart = api.post(
        f"/{PROJECT}/me/carts",
        json={"currency": "EUR"},
        headers={"Authorization": f"Bearer {token.access_token}"},
    )
    assert cart.status_code == 201, cart.text

    refreshed = auth_client.refresh(token.refresh_token)
    assert refreshed.access_token != token.access_token
    assert refreshed.refresh_token == token.refresh_token  # the peer, like commercetools, does not resend it
    assert refreshed.anonymous_id == token.anonymous_id
    categories = api.get(
        f"/{PROJECT}/categories", headers={"Authorization": f"Bearer {refreshed.access_token}"}
    )
    assert categories.status_code == 200, categories.text


def test_unknown_refresh_token_is_rejected(auth_client: AuthClient) -> None:
    with pytest.raises(RefreshRejectedError) as caught:
        auth_client.refresh("never-issued-refresh-token")
    assert caught.value.error == "invalid_grant"
    assert caught.value.status_code == 400


def test_customer_session_guest_then_sign_in_then_refresh(auth_client: AuthClient, api: httpx.Client) -> None:
    email, customer_id = _sign_up(api, IntegrationTokenProvider(auth_client, PROJECT))
    now = [auth_client.clock()]
    provider = CustomerTokenProvider(auth_client, PROJECT, clock=lambda: now[0])
    session: dict[str, Any] = {}

    guest_cart = api.post(
        f"/{PROJECT}/me/carts", json={"currency": "EUR"}, auth=CustomerBearerAuth(provider, session)
    )
    assert guest_cart.status_code == 201, guest_cart.text
    guest = provider.session_state(session)
    assert guest is not None
    assert guest.kind == "anonymous"
    assert guest.anonymous_id

    provider.sign_in(session, email, PASSWORD)
    signed_in = provider.session_state(session)
    assert signed_in is not None
    assert signed_in.kind == "customer"
    assert signed_in.customer_id == customer_id

    # The peer's tokens never expire, so move our clock past expiry to make the provider refresh.
    before = session[provider.session_key]["access_token"]
    now[0] = signed_in.expires_at
    me = api.get(f"/{PROJECT}/me", auth=CustomerBearerAuth(provider, session))
    assert me.status_code == 200, me.text
    assert session[provider.session_key]["access_token"] != before
    after = provider.session_state(session)
    assert after is not None
    assert after.customer_id == customer_id


def test_peer_server_is_stopped_even_when_the_block_fails(peer_server: str) -> None:
    class BoomError(Exception):
        pass

    urls: list[str] = []
    with pytest.raises(BoomError), run_peer_server() as url:  # noqa: PT012
        urls.append(url)
        assert httpx.get(f"{url}/{PROJECT}/categories").status_code == 401  # up, and wants a token
        raise BoomError
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{urls[0]}/{PROJECT}/categories", timeout=2)


def test_in_store_sign_up_then_password_flow(auth_client: AuthClient, api: httpx.Client) -> None:
    integration = BearerAuth(IntegrationTokenProvider(auth_client, PROJECT))
    store_key = f"store-{uuid.uuid4().hex[:8]}"
    store = api.post(f"/{PROJECT}/stores", json={"key": store_key, "name": {"en": "Peer"}}, auth=integration)
    assert store.status_code == 201, store.text
    email = f"peer-{uuid.uuid4().hex[:12]}@example.com"
    created = api.post(
        f"/{PROJECT}/in-store/key={store_key}/customers",
        json={"email": email, "password": PASSWORD},
        auth=integration,
    )
    assert created.status_code == 201, created.text

    token = auth_client.password(PROJECT, email, PASSWORD, store_key=store_key)

    assert token.customer_id == created.json()["customer"]["id"]
    assert token.refresh_token


def test_32_threads_one_token_request_against_the_peer(peer_server: str) -> None:
    token_requests: list[str] = []

    def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/token"):
            token_requests.append(request.url.path)

    with httpx.Client(event_hooks={"request": [count]}, timeout=10) as http:
        client = AuthClient(peer_server, "peer-client", "peer-secret-" + "s" * 20, http=http)
        integration = IntegrationTokenProvider(client, PROJECT)
        results, errors = hammer(integration.get_token, 32)

    assert errors == []
    assert len(set(results)) == 1
    assert token_requests == ["/oauth/token"]


def test_session_with_a_refresh_token_the_peer_rejects_falls_back_to_a_guest(auth_client: AuthClient) -> None:
    now = [auth_client.clock()]
    provider = CustomerTokenProvider(auth_client, PROJECT, clock=lambda: now[0])
    session: dict[str, Any] = {}
    provider.get_token(session)
    # Stand-in for a refresh token that lapsed on the server: one the peer never issued.
    session[provider.session_key] = {**session[provider.session_key], "refresh_token": "lapsed-refresh-token"}
    state = provider.session_state(session)
    assert state is not None
    now[0] = state.expires_at

    with pytest.raises(RefreshRejectedError):
        provider.get_token(session)
    assert provider.session_state(session) is None

    provider.get_token(session)
    fresh = provider.session_state(session)
    assert fresh is not None
    assert fresh.kind == "anonymous"
    assert fresh.anonymous_id != state.anonymous_id


def test_no_secret_in_any_log_line_over_a_real_transport(
    auth_client: AuthClient, api: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # includes httpx and httpcore wire-level debug lines
    integration = IntegrationTokenProvider(auth_client, PROJECT)
    email, _ = _sign_up(api, integration)
    provider = CustomerTokenProvider(auth_client, PROJECT)
    session: dict[str, Any] = {}
    provider.get_token(session)
    customer = provider.sign_in(session, email, PASSWORD)
    refreshed = auth_client.refresh(customer.refresh_token or "")
    with pytest.raises(InvalidCustomerCredentialsError):
        auth_client.password(PROJECT, email, "wrong-" + PASSWORD)

    secrets = [
        "peer-secret-" + "s" * 20,
        PASSWORD,
        integration.get_token(),
        customer.access_token,
        customer.refresh_token or "",
        refreshed.access_token,
    ]
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    for record in caplog.records:
        message = record.getMessage()
        for secret in secrets:
            assert secret not in message, f"{record.name} logged a secret"
