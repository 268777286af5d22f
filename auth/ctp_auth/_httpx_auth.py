"""httpx.Auth that sends a provider's bearer token and renews it once on 401 ``invalid_token``."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, Callable, Generator, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from ctp_auth._limits import read_limited
from ctp_auth._redact import redact_url

if TYPE_CHECKING:
    from ctp_auth._customer import CustomerTokenProvider

__all__ = ["BearerAuth", "CustomerBearerAuth", "TokenSource", "is_invalid_token_response"]

logger = logging.getLogger("ctp_auth")

MAX_401_BODY_BYTES = 64 * 1024
"""A 401's body is read (to see its error code) only up to this size; a larger one is not renewed for."""


class TokenSource(Protocol):
    """Anything that hands out a bearer token and can be told that a token was rejected."""

    def get_token(self) -> str: ...

    def invalidate(self, access_token: str) -> None: ...


def is_invalid_token_response(response: httpx.Response) -> bool:
    """True for a 401 that says the bearer token itself is bad (``invalid_token``).

    commercetools puts the code in ``errors[].code``, sometimes in ``error``; OAuth servers also say it in
    ``WWW-Authenticate``. Any other 401 (e.g. a missing permission) is not fixed by a new token.
    The response body must have been read.
    """
    if response.status_code != 401:
        return False
    if 'error="invalid_token"' in response.headers.get("www-authenticate", ""):
        return True
    try:
        body: Any = json.loads(response.content)
    except (ValueError, RecursionError):
        return False
    if not isinstance(body, dict):
        return False
    if body.get("error") == "invalid_token" or body.get("code") == "invalid_token":
        return True
    errors = body.get("errors")
    return isinstance(errors, list) and any(
        isinstance(item, dict) and item.get("code") == "invalid_token" for item in errors
    )


class _RenewingBearerAuth(httpx.Auth):
    # Keep the request body so it can be resent. Response bodies are NOT read here (httpx would read every
    # one whole, without a size limit): only a 401's, bounded, in is_invalid_token_response.
    requires_response_body = False
    requires_request_body = True

    def __init__(self, get_token: Callable[[], str], invalidate: Callable[[str], None]) -> None:
        self._get_token = get_token
        self._invalidate = invalidate

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._get_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        # Raises ResponseTooLargeError (a CtpError) for a 401 body above MAX_401_BODY_BYTES.
        read_limited(response, MAX_401_BODY_BYTES)
        if not is_invalid_token_response(response):
            return
        # Exactly one renewal and one resend: a second 401 goes back to the caller as it is.
        # The path can hold a password-reset or email-verification token: logged redacted.
        logger.debug(
            "ctp_auth: 401 invalid_token on %s %s; renewing once",
            request.method,
            redact_url(request.url.path),
        )
        self._invalidate(token)
        request.headers["Authorization"] = f"Bearer {self._get_token()}"
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # The providers block on a threading lock and a sync HTTP call; inside an event loop that
        # would stall every other task, so refuse loudly rather than degrade silently.
        raise RuntimeError(f"{type(self).__name__} is for httpx.Client; ctp_auth is synchronous")
        yield request  # pragma: no cover  # makes this an async generator, as httpx expects


class BearerAuth(_RenewingBearerAuth):
    """``Authorization: Bearer`` from a token source, typically an ``IntegrationTokenProvider``.

    On a 401 ``invalid_token`` the token is invalidated, a new one obtained and the request resent,
    once. Use with ``httpx.Client(auth=BearerAuth(provider))``.
    """

    def __init__(self, source: TokenSource) -> None:
        super().__init__(source.get_token, source.invalidate)
        self._source = source

    def __repr__(self) -> str:
        return f"BearerAuth({self._source!r})"


class CustomerBearerAuth(_RenewingBearerAuth):
    """``Authorization: Bearer`` with the customer (or guest) token kept in one session.

    Create one per request/session: ``httpx.Client(auth=CustomerBearerAuth(provider, session))`` or
    ``client.get(url, auth=CustomerBearerAuth(provider, session))``. On a 401 ``invalid_token`` the
    session's token is renewed with its refresh token and the request resent, once.
    """

    def __init__(self, provider: CustomerTokenProvider, session: MutableMapping[str, Any]) -> None:
        super().__init__(
            lambda: provider.get_token(session),
            lambda access_token: provider.invalidate(session, access_token),
        )
        self._provider = provider

    def __repr__(self) -> str:
        return f"CustomerBearerAuth({self._provider!r})"
