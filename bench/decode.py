"""Workload 2: decode (bytes -> model) and encode (model -> bytes) against json.loads / json.dumps of the
same document, for four example payloads and two synthetic ProductProjection pages (500 x 20 variants, and
issue 13's 100 x 20 catalogue page). Page figures are CPU time of the process (`time.process_time`): the
machine is shared, and wall time there measures the other tenants as much as the code."""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable
from typing import Any

from ._timing import Pair, Stats, paired, per_call
from .payloads import Payload, catalog_page, load_payloads, product_page
from .results import Budget, Row, Settings

__all__ = ["run"]

DECODE_BUDGET = 2.0
ENCODE_BUDGET = 2.0


def _number(fn: Callable[[], object], seconds: float) -> int:
    """Calls per sample so one sample takes about `seconds`."""
    started = time.perf_counter()
    fn()
    once = time.perf_counter() - started
    return max(1, int(seconds / max(once, 1e-7)))


def _pair(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    settings: Settings,
    *,
    gc_off: bool = False,
    repeats: int = 9,
    seconds: float = 0.2,
    cpu: bool = False,
) -> Pair:
    number = _number(subject, settings.seconds(seconds))
    clock = time.process_time if cpu else time.perf_counter
    return paired(
        per_call(subject, number, gc_off=gc_off, clock=clock),
        per_call(baseline, number, gc_off=gc_off, clock=clock),
        settings.repeats(repeats),
    )


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _unit(payload: Payload) -> tuple[str, float]:
    return ("ms/page", 1e3) if payload.name.startswith("page") else ("µs/object", 1e6)


def _ours(payload: Payload) -> type[Any]:
    models = importlib.import_module("ctp_sdk.models")
    cls: type[Any] = getattr(models, payload.model)
    return cls


def _labd(payload: Payload) -> type[Any] | None:
    try:
        models = importlib.import_module("commercetools.platform.models")
    except ImportError:
        return None
    cls: type[Any] | None = getattr(models, payload.model, None)
    return cls


def run(settings: Settings, *, labd: bool) -> tuple[list[Row], list[Budget]]:
    pages = [product_page(20, 5), catalog_page(5, 4)] if settings.quick else [product_page(), catalog_page()]
    rows: list[Row] = []
    budgets: list[Budget] = []
    for payload in [*load_payloads(), *pages]:
        is_page = payload in pages
        rows += _rows(payload, settings, is_page=is_page, budgets=budgets)
        if labd and payload is not pages[-1]:  # the other SDK: once per shape (its page takes minutes)
            unit, scale = _unit(payload)
            rows += _labd_rows(payload, settings, unit, scale, is_page)
    return rows, budgets


def _rows(payload: Payload, settings: Settings, *, is_page: bool, budgets: list[Budget]) -> list[Row]:
    raw = payload.raw
    unit, scale = _unit(payload)
    cls = _ours(payload)

    def decode() -> Any:
        return cls.from_dict(json.loads(raw))

    def loads() -> object:
        return json.loads(raw)

    rows = []
    cpu = is_page
    clock_note = "; CPU time" if cpu else ""
    # Pages: 21 short samples rather than 7 long ones, the median of the paired ratios is what is judged.
    repeats, seconds = (21, 0.3) if is_page else (15, 0.2)
    pair = _pair(decode, loads, settings, repeats=repeats, seconds=seconds, cpu=cpu)
    rows.append(
        Row(
            "Decode",
            payload.name,
            "ctp-sdk",
            unit,
            pair.subject.scaled(scale),
            "json.loads",
            pair.baseline.scaled(scale),
            pair.ratio,
            "bytes -> model: `from_dict(json.loads(raw))`; GC on" + clock_note,
        )
    )
    if is_page:
        met = pair.ratio.median <= DECODE_BUDGET
        budgets.append(
            Budget(f"decode {payload.name} vs json.loads", f"<= {DECODE_BUDGET:g}x", f"{pair.ratio.median:.2f}x", met)
        )
        paused = _pair(decode, loads, settings, gc_off=True, repeats=repeats, seconds=seconds, cpu=cpu)
        rows.append(
            Row(
                "Decode",
                payload.name,
                "ctp-sdk",
                unit,
                paused.subject.scaled(scale),
                "json.loads",
                paused.baseline.scaled(scale),
                paused.ratio,
                "bytes -> model; GC paused (timeit style)" + clock_note,
            )
        )
        rows += _from_json_rows(payload, cls, settings, unit, scale, repeats, seconds)
    model = decode()
    data = loads()
    encode = _pair(
        lambda: _dumps(model.to_dict()), lambda: _dumps(data), settings, repeats=repeats, seconds=seconds, cpu=cpu
    )
    rows.append(
        Row(
            "Encode",
            payload.name,
            "ctp-sdk",
            unit,
            encode.subject.scaled(scale),
            "json.dumps",
            encode.baseline.scaled(scale),
            encode.ratio,
            "model -> bytes: `json.dumps(model.to_dict())`" + clock_note,
        )
    )
    if is_page:
        met = encode.ratio.median <= ENCODE_BUDGET
        budgets.append(
            Budget(f"encode {payload.name} vs json.dumps", f"<= {ENCODE_BUDGET:g}x", f"{encode.ratio.median:.2f}x", met)
        )
    return rows


def _from_json_rows(
    payload: Payload, cls: type[Any], settings: Settings, unit: str, scale: float, repeats: int, seconds: float
) -> list[Row]:
    """bytes -> model through `from_json` (the SDK's parser, as responses are parsed), with the standard
    library's parser and with orjson (`ctp-sdk[speed]`) when installed."""
    import ctp_sdk._codec as codec  # here, not at the top: the startup workload measures the first import

    raw = payload.raw
    installed = codec._fast_loads
    rows = []
    for label, parser in (("json", None), ("orjson", installed)):
        if label == "orjson" and parser is None:
            rows.append(Row("Decode", payload.name, "ctp-sdk", unit, Stats(0, 0, 0), note="orjson not installed"))
            continue
        codec._fast_loads = parser
        try:
            pair = _pair(
                lambda: cls.from_json(raw),
                lambda: json.loads(raw),
                settings,
                repeats=repeats,
                seconds=seconds,
                cpu=True,
            )
        finally:
            codec._fast_loads = installed
        rows.append(
            Row(
                "Decode",
                payload.name,
                "ctp-sdk",
                unit,
                pair.subject.scaled(scale),
                "json.loads",
                pair.baseline.scaled(scale),
                pair.ratio,
                f"bytes -> model: `from_json(raw)` parsed by {label}, GC paused over parse + decode; CPU time",
            )
        )
    return rows


def _labd_rows(payload: Payload, settings: Settings, unit: str, scale: float, is_page: bool) -> list[Row]:
    cls = _labd(payload)
    subject = "commercetools (labd)"
    if cls is None:
        return [Row("Decode", payload.name, subject, unit, Stats(0, 0, 0), note=f"no model {payload.model}")]
    raw = payload.raw
    try:
        model = cls.deserialize(json.loads(raw))
        model.serialize()
    except Exception as exc:
        return [Row("Decode", payload.name, subject, unit, Stats(0, 0, 0), note=f"fails: {type(exc).__name__}")]
    # The other SDK decodes 100-300x slower than json.loads: fewer, shorter samples on the big page.
    repeats, seconds = (3, 0.5) if is_page else (9, 0.2)
    decode = _pair(
        lambda: cls.deserialize(json.loads(raw)), lambda: json.loads(raw), settings, repeats=repeats, seconds=seconds
    )
    data = json.loads(raw)
    encode = _pair(lambda: _dumps(model.serialize()), lambda: _dumps(data), settings, repeats=repeats, seconds=seconds)
    return [
        Row(
            "Decode",
            payload.name,
            subject,
            unit,
            decode.subject.scaled(scale),
            "json.loads",
            decode.baseline.scaled(scale),
            decode.ratio,
            "bytes -> model; GC on",
        ),
        Row(
            "Encode",
            payload.name,
            subject,
            unit,
            encode.subject.scaled(scale),
            "json.dumps",
            encode.baseline.scaled(scale),
            encode.ratio,
            "model -> bytes",
        ),
    ]
