"""ctp-sdk: a typed Python SDK for the commercetools Composable Commerce API.

Models are in `ctp_sdk.models` (imported on first use); errors in `ctp_sdk.errors`.
"""

from __future__ import annotations

from ctp_auth import CtpError

from ._codec import DecodeError
from ._response import ApiResponse
from .errors import (
    ApiError,
    BadRequestError,
    ConcurrentModificationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ServerError,
    TooManyRequestsError,
    UnauthorizedError,
)

__version__ = "0.1.0"

__all__ = [
    "ApiError",
    "ApiResponse",
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
    "__version__",
]
