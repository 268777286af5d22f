"""ctp-sdk: a typed Python SDK for the commercetools Composable Commerce API.

    from ctp_sdk import CtpClient
    ctp = CtpClient.from_env()
    api = ctp.integration_api_root()
    category = api.categories().with_id(cid).get(expand=["parent"]).execute().body   # Category

`ctp_sdk.SPEC_VERSION` names the commercetools API spec (commit, date, sha256) the SDK was generated from.
Models are in `ctp_sdk.models` (imported on first use); errors in `ctp_sdk.errors`. Importing this
package imports no generated module: builders, endpoints and models load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ctp_auth import CtpError, InvalidCustomerCredentialsError

__version__ = "0.1.0"

from ._client import CtpClient
from ._codec import DecodeError
from ._config import ClientConfig, ConfigError
from ._rate_limit import RedisRateLimiter
from ._request import ApiRequest, PagedApiRequest
from ._response import ApiResponse
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    ConcurrentModificationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PaginationError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    TooManyRequestsError,
    UnauthorizedError,
)

if TYPE_CHECKING:
    from ._generated.builders.by_project_key import ByProjectKeyBuilder as ApiRoot
    from ._generated.builders.shopper_roots import B2BShopperApiRoot, ShopperApiRoot
    from ._spec_version import SpecVersion

    SPEC_VERSION: SpecVersion

__all__ = [
    "SPEC_VERSION",
    "ApiConnectionError",
    "ApiError",
    "ApiRequest",
    "ApiResponse",
    "ApiRoot",
    "ApiTimeoutError",
    "B2BShopperApiRoot",
    "BadRequestError",
    "ClientConfig",
    "ConcurrentModificationError",
    "ConfigError",
    "ConflictError",
    "CtpClient",
    "CtpError",
    "DecodeError",
    "ForbiddenError",
    "InvalidCustomerCredentialsError",
    "NotFoundError",
    "PagedApiRequest",
    "PaginationError",
    "RedisRateLimiter",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "ShopperApiRoot",
    "TooManyRequestsError",
    "UnauthorizedError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # `ApiRoot` is the generated root builder; loaded on first use so `import ctp_sdk` stays cheap.
    if name == "ApiRoot":
        from ._generated.builders.by_project_key import ByProjectKeyBuilder

        return ByProjectKeyBuilder
    if name in ("ShopperApiRoot", "B2BShopperApiRoot"):  # the shopper roots (customer_api_root), likewise
        from ._generated.builders import shopper_roots

        return getattr(shopper_roots, name)
    if name == "SPEC_VERSION":
        from ._spec_version import spec_version

        return spec_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
