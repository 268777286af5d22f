"""The error answers of the fake backend, in commercetools' own shape.

Handlers raise `ApiFailure`; the dispatcher turns it into `{statusCode, message, errors: [...]}` (the
auth server adds OAuth's `error` / `error_description`). Messages never echo tokens or passwords.
"""

from __future__ import annotations

from typing import Any


class ApiFailure(Exception):
    """A non-2xx answer: status, one commercetools error code, message and extra error fields."""

    def __init__(self, status: int, code: str, message: str, *, oauth: bool = False, **extra: Any) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.oauth = oauth
        self.extra = extra

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, **self.extra}
        out: dict[str, Any] = {"statusCode": self.status, "message": self.message, "errors": [error]}
        if self.oauth:
            out["error"] = self.code
            out["error_description"] = self.message
        return out


def not_found(what: str, value: str) -> ApiFailure:
    message = f"The Resource with {what} '{value}' was not found."
    return ApiFailure(404, "ResourceNotFound", message)


def invalid_input(message: str, **extra: Any) -> ApiFailure:
    return ApiFailure(400, "InvalidInput", message, **extra)


def invalid_json(detail: str) -> ApiFailure:
    return ApiFailure(400, "InvalidJsonInput", "Request body does not contain valid JSON.", detailedErrorMessage=detail)


def invalid_operation(message: str) -> ApiFailure:
    return ApiFailure(400, "InvalidOperation", message)


def concurrent_modification(resource_id: str, expected: int, current: int) -> ApiFailure:
    message = f"Object {resource_id} has a different version than expected. Expected: {expected} - Actual: {current}."
    return ApiFailure(409, "ConcurrentModification", message, currentVersion=current)


def not_implemented(what: str) -> ApiFailure:
    """The honest answer for anything this fake does not model: never a silent wrong one."""
    return ApiFailure(501, "NotImplemented", f"{what} is not supported by ctp_sdk.testing")


def invalid_token(message: str = "invalid_token") -> ApiFailure:
    return ApiFailure(401, "invalid_token", message, oauth=True)


def insufficient_scope(message: str) -> ApiFailure:
    return ApiFailure(403, "insufficient_scope", message, oauth=True)
