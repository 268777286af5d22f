"""Concurrency and rate limits: the per-client bulkhead and the fleet-wide Redis rate limit. Waiting
counts against the call's deadline (the pool timeout); a call that cannot start is never sent."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from redis_server import RedisServer, require

require()

import redis  # noqa: E402

from ctp_sdk import ApiTimeoutError, CtpClient, RedisRateLimiter  # noqa: E402
from ctp_sdk.testing import Backend  # noqa: E402


class Gate(httpx.BaseTransport):
    """The backend, counting API requests in flight; `hold` keeps them waiting until it is set."""

    def __init__(self, backend: Backend) -> None:
        self.inner = backend.transport()
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Event()
        self.api_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth/"):
            return self.inner.handle_request(request)
        with self._lock:
            self.api_requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.entered.set()
        try:
            self.hold.wait(30)
            threading.Event().wait(0.005)  # long enough for the other threads to pile up
            return self.inner.handle_request(request)
        finally:
            with self._lock:
                self.in_flight -= 1


@pytest.fixture
def backend() -> Backend:
    return Backend("limits-project")


def test_bulkhead_caps_calls_in_flight_and_lets_all_through(backend: Backend) -> None:
    gate = Gate(backend)
    with CtpClient(backend.client_config(), transport=gate, max_in_flight=2) as ctp:
        api = ctp.integration_api_root()
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: api.get().execute().status_code, range(40)))
    assert results == [200] * 40
    assert gate.max_in_flight == 2


def test_a_call_that_cannot_get_a_slot_before_its_deadline_fails_unsent(backend: Backend) -> None:
    gate = Gate(backend)
    with CtpClient(backend.client_config(), transport=gate, max_in_flight=1) as ctp:
        api = ctp.integration_api_root()
        api.get().execute()  # the token, outside the held call
        gate.hold.clear()
        gate.entered.clear()
        with ThreadPoolExecutor(1) as pool:
            holder = pool.submit(lambda: api.get().execute())
            assert gate.entered.wait(10)
            with pytest.raises(ApiTimeoutError) as caught:
                api.get().execute(timeout=httpx.Timeout(5.0, pool=0.05))
            # The call's deadline bounds the wait just the same.
            with pytest.raises(ApiTimeoutError) as by_deadline:
                api.get().execute(deadline=0.05)
            gate.hold.set()
            assert holder.result().status_code == 200
    for error in (caught.value, by_deadline.value):
        assert error.phase == "queue" and error.request_sent is False
        assert "1 in-flight slots" in str(error)
    assert gate.api_requests == 2  # the queued calls never reached the API


def test_fleet_rate_limit_is_shared_through_redis(backend: Backend, redis_server: RedisServer) -> None:
    gate = Gate(backend)

    def client() -> CtpClient:
        limiter = RedisRateLimiter(redis.Redis.from_url(redis_server.url), per_second=0.5, burst=3, name="shared")
        return CtpClient(backend.client_config(), transport=gate, rate_limiter=limiter)

    with client() as a, client() as b:
        a.integration_api_root().get().execute()
        b.integration_api_root().get().execute()
        a.integration_api_root().get().execute()  # the burst of 3 is spent, by two clients together
        with pytest.raises(ApiTimeoutError) as caught:
            b.integration_api_root().get().execute(timeout=httpx.Timeout(5.0, pool=0.2))
    assert caught.value.phase == "queue" and caught.value.request_sent is False
    assert gate.api_requests == 3


def test_rate_limit_with_redis_down_lets_calls_through_with_one_warning(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RedisRateLimiter.from_url("unix:///nonexistent/ctp-redis.sock", per_second=0.1)
    with CtpClient(backend.client_config(), transport=backend.transport(), rate_limiter=limiter) as ctp:
        for _ in range(3):
            assert ctp.integration_api_root().get().execute().status_code == 200
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "ctp_sdk"]
    assert len(warnings) == 1 and "unlimited" in warnings[0].getMessage()


def test_limits_reject_bad_values(backend: Backend) -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        CtpClient(backend.client_config(), max_in_flight=0)
    with pytest.raises(ValueError, match="per_second"):
        RedisRateLimiter(redis.Redis(), per_second=0)
