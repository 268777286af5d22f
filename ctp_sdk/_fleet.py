"""Which interceptors a `CtpClient` runs around each call, in which order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._bulkhead import Bulkhead
from ._config import ClientConfig
from ._interceptors import Interceptor

if TYPE_CHECKING:
    from ._rate_limit import RedisRateLimiter
    from .otel import OpenTelemetry

__all__ = ["build_interceptors"]


def build_interceptors(
    config: ClientConfig,
    max_in_flight: int | None,
    rate_limiter: RedisRateLimiter | None,
    telemetry: OpenTelemetry | None,
) -> tuple[Interceptor, ...]:
    """Tracing outermost (the span shows the time spent queueing), then the client's own bulkhead,
    then the fleet-wide rate limit: a call takes a fleet turn only once it holds a local slot."""
    chain: list[Interceptor] = []
    if telemetry is not None:
        chain.append(telemetry.bind(config.project_key, config.api_url))
    if max_in_flight is not None:
        chain.append(Bulkhead(max_in_flight))
    if rate_limiter is not None:
        chain.append(rate_limiter)
    return tuple(chain)
