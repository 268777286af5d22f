"""The raw OAuth calls to the commercetools auth server, one method per flow."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from ctp_auth._clock import Clock, system_clock
from ctp_auth._errors import (
    AuthServerError,
    AuthTimeoutError,
    AuthUnreachableError,
    CtpError,
    error_from_response,
)
from ctp_auth._limits import DeadlineExceededError, ResponseTooLargeError, limit_timeout, read_limited
from ctp_auth._redact import basic_credentials_forms, mask
from ctp_auth._secret import Secret, reveal
from ctp_auth._token import Introspection, Token
from ctp_auth._urls import check_base_url

__all__ = ["DEFAULT_TIMEOUT", "MAX_AUTH_RESPONSE_BYTES", "AuthClient", "cookieless_jar", "sanitized_cause"]

logger = logging.getLogger("ctp_auth")

DEFAULT_TIMEOUT = httpx.Timeout(10.0)
"""Applied to every auth request; the auth server answers in milliseconds when healthy."""


MAX_AUTH_RESPONSE_BYTES = 1024 * 1024
"""An OAuth answer is a few hundred bytes; anything above 1 MiB is refused unread."""

MAX_TOKEN_LIFETIME = 366 * 24 * 3600.0
"""Longer ``expires_in`` values are cut to a year (commercetools issues at most 7 days), so a broken or
hostile answer cannot make a token live in the cache forever."""


def _path_segment(name: str, value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty str")
    escaped = quote(value, safe="")
    # "." and ".." survive quote() and would be resolved as path steps by servers and proxies.
    return escaped.replace(".", "%2E") if escaped in (".", "..") else escaped


def cookieless_jar() -> CookieJar:
    """A cookie jar that stores nothing: one httpx client serves every shopper, so a cookie one shopper's
    token request received must never ride along with another's."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def sanitized_cause(exc: BaseException) -> BaseException:
    """An exception of ``exc``'s type and message, without its request (credentials, body) or traceback
    (frames whose locals hold them): what may be chained as ``__cause__`` of an error we raise."""
    message = str(exc)
    try:
        clean = type(exc)(message)
    except Exception:  # an exception type that wants other constructor arguments
        clean = RuntimeError(f"{type(exc).__name__}: {message}")
    clean.__suppress_context__ = True
    return clean


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
        client_secret: the API client secret (a ``str`` or ``Secret``); kept as a ``Secret``, never shown in
            repr, errors or logs.
        http: an ``httpx.Client`` to send with; the AuthClient uses it and never closes it. Without
            one the AuthClient owns a client (which keeps no cookies) and closes it in ``close()``.
            Give it a client whose cookie jar stores nothing (``cookies=cookieless_jar()``) when it
            serves several shoppers.
        timeout: applied to every auth request, whichever client sends it.
        clock: where ``Token.expires_at`` is computed from (default ``time.time``).
        allow_insecure_http: accept an ``http://`` auth URL for a host that is not loopback (the secret
            and customer passwords then cross the network in clear).
    """

    def __init__(
        self,
        auth_url: str,
        client_id: str,
        client_secret: str | Secret,
        *,
        http: httpx.Client | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        clock: Clock = system_clock,
        allow_insecure_http: bool = False,
    ) -> None:
        if not auth_url:
            raise ValueError("auth_url must not be empty")
        if not client_id:
            raise ValueError("client_id must not be empty")
        if not client_secret:
            raise ValueError("client_secret must not be empty")
        self.auth_url = check_base_url(auth_url, "auth_url", allow_insecure_http=allow_insecure_http)
        self.client_id = client_id
        self._client_secret = Secret(client_secret)
        # Every form in which a server could echo the credentials back (the Basic header's base64 too).
        self._echoes = tuple(Secret(form) for form in basic_credentials_forms(client_id, self._client_secret))
        self.clock = clock
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._owns_http = http is None
        self._http = (
            http if http is not None else httpx.Client(timeout=self._timeout, cookies=cookieless_jar())
        )

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
        form: dict[str, str | Secret] = {"grant_type": "client_credentials"}
        self._add_scope(form, scopes)
        return self._token("/oauth/token", form, grant="client_credentials")

    def password(
        self,
        project_key: str,
        email: str,
        password: str | Secret,
        scopes: Iterable[str] | None = None,
        store_key: str | None = None,
    ) -> Token:
        """Password flow: a customer token with a refresh token.

        With ``store_key`` the in-store endpoint is used, for customers that belong to a store.
        ``password`` may be a ``str`` or a ``Secret``; it is held as a ``Secret`` from here on.
        """
        secret = Secret(password)
        del password  # no frame of ours keeps the plain value (tracebacks rendered with their locals)
        project = _path_segment("project_key", project_key)
        if store_key is None:
            path = f"/oauth/{project}/customers/token"
        else:
            path = f"/oauth/{project}/in-store/key={_path_segment('store_key', store_key)}/customers/token"
        if not email:
            raise ValueError("email must not be empty")
        if not secret:
            raise ValueError("password must not be empty")
        form: dict[str, str | Secret] = {"grant_type": "password", "username": email, "password": secret}
        self._add_scope(form, scopes)
        return self._token(path, form, grant="password", secrets=(secret,))

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
        form: dict[str, str | Secret] = {"grant_type": "client_credentials"}
        self._add_scope(form, scopes)
        if anonymous_id is not None:
            form["anonymous_id"] = anonymous_id
        return self._token(path, form, grant="anonymous")

    def refresh(self, refresh_token: str | Secret) -> Token:
        """Refresh-token flow: a new access token; the returned Token keeps ``refresh_token``.

        Raises ``RefreshRejectedError`` when the server no longer accepts the refresh token.
        """
        secret = Secret(refresh_token)
        del refresh_token
        if not secret:
            raise ValueError("refresh_token must not be empty")
        form: dict[str, str | Secret] = {"grant_type": "refresh_token", "refresh_token": secret}
        token = self._token("/oauth/token", form, grant="refresh_token", secrets=(secret,))
        if token.refresh_token is None:
            # commercetools does not send the refresh token again; it stays valid.
            token = Token(
                access_token=token.access_token,
                expires_at=token.expires_at,
                scope=token.scope,
                token_type=token.token_type,
                refresh_token=secret.reveal(),
            )
        return token

    def revoke(self, token: str | Secret, *, token_type_hint: str = "refresh_token") -> None:  # noqa: S107
        """Ask the auth server to revoke ``token`` (RFC 7009, ``POST /oauth/token/revoke``).

        ``token_type_hint`` is ``refresh_token`` or ``access_token``. Raises an ``AuthError`` when the
        server refuses or cannot be reached; the caller decides whether that matters.
        """
        secret = Secret(token)
        del token
        if not secret:
            raise ValueError("token must not be empty")
        if token_type_hint not in ("refresh_token", "access_token"):
            raise ValueError("token_type_hint must be 'refresh_token' or 'access_token'")
        form: dict[str, str | Secret] = {"token": secret, "token_type_hint": token_type_hint}
        self._post("/oauth/token/revoke", form, grant="revoke", secrets=(secret,), expect_body=False)

    def introspect(self, token: str | Secret) -> Introspection:
        """Ask the auth server whether ``token`` is active, and with which scopes and expiry."""
        secret = Secret(token)
        del token
        if not secret:
            raise ValueError("token must not be empty")
        body = self._post("/oauth/introspect", {"token": secret}, grant="introspect", secrets=(secret,))
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
            exp=float(exp) if exp is not None and math.isfinite(exp) else None,
            client_id=client_id,
        )

    # -- plumbing ----------------------------------------------------------------------------

    @staticmethod
    def _add_scope(form: dict[str, str | Secret], scopes: Iterable[str] | None) -> None:
        joined = _join_scopes(scopes)
        if joined is not None:
            form["scope"] = joined

    def _token(
        self, path: str, form: dict[str, str | Secret], *, grant: str, secrets: Iterable[Secret] = ()
    ) -> Token:
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
            # NaN, infinity or a negative lifetime would cache a token forever or never.
            or not math.isfinite(expires_in)
            or expires_in <= 0
            or not isinstance(scope, str)
            or not isinstance(token_type, str)
            or not isinstance(refresh_token, str | None)
        ):
            raise AuthServerError(f"malformed token response to {grant} request", status_code=200)
        lifetime = min(float(expires_in), MAX_TOKEN_LIFETIME)
        # Counted from before the request was sent, so network time only makes us renew earlier.
        token = Token(
            access_token=access_token,
            expires_at=sent_at + lifetime,
            scope=scope,
            token_type=token_type,
            refresh_token=refresh_token,
        )
        logger.debug("ctp_auth: %s token obtained, expires in %ss, scope=%r", grant, lifetime, scope)
        return token

    def _post(
        self,
        path: str,
        form: Mapping[str, str | Secret],
        *,
        grant: str,
        secrets: Iterable[Secret],
        expect_body: bool = True,
    ) -> dict[str, Any]:
        # Errors are raised outside the except blocks below: an exception raised inside one would carry
        # the httpx exception (request with credentials, frames with the form) as __context__.
        failure: CtpError | None = None
        status = 0
        content = b""
        logger.debug("ctp_auth: POST %s%s grant=%s", self.auth_url, path, grant)
        try:
            timeout = limit_timeout(self._timeout)
            request = self._http.build_request(
                "POST",
                self.auth_url + path,
                data={name: reveal(value) for name, value in form.items()},
                headers={"Accept": "application/json"},
                timeout=timeout,
            )
            response = self._http.send(
                request,
                auth=httpx.BasicAuth(self.client_id, self._client_secret.reveal()),
                follow_redirects=False,
                stream=True,
            )
            try:
                status = response.status_code
                content = read_limited(response, MAX_AUTH_RESPONSE_BYTES)
            finally:
                response.close()
            del request, response
        except DeadlineExceededError:
            failure = AuthTimeoutError(f"the call's deadline passed during the {grant} request")
        except ResponseTooLargeError as exc:
            failure = AuthServerError(f"{exc} in the response to the {grant} request")
        except httpx.DecodingError:
            failure = AuthServerError(f"undecodable (Content-Encoding) response to the {grant} request")
        except httpx.TransportError as exc:
            logger.debug("ctp_auth: auth server unreachable for %s request: %s", grant, type(exc).__name__)
            failure = AuthUnreachableError(
                f"auth server unreachable ({type(exc).__name__}) for {grant} request"
            )
            failure.__cause__ = sanitized_cause(exc)
        if failure is not None:
            raise failure
        body = _parse(content)
        if status == 200:
            if not isinstance(body, dict):
                if not expect_body:
                    return {}
                raise AuthServerError(f"malformed response to {grant} request", status_code=200)
            return body
        scope = form.get("scope")
        error = error_from_response(
            status,
            body,
            grant=grant,
            secrets=(self._client_secret, *self._echoes, *secrets),
            scope=scope if isinstance(scope, str) else None,
        )
        logger.debug("ctp_auth: %s request failed: %s", grant, error)
        raise error


def _parse(content: bytes) -> object:
    try:
        return json.loads(content) if content else None
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser recurses
        return None


def _is_number_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
