"""No client secret, password, access or refresh token in any str, repr or log line, at any level."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import ctp_auth
from ctp_auth import (
    AuthClient,
    AuthError,
    BearerAuth,
    CustomerBearerAuth,
    CustomerTokenProvider,
    IntegrationTokenProvider,
    Token,
)
from ctp_auth._errors import error_from_response

from auth_fakes import CLIENT_SECRET, EMAIL, PASSWORD, PROJECT, FakeAuthServer, FakeClock, json_response


def _secrets(server: FakeAuthServer) -> list[str]:
    return [CLIENT_SECRET, PASSWORD, *server.issued]


def _assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"secret {secret[:4]}... leaked"


def test_every_flow_and_error_logs_nothing_secret_at_debug(
    caplog: pytest.LogCaptureFixture,
    auth_client: AuthClient,
    make_client: Callable[..., AuthClient],
    server: FakeAuthServer,
    clock: FakeClock,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, so httpx's own lines are searched as well
    errors: list[BaseException] = []
    integration = IntegrationTokenProvider(auth_client, PROJECT)
    customers = CustomerTokenProvider(auth_client, PROJECT)
    session: dict[str, Any] = {}

    integration.get_token()
    customers.get_token(session)
    customers.sign_in(session, EMAIL, PASSWORD)
    token = customers.get_token_info(session)
    auth_client.introspect(token.access_token)
    clock.advance(3600)
    customers.get_token(session)
    integration.get_token()

    def api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"errors": [{"code": "invalid_token"}]})

    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        http.get("https://api/x", auth=BearerAuth(integration))
        http.get("https://api/x", auth=CustomerBearerAuth(customers, session))

    scripted_echo_password = json_response(
        400, {"error": "invalid_request", "error_description": f"bad password {PASSWORD}"}
    )
    scripted_echo_refresh = json_response(
        400, {"error": "invalid_grant", "error_description": f"unknown {token.refresh_token}"}
    )
    # Each failure with the response the server gives it; None = the fake server's own answer.
    failures: list[tuple[httpx.Response | Exception | None, Callable[[], object]]] = [
        (None, lambda: auth_client.password(PROJECT, EMAIL, PASSWORD + "-wrong")),
        (None, lambda: auth_client.refresh(f"{token.refresh_token}-gone")),
        (None, lambda: make_client("wrong-" + CLIENT_SECRET).client_credentials()),
        # A server that echoes what it was sent back into its error description.
        (scripted_echo_password, lambda: auth_client.password(PROJECT, EMAIL, PASSWORD)),
        (scripted_echo_refresh, lambda: auth_client.refresh(token.refresh_token or "")),
        (httpx.ConnectError("refused"), auth_client.client_credentials),
        (httpx.Response(502, text="bad gateway"), auth_client.client_credentials),
    ]
    for scripted, fail in failures:
        if scripted is not None:
            server.next_responses.append(scripted)
        with pytest.raises(AuthError) as caught:
            fail()
        errors.append(caught.value)

    secrets = [*_secrets(server), PASSWORD + "-wrong", "wrong-" + CLIENT_SECRET]
    assert len(server.issued) >= 8
    assert caplog.records, "expected DEBUG log lines to search"
    for record in caplog.records:
        _assert_clean(record.getMessage(), secrets)
    for error in errors:
        _assert_clean(str(error), secrets)
        _assert_clean(repr(error), secrets)
    _assert_clean(repr(integration) + repr(customers) + repr(auth_client), secrets)
    _assert_clean(repr(BearerAuth(integration)) + repr(CustomerBearerAuth(customers, session)), secrets)
    _assert_clean(repr(customers.session_state(session)), secrets)


def test_token_repr_and_str_show_at_most_a_masked_prefix() -> None:
    token = Token(
        access_token="ACCESS-abcdefghijklmnopqrstuvwxyz",
        expires_at=1.0,
        scope="view_products:p",
        refresh_token="REFRESH-abcdefghijklmnopqrstuvwxyz",
    )
    for text in (repr(token), str(token), f"{token}", repr([token])):
        assert "abcdefghijklmnop" not in text
        assert "ACCE***" in text
        assert "REFR***" in text
    short = Token(access_token="short", expires_at=1.0, scope="")
    assert "short" not in repr(short)


def test_auth_client_repr_masks_the_secret() -> None:
    client = AuthClient("https://auth.example", "my-client", CLIENT_SECRET)
    try:
        assert CLIENT_SECRET not in repr(client)
        assert "my-client" in repr(client)
    finally:
        client.close()


def test_error_description_is_scrubbed_of_every_secret_sent() -> None:
    error = error_from_response(
        400,
        {"error": "invalid_grant", "error_description": "token RT-123456789 of client S3CRET-xyz is unknown"},
        grant="refresh_token",
        secrets=["RT-123456789", "S3CRET-xyz", ""],
    )
    assert "RT-123456789" not in str(error)
    assert "S3CRET-xyz" not in str(error)
    assert "invalid_grant" in str(error)
    assert "status=400" in str(error)


def test_session_state_holds_no_token(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = CustomerTokenProvider(auth_client, PROJECT)
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD)
    state = provider.session_state(session)
    _assert_clean(repr(state) + json.dumps(getattr(state, "__dict__", {})), server.issued)


def test_library_never_configures_logging() -> None:
    logger = logging.getLogger("ctp_auth")
    assert logger.handlers == []
    assert logger.level == logging.NOTSET
    assert ctp_auth.__all__  # imported, and still no handlers
