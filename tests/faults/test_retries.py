"""Retries in the send path against a real socket server: what is resent, how long it waits, what is
never resent (a POST the API may have applied), and what the caller sees when the budget runs out."""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest
from fault_client import ClientFactory
from fault_server import Apply, FaultServer, Raw, Reply, Reset, Stall, closed_port, error

from ctp_sdk import (
    ApiConnectionError,
    ApiTimeoutError,
    ServerError,
    TooManyRequestsError,
)
from ctp_sdk.models import CategoryDraft


def draft(key: str, description: str | None = None) -> CategoryDraft:
    return CategoryDraft(
        name={"en": key}, slug={"en": key}, key=key, description={"en": description} if description else None
    )


def test_503_twice_then_200_succeeds_after_two_backed_off_retries(
    server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server.add_category("c1")
    server.api.push(error(503, "ServiceUnavailable"), error(503, "ServiceUnavailable"))
    ctp, sleeps = make_client(server.url)
    caplog.set_level(logging.INFO, logger="ctp_sdk")
    response = ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert response.body.id == "c1"
    assert response.retries == 2
    assert sleeps == [0.25, 0.5]  # exponential; jitter fixed at 0 gives half of each step
    assert len(server.api_requests("GET")) == 3
    retry_logs = [r for r in caplog.records if r.name == "ctp_sdk" and r.levelno == logging.INFO]
    assert len(retry_logs) == 2 and "retry 1 of 3" in retry_logs[0].getMessage()
    # One correlation id across the attempts, so support sees one logical request.
    assert len({r.headers["x-correlation-id"] for r in server.api_requests("GET")}) == 1


def test_post_create_after_503s_is_created_exactly_once(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(error(503, "ServiceUnavailable"), error(503, "ServiceUnavailable"))
    ctp, _ = make_client(server.url)
    created = ctp.integration_api_root().categories().post(draft("shoes")).execute()
    assert created.body.key == "shoes" and created.retries == 2
    assert [c["key"] for c in server.created] == ["shoes"]


def test_502_504_burst_beyond_the_budget_raises_server_error_with_the_retry_count(
    server: FaultServer, make_client: ClientFactory
) -> None:
    server.api.push(*[error(502, "BadGateway"), error(504, "GatewayTimeout")] * 5)
    ctp, sleeps = make_client(server.url)
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().get().execute()
    assert caught.value.status_code == 504  # the 4th answer of 502, 504, 502, 504
    assert caught.value.retries == 3
    assert sleeps == [0.25, 0.5, 1.0]
    assert len(server.api_requests()) == 4


def test_max_retries_per_client_and_per_request(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(*[error(503, "ServiceUnavailable")] * 20)
    ctp, _ = make_client(server.url, max_retries=1)
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().get().execute()
    assert caught.value.retries == 1 and len(server.api_requests()) == 2
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().get().execute(max_retries=0)
    assert caught.value.retries == 0 and len(server.api_requests()) == 3
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().get().execute(max_retries=5)
    assert caught.value.retries == 5 and len(server.api_requests()) == 9


def test_429_waits_as_long_as_retry_after_says_up_to_the_cap(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(
        Reply(429, {"statusCode": 429, "message": "slow down"}, headers={"Retry-After": "2"}),
        Reply(429, {"statusCode": 429, "message": "slow down"}, headers={"Retry-After": "3600"}),
    )
    ctp, sleeps = make_client(server.url)
    response = ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert response.status_code == 200 and response.retries == 2
    assert sleeps == [2.0, 60.0]


def test_429_on_every_attempt_raises_too_many_requests(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(*[Reply(429, {"statusCode": 429, "message": "slow down"})] * 4)
    ctp, _ = make_client(server.url)
    with pytest.raises(TooManyRequestsError) as caught:
        ctp.integration_api_root().categories().post(draft("x")).execute()
    assert caught.value.retries == 3 and server.created == []


def test_500_is_retried_for_get_but_not_for_a_post(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(error(500, "General"))
    ctp, _ = make_client(server.url)
    assert ctp.integration_api_root().categories().with_id("c1").get().execute().retries == 1
    # A 500 on a create may have been applied (DESIGN.md): not resent, the caller decides.
    server.api.push(Apply(Raw(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")))
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().post(draft("once")).execute()
    assert caught.value.status_code == 500 and caught.value.retries == 0
    assert server.posts_received == 1 and [c["key"] for c in server.created] == ["once"]


def test_reset_before_the_body_was_sent_is_resent_and_created_once(
    server: FaultServer, make_client: ClientFactory
) -> None:
    # The server resets after the headers, without reading the body. A body larger than the socket
    # buffers makes the client's write fail, so the client knows the API never had the request.
    server.api.push(Reset(after_body=False))
    ctp, _ = make_client(server.url)
    created = ctp.integration_api_root().categories().post(draft("big", "x" * 8_000_000)).execute()
    assert created.retries == 1
    assert server.posts_received == 1  # only the second attempt arrived whole
    assert [c["key"] for c in server.created] == ["big"]


def test_reset_after_the_body_was_received_is_not_resent(server: FaultServer, make_client: ClientFactory) -> None:
    # The server creates the category, then the connection dies before the answer: nothing doubled,
    # and the error says the create may have been applied, so nothing is silently lost either.
    server.api.push(Apply(Reset(after_body=True)))
    ctp, _ = make_client(server.url)
    with pytest.raises(ApiConnectionError) as caught:
        ctp.integration_api_root().categories().post(draft("maybe")).execute()
    assert caught.value.request_sent is True and caught.value.retries == 0
    assert "may have been applied" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert server.posts_received == 1 and [c["key"] for c in server.created] == ["maybe"]


def test_small_post_reset_before_reading_is_not_resent_either(server: FaultServer, make_client: ClientFactory) -> None:
    # A small request fits in the socket buffer: the client cannot tell whether the server read it,
    # so it assumes it might have (request_sent) and does not resend.
    server.api.push(Reset(after_body=False))
    ctp, _ = make_client(server.url)
    with pytest.raises(ApiConnectionError) as caught:
        ctp.integration_api_root().categories().post(draft("small")).execute()
    assert caught.value.request_sent is True
    assert len(server.api_requests("POST")) == 1 and server.created == []


def test_reset_is_retried_for_a_get(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(Reset(after_body=True), Reset(after_body=False))
    ctp, _ = make_client(server.url)
    response = ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert response.body.id == "c1" and response.retries == 2


def test_response_cut_off_mid_body_is_retried_for_a_get(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(Raw(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"id":"c1",'))
    ctp, _ = make_client(server.url)
    assert ctp.integration_api_root().categories().with_id("c1").get().execute().retries == 1


def test_read_timeout_get_is_retried_post_is_not(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(Stall())
    ctp, _ = make_client(server.url, timeout=httpx.Timeout(5.0, read=0.2))
    assert ctp.integration_api_root().categories().with_id("c1").get().execute().retries == 1

    server.api.push(Apply(Stall()))
    with pytest.raises(ApiTimeoutError) as caught:
        ctp.integration_api_root().categories().post(draft("slow")).execute()
    assert caught.value.phase == "read" and "read" in str(caught.value)
    assert caught.value.request_sent is True and caught.value.retries == 0
    assert server.posts_received == 1 and [c["key"] for c in server.created] == ["slow"]


def test_per_request_timeout_overrides_the_client_default(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(Stall(), Stall())
    ctp, _ = make_client(server.url)  # default read timeout 30 s: the per-request one must win
    with pytest.raises(ApiTimeoutError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute(
            timeout=httpx.Timeout(5.0, read=0.2), max_retries=1
        )
    assert caught.value.phase == "read" and caught.value.retries == 1


def test_api_host_down_is_retried_then_a_connection_error(make_client: ClientFactory, server: FaultServer) -> None:
    down = f"http://127.0.0.1:{closed_port()}"
    ctp, sleeps = make_client(down, auth_url=server.url)
    with pytest.raises(ApiConnectionError) as caught:
        ctp.integration_api_root().categories().post(draft("x")).execute()
    # Refused connections never reached the API, so even a POST is retried.
    assert caught.value.request_sent is False and caught.value.retries == 3 and len(sleeps) == 3
    assert not isinstance(caught.value, ApiTimeoutError)


@contextlib.contextmanager
def _unanswered_port() -> Iterator[str]:
    """A 127.0.0.1 port whose accept backlog is full: new connections hang until the connect timeout."""
    listener = socket.socket()
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield f"http://127.0.0.1:{port}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def test_connect_timeout_names_its_phase_and_is_retried_even_for_a_post(
    server: FaultServer, make_client: ClientFactory
) -> None:
    with _unanswered_port() as api_url:
        ctp, sleeps = make_client(api_url, auth_url=server.url, timeout=httpx.Timeout(5.0, connect=0.2), max_retries=2)
        with pytest.raises(ApiTimeoutError) as caught:
            ctp.integration_api_root().categories().post(draft("never")).execute()
    err = caught.value
    assert err.phase == "connect" and "connect" in str(err)
    assert err.request_sent is False  # nothing left the client, so resending a create was safe
    assert err.retries == 2 and len(sleeps) == 2
    assert server.created == []
