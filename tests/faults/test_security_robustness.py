"""URLs, sessions and robustness (issue 10, findings 4, 6 and 7): every failure is a typed CtpError, hosts
are what they look like, sessions are per project and sign-out sticks."""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx
import pytest
from ctp_auth import (
    AuthClient,
    AuthServerError,
    AuthUnreachableError,
    CtpError,
    RefreshRejectedError,
    session_key_for,
)
from ctp_auth._singleflight import SingleFlight
from fault_client import ClientFactory
from fault_server import CLIENT_ID, CLIENT_SECRET, FaultServer, Reply, Reset, category

from ctp_sdk import ClientConfig, ConfigError, CtpClient, PaginationError, ResponseDecodeError
from ctp_sdk.models import MyCartDraft, MyCustomerDraft
from ctp_sdk.testing import Backend

# -- URLs ------------------------------------------------------------------------------------------

BAD_URLS = [
    "https://auth.example.com\\@evil.com",  # read as auth.example.com, sent to evil.com by some parsers
    "https://auth.example.com@evil.com",
    "https://user:pass@auth.example.com",
    "https://auth.example.com%2F@evil.com",
    "https://evil.com#@auth.example.com",
    "https://evil.com?@auth.example.com",
    "https://auth.example.com /x",
    "https://auth.exam\u0440le.com",  # a Cyrillic letter that reads as the Latin p
    "https://auth.example.com:99999",
    "ftp://auth.example.com",
    "//auth.example.com",
    "https://",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_urls_whose_host_is_not_what_it_reads_are_rejected(url: str) -> None:
    for field in ("auth_url", "api_url"):
        settings: dict[str, Any] = {"auth_url": "https://auth.example.com", "api_url": "https://api.example.com"}
        settings[field] = url
        with pytest.raises(ConfigError) as caught:
            ClientConfig(project_key="p", client_id="i", client_secret="secret", **settings)
        assert "evil.com" not in str(caught.value) and "user:pass" not in str(caught.value)


def test_plain_http_only_for_loopback_or_when_explicitly_allowed() -> None:
    def config(url: str, **extra: Any) -> ClientConfig:
        return ClientConfig(project_key="p", client_id="i", client_secret="s", auth_url=url, api_url=url, **extra)

    with pytest.raises(ConfigError, match="https"):
        config("http://auth.example.com")
    assert config("http://auth.example.com", allow_insecure_http=True).auth_url == "http://auth.example.com"
    for loopback in ("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.9"):
        assert config(loopback).api_url == loopback
    assert config("https://api.europe-west1.gcp.commercetools.com/").api_url == (
        "https://api.europe-west1.gcp.commercetools.com"
    )
    with pytest.raises(ValueError, match="https"):
        AuthClient("http://auth.example.com", "i", "s")


def test_dot_project_keys_are_escaped_in_oauth_paths(server: FaultServer) -> None:
    with AuthClient(server.url, CLIENT_ID, CLIENT_SECRET) as auth:
        auth.anonymous("..")
    assert server.auth_requests()[-1].path == "/oauth/%2E%2E/anonymous/token"
    with pytest.raises(ConfigError):
        ClientConfig(project_key="..", client_id="i", client_secret="s", auth_url=server.url, api_url=server.url)


# -- sessions --------------------------------------------------------------------------------------


def test_no_cookie_from_one_shoppers_token_request_goes_with_anothers(
    server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url)
    server.auth.push(
        Reply(
            200,
            {"access_token": "a1", "expires_in": 3600, "scope": "x", "refresh_token": "r1"},
            headers={"Set-Cookie": "shopper=alice; Path=/"},
        )
    )
    ctp.get_customer_token({})
    ctp.get_customer_token({})
    ctp.get_integration_token()
    second, third = server.auth_requests()[1:3]
    assert "cookie" not in second.headers and "cookie" not in third.headers


def test_two_projects_in_one_web_session_keep_their_own_tokens() -> None:
    shop_a, shop_b = Backend("shop-a"), Backend("shop-b")
    session: dict[str, Any] = {}
    with (
        CtpClient(shop_a.client_config(), transport=shop_a.transport()) as a,
        CtpClient(shop_b.client_config(), transport=shop_b.transport()) as b,
    ):
        a.customer_api_root(session).me().carts().post(MyCartDraft(currency="EUR")).execute()
        b.customer_api_root(session).me().carts().post(MyCartDraft(currency="EUR")).execute()
        assert a.customer_api_root(session).me().active_cart().get().execute().body.id
        assert b.customer_api_root(session).me().active_cart().get().execute().body.id
    assert set(session) == {
        session_key_for("shop-a", shop_a.client.client_id),
        session_key_for("shop-b", shop_b.client.client_id),
    }


def test_sign_out_revokes_and_a_stale_copy_of_the_session_stops_working() -> None:
    backend = Backend("shop")
    with CtpClient(backend.client_config(), transport=backend.transport()) as ctp:
        session: dict[str, Any] = {}
        me = ctp.customer_api_root(session)
        me.me().signup().post(MyCustomerDraft(email="s@example.test", password="pw-123456789")).execute()
        ctp.sign_in_customer(session, email="s@example.test", password="pw-123456789")
        stale = {key: dict(value) for key, value in session.items()}  # e.g. a cookie kept by the shopper
        stored = next(iter(stale.values()))
        customer_id = ctp.customer_session_state(session).customer_id  # type: ignore[union-attr]

        assert ctp.sign_out_customer(session) is True
        assert session == {}
        # Through the SDK, the copy is a fresh guest, not the customer.
        ctp.get_customer_token(stale)
        state = ctp.customer_session_state(stale)
        assert state is not None and state.kind == "anonymous" and state.customer_id != customer_id
        # On the auth server, the refresh and access tokens are revoked.
        with pytest.raises(RefreshRejectedError):
            AuthClient(
                backend.auth_url,
                backend.client.client_id,
                backend.client.client_secret,
                http=httpx.Client(transport=backend.transport()),
            ).refresh(stored["refresh_token"])
        with httpx.Client(transport=backend.transport(), base_url=backend.api_url) as raw:
            answer = raw.get("/shop/me", headers={"Authorization": f"Bearer {stored['access_token']}"})
            assert answer.status_code == 401


def test_sign_out_clears_the_session_even_when_the_auth_server_is_down(
    server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url)
    session: dict[str, Any] = {}
    ctp.sign_in_customer(session, email="a@b.test", password="pw-" + "x" * 12)
    server.auth.push(Reset(after_body=False), when=lambda r: r.path.endswith("/revoke"))
    assert ctp.sign_out_customer(session) is False
    assert session == {}


# -- robustness: every failure is a CtpError -------------------------------------------------------


def test_absurdly_nested_json_is_a_decode_error(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, max_retries=0)
    server.api.push(Reply(200, b"[" * 200_000 + b"]" * 200_000))
    with pytest.raises(ResponseDecodeError, match="nested too deeply"):
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    server.auth.push(Reply(200, b'{"a":' * 100_000 + b"1" + b"}" * 100_000))
    with pytest.raises(AuthServerError):
        CtpClient(ctp.config).get_integration_token()


def test_out_of_range_values_are_decode_errors(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, max_retries=0)
    for value in ("99999999999-01-01T00:00:00.000Z", "0000-00-00T00:00:00Z", "9" * 5000):
        server.api.push(Reply(200, category("c1", createdAt=value)))
        with pytest.raises(ResponseDecodeError):
            ctp.integration_api_root().categories().with_id("c1").get().execute()
    huge_int = json.dumps(category("c1")).replace('"version": 1', '"version": ' + "9" * 5000)
    server.api.push(Reply(200, huge_int.encode()))
    with pytest.raises(ResponseDecodeError):
        ctp.integration_api_root().categories().with_id("c1").get().execute()


@pytest.mark.parametrize("expires_in", [b"NaN", b"Infinity", b"-Infinity", b"-5", b"0"])
def test_a_token_lifetime_that_is_not_a_positive_number_is_refused(
    expires_in: bytes, server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url, max_retries=0)
    server.auth.push(Reply(200, b'{"access_token": "t", "scope": "", "expires_in": ' + expires_in + b"}"))
    with pytest.raises(AuthServerError, match="malformed"):
        ctp.get_integration_token()


def test_an_absurd_token_lifetime_is_cut_to_a_year(server: FaultServer) -> None:
    server.auth.push(Reply(200, b'{"access_token": "t", "scope": "", "expires_in": 1e308}'))
    with AuthClient(server.url, CLIENT_ID, CLIENT_SECRET, clock=lambda: 1000.0) as auth:
        assert auth.client_credentials().expires_at == 1000.0 + 366 * 24 * 3600


def test_each_waiting_thread_gets_its_own_exception_with_the_shared_cause(
    server: FaultServer, make_client: ClientFactory
) -> None:
    flight: SingleFlight[str] = SingleFlight()
    started = threading.Event()
    release = threading.Event()
    cause = ConnectionError("down")

    def leader_call() -> str:
        started.set()
        release.wait(5)
        raise AuthUnreachableError("auth server unreachable") from cause

    caught: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            flight.run("k", leader_call)
        except CtpError as exc:
            with lock:
                caught.append(exc)

    leader = threading.Thread(target=run)
    leader.start()
    started.wait(5)
    followers = [threading.Thread(target=run) for _ in range(8)]
    for thread in followers:
        thread.start()
    while len(flight._calls) and sum(t.is_alive() for t in followers) < 8:
        pass
    release.set()
    for thread in [leader, *followers]:
        thread.join()
    assert len(caught) == 9
    assert len({id(exc) for exc in caught}) == 9  # mutating one (retries) cannot touch another
    assert all(type(exc) is AuthUnreachableError and exc.__cause__ is cause for exc in caught)


def test_a_leader_stopped_by_a_base_exception_hands_nothing_on() -> None:
    flight: SingleFlight[str] = SingleFlight()
    entered = threading.Event()
    release = threading.Event()
    calls: list[str] = []

    def interrupted() -> str:
        calls.append("leader")
        entered.set()
        release.wait(5)
        raise KeyboardInterrupt

    result: dict[str, object] = {}

    def lead() -> None:
        try:
            flight.run("k", interrupted)
        except KeyboardInterrupt:
            result["leader"] = "interrupted"

    def follow() -> None:
        result["follower"] = flight.run("k", lambda: calls.append("follower") or "token")

    leader = threading.Thread(target=lead)
    leader.start()
    entered.wait(5)
    follower = threading.Thread(target=follow)
    follower.start()
    release.set()
    leader.join()
    follower.join()
    assert result == {"leader": "interrupted", "follower": "token"}
    assert calls == ["leader", "follower"]


def test_iter_all_stops_with_a_typed_error_when_the_cursor_is_ignored(
    server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url)
    for cid in ("a", "b", "c"):
        server.add_category(cid)
    # The fault server ignores where= and limit: it answers every page with all three categories.
    pages = ctp.integration_api_root().categories().get().iter_all(page_size=3)
    with pytest.raises(PaginationError, match="cursor"):
        list(pages)
    assert len(server.api_requests("GET")) == 2
