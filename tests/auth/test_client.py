"""AuthClient: each OAuth flow's request shape, the Token it returns, and each error it raises."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx
import pytest

from ctp_auth import (
    AuthClient,
    AuthError,
    AuthServerError,
    AuthUnreachableError,
    CtpError,
    InsufficientScopeError,
    InvalidClientError,
    InvalidCustomerCredentialsError,
    RefreshRejectedError,
)

from auth_fakes import (
    AUTH_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    CUSTOMER_ID,
    EMAIL,
    PASSWORD,
    PROJECT,
    STORE,
    FakeAuthServer,
    FakeClock,
    json_response,
)


def test_client_credentials_posts_form_with_basic_auth_and_space_separated_scopes(
    auth_client: AuthClient, server: FakeAuthServer, clock: FakeClock
) -> None:
    token = auth_client.client_credentials(["view_products:shop-1", "manage_orders:shop-1"])

    [sent] = server.requests
    assert sent.path == "/oauth/token"
    assert sent.basic == (CLIENT_ID, CLIENT_SECRET)
    assert sent.form == {
        "grant_type": "client_credentials",
        "scope": "view_products:shop-1 manage_orders:shop-1",
    }
    assert token.expires_at == clock.now + 3600
    assert token.scope == "view_products:shop-1 manage_orders:shop-1"
    assert token.scopes == ("view_products:shop-1", "manage_orders:shop-1")
    assert token.token_type == "Bearer"
    assert token.refresh_token is None


def test_request_is_form_encoded(server: FakeAuthServer, clock: FakeClock) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return server(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        AuthClient(AUTH_URL, CLIENT_ID, CLIENT_SECRET, http=http, clock=clock).client_credentials()
    assert seen[0].method == "POST"
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"


def test_client_credentials_without_scopes_sends_no_scope(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    auth_client.client_credentials()
    assert server.requests[0].form == {"grant_type": "client_credentials"}


def test_scopes_given_as_one_string_are_refused(auth_client: AuthClient) -> None:
    with pytest.raises(TypeError):
        auth_client.client_credentials("view_products:shop-1")


def test_password_flow_returns_customer_token_with_refresh_token(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    token = auth_client.password(PROJECT, EMAIL, PASSWORD, ["manage_my_profile:shop-1"])

    [sent] = server.requests
    assert sent.path == f"/oauth/{PROJECT}/customers/token"
    assert sent.form == {
        "grant_type": "password",
        "username": EMAIL,
        "password": PASSWORD,
        "scope": "manage_my_profile:shop-1",
    }
    assert token.refresh_token is not None
    assert token.customer_id == CUSTOMER_ID


def test_password_flow_in_store_uses_store_endpoint(auth_client: AuthClient, server: FakeAuthServer) -> None:
    auth_client.password(PROJECT, EMAIL, PASSWORD, store_key=STORE)
    assert server.requests[0].path == f"/oauth/{PROJECT}/in-store/key={STORE}/customers/token"


def test_path_values_are_escaped_and_must_not_be_empty(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    with pytest.raises(ValueError, match="project_key"):
        auth_client.anonymous("")
    with pytest.raises(ValueError, match="store_key"):
        auth_client.password(PROJECT, EMAIL, PASSWORD, store_key="")
    with pytest.raises(AuthError):  # the fake knows no such store; what matters is the path sent
        auth_client.password(PROJECT, EMAIL, PASSWORD, store_key="a/b?c")
    assert server.requests[-1].raw_path == f"/oauth/{PROJECT}/in-store/key=a%2Fb%3Fc/customers/token".encode()


def test_anonymous_flow_with_and_without_anonymous_id(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    generated = auth_client.anonymous(PROJECT, ["manage_my_orders:shop-1"])
    chosen = auth_client.anonymous(PROJECT, anonymous_id="guest-42")

    assert server.requests[0].path == f"/oauth/{PROJECT}/anonymous/token"
    assert server.requests[0].form == {"grant_type": "client_credentials", "scope": "manage_my_orders:shop-1"}
    assert server.requests[1].form == {"grant_type": "client_credentials", "anonymous_id": "guest-42"}
    assert generated.anonymous_id is not None
    assert generated.refresh_token is not None
    assert chosen.anonymous_id == "guest-42"


def test_refresh_keeps_the_refresh_token_the_server_does_not_resend(
    auth_client: AuthClient, server: FakeAuthServer, clock: FakeClock
) -> None:
    first = auth_client.password(PROJECT, EMAIL, PASSWORD)
    assert first.refresh_token is not None
    clock.advance(100)

    renewed = auth_client.refresh(first.refresh_token)

    assert server.requests[-1].path == "/oauth/token"
    assert server.requests[-1].form == {"grant_type": "refresh_token", "refresh_token": first.refresh_token}
    assert renewed.access_token != first.access_token
    assert renewed.refresh_token == first.refresh_token
    assert renewed.expires_at == clock.now + 3600
    assert renewed.customer_id == CUSTOMER_ID


def test_introspect(auth_client: AuthClient, server: FakeAuthServer) -> None:
    token = auth_client.client_credentials()
    active = auth_client.introspect(token.access_token)
    inactive = auth_client.introspect("not-a-token")

    assert server.requests[1].path == "/oauth/introspect"
    assert server.requests[1].form == {"token": token.access_token}
    assert active.active is True
    assert active.scope == "view_products:shop-1"
    assert active.exp == 1_700_003_600
    assert inactive.active is False
    assert inactive.scope is None


def test_introspect_malformed_body_is_server_error(auth_client: AuthClient, server: FakeAuthServer) -> None:
    server.next_responses.append(json_response(200, {"active": "yes"}))
    with pytest.raises(AuthServerError):
        auth_client.introspect("tok")


# -- errors --------------------------------------------------------------------------------------


def test_wrong_client_secret_is_invalid_client(make_client: Callable[..., AuthClient]) -> None:
    client = make_client("wrong-secret-" + "W" * 20)
    with pytest.raises(InvalidClientError) as caught:
        client.client_credentials()
    assert caught.value.status_code == 401
    assert caught.value.error == "invalid_client"
    assert isinstance(caught.value, AuthError)
    assert isinstance(caught.value, CtpError)


def test_wrong_customer_password(auth_client: AuthClient) -> None:
    with pytest.raises(InvalidCustomerCredentialsError) as caught:
        auth_client.password(PROJECT, EMAIL, "wrong-password-123456")
    assert caught.value.status_code == 400
    assert caught.value.error == "invalid_customer_account_credentials"
    assert caught.value.error_description == "Customer account not found."


@pytest.mark.parametrize(
    ("status", "code"),
    [(403, "insufficient_scope"), (400, "invalid_scope"), (403, None)],
)
def test_scope_refusals_are_insufficient_scope(
    auth_client: AuthClient, server: FakeAuthServer, status: int, code: str | None
) -> None:
    body = {"statusCode": status, "message": "nope", "error": code} if code else {"message": "forbidden"}
    server.next_responses.append(json_response(status, body))
    with pytest.raises(InsufficientScopeError) as caught:
        auth_client.client_credentials(["manage_project:shop-1"])
    assert caught.value.error == code
    assert caught.value.status_code == status


def test_unknown_refresh_token_is_refresh_rejected(auth_client: AuthClient) -> None:
    with pytest.raises(RefreshRejectedError) as caught:
        auth_client.refresh("RT-unknown-" + "x" * 20)
    assert caught.value.error == "invalid_grant"
    assert caught.value.status_code == 400


def test_refresh_error_code_nested_in_errors_like_the_peer_sends(
    auth_client: AuthClient, server: FakeAuthServer
) -> None:
    # commercetools-mock nests the AuthError body inside errors[0] with key "error".
    server.next_responses.append(
        json_response(
            400,
            {
                "statusCode": 400,
                "message": "gone",
                "errors": [{"error": "invalid_grant", "error_description": "gone"}],
            },
        )
    )
    with pytest.raises(RefreshRejectedError) as caught:
        auth_client.refresh("RT-whatever-" + "x" * 20)
    assert caught.value.error == "invalid_grant"


def test_invalid_client_on_refresh_is_not_blamed_on_the_refresh_token(
    make_client: Callable[..., AuthClient],
) -> None:
    with pytest.raises(InvalidClientError):
        make_client("wrong-secret-" + "W" * 20).refresh("RT-whatever-" + "x" * 20)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_auth_server_error(auth_client: AuthClient, server: FakeAuthServer, status: int) -> None:
    server.next_responses.append(httpx.Response(status, text="<html>upstream down</html>"))
    with pytest.raises(AuthServerError) as caught:
        auth_client.client_credentials()
    assert caught.value.status_code == status


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="not json"),
        json_response(200, ["a", "list"]),
        json_response(200, {"expires_in": 3600, "scope": "", "token_type": "Bearer"}),
        json_response(
            200, {"access_token": "abc", "expires_in": "soon", "scope": "", "token_type": "Bearer"}
        ),
        json_response(200, {"access_token": "abc", "expires_in": True, "scope": "", "token_type": "Bearer"}),
        httpx.Response(302, headers={"location": "/elsewhere"}),
        httpx.Response(400, text="bad request, no json"),
    ],
    ids=[
        "not-json",
        "not-object",
        "no-access-token",
        "expires-in-str",
        "expires-in-bool",
        "redirect",
        "400-no-json",
    ],
)
def test_malformed_or_unexpected_responses_are_auth_server_errors(
    auth_client: AuthClient, server: FakeAuthServer, response: httpx.Response
) -> None:
    server.next_responses.append(response)
    with pytest.raises(AuthServerError):
        auth_client.client_credentials()


def test_other_oauth_4xx_is_plain_auth_error(auth_client: AuthClient, server: FakeAuthServer) -> None:
    server.next_responses.append(
        json_response(400, {"error": "unsupported_grant_type", "error_description": "no"})
    )
    with pytest.raises(AuthError) as caught:
        auth_client.client_credentials()
    assert type(caught.value) is AuthError
    assert caught.value.error == "unsupported_grant_type"


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("connection refused"), httpx.ReadTimeout("timed out"), httpx.ConnectTimeout("slow")],
)
def test_transport_failures_are_unreachable_with_a_sanitized_cause(
    auth_client: AuthClient, server: FakeAuthServer, exc: Exception
) -> None:
    server.next_responses.append(exc)
    with pytest.raises(AuthUnreachableError) as caught:
        auth_client.client_credentials()
    cause = caught.value.__cause__
    # The same kind of failure and message, but not the httpx exception itself: its .request carries the
    # Basic credentials and the form body, its traceback frames hold them in locals.
    assert type(cause) is type(exc)
    assert str(cause) == str(exc)
    assert cause is not exc
    assert cause.__traceback__ is None
    assert caught.value.__context__ is None
    with pytest.raises(RuntimeError):
        cause.request  # noqa: B018 - an httpx error without a request raises on access
    assert caught.value.status_code is None


def test_unreachable_for_real_against_a_closed_port(clock: FakeClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on that port now.
    client = AuthClient(f"http://127.0.0.1:{port}", CLIENT_ID, CLIENT_SECRET, timeout=2.0)
    with client, pytest.raises(AuthUnreachableError) as caught:
        client.client_credentials()
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


# -- construction and lifetime -------------------------------------------------------------------


def test_given_http_client_is_used_and_left_open(server: FakeAuthServer, clock: FakeClock) -> None:
    http = httpx.Client(transport=httpx.MockTransport(server))
    with AuthClient(AUTH_URL + "/", CLIENT_ID, CLIENT_SECRET, http=http, clock=clock) as client:
        client.client_credentials()
    assert not http.is_closed
    assert server.requests[0].path == "/oauth/token"  # trailing slash of auth_url not doubled
    http.close()


def test_owned_http_client_is_closed() -> None:
    client = AuthClient(AUTH_URL, CLIENT_ID, CLIENT_SECRET)
    client.close()
    with pytest.raises(RuntimeError, match="closed"):  # httpx refuses before any network I/O
        client.client_credentials()


@pytest.mark.parametrize("field", ["auth_url", "client_id", "client_secret"])
def test_empty_configuration_is_refused(field: str) -> None:
    values = {"auth_url": AUTH_URL, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET} | {field: ""}
    with pytest.raises(ValueError, match=field):
        AuthClient(values["auth_url"], values["client_id"], values["client_secret"])


def test_timeout_is_applied_to_every_request(server: FakeAuthServer, clock: FakeClock) -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return server(request)

    with httpx.Client(transport=httpx.MockTransport(handler), timeout=99) as http:
        AuthClient(
            AUTH_URL, CLIENT_ID, CLIENT_SECRET, http=http, clock=clock, timeout=3.5
        ).client_credentials()
    assert seen[0]["read"] == 3.5
