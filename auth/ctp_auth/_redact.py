"""Keep secrets out of reprs, exception messages and logs."""

from __future__ import annotations

from collections.abc import Iterable

# Below this length even a 4 character prefix gives too much of the value away.
_MIN_LEN_FOR_PREFIX = 16
_PREFIX_LEN = 4


def mask(secret: str | None) -> str:
    """A masked form of ``secret``: at most a 4 character prefix, never the value itself."""
    if secret is None:
        return "None"
    if len(secret) < _MIN_LEN_FOR_PREFIX:
        return "'***'"
    return f"'{secret[:_PREFIX_LEN]}***'"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each non-empty secret replaced by ``***``."""
    # Longest first so a secret containing another is removed whole.
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
