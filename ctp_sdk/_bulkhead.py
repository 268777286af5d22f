"""A per-client limit on API calls in flight (a bulkhead): excess calls queue, up to their deadline."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ._config import ConfigError
from ._endpoint import Request
from ._interceptors import Proceed
from ._response import ApiResponse
from .errors import ApiTimeoutError

__all__ = ["Bulkhead", "queue_timeout"]

logger = logging.getLogger("ctp_sdk")


def queue_timeout(operation: str, waited: float, what: str) -> ApiTimeoutError:
    """The error of a call that could not start before its deadline: it was never sent."""
    return ApiTimeoutError(
        f"gave up after waiting {waited:.2f} s for {what}; the request was not sent",
        phase="queue",
        operation=operation,
        request_sent=False,
    )


class Bulkhead:
    """At most `max_in_flight` calls of one client at a time, retries and their waits included.

    A call beyond the limit waits for a slot until its deadline (see `Interceptor`), then raises
    `ApiTimeoutError(phase="queue")` without sending anything. Protects the API (and the client's
    connection pool) from a burst of threads, like the Java SDK's queue middleware.
    """

    def __init__(self, max_in_flight: int) -> None:
        if isinstance(max_in_flight, bool) or not isinstance(max_in_flight, int) or max_in_flight < 1:
            raise ConfigError("max_in_flight must be an int >= 1")
        self.max_in_flight = max_in_flight
        self._slots = threading.BoundedSemaphore(max_in_flight)

    def __call__(self, request: Request[Any], deadline: float | None, proceed: Proceed) -> ApiResponse[Any]:
        if not self._slots.acquire(blocking=False):
            started = time.monotonic()
            timeout = None if deadline is None else max(0.0, deadline - started)
            logger.debug("ctp_sdk: %s queued: %d calls in flight", request.operation.id, self.max_in_flight)
            if not self._slots.acquire(timeout=timeout):
                raise queue_timeout(
                    request.operation.id, time.monotonic() - started, f"one of {self.max_in_flight} in-flight slots"
                )
        try:
            return proceed()
        finally:
            self._slots.release()

    def __repr__(self) -> str:
        return f"Bulkhead(max_in_flight={self.max_in_flight})"
