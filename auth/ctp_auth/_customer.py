"""Customer and guest tokens kept in the shopper's session, renewed with their refresh token."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import deque
from collections.abc import Iterable, MutableMapping
from typing import Any

from ctp_auth._client import AuthClient
from ctp_auth._clock import Clock
from ctp_auth._errors import AuthError, CtpError, RefreshRejectedError
from ctp_auth._integration import DEFAULT_EXPIRY_MARGIN
from ctp_auth._scopes import CUSTOMER_PERMISSIONS, project_scopes
from ctp_auth._secret import Secret
from ctp_auth._session import SessionState, StoredToken, clear, read, write
from ctp_auth._singleflight import SingleFlight
from ctp_auth._token import Token

__all__ = ["DEFAULT_SESSION_KEY", "CustomerTokenProvider", "session_key_for"]

logger = logging.getLogger("ctp_auth")

DEFAULT_SESSION_KEY = "ctp_auth.customer_token"
"""The prefix of the session key; the key itself names the project and API client (``session_key_for``)."""

_MAX_REVOKED = 100_000
"""Signed-out tokens this process remembers (as SHA-256 digests, 64 bytes each): a bound on memory."""


def session_key_for(project_key: str, client_id: str) -> str:
    """The session key of one project and API client: two projects (or clients) in one web session do not
    overwrite each other's shopper tokens."""
    return f"{DEFAULT_SESSION_KEY}:{project_key}:{client_id}"


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


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
    - ``sign_out`` clears the session's tokens and asks the auth server to revoke them; the next
      ``get_token`` is a fresh guest. A copy of the session taken before (a stale cookie, a second
      worker's cached session) is refused by this provider from then on, whatever the server did.

    Renewal is single flight per session object: concurrent ``get_token`` calls on one session send
    one token request. Sessions loaded separately from the same cookie are separate objects, so two
    parallel web requests of one shopper may each renew; the last write wins and both tokens are valid.

    Args:
        auth_client: sends the token requests.
        project_key: the commercetools project.
        scopes: full scope strings for ``sign_in``; default: ``CUSTOMER_PERMISSIONS`` (the shopper's own
            data and public catalogue reads) as ``perm:{project_key}``.
        anonymous_scopes: full scope strings for guest tokens; default: the same as ``scopes``, so a
            guest can do what a customer can with their own cart, orders and payments.
        clock: compared against expiry; default: the auth client's clock.
        expiry_margin: seconds before expiry at which to renew.
        session_key: the one session key the tokens live under; default ``session_key_for(project_key,
            client_id)``.
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
        session_key: str | None = None,
    ) -> None:
        if isinstance(scopes, str) or isinstance(anonymous_scopes, str):
            raise TypeError("scopes must be an iterable of scope strings, not a str")
        if expiry_margin < 0:
            raise ValueError("expiry_margin must not be negative")
        if session_key is None:
            session_key = session_key_for(project_key, auth_client.client_id)
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
        # Digests of the tokens of signed-out sessions, oldest first (bounded): never used again here.
        self._revoked: set[bytes] = set()
        self._revoked_order: deque[bytes] = deque()

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
        try:
            return self._token_info(session).access_token
        except CtpError as err:
            del session
            raise err.with_traceback(None)  # noqa: B904 - the same error, with our frames cut off

    def get_token_info(self, session: MutableMapping[str, Any]) -> Token:
        """Like ``get_token`` but the whole ``Token``.

        A ``CtpError`` raised here carries a traceback that starts at this call: the frames below hold
        the session's tokens in their locals, which traceback renderers with ``capture_locals`` print.
        """
        try:
            return self._token_info(session)
        except CtpError as err:
            del session
            raise err.with_traceback(None)  # noqa: B904 - the same error, with our frames cut off

    def _token_info(self, session: MutableMapping[str, Any]) -> Token:
        raw, stored = read(session, self.session_key)
        if stored is not None and self._is_signed_out(stored):
            logger.info(
                "ctp_auth: session holds tokens of a signed-out session; starting a new guest session"
            )
            self._clear_unless_changed(session, raw)
            stored = None
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
        Tokens the session held are dropped, not revoked: ``sign_out`` first to end a customer's.
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
        password: str | Secret,
        *,
        store_key: str | None = None,
    ) -> Token:
        """Sign a customer in with the password flow and keep their token in the session.

        With ``store_key`` the customer is looked up in that store. On
        ``InvalidCustomerCredentialsError`` the session is left as it was. The guest's token is
        replaced; merging the guest cart into the customer's is an API call, not an auth one.
        """
        secret = Secret(password)
        del password  # no frame of ours keeps the plain value
        try:
            token = self._auth.password(self.project_key, email, secret, self.scopes, store_key=store_key)
        except CtpError as err:
            raise err.with_traceback(None)  # noqa: B904 - the same error, with our frames cut off
        with self._lock:
            write(session, self.session_key, StoredToken.issued(token, "customer"))
        logger.debug("ctp_auth: customer signed in on session")
        return token

    def sign_out(self, session: MutableMapping[str, Any], *, revoke: bool = True) -> bool:
        """End the session's shopper: clear its tokens; the next ``get_token`` starts a fresh guest session.

        - This provider refuses the session's access and refresh tokens from now on, so a copy of the
          session taken before (a stale cookie, another worker's cached copy) cannot go on acting as the
          shopper through it: such a copy becomes a fresh guest. This lasts for the process (the last
          100,000 sign-outs); other processes learn it from the auth server only.
        - With ``revoke`` (default) the auth server is asked to revoke the refresh token and the access
          token (``POST /oauth/token/revoke``). Returns True if it confirmed both; False if there was
          nothing to revoke or the server refused or could not be reached (logged, not raised: the
          shopper is signed out here either way). A token the server did not revoke stays valid for
          whoever copied it until it expires (access tokens: hours; refresh tokens: 200 days unused).
        """
        with self._lock:
            _, stored = read(session, self.session_key)
            clear(session, self.session_key)
            if stored is not None:
                self._forget(stored.token.access_token)
                if stored.token.refresh_token is not None:
                    self._forget(stored.token.refresh_token)
        if stored is None or not revoke:
            return False
        try:
            if stored.token.refresh_token is not None:
                self._auth.revoke(stored.token.refresh_token, token_type_hint="refresh_token")
            self._auth.revoke(stored.token.access_token, token_type_hint="access_token")
        except AuthError as exc:
            logger.info(
                "ctp_auth: sign-out could not revoke the session's tokens on the auth server: %s", exc
            )
            return False
        return True

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

    def _forget(self, token: str) -> None:
        # Called with self._lock held.
        digest = _digest(token)
        if digest in self._revoked:
            return
        self._revoked.add(digest)
        self._revoked_order.append(digest)
        if len(self._revoked_order) > _MAX_REVOKED:
            self._revoked.discard(self._revoked_order.popleft())

    def _is_signed_out(self, stored: StoredToken) -> bool:
        if not self._revoked:
            return False  # the common case costs nothing
        token = stored.token
        return _digest(token.access_token) in self._revoked or (
            token.refresh_token is not None and _digest(token.refresh_token) in self._revoked
        )

    def _renew(self, session: MutableMapping[str, Any]) -> Token:
        raw, stored = read(session, self.session_key)
        if stored is not None and self._is_signed_out(stored):
            self._clear_unless_changed(session, raw)
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
