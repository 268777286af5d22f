"""One in-flight call per key: concurrent callers share its result, or each get a copy of its exception."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from ctp_auth._errors import AuthTimeoutError
from ctp_auth._limits import remaining

T = TypeVar("T")


class _Call(Generic[T]):
    __slots__ = ("done", "error", "result")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None


def _copy_for_follower(error: Exception) -> Exception:
    """A separate instance of ``error`` (same type, args and attributes) whose cause is the shared one:
    each waiting thread may annotate its own (``retries``) without touching the others'."""
    clone = type(error).__new__(type(error))
    clone.args = error.args
    clone.__dict__.update(vars(error))
    clone.__cause__ = error.__cause__
    clone.__suppress_context__ = True
    return clone


class SingleFlight(Generic[T]):
    """Run ``fn`` once for all callers that arrive while it runs under the same key.

    The first caller (the leader) runs ``fn``; the others wait and get the same result, or each their own
    copy of its exception. A leader stopped by something that is not an ``Exception`` (KeyboardInterrupt,
    SystemExit in that thread) hands nothing on: the waiting callers run ``fn`` again themselves. The
    call is forgotten when it ends, so the next caller after a failure runs ``fn`` again. ``fn`` should
    re-check whatever made the caller want it: a caller may arrive just after a call ended.

    Waiting honours the current call's deadline (``ctp_auth._limits``): past it, a waiting caller gets
    ``AuthTimeoutError`` while the leader carries on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[Hashable, _Call[T]] = {}

    def run(self, key: Hashable, fn: Callable[[], T]) -> T:
        while True:
            with self._lock:
                call = self._calls.get(key)
                leader = call is None
                if call is None:
                    call = self._calls[key] = _Call()
            if leader:
                return self._lead(key, call, fn)
            if not call.done.wait(remaining()):
                raise AuthTimeoutError("the call's deadline passed while waiting for a token request")
            error = call.error
            if error is None:
                return call.result  # type: ignore[return-value]  # set whenever error is None
            if isinstance(error, Exception):
                raise _copy_for_follower(error)
            # The leader was interrupted: try again, this thread possibly leading.

    def _lead(self, key: Hashable, call: _Call[T], fn: Callable[[], T]) -> T:
        try:
            call.result = fn()
        except BaseException as exc:
            call.error = exc
            raise
        finally:
            with self._lock:
                del self._calls[key]
            call.done.set()
        return call.result
