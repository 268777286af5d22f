"""Where integration tokens are shared: the ``TokenStore`` protocol and the in-process default.

A provider keeps its own copy of the token for the fast path (no store round trip per API call) and
goes to the store only to renew: read what another process may already have obtained, take the store's
lease so that one holder in the whole fleet asks the auth server, publish the new token with
``set_if_newer``. After a 401 the rejected token is discarded from the store by fingerprint, so a token
another process renewed meanwhile is kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from ctp_auth._errors import CtpError
from ctp_auth._token import Token

__all__ = [
    "DEFAULT_LEASE_TTL",
    "InMemoryTokenStore",
    "TokenStore",
    "TokenStoreUnavailableError",
    "store_key",
    "token_fingerprint",
]

DEFAULT_LEASE_TTL = 15.0
"""Seconds a renewal lease is held at most: longer than a healthy token request (milliseconds), short
enough that the fleet recovers quickly when the holder dies mid-renewal (the lease simply expires)."""


class TokenStoreUnavailableError(CtpError):
    """The shared token store could not be read or written (e.g. Redis is down).

    Providers never let it reach API calls: they fall back to a token of their own and log a warning.
    The message names the store and the failure class, never a token.
    """


@runtime_checkable
class TokenStore(Protocol):
    """A place integration tokens are shared through, keyed by API client and scope set.

    Implementations raise ``TokenStoreUnavailableError`` when the backing service fails; they never
    log or repr a token.
    """

    def get(self, key: str) -> Token | None:
        """The stored token, or None."""
        ...

    def set_if_newer(self, key: str, token: Token) -> Token:
        """Store ``token`` unless the stored one expires later; return the one stored afterwards."""
        ...

    def discard(self, key: str, access_token: str) -> None:
        """Remove the stored token if it is ``access_token`` (rejected by the API); else keep it."""
        ...

    def acquire_lease(self, key: str) -> str | None:
        """Try to become the one renewer of ``key``: a lease id, or None if someone else holds it."""
        ...

    def release_lease(self, key: str, lease: str) -> None:
        """Give the lease back, if it is still ``lease`` (it may have expired and moved on)."""
        ...

    @property
    def lease_ttl(self) -> float:
        """Seconds after which an unreleased lease expires; also how long a waiter waits for it."""
        ...


def store_key(auth_url: str, client_id: str, scopes: Iterable[str]) -> str:
    """The key of one API client's token for one scope set (order-insensitive); no secret in it."""
    material = "\n".join([auth_url.rstrip("/"), client_id, *sorted(set(scopes))])
    return "integration:" + hashlib.sha256(material.encode()).hexdigest()[:32]


def token_fingerprint(access_token: str) -> str:
    """A one-way fingerprint of a token, to compare tokens without storing or sending one twice."""
    return hashlib.sha256(access_token.encode()).hexdigest()[:32]


class InMemoryTokenStore:
    """The default store: a dict in this process. Share one instance between several clients of one
    process to give them one token; use ``RedisTokenStore`` to share across processes."""

    def __init__(self, *, lease_ttl: float = DEFAULT_LEASE_TTL) -> None:
        if not lease_ttl > 0:
            raise ValueError("lease_ttl must be positive")
        self._lease_ttl = lease_ttl
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}
        self._leases: dict[str, tuple[str, float]] = {}

    @property
    def lease_ttl(self) -> float:
        return self._lease_ttl

    def get(self, key: str) -> Token | None:
        with self._lock:
            return self._tokens.get(key)

    def set_if_newer(self, key: str, token: Token) -> Token:
        with self._lock:
            current = self._tokens.get(key)
            if current is not None and current.expires_at >= token.expires_at:
                return current
            self._tokens[key] = token
            return token

    def discard(self, key: str, access_token: str) -> None:
        with self._lock:
            current = self._tokens.get(key)
            if current is not None and current.access_token == access_token:
                del self._tokens[key]

    def acquire_lease(self, key: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            held = self._leases.get(key)
            if held is not None and held[1] > now:
                return None
            lease = uuid.uuid4().hex
            self._leases[key] = (lease, now + self._lease_ttl)
            return lease

    def release_lease(self, key: str, lease: str) -> None:
        with self._lock:
            held = self._leases.get(key)
            if held is not None and held[0] == lease:
                del self._leases[key]

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(tokens={len(self._tokens)}, lease_ttl={self._lease_ttl!r})"
