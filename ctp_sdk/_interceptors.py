"""Wrappers around one whole API call (all its retries): concurrency limits, rate limits, tracing.

The send path runs them outermost first around `Transport._send`; with none configured it calls
`_send` directly, so a client without limits or telemetry pays nothing for this seam.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ._endpoint import Request
from ._response import ApiResponse

__all__ = ["Interceptor", "run_intercepted"]

Proceed = Callable[[], ApiResponse[Any]]


class Interceptor(Protocol):
    """Runs `proceed` (the rest of the call) once, or raises without calling it.

    `deadline` is the `time.monotonic()` instant by which the call must have started sending (None: no
    limit): the call's deadline, capped by the pool timeout. Time spent waiting here (a queue, a rate
    limit) is taken from the call's deadline, which the send path keeps counting.
    """

    def __call__(self, request: Request[Any], deadline: float | None, proceed: Proceed) -> ApiResponse[Any]: ...


def run_intercepted(
    interceptors: Sequence[Interceptor], request: Request[Any], deadline: float | None, send: Proceed
) -> ApiResponse[Any]:
    """`send()` wrapped by `interceptors`, the first one outermost."""
    call = send
    for interceptor in reversed(interceptors):
        call = _bind(interceptor, request, deadline, call)
    return call()


def _bind(interceptor: Interceptor, request: Request[Any], deadline: float | None, inner: Proceed) -> Proceed:
    return lambda: interceptor(request, deadline, inner)
