"""Product Projection Search (`GET` with query parameters, `POST` with the same as a form body).

As documented (https://docs.commercetools.com/api/projects/products-search):

- `text.<locale>`: every word must occur in the name, description or search keywords in that
  locale (case-insensitive; `fuzzy` widens nothing here);
- `filter.query` narrows results and facets, `filter` results only, `filter.facets` facets only;
  a filter is `<path>:<values>` with `"text"`, numbers, `range(a to b)` (`*` open), `exists`,
  `missing` and `subtree("<category id>")`, values comma-separated (any matches); paths are the
  projection's JSON paths, `variants.` meaning every variant, `.price` the variant's prices' values
  (the selected price with price selection), `attributes.<name>` the attribute value;
- `facet`: terms (`<path>`), ranges (`<path>:range(...)`) and filtered (`<path>:"value"`), `as
  <alias>`, `counting products`;
- `sort`: `<path> asc|desc` (`price` the lowest (selected) price, `score` the relevance order);
- `staged`, `priceCurrency` / `priceCountry` / `priceChannel` / `priceCustomerGroup` (sets each
  variant's `price` and `scopedPrice`), `markMatchingVariants`, `limit`, `offset`, `withTotal`.

An expression outside this answers 501 naming it.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from . import _catalog
from ._context import Ctx
from ._errors import invalid_input, not_implemented
from ._resources import view
from ._routes import route

_RANGE = re.compile(r"\(\s*(\*|-?[\d.]+)\s+to\s+(\*|-?[\d.]+)\s*\)")


def _variants(projection: dict[str, Any]) -> list[dict[str, Any]]:
    return [projection["masterVariant"], *projection.get("variants", [])]


def _walk(node: Any, parts: list[str]) -> list[Any]:
    if not parts:
        return node if isinstance(node, list) else [node]
    if isinstance(node, list):
        return [v for item in node for v in _walk(item, parts)]
    if not isinstance(node, dict):
        return []
    head, rest = parts[0], parts[1:]
    if head == "price" and ("price" in node or "prices" in node):
        # `variants.price.*` is the price's value: the selected price, else every price.
        chosen = [node["price"]] if "price" in node else node["prices"]
        return _walk([p["value"] for p in chosen], rest)
    if head == "attributes" and rest and isinstance(node.get("attributes"), list):
        found = [a["value"] for a in node["attributes"] if a.get("name") == rest[0]]
        return _walk(found, rest[1:])
    if head not in node:
        return []
    return _walk(node[head], rest)


def values(projection: dict[str, Any], path: str, variant: dict[str, Any] | None = None) -> list[Any]:
    """The values at `path` (`variants.` -> each variant, or just `variant` if given)."""
    parts = path.split(".")
    if parts[0] == "variants":
        pool = [variant] if variant is not None else _variants(projection)
        return [v for item in pool for v in _walk(item, parts[1:])]
    return _walk(projection, parts)


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, dict) and "key" in value and "label" in value:
        return value["key"]
    return value


def _number(text: str) -> Decimal | None:
    if text == "*":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise invalid_input(f"Malformed range bound '{text}'.") from None


class _Filter:
    """One `<path>:<values>` expression."""

    def __init__(self, expression: str) -> None:
        path, sep, raw = expression.partition(":")
        if not sep or not path.strip():
            raise invalid_input(f"Malformed filter '{expression}'.")
        self.path = path.strip()
        self.raw = raw.strip()
        self.terms: list[Any] = []
        self.ranges: list[tuple[Decimal | None, Decimal | None]] = []
        self.exists: bool | None = None
        self.subtree: list[str] = []
        text = self.raw
        if text in ("exists", "missing"):
            self.exists = text == "exists"
            return
        if text.startswith("range"):
            self.ranges = [(_number(a), _number(b)) for a, b in _RANGE.findall(text)]
            if not self.ranges:
                raise invalid_input(f"Malformed range in '{expression}'.")
            return
        for m in re.finditer(r'subtree\("([^"]+)"\)|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(true|false)', text):
            if m.group(1):
                self.subtree.append(m.group(1))
            elif m.group(2) is not None:
                self.terms.append(m.group(2))
            elif m.group(3):
                self.terms.append(Decimal(m.group(3)))
            else:
                self.terms.append(m.group(4) == "true")
        if not self.terms and not self.subtree:
            raise not_implemented(f"The search filter {expression!r}")

    def matches_values(self, found: list[Any], ctx: Ctx) -> bool:
        plain = [_plain(v) for v in found]
        if self.exists is not None:
            return bool(plain) == self.exists
        if self.ranges:
            numbers = [v for v in plain if isinstance(v, Decimal)]
            return any((lo is None or n >= lo) and (hi is None or n <= hi) for n in numbers for lo, hi in self.ranges)
        if self.subtree:
            for category_id in plain:
                category = ctx.store.get("category", str(category_id))
                ancestors = [a["id"] for a in (category or {}).get("ancestors", [])]
                if any(root == category_id or root in ancestors for root in self.subtree):
                    return True
        return any(term in plain for term in self.terms)

    def matches(self, projection: dict[str, Any], ctx: Ctx) -> bool:
        if self.path.startswith("variants."):
            return any(self.matches_values(values(projection, self.path, v), ctx) for v in _variants(projection))
        return self.matches_values(values(projection, self.path), ctx)


def select_price(variant: dict[str, Any], ctx: Ctx, now: str) -> dict[str, Any] | None:
    currency = ctx.q("priceCurrency")
    if currency is None:
        return None
    wanted = {
        "country": ctx.q("priceCountry"),
        "channel": ctx.q("priceChannel"),
        "customerGroup": ctx.q("priceCustomerGroup"),
    }
    best: tuple[int, dict[str, Any]] | None = None
    for price in variant.get("prices", []):
        if price["value"]["currencyCode"] != currency:
            continue
        if (price.get("validFrom") and price["validFrom"] > now) or (
            price.get("validUntil") and price["validUntil"] <= now
        ):
            continue
        score = 0
        for field, want in wanted.items():
            have = price.get(field)
            have_id = have.get("id") if isinstance(have, dict) else have
            if have_id is None:
                continue
            if have_id != want:
                break
            score += 1
        else:
            if best is None or score > best[0]:
                best = (score, price)
    return copy.deepcopy(best[1]) if best else None


def _text_matches(projection: dict[str, Any], locale: str, text: str) -> bool:
    corpus = " ".join(
        [
            str((projection.get("name") or {}).get(locale, "")),
            str((projection.get("description") or {}).get(locale, "")),
            *[str(k.get("text", "")) for k in (projection.get("searchKeywords") or {}).get(locale, [])],
        ]
    ).lower()
    words = re.findall(r"\w+", corpus)
    return all(any(w.startswith(term) for w in words) for term in re.findall(r"\w+", text.lower()))


def _facet(expression: str, pool: list[dict[str, Any]], ctx: Ctx) -> tuple[str, dict[str, Any]]:
    text = expression.strip()
    counting = text.endswith(" counting products")
    if counting:
        text = text[: -len(" counting products")].strip()
    alias = None
    m = re.fullmatch(r"(.*?)\s+as\s+([\w-]+)", text)
    if m is not None:
        text, alias = m.group(1).strip(), m.group(2)
    name = alias or text
    path, sep, _ = text.partition(":")
    if not sep:
        counts: dict[Any, int] = {}
        products: dict[Any, int] = {}
        missing = 0
        for projection in pool:
            seen: set[Any] = set()
            for variant in _variants(projection):
                found = [_plain(v) for v in values(projection, path, variant if path.startswith("variants.") else None)]
                if not found:
                    missing += 1
                for term in found:
                    key = str(term) if isinstance(term, Decimal) else term
                    counts[key] = counts.get(key, 0) + 1
                    seen.add(key)
            for key in seen:
                products[key] = products.get(key, 0) + 1
        terms = []
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            entry: dict[str, Any] = {"term": key, "count": count}
            if counting:
                entry["productCount"] = products[key]
            terms.append(entry)
        kinds = {type(t) for t in counts}
        data_type = "number" if kinds == {str} and all(_is_number(t) for t in counts) and counts else "text"
        total = sum(counts.values())
        return name, {
            "type": "terms",
            "dataType": data_type,
            "missing": missing,
            "total": total,
            "other": 0,
            "terms": terms,
        }
    facet_filter = _Filter(text)
    if facet_filter.ranges:
        ranges = []
        for lo, hi in facet_filter.ranges:
            numbers: list[Decimal] = []
            product_hits = 0
            for projection in pool:
                hit = False
                for variant in _variants(projection):
                    for v in values(projection, path, variant if path.startswith("variants.") else None):
                        n = _plain(v)
                        if isinstance(n, Decimal) and (lo is None or n >= lo) and (hi is None or n < hi):
                            numbers.append(n)
                            hit = True
                product_hits += hit
            entry = {
                "from": float(lo) if lo is not None else 0.0,
                "fromStr": str(lo) if lo is not None else "",
                "to": float(hi) if hi is not None else 0.0,
                "toStr": str(hi) if hi is not None else "",
                "count": len(numbers),
                "total": float(sum(numbers)),
                "min": float(min(numbers)) if numbers else 0.0,
                "max": float(max(numbers)) if numbers else 0.0,
                "mean": float(sum(numbers) / len(numbers)) if numbers else 0.0,
            }
            if counting:
                entry["productCount"] = product_hits
            ranges.append(entry)
        return name, {"type": "range", "dataType": "number", "ranges": ranges}
    count = sum(
        1
        for projection in pool
        for variant in _variants(projection)
        if facet_filter.matches_values(values(projection, path, variant if path.startswith("variants.") else None), ctx)
    )
    result: dict[str, Any] = {"type": "filter", "count": count}
    if counting:
        result["productCount"] = sum(1 for p in pool if facet_filter.matches(p, ctx))
    return name, result


def _is_number(text: Any) -> bool:
    try:
        Decimal(str(text))
    except InvalidOperation:
        return False
    return True


def _sort_key(projection: dict[str, Any], path: str) -> Any:
    if path == "price":
        selected = [v["price"]["value"]["centAmount"] for v in _variants(projection) if v.get("price")]
        every = [p["value"]["centAmount"] for v in _variants(projection) for p in v.get("prices", [])]
        amounts: list[int] = selected or every
        return min(amounts) if amounts else None
    found = [_plain(v) for v in values(projection, path)]
    return found[0] if found else None


def search(ctx: Ctx) -> dict[str, Any]:
    staged = _catalog.wants_staged(ctx)
    pool = [p for p in (_catalog.projection(product, staged) for product in ctx.store.all("product")) if p]
    for key, text in ctx.query:
        if key.startswith("text."):
            pool = [p for p in pool if _text_matches(p, key[5:], text)]
    query_filters = [_Filter(f) for f in ctx.qs("filter.query")]
    pool = [p for p in pool if all(f.matches(p, ctx) for f in query_filters)]
    for projection in pool:
        for variant in _variants(projection):
            price = select_price(variant, ctx, ctx.now)
            if price is not None:
                variant["price"] = price
                scoped = copy.deepcopy(price)
                scoped["currentValue"] = copy.deepcopy(price["value"])
                variant["scopedPrice"] = scoped
                variant["scopedPriceDiscounted"] = False
    facet_filters = [_Filter(f) for f in ctx.qs("filter.facets")]
    facet_pool = [p for p in pool if all(f.matches(p, ctx) for f in facet_filters)]
    facets = dict(_facet(expression, facet_pool, ctx) for expression in ctx.qs("facet"))
    result_filters = [_Filter(f) for f in ctx.qs("filter")]
    results = [p for p in pool if all(f.matches(p, ctx) for f in result_filters)]
    if ctx.q_bool("markMatchingVariants"):
        variant_filters = [f for f in [*query_filters, *result_filters] if f.path.startswith("variants.")]
        for projection in results:
            for variant in _variants(projection):
                variant["isMatchingVariant"] = all(
                    f.matches_values(values(projection, f.path, variant), ctx) for f in variant_filters
                )
    for sort in reversed(ctx.qs("sort")):
        path, _, direction = sort.strip().rpartition(" ")
        if direction.lower() not in ("asc", "desc") or not path:
            raise invalid_input(f"Malformed sort '{sort}'.")
        if path.strip() == "score":
            continue
        keyed = [(p, _sort_key(p, path.strip())) for p in results]
        present = sorted(
            (x for x in keyed if x[1] is not None), key=lambda x: x[1], reverse=direction.lower() == "desc"
        )
        results = [p for p, _ in present] + [p for p, k in keyed if k is None]
    limit = ctx.q_int("limit", 20)
    offset = ctx.q_int("offset", 0)
    assert limit is not None and offset is not None
    if not 0 <= limit <= 500 or not 0 <= offset <= 10_000:
        raise invalid_input("Malformed parameter: limit must be in [0, 500] and offset in [0, 10000].")
    page = results[offset : offset + limit]
    out: dict[str, Any] = {"limit": limit, "offset": offset, "count": len(page), "total": len(results)}
    out["results"] = [view(ctx, p) for p in page]
    out["facets"] = facets
    return out


@route("ByProjectKeyProductProjectionsSearchGet", "ByProjectKeyProductProjectionsSearchPost")
def _search(ctx: Ctx) -> tuple[int, Any]:
    return 200, search(ctx)
