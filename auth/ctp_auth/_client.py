"""The raw OAuth calls to the commercetools auth server, one method per flow."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from ctp_auth._clock import Clock, system_clock
from ctp_auth._errors import AuthServerError, AuthUnreachableError, error_from_response
from ctp_auth._redact import mask
from ctp_auth._token import Introspection, Token

__all__ = ["DEFAULT_TIMEOUT", "AuthClient"]

logger = logging.getLogger("ctp_auth")

DEFAULT_TIMEOUT = httpx.Timeout(10.0)
"""Applied to every auth request; the auth server answers in milliseconds when healthy."""


def _path_segment(name: str, value: str) -> str:
    if not value:
        raise ValueError(f"{name} must not be empty")
    return quote(value, safe="")


def _join_scopes(scopes: Iterable[str] | None) -> str | None:
    if scopes is None:
        return None
    if isinstance(scopes, str):
        # A bare string would otherwise be split into characters.
        raise TypeError("scopes must be an iterable of scope strings, not a str")
    joined = " ".join(scopes)
    return joined or None


class AuthClient:
    """Calls the commercetools OAuth endpoints with HTTP Basic client authentication.

    Each call is a form-encoded POST; scopes go space-separated in the form body. Errors are raised as
    the ``AuthError`` subclass that names the cause. No caching here: see the token providers.

    Args:
        auth_url: the auth host, e.g. ``https://auth.europe-west1.gcp.commercetools.com``.
        client_id: the API client id.
        client_secret: the API client secret; never shown in repr, errors or logs.
        http: an ``httpx.Client`` to send with; the AuthClient uses it and never closes it. Without
            one the AuthClient owns a client and closes it in ``close()``.
        timeout: applied to every auth request, whichever client sends it.
        clock: where ``Token.expires_at`` is computed from (default ``time.time``).
    """

    def __init__(
        self,
        auth_url: str,
        client_id: str,
        client_secret: str,
        *,
        http: httpx.Client | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        clock: Clock = system_clock,
    ) -> None:
        if not auth_url:
            raise ValueError("auth_url must not be empty")
        if not client_id:
            raise ValueError("client_id must not be empty")
        if not client_secret:
            raise ValueError("client_secret must not be empty")
        self.auth_url = auth_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.clock = clock
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._owns_http = http is None
        self._http = http if http is not None else httpx.Client(timeout=self._timeout)

    def __repr__(self) -> str:
        return (
            f"AuthClient(auth_url={self.auth_url!r}, client_id={self.client_id!r}, "
            f"client_secret={mask(self._client_secret)})"
        )

    def close(self) -> None:
        """Close the HTTP client if this AuthClient created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> AuthClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- flows -------------------------------------------------------------------------------

    def client_credentials(self, scopes: Iterable[str] | None = None) -> Token:
        """Client credentials flow: a token acting as the API client (``POST /oauth/token``)."""
        form = {"grant_type": "client_credentials"}
        self._add_scope(form, scopes)
        return self._token("/oauth/token", form, grant="client_credentials")

    def password(
        self,
        project_key: str,
        email: str,
        password: str,
        scopes: Iterable[str] | None = None,
        store_key: str | None = None,
    ) -> Token:
        """Password flow: a customer token with a refresh token.

        With ``store_key`` the in-store endpoint is used, for customers that belong to a store.
        """
        project = _path_segment("project_key", project_key)
        if store_key is None:
            path = f"/oauth/{project}/customers/token"
        else:
            path = f"/oauth/{project}/in-store/key={_path_segment('store_key', store_key)}/customers/token"
        if not email:
            raise ValueError("email must not be empty")
        if not password:
            raise ValueError("password must not be empty")
        form = {"grant_type": "password", "username": email, "password": password}
        self._add_scope(form, scopes)
        return self._token(path, form, grant="password", secrets=(password,))

    def anonymous(
        self,
        project_key: str,
        scopes: Iterable[str] | None = None,
        anonymous_id: str | None = None,
    ) -> Token:
        """Anonymous session flow: a guest token with a refresh token.

        The API client needs the ``create_anonymous_token`` permission.

        Without ``anonymous_id`` the server generates one; it is in the returned token's scope.
        """
        path = f"/oauth/{_path_segment('project_key', project_key)}/anonymous/token"
        form = {"grant_type": "client_credentials"}
        self._add_scope(form, scopes)
        if anonymous_id is not None:
            form["anonymous_id"] = anonymous_id
        return self._token(path, form, grant="anonymous")

    def refresh(self, refresh_token: str) -> Token:
        """Refresh-token flow: a new access token; the returned Token keeps ``refresh_token``.

        Raises ``RefreshRejectedError`` when the server no longer accepts the refresh token.
        """
        if not refresh_token:
            raise ValueError("refresh_token must not be empty")
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        token = self._token("/oauth/token", form, grant="refresh_token", secrets=(refresh_token,))
        if token.refresh_token is None:
            # commercetools does not send the refresh token again; it stays valid.
            token = Token(
                access_token=token.access_token,
                expires_at=token.expires_at,
                scope=token.scope,
                token_type=token.token_type,
                refresh_token=refresh_token,
            )
        return token

    def introspect(self, token: str) -> Introspection:
        """Ask the auth server whether ``token`` is active, and with which scopes and expiry."""
        if not token:
            raise ValueError("token must not be empty")
        body = self._post("/oauth/introspect", {"token": token}, grant="introspect", secrets=(token,))
        active = body.get("active")
        scope = body.get("scope")
        exp = body.get("exp")
        client_id = body.get("client_id")
        if (
            not isinstance(active, bool)
            or not isinstance(scope, str | None)
            or not _is_number_or_none(exp)
            or not isinstance(client_id, str | None)
        ):
            raise AuthServerError("malformed introspection response", status_code=200)
        return Introspection(
            active=active,
            scope=scope,
            exp=float(exp) if exp is not None else None,
            client_id=client_id,
        )

    # -- plumbing ----------------------------------------------------------------------------

    @staticmethod
    def _add_scope(form: dict[str, str], scopes: Iterable[str] | None) -> None:
        joined = _join_scopes(scopes)
        if joined is not None:
            form["scope"] = joined

    def _token(self, path: str, form: dict[str, str], *, grant: str, secrets: Iterable[str] = ()) -> Token:
        sent_at = self.clock()
        body = self._post(path, form, grant=grant, secrets=secrets)
        access_token = body.get("access_token")
        expires_in = body.get("expires_in")
        scope = body.get("scope", "")
        token_type = body.get("token_type", "Bearer")
        refresh_token = body.get("refresh_token")
        if (
            not isinstance(access_token, str)
            or not access_token
            or not isinstance(expires_in, int | float)
            or isinstance(expires_in, bool)
            or not isinstance(scope, str)
            or not isinstance(token_type, str)
            or not isinstance(refresh_token, str | None)
        ):
            raise AuthServerError(f"malformed token response to {grant} request", status_code=200)
        # Counted from before the request was sent, so network time only makes us renew earlier.
        token = Token(
            access_token=access_token,
            expires_at=sent_at + float(expires_in),
            scope=scope,
            token_type=token_type,
            refresh_token=refresh_token,
        )
        logger.debug("ctp_auth: %s token obtained, expires in %ss, scope=%r", grant, expires_in, scope)
        return token

    def _post(
        self, path: str, form: Mapping[str, str], *, grant: str, secrets: Iterable[str]
    ) -> dict[str, Any]:
        url = self.auth_url + path
        logger.debug("ctp_auth: POST %s grant=%s", url, grant)
        try:
            response = self._http.post(
                url,
                data=dict(form),
                auth=httpx.BasicAuth(self.client_id, self._client_secret),
                headers={"Accept": "application/json"},
                timeout=self._timeout,
            )
        except httpx.TransportError as exc:
            logger.debug("ctp_auth: auth server unreachable for %s request: %s", grant, type(exc).__name__)
            # The httpx message names only the host and the failure, never the form body.
            raise AuthUnreachableError(
                f"auth server unreachable ({type(exc).__name__}) for {grant} request"
            ) from exc
        try:
            body: object = response.json()
        except ValueError:
            body = None
        if response.status_code == 200:
            if not isinstance(body, dict):
                raise AuthServerError(f"malformed response to {grant} request", status_code=200)
            return body
        error = error_from_response(
            response.status_code,
            body,
            grant=grant,
            secrets=(self._client_secret, *secrets),
        )
        logger.debug("ctp_auth: %s request failed: %s", grant, error)
        raise error


def _is_number_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
