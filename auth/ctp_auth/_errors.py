"""Everything ctp_auth raises, and the one function that maps an auth server response to it.

    CtpError                          base of everything the SDK raises (ctp_sdk subclasses it too)
    └── AuthError                     the auth server refused a request; carries error, error_description,
        │                             status_code
        ├── InvalidClientError        401 invalid_client: wrong client id/secret
        ├── InvalidCustomerCredentialsError
        │                             400 invalid_customer_account_credentials: wrong email/password
        ├── InsufficientScopeError    403 insufficient_scope / 400 invalid_scope
        ├── RefreshRejectedError      refresh token rejected (invalid_grant on refresh)
        ├── AuthServerError           5xx, unexpected status or malformed body from the auth server
        └── AuthUnreachableError      connection error or timeout (a copy of the httpx exception, without
            │                         its request, is __cause__)
            └── AuthTimeoutError      the API call's deadline passed while waiting for a token

``str()`` of any of them never contains a client secret, password, access or refresh token: the
server's description is scrubbed of every secret the request carried before it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ctp_auth._redact import scrub
from ctp_auth._secret import Secret

__all__ = [
    "AuthError",
    "AuthServerError",
    "AuthTimeoutError",
    "AuthUnreachableError",
    "CtpError",
    "InsufficientScopeError",
    "InvalidClientError",
    "InvalidCustomerCredentialsError",
    "RefreshRejectedError",
    "error_from_response",
]


class CtpError(Exception):
    """Base class of every exception raised by ctp_auth and ctp_sdk: catch this to catch them all.

    ``retries`` is how many times ctp_sdk's send path resent the request before giving up with this
    error (0 when it was not retried, or when raised outside ctp_sdk's send path).
    """

    retries: int = 0


class AuthError(CtpError):
    """The auth server refused or failed a request.

    Attributes:
        error: the OAuth error code (``invalid_client``, ``invalid_grant``...) or None if the server
            sent none.
        error_description: the server's human readable explanation, scrubbed of secrets, or None.
        status_code: the HTTP status of the auth server's response, or None if there was no response.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        error_description: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.error = error
        self.error_description = error_description
        self.status_code = status_code

    def __str__(self) -> str:
        parts = [str(self.args[0]) if self.args else type(self).__name__]
        if self.error:
            parts.append(f"error={self.error}")
        if self.error_description:
            parts.append(f"description={self.error_description!r}")
        if self.status_code is not None:
            parts.append(f"status={self.status_code}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class InvalidClientError(AuthError):
    """The API client id or secret was rejected (401 ``invalid_client``)."""


class InvalidCustomerCredentialsError(AuthError):
    """The customer's email or password was wrong (400 ``invalid_customer_account_credentials``)."""


class InsufficientScopeError(AuthError):
    """The API client may not grant the requested scopes (403 ``insufficient_scope`` / ``invalid_scope``)."""


class RefreshRejectedError(AuthError):
    """The refresh token was rejected (expired after 200 days of inactivity, revoked or unknown)."""


class AuthServerError(AuthError):
    """The auth server failed (5xx) or answered with something that is not a valid OAuth response."""


class AuthUnreachableError(AuthError):
    """The auth server could not be reached or did not answer in time.

    ``__cause__`` is an exception of the httpx error's type and message, without its request (which held
    the client credentials and the form body) or traceback.
    """


class AuthTimeoutError(AuthUnreachableError):
    """The API call's deadline passed while its token was being requested, or while it waited for
    another thread's token request."""


_SCOPE_CODES = frozenset({"insufficient_scope", "invalid_scope"})


def _error_code(body: Mapping[str, Any]) -> str | None:
    """The OAuth code: at the top (``error``) or in ``errors[0]`` (``code``, or ``error`` on refresh)."""
    top = body.get("error")
    if isinstance(top, str):
        return top
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        first = errors[0]
        for key in ("code", "error"):
            value = first.get(key)
            if isinstance(value, str):
                return value
    return None


def _description(body: Mapping[str, Any]) -> str | None:
    for key in ("error_description", "message"):
        value = body.get(key)
        if isinstance(value, str):
            return value
    return None


def error_from_response(
    status_code: int, body: object, *, grant: str, secrets: Iterable[str | Secret], scope: str | None = None
) -> AuthError:
    """Map a non-200 auth server response to the one exception class that says what went wrong.

    ``grant`` names the request (``client_credentials``, ``password``, ``refresh_token``, ``anonymous``,
    ``introspect``); a 400 on ``refresh_token`` means the refresh token itself is no good, because it is
    the only thing in that request the caller controls. ``secrets`` are removed from the description.
    ``scope`` is what the request asked for: a scope error names it and says how to fix the setup.
    """
    if not isinstance(body, Mapping):
        body = {}
    code = _error_code(body)
    raw_description = _description(body)
    description = scrub(raw_description, secrets) if raw_description is not None else None
    kwargs: dict[str, Any] = {
        "error": code,
        "error_description": description,
        "status_code": status_code,
    }
    if status_code >= 500:
        return AuthServerError("auth server failed", **kwargs)
    if code == "invalid_client" or status_code == 401:
        return InvalidClientError("API client credentials rejected", **kwargs)
    if code == "invalid_customer_account_credentials":
        return InvalidCustomerCredentialsError("customer email or password rejected", **kwargs)
    if code in _SCOPE_CODES or status_code == 403:
        return InsufficientScopeError(_scope_hint(grant, scope), **kwargs)
    if grant == "refresh_token" and 400 <= status_code < 500:
        return RefreshRejectedError("refresh token rejected", **kwargs)
    if 400 <= status_code < 500 and code is not None:
        return AuthError(f"{grant} request rejected", **kwargs)
    return AuthServerError(f"unexpected response to {grant} request", **kwargs)


def _scope_hint(grant: str, scope: str | None) -> str:
    if not scope:
        return f"{grant} request: the API client may not be granted the scope needed"
    return (
        f"{grant} request asked for scopes the API client does not hold ({scope}): add the missing ones to "
        "the API client in the Merchant Center (Settings > Developer settings; API clients cannot be edited, "
        "create a new one), or request fewer (ClientConfig.scopes / customer_scopes, CTP_SCOPES)"
    )
