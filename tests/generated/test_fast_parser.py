"""`ctp-sdk[speed]`: with orjson installed, response bodies are parsed by it; without, by `json`. Both
paths give the same models, the same errors (never chained to the parser's exception) and accept the
same documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from payloads import CATEGORY

import ctp_sdk._codec as codec
import ctp_sdk.models as models
from ctp_sdk import DecodeError
from ctp_sdk._endpoint import Operation, Request, decode_response
from ctp_sdk.errors import ResponseDecodeError

orjson = pytest.importorskip("orjson", reason="orjson is in the [test] extra; the [speed] path needs it")


@pytest.fixture(params=["orjson", "stdlib"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(codec, "_fast_loads", orjson.loads if request.param == "orjson" else None)
    yield request.param


def test_orjson_is_picked_up_when_installed() -> None:
    assert codec._fast_loads is orjson.loads


_OP = Operation("getCategory", "GET", "/{projectKey}/categories/{ID}")


def _decode(content: bytes, status: int = 200) -> Any:
    request: Request[Any] = Request(_OP, "/p/categories/c", [], None, lambda _s, data: data)
    response = httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    return decode_response(request, response).body


def test_same_model_either_way(parser: str) -> None:
    request: Request[models.Category] = Request(
        _OP, "/p/categories/c", [], None, lambda _s, data: models.Category.from_dict(data)
    )
    body = json.dumps({**CATEGORY, "newField": {"x": [1, 2.5, None, "é"]}}).encode()
    category = decode_response(request, httpx.Response(200, content=body)).body
    assert category.to_dict() == json.loads(body)


@pytest.mark.parametrize("content", [b'{"n": Infinity}', json.dumps({"a": "ü"}).encode("utf-16")])
def test_documents_orjson_rejects_still_parse(parser: str, content: bytes) -> None:
    assert _decode(content) == json.loads(content)


def test_integers_beyond_64_bits(parser: str) -> None:
    """orjson reads them as floats (documented in pyproject's [speed] extra: the API sends none, money is
    `centAmount` within 64 bits); the default parser keeps them exact. Within 64 bits both are exact."""
    assert _decode(b'{"n": 18446744073709551615, "m": -9223372036854775808}') == {
        "n": 18446744073709551615,
        "m": -9223372036854775808,
    }
    big = _decode(b'{"big": 123456789012345678901234567890}')["big"]
    assert big == (1.2345678901234568e29 if parser == "orjson" else 123456789012345678901234567890)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"id": "c"', "body is truncated or malformed JSON"),
        (b"[" * 100_000, "body is JSON nested too deeply to parse"),
    ],
)
def test_failures_read_the_same_and_chain_nothing(parser: str, content: bytes, reason: str) -> None:
    with pytest.raises(ResponseDecodeError) as caught:
        _decode(content)
    assert caught.value.reason == reason
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_from_json_parses_and_decodes(parser: str) -> None:
    raw = json.dumps({**CATEGORY, "newField": [1, {"a": None}]})
    expected = models.Category.from_dict(json.loads(raw))
    assert models.Category.from_json(raw) == expected
    assert models.Category.from_json(raw.encode()) == expected
    assert models.Category.from_json(raw).additional_properties == {"newField": [1, {"a": None}]}


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b'{"id": ', "malformed JSON"), (b"[" * 100_000, "JSON nested too deeply to parse")],
)
def test_from_json_bad_documents_are_decode_errors(parser: str, content: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as caught:
        models.Category.from_json(content)
    assert (caught.value.model, caught.value.path, caught.value.reason) == ("Category", (), reason)
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_from_json_shape_errors_name_the_path(parser: str) -> None:
    with pytest.raises(DecodeError) as caught:
        models.Category.from_json(json.dumps({**CATEGORY, "version": "x"}))
    assert caught.value.path == ("version",)
