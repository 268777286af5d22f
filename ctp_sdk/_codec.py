"""Runtime support for the generated models: decoding errors, dates, lenient enums, subtype dispatch.

Generated code calls these; they are kept small because they sit on the decode hot path. Users meet
only `DecodeError` (re-exported from `ctp_sdk`).
"""

from __future__ import annotations

import datetime as _dt
import gc
import importlib
import json
import re
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from enum import EnumType, StrEnum
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from attrs import setters
from ctp_auth import CtpError

T = TypeVar("T")
_UTC = _dt.UTC


class DecodeError(CtpError):
    """A JSON value does not match its model.

    `model` is the outermost model being decoded, `path` the field path inside it
    (`("lineItems", 3, "price", "value", "centAmount")`), `reason` what was wrong. The message never
    contains the offending value, only its JSON type, so no payload data leaks into logs.
    """

    def __init__(self, model: str, path: tuple[str | int, ...], reason: str) -> None:
        self.model = model
        self.path = path
        self.reason = reason
        super().__init__(f"cannot decode {model} at {self.path_str or '<root>'}: {reason}")

    @property
    def path_str(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}


def json_type(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


class WrongType(TypeError):
    """Raised inside generated decoders; turned into a DecodeError with the field path."""


def wrong_type(expected: str, value: object) -> WrongType:
    return WrongType(f"expected {expected}, got {json_type(value)}")


def decode_error(
    model: str,
    key: str | int,
    exc: BaseException,
    src: object,
    items: Callable[[str | int], Callable[[Any], object] | None] | None = None,
) -> DecodeError:
    """Build the DecodeError for a failure while decoding field `key` of `model` from `src`.

    `items` gives the item decoder of a list field: generated code decodes lists inline (no call per
    list), so on failure the failing index is found here by decoding the items one by one again."""
    at: tuple[str | int, ...] = (key,) if key != "" else ()
    if items is not None and isinstance(src, Mapping) and isinstance(src.get(key), list):
        decode_item = items(key)
        if decode_item is not None:
            for index, item in enumerate(src[key]):
                try:
                    decode_item(item)
                except Exception as item_exc:
                    nested = _as_decode(index, item_exc)
                    return DecodeError(model, (*at, *nested.path), nested.reason)
    if isinstance(exc, DecodeError):
        return DecodeError(model, (*at, *exc.path), exc.reason)
    if isinstance(exc, WrongType):
        return DecodeError(model, at, str(exc))
    if not isinstance(src, Mapping):
        return DecodeError(model, (), f"expected object, got {json_type(src)}")
    if isinstance(exc, KeyError) and key not in src:
        return DecodeError(model, at, "required field is missing")
    if isinstance(exc, (TypeError, AttributeError)):
        return DecodeError(model, at, f"wrong type ({type(exc).__name__})")
    return DecodeError(model, at, f"invalid value ({type(exc).__name__}: {str(exc)[:120]})")


def each(fn: Callable[[Any], T], value: Any) -> list[T]:
    """Decode every item of a JSON array; on failure the error names the item's index."""
    if value.__class__ is not list:
        raise wrong_type("array", value)
    try:
        return [fn(item) for item in value]
    except Exception:
        for index, item in enumerate(value):
            try:
                fn(item)
            except Exception as exc:
                raise _as_decode(index, exc) from None
        raise


def each_value(fn: Callable[[Any], T], value: Any) -> dict[str, T]:
    """Decode every value of a JSON object used as a map; on failure the error names the key."""
    if value.__class__ is not dict:
        raise wrong_type("object", value)
    try:
        return {key: fn(item) for key, item in value.items()}
    except Exception:
        for key, item in value.items():
            try:
                fn(item)
            except Exception as exc:
                raise _as_decode(key, exc) from None
        raise


def _as_decode(index: str | int, exc: BaseException) -> DecodeError:
    """The failure of one item of an array or map, as a DecodeError whose path starts at the item; the
    enclosing model's `decode_error` then prefixes the field name and puts its own model name in front."""
    if isinstance(exc, DecodeError):
        return DecodeError(exc.model, (index, *exc.path), exc.reason)
    reason = str(exc) if isinstance(exc, WrongType) else f"invalid value ({type(exc).__name__})"
    return DecodeError("", (index,), reason)


def array(value: Any) -> list[Any]:
    """A JSON array of primitives, taken as is (not copied)."""
    if value.__class__ is not list:
        raise wrong_type("array", value)
    result: list[Any] = value
    return result


def obj(value: Any) -> dict[str, Any]:
    """A JSON object used as a map of plain values, taken as is (not copied)."""
    if value.__class__ is not dict:
        raise wrong_type("object", value)
    result: dict[str, Any] = value
    return result


def number(value: Any) -> float:
    if value.__class__ is float or value.__class__ is int:
        result: float = value
        return result
    raise wrong_type("number", value)


def masked(value: object) -> str:
    """repr of a credential field (password, secret, token): never the value itself."""
    return "None" if value is None else "'***'"


# --- JSON parsing -----------------------------------------------------------------------------------

_fast_loads: Callable[[bytes | str], Any] | None
try:  # `pip install ctp-sdk[speed]`: JSON is parsed with orjson (1.5-2x faster than `json` on pages)
    from orjson import loads as _fast_loads
except ImportError:  # the default: the standard library's parser
    _fast_loads = None


def parse_json(content: bytes | str) -> tuple[Any, str | None]:
    """`(value, None)`, or `(None, "malformed" | "nested")` for a document that is not JSON or nests too
    deeply. Never raises for bad input, so callers raise their own error without the parser's exception
    (which holds the whole document in `.doc`) riding along as `__context__`."""
    if _fast_loads is not None:
        try:
            return _fast_loads(content), None
        except ValueError:
            # The stdlib parser below decides: it accepts a few documents orjson rejects (NaN, integers
            # beyond 64 bits, UTF-16) and names the failure the same way with or without orjson.
            pass
    try:
        return json.loads(content), None
    except ValueError:
        return None, "malformed"
    except RecursionError:
        return None, "nested"


# --- garbage collector pause ----------------------------------------------------------------------

# Why: a decode allocates one object per JSON object and array, and CPython's cyclic GC runs a collection
# every 700 allocations, re-walking the young objects (and, as the heap grows, older generations). On a
# page of 100-500 products that took more time than the decoding itself (653 ms with the GC on, 219 ms
# with it paused). Decoded models hold no reference cycles, so nothing a decode allocates needs the cyclic
# collector: reference counting frees it all. `gc_pause`/`gc_resume` bracket every top-level `from_dict`
# (and the SDK's parse + decode of a response). The collector is process-wide, so the pause is counted:
# the first of any number of concurrent decodes (in any thread) disables it, the last one to finish
# re-enables it, and only if it was enabled when the first began. A program that calls `gc.disable()`
# itself keeps it disabled. Garbage cycles made by other threads meanwhile are collected after the pause;
# and since decodes overlapping in many threads could keep the count above zero indefinitely (a busy web
# server), a pause that has lasted MAX_GC_PAUSE seconds runs one collection when the next decode starts.
_pause_lock = threading.Lock()
_pauses = 0
_reenable = False
_paused_since = 0.0

MAX_GC_PAUSE = 1.0
"""Seconds the collector may stay paused by overlapping decodes before one collection is run anyway."""


def gc_pause() -> None:
    """Pause the cyclic garbage collector for one decode; every call must be paired with `gc_resume`
    (in a `finally`)."""
    global _pauses, _reenable, _paused_since
    overdue = False
    with _pause_lock:
        if not _pauses:
            _reenable = gc.isenabled()
            if _reenable:
                gc.disable()
                _paused_since = time.monotonic()
        elif _reenable and time.monotonic() - _paused_since >= MAX_GC_PAUSE:
            _paused_since = time.monotonic()
            overdue = True
        _pauses += 1
    if overdue:
        gc.collect()


def gc_resume() -> None:
    """End one `gc_pause`; the last one to end re-enables the collector if the first found it enabled."""
    global _pauses, _reenable
    with _pause_lock:
        _pauses -= 1
        if not _pauses and _reenable:
            _reenable = False
            gc.enable()


class _Unpaused(threading.local):
    depth = 0  # per thread; the class attribute is every thread's starting value


_unpaused = _Unpaused()


def decode_unpaused(decode: Callable[[int, Any], T], status: int, data: Any) -> T:
    """Run an endpoint's decoder with `from_dict`'s own GC pause switched off, in this thread only: for
    the send path, which pauses around parse + decode of a large body and not at all for a small one
    (every pause takes a lock that all threads share)."""
    _unpaused.depth += 1
    try:
        return decode(status, data)
    finally:
        _unpaused.depth -= 1


if TYPE_CHECKING:
    # Every concrete model is an attrs class, but the generated stubs declare their `__init__` instead of
    # using the checkers' attrs support (codegen/stub_inits.py says why). Their base is an attrs class for
    # type checkers only, so that `attrs.evolve` / `asdict` / `fields` accept every model.
    from attrs import define as _attrs_for_checkers
else:

    def _attrs_for_checkers(cls: type) -> type:
        return cls


@_attrs_for_checkers
class Model:
    """Base of every generated model class: the public `from_dict` / `to_dict`, each one GC pause (see
    `gc_pause`) around the generated `_decode` / `_encode`, which nested models call directly."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Decode the API's JSON (as returned by `json.loads`). Raises `ctp_sdk.DecodeError`.

        The cyclic garbage collector is paused while it runs (see `ctp_sdk._codec.gc_pause`)."""
        if _unpaused.depth:
            return cls._decode(src)  # the SDK's response decode, which decided about the pause itself
        gc_pause()
        try:
            return cls._decode(src)
        finally:
            gc_resume()

    @classmethod
    def from_json(cls, content: bytes | str) -> Self:
        """Parse and decode a JSON document (a stored export, a webhook body), with orjson when installed
        (`ctp-sdk[speed]`), the GC paused over both. Raises `ctp_sdk.DecodeError`, also for bad JSON."""
        gc_pause()
        try:
            data, failure = parse_json(content)
            if failure is None:
                return cls._decode(data)
        finally:
            gc_resume()
        reason = "JSON nested too deeply to parse" if failure == "nested" else "malformed JSON"
        raise DecodeError(cls.__name__, (), reason)

    def to_dict(self) -> dict[str, Any]:
        """Encode to the API's JSON shape (dicts, lists, strings, numbers; ready for `json.dumps`).

        The cyclic garbage collector is paused while it runs (see `ctp_sdk._codec.gc_pause`)."""
        gc_pause()
        try:
            return self._encode()
        finally:
            gc_resume()

    @classmethod
    def _decode(cls, src: Mapping[str, Any]) -> Self:
        raise NotImplementedError  # generated in every model

    def _encode(self) -> dict[str, Any]:
        raise NotImplementedError  # generated in every model


# --- dates ------------------------------------------------------------------------------------------


def _isoparse() -> Callable[[str], _dt.datetime]:
    """dateutil's ISO parser, imported on first need: only forms `fromisoformat` rejects reach it, and
    importing it costs ~8 ms, a tenth of `import ctp_sdk`."""
    from dateutil.parser import isoparse

    return isoparse  # type: ignore[no-any-return]


def parse_datetime(value: Any) -> _dt.datetime:
    """ISO-8601 date-time; stdlib fast path, dateutil for the forms `fromisoformat` rejects."""
    if value.__class__ is not str:
        raise wrong_type("date-time string", value)
    try:
        parsed = _dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = _isoparse()(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


# Why tables and a cache, not `isoformat(timespec="milliseconds")`: that formats through C printf twice
# (the fields, then the UTC offset) and cost ~17,000 CPU instructions per call, a sixth of `to_dict` on a
# product page with a date per price; this costs ~5,000. Dates repeat (a page's prices and timestamps
# fall on few days), so `YYYY-MM-DD` is cached by day; the cache is emptied when it grows large. The
# digit tables are built on first use, not at import (`import ctp_sdk` imports this module).
_TWO_DIGITS: tuple[str, ...] = ()
_THREE_DIGITS: tuple[str, ...] = ()
_days: dict[int, str] = {}
_MAX_DAYS = 4096


def _day(value: _dt.datetime) -> str:
    """`YYYY-MM-DD` of a day not in the cache, now cached."""
    global _TWO_DIGITS, _THREE_DIGITS
    if not _THREE_DIGITS:
        _TWO_DIGITS = tuple([f"{i:02d}" for i in range(100)])
        _THREE_DIGITS = tuple([f"{i:03d}" for i in range(1000)])
    if len(_days) >= _MAX_DAYS:
        _days.clear()
    date = _days[value.toordinal()] = value.date().isoformat()
    return date


def format_datetime(value: _dt.datetime) -> str:
    """The API's canonical form: UTC, millisecond precision, trailing Z (`2024-01-31T09:30:00.000Z`).
    A naive datetime is taken to be UTC."""
    # `tzinfo is _UTC` first: every decoded datetime carries it, and `utcoffset()` is a call.
    tz = value.tzinfo
    if tz is not _UTC and tz is not None and value.utcoffset():
        value = value.astimezone(_UTC)
    date = _days.get(value.toordinal()) or _day(value)
    two = _TWO_DIGITS  # read after `_day`, which builds the tables on the first call
    millis = _THREE_DIGITS[value.microsecond // 1000]
    return f"{date}T{two[value.hour]}:{two[value.minute]}:{two[value.second]}.{millis}Z"


def parse_date(value: Any) -> _dt.date:
    if value.__class__ is not str:
        raise wrong_type("date string", value)
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        parsed: _dt.datetime = _isoparse()(value)
        return parsed.date()


def parse_time(value: Any) -> _dt.time:
    if value.__class__ is not str:
        raise wrong_type("time string", value)
    return _dt.time.fromisoformat(value)


def format_time(value: _dt.time) -> str:
    """`HH:MM:SS.mmm`, the API's time-only form."""
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"


# --- enums ------------------------------------------------------------------------------------------


# Generated models convert enum fields in `__init__` only: an on_setattr hook would put a Python-level
# `__setattr__` on every slot that `_decode` fills.
NO_HOOKS = setters.NO_OP


def _old_member_name(value: str) -> str:
    """The name the generator gave a member before names were split into words (0.1.0):
    the value upper-cased, only separators turned into `_` (`MergeWithExistingCustomerCart` ->
    MERGEWITHEXISTINGCUSTOMERCART, `SetType.DateType` -> SETTYPE_DATETYPE)."""
    kept = "".join(c for c in value.upper() if c.isidentifier() or c.isdecimal() or c in ". _-")
    return "_".join(re.findall(r"[^. _-]+", kept))


class _CtpEnumType(EnumType):
    if not TYPE_CHECKING:  # type checkers must keep rejecting the old names: that is how users find them

        def __getattr__(cls, name: str) -> Any:
            # Only called when normal lookup failed. Python 3.11's own EnumType.__getattr__ (gone in 3.12)
            # looked members up here; dunder and private names stay plain misses.
            if name.startswith("_"):
                raise AttributeError(name)
            found = cls._member_map_.get(name)
            if found is not None:
                return found
            for member in cls._member_map_.values():
                if member._name_ != name and _old_member_name(member._value_) == name:
                    warnings.warn(
                        f"{cls.__name__}.{name} is now {cls.__name__}.{member._name_} (enum members are named "
                        "by the words of their value); the old name will be removed in a later release",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    return member
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class CtpEnum(StrEnum, metaclass=_CtpEnumType):
    """Base of every generated enum. commercetools adds enum values without notice: a value this SDK
    does not know decodes to a pseudo-member (`CartState("Archived")`, not in `list(CartState)`) that
    keeps and re-emits the value, instead of failing the whole response."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        # Cache so that the same unknown value decodes to the same object (`is` and `==` both hold).
        return cls._value2member_map_.setdefault(value, member)

    def __str__(self) -> str:
        return self._value_

    @property
    def is_known(self) -> bool:
        """False for a value added to the API after this SDK was generated."""
        return self._name_ in type(self).__members__


# --- polymorphism -----------------------------------------------------------------------------------


class Subtypes(Generic[T]):
    """A discriminated base's concrete classes by discriminator value, imported on first use."""

    __slots__ = ("_cache", "_package", "_table", "decoders", "property")

    def __init__(self, package: str, prop: str, table: dict[str, str]) -> None:
        self._package = package
        self.property = prop
        self._table = table  # value -> "module:Class"
        self._cache: dict[str, type[T]] = {}
        # value -> the class's bound `_decode`, filled by `decoder`. A discriminated base's `_decode`
        # reads this dict inline (no call into `decoder` once a value has been seen): dispatching a
        # TypedMoney to CentPrecisionMoney cost two calls and a bound method per object before.
        self.decoders: dict[str, Callable[[Any], T]] = {}

    def get(self, src: Any) -> type[T] | None:
        """The class for `src`'s discriminator value, or None (unknown value, or not an object)."""
        try:
            value = src[self.property]
            return self._cache[value]
        except (KeyError, TypeError, IndexError):
            pass
        try:
            target = self._table.get(src[self.property])
        except (KeyError, TypeError, IndexError):
            return None
        if target is None:
            return None
        module, _, name = target.partition(":")
        cls: type[T] = getattr(importlib.import_module(f"{self._package}.{module}"), name)
        self._cache[src[self.property]] = cls
        return cls

    def decoder(self, src: Any, owner: type[Any] | None = None) -> Callable[[Any], T] | None:
        """The `_decode` of the class for `src`'s discriminator value, or None (as `get`). Also None when
        the value names `owner`, the base whose `_decode` asks: a spec may map a concrete base's own value
        to the base itself, and that base decodes it in place (dispatching would call itself forever)."""
        cls = self.get(src)
        if cls is None or cls is owner:
            return None
        decode: Callable[[Any], T] = cls._decode  # type: ignore[attr-defined]
        self.decoders[src[self.property]] = decode
        return decode

    def values(self) -> list[str]:
        return sorted(self._table)


def pick(arms: Subtypes[T], value: Any) -> T:
    """Decode a `oneOf` value: its discriminator picks the arm (a dict lookup, never trial and error)."""
    try:
        decode = arms.decoders[value[arms.property]]
    except Exception:  # not an object, no or an unhashable discriminator, or a value not seen yet
        decode = arms.decoder(value)  # type: ignore[assignment]
        if decode is None:
            if value.__class__ is not dict:
                raise wrong_type("object", value) from None
            raise WrongType(f"{arms.property} must be one of {arms.values()}") from None
    return decode(value)
