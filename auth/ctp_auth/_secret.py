"""``Secret``: a string that never shows itself in a repr, a str(), a log line or a rendered traceback."""

from __future__ import annotations

import hmac
from typing import final

__all__ = ["Secret", "reveal"]


@final
class Secret:
    """Holds a client secret, password or token; ``repr``/``str``/f-strings show ``***``.

    Debuggers, ``traceback.TracebackException(..., capture_locals=True)``, logging of an object graph
    and error reports call ``repr()`` on whatever they meet: a plain ``str`` would print itself. Code
    that needs the value calls ``reveal()``, at the last moment, where it goes on the wire.

    Equality compares values in constant time; a Secret pickles (to hand a config to a worker process),
    so treat pickled bytes as secret too.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        plain = value.reveal() if isinstance(value, Secret) else value
        if not isinstance(plain, str):
            raise TypeError(f"a Secret holds a str, not {type(plain).__name__}")
        object.__setattr__(self, "_value", plain)

    def reveal(self) -> str:
        """The secret value itself: only for putting it on the wire."""
        value: str = object.__getattribute__(self, "_value")
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, self.reveal()))

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self.reveal(),))


def reveal(value: str | Secret) -> str:
    """The plain value of a ``str`` or ``Secret`` (APIs accept either)."""
    return value.reveal() if isinstance(value, Secret) else value
