"""CustomerTokenProvider: guest sessions, sign-in, refresh, rejection, sign-out and the session format."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from ctp_auth import (
    CUSTOMER_PERMISSIONS,
    AuthClient,
    AuthServerError,
    CustomerTokenProvider,
    InvalidCustomerCredentialsError,
    RefreshRejectedError,
    session_key_for,
)

from auth_fakes import (
    CLIENT_ID,
    CUSTOMER_ID,
    EMAIL,
    PASSWORD,
    PROJECT,
    STORE,
    FakeAuthServer,
    FakeClock,
    hammer,
    release_when_first_request_arrives,
)

KEY = session_key_for(PROJECT, CLIENT_ID)  # per project and API client


@pytest.fixture
def provider(auth_client: AuthClient) -> CustomerTokenProvider:
    return CustomerTokenProvider(auth_client, PROJECT)


def _roundtrip(session: dict[str, Any]) -> dict[str, Any]:
    """What a cookie or Redis session backend does between two requests."""
    return dict(json.loads(json.dumps(session)))


def test_empty_session_gets_an_anonymous_token(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {"cart_hint": "x"}
    token = provider.get_token(session)

    [sent] = server.requests
    assert sent.path == f"/oauth/{PROJECT}/anonymous/token"
    assert sent.form["scope"] == " ".join(f"{p}:{PROJECT}" for p in CUSTOMER_PERMISSIONS)
    assert set(session) == {"cart_hint", KEY}
    assert session[KEY]["access_token"] == token
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "anonymous"
    assert not state.is_customer
    assert state.anonymous_id is not None
    assert state.customer_id is None
    assert state.expires_at == clock.now + 3600


def test_token_is_reused_from_the_session(provider: CustomerTokenProvider, server: FakeAuthServer) -> None:
    session: dict[str, Any] = {}
    assert provider.get_token(session) == provider.get_token(session)
    assert len(server.requests) == 1


def test_session_survives_json_between_requests(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session = _roundtrip({})
    guest = provider.get_token(session)
    session = _roundtrip(session)
    assert provider.get_token(session) == guest

    provider.sign_in(session, EMAIL, PASSWORD)
    session = _roundtrip(session)
    customer = provider.get_token(session)
    assert customer != guest

    clock.advance(3600)
    session = _roundtrip(session)
    refreshed = provider.get_token(session)
    session = _roundtrip(session)
    assert provider.get_token(session) == refreshed != customer
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "customer"
    assert state.customer_id == CUSTOMER_ID
    assert len(server.token_requests()) == 3  # anonymous, password, refresh


def test_session_value_is_plain_json_types(provider: CustomerTokenProvider) -> None:
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD)
    stored = session[KEY]
    assert all(isinstance(v, str | float | int | type(None)) for v in stored.values())
    assert json.loads(json.dumps(stored)) == stored


def test_sign_in_requests_customer_scopes_and_never_stores_the_password(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    session: dict[str, Any] = {}
    provider.get_token(session)
    token = provider.sign_in(session, EMAIL, PASSWORD)

    sent = server.requests[-1]
    assert sent.path == f"/oauth/{PROJECT}/customers/token"
    assert sent.form["scope"] == " ".join(f"{p}:{PROJECT}" for p in CUSTOMER_PERMISSIONS)
    assert provider.get_token(session) == token.access_token
    assert PASSWORD not in json.dumps(session)
    assert PASSWORD not in repr(provider)
    assert PASSWORD not in repr(token)


def test_sign_in_to_a_store(provider: CustomerTokenProvider, server: FakeAuthServer) -> None:
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD, store_key=STORE)
    assert server.requests[-1].path == f"/oauth/{PROJECT}/in-store/key={STORE}/customers/token"
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "customer"


def test_wrong_password_leaves_the_guest_session_alone(provider: CustomerTokenProvider) -> None:
    session: dict[str, Any] = {}
    guest = provider.get_token(session)
    before = dict(session[KEY])
    with pytest.raises(InvalidCustomerCredentialsError):
        provider.sign_in(session, EMAIL, "not-the-password-1234")
    assert session[KEY] == before
    assert provider.get_token(session) == guest


def test_expired_token_is_refreshed_and_stored_back(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD)
    original = dict(session[KEY])

    clock.advance(3600 - 300 - 1)
    assert provider.get_token(session) == original["access_token"]
    clock.advance(1)  # inside the default 300 s margin
    fresh = provider.get_token(session)

    assert server.requests[-1].form == {
        "grant_type": "refresh_token",
        "refresh_token": original["refresh_token"],
    }
    assert fresh != original["access_token"]
    assert session[KEY]["access_token"] == fresh
    assert session[KEY]["refresh_token"] == original["refresh_token"]
    assert session[KEY]["expires_at"] == clock.now + 3600
    assert session[KEY]["kind"] == "customer"
    assert session[KEY]["customer_id"] == CUSTOMER_ID


def test_anonymous_session_refreshes_keeping_its_anonymous_id(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {}
    provider.get_token(session)
    first = provider.session_state(session)
    clock.advance(3600)
    provider.get_token(session)
    second = provider.session_state(session)
    assert first is not None
    assert second is not None
    assert server.requests[-1].form["grant_type"] == "refresh_token"
    assert second.kind == "anonymous"
    assert second.anonymous_id == first.anonymous_id


def test_rejected_refresh_clears_the_session_and_the_next_call_is_a_fresh_guest(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {"other": 1}
    provider.sign_in(session, EMAIL, PASSWORD)
    server.refresh_tokens.clear()  # the refresh token lapsed on the server
    clock.advance(3600)

    with pytest.raises(RefreshRejectedError):
        provider.get_token(session)
    assert session == {"other": 1}
    assert provider.session_state(session) is None

    provider.get_token(session)
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "anonymous"
    assert server.requests[-1].path == f"/oauth/{PROJECT}/anonymous/token"


def test_server_failure_on_refresh_keeps_the_session_for_a_retry(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD)
    clock.advance(3600)
    server.next_responses.append(httpx.Response(503, text="busy"))

    with pytest.raises(AuthServerError):
        provider.get_token(session)
    assert session[KEY]["kind"] == "customer"
    provider.get_token(session)
    assert server.requests[-1].form["grant_type"] == "refresh_token"


def test_sign_out_clears_and_the_next_call_is_a_guest(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    session: dict[str, Any] = {"other": 1}
    customer = provider.sign_in(session, EMAIL, PASSWORD)
    provider.sign_out(session)
    assert session == {"other": 1}
    assert provider.get_token(session) != customer.access_token
    assert server.requests[-1].path == f"/oauth/{PROJECT}/anonymous/token"


def test_invalidate_refreshes_instead_of_signing_out(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    session: dict[str, Any] = {}
    customer = provider.sign_in(session, EMAIL, PASSWORD)

    provider.invalidate(session, "an-older-token")
    assert provider.get_token(session) == customer.access_token

    provider.invalidate(session, customer.access_token)
    renewed = provider.get_token(session)
    assert renewed != customer.access_token
    assert server.requests[-1].form["grant_type"] == "refresh_token"
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "customer"


@pytest.mark.parametrize(
    "garbage",
    ["a string", {"v": 99}, {"v": 1, "kind": "admin"}, {"v": 1, "kind": "customer", "access_token": 5}],
)
def test_unreadable_session_data_is_replaced_by_a_guest_session(
    provider: CustomerTokenProvider, garbage: object
) -> None:
    session: dict[str, Any] = {KEY: garbage}
    assert provider.session_state(session) is None
    provider.get_token(session)
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "anonymous"


def test_session_key_and_scopes_are_configurable(auth_client: AuthClient, server: FakeAuthServer) -> None:
    provider = CustomerTokenProvider(
        auth_client,
        PROJECT,
        scopes=["manage_my_profile:shop-1"],
        anonymous_scopes=["view_products:shop-1"],
        session_key="shop.auth",
    )
    session: dict[str, Any] = {}
    provider.get_token(session)
    provider.sign_in(session, EMAIL, PASSWORD)
    assert list(session) == ["shop.auth"]
    assert server.requests[0].form["scope"] == "view_products:shop-1"
    assert server.requests[1].form["scope"] == "manage_my_profile:shop-1"


def test_32_threads_on_one_session_cause_exactly_one_token_request(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    session: dict[str, Any] = {}
    releaser = release_when_first_request_arrives(server)

    results, errors = hammer(lambda: provider.get_token(session), 32)
    releaser.join()

    assert errors == []
    assert len(server.token_requests()) == 1
    assert set(results) == {session[KEY]["access_token"]}


def test_32_threads_refreshing_one_session_cause_exactly_one_refresh(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {}
    provider.sign_in(session, EMAIL, PASSWORD)
    clock.advance(3600)
    releaser = release_when_first_request_arrives(server)

    results, errors = hammer(lambda: provider.get_token(session), 32)
    releaser.join()

    assert errors == []
    assert [r.form["grant_type"] for r in server.token_requests()] == ["password", "refresh_token"]
    assert set(results) == {session[KEY]["access_token"]}


def test_separate_sessions_do_not_wait_for_each_other(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    sessions: list[dict[str, Any]] = [{} for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(provider.get_token, sessions))
    assert len(set(tokens)) == 8
    assert len(server.token_requests()) == 8


def test_sign_in_during_a_guest_refresh_is_not_overwritten(
    provider: CustomerTokenProvider, server: FakeAuthServer, clock: FakeClock
) -> None:
    session: dict[str, Any] = {}
    provider.get_token(session)
    clock.advance(3600)
    hold = threading.Event()
    server.gate = hold
    server.entered.clear()
    returned: list[str] = []

    refresher = threading.Thread(target=lambda: returned.append(provider.get_token(session)))
    refresher.start()
    assert server.entered.wait(10)  # the guest's refresh is now held at the server
    server.gate = None
    customer = provider.sign_in(session, EMAIL, PASSWORD)
    hold.set()
    refresher.join(10)

    assert server.requests[1].form["grant_type"] == "refresh_token"
    state = provider.session_state(session)
    assert state is not None
    assert state.kind == "customer"
    assert session[KEY]["access_token"] == customer.access_token
    assert returned == [customer.access_token]


def test_guest_session_with_a_chosen_anonymous_id(
    provider: CustomerTokenProvider, server: FakeAuthServer
) -> None:
    session: dict[str, Any] = {}
    provider.get_token(session)  # a server-chosen guest first: starting anew replaces it
    token = provider.start_guest_session(session, anonymous_id="visitor-42")

    sent = server.requests[-1]
    assert sent.path == f"/oauth/{PROJECT}/anonymous/token"
    assert sent.form["anonymous_id"] == "visitor-42"
    assert session[KEY]["access_token"] == token.access_token
    state = provider.session_state(_roundtrip(session))
    assert state is not None
    assert state.kind == "anonymous"
    assert state.anonymous_id == "visitor-42"
    assert provider.get_token(session) == token.access_token  # kept, no new request
    assert len(server.requests) == 2


@pytest.mark.parametrize("bad", ["", "  "])
def test_blank_anonymous_id_is_refused_before_any_request(
    provider: CustomerTokenProvider, server: FakeAuthServer, bad: str
) -> None:
    with pytest.raises(ValueError, match="anonymous_id"):
        provider.start_guest_session({}, anonymous_id=bad)
    assert server.requests == []
