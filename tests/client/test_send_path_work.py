"""The send path's per-request shortcuts keep every guarantee of the long way round: path escaping,
headers, correlation ids, deadlines and the GC pause around large bodies."""

from __future__ import annotations

import gc
import json
import random
import re
import string
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from ctp_auth._limits import deadline_scope, enter_deadline, leave_deadline, remaining
from fakes import API, PROJECT, FakeCommercetools, category

import ctp_sdk._codec as codec
import ctp_sdk.models as models
from ctp_sdk._endpoint import SMALL_BODY_BYTES, Operation, Request, decode_response, seg
from ctp_sdk._transport import new_correlation_id
from ctp_sdk.errors import ResponseDecodeError


def _quoted(value: str) -> str:
    escaped = quote(value, safe="")
    return escaped.replace(".", "%2E") if escaped in (".", "..") else escaped


def test_plain_segments_are_returned_as_they_are_and_every_other_value_is_escaped() -> None:
    rng = random.Random(13)
    alphabet = string.ascii_letters + string.digits + "-_~./?#%& é=+"
    values = [".", "..", "...", "a/b", "~x", "cat-1", "é", "a b", "x%2F", "key=1", "日本"]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    for value in values:
        assert seg(value, "id") == _quoted(value), value


@pytest.mark.parametrize(("value", "error"), [("", ValueError), (5, TypeError), (None, TypeError)])
def test_bad_segments_are_still_rejected(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="path parameter id"):
        seg(value, "id")  # type: ignore[arg-type]


def test_correlation_ids_are_version_4_uuids_and_unique() -> None:
    ids = {new_correlation_id() for _ in range(5000)}
    assert len(ids) == 5000
    shape = re.compile(r"ctp-sdk-python/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(shape.fullmatch(value) for value in ids)


def test_inline_deadline_never_extends_an_enclosing_one() -> None:
    assert remaining() is None
    with deadline_scope(1.0):
        token = enter_deadline(60.0)
        try:
            left = remaining()
            assert left is not None and left <= 1.0
        finally:
            leave_deadline(token)
        token = enter_deadline(0.5)
        try:
            left = remaining()
            assert left is not None and left <= 0.5
        finally:
            leave_deadline(token)
        left = remaining()
        assert left is not None and 0.5 < left <= 1.0
    assert remaining() is None


def test_request_headers_replace_client_defaults_whatever_their_case() -> None:
    fake = FakeCommercetools(lambda r: httpx.Response(200, json=category()))
    with fake.client() as ctp:
        ctp.integration_api_root().categories().with_id("c1").get(headers={"accept": "application/x-test"}).execute()
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    custom, default = fake.api_requests
    assert custom.headers.get_list("Accept") == ["application/x-test"]
    assert default.headers.get_list("Accept") == ["application/json"]
    for sent in (custom, default):
        assert len(sent.headers.get_list("X-Correlation-ID")) == 1
        assert sent.headers["Authorization"].startswith("Bearer ")
        assert str(sent.url).startswith(f"{API}/{PROJECT}/categories/c1")


def test_the_sent_correlation_id_is_reported_when_the_server_echoes_none() -> None:
    fake = FakeCommercetools(lambda r: httpx.Response(200, json=category()))
    with fake.client() as ctp:
        response = ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert response.correlation_id == fake.api_requests[0].headers["X-Correlation-ID"]


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    assert codec._pauses == 0 and codec._unpaused.depth == 0
    if not was:
        gc.disable()


def _decode_seeing_collector(size: int) -> bool:
    """Decode a Category response padded to about `size` bytes; whether the collector was on inside."""
    seen: list[bool] = []

    def decode(status: int, data: object) -> models.Category:
        seen.append(gc.isenabled())
        return models.Category.from_dict(data)  # type: ignore[arg-type]

    body = {**category(), "description": {"en": "x" * size}}
    request: Request[models.Category] = Request(Operation("get", "GET", "/c"), "/c", [], None, decode)
    response = httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    assert decode_response(request, response).body.id == body["id"]
    return seen[0]


def test_large_bodies_are_parsed_and_decoded_with_the_collector_paused(collector_on: None) -> None:
    assert _decode_seeing_collector(SMALL_BODY_BYTES * 2) is False
    assert gc.isenabled()


def test_small_bodies_take_no_pause_not_even_in_from_dict(collector_on: None) -> None:
    assert _decode_seeing_collector(10) is True
    assert gc.isenabled()


def test_from_dict_pauses_again_once_the_response_decode_is_over(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad: Request[models.Category] = Request(
        Operation("get", "GET", "/c"), "/c", [], None, lambda status, data: models.Category.from_dict(data)
    )
    with pytest.raises(ResponseDecodeError):
        decode_response(bad, httpx.Response(200, json={"id": 1}))
    assert codec._unpaused.depth == 0
    pauses: list[int] = []
    real_pause = codec.gc_pause

    def counting_pause() -> None:
        pauses.append(1)
        real_pause()

    monkeypatch.setattr(codec, "gc_pause", counting_pause)
    assert models.Category.from_dict(category()).id == category()["id"]
    assert pauses == [1]
