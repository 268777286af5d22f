"""BearerAuth / CustomerBearerAuth: the header, and 401 invalid_token -> renew once -> resend once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ctp_auth import (
    AuthClient,
    BearerAuth,
    CustomerBearerAuth,
    CustomerTokenProvider,
    IntegrationTokenProvider,
    InvalidClientError,
    is_invalid_token_response,
)

from auth_fakes import PROJECT, FakeAuthServer

API = "https://api.test.commercetools.com"

INVALID_TOKEN_BODY = {
    "statusCode": 401,
    "message": "invalid_token",
    "errors": [{"code": "invalid_token", "message": "invalid_token"}],
}


class FakeApi:
    """An API that accepts only tokens the fake auth server issued and that the test has not revoked."""

    def __init__(self, server: FakeAuthServer, *, always_401: bool = False) -> None:
        self.server = server
        self.always_401 = always_401
        self.seen: list[tuple[str | None, bytes]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        header = request.headers.get("authorization")
        self.seen.append((header, request.read()))
        token = header.removeprefix("Bearer ") if header else ""
        if self.always_401 or token not in self.server.active_tokens:
            return httpx.Response(401, json=INVALID_TOKEN_BODY)
        return httpx.Response(200, json={"ok": True})


def _api_client(api: FakeApi, auth: httpx.Auth) -> httpx.Client:
    return httpx.Client(base_url=API, transport=httpx.MockTransport(api), auth=auth)


def test_sets_bearer_header_from_the_provider(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    api = FakeApi(server)
    with _api_client(api, BearerAuth(provider)) as client:
        assert client.get(f"/{PROJECT}/categories").status_code == 200
        assert client.get(f"/{PROJECT}/categories").status_code == 200
    assert api.seen[0][0] == f"Bearer {provider.get_token()}"
    assert len(server.token_requests()) == 1


def test_401_invalid_token_renews_once_and_resends_once(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    revoked = provider.get_token()
    server.active_tokens.discard(revoked)  # the server forgot it before its expiry
    api = FakeApi(server)

    with _api_client(api, BearerAuth(provider)) as client:
        response = client.post(f"/{PROJECT}/carts", json={"currency": "EUR"})

    assert response.status_code == 200
    assert len(server.token_requests()) == 2
    assert [h for h, _ in api.seen] == [f"Bearer {revoked}", f"Bearer {provider.get_token()}"]
    assert api.seen[0][1] == api.seen[1][1]
    assert json.loads(api.seen[1][1]) == {"currency": "EUR"}


def test_second_401_is_returned_not_retried(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    api = FakeApi(server, always_401=True)

    with _api_client(api, BearerAuth(provider)) as client:
        response = client.get(f"/{PROJECT}/categories")

    assert response.status_code == 401
    assert len(api.seen) == 2
    assert len(server.token_requests()) == 2


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(401, json={"statusCode": 401, "errors": [{"code": "insufficient_scope"}]}),
        httpx.Response(401, text="no json"),
        httpx.Response(403, json=INVALID_TOKEN_BODY),
        httpx.Response(500, json=INVALID_TOKEN_BODY),
    ],
    ids=["401-other-code", "401-not-json", "403", "500"],
)
def test_other_failures_are_not_retried(
    auth_client: AuthClient, server: FakeAuthServer, response: httpx.Response
) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)
    calls: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return response

    with httpx.Client(transport=httpx.MockTransport(api), auth=BearerAuth(provider)) as client:
        assert client.get(f"{API}/x").status_code == response.status_code
    assert len(calls) == 1
    assert len(server.token_requests()) == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda: httpx.Response(401, json={"error": "invalid_token"}),
        lambda: httpx.Response(401, headers={"www-authenticate": 'Bearer error="invalid_token"'}),
        lambda: httpx.Response(401, json=INVALID_TOKEN_BODY),
    ],
    ids=["top-level-error", "www-authenticate", "errors-code"],
)
def test_invalid_token_is_recognised_in_every_place_it_is_said(make: Callable[[], httpx.Response]) -> None:
    response = make()
    response.read()
    assert is_invalid_token_response(response)


def test_token_failure_surfaces_as_auth_error(
    make_client: Callable[..., AuthClient], server: FakeAuthServer
) -> None:
    provider = IntegrationTokenProvider(make_client("wrong-secret-" + "W" * 20), PROJECT)
    api = FakeApi(server)
    with _api_client(api, BearerAuth(provider)) as client, pytest.raises(InvalidClientError):
        client.get("/x")
    assert api.seen == []


def test_customer_auth_renews_the_session_token_on_invalid_token(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    provider = CustomerTokenProvider(auth_client, PROJECT)
    session: dict[str, Any] = {}
    guest_token = provider.get_token(session)
    refresh_token = session[provider.session_key]["refresh_token"]
    server.active_tokens.discard(guest_token)
    api = FakeApi(server)

    with _api_client(api, CustomerBearerAuth(provider, session)) as client:
        response = client.get(f"/{PROJECT}/me/active-cart")

    assert response.status_code == 200
    assert [r.form["grant_type"] for r in server.token_requests()] == ["client_credentials", "refresh_token"]
    # Same guest: renewed with the refresh token, not replaced by a new anonymous session.
    assert session[provider.session_key]["refresh_token"] == refresh_token
    assert api.seen[-1][0] == f"Bearer {session[provider.session_key]['access_token']}"


def test_async_use_is_refused(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = IntegrationTokenProvider(auth_client, PROJECT)

    async def go() -> None:
        async def api(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200)

        async with httpx.AsyncClient(transport=httpx.MockTransport(api), auth=BearerAuth(provider)) as client:
            await client.get(f"{API}/x")

    with pytest.raises(RuntimeError, match="synchronous"):
        asyncio.run(go())
    assert server.requests == []
