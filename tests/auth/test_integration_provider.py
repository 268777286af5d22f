"""IntegrationTokenProvider: caching, the expiry margin, invalidation and single flight."""

from __future__ import annotations

import httpx
import pytest

from ctp_auth import (
    INTEGRATION_PERMISSIONS,
    AuthClient,
    AuthServerError,
    AuthUnreachableError,
    IntegrationTokenProvider,
)

from auth_fakes import PROJECT, FakeAuthServer, FakeClock, hammer, release_when_first_request_arrives


def test_by_default_no_scope_is_requested_so_the_client_gets_its_own(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    # A fixed list broke clients lacking one of its permissions (invalid_scope even for a GET) and
    # withheld the ones it lacked (403 on the README's own "create a category").
    IntegrationTokenProvider(auth_client, PROJECT).get_token()
    assert "scope" not in server.requests[0].form
    # The seed's list stays, as the checklist of what an integration client needs.
    assert len(INTEGRATION_PERMISSIONS) == 8


def test_scopes_can_be_overridden(auth_client: AuthClient, server: FakeAuthServer) -> None:
    IntegrationTokenProvider(auth_client, PROJECT, scopes=["manage_project:shop-1"]).get_token()
    assert server.requests[0].form["scope"] == "manage_project:shop-1"


def test_token_is_cached_until_the_margin_before_expiry(
    auth_client: AuthClient, server: FakeAuthServer, clock: FakeClock
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT, expiry_margin=300)
    first = provider.get_token()

    clock.advance(3600 - 300 - 1)  # one second before the margin
    assert provider.get_token() == first
    assert len(server.requests) == 1

    clock.advance(1)  # exactly at the margin: renew
    second = provider.get_token()
    assert second != first
    assert len(server.requests) == 2
    assert provider.get_token() == second
    assert len(server.requests) == 2


def test_expired_token_is_renewed_with_zero_margin(
    auth_client: AuthClient, server: FakeAuthServer, clock: FakeClock
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT, expiry_margin=0)
    first = provider.get_token()
    clock.advance(3599)
    assert provider.get_token() == first
    clock.advance(1)
    assert provider.get_token() != first


def test_token_info_gives_expiry(auth_client: AuthClient, clock: FakeClock) -> None:
    info = IntegrationTokenProvider(auth_client, PROJECT).get_token_info()
    assert info.expires_at == clock.now + 3600


def test_invalidate_forgets_only_the_cached_token(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    first = provider.get_token()

    provider.invalidate("some-older-token")
    assert provider.get_token() == first

    provider.invalidate(first)
    second = provider.get_token()
    assert second != first
    assert len(server.requests) == 2


def test_failure_then_next_call_tries_again(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    server.next_responses.append(httpx.Response(503, text="busy"))
    with pytest.raises(AuthServerError):
        provider.get_token()
    assert provider.get_token().startswith("AT")
    assert len(server.requests) == 2


def test_negative_margin_is_refused(auth_client: AuthClient) -> None:
    with pytest.raises(ValueError, match="expiry_margin"):
        IntegrationTokenProvider(auth_client, PROJECT, expiry_margin=-1)


def test_32_threads_cause_exactly_one_token_request(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    releaser = release_when_first_request_arrives(server)

    results, errors = hammer(provider.get_token, 32)
    releaser.join()

    assert errors == []
    assert len(server.token_requests()) == 1
    assert len(results) == 32
    assert len(set(results)) == 1


def test_32_threads_all_see_the_one_failure_and_the_next_call_retries(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    server.next_responses.append(httpx.ConnectError("refused"))
    releaser = release_when_first_request_arrives(server)

    results, errors = hammer(provider.get_token, 32)
    releaser.join()

    assert results == []
    assert len(errors) == 32
    assert all(isinstance(e, AuthUnreachableError) for e in errors)
    assert len(server.token_requests()) == 1

    server.gate = None
    assert provider.get_token().startswith("AT")
    assert len(server.token_requests()) == 2


def test_32_threads_after_expiry_renew_once(
    auth_client: AuthClient, server: FakeAuthServer, clock: FakeClock
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    old = provider.get_token()
    clock.advance(3600)
    releaser = release_when_first_request_arrives(server)

    results, errors = hammer(provider.get_token, 32)
    releaser.join()

    assert errors == []
    assert len(server.token_requests()) == 2
    assert set(results) == {server.issued[-1]}
    assert old not in results
