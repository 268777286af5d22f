"""Query predicates (`where`), `sort` and `expand`, evaluated over resources stored as JSON dicts.

Predicate grammar (commercetools' query predicate language, case-insensitive keywords)::

    expr       := and ("or" and)*
    and        := unary ("and" unary)*
    unary      := "not" "(" expr ")" | "(" expr ")" | field
    field      := NAME "(" expr ")"                          nested object / localized / any array item
                | NAME op value                             op: = != <> < <= > >=
                | NAME ["not"] "in" ( "(" value, ... ")" | :var )
                | NAME "is" ["not"] ("defined" | "empty")
                | NAME "contains" ["any" | "all"] ( "(" value, ... ")" | value )
    value      := "string" | number | true | false | :var    (:var = the `var.<name>` query parameter)

A field that holds an array matches when any item matches (`lineItems(quantity > 1)`,
`categories(id = "...")`). Dates compare as instants, so `createdAt > "2024-01-01T00:00:00Z"` works
whatever the stored precision. Geo predicates (`within circle`) answer 501.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._errors import ApiFailure, invalid_input, not_implemented

JSON = Any

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"(?:[^"\\]|\\.)*")
      | (?P<num>-?\d+(?:\.\d+)?(?![\w-]))
      | (?P<var>:[A-Za-z_][\w]*)
      | (?P<op><>|!=|<=|>=|=|<|>)
      | (?P<punct>[(),])
      | (?P<name>[A-Za-z_][\w-]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "defined", "empty", "contains", "any", "all", "true", "false", "within"}


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # str num var op punct name kw end
    text: str
    value: Any = None


def _tokenize(source: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            raise _syntax(source, f"unexpected character at position {pos}")
        pos = m.end()
        kind = m.lastgroup or ""
        text = m.group(kind)
        if kind == "str":
            out.append(Tok("str", text, re.sub(r"\\(.)", r"\1", text[1:-1])))
        elif kind == "num":
            out.append(Tok("num", text, float(text) if "." in text else int(text)))
        elif kind == "name" and text.lower() in _KEYWORDS:
            out.append(Tok("kw", text.lower()))
        else:
            out.append(Tok(kind, text))
    out.append(Tok("end", ""))
    return out


def _syntax(source: str, why: str) -> ApiFailure:
    return invalid_input(f"Malformed parameter: where: Syntax error while parsing 'where'. {why}. Query: {source}")


# AST nodes are tuples to keep evaluation cheap:
#   ("or", [nodes]) ("and", [nodes]) ("not", node) ("nested", name, node)
#   ("cmp", name, op, value) ("in", name, negated, values) ("defined", name, negated)
#   ("empty", name, negated) ("contains", name, mode, values)
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, source: str, variables: Mapping[str, Sequence[str]]) -> None:
        self.source = source
        self.toks = _tokenize(source)
        self.i = 0
        self.vars = variables

    def peek(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str, text: str | None = None) -> Tok:
        tok = self.take()
        if tok.kind != kind or (text is not None and tok.text.lower() != text):
            want = text or kind
            raise _syntax(self.source, f"expected {want!r} but found {tok.text or 'end of input'!r}")
        return tok

    def is_kw(self, *words: str) -> bool:
        tok = self.peek()
        return tok.kind == "kw" and tok.text in words

    def parse(self) -> Node:
        node = self.expr()
        if self.peek().kind != "end":
            raise _syntax(self.source, f"unexpected {self.peek().text!r}")
        return node

    def expr(self) -> Node:
        items = [self.conj()]
        while self.is_kw("or"):
            self.take()
            items.append(self.conj())
        return items[0] if len(items) == 1 else ("or", items)

    def conj(self) -> Node:
        items = [self.unary()]
        while self.is_kw("and"):
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else ("and", items)

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "kw" and tok.text == "not" and self.toks[self.i + 1].text == "(":
            self.take()
            self.expect("punct", "(")
            inner = self.expr()
            self.expect("punct", ")")
            return ("not", inner)
        if tok.kind == "punct" and tok.text == "(":
            self.take()
            inner = self.expr()
            self.expect("punct", ")")
            return inner
        return self.field()

    def field(self) -> Node:
        tok = self.take()
        if tok.kind not in ("name", "kw"):
            raise _syntax(self.source, f"expected a field name but found {tok.text or 'end of input'!r}")
        name = tok.text
        nxt = self.peek()
        if nxt.kind == "punct" and nxt.text == "(":
            self.take()
            inner = self.expr()
            self.expect("punct", ")")
            return ("nested", name, inner)
        if nxt.kind == "op":
            self.take()
            op = "!=" if nxt.text == "<>" else nxt.text
            return ("cmp", name, op, self.value())
        if nxt.kind == "kw":
            word = self.take().text
            if word == "not" and self.is_kw("in"):
                self.take()
                return ("in", name, True, self.values())
            if word == "in":
                return ("in", name, False, self.values())
            if word == "is":
                negated = False
                if self.is_kw("not"):
                    self.take()
                    negated = True
                what = self.take()
                if what.kind == "kw" and what.text == "defined":
                    return ("defined", name, negated)
                if what.kind == "kw" and what.text == "empty":
                    return ("empty", name, negated)
                raise _syntax(self.source, f"expected 'defined' or 'empty' after 'is', found {what.text!r}")
            if word == "contains":
                mode = "one"
                if self.is_kw("any", "all"):
                    mode = self.take().text
                    return ("contains", name, mode, self.values())
                return ("contains", name, mode, [self.value()])
            if word == "within":
                raise not_implemented("Geo predicate 'within'")
        raise _syntax(self.source, f"unexpected {nxt.text or 'end of input'!r} after field {name!r}")

    def value(self) -> Any:
        tok = self.take()
        if tok.kind in ("str", "num"):
            return tok.value
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return tok.text == "true"
        if tok.kind == "var":
            values = self.variable(tok.text[1:])
            if len(values) != 1:
                raise invalid_input(f"Malformed parameter: where: variable {tok.text} must have exactly one value")
            return _Var(values[0])
        raise _syntax(self.source, f"expected a value but found {tok.text or 'end of input'!r}")

    def values(self) -> list[Any]:
        if self.peek().kind == "var":
            return [_Var(v) for v in self.variable(self.take().text[1:])]
        self.expect("punct", "(")
        items = [self.value()]
        while self.peek().text == ",":
            self.take()
            items.append(self.value())
        self.expect("punct", ")")
        return items

    def variable(self, name: str) -> Sequence[str]:
        values = self.vars.get(name)
        if not values:
            raise invalid_input(
                f"Malformed parameter: where: the predicate variable '{name}' has no value (send var.{name}=...)"
            )
        return values


class _Var(str):
    """A predicate variable's value: a string the comparison may read as a number or boolean."""


def parse_predicate(source: str, variables: Mapping[str, Sequence[str]] | None = None) -> Node:
    """Parse one `where` predicate; raises a 400 `InvalidInput` ApiFailure on syntax errors."""
    if not source.strip():
        raise _syntax(source, "empty predicate")
    return _Parser(source, variables or {}).parse()


def matches(node: Node, obj: JSON) -> bool:
    """Does resource (or nested object) `obj` satisfy predicate `node`?"""
    kind = node[0]
    if kind == "or":
        return any(matches(n, obj) for n in node[1])
    if kind == "and":
        return all(matches(n, obj) for n in node[1])
    if kind == "not":
        return not matches(node[1], obj)
    value = obj.get(node[1]) if isinstance(obj, dict) else None
    if kind == "nested":
        if isinstance(value, list):
            return any(matches(node[2], item) for item in value)
        return isinstance(value, dict) and matches(node[2], value)
    if kind == "defined":
        return bool((value is not None) != node[2])
    if kind == "empty":
        return bool((isinstance(value, list | dict | str) and len(value) == 0) != node[2])
    if kind == "cmp":
        op, expected = node[2], node[3]
        if isinstance(value, list):
            if op == "!=":
                return all(_compare(item, "!=", expected) for item in value)
            return any(_compare(item, op, expected) for item in value)
        return _compare(value, op, expected)
    if kind == "in":
        items = value if isinstance(value, list) else [value]
        found = any(_compare(item, "=", exp) for item in items for exp in node[3])
        return bool(found != node[2])
    if kind == "contains":
        items = value if isinstance(value, list) else []
        hits = [any(_compare(item, "=", exp) for item in items) for exp in node[3]]
        return all(hits) if node[2] == "all" else any(hits)
    raise AssertionError(kind)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _coerce(actual: Any, expected: Any) -> Any:
    if isinstance(expected, _Var):
        if isinstance(actual, bool):
            return expected == "true" if expected in ("true", "false") else str(expected)
        if isinstance(actual, int | float):
            try:
                return float(expected) if "." in expected else int(expected)
            except ValueError:
                return str(expected)
        return str(expected)
    return expected


def _instant(text: str) -> dt.datetime | None:
    if not _DATE.match(text):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _compare(actual: Any, op: str, expected: Any) -> bool:
    expected = _coerce(actual, expected)
    if actual is None:
        return op == "!="
    if isinstance(actual, bool) or isinstance(expected, bool):
        if not (isinstance(actual, bool) and isinstance(expected, bool)):
            return op == "!="
    elif isinstance(actual, int | float) and isinstance(expected, int | float):
        pass
    elif isinstance(actual, str) and isinstance(expected, str):
        a_instant, e_instant = _instant(actual), _instant(expected)
        if a_instant is not None and e_instant is not None:
            actual, expected = a_instant, e_instant
    else:
        return op == "!="
    if op == "=":
        return bool(actual == expected)
    if op == "!=":
        return bool(actual != expected)
    if isinstance(actual, bool):
        return False
    if op == "<":
        return bool(actual < expected)
    if op == "<=":
        return bool(actual <= expected)
    if op == ">":
        return bool(actual > expected)
    return bool(actual >= expected)


# -- sort --------------------------------------------------------------------------------------

_SORT = re.compile(r"^\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*(?:\s(asc|desc))?\s*$", re.IGNORECASE)


def parse_sort(specs: Sequence[str]) -> list[tuple[list[str], bool]]:
    """`["name.en asc", "createdAt desc"]` -> [(path, descending)]; malformed -> 400 InvalidInput."""
    out: list[tuple[list[str], bool]] = []
    for spec in specs:
        m = _SORT.match(spec)
        if m is None:
            raise invalid_input(f"Malformed parameter: sort: Invalid sort expression '{spec}'.")
        out.append((m.group(1).split("."), (m.group(2) or "asc").lower() == "desc"))
    return out


def _path_value(obj: JSON, path: list[str]) -> Any:
    for part in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


class _Key:
    """Sort key: missing values first (ascending), then by type rank, then value."""

    __slots__ = ("rank", "value")

    rank: int
    value: Any

    def __init__(self, value: Any) -> None:
        if value is None:
            self.rank, self.value = 0, 0
        elif isinstance(value, bool):
            self.rank, self.value = 1, int(value)
        elif isinstance(value, int | float):
            self.rank, self.value = 2, value
        elif isinstance(value, str):
            self.rank, self.value = 3, value
        else:
            self.rank, self.value = 4, str(value)

    def __lt__(self, other: _Key) -> bool:
        if self.rank != other.rank:
            return self.rank < other.rank
        return bool(self.value < other.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.rank == other.rank and self.value == other.value

    __hash__ = None  # type: ignore[assignment]


def _sort_key(path: list[str]) -> Callable[[JSON], _Key]:
    return lambda item: _Key(_path_value(item, path))


def sort_resources(items: list[JSON], specs: list[tuple[list[str], bool]]) -> list[JSON]:
    """Stable multi-key sort: the last spec applied first."""
    out = list(items)
    for path, descending in reversed(specs):
        out.sort(key=_sort_key(path), reverse=descending)
    return out


# -- expand ------------------------------------------------------------------------------------

Resolver = Callable[[str, str], JSON | None]
_EXPAND_PART = re.compile(r"^([A-Za-z_][\w-]*)(?:\[(\*|\d+)\])?$")


def _is_reference(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("typeId"), str) and isinstance(value.get("id"), str)


def expand(resource: JSON, path: str, resolve: Resolver) -> None:
    """Attach `obj` to the references `path` names (`parent`, `ancestors[*]`, `lineItems[*].x`)."""
    parts: list[tuple[str, str | None]] = []
    for raw in path.strip().split("."):
        m = _EXPAND_PART.match(raw)
        if m is None:
            raise invalid_input(f"Malformed parameter: expand: Invalid expansion path '{path}'.")
        parts.append((m.group(1), m.group(2)))
    _expand(resource, parts, resolve)


def _attach(ref: dict[str, Any], resolve: Resolver) -> dict[str, Any] | None:
    if "obj" not in ref:
        target = resolve(ref["typeId"], ref["id"])
        if target is None:
            return None
        ref["obj"] = target
    obj: dict[str, Any] = ref["obj"]
    return obj


def _expand(node: JSON, parts: list[tuple[str, str | None]], resolve: Resolver) -> None:
    if _is_reference(node):
        target = _attach(node, resolve)
        if target is None or not parts:
            return
        node = target
    if not parts or not isinstance(node, dict):
        return
    (name, index), rest = parts[0], parts[1:]
    child = node.get(name)
    if isinstance(child, list):
        chosen = child if index is None or index == "*" else child[int(index) : int(index) + 1]
        for item in chosen:
            _expand(item, rest, resolve)
    elif child is not None:
        _expand(child, rest, resolve)
