"""`from_dict` / `to_dict` pause the cyclic garbage collector (issue 13): restored on every exit path,
counted across threads (the collector is process-wide), and never turned on if the program turned it off."""

from __future__ import annotations

import datetime
import gc
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest
from payloads import CATEGORY

import ctp_sdk._codec as codec
import ctp_sdk.models as models
from ctp_sdk import DecodeError
from ctp_sdk._endpoint import Operation, Request, decode_response
from ctp_sdk.errors import ApiError, ResponseDecodeError


@pytest.fixture(autouse=True)
def _gc_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    assert codec._pauses == 0
    if not was:
        gc.disable()


def _paused_inside_decode() -> bool:
    """Whether the collector is off while a nested model decodes (seen from inside the decode)."""
    seen: list[bool] = []
    # Generated decoders call nested models through module-level bound decoders (`_d_<Class>`, bound
    # on first decode), not through the class attribute: spy on the one `Category` uses.
    module = sys.modules[models.Category.__module__]
    models.Category.from_dict(CATEGORY)  # binds the module's decoders
    original = module._d_CategoryReference

    def spy(src: object) -> object:
        seen.append(gc.isenabled())
        return original(src)

    module._d_CategoryReference = spy
    try:
        models.Category.from_dict({**CATEGORY, "parent": {"typeId": "category", "id": "p"}})
    finally:
        module._d_CategoryReference = original
    assert seen, "the nested decoder was not called"
    return not seen[0]


def test_collector_is_paused_during_decode_and_restored_after() -> None:
    assert _paused_inside_decode()
    assert gc.isenabled()


def test_restored_when_decoding_fails() -> None:
    with pytest.raises(DecodeError):
        models.Category.from_dict({**CATEGORY, "version": "seven"})
    assert gc.isenabled()
    with pytest.raises(DecodeError):
        models.Category.from_dict([])  # type: ignore[arg-type]
    assert gc.isenabled()


def test_restored_when_encoding_fails() -> None:
    category = models.Category.from_dict(CATEGORY)
    category.created_at = "not a datetime"  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        category.to_dict()
    assert gc.isenabled()
    category.created_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert category.to_dict()["createdAt"] == "2024-01-01T00:00:00.000Z"
    assert gc.isenabled()


def test_a_program_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    models.Category.from_dict(CATEGORY).to_dict()
    assert not gc.isenabled()
    gc.enable()


def test_the_last_of_overlapping_decodes_in_other_threads_re_enables() -> None:
    """Thread A is mid-decode (holds a pause) while thread B decodes start to finish: B must not turn
    the collector back on under A; A's end does."""
    a_paused, b_done, a_release = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def thread_a() -> None:
        codec.gc_pause()
        try:
            a_paused.set()
            a_release.wait(10)
        finally:
            codec.gc_resume()

    def thread_b() -> None:
        a_paused.wait(10)
        models.Category.from_dict(CATEGORY).to_dict()
        states["after B"] = gc.isenabled()
        b_done.set()

    threads = [threading.Thread(target=thread_a), threading.Thread(target=thread_b)]
    for thread in threads:
        thread.start()
    b_done.wait(10)
    states["before A ends"] = gc.isenabled()
    a_release.set()
    for thread in threads:
        thread.join(10)
    assert states == {"after B": False, "before A ends": False}
    assert gc.isenabled()


def test_many_threads_decoding_at_once_leave_the_collector_on() -> None:
    page = {"limit": 20, "offset": 0, "count": 20, "results": [CATEGORY] * 20}
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait(10)
            for round_ in range(200):
                if (index + round_) % 5 == 0:
                    with pytest.raises(DecodeError):
                        models.CategoryPagedQueryResponse.from_dict({**page, "count": "x"})
                else:
                    decoded = models.CategoryPagedQueryResponse.from_dict(page)
                    assert decoded.to_dict()["results"][0]["id"] == CATEGORY["id"]
        except BaseException as exc:  # reported on the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert codec._pauses == 0
    assert gc.isenabled()


_OP = Operation("getCategory", "GET", "/{projectKey}/categories/{ID}")


def _request() -> Request[models.Category]:
    return Request(_OP, "/p/categories/c", [], None, lambda status, data: models.Category.from_dict(data))


@pytest.mark.parametrize(
    ("status", "content", "error"),
    [
        (200, b'{"id": "c"', ResponseDecodeError),  # truncated JSON
        (200, b'{"id": 1}', ResponseDecodeError),  # wrong shape
        (200, b"[" * 100_000, ResponseDecodeError),  # nested too deeply to parse
        (404, b'{"statusCode": 404, "message": "gone", "errors": []}', ApiError),
    ],
)
def test_response_decoding_restores_the_collector_on_errors(
    status: int, content: bytes, error: type[Exception]
) -> None:
    response = httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    with pytest.raises(error):
        decode_response(_request(), response)
    assert gc.isenabled()
    ok = httpx.Response(200, json=CATEGORY)
    assert decode_response(_request(), ok).body.id == CATEGORY["id"]
    assert gc.isenabled()


def test_decodes_overlapping_without_end_still_get_a_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    # A busy server: some thread is always mid-decode, so the pause count never drops to zero. A pause
    # older than MAX_GC_PAUSE runs one collection when the next decode starts (here: at once).
    import weakref

    class Node:
        other: object = None

    monkeypatch.setattr(codec, "MAX_GC_PAUSE", 0.0)
    assert gc.isenabled()
    codec.gc_pause()  # the long-running decode of "another thread"
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a reference cycle: only the cyclic collector frees it
        alive = weakref.ref(a)
        del a, b
        assert alive() is not None and not gc.isenabled()
        codec.gc_pause()
        codec.gc_resume()
        assert alive() is None  # collected although the first decode still holds the pause
        assert not gc.isenabled()
    finally:
        codec.gc_resume()
    assert gc.isenabled()
