"""When the send path resends a request, and how long it waits first: every retry constant lives here.

The rules follow commercetools' guidance (502/503 are safe to retry with backoff; a 500 may have been
applied) and one principle: a request is resent only when the API cannot have applied it, or when
applying it twice is harmless (GET, HEAD).

- connection not established, or the request not completely sent:  every method
- 429, 502, 503, 504 (the API did not process the request):         every method
- read timeout, connection lost after the request was sent, 500:    GET and HEAD only
- the auth server failed (5xx) or was unreachable while getting the token: every method (the API
  request was not sent)
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping

__all__ = [
    "DEFAULT_CONFLICT_RETRIES",
    "DEFAULT_MAX_RETRIES",
    "IDEMPOTENT_METHODS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRYABLE_STATUSES",
    "RETRYABLE_STATUSES_IDEMPOTENT",
    "backoff_delay",
    "retry_after_seconds",
    "retryable_status",
]

DEFAULT_MAX_RETRIES = 3
"""Resends per request after a retryable failure (4 attempts in all)."""

DEFAULT_CONFLICT_RETRIES = 0
"""Concurrent-modification retries of updates: off unless asked for (see README, "Concurrent updates")."""

INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry; doubled for each further retry."""

MAX_RETRY_DELAY = 8.0
"""Upper bound of one backoff delay."""

MAX_RETRY_AFTER = 60.0
"""A `Retry-After` longer than this is shortened to it: a caller blocked for minutes is worse than a
retry that meets another 429 and raises `TooManyRequestsError`."""

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
"""Statuses meaning the request was not processed: retried for every method."""

RETRYABLE_STATUSES_IDEMPOTENT = frozenset({500})
"""A 500 may have been applied: retried only where a repeat is harmless."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})


def retryable_status(method: str, status_code: int) -> bool:
    """Whether a response with `status_code` to a `method` request is worth sending again."""
    if status_code in RETRYABLE_STATUSES:
        return True
    return status_code in RETRYABLE_STATUSES_IDEMPOTENT and method in IDEMPOTENT_METHODS


def backoff_delay(retry: int, jitter: float) -> float:
    """Seconds to wait before retry number `retry` (0-based): exponential, capped, with jitter.

    `jitter` is a uniform random number in [0, 1); the delay lies in [half, all] of the exponential
    step, so threads that failed together do not come back together.
    """
    step = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0**retry)
    return step / 2 + step / 2 * jitter


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The response's `Retry-After` (seconds or an HTTP date) in seconds, capped at MAX_RETRY_AFTER;
    None when absent or unreadable."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
