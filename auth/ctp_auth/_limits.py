"""Bounds on what a server can make us wait for or hold in memory: a per-call deadline and body sizes.

The deadline is a monotonic instant kept in a ``ContextVar``: ctp_sdk's send path sets it for one API
call, and everything that call waits on in this thread (the token request, a wait for another thread's
token request, retries, reading a slowly dripping body) stops when it passes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

import httpx

from ctp_auth._errors import CtpError

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DeadlineExceededError",
    "ResponseTooLargeError",
    "deadline_scope",
    "enter_deadline",
    "leave_deadline",
    "limit_timeout",
    "read_limited",
    "remaining",
]

DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024
"""256 MiB, on the wire and after decompression: far above any commercetools answer (a 500-item page of
large products is a few MB), far below what takes a process down (a 1 MB gzip bomb inflates to GBs)."""

_deadline: ContextVar[float | None] = ContextVar("ctp_deadline", default=None)


class DeadlineExceededError(Exception):
    """The current call's deadline passed (internal: callers raise their own typed error)."""


class ResponseTooLargeError(CtpError):
    """A response body went over a size limit; the connection was closed without reading the rest.

    Attributes:
        what: ``response body`` (bytes on the wire) or ``decompressed response body``.
        limit: the limit in bytes.
    """

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} exceeds {limit} bytes (the connection was closed)")
        self.what = what
        self.limit = limit


def remaining() -> float | None:
    """Seconds left before the current call's deadline; None without one. Never negative."""
    instant = _deadline.get()
    if instant is None:
        return None
    return max(0.0, instant - time.monotonic())


def check_deadline() -> None:
    """``DeadlineExceededError`` if the current call's deadline has passed."""
    left = remaining()
    if left is not None and left <= 0:
        raise DeadlineExceededError()


@contextmanager
def deadline_scope(seconds: float | None) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now (None: no deadline of its own). An enclosing
    deadline that is earlier still applies."""
    if seconds is None:
        yield
        return
    token = enter_deadline(seconds)
    try:
        yield
    finally:
        leave_deadline(token)


def enter_deadline(seconds: float) -> Token[float | None]:
    """``deadline_scope`` without the context manager, for the per-request send path (a generator-based
    ``with`` costs more than the rest of this): pair every call with ``leave_deadline`` in a ``finally``."""
    instant = time.monotonic() + seconds
    outer = _deadline.get()
    return _deadline.set(instant if outer is None or instant < outer else outer)


def leave_deadline(token: Token[float | None]) -> None:
    """End the deadline ``enter_deadline`` started (restores the enclosing one, if any)."""
    _deadline.reset(token)


def limit_timeout(timeout: httpx.Timeout) -> httpx.Timeout:
    """``timeout`` with every phase cut to what is left of the current deadline."""
    left = remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise DeadlineExceededError()

    def cut(phase: float | None) -> float:
        return left if phase is None else min(phase, left)

    return httpx.Timeout(
        connect=cut(timeout.connect), read=cut(timeout.read), write=cut(timeout.write), pool=cut(timeout.pool)
    )


def read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """Read a streamed response's body, at most ``max_bytes`` on the wire and after decompression, checking
    the current deadline after every chunk. On ``ResponseTooLargeError`` or ``DeadlineExceededError`` the
    response is closed, so its connection is dropped rather than drained."""
    try:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLargeError("response body", max_bytes)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLargeError("decompressed response body", max_bytes)
            if response.num_bytes_downloaded > max_bytes:
                raise ResponseTooLargeError("response body", max_bytes)
            chunks.append(chunk)
            check_deadline()
    except BaseException:
        response.close()
        raise
    content = b"".join(chunks)
    # What response.read() would have set: later .content / .json() calls see the body.
    # (httpx has no public setter for a body read by hand.)
    response._content = content
    return content
