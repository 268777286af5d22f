"""The fake auth server: flows, scope enforcement, introspection and expiry on the backend's clock."""

from __future__ import annotations

import httpx
import pytest

from ctp_auth import (
    AuthClient,
    BearerAuth,
    InsufficientScopeError,
    IntegrationTokenProvider,
    InvalidClientError,
    InvalidCustomerCredentialsError,
    RefreshRejectedError,
)
from ctp_sdk.testing import Backend, FakeClock

from testing_targets import CLIENT_ID, CLIENT_SECRET, Target


def _auth(target: Target, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> AuthClient:
    return AuthClient(target.auth_url, client_id, secret, http=target.http())


def _api(target: Target, token: str) -> httpx.Client:
    return target.http(base_url=target.base_url, headers={"Authorization": f"Bearer {token}"})


def _customer(target: Target, email: str = "ann@example.com", password: str = "Ann-Pass-1") -> str:
    api = target.integration()
    response = api.post(f"/{target.project}/customers", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    customer_id: str = response.json()["customer"]["id"]
    return customer_id


def test_client_credentials_token_scopes_are_enforced(fake: Target) -> None:
    auth = _auth(fake)
    token = auth.client_credentials([f"view_categories:{fake.project}"])
    assert token.scope == f"view_categories:{fake.project}"
    api = _api(fake, token.access_token)
    assert api.get(f"/{fake.project}/categories").status_code == 200
    refused = api.post(f"/{fake.project}/categories", json={"name": {"en": "x"}, "slug": {"en": "x"}})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == "insufficient_scope"
    assert "manage_categories" in refused.json()["message"]
    assert api.get(f"/{fake.project}/orders").status_code == 403


def test_manage_scope_implies_view_and_token_is_bound_to_its_project(fake: Target) -> None:
    token = _auth(fake).client_credentials([f"manage_orders:{fake.project}"])
    api = _api(fake, token.access_token)
    assert api.get(f"/{fake.project}/orders").status_code == 200
    assert api.get("/other-project/orders").status_code == 403


def test_client_cannot_request_scopes_it_lacks(fake: Target) -> None:
    assert fake.backend is not None
    fake.backend.add_api_client("narrow", "narrow-secret", ["view_products"])
    with pytest.raises(InsufficientScopeError):
        _auth(fake, "narrow", "narrow-secret").client_credentials([f"manage_products:{fake.project}"])
    with pytest.raises(InsufficientScopeError):  # and no anonymous sessions without create_anonymous_token
        _auth(fake, "narrow", "narrow-secret").anonymous(fake.project)


def test_wrong_client_secret_is_invalid_client(fake: Target) -> None:
    with pytest.raises(InvalidClientError):
        _auth(fake, CLIENT_ID, "wrong").client_credentials()


def test_password_flow_binds_the_customer_and_rejects_wrong_passwords(fake: Target) -> None:
    customer_id = _customer(fake)
    auth = _auth(fake)
    token = auth.password(fake.project, "ANN@example.com", "Ann-Pass-1")  # emails are case-insensitive
    assert f"customer_id:{customer_id}" in token.scope
    assert token.refresh_token
    me = _api(fake, token.access_token).get(f"/{fake.project}/me")
    assert me.status_code == 200 and me.json()["id"] == customer_id
    with pytest.raises(InvalidCustomerCredentialsError):
        auth.password(fake.project, "ann@example.com", "wrong")


def test_anonymous_flow_and_refresh_keep_the_anonymous_id(fake: Target) -> None:
    auth = _auth(fake)
    token = auth.anonymous(fake.project, anonymous_id="guest-1")
    assert "anonymous_id:guest-1" in token.scope
    assert token.refresh_token is not None
    refreshed = auth.refresh(token.refresh_token)
    assert refreshed.access_token != token.access_token
    assert "anonymous_id:guest-1" in refreshed.scope
    with pytest.raises(RefreshRejectedError):
        auth.refresh("test-project:not-a-refresh-token")


def test_introspection(fake: Target) -> None:
    auth = _auth(fake)
    token = auth.client_credentials()
    info = auth.introspect(token.access_token)
    assert info.active and info.client_id == CLIENT_ID and info.exp is not None
    assert info.scope is not None and f"manage_project:{fake.project}" in info.scope
    assert not auth.introspect("unknown-token").active


def test_tokens_expire_on_the_controllable_clock() -> None:
    clock = FakeClock(frozen=True)
    backend = Backend("p", clock=clock)
    transport = backend.transport()
    with httpx.Client(transport=transport) as http:
        auth = AuthClient(backend.auth_url, backend.client.client_id, backend.client.client_secret, http=http)
        token = auth.client_credentials()
        api = httpx.Client(transport=transport, base_url=backend.api_url)
        headers = {"Authorization": f"Bearer {token.access_token}"}
        assert api.get("/p/categories", headers=headers).status_code == 200
        clock.advance(48 * 3600 - 1)
        assert api.get("/p/categories", headers=headers).status_code == 200
        clock.advance(1)
        expired = api.get("/p/categories", headers=headers)
        assert expired.status_code == 401
        assert expired.json()["errors"][0]["code"] == "invalid_token"
        assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]
        assert not auth.introspect(token.access_token).active


def test_bearer_auth_renews_after_server_side_expiry() -> None:
    """The client thinks its token is fine (real clock); the server says expired; ctp_auth renews once."""
    backend = Backend("p")
    transport = backend.transport()
    with httpx.Client(transport=transport) as http:
        auth = AuthClient(backend.auth_url, backend.client.client_id, backend.client.client_secret, http=http)
        provider = IntegrationTokenProvider(auth, "p", scopes=["manage_project:p"])
        api = httpx.Client(transport=transport, base_url=backend.api_url, auth=BearerAuth(provider))
        first = provider.get_token()
        assert api.get("/p/categories").status_code == 200
        backend.clock.advance(49 * 3600)
        assert api.get("/p/categories").status_code == 200
        assert provider.get_token() != first


def test_missing_token_is_401(fake: Target) -> None:
    response = fake.http(base_url=fake.base_url).get(f"/{fake.project}/categories")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_token"


def test_no_secret_in_reprs() -> None:
    backend = Backend("p", client_secret="super-secret-value")
    assert "super-secret-value" not in repr(backend)
    assert "super-secret-value" not in repr(backend.client)
