"""The one send path: every API request of every root goes through `Transport.send`.

It stamps the `X-Correlation-ID` (generated unless the caller set one), sends with the identity's
`httpx.Auth` (which renews the token once on 401 invalid_token), turns httpx transport failures into
`ApiConnectionError`, logs, and decodes the response (status -> exception in `errors.error_for_status`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from typing import TypeVar

import httpx

from ._endpoint import Request, decode_response, to_httpx
from ._response import ApiResponse
from .errors import ApiConnectionError, ApiError, ApiTimeoutError

__all__ = ["AuthorizedSender", "Transport", "new_correlation_id"]

logger = logging.getLogger("ctp_sdk")

T = TypeVar("T")

CORRELATION_HEADER = "X-Correlation-ID"


def new_correlation_id() -> str:
    """A fresh correlation id, unique per request, for commercetools support to find the request."""
    return f"ctp-sdk-python/{uuid.uuid4()}"


class Transport:
    """Sends `Request`s to the API host on the client's shared `httpx.Client`."""

    def __init__(self, http: httpx.Client, api_url: str) -> None:
        self._http = http
        self._api_url = api_url.rstrip("/")

    def send(self, request: Request[T], auth: httpx.Auth) -> ApiResponse[T]:
        kwargs = to_httpx(request)
        kwargs["url"] = self._api_url + request.path
        http_request = self._http.build_request(**kwargs)
        correlation_id = http_request.headers.get(CORRELATION_HEADER) or new_correlation_id()
        http_request.headers[CORRELATION_HEADER] = correlation_id
        op = request.operation
        # Logged: the path *template* and query parameter names. Path values (password and email
        # tokens), query values, headers and bodies can hold secrets or personal data.
        logger.debug(
            "ctp_sdk: %s %s (%s) query=%s correlation_id=%s",
            op.method,
            op.path,
            op.id,
            sorted({name for name, _ in request.query}),
            correlation_id,
        )
        started = time.perf_counter()
        try:
            response = self._http.send(http_request, auth=auth)
        except httpx.TimeoutException as exc:
            logger.debug("ctp_sdk: %s timed out (%s) correlation_id=%s", op.id, type(exc).__name__, correlation_id)
            raise ApiTimeoutError(
                f"API timed out ({type(exc).__name__})", operation=op.id, correlation_id=correlation_id
            ) from exc
        except httpx.TransportError as exc:
            logger.debug("ctp_sdk: %s unreachable (%s) correlation_id=%s", op.id, type(exc).__name__, correlation_id)
            raise ApiConnectionError(
                f"API unreachable ({type(exc).__name__})", operation=op.id, correlation_id=correlation_id
            ) from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "ctp_sdk: %s -> %s in %.0f ms correlation_id=%s", op.id, response.status_code, elapsed_ms, correlation_id
        )
        try:
            result = decode_response(request, response)
        except ApiError as err:
            if err.correlation_id is None:
                # The API echoes the header; servers that do not still get the id we sent reported.
                err.correlation_id = correlation_id
                err.args = (err._summary(),)
            logger.debug("ctp_sdk: %s failed: %s", op.id, err)
            raise
        if result.correlation_id is None:
            result = dataclasses.replace(result, correlation_id=correlation_id)
        return result


class AuthorizedSender:
    """An `Executor` for builders: the transport plus one identity (integration or a customer session)."""

    __slots__ = ("_auth", "_transport")

    def __init__(self, transport: Transport, auth: httpx.Auth) -> None:
        self._transport = transport
        self._auth = auth

    def execute(self, request: Request[T]) -> ApiResponse[T]:
        return self._transport.send(request, self._auth)

    def __repr__(self) -> str:
        return f"AuthorizedSender({self._auth!r})"
