"""Walking every result of a paged query with the id cursor.

commercetools caps `offset` at 10,000 and offset paging skips or repeats results when resources are
created or deleted meanwhile. Sorting by id and asking for `id > "<last id seen>"` has neither problem
(the pattern commercetools documents for deep pagination). The user's own `where` predicates are kept:
repeated `where` parameters are combined with AND by the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import PaginationError

if TYPE_CHECKING:
    from ._request import OffsetPagedApiRequest, PagedApiRequest, _HasId, _OffsetPage, _Page

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "iterate_by_id", "iterate_by_offset"]

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 500
"""The API's maximum `limit`."""

P = TypeVar("P", bound="_Page")
I = TypeVar("I", bound="_HasId")  # noqa: E741


def iterate_by_id(request: PagedApiRequest[P, I], page_size: int | None) -> Iterator[I]:
    """Lazily yield every result of `request`, one page per API call (the first when iteration starts)."""
    if request.query_arg("offset") is not None:
        raise ValueError("iter_all() pages by id itself; remove offset= from the query")
    sort = request.query_arg("sort")
    # The official SDKs' pagers pass `sort=["id asc"]` explicitly; that is the cursor's own order, so it
    # is accepted. Any other order would break the `id > last` cursor.
    if sort is not None and [_normalized_sort(s) for s in sort] != ["id asc"]:
        raise ValueError(f'iter_all() sorts by id itself; sort= may only be ["id asc"], got {sort!r}')
    size = page_size if page_size is not None else request.query_arg("limit") or DEFAULT_PAGE_SIZE
    if not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"page size must be an int from 1 to {MAX_PAGE_SIZE}, got {size!r}")
    return _pages(request, size)


def _normalized_sort(expression: object) -> str:
    words = expression.split() if isinstance(expression, str) else []
    return f"{words[0]} {words[1].lower()}" if len(words) == 2 else repr(expression)


def _pages(request: PagedApiRequest[P, I], size: int) -> Iterator[I]:
    user_where = list(request.query_arg("where") or ())
    overrides: dict[str, Any] = {"sort": ["id asc"], "limit": size}
    if request.accepts("with_total"):
        overrides["with_total"] = False  # the total costs the API a count we do not need
    last: str | None = None
    while True:
        cursor = [f"id > {json.dumps(last)}"] if last is not None else []
        page = request.with_query(where=[*user_where, *cursor] or None, **overrides).execute().body
        results: list[I] = list(page.results)
        if last is not None and results and not results[0].id > last:
            # A server (or proxy) that ignores the cursor would send the same page forever.
            raise PaginationError(
                f"iter_all(): the API answered the page after id {last!r} with id {results[0].id!r}, which does "
                "not come after it: the id cursor (where=id > ..., sort=id asc) was not applied"
            )
        yield from results
        if len(results) < size:
            return
        last = results[-1].id


OP = TypeVar("OP", bound="_OffsetPage")
OI = TypeVar("OI")


def iterate_by_offset(request: OffsetPagedApiRequest[OP, OI], page_size: int | None) -> Iterator[OI]:
    """Lazily yield every result of a limit/offset list, one page per API call, until `total`."""
    size = page_size if page_size is not None else request.query_arg("limit") or DEFAULT_PAGE_SIZE
    if not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"page size must be an int from 1 to {MAX_PAGE_SIZE}, got {size!r}")
    return _offset_pages(request, size, request.query_arg("offset") or 0)


def _offset_pages(request: OffsetPagedApiRequest[OP, OI], size: int, offset: int) -> Iterator[OI]:
    while True:
        page = request.with_query(limit=size, offset=offset).execute().body
        results: list[OI] = list(page.results)
        yield from results
        offset += len(results)
        # Without a total (History's `withTotal=false`) a short page is the last one.
        if not results or (offset >= page.total if page.total is not None else len(results) < size):
            return
