"""Keep secrets out of reprs, exception messages and logs: the one redaction path of ctp_auth and ctp_sdk."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from ctp_auth._secret import Secret, reveal

__all__ = ["mask", "redact_url", "scrub", "secret_forms"]

# Below this length even a 4 character prefix gives too much of the value away.
_MIN_LEN_FOR_PREFIX = 16
_PREFIX_LEN = 4

# `password-token=<token>` and `email-token=<token>` path segments (as sent: percent-escaped).
_SECRET_SEGMENT = re.compile(r"((?:password|email)-token=)[^/?#\s\"']+")


def mask(secret: str | Secret | None) -> str:
    """A masked form of ``secret``: at most a 4 character prefix, never the value itself."""
    if secret is None:
        return "None"
    value = reveal(secret)
    if len(value) < _MIN_LEN_FOR_PREFIX:
        return "'***'"
    return f"'{value[:_PREFIX_LEN]}***'"


def secret_forms(secret: str | Secret) -> set[str]:
    """The ways ``secret`` can be echoed back by a server: as is, form- or URL-encoded, JSON-escaped."""
    value = reveal(secret)
    if not value:
        return set()
    return {value, quote_plus(value), quote(value, safe=""), json.dumps(value)[1:-1]}


def basic_credentials_forms(client_id: str, client_secret: str | Secret) -> set[str]:
    """``client_id:secret`` and its base64 (the HTTP Basic header value) in every form a server echoes."""
    pair = f"{client_id}:{reveal(client_secret)}"
    encoded = base64.b64encode(pair.encode()).decode()
    return {*secret_forms(pair), encoded, encoded.rstrip("=")}


def scrub(text: str, secrets: Iterable[str | Secret]) -> str:
    """``text`` with every occurrence of each non-empty secret (in every echoed form) replaced by ``***``."""
    forms: set[str] = set()
    for secret in secrets:
        forms |= secret_forms(secret)
    # Longest first so a secret containing another is removed whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text


def redact_url(text: str) -> str:
    """``text`` with the values of secret path segments (password and email tokens) replaced by ``***``."""
    return _SECRET_SEGMENT.sub(r"\1***", text)
