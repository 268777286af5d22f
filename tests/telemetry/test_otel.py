"""ctp_sdk.otel with the OpenTelemetry SDK's in-memory exporter and metric reader: a CLIENT span per API
call with HTTP semantic-convention and ctp attributes, retries as events, token requests as child
spans, metrics, no secret anywhere; and nothing of OpenTelemetry loaded for a client without it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

try:
    import opentelemetry.sdk  # noqa: F401
except ImportError:
    # In CI (CTP_REQUIRE_PEER=1) a missing extra must fail, not turn these tests into skips.
    if os.environ.get("CTP_REQUIRE_PEER") == "1":
        raise
    pytest.skip("the OpenTelemetry SDK comes with the fleet-test extra", allow_module_level=True)

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from ctp_sdk import ApiError, CtpClient
from ctp_sdk.otel import OpenTelemetry
from ctp_sdk.testing import Backend


class Flaky(httpx.BaseTransport):
    """The backend, but the first `failures` API requests are answered 503."""

    def __init__(self, inner: httpx.BaseTransport, failures: int) -> None:
        self.inner = inner
        self.failures = failures

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.failures and not request.url.path.startswith("/oauth/"):
            self.failures -= 1
            return httpx.Response(503, json={"statusCode": 503, "message": "busy", "errors": []})
        return self.inner.handle_request(request)


class Telemetry:
    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.metrics = InMemoryMetricReader()
        self.otel = OpenTelemetry(
            tracer_provider=tracer_provider, meter_provider=MeterProvider(metric_readers=[self.metrics])
        )

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def metric_points(self) -> dict[str, list[Any]]:
        data = self.metrics.get_metrics_data()
        points: dict[str, list[Any]] = {}
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    points.setdefault(metric.name, []).extend(metric.data.data_points)
        return points


@pytest.fixture
def telemetry() -> Telemetry:
    return Telemetry()


@pytest.fixture
def backend() -> Backend:
    return Backend("otel-project")


@pytest.fixture
def client(backend: Backend, telemetry: Telemetry) -> Iterator[CtpClient]:
    with CtpClient(
        backend.client_config(), transport=Flaky(backend.transport(), 1), telemetry=telemetry.otel, sleep=lambda s: None
    ) as ctp:
        yield ctp


def _all_values(spans: list[ReadableSpan]) -> str:
    parts = [span.name for span in spans]
    for span in spans:
        parts += [str(v) for v in (span.attributes or {}).values()]
        for event in span.events:
            parts += [event.name, *(str(v) for v in (event.attributes or {}).values())]
    return " ".join(parts)


def test_one_client_span_per_call_with_retry_event_and_token_child_span(
    client: CtpClient, telemetry: Telemetry, backend: Backend
) -> None:
    response = client.integration_api_root().get().execute()

    spans = telemetry.finished()
    (call,) = [s for s in spans if s.name == "GET /{projectKey}"]
    (token,) = [s for s in spans if s.name == "POST /oauth/token"]
    assert call.kind is SpanKind.CLIENT and token.kind is SpanKind.CLIENT
    assert token.parent is not None and token.parent.span_id == call.context.span_id
    attributes = dict(call.attributes or {})
    assert attributes == {
        "http.request.method": "GET",
        "url.template": "/{projectKey}",
        "server.address": httpx.URL(backend.api_url).host,
        "server.port": 443,
        "ctp.operation.id": "ByProjectKeyGet",
        "ctp.project_key": "otel-project",
        "http.response.status_code": 200,
        "ctp.retry_count": 1,
        "http.request.resend_count": 1,
        "ctp.correlation_id": response.correlation_id,
    }
    assert [e.name for e in call.events] == ["ctp.retry"]
    assert call.events[0].attributes is not None and call.events[0].attributes["ctp.retry.reason"] == "status 503"
    assert call.status.status_code is StatusCode.UNSET
    assert dict(token.attributes or {})["http.response.status_code"] == 200


def test_metrics_count_duration_retries_and_token_requests(client: CtpClient, telemetry: Telemetry) -> None:
    api = client.integration_api_root()
    api.get().execute()
    api.get().execute()
    points = telemetry.metric_points()
    assert sum(p.count for p in points["http.client.request.duration"]) == 2
    assert sum(p.value for p in points["ctp.client.retries"]) == 1
    assert sum(p.value for p in points["ctp.client.token_requests"]) == 1


def test_failed_call_is_an_error_span_and_no_secret_or_path_token_is_recorded(
    client: CtpClient, telemetry: Telemetry, backend: Backend
) -> None:
    path_token = "password-reset-token-" + "q" * 24
    with pytest.raises(ApiError) as caught:  # the fake backend does not implement it: any error will do
        client.integration_api_root().customers().with_password_token(path_token).get().execute()
    token = client.get_integration_token()

    (call,) = [s for s in telemetry.finished() if s.name.startswith("GET ")]
    assert call.name == "GET /{projectKey}/customers/password-token={passwordToken}"
    assert call.status.status_code is StatusCode.ERROR
    attributes = dict(call.attributes or {})
    assert attributes["error.type"] == str(caught.value.status_code)
    assert attributes["http.response.status_code"] == caught.value.status_code
    assert attributes["ctp.correlation_id"] == caught.value.correlation_id
    recorded = _all_values(telemetry.finished())
    for secret in (path_token, token, backend.client.client_secret):
        assert secret not in recorded


def test_a_client_without_telemetry_or_redis_never_imports_their_packages() -> None:
    code = textwrap.dedent(
        """
        import sys
        from ctp_sdk.testing import Backend
        backend = Backend()
        with backend.ctp_client() as ctp:
            ctp.integration_api_root().get().execute()
        optional = ("opentelemetry", "redis", "celery", "cryptography", "ctp_sdk.otel")
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in optional or m == "ctp_sdk.otel")
        print(loaded)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_telemetry_without_the_extra_is_a_clear_config_error() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["opentelemetry"] = None  # as if ctp-sdk[otel] were not installed
        from ctp_sdk import ConfigError
        from ctp_sdk.otel import OpenTelemetry
        try:
            OpenTelemetry()
        except ConfigError as err:
            print(err)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'ctp-sdk[otel]'" in out
