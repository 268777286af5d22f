"""Hostile servers are contained (issue 10, finding 5): body sizes are capped, error bodies cut, and every
call has a total deadline that covers token waits, retries and slowly dripping bodies."""

from __future__ import annotations

import gzip
import json
import threading
from typing import Any

import pytest
from fault_client import ClientFactory
from fault_server import Drip, FaultServer, Raw, Reply, Stall, category, error

from ctp_sdk import ApiTimeoutError, BadRequestError, ClientConfig, ResponseTooLargeError, ServerError

LIMIT = 1024 * 1024  # 1 MiB for these tests; the default is 256 MiB


def _bomb(status: int = 200) -> Reply:
    # 64 MiB of JSON-ish zeros compress to ~64 KB: inflated whole it would be 64x the limit.
    inflated = b'{"id": "' + b"0" * (64 * 1024 * 1024) + b'"}'
    return Reply(status, gzip.compress(inflated, compresslevel=9), headers={"Content-Encoding": "gzip"})


def test_a_gzip_bomb_stops_at_the_limit_and_is_not_retried(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, sleeps = make_client(server.url, max_response_bytes=LIMIT)
    server.api.push(_bomb())
    with pytest.raises(ResponseTooLargeError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert caught.value.what == "decompressed response body" and caught.value.limit == LIMIT
    assert "ByProjectKeyCategoriesByIDGet" in str(caught.value)
    assert len(server.api_requests()) == 1 and sleeps == []


def test_a_gzip_bomb_on_a_retryable_500_is_not_inflated_or_retried(
    server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, sleeps = make_client(server.url, max_response_bytes=LIMIT)
    server.api.push(_bomb(500))
    with pytest.raises(ResponseTooLargeError):
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert len(server.api_requests()) == 1 and sleeps == []


def test_a_declared_length_above_the_limit_is_refused_unread(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, max_response_bytes=LIMIT)
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {10 * LIMIT}\r\n\r\n"
    server.api.push(Raw(head.encode() + b'{"id": "c1"'))
    with pytest.raises(ResponseTooLargeError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert caught.value.what == "response body"


def test_a_huge_token_response_is_an_auth_server_error(server: FaultServer, make_client: ClientFactory) -> None:
    from ctp_auth import AuthServerError

    ctp, _ = make_client(server.url, max_retries=0)
    server.auth.push(Reply(200, {"access_token": "x" * (2 * 1024 * 1024), "expires_in": 3600}))
    with pytest.raises(AuthServerError) as caught:
        ctp.get_integration_token()
    assert "exceeds" in str(caught.value)


def test_error_bodies_and_messages_are_cut_in_errors(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url)
    server.api.push(error(400, "InvalidInput", "m" * 500_000))
    with pytest.raises(BadRequestError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    err = caught.value
    assert err.codes == ["InvalidInput"]  # parsed from the whole body before it was cut
    assert len(err.body) <= 64 * 1024 and len(err.message) <= 2000 and len(str(err)) < 3000


def test_a_slow_drip_body_is_cut_at_the_deadline(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, timeout=1.0)
    drip = Drip(b'{"id": "c1", "version": 1, "padding": "' + b"p" * 400 + b'"}', interval=0.05)
    server.api.push(drip)
    with pytest.raises(ApiTimeoutError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute(deadline=0.5)
    assert caught.value.phase == "deadline"
    # One byte every 50 ms never trips the 1 s read timeout; the deadline stopped reading long before the
    # ~22 s the whole body would take.
    assert drip.sent < len(drip.body) // 2
    server.release.set()


def test_a_deadline_also_bounds_retries(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, sleeps = make_client(server.url, max_retries=10, deadline=1.0)
    for _ in range(11):
        server.api.push(Reply(503, {"message": "busy"}, headers={"Retry-After": "5"}))
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    # A 5 s wait does not fit in a 1 s deadline: the 503 is raised at once instead of waiting 50 s.
    assert caught.value.status_code == 503 and sleeps == [] and len(server.api_requests()) == 1


def test_a_thread_waiting_on_another_threads_token_request_honours_its_deadline(
    server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url, max_retries=0)
    server.auth.push(Stall())  # the first token request hangs until released
    leader_done = threading.Event()
    outcome: dict[str, Any] = {}

    def lead() -> None:
        try:
            ctp.get_integration_token()
        except Exception as exc:  # the stalled token request ends when released
            outcome["leader"] = exc
        leader_done.set()

    thread = threading.Thread(target=lead)
    thread.start()
    while not server.auth_requests():  # the leader's request is in flight
        threading.Event().wait(0.01)
    with pytest.raises(ApiTimeoutError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute(deadline=0.3)
    assert caught.value.phase == "deadline" and caught.value.request_sent is False
    assert not leader_done.is_set()  # the leader is still waiting: the follower did not wait for it
    server.release.set()
    thread.join()
    assert server.api_requests() == []


def test_default_config_has_a_deadline_and_a_size_limit() -> None:
    config = ClientConfig(
        project_key="p", client_id="i", client_secret="s", auth_url="https://a.test", api_url="https://b.test"
    )
    assert config.deadline == 120.0 and config.max_response_bytes == 256 * 1024 * 1024


def test_bounds_do_not_change_a_normal_answer(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, max_response_bytes=LIMIT, deadline=5.0)
    big = category("c1", description={"en": "d" * 200_000})
    server.api.push(Reply(200, gzip.compress(json.dumps(big).encode()), headers={"Content-Encoding": "gzip"}))
    body = ctp.integration_api_root().categories().with_id("c1").get().execute().body
    assert body.description is not None and len(body.description["en"]) == 200_000
