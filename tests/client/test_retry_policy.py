"""The retry rules and the resilience settings, as pure functions and constructor checks."""

from __future__ import annotations

import email.utils
from typing import Any

import httpx
import pytest

from ctp_sdk import ClientConfig, ConfigError
from ctp_sdk._retry import MAX_RETRY_AFTER, MAX_RETRY_DELAY, backoff_delay, retry_after_seconds, retryable_status

BASE: dict[str, Any] = {
    "project_key": "p",
    "client_id": "i",
    "client_secret": "s" * 20,
    "auth_url": "https://auth.test",
    "api_url": "https://api.test",
}


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        ("GET", 429, True),
        ("POST", 429, True),
        ("POST", 502, True),
        ("DELETE", 503, True),
        ("POST", 504, True),
        ("GET", 500, True),
        ("HEAD", 500, True),
        ("POST", 500, False),
        ("DELETE", 500, False),
        ("GET", 501, False),
        ("GET", 409, False),
        ("GET", 404, False),
        ("POST", 401, False),
    ],
)
def test_which_statuses_are_retried(method: str, status: int, retried: bool) -> None:
    assert retryable_status(method, status) is retried


def test_backoff_doubles_is_capped_and_jitter_stays_within_the_step() -> None:
    assert [backoff_delay(n, 0.0) for n in range(4)] == [0.25, 0.5, 1.0, 2.0]
    assert [backoff_delay(n, 0.999) for n in range(2)] == pytest.approx([0.5, 1.0], abs=0.001)
    assert backoff_delay(30, 0.999) <= MAX_RETRY_DELAY


def test_retry_after_seconds_date_capped_and_garbage() -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": "1.5"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"Retry-After": "86400"})) == MAX_RETRY_AFTER
    assert retry_after_seconds(httpx.Headers({"Retry-After": "-3"})) == 0.0
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"Retry-After": date}), now=1_000_000) == pytest.approx(30)
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"})) is None
    assert retry_after_seconds(httpx.Headers({})) is None


def test_defaults() -> None:
    config = ClientConfig(**BASE)
    assert (config.max_retries, config.conflict_retries, config.verify) == (3, 0, True)
    timeout = config.timeout
    assert isinstance(timeout, httpx.Timeout)
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (10.0, 30.0, 30.0, 30.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_retries", -1),
        ("max_retries", 1.5),
        ("max_retries", True),
        ("conflict_retries", -2),
        ("timeout", 0),
        ("timeout", "5"),
        ("timeout", httpx.Timeout(5.0, read=-1.0)),
        ("verify", "no"),
    ],
)
def test_invalid_resilience_settings_are_rejected_by_name(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        ClientConfig(**{**BASE, field: value})
