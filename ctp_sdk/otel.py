"""OpenTelemetry for ctp-sdk (`pip install ctp-sdk[otel]`): a span per API call, metrics, token fetches.

    from ctp_sdk.otel import OpenTelemetry
    ctp = CtpClient(config, telemetry=OpenTelemetry())   # the global tracer/meter providers by default

Each API call (all its retries) is one CLIENT span named `{method} {url.template}` with the HTTP client
semantic-convention attributes and `ctp.*` ones (operation id, project key, correlation id, retry
count); each retry is a `ctp.retry` event on it; each token request is a child CLIENT span. Only path
*templates* are recorded, never the URL: paths can carry password-reset and email tokens, queries
customer data. Metrics: `http.client.request.duration` (s), `ctp.client.retries`,
`ctp.client.token_requests`.

Nothing here is imported unless you import it: a client without `telemetry` never loads OpenTelemetry.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import httpx

from ._config import ConfigError
from ._endpoint import Request
from ._interceptors import Proceed
from ._response import ApiResponse

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

__all__ = ["OpenTelemetry"]

INSTRUMENTATION_NAME = "ctp_sdk"


class OpenTelemetry:
    """Traces and metrics for one or more `CtpClient`s: pass it as `CtpClient(..., telemetry=...)`.

    Args:
        tracer_provider: default: OpenTelemetry's global one (`opentelemetry.trace.set_tracer_provider`).
        meter_provider: default: the global one.
    """

    def __init__(
        self, *, tracer_provider: TracerProvider | None = None, meter_provider: MeterProvider | None = None
    ) -> None:
        try:
            from opentelemetry import metrics, trace
        except ImportError:
            raise ConfigError("OpenTelemetry is not installed: pip install 'ctp-sdk[otel]'") from None
        from . import __version__

        self._trace = trace
        self._tracer = trace.get_tracer(INSTRUMENTATION_NAME, __version__, tracer_provider=tracer_provider)
        meter = metrics.get_meter(INSTRUMENTATION_NAME, __version__, meter_provider=meter_provider)
        self._duration = meter.create_histogram(
            "http.client.request.duration", unit="s", description="Duration of ctp-sdk API calls, retries included"
        )
        self._retries = meter.create_counter("ctp.client.retries", unit="{retry}", description="API requests resent")
        self._token_requests = meter.create_counter(
            "ctp.client.token_requests", unit="{request}", description="Requests to the auth server's token endpoints"
        )

    def __repr__(self) -> str:
        return "OpenTelemetry()"

    # -- the call span (an Interceptor) ----------------------------------------------------------

    def bind(self, project_key: str, api_url: str) -> _CallTracer:
        """The interceptor for one client."""
        return _CallTracer(self, project_key, httpx.URL(api_url))

    # -- retries ---------------------------------------------------------------------------------

    def on_retry(self, operation: str, reason: str, retry: int, delay: float) -> None:
        """A retry of the current call: an event on its span, one more on the retries counter."""
        self._trace.get_current_span().add_event(
            "ctp.retry", {"ctp.retry.reason": reason, "ctp.retry.attempt": retry, "ctp.retry.delay_s": delay}
        )
        self._retries.add(1, {"ctp.operation.id": operation})

    # -- token requests --------------------------------------------------------------------------

    def wrap_transport(self, transport: httpx.BaseTransport) -> httpx.BaseTransport:
        """`transport` with a child span and a count for every request to the token endpoints."""
        return _TokenTracingTransport(transport, self)


class _CallTracer:
    __slots__ = ("_address", "_otel", "_port", "_project_key")

    def __init__(self, otel: OpenTelemetry, project_key: str, api_url: httpx.URL) -> None:
        self._otel = otel
        self._project_key = project_key
        self._address = api_url.host
        self._port = api_url.port or (443 if api_url.scheme == "https" else 80)

    def __call__(self, request: Request[Any], deadline: float | None, proceed: Proceed) -> ApiResponse[Any]:
        otel = self._otel
        op = request.operation
        attributes: dict[str, str | int] = {
            "http.request.method": op.method,
            "url.template": op.path,
            "server.address": self._address,
            "server.port": self._port,
            "ctp.operation.id": op.id,
            "ctp.project_key": self._project_key,
        }
        started = time.perf_counter()
        with otel._tracer.start_as_current_span(
            f"{op.method} {op.path}",
            kind=otel._trace.SpanKind.CLIENT,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                result = proceed()
            except Exception as exc:
                status = getattr(exc, "status_code", None)
                error_type = str(status) if isinstance(status, int) else type(exc).__name__
                ends: dict[str, str | int] = {
                    "error.type": error_type,
                    "ctp.retry_count": getattr(exc, "retries", 0),
                }
                if isinstance(status, int):
                    ends["http.response.status_code"] = status
                correlation_id = getattr(exc, "correlation_id", None)
                if isinstance(correlation_id, str):
                    ends["ctp.correlation_id"] = correlation_id
                span.set_attributes(ends)
                # The exception's class only: messages are safe by design, but attributes outlive logs.
                span.set_status(otel._trace.Status(otel._trace.StatusCode.ERROR, type(exc).__name__))
                self._record(attributes, ends, started)
                raise
            ends = {"http.response.status_code": result.status_code, "ctp.retry_count": result.retries}
            if result.retries:
                ends["http.request.resend_count"] = result.retries
            if result.correlation_id is not None:
                ends["ctp.correlation_id"] = result.correlation_id
            span.set_attributes(ends)
            self._record(attributes, ends, started)
            return result

    def _record(self, attributes: dict[str, str | int], ends: dict[str, str | int], started: float) -> None:
        labels = {
            "http.request.method": attributes["http.request.method"],
            "server.address": attributes["server.address"],
            "ctp.operation.id": attributes["ctp.operation.id"],
        }
        for name in ("http.response.status_code", "error.type"):
            if name in ends:
                labels[name] = ends[name]
        self._otel._duration.record(time.perf_counter() - started, labels)


class _TokenTracingTransport(httpx.BaseTransport):
    """Passes every request through; those to `/oauth/...` token endpoints get a span and a count."""

    def __init__(self, inner: httpx.BaseTransport, otel: OpenTelemetry) -> None:
        self._inner = inner
        self._otel = otel

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if not path.startswith("/oauth/") or path == "/oauth/introspect":
            return self._inner.handle_request(request)
        otel = self._otel
        # Auth paths hold the project and store keys, no secret; the form body (secrets) is never read.
        attributes: dict[str, str | int] = {
            "http.request.method": request.method,
            "url.template": path,
            "server.address": request.url.host,
            "ctp.token_request": True,
        }
        otel._token_requests.add(1, {"server.address": request.url.host})
        with otel._tracer.start_as_current_span(
            f"{request.method} {path}",
            kind=otel._trace.SpanKind.CLIENT,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                response = self._inner.handle_request(request)
            except Exception as exc:
                span.set_attribute("error.type", type(exc).__name__)
                span.set_status(otel._trace.Status(otel._trace.StatusCode.ERROR, type(exc).__name__))
                raise
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 400:
                span.set_attribute("error.type", str(response.status_code))
                span.set_status(otel._trace.Status(otel._trace.StatusCode.ERROR))
            return response

    def close(self) -> None:
        self._inner.close()
