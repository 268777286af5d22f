"""iter_all(): every result of a query, lazily, by id cursor, composed with the user's where."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fakes import FakeCommercetools, category

from ctp_sdk.models import Category

IDS = sorted(f"{n:08x}-id" for n in range(0, 12340, 10))  # 1,234 ids


class CursorStore:
    """Answers category queries as commercetools does for `sort=id asc` + `where=id > "..."`."""

    def __init__(self) -> None:
        self.queries: list[list[tuple[str, str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = list(request.url.params.multi_items())
        self.queries.append(query)
        params = request.url.params
        assert params.get_list("sort") == ["id asc"]
        ids = IDS
        for where in params.get_list("where"):
            if m := re.fullmatch(r'id > "(.*)"', where):
                ids = [i for i in ids if i > m.group(1)]
            elif where == 'key = "even"':
                ids = [i for i in ids if int(i[:8], 16) % 20 == 0]
            else:
                raise AssertionError(f"unexpected where {where}")
        limit = int(params["limit"])
        page = ids[:limit]
        body = {"limit": limit, "offset": 0, "count": len(page), "results": [category(cid=i) for i in page]}
        return httpx.Response(200, json=body)


def test_iterates_every_result_lazily_one_page_per_request() -> None:
    store = CursorStore()
    with FakeCommercetools(store).client() as ctp:
        results = ctp.integration_api_root().categories().get(expand=["parent"]).iter_all()
        assert store.queries == []  # nothing sent before iteration starts
        first = next(results)
        assert len(store.queries) == 1
        rest = list(results)
    assert isinstance(first, Category)
    assert [first.id, *(c.id for c in rest)] == IDS
    assert len(store.queries) == 3  # 500 + 500 + 234
    assert dict(store.queries[0])["limit"] == "500"
    assert ("withTotal", "false") in store.queries[0]
    assert ("expand", "parent") in store.queries[1]
    assert ("where", f'id > "{IDS[499]}"') in store.queries[1]


def test_composes_with_the_users_where_and_page_size() -> None:
    store = CursorStore()
    with FakeCommercetools(store).client() as ctp:
        query = ctp.integration_api_root().categories().get(where=['key = "even"'])
        got = [c.id for c in query.iter_all(page_size=100)]
    expected = [i for i in IDS if int(i[:8], 16) % 20 == 0]
    assert got == expected
    assert len(store.queries) == len(expected) // 100 + 1
    assert all(("where", 'key = "even"') in q for q in store.queries)


def test_limit_is_the_page_size_when_no_page_size_is_given() -> None:
    store = CursorStore()
    with FakeCommercetools(store).client() as ctp:
        got = list(ctp.integration_api_root().categories().get(limit=250).iter_all())
    assert len(got) == len(IDS)
    assert len(store.queries) == 5


@pytest.mark.parametrize(
    "kwargs",
    [{"sort": ["createdAt desc"]}, {"sort": ["id desc"]}, {"sort": ["id asc", "key asc"]}, {"offset": 10}],
)
def test_other_sorts_and_offset_are_rejected(kwargs: dict[str, Any]) -> None:
    with FakeCommercetools(CursorStore()).client() as ctp, pytest.raises(ValueError, match="by id"):
        ctp.integration_api_root().categories().get(**kwargs).iter_all()


@pytest.mark.parametrize("sort", ["id asc", "id ASC", " id  asc "])
def test_an_explicit_id_asc_sort_is_the_cursors_own(sort: str) -> None:
    """The official SDKs' pagers pass `sort=id asc` themselves; translated code keeps working."""
    store = CursorStore()
    with FakeCommercetools(store).client() as ctp:
        got = [c.id for c in ctp.integration_api_root().categories().get(sort=[sort]).iter_all()]
    assert got == IDS
    assert all(dict(q)["sort"] == "id asc" for q in store.queries)


@pytest.mark.parametrize("size", [0, 501])
def test_page_size_is_bounded(size: int) -> None:
    with FakeCommercetools(CursorStore()).client() as ctp, pytest.raises(ValueError, match="page size"):
        ctp.integration_api_root().categories().get().iter_all(page_size=size)


def test_walks_many_pages_on_the_embedded_backend_while_resources_are_created() -> None:
    """Against a backend that really sorts and filters (the peer ignores `sort`): 1,234 categories in
    pages of 500 and of 100, composed with the user's where, each exactly once, and nothing skipped or
    repeated when categories are created while the walk is under way."""
    from ctp_sdk.models import CategoryDraft
    from ctp_sdk.testing import Backend

    backend = Backend("paging")
    with backend.ctp_client() as ctp:
        api = ctp.integration_api_root()
        for i in range(1234):
            hint = "0.5" if i % 2 == 0 else "0.7"
            draft = CategoryDraft(name={"en": f"c{i}"}, slug={"en": f"c{i}"}, key=f"c{i}", order_hint=hint)
            api.categories().post(draft).execute()
        every = [c.id for c in api.categories().get().iter_all()]
        assert len(every) == 1234 and len(set(every)) == 1234
        assert every == sorted(every)  # the id cursor's order
        even = list(api.categories().get(where=['orderHint = "0.5"'], limit=100).iter_all())
        assert len(even) == 617 and {c.order_hint for c in even} == {"0.5"}
        walked: list[str] = []
        for n, category in enumerate(api.categories().get().iter_all(page_size=100)):
            walked.append(category.id)
            if n == 150:
                late = CategoryDraft(name={"en": "late"}, slug={"en": "late"}, key="late")
                api.categories().post(late).execute()
        assert len(walked) == len(set(walked))  # nothing repeated
        assert set(every) <= set(walked)  # nothing that existed before was skipped
