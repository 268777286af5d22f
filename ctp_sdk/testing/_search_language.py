"""The search query language of the `/search` endpoints (https://docs.commercetools.com/api/search-query-language),
evaluated over documents: a document maps a searchable field to its values (a list: a product's
categories, a customer's address cities).

Expressions: `exact` (`value` or `values`, `caseInsensitive`), `fullText` (the words of `value`,
`mustMatch` `all` (default) or `any`, case-insensitive, whole words), `prefix`, `wildcard` (`*`, `?`),
`range` (`gt` / `gte` / `lt` / `lte` on numbers or ISO dates), `exists`; compounds `and`, `or`, `not`
(none of its expressions matches), `filter` (like `and`). Localized fields take `language` and are
stored as `field.<language>`. At most 50 expressions and 256 characters per string, as documented.
What a resource-specific module does not index is refused by it (`Fields.resolve`), not matched as
nothing.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from ._errors import ApiFailure, invalid_input, not_implemented

Document = dict[str, list[Any]]
Resolve = Callable[[dict[str, Any]], str]
"""An expression's `field` (+ `language`, `fieldType`) as the document key; raises for unknown fields."""

_SIMPLE = ("exact", "fullText", "prefix", "wildcard", "range", "exists")
_COMPOUND = ("and", "or", "not", "filter")
MAX_EXPRESSIONS = 50
ADDRESS_FIELDS = (
    "firstName",
    "lastName",
    "streetName",
    "streetNumber",
    "postalCode",
    "city",
    "region",
    "state",
    "country",
    "company",
    "email",
    "phone",
    "mobile",
)
"""The searchable fields of an address (`addresses.<field>` and the like) in the `/search` endpoints."""
MAX_STRING = 256


def count_expressions(query: Any, resolve: Resolve) -> int:
    """The number of expressions in `query`, each checked (its field resolved) before any matching:
    an empty result must never hide a query the fake cannot answer."""
    if not isinstance(query, dict) or len(query) != 1:
        raise invalid_input("A SearchQuery holds exactly one query or compound expression.")
    ((kind, body),) = query.items()
    if kind in _COMPOUND:
        if not isinstance(body, list):
            raise invalid_input(f"'{kind}' takes a list of SearchQuery.")
        return 1 + sum(count_expressions(q, resolve) for q in body)
    if kind not in _SIMPLE:
        raise invalid_input(f"Unknown search expression '{kind}'.")
    if not isinstance(body, dict) or not isinstance(body.get("field"), str):
        raise invalid_input(f"'{kind}' needs a 'field'.")
    for value in [body.get("value"), *(body.get("values") or [])]:
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise invalid_input(f"Search values are limited to {MAX_STRING} characters.")
    resolve(body)
    return 1


def check(query: Any, resolve: Resolve) -> None:
    if count_expressions(query, resolve) > MAX_EXPRESSIONS:
        raise invalid_input(f"A SearchQuery can contain up to {MAX_EXPRESSIONS} query or compound expressions.")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return None


def _ordered(a: Any, b: Any) -> tuple[Any, Any] | None:
    """Both as numbers, or both as strings (ISO dates order as text), else None."""
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na, nb
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    try:
        if isinstance(a, str) and nb is not None:
            return Decimal(a), nb
    except InvalidOperation:
        return None
    return None


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: Any) -> set[str]:
    return {w.lower() for w in _WORD.findall(str(text))}


def _same(stored: Any, wanted: Any, case_insensitive: bool) -> bool:
    if case_insensitive and isinstance(stored, str) and isinstance(wanted, str):
        return stored.lower() == wanted.lower()
    if _number(stored) is not None and _number(wanted) is not None:
        return _number(stored) == _number(wanted)
    return bool(stored == wanted)


def _simple(kind: str, body: dict[str, Any], stored: list[Any]) -> bool:
    if kind == "exists":
        return bool(stored)
    if kind == "exact":
        wanted = body["values"] if isinstance(body.get("values"), list) else [body.get("value")]
        ci = bool(body.get("caseInsensitive"))
        return any(_same(s, w, ci) for s in stored for w in wanted)
    if kind == "fullText":
        terms = _words(body.get("value", ""))
        if not terms:
            return False
        present = set().union(*(_words(s) for s in stored)) if stored else set()
        return terms <= present if body.get("mustMatch", "all") == "all" else bool(terms & present)
    if kind in ("prefix", "wildcard"):
        value = str(body.get("value", ""))
        ci = bool(body.get("caseInsensitive"))
        texts = [str(s).lower() if ci else str(s) for s in stored if isinstance(s, str)]
        value = value.lower() if ci else value
        if kind == "prefix":
            return any(t.startswith(value) for t in texts)
        return any(fnmatch.fnmatchcase(t, value) for t in texts)
    # range
    bounds = {k: body[k] for k in ("gt", "gte", "lt", "lte") if k in body}
    if not bounds:
        raise invalid_input("A 'range' expression needs at least one of gt, gte, lt, lte.")
    for s in stored:
        ok = True
        for op, bound in bounds.items():
            pair = _ordered(s, bound)
            if pair is None:
                ok = False
                break
            a, b = pair
            ok = {"gt": a > b, "gte": a >= b, "lt": a < b, "lte": a <= b}[op]
            if not ok:
                break
        if ok:
            return True
    return False


def matches(query: dict[str, Any], document: Document, resolve: Resolve) -> bool:
    ((kind, body),) = query.items()
    if kind == "and" or kind == "filter":
        return all(matches(q, document, resolve) for q in body)
    if kind == "or":
        return any(matches(q, document, resolve) for q in body)
    if kind == "not":
        return not any(matches(q, document, resolve) for q in body)
    return _simple(kind, body, document.get(resolve(body), []))


def page_bounds(
    body: dict[str, Any], *, max_limit: int, max_offset: int, default_limit: int = 20, min_limit: int = 0
) -> tuple[int, int]:
    limit, offset = body.get("limit", default_limit), body.get("offset", 0)
    if not isinstance(limit, int) or isinstance(limit, bool) or not min_limit <= limit <= max_limit:
        raise invalid_input(f"limit: must be between {min_limit} and {max_limit}.")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= max_offset:
        raise invalid_input(f"offset: must be between 0 and {max_offset}.")
    return limit, offset


def sort_documents(
    items: list[tuple[str, list[Document]]], sorting: Any, resolve: Resolve
) -> list[tuple[str, list[Document]]]:
    """Sort (id, documents) pairs by `sort` (last criterion first, stable). A multi-valued field sorts
    by its smallest value ascending and its largest descending unless `mode` says otherwise."""
    if sorting is None:
        return items
    if not isinstance(sorting, list):
        raise invalid_input("sort: expected a list of SearchSorting.")
    for criterion in sorting:
        if isinstance(criterion, dict):
            resolve(criterion)
    out = list(items)
    for criterion in reversed(sorting):
        if not isinstance(criterion, dict) or criterion.get("order") not in ("asc", "desc"):
            raise invalid_input("sort: each SearchSorting needs 'field' and 'order' (asc or desc).")
        desc = criterion["order"] == "desc"
        key = resolve(criterion)
        mode = criterion.get("mode") or ("max" if desc else "min")

        def value(item: tuple[str, list[Document]], key: str = key, mode: str = mode) -> Any:
            values = [v for doc in item[1] for v in doc.get(key, []) if v is not None]
            if not values:
                return None
            numbers = [_number(v) for v in values]
            if all(n is not None for n in numbers):
                nums = [n for n in numbers if n is not None]
                return {"min": min(nums), "max": max(nums), "sum": sum(nums), "avg": sum(nums) / len(nums)}[mode]
            texts = [str(v) for v in values]
            return max(texts) if mode == "max" else min(texts)

        present = [i for i in out if value(i) is not None]
        missing = [i for i in out if value(i) is None]  # resources without the field sort last
        present.sort(key=value, reverse=desc)
        out = present + missing
    return out


def search_index_status(project: dict[str, Any], index: str) -> str | None:
    """The project's `searchIndexing.<index>.status` (`Activated` once switched on), or None."""
    status: str | None = ((project.get("searchIndexing") or {}).get(index) or {}).get("status")
    return status


def search_page(
    body: dict[str, Any],
    items: list[tuple[str, list[Document]]],
    resolve: Resolve,
    *,
    default_limit: int = 20,
    min_limit: int = 0,
    max_offset: int = 10_000,
) -> tuple[int, int, int, list[str]]:
    """One page of a search over one document per resource: (total, limit, offset, ids of the page).
    Every field of `query` and `sort` is resolved (400 / 501) before anything is matched."""
    limit, offset = page_bounds(
        body, max_limit=100, max_offset=max_offset, default_limit=default_limit, min_limit=min_limit
    )
    query = body.get("query")
    if query is not None:
        check(query, resolve)
    hits = [(i, d) for i, d in items if query is None or matches(query, d[0], resolve)]
    hits = sort_documents(hits, body.get("sort"), resolve)
    return len(hits), limit, offset, [i for i, _ in hits[offset : offset + limit]]


def indexing_status(project: dict[str, Any], index: str, total: int, now: str) -> dict[str, Any]:
    """The `...SearchIndexingStatusResponse` of an index the fake builds instantly (`Ready`, all
    `total` resources indexed)."""
    since = ((project.get("searchIndexing") or {}).get(index) or {}).get("lastModifiedAt", now)
    return {
        "status": "Ready",
        "states": {"indexed": total, "failed": 0, "estimatedTotal": total},
        "startedAt": since,
        "lastModifiedAt": since,
        "retryCount": 0,
    }


def plain_fields(known: frozenset[str], search: str) -> Resolve:
    """The resolver of a search whose fields are document keys as they are (no language or type):
    `known` ones resolve, any other answers 501 naming it (`search`: "Customer Search")."""

    def resolve(body: dict[str, Any]) -> str:
        field = body.get("field")
        if not isinstance(field, str):
            raise invalid_input("A search expression needs a 'field'.")
        if field not in known:
            raise not_implemented(f"{search} on the field '{field}'")
        return field

    return resolve


def require_active(project: dict[str, Any], index: str, search: str) -> None:
    """400 `SearchNotReady` unless the project activated `index` (as Customer and Business Unit Search do)."""
    if search_index_status(project, index) != "Activated":
        raise ApiFailure(400, "SearchNotReady", f"The {search} is not active for this project.")


def relevance_page(
    body: Any, items: list[tuple[str, list[Document]]], resolve: Resolve, **bounds: int
) -> dict[str, Any]:
    """A `{total, offset, limit, results: [{id, relevance}]}` page (Customer / Business Unit Search);
    every result's relevance is 1.0 (the fake computes no score)."""
    body = body if isinstance(body, dict) else {}
    total, limit, offset, page = search_page(body, items, resolve, **bounds)
    return {"total": total, "offset": offset, "limit": limit, "results": [{"id": i, "relevance": 1.0} for i in page]}
