"""Customer and guest tokens kept in the shopper's session, renewed with their refresh token."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, MutableMapping
from typing import Any

from ctp_auth._client import AuthClient
from ctp_auth._clock import Clock
from ctp_auth._errors import RefreshRejectedError
from ctp_auth._integration import DEFAULT_EXPIRY_MARGIN
from ctp_auth._scopes import CUSTOMER_PERMISSIONS, project_scopes
from ctp_auth._session import SessionState, StoredToken, clear, read, write
from ctp_auth._singleflight import SingleFlight
from ctp_auth._token import Token

__all__ = ["DEFAULT_SESSION_KEY", "CustomerTokenProvider"]

logger = logging.getLogger("ctp_auth")

DEFAULT_SESSION_KEY = "ctp_auth.customer_token"


class CustomerTokenProvider:
    """Tokens acting as one shopper, kept in that shopper's session (any ``MutableMapping``).

    - No token in the session: ``get_token`` obtains an anonymous session token, so a guest can fill a
      cart before signing in.
    - ``sign_in`` runs the password flow and stores the customer's token; the password is not kept.
    - An access token within ``expiry_margin`` of expiry is renewed with the session's refresh token and
      the fresh one stored back in the session.
    - A refresh the server rejects (refresh tokens lapse after 200 days unused) clears the session's
      tokens and raises ``RefreshRejectedError``. The next ``get_token`` on that session then starts a
      fresh anonymous session: a new anonymous id, so the old guest cart is no longer the shopper's
      active cart, and a customer must sign in again.
    - ``sign_out`` clears the session's tokens; the next ``get_token`` is a fresh guest.

    Renewal is single flight per session object: concurrent ``get_token`` calls on one session send
    one token request. Sessions loaded separately from the same cookie are separate objects, so two
    parallel web requests of one shopper may each renew; the last write wins and both tokens are valid.

    Args:
        auth_client: sends the token requests.
        project_key: the commercetools project.
        scopes: full scope strings for ``sign_in``; default: the customer permissions as
            ``perm:{project_key}``.
        anonymous_scopes: full scope strings for guest tokens; default: the same as ``scopes``, so a
            guest can do what a customer can with their own cart, orders and payments.
        clock: compared against expiry; default: the auth client's clock.
        expiry_margin: seconds before expiry at which to renew.
        session_key: the one session key the tokens live under.
    """

    def __init__(
        self,
        auth_client: AuthClient,
        project_key: str,
        *,
        scopes: Iterable[str] | None = None,
        anonymous_scopes: Iterable[str] | None = None,
        clock: Clock | None = None,
        expiry_margin: float = DEFAULT_EXPIRY_MARGIN,
        session_key: str = DEFAULT_SESSION_KEY,
    ) -> None:
        if isinstance(scopes, str) or isinstance(anonymous_scopes, str):
            raise TypeError("scopes must be an iterable of scope strings, not a str")
        if expiry_margin < 0:
            raise ValueError("expiry_margin must not be negative")
        if not session_key:
            raise ValueError("session_key must not be empty")
        self._auth = auth_client
        self.project_key = project_key
        self.scopes: tuple[str, ...] = (
            project_scopes(CUSTOMER_PERMISSIONS, project_key) if scopes is None else tuple(scopes)
        )
        self.anonymous_scopes: tuple[str, ...] = (
            self.scopes if anonymous_scopes is None else tuple(anonymous_scopes)
        )
        self._clock = clock if clock is not None else auth_client.clock
        self.expiry_margin = expiry_margin
        self.session_key = session_key
        # Guards read-compare-write of session values; never held during a network call.
        self._lock = threading.Lock()
        self._flight: SingleFlight[Token] = SingleFlight()

    def __repr__(self) -> str:
        return (
            f"CustomerTokenProvider(project_key={self.project_key!r}, auth_client={self._auth!r}, "
            f"session_key={self.session_key!r})"
        )

    # -- public ------------------------------------------------------------------------------

    def get_token(self, session: MutableMapping[str, Any]) -> str:
        """A valid access token for this session's shopper (guest or customer).

        Raises ``RefreshRejectedError`` (session cleared) or another ``AuthError``.
        """
        return self.get_token_info(session).access_token

    def get_token_info(self, session: MutableMapping[str, Any]) -> Token:
        """Like ``get_token`` but the whole ``Token``."""
        _, stored = read(session, self.session_key)
        if stored is not None and self._is_fresh(stored.token):
            return stored.token
        # id() is a safe key: the leader holds the session for the whole flight.
        return self._flight.run(id(session), lambda: self._renew(session))

    def start_guest_session(
        self, session: MutableMapping[str, Any], *, anonymous_id: str | None = None
    ) -> Token:
        """Start a guest session on ``session`` now, replacing any tokens it holds.

        ``anonymous_id`` chooses the guest's anonymous id (say, the visitor id your site already
        tracks; the guest's carts and orders carry it); without it the auth server generates one, as
        ``get_token`` does for an empty session. The id must not already belong to a customer's data.
        """
        if anonymous_id is not None and (not isinstance(anonymous_id, str) or not anonymous_id.strip()):
            raise ValueError("anonymous_id must be a non-empty string")
        token = self._auth.anonymous(self.project_key, self.anonymous_scopes, anonymous_id=anonymous_id)
        with self._lock:
            write(session, self.session_key, StoredToken.issued(token, "anonymous"))
        logger.debug("ctp_auth: guest session started")
        return token

    def sign_in(
        self,
        session: MutableMapping[str, Any],
        email: str,
        password: str,
        *,
        store_key: str | None = None,
    ) -> Token:
        """Sign a customer in with the password flow and keep their token in the session.

        With ``store_key`` the customer is looked up in that store. On
        ``InvalidCustomerCredentialsError`` the session is left as it was. The guest's token is
        replaced; merging the guest cart into the customer's is an API call, not an auth one.
        """
        token = self._auth.password(self.project_key, email, password, self.scopes, store_key=store_key)
        with self._lock:
            write(session, self.session_key, StoredToken.issued(token, "customer"))
        logger.debug("ctp_auth: customer signed in on session")
        return token

    def sign_out(self, session: MutableMapping[str, Any]) -> None:
        """Forget the session's tokens; the next ``get_token`` starts a fresh guest session."""
        with self._lock:
            clear(session, self.session_key)

    def invalidate(self, session: MutableMapping[str, Any], access_token: str) -> None:
        """Mark ``access_token`` expired if it is still the session's, so the next ``get_token`` refreshes.

        The refresh token is kept: a 401 ``invalid_token`` on one access token does not sign anyone out.
        """
        with self._lock:
            _, stored = read(session, self.session_key)
            if stored is None or stored.token.access_token != access_token:
                return
            expired = Token(
                access_token=stored.token.access_token,
                expires_at=0.0,
                scope=stored.token.scope,
                token_type=stored.token.token_type,
                refresh_token=stored.token.refresh_token,
            )
            write(
                session,
                self.session_key,
                StoredToken(expired, stored.kind, stored.anonymous_id, stored.customer_id),
            )

    def session_state(self, session: MutableMapping[str, Any]) -> SessionState | None:
        """Who this session acts as (guest or customer, ids, expiry, scope); None if it has no token."""
        _, stored = read(session, self.session_key)
        return stored.state() if stored is not None else None

    # -- renewal -----------------------------------------------------------------------------

    def _is_fresh(self, token: Token) -> bool:
        return not token.expires_within(self.expiry_margin, self._clock())

    def _renew(self, session: MutableMapping[str, Any]) -> Token:
        raw, stored = read(session, self.session_key)
        if stored is not None and self._is_fresh(stored.token):
            return stored.token  # renewed by a flight that ended just before ours began
        if stored is None:
            logger.debug("ctp_auth: starting anonymous session")
            token = self._auth.anonymous(self.project_key, self.anonymous_scopes)
            return self._store_unless_changed(session, raw, StoredToken.issued(token, "anonymous"))
        refresh_token = stored.token.refresh_token
        if refresh_token is None:
            self._clear_unless_changed(session, raw)
            raise RefreshRejectedError(
                "session token expired and has no refresh token", error="missing_refresh_token"
            )
        logger.debug("ctp_auth: refreshing %s session token", stored.kind)
        try:
            token = self._auth.refresh(refresh_token)
        except RefreshRejectedError:
            logger.info("ctp_auth: refresh rejected; clearing %s session tokens", stored.kind)
            self._clear_unless_changed(session, raw)
            raise
        return self._store_unless_changed(session, raw, stored.renewed(token))

    def _store_unless_changed(
        self, session: MutableMapping[str, Any], expected: object, new: StoredToken
    ) -> Token:
        # A sign_in or sign_out that happened while we were on the network wins over our renewal.
        with self._lock:
            current = session.get(self.session_key)
            if current == expected:
                write(session, self.session_key, new)
                return new.token
            _, stored = read(session, self.session_key)
        if stored is not None and self._is_fresh(stored.token):
            return stored.token
        return new.token

    def _clear_unless_changed(self, session: MutableMapping[str, Any], expected: object) -> None:
        with self._lock:
            if session.get(self.session_key) == expected:
                clear(session, self.session_key)
