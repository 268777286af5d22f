"""How customer tokens are kept in a web session: one JSON-serializable dict under one key.

The stored value is a plain ``dict`` of ``str``/``float``/``None`` so any session backend (signed cookie,
Redis, database; Flask, Django, Starlette) can serialize it. It is always replaced whole, never edited
in place, so backends that track changes by assignment (Flask, Django) see every change.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from ctp_auth._token import Token

logger = logging.getLogger("ctp_auth")

SessionKind = Literal["anonymous", "customer"]

_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class SessionState:
    """What a session's tokens say about who is shopping; holds no token.

    Attributes:
        kind: ``"anonymous"`` for a guest session, ``"customer"`` after ``sign_in``.
        anonymous_id: the guest's anonymous id, if the auth server told it.
        customer_id: the signed-in customer's id, if the auth server told it.
        expires_at: when the current access token expires, Unix epoch seconds.
        scope: the scopes granted to the current access token.
    """

    kind: SessionKind
    anonymous_id: str | None
    customer_id: str | None
    expires_at: float
    scope: str

    @property
    def is_customer(self) -> bool:
        """True once a customer has signed in on this session."""
        return self.kind == "customer"


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A session's token and what kind of session it belongs to."""

    token: Token
    kind: SessionKind
    anonymous_id: str | None
    customer_id: str | None

    @classmethod
    def issued(cls, token: Token, kind: SessionKind) -> StoredToken:
        return cls(token, kind, token.anonymous_id, token.customer_id)

    def renewed(self, token: Token) -> StoredToken:
        """The same session with a refreshed token; ids the new scope omits are kept."""
        return StoredToken(
            token,
            self.kind,
            token.anonymous_id or self.anonymous_id,
            token.customer_id or self.customer_id,
        )

    def state(self) -> SessionState:
        return SessionState(
            kind=self.kind,
            anonymous_id=self.anonymous_id,
            customer_id=self.customer_id,
            expires_at=self.token.expires_at,
            scope=self.token.scope,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "v": _FORMAT_VERSION,
            "kind": self.kind,
            "access_token": self.token.access_token,
            "token_type": self.token.token_type,
            "expires_at": float(self.token.expires_at),
            "scope": self.token.scope,
            "refresh_token": self.token.refresh_token,
            "anonymous_id": self.anonymous_id,
            "customer_id": self.customer_id,
        }

    @classmethod
    def from_json(cls, data: object) -> StoredToken | None:
        """Parse what ``to_json`` wrote; None if it is missing or not in that shape."""
        if not isinstance(data, Mapping) or data.get("v") != _FORMAT_VERSION:
            return None
        kind = data.get("kind")
        access_token = data.get("access_token")
        token_type = data.get("token_type")
        expires_at = data.get("expires_at")
        scope = data.get("scope")
        refresh_token = data.get("refresh_token")
        anonymous_id = data.get("anonymous_id")
        customer_id = data.get("customer_id")
        if (
            kind not in ("anonymous", "customer")
            or not isinstance(access_token, str)
            or not isinstance(token_type, str)
            or not isinstance(expires_at, int | float)
            or isinstance(expires_at, bool)
            or not isinstance(scope, str)
            or not isinstance(refresh_token, str | None)
            or not isinstance(anonymous_id, str | None)
            or not isinstance(customer_id, str | None)
        ):
            return None
        token = Token(
            access_token=access_token,
            expires_at=float(expires_at),
            scope=scope,
            token_type=token_type,
            refresh_token=refresh_token,
        )
        return cls(token, "customer" if kind == "customer" else "anonymous", anonymous_id, customer_id)


def read(session: Mapping[str, Any], key: str) -> tuple[object, StoredToken | None]:
    """The raw value under ``key`` (for compare-and-set) and its parsed form."""
    raw = session.get(key)
    stored = StoredToken.from_json(raw)
    if raw is not None and stored is None:
        # Never log the value: it may hold tokens.
        logger.warning("ctp_auth: ignoring unreadable customer token data in session key %r", key)
    return raw, stored


def write(session: MutableMapping[str, Any], key: str, stored: StoredToken) -> None:
    session[key] = stored.to_json()


def clear(session: MutableMapping[str, Any], key: str) -> None:
    session.pop(key, None)
