"""A fleet-wide rate limit on API calls, kept in Redis (GCRA: one timestamp per limit, one script call)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._bulkhead import queue_timeout
from ._config import ConfigError
from ._endpoint import Request
from ._interceptors import Proceed
from ._response import ApiResponse

if TYPE_CHECKING:
    import redis

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("ctp_sdk")

# The generic cell rate algorithm: KEYS[1] holds the theoretical arrival time (ms, Redis clock). A call
# may go when it is no more than `burst` intervals ahead; else the script says how many ms to wait.
# Redis' own clock is used so that every host of the fleet measures against the same one.
_ACQUIRE = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - burst * interval - now
if wait > 0 then return wait end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tat + interval - now + 1000))
return 0
"""


class RedisRateLimiter:
    """At most `per_second` API calls per second across every client sharing `name` in one Redis.

    `CtpClient(config, rate_limiter=RedisRateLimiter(redis.Redis(...), per_second=50))`. A call over
    the limit waits (polling Redis when its turn comes) until its deadline, then raises
    `ApiTimeoutError(phase="queue")` unsent. Redis being down lifts the limit with a warning: it never
    stops API calls.

    Args:
        client: a `redis.Redis` that fails fast (`from_url` makes one: 1 s timeouts, one retry).
        per_second: the sustained rate for the whole fleet.
        burst: how many calls may go at once after a quiet period (default 1: evenly spaced).
        name: the limit's key; clients with the same name share it.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        per_second: float,
        burst: int = 1,
        name: str = "default",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if isinstance(per_second, bool) or not isinstance(per_second, (int, float)) or not per_second > 0:
            raise ConfigError("per_second must be a positive number")
        if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
            raise ConfigError("burst must be an int >= 1")
        import redis as redis_module

        self.per_second = float(per_second)
        self.burst = burst
        self.key = f"ctp_sdk:rate:{name}"
        self._acquire = client.register_script(_ACQUIRE)
        self._errors: tuple[type[BaseException], ...] = (redis_module.RedisError, OSError)
        self._sleep = sleep
        self._down = threading.Event()

    @classmethod
    def from_url(cls, url: str, *, per_second: float, burst: int = 1, name: str = "default") -> RedisRateLimiter:
        """A limiter on `redis://...` (or `unix://...`) that fails fast when Redis is down."""
        from ctp_auth import fail_fast_redis

        return cls(fail_fast_redis(url), per_second=per_second, burst=burst, name=name)

    def __call__(self, request: Request[Any], deadline: float | None, proceed: Proceed) -> ApiResponse[Any]:
        self.wait_turn(request.operation.id, deadline)
        return proceed()

    def wait_turn(self, operation: str, deadline: float | None) -> None:
        """Return when a call may go; `ApiTimeoutError(phase="queue")` if that is after `deadline`."""
        started = time.monotonic()
        interval_ms = 1000.0 / self.per_second
        while True:
            try:
                wait_ms = float(self._acquire(keys=[self.key], args=[interval_ms, self.burst - 1]))
            except self._errors as exc:
                if not self._down.is_set():
                    self._down.set()
                    logger.warning("ctp_sdk: rate limit store unreachable (%s); calls go unlimited", type(exc).__name__)
                return
            if self._down.is_set():
                self._down.clear()
                logger.warning("ctp_sdk: rate limit store reachable again; limiting to %.1f/s", self.per_second)
            if wait_ms <= 0:
                return
            now = time.monotonic()
            if deadline is not None and now + wait_ms / 1000 > deadline:
                raise queue_timeout(operation, now - started, f"a turn under the {self.per_second:g}/s rate limit")
            self._sleep(wait_ms / 1000)

    def __repr__(self) -> str:
        return f"RedisRateLimiter(per_second={self.per_second!r}, burst={self.burst!r}, key={self.key!r})"
