"""ctp_auth: OAuth for the commercetools Composable Commerce API.

- ``AuthClient``: the raw OAuth calls (client credentials, password, anonymous, refresh, introspect).
- ``IntegrationTokenProvider``: a cached, thread-safe token acting as the project.
- ``CustomerTokenProvider``: guest and customer tokens kept in the shopper's session.
- ``BearerAuth`` / ``CustomerBearerAuth``: ``httpx.Auth`` that renews once on 401 ``invalid_token``.
- ``TokenStore``: where integration tokens are shared; ``InMemoryTokenStore`` (default) and
  ``RedisTokenStore`` (one token for a fleet of processes; needs ``redis``).
- ``Secret``: how secrets are held (``repr``/``str`` show ``***``); every API taking one accepts either.
- ``CtpError`` and the ``AuthError`` tree: everything this package raises.

Logs go to ``logging.getLogger("ctp_auth")``, which this package never configures; no log line, error
message or repr contains a client secret, password, access or refresh token.
"""

__version__ = "0.1.0"

from ctp_auth._client import DEFAULT_TIMEOUT, AuthClient
from ctp_auth._clock import Clock, system_clock
from ctp_auth._customer import DEFAULT_SESSION_KEY, CustomerTokenProvider, session_key_for
from ctp_auth._errors import (
    AuthError,
    AuthServerError,
    AuthTimeoutError,
    AuthUnreachableError,
    CtpError,
    InsufficientScopeError,
    InvalidClientError,
    InvalidCustomerCredentialsError,
    RefreshRejectedError,
)
from ctp_auth._httpx_auth import BearerAuth, CustomerBearerAuth, TokenSource, is_invalid_token_response
from ctp_auth._integration import DEFAULT_EXPIRY_MARGIN, IntegrationTokenProvider
from ctp_auth._limits import DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError
from ctp_auth._redis_store import RedisTokenStore, TokenCipher, fail_fast_redis
from ctp_auth._scopes import (
    B2B_CUSTOMER_PERMISSIONS,
    CUSTOMER_PERMISSIONS,
    INTEGRATION_PERMISSIONS,
    PROJECT_WIDE_CUSTOMER_PERMISSIONS,
    project_scopes,
)
from ctp_auth._secret import Secret
from ctp_auth._session import SessionKind, SessionState
from ctp_auth._store import InMemoryTokenStore, TokenStore, TokenStoreUnavailableError
from ctp_auth._token import Introspection, Token
from ctp_auth._urls import InsecureUrlError, check_base_url

__all__ = [
    "B2B_CUSTOMER_PERMISSIONS",
    "CUSTOMER_PERMISSIONS",
    "DEFAULT_EXPIRY_MARGIN",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_SESSION_KEY",
    "DEFAULT_TIMEOUT",
    "INTEGRATION_PERMISSIONS",
    "PROJECT_WIDE_CUSTOMER_PERMISSIONS",
    "AuthClient",
    "AuthError",
    "AuthServerError",
    "AuthTimeoutError",
    "AuthUnreachableError",
    "BearerAuth",
    "Clock",
    "CtpError",
    "CustomerBearerAuth",
    "CustomerTokenProvider",
    "InMemoryTokenStore",
    "InsecureUrlError",
    "InsufficientScopeError",
    "IntegrationTokenProvider",
    "Introspection",
    "InvalidClientError",
    "InvalidCustomerCredentialsError",
    "RedisTokenStore",
    "RefreshRejectedError",
    "ResponseTooLargeError",
    "Secret",
    "SessionKind",
    "SessionState",
    "Token",
    "TokenCipher",
    "TokenSource",
    "TokenStore",
    "TokenStoreUnavailableError",
    "__version__",
    "check_base_url",
    "fail_fast_redis",
    "is_invalid_token_response",
    "project_scopes",
    "session_key_for",
    "system_clock",
]
