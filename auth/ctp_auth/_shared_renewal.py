"""One token request per expiry for everyone sharing a ``TokenStore``; the store's failures never stop
the caller.

Each process runs this inside its own single flight, so one thread per process talks to the store; across
processes the store's lease picks the one that asks the auth server, and the others wait for its token to
appear. When the store is unreachable the caller fetches its own token: the fleet then costs one token
request per process, and API calls go on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from ctp_auth._errors import AuthTimeoutError
from ctp_auth._limits import remaining
from ctp_auth._store import TokenStore, TokenStoreUnavailableError
from ctp_auth._token import Token

__all__ = ["SharedRenewal"]

logger = logging.getLogger("ctp_auth")

_POLL_INTERVAL = 0.02
"""Seconds between looks at the store while another process holds the lease: a token request takes a
few milliseconds to a few hundred, and a look is one round trip to the store."""


class SharedRenewal:
    """Renewal of one token key through ``store``, with a per-process fallback.

    Args:
        store: where the token is shared.
        key: the token's key in the store (see ``store_key``).
        sleep / monotonic: injectable for tests.
    """

    def __init__(
        self,
        store: TokenStore,
        key: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.key = key
        self._sleep = sleep
        self._monotonic = monotonic
        self._down_lock = threading.Lock()
        self._down = False

    def obtain(self, usable: Callable[[Token], bool], fetch: Callable[[], Token]) -> Token:
        """A usable token: the store's, or one fetched by whichever sharer holds the lease (maybe us).

        ``fetch`` is called at most once. ``usable`` says whether a stored token is still good (not
        within the expiry margin).
        """
        try:
            token = self._from_store(usable)
        except TokenStoreUnavailableError as exc:
            self._mark_down(exc)
            return fetch()
        if isinstance(token, Token):
            self._mark_up()
            return token
        lease = token
        try:
            fresh = fetch()
        except BaseException:
            self._release(lease)
            raise
        try:
            stored = self.store.set_if_newer(self.key, fresh)
        except TokenStoreUnavailableError as exc:
            self._mark_down(exc)
            return fresh
        finally:
            self._release(lease)
        self._mark_up()
        return stored if usable(stored) else fresh

    def discard(self, access_token: str) -> None:
        """Tell the sharers that ``access_token`` was rejected (no-op if the store is unreachable)."""
        try:
            self.store.discard(self.key, access_token)
        except TokenStoreUnavailableError as exc:
            self._mark_down(exc)

    def _from_store(self, usable: Callable[[Token], bool]) -> Token | str:
        """A usable stored token, or the lease id once we hold the lease (then we must fetch)."""
        started = self._monotonic()
        give_up_at = started + self.store.lease_ttl
        left = remaining()
        deadline = None if left is None else started + left
        while True:
            token = self.store.get(self.key)
            if token is not None and usable(token):
                return token
            lease = self.store.acquire_lease(self.key)
            if lease is not None:
                # The previous holder may have published between our read and our acquire.
                token = self.store.get(self.key)
                if token is not None and usable(token):
                    self._release(lease)
                    return token
                return lease
            now = self._monotonic()
            if deadline is not None and now >= deadline:
                # The API call's deadline, not the store, ran out: no fallback fetch, the call is over.
                raise AuthTimeoutError("the call's deadline passed while waiting for another process's token")
            if now >= give_up_at:
                # The holder has outlived its lease without publishing: stop waiting on it.
                raise TokenStoreUnavailableError(
                    f"no token appeared in {type(self.store).__name__} within its lease"
                )
            self._sleep(_POLL_INTERVAL if deadline is None else max(0.0, min(_POLL_INTERVAL, deadline - now)))

    def _release(self, lease: str) -> None:
        # Unreachable store: the lease expires by itself.
        with contextlib.suppress(TokenStoreUnavailableError):
            self.store.release_lease(self.key, lease)

    def _mark_down(self, exc: TokenStoreUnavailableError) -> None:
        with self._down_lock:
            first = not self._down
            self._down = True
        # Once per outage: a fleet of busy workers would otherwise log on every renewal attempt.
        if first:
            logger.warning(
                "ctp_auth: token store %s unavailable (%s); using a token of this process until it is back",
                type(self.store).__name__,
                exc,
            )

    def _mark_up(self) -> None:
        with self._down_lock:
            was_down, self._down = self._down, False
        if was_down:
            logger.warning(
                "ctp_auth: token store %s reachable again; sharing tokens", type(self.store).__name__
            )
