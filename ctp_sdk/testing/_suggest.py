"""Search Term Suggestions (`GET /product-projections/suggest`,
https://docs.commercetools.com/api/projects/search-term-suggestions): autocomplete from the
products' `searchKeywords`.

`searchKeywords.<locale>=<text>` (one or more locales) answers, per locale, the keyword texts of
the product projections (current, or staged with `staged=true`) that one of the keyword's tokens
starts with the text (case-insensitive): a keyword without `suggestTokenizer` is one token, the
`whitespace` tokenizer splits it at spaces, a `custom` one gives its `inputs`. With `fuzzy=true` a
token's prefix may differ from the text by the documented fuzzy level for its length (0 edits for
1-2 characters, 1 for 3-5, 2 for more; api/projects/products-search#fuzzy-search), counting a
swapped pair of characters as one edit. Each text is suggested once, up to `limit` (default 10)
per locale, in product creation order.
"""

from __future__ import annotations

import re
from typing import Any

from . import _catalog
from ._context import Ctx
from ._errors import invalid_input
from ._routes import route

_PARAM = re.compile(r"searchKeywords\.([a-z]{2}(?:-[A-Z]{2})?)")
_DEFAULT_LIMIT = 10


def _tokens(keyword: dict[str, Any]) -> list[str]:
    tokenizer = keyword.get("suggestTokenizer") or {}
    text = str(keyword.get("text", ""))
    if tokenizer.get("type") == "custom":
        return [str(token) for token in tokenizer.get("inputs", [])]
    if tokenizer.get("type") == "whitespace":
        return text.split()
    return [text]


def _fuzzy_level(term: str) -> int:
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition is one edit)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[len(a)][len(b)]


def _matches(token: str, term: str, level: int) -> bool:
    prefix = token[: len(term)].lower()
    return prefix == term if level == 0 else _edits(prefix, term) <= level


@route("ByProjectKeyProductProjectionsSuggestGet")
def _suggest(ctx: Ctx) -> tuple[int, Any]:
    wanted = [(m.group(1), value) for key, value in ctx.query if (m := _PARAM.fullmatch(key))]
    if not wanted:
        raise invalid_input("Give at least one searchKeywords.<locale> parameter.")
    limit = ctx.q_int("limit", _DEFAULT_LIMIT)
    if limit is None or limit < 0:
        raise invalid_input("Malformed parameter: limit: must not be negative.")
    staged = _catalog.wants_staged(ctx)
    projections = [p for p in (_catalog.projection(product, staged) for product in ctx.store.all("product")) if p]
    fuzzy = ctx.q_bool("fuzzy")
    out: dict[str, list[dict[str, str]]] = {}
    for locale, text in wanted:
        term = text.lower()
        level = _fuzzy_level(term) if fuzzy else 0
        found: list[str] = []
        for projection in projections:
            for keyword in (projection.get("searchKeywords") or {}).get(locale, []):
                keyword_text = str(keyword.get("text", ""))
                if keyword_text not in found and any(_matches(t, term, level) for t in _tokens(keyword)):
                    found.append(keyword_text)
        out[f"searchKeywords.{locale}"] = [{"text": t} for t in found[:limit]]
    return 200, out
