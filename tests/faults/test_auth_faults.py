"""Token faults: expiry mid-session (both roots), a failing or unreachable token endpoint, a rejected
refresh token. Tokens are renewed at most once per request; a token request that fails is retried
because the API request it was for was never sent."""

from __future__ import annotations

from typing import Any

import pytest
from ctp_auth import AuthServerError, AuthUnreachableError, RefreshRejectedError
from fault_client import ClientFactory
from fault_server import CLIENT_SECRET, FaultServer, Reply, closed_port

from ctp_sdk import UnauthorizedError
from ctp_sdk.models import CategoryDraft


def grant(name: str) -> Any:
    return lambda request: request.form.get("grant_type") == name


def test_integration_token_expiring_mid_session_is_renewed_once(
    server: FaultServer, make_client: ClientFactory
) -> None:
    server.add_category("c1")
    ctp, _ = make_client(server.url)
    api = ctp.integration_api_root()
    assert api.categories().with_id("c1").get().execute().status_code == 200
    server.revoke_tokens()  # as if the token expired early or was revoked
    response = api.categories().with_id("c1").get().execute()
    assert response.status_code == 200 and response.retries == 0
    assert [r.form["grant_type"] for r in server.auth_requests()] == ["client_credentials"] * 2
    auths = [r.headers["authorization"] for r in server.api_requests()]
    assert auths == [f"Bearer {server.tokens_issued[0]}"] * 2 + [f"Bearer {server.tokens_issued[1]}"]


def test_a_post_resent_after_renewal_is_created_once(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url)
    ctp.get_integration_token()
    server.revoke_tokens()
    draft = CategoryDraft(name={"en": "n"}, slug={"en": "s"}, key="after-401")
    assert ctp.integration_api_root().categories().post(draft).execute().status_code == 201
    # The 401 answer means the first POST was not applied; the resend with the new token was.
    assert len(server.api_requests("POST")) == 2 and [c["key"] for c in server.created] == ["after-401"]


def test_a_second_invalid_token_is_raised_not_renewed_again(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(*[Reply(401, {"statusCode": 401, "errors": [{"code": "invalid_token"}]})] * 10)
    ctp, _ = make_client(server.url)
    with pytest.raises(UnauthorizedError):
        ctp.integration_api_root().categories().get().execute()
    assert len(server.auth_requests()) == 2  # the first token and exactly one renewal
    assert len(server.api_requests()) == 2


def test_customer_token_expiring_mid_session_is_refreshed_once(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    ctp, _ = make_client(server.url)
    session: dict[str, Any] = {}
    ctp.sign_in_customer(session, email="shopper@example.test", password="pa55-word-secret")
    me = ctp.customer_api_root(session)
    assert me.categories().with_id("c1").get().execute().status_code == 200
    server.revoke_tokens()
    assert me.categories().with_id("c1").get().execute().status_code == 200
    grants = [r.form["grant_type"] for r in server.auth_requests()]
    # guest token (for /me/login), the password flow, one refresh after the 401
    assert grants == ["client_credentials", "password", "refresh_token"]
    assert server.auth_requests()[2].form["refresh_token"] == server.refresh_tokens[1]
    state = ctp.customer_session_state(session)
    assert state is not None and state.kind == "customer"


def test_token_endpoint_500_then_ok_the_call_succeeds(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.auth.push(Reply(500, {"error": "server_error"}))
    ctp, sleeps = make_client(server.url)
    response = ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert response.status_code == 200 and response.retries == 1 and sleeps == [0.25]
    assert len(server.auth_requests()) == 2 and len(server.api_requests()) == 1


def test_token_endpoint_failing_throughout_raises_auth_server_error(
    server: FaultServer, make_client: ClientFactory
) -> None:
    server.auth.push(*[Reply(503, {"error": "unavailable"})] * 10)
    ctp, _ = make_client(server.url)
    with pytest.raises(AuthServerError) as caught:
        ctp.integration_api_root().categories().post(CategoryDraft(name={"en": "n"}, slug={"en": "s"})).execute()
    assert caught.value.status_code == 503 and caught.value.retries == 3
    assert server.api_requests() == []  # nothing was sent to the API without a token


def test_token_endpoint_down_raises_auth_unreachable(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, sleeps = make_client(server.url, auth_url=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(AuthUnreachableError) as caught:
        ctp.integration_api_root().categories().get().execute()
    assert caught.value.retries == 3 and len(sleeps) == 3
    assert CLIENT_SECRET not in str(caught.value) and CLIENT_SECRET not in repr(caught.value)
    assert server.api_requests() == []


def test_rejected_refresh_token_clears_the_session_and_the_next_call_starts_a_guest(
    server: FaultServer, make_client: ClientFactory
) -> None:
    server.add_category("c1")
    ctp, _ = make_client(server.url)
    session: dict[str, Any] = {}
    me = ctp.customer_api_root(session)
    me.categories().with_id("c1").get().execute()
    old_refresh = server.refresh_tokens[0]
    server.revoke_tokens()
    server.auth.push(
        Reply(400, {"error": "invalid_grant", "error_description": "refresh token expired"}),
        when=grant("refresh_token"),
    )
    with pytest.raises(RefreshRejectedError) as caught:
        me.categories().with_id("c1").get().execute()
    assert old_refresh not in str(caught.value)
    assert caught.value.retries == 0  # a rejected refresh token does not get better by retrying
    assert ctp.customer_session_state(session) is None
    assert me.categories().with_id("c1").get().execute().status_code == 200
    state = ctp.customer_session_state(session)
    assert state is not None and state.kind == "anonymous"
