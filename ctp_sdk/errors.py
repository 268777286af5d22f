"""Everything ctp-sdk raises, in one tree.

    CtpError                          (ctp_auth; catch this to catch everything)
    ├── AuthError ...                 (ctp_auth: invalid client/customer credentials, refresh rejected, ...)
    ├── DecodeError                   a payload did not match its model (model + field path)
    ├── ApiConnectionError            the API could not be reached (the httpx error is __cause__)
    │   └── ApiTimeoutError           ... or did not answer within the timeout
    └── ApiError                      the API answered with a non-2xx status
        ├── BadRequestError           400
        ├── UnauthorizedError         401
        ├── ForbiddenError            403
        ├── NotFoundError             404
        ├── ConflictError             409
        │   └── ConcurrentModificationError   409 with code ConcurrentModification (.current_version)
        ├── TooManyRequestsError      429
        └── ServerError               5xx

Status → class is decided in exactly one place: `error_for_status`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ctp_auth import CtpError

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
    """

    def __init__(self, message: str, *, operation: str | None = None, correlation_id: str | None = None) -> None:
        self.operation = operation
        self.correlation_id = correlation_id
        parts = [message]
        if operation:
            parts.append(operation)
        if correlation_id:
            parts.append(f"correlation_id={correlation_id}")
        super().__init__(" ".join(parts))


class ApiTimeoutError(ApiConnectionError):
    """The API did not answer within the client's timeout. A timed-out POST may have been applied."""


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
    ) -> None:
        self.status_code = status_code
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
