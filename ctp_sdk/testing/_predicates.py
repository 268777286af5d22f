"""Cart and line-item predicates of cart discounts, discount codes and shipping methods.

The subset the documentation's examples use (https://docs.commercetools.com/api/predicates/
predicate-operators): `and` / `or` / `not`, parentheses, `=`, `!=` / `<>`, `<`, `<=`, `>`, `>=`,
`contains`, `contains any` / `contains all`, `in (...)`, `is defined` / `is not defined`; literals
(numbers, strings, `true` / `false`, money as `"10.00 EUR"`); dotted field paths read from the JSON
being tested (`country`, `customer.email`, `shippingAddress.country`, `sku`, `product.id`,
`price.centAmount`, `attributes.<name>`, `categories.id`); and the cart functions `lineItemTotal`,
`lineItemCount`, `lineItemNetTotal`, `lineItemGrossTotal`, `lineItemExists`, `customLineItemTotal`.

Anything outside it answers 501 naming the predicate: a discount silently never (or always)
applied would be worse than no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ._errors import ApiFailure, not_implemented

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><>|!=|<=|>=|=|<|>)|(?P<punct>[(),])"""
    r"""|(?P<word>[A-Za-z_][\w.\-]*))"""
)
_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)\s+([A-Z]{3})$")

Node = Callable[[dict[str, Any]], Any]
Functions = dict[str, Callable[[dict[str, Any], Node], Any]]


class _Unsupported(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise _Unsupported(text[pos:])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Money:
    def __init__(self, cents: int, currency: str) -> None:
        self.cents, self.currency = cents, currency


def money_literal(text: str, digits: int = 2) -> _Money | None:
    m = _MONEY.match(text)
    if m is None:
        return None
    return _Money(int(Decimal(m.group(1)) * (10**digits)), m.group(2))


def _read(obj: Any, path: str) -> Any:
    current: Any = obj
    for part in path.split("."):
        if isinstance(current, list):
            current = [_read(item, part) for item in current]
            continue
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


class _Parser:
    def __init__(self, text: str, functions: Functions, fields: Callable[[dict[str, Any], str], Any]) -> None:
        self.toks = _tokens(text)
        self.i = 0
        self.functions = functions
        self.fields = fields

    def peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("", "")

    def word(self, *words: str) -> bool:
        kind, text = self.peek()
        if kind == "word" and text.lower() in words:
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if self.peek()[1] != text:
            raise _Unsupported(f"expected {text}")
        self.i += 1

    def parse(self) -> Node:
        node = self.disjunction()
        if self.i != len(self.toks):
            raise _Unsupported("trailing input")
        return node

    def disjunction(self) -> Node:
        left = self.conjunction()
        while self.word("or"):
            right = self.conjunction()
            left = (lambda a, b: lambda o: bool(a(o)) or bool(b(o)))(left, right)
        return left

    def conjunction(self) -> Node:
        left = self.negation()
        while self.word("and"):
            right = self.negation()
            left = (lambda a, b: lambda o: bool(a(o)) and bool(b(o)))(left, right)
        return left

    def negation(self) -> Node:
        if self.word("not"):
            inner = self.negation()
            return lambda o: not inner(o)
        return self.comparison()

    def comparison(self) -> Node:
        if self.peek()[1] == "(":
            self.i += 1
            inner = self.disjunction()
            self.expect(")")
            return inner
        left = self.operand()
        kind, text = self.peek()
        if kind == "op":
            self.i += 1
            right = self.operand()
            return _compare(text, left, right)
        if self.word("is"):
            negate = self.word("not")
            if not self.word("defined", "empty"):
                raise _Unsupported("is ...")
            return lambda o: (left(o) is not None) != negate
        if self.word("contains"):
            mode = "any" if self.word("any") else "all" if self.word("all") else ""
            right = self.list_or_operand()
            return _contains(mode, left, right)
        if self.word("in"):
            right = self.list_or_operand()
            return lambda o: left(o) in (right(o) or [])
        if kind == "" or text in (")",) or (kind == "word" and text.lower() in ("and", "or")):
            return lambda o: left(o) is True
        raise _Unsupported(text)

    def list_or_operand(self) -> Node:
        if self.peek()[1] != "(":
            return self.operand()
        self.i += 1
        items: list[Node] = []
        while self.peek()[1] != ")":
            items.append(self.operand())
            if self.peek()[1] == ",":
                self.i += 1
        self.i += 1
        return lambda o: [item(o) for item in items]

    def operand(self) -> Node:
        kind, text = self.peek()
        self.i += 1
        if kind == "num":
            number = Decimal(text)
            return lambda o: number
        if kind == "str":
            raw = text[1:-1].replace('\\"', '"')
            money = money_literal(raw)
            return (lambda o: money) if money is not None else (lambda o: raw)
        if kind == "word":
            if text.lower() in ("true", "false"):
                value = text.lower() == "true"
                return lambda o: value
            if self.peek()[1] == "(" and text in self.functions:
                self.i += 1
                inner = self.disjunction() if self.peek()[1] != ")" else (lambda o: True)
                self.expect(")")
                function = self.functions[text]
                return lambda o: function(o, inner)
            fields = self.fields
            return lambda o: fields(o, text)
        raise _Unsupported(text)


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, dict) and "centAmount" in value and "currencyCode" in value:
        return _Money(int(value["centAmount"]), str(value["currencyCode"]))
    if isinstance(value, dict) and "key" in value and "label" in value:
        return value["key"]
    return value


def _compare(op: str, left: Node, right: Node) -> Node:
    def test(o: dict[str, Any]) -> bool:
        a, b = _plain(left(o)), _plain(right(o))
        if isinstance(a, list) and op in ("=", "!=", "<>"):
            return (b in a) == (op == "=")
        if isinstance(a, _Money) or isinstance(b, _Money):
            if not (isinstance(a, _Money) and isinstance(b, _Money)) or a.currency != b.currency:
                return False
            a, b = a.cents, b.cents
        if a is None or b is None:
            return op in ("!=", "<>") and a != b
        try:
            return bool(
                {
                    "=": a == b,
                    "!=": a != b,
                    "<>": a != b,
                    "<": a < b,
                    "<=": a <= b,
                    ">": a > b,
                    ">=": a >= b,
                }[op]
            )
        except TypeError:
            return False

    return test


def _contains(mode: str, left: Node, right: Node) -> Node:
    def test(o: dict[str, Any]) -> bool:
        have = left(o)
        have_list = [_plain(v) for v in have] if isinstance(have, list) else [_plain(have)]
        want = right(o)
        wanted = [_plain(v) for v in want] if isinstance(want, list) else [_plain(want)]
        if mode == "any":
            return any(w in have_list for w in wanted)
        return all(w in have_list for w in wanted)

    return test


def compile_predicate(text: str, functions: Functions, fields: Callable[[dict[str, Any], str], Any], what: str) -> Node:
    """The predicate as a function of the JSON it tests; 400 for malformed, 501 outside the subset."""
    if not isinstance(text, str) or not text.strip():
        raise ApiFailure(400, "InvalidInput", f"The {what} predicate is empty.")
    try:
        return _Parser(text, functions, fields).parse()
    except _Unsupported:
        raise not_implemented(f"The {what} predicate {text!r}") from None


def read_field(obj: dict[str, Any], path: str) -> Any:
    """A dotted field of a cart or line item as predicates name it."""
    return _read(obj, path)
