"""The integration token: one cached client-credentials token per provider, renewed before expiry."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from ctp_auth._client import AuthClient
from ctp_auth._clock import Clock
from ctp_auth._shared_renewal import SharedRenewal
from ctp_auth._singleflight import SingleFlight
from ctp_auth._store import InMemoryTokenStore, TokenStore, store_key
from ctp_auth._token import Token

__all__ = ["DEFAULT_EXPIRY_MARGIN", "IntegrationTokenProvider"]

logger = logging.getLogger("ctp_auth")

DEFAULT_EXPIRY_MARGIN = 300.0
"""Seconds before expiry at which a token is renewed: tokens live 1 h to 7 d, so 5 min is cheap
insurance against clock skew and requests that are slow to reach the API. Keep it well below the
token lifetime: a token that is issued already inside the margin is renewed on every call."""


class IntegrationTokenProvider:
    """Client-credentials tokens acting as the project, cached and shared across threads.

    ``get_token()`` returns the cached token until ``expiry_margin`` seconds before it expires, then
    renews it. Renewal is single flight: however many threads ask at once, one token request goes out
    and all of them get its token, or all of them get its exception; the next call after a failure
    tries again.

    Args:
        auth_client: sends the token requests.
        project_key: the commercetools project.
        scopes: full scope strings to request (``manage_categories:{project_key}`` ...); default: none, so
            the token carries the API client's own scopes (see ``ctp_auth._scopes``).
        clock: compared against ``Token.expires_at``; default: the auth client's clock.
        expiry_margin: seconds before expiry at which to renew.
        store: where the token is shared with other providers (``RedisTokenStore``: with every process
            of a fleet); default: an ``InMemoryTokenStore`` of this provider's own.
    """

    def __init__(
        self,
        auth_client: AuthClient,
        project_key: str,
        *,
        scopes: Iterable[str] | None = None,
        clock: Clock | None = None,
        expiry_margin: float = DEFAULT_EXPIRY_MARGIN,
        store: TokenStore | None = None,
    ) -> None:
        if isinstance(scopes, str):
            raise TypeError("scopes must be an iterable of scope strings, not a str")
        if expiry_margin < 0:
            raise ValueError("expiry_margin must not be negative")
        self._auth = auth_client
        self.project_key = project_key
        # Empty: ask for no scope, the API client's own are granted.
        self.scopes: tuple[str, ...] = () if scopes is None else tuple(scopes)
        self._clock = clock if clock is not None else auth_client.clock
        self.expiry_margin = expiry_margin
        self._lock = threading.Lock()
        self._token: Token | None = None
        self._flight: SingleFlight[Token] = SingleFlight()
        self._shared = SharedRenewal(
            store if store is not None else InMemoryTokenStore(),
            store_key(auth_client.auth_url, auth_client.client_id, self.scopes),
        )

    def __repr__(self) -> str:
        return (
            f"IntegrationTokenProvider(project_key={self.project_key!r}, auth_client={self._auth!r}, "
            f"expiry_margin={self.expiry_margin!r})"
        )

    def get_token(self) -> str:
        """A valid access token, from the cache or freshly obtained; raises ``AuthError`` on failure."""
        return self.get_token_info().access_token

    def get_token_info(self) -> Token:
        """Like ``get_token`` but the whole ``Token`` (expiry, granted scope)."""
        token = self._fresh_cached()
        if token is not None:
            return token
        return self._flight.run(None, self._renew)

    def invalidate(self, access_token: str) -> None:
        """Forget ``access_token`` if it is still the cached one, so the next ``get_token`` renews.

        Called when the API answers 401 ``invalid_token``; a token renewed meanwhile by another thread
        is kept.
        """
        with self._lock:
            if self._token is not None and self._token.access_token == access_token:
                logger.debug("ctp_auth: integration token invalidated")
                self._token = None
        self._shared.discard(access_token)

    def _usable(self, token: Token) -> bool:
        return not token.expires_within(self.expiry_margin, self._clock())

    def _fetch(self) -> Token:
        logger.debug("ctp_auth: renewing integration token for project %r", self.project_key)
        return self._auth.client_credentials(self.scopes or None)

    def _fresh_cached(self) -> Token | None:
        # No lock: reading one attribute is atomic and a Token is immutable. Every API call comes through
        # here, and with 32 threads the lock was a point where they all queued.
        token = self._token
        if token is not None and not token.expires_within(self.expiry_margin, self._clock()):
            return token
        return None

    def _renew(self) -> Token:
        # A thread that found the cache stale may arrive just after another renewal finished.
        token = self._fresh_cached()
        if token is not None:
            return token
        token = self._shared.obtain(self._usable, self._fetch)
        with self._lock:
            self._token = token
        return token
