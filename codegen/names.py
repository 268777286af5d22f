"""Python names for what the spec names: enum members and fields/parameters.

Two rules, applied to every API the generator covers:

- **Enum members** are the wire value's words, upper-cased and joined by `_`. Words split on separators
  (anything not a letter or digit: `product-type`, `read_orders`, `SetType.DateType`) and on case
  boundaries (`MergeWithExistingCustomerCart` -> MERGE_WITH_EXISTING_CUSTOMER_CART); an upper-case run
  is one word and ends before a capitalised word (`HTTPServer` -> HTTP_SERVER, `ISOCode` -> ISO_CODE);
  digits stay with the word before them (`southeast1`, `CZK0`) and a capital after digits starts a
  word (`Http2Server` -> HTTP2_SERVER). A name that would not start with a letter gets `VALUE_`; two
  values with the same words (`product-type`, `productType`) are told apart by `_2`, `_3`... in the
  order the spec lists them. The stock generator upper-cased the value as it was
  (`MERGEWITHEXISTINGCUSTOMERCART` beside `PRODUCT_TYPE`): unreadable, and inconsistent.
- **Fields and parameters** keep the API's name in snake case (`filter`, `type`, `format`, `id`); only
  real keywords (`from`, `in`, `class`...) get a trailing `_`. The stock generator also suffixed every
  builtin's name (`filter_`, `type_`), which users then had to guess. A few builtins stay reserved
  because generated class bodies name them in annotations (a field called `str` would shadow the type
  of every later `str` field for mypy and pyright).
"""

from __future__ import annotations

import builtins
import contextlib
import re
from collections.abc import Iterator
from typing import Any

from openapi_python_client import strings

# Words of one separator-free chunk: an upper-case run not followed by a lower-case letter (HTTP in
# HTTPServer), a capitalised or lower-case word, then any digits; or digits then lower-case letters (2nd).
_WORD = re.compile(r"[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+[a-z]*")


def enum_words(value: str) -> list[str]:
    return [w for chunk in re.split(r"[^A-Za-z0-9]+", value) for w in _WORD.findall(chunk)]


def enum_member_name(value: str) -> str:
    """The member name of one wire value (before making names unique within their enum)."""
    name = "_".join(enum_words(value)).upper()
    if not name:
        return "VALUE"
    return name if name[0].isalpha() else f"VALUE_{name}"


def enum_member_names(values: list[str]) -> list[str]:
    """Member names of an enum's values, in the same order, unique within the enum."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        base = name = enum_member_name(value)
        n = 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        out.append(name)
    return out


def name_enums(spec: dict[str, Any]) -> int:
    """Give every string enum of the spec (schemas, properties, parameters) its member names as
    `x-enum-varnames`, which openapi-python-client uses instead of its own. Returns how many enums."""
    count = 0

    def walk(node: Any) -> None:
        nonlocal count
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        values = node.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            node["x-enum-varnames"] = enum_member_names(values)
            count += 1
        for key, child in node.items():
            if key not in ("example", "examples", "enum", "default"):  # payloads, not schemas
                walk(child)

    walk(spec)
    return count


# Builtins our generated class bodies use in annotations, plus the generator's own (`self`,
# `datetime` is a module the models import) and capitalised builtins (class names go through the same
# check: a schema called `Warning` must not shadow the builtin).
_ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object"})
RESERVED = (
    frozenset({"self", "true", "false", "datetime"})
    | _ANNOTATION_BUILTINS
    | frozenset(name for name in dir(builtins) if not name.islower())
)


@contextlib.contextmanager
def api_names() -> Iterator[None]:
    """While generating: openapi-python-client suffixes only keywords and `RESERVED` with `_`."""
    saved = strings.RESERVED_WORDS
    strings.RESERVED_WORDS = set(RESERVED)
    try:
        yield
    finally:
        strings.RESERVED_WORDS = saved
