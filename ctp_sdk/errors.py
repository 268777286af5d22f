"""Everything ctp-sdk raises, in one tree.

    CtpError                          (ctp_auth; catch this to catch everything)
    ├── AuthError ...                 (ctp_auth: invalid client/customer credentials, refresh rejected, ...)
    ├── DecodeError                   a payload did not match its model (model + field path)
    │   └── ResponseDecodeError       ... in an API response (+ status, content type, correlation id,
    │                                 bounded snippet): not JSON, truncated, wrongly typed
    ├── ApiConnectionError            the API could not be reached (a copy of the httpx error, without
    │   │                             its request, is __cause__); `.request_sent`: the API may have
    │   │                             received (and applied) it
    │   └── ApiTimeoutError           ... or did not answer in time; `.phase`: connect/write/read/pool,
    │                                 deadline (the whole call's `deadline` passed) or queue (a bulkhead
    │                                 or rate limit kept it from starting; never sent)
    ├── ResponseTooLargeError         (ctp_auth) a body above `max_response_bytes`; connection closed
    ├── PaginationError               `iter_all()`: the server did not apply the id cursor
    └── ApiError                      the API answered with a non-2xx status
        ├── BadRequestError           400
        ├── UnauthorizedError         401
        ├── ForbiddenError            403
        ├── NotFoundError             404
        ├── ConflictError             409
        │   └── ConcurrentModificationError   409 with code ConcurrentModification (.current_version)
        ├── TooManyRequestsError      429
        └── ServerError               5xx

Status → class is decided in exactly one place: `error_for_status`. Every error has `.retries`: how
many times the send path resent the request before raising it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ctp_auth import CtpError, ResponseTooLargeError

from ._codec import DecodeError

if TYPE_CHECKING:
    from ._generated.models.error_object import ErrorObject
    from ._generated.models.error_response import ErrorResponse

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "BadRequestError",
    "ConcurrentModificationError",
    "ConflictError",
    "CtpError",
    "DecodeError",
    "ForbiddenError",
    "NotFoundError",
    "PaginationError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "TooManyRequestsError",
    "UnauthorizedError",
    "error_for_status",
]


class ApiConnectionError(CtpError):
    """The API host could not be reached (DNS, refused connection, TLS, dropped connection...).

    Attributes:
        operation: the operation id (`ByProjectKeyCategoriesGet`) that was being sent.
        correlation_id: the `X-Correlation-ID` the request was sent with.
        request_sent: True when the request had been sent completely before the failure, so the API
            may have received and applied it. A POST in that state is never resent automatically:
            check (e.g. GET by key) before sending it again.
        retries: how many times the request was resent before this error.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        correlation_id: str | None = None,
        request_sent: bool = False,
    ) -> None:
        self.operation = operation
        self.correlation_id = correlation_id
        self.request_sent = request_sent
        parts = [message]
        if operation:
            parts.append(operation)
        if request_sent:
            parts.append("(request was sent: it may have been applied)")
        if correlation_id:
            parts.append(f"correlation_id={correlation_id}")
        super().__init__(" ".join(parts))


class PaginationError(CtpError):
    """`iter_all()` stopped: the server answered a page that does not follow the previous one (it ignored
    the id cursor), which would otherwise repeat the same results forever."""


class ApiTimeoutError(ApiConnectionError):
    """The API did not answer within the timeout. `phase` says which one ran out: `connect`, `write`,
    `read` or `pool` (waiting for a free connection), `deadline`: the whole call (token, retries,
    reading the answer) took longer than its `deadline`, or `queue`: a bulkhead (`max_in_flight`) or rate
    limit kept it from starting in time (it was not sent). After a `read` or `deadline` timeout with
    `request_sent`, a POST may have been applied.
    """

    def __init__(
        self,
        message: str,
        *,
        phase: str,
        operation: str | None = None,
        correlation_id: str | None = None,
        request_sent: bool = False,
    ) -> None:
        self.phase = phase
        super().__init__(message, operation=operation, correlation_id=correlation_id, request_sent=request_sent)


class ResponseDecodeError(DecodeError):
    """An API response body that is not JSON, is truncated, or does not match its model.

    Attributes (besides DecodeError's `model`, `path`, `reason`):
        status_code: the HTTP status of the response.
        content_type: its Content-Type header (None if absent).
        correlation_id: the request's `X-Correlation-ID`.
        operation: the operation id.
        snippet: at most SNIPPET_LENGTH characters of the body, with token and password values masked;
            shown in `str()` only for bodies that are not JSON (an HTML proxy page, cut-off JSON).
    """

    SNIPPET_LENGTH = 200

    def __init__(
        self,
        model: str,
        path: tuple[str | int, ...],
        reason: str,
        *,
        status_code: int,
        content_type: str | None,
        correlation_id: str | None,
        operation: str | None,
        snippet: str,
        show_snippet: bool,
    ) -> None:
        super().__init__(model, path, reason)
        self.status_code = status_code
        self.content_type = content_type
        self.correlation_id = correlation_id
        self.operation = operation
        self.snippet = snippet
        parts = [str(self.args[0]), f"(status {status_code}, content type {content_type or 'none'}"]
        if operation:
            parts.append(f", {operation}")
        if correlation_id:
            parts.append(f", correlation_id={correlation_id}")
        parts.append(")")
        if show_snippet:
            parts.append(f" body starts: {snippet!r}")
        self.args = ("".join(parts[:1]) + " " + "".join(parts[1:]),)


class ApiError(CtpError):
    """The API answered with a non-2xx status.

    Attributes:
        status_code: the HTTP status.
        codes: the commercetools error codes (`errors[].code`), e.g. `["DuplicateField"]`.
        errors: the decoded error objects (concrete classes by code, e.g. `DuplicateFieldError`).
        response: the decoded `ErrorResponse`, or None when the body was not one.
        body: the raw response body (bytes, possibly empty).
        headers: the response headers.
        correlation_id: the `X-Correlation-ID` of the request, for commercetools support.
        operation: the operation id (`ByProjectKeyCategoriesGet`) that failed.
        hint: what to do about it, where the SDK can tell (a 403 names the scopes the operation needs).
    """

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        response: ErrorResponse | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        correlation_id: str | None = None,
        operation: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.hint = hint
        self.message = message
        self.response = response
        self.errors: list[ErrorObject] = list(response.errors or []) if response is not None else []
        self.codes: list[str] = [e.code for e in self.errors]
        self.body = body
        self.headers: Mapping[str, str] = headers or {}
        self.correlation_id = correlation_id
        self.operation = operation
        super().__init__(self._summary())

    def _summary(self) -> str:
        parts = [f"{self.status_code}"]
        if self.operation:
            parts.append(self.operation)
        parts.append(self.message)
        if self.codes:
            parts.append(f"codes={','.join(self.codes)}")
        if self.correlation_id:
            parts.append(f"correlation_id={self.correlation_id}")
        if self.hint:
            parts.append(f"({self.hint})")
        return " ".join(parts)


class BadRequestError(ApiError):
    """400: the request is invalid (see `codes`: InvalidInput, InvalidField, DuplicateField...)."""


class UnauthorizedError(ApiError):
    """401: the token is missing, invalid or expired (renewed once automatically before this is raised)."""


class ForbiddenError(ApiError):
    """403: the token lacks a scope (`insufficient_scope`)."""


class NotFoundError(ApiError):
    """404: the resource does not exist (or is not visible with this token)."""


class ConflictError(ApiError):
    """409: the request conflicts with the resource's state."""


class ConcurrentModificationError(ConflictError):
    """409 ConcurrentModification: the `version` sent is not the resource's current version.

    `current_version` is the version the API reported (None if it did not say)."""

    @property
    def current_version(self) -> int | None:
        for error in self.errors:
            version = getattr(error, "current_version", None)
            if isinstance(version, int):
                return version
        return None


class TooManyRequestsError(ApiError):
    """429: rate limited; retried automatically up to the retry budget before this is raised."""


class ServerError(ApiError):
    """5xx: the API failed. A 500 on a POST may have been applied: check before retrying."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: TooManyRequestsError,
}


def error_for_status(status_code: int, codes: list[str]) -> type[ApiError]:
    """The exception class for a non-2xx status (and, for 409, the error codes)."""
    if status_code == 409 and "ConcurrentModification" in codes:
        return ConcurrentModificationError
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, ApiError)


_ = Any
