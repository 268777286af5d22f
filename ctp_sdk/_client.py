"""CtpClient: one connection pool, the token providers, and the project-bound API roots."""

from __future__ import annotations

import logging
import platform
import random
import time
from collections.abc import Callable, Mapping, MutableMapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, overload

import httpx
from ctp_auth import (
    AuthClient,
    BearerAuth,
    CtpError,
    CustomerBearerAuth,
    CustomerTokenProvider,
    IntegrationTokenProvider,
    InvalidCustomerCredentialsError,
    Secret,
    SessionState,
    TokenStore,
)
from ctp_auth._client import cookieless_jar

from ._config import POOL_LIMITS, ClientConfig
from ._fleet import build_interceptors
from ._logging import install_httpx_redaction
from ._transport import AuthorizedSender, Transport
from ._wire import EnvironmentProxyTransport
from .errors import BadRequestError

if TYPE_CHECKING:
    from ._generated.builders.by_project_key import ByProjectKeyBuilder as ApiRoot
    from ._generated.builders.shopper_roots import B2BShopperApiRoot, ShopperApiRoot
    from ._generated.models.anonymous_cart_sign_in_mode import AnonymousCartSignInMode
    from ._generated.models.customer_sign_in_result import CustomerSignInResult
    from ._generated_checkout.builders.by_project_key import ByProjectKeyBuilder as CheckoutApiRoot
    from ._generated_history.builders.by_project_key import ByProjectKeyBuilder as HistoryApiRoot
    from ._generated_import.builders.by_project_key import ByProjectKeyBuilder as ImportApiRoot
    from ._rate_limit import RedisRateLimiter
    from .otel import OpenTelemetry

__all__ = ["CtpClient", "user_agent"]

logger = logging.getLogger("ctp_sdk")


def user_agent() -> str:
    from . import __version__
    from ._spec_version import spec_version

    return f"ctp-sdk-python/{__version__} python/{platform.python_version()} commercetools-api/{spec_version()}"


class CtpClient:
    """The entry point: API roots acting as the project or as a shopper, and their tokens.

    One `httpx.Client` (connection pool) per CtpClient carries every auth and API request of every
    root; the client is thread-safe, so create one per process and share it. Close it with `close()`
    or use it as a context manager.

    Args:
        config: the project and API client credentials (`ClientConfig`, or `CtpClient.from_env()`).
        transport: an `httpx.BaseTransport` for both the auth and the API host (for tests:
            `httpx.MockTransport`, or the embedded fake backend of `ctp_sdk.testing`). A custom
            transport makes its own TLS decisions: `config.verify` applies to the default one only.
        sleep: how retries wait (default `time.sleep`); tests pass a recorder instead of waiting.
        jitter: a uniform random number in [0, 1) spreading out retry delays (default `random.random`).
        token_store: where the integration token is shared (`ctp_auth.RedisTokenStore`: with every
            process of a fleet, one token request per expiry); default: this client's own memory.
        max_in_flight: at most this many API calls of this client at once; more wait, within the pool
            timeout (README "Running a fleet").
        rate_limiter: a fleet-wide limit on calls per second (`ctp_sdk.RedisRateLimiter`).
        telemetry: `ctp_sdk.otel.OpenTelemetry()` for a span per call and metrics (`ctp-sdk[otel]`).
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        token_store: TokenStore | None = None,
        max_in_flight: int | None = None,
        rate_limiter: RedisRateLimiter | None = None,
        telemetry: OpenTelemetry | None = None,
    ) -> None:
        if not isinstance(config, ClientConfig):
            raise TypeError(f"config must be a ClientConfig, got {type(config).__name__}")
        self.config = config
        # First: a bad limit is a ConfigError before any connection pool exists.
        interceptors = build_interceptors(config, max_in_flight, rate_limiter, telemetry)
        install_httpx_redaction()
        if transport is None:
            transport = EnvironmentProxyTransport(verify=config.verify, limits=POOL_LIMITS)
        if telemetry is not None:
            transport = telemetry.wrap_transport(transport)
        # Redirects are never followed: a 3xx is raised as an ApiError, so no Authorization header
        # (bearer token, or the client secret on token requests) can be carried to another host.
        self._http = httpx.Client(
            transport=transport,
            timeout=config.timeout,
            verify=config.verify,
            limits=POOL_LIMITS,
            headers={"User-Agent": user_agent(), "Accept": "application/json"},
            follow_redirects=False,
            # One pool serves every shopper: no cookie one of them received may go out with another's request.
            cookies=cookieless_jar(),
        )
        self._auth_client = AuthClient(
            config.auth_url,
            config.client_id,
            config.client_secret,
            http=self._http,
            timeout=config.timeout,
            allow_insecure_http=config.allow_insecure_http,
        )
        self._integration = IntegrationTokenProvider(
            self._auth_client, config.project_key, scopes=config.scopes, store=token_store
        )
        self._customers = CustomerTokenProvider(self._auth_client, config.project_key, scopes=config.customer_scopes)
        self._transport = Transport(
            self._http,
            transport,
            config,
            sleep=sleep,
            jitter=jitter,
            interceptors=interceptors,
            on_retry=telemetry.on_retry if telemetry is not None else None,
        )
        self._as_integration = AuthorizedSender(self._transport, BearerAuth(self._integration))

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> CtpClient:
        """A client configured from `CTP_PROJECT_KEY`, `CTP_CLIENT_ID`, `CTP_CLIENT_SECRET`, `CTP_AUTH_URL`,
        `CTP_API_URL` and optionally `CTP_SCOPES` (see `ClientConfig.from_env`)."""
        return cls(ClientConfig.from_env(environ), transport=transport)

    def __repr__(self) -> str:
        return f"CtpClient(project_key={self.config.project_key!r}, api_url={self.config.api_url!r})"

    # -- roots ---------------------------------------------------------------------------------

    def integration_api_root(self) -> ApiRoot:
        """The API acting as the project (client credentials token, cached and renewed).

        `api.categories().with_id(cid).get().execute().body` -> `Category`.
        """
        from ._generated.builders.by_project_key import ByProjectKeyBuilder

        return ByProjectKeyBuilder(self._as_integration, (self.config.project_key,))

    def import_api_root(self) -> ImportApiRoot:
        """The Import API (`config.import_url`) acting as the project, with the integration token and this
        client's transport (retries, deadlines, errors, logging).

        `imp.import_containers().with_import_container_key_value("c").get().execute().body` ->
        `ImportContainer`; bulk loads: `ctp_sdk.importapi.Importer`.
        """
        from ._generated_import.builders.by_project_key import ByProjectKeyBuilder

        return ByProjectKeyBuilder(self._sender_for(self.config.import_url), (self.config.project_key,))

    def history_api_root(self) -> HistoryApiRoot:
        """The History (audit log) API (`config.history_url`) acting as the project.

        `hist.with_resource_type_value("products").with_id_value(pid).get().execute().body` ->
        `RecordPagedQueryResponse`.
        """
        from ._generated_history.builders.by_project_key import ByProjectKeyBuilder

        return ByProjectKeyBuilder(self._sender_for(self.config.history_url), (self.config.project_key,))

    def checkout_api_root(self) -> CheckoutApiRoot:
        """The Checkout API (`config.checkout_url`) acting as the project.

        `co.applications().with_key("web").get().execute().body` -> `Application`.
        """
        from ._generated_checkout.builders.by_project_key import ByProjectKeyBuilder

        return ByProjectKeyBuilder(self._sender_for(self.config.checkout_url), (self.config.project_key,))

    def _sender_for(self, base_url: str | None) -> AuthorizedSender:
        # ClientConfig fills every API url; None would mean a config built around its validation.
        if base_url is None:
            raise ValueError("ClientConfig has no URL for this API")
        return AuthorizedSender(self._transport.for_host(base_url), BearerAuth(self._integration))

    @overload
    def customer_api_root(
        self, session: MutableMapping[str, Any], *, b2b: Literal[False] = False
    ) -> ShopperApiRoot: ...

    @overload
    def customer_api_root(self, session: MutableMapping[str, Any], *, b2b: Literal[True]) -> B2BShopperApiRoot: ...

    @overload
    def customer_api_root(
        self, session: MutableMapping[str, Any], *, b2b: bool
    ) -> ShopperApiRoot | B2BShopperApiRoot: ...

    def customer_api_root(
        self, session: MutableMapping[str, Any], *, b2b: bool = False
    ) -> ShopperApiRoot | B2BShopperApiRoot:
        """The API acting as the shopper whose tokens live in `session` (any MutableMapping, e.g. a web
        framework's session). An empty session starts a guest (anonymous) session; tokens are renewed
        and written back to `session`.

        The root offers only what a shopper's token may call (the `/me` family, in-store `/me`, and the
        public catalogue reads of the customer scopes), as the spec declares each operation's scopes:
        `me.me().active_cart().get().execute().body` -> `Cart`; `me.customers()` does not type-check.
        `b2b=True` types it for `ctp_auth.B2B_CUSTOMER_PERMISSIONS` (the shopper's business units, quote
        requests and quotes; set `ClientConfig.customer_scopes` to match). `me.project_root()` is the full
        project root on the same token, for calls a wider `customer_scopes` allows.
        """
        from ._generated.builders.shopper_roots import B2BShopperApiRoot, ShopperApiRoot

        sender = AuthorizedSender(self._transport, CustomerBearerAuth(self._customers, session))
        root = B2BShopperApiRoot if b2b else ShopperApiRoot
        return root(sender, (self.config.project_key,))

    # -- customer sessions ---------------------------------------------------------------------

    def start_guest_session(
        self, session: MutableMapping[str, Any], *, anonymous_id: str | None = None
    ) -> SessionState:
        """Start a guest (anonymous) session on `session` now, replacing any tokens it holds, with the
        anonymous id `anonymous_id` (the auth server picks one without it). Not needed for a server-chosen
        id: the first call on an empty session's `customer_api_root` starts one by itself."""
        self._customers.start_guest_session(session, anonymous_id=anonymous_id)
        state = self._customers.session_state(session)
        if state is None:  # a session mapping that drops writes cannot keep a shopper signed in either
            raise RuntimeError("the session did not keep the guest token written to it")
        return state

    def sign_in_customer(
        self,
        session: MutableMapping[str, Any],
        *,
        email: str,
        password: str | Secret,
        store_key: str | None = None,
        active_cart_sign_in_mode: AnonymousCartSignInMode | None = None,
    ) -> CustomerSignInResult:
        """Sign a customer in on `session`, keeping the guest's cart.

        Calls `POST /me/login` (in the store with `store_key`) with the session's guest token, which
        makes commercetools merge the guest's active cart into the customer's (or take it over:
        `active_cart_sign_in_mode`), then runs the password flow and stores the customer's tokens in
        the session. Returns the signed-in customer and their active cart.

        Raises `InvalidCustomerCredentialsError` (session unchanged) for a wrong email or password.
        """
        secret = Secret(password)
        del password  # no frame of ours keeps the plain value (tracebacks rendered with their locals)
        if not email:
            raise ValueError("email must not be empty")
        if not secret:
            raise ValueError("password must not be empty")
        try:
            return self._sign_in(session, email, secret, store_key, active_cart_sign_in_mode)
        except CtpError as err:
            # Raised from here with a fresh traceback: the inner frames hold the request body and tokens
            # in their locals, and this frame is rendered too, so it lets go of the session (tokens).
            del session
            raise err.with_traceback(None)  # noqa: B904 - the same error

    def _sign_in(
        self,
        session: MutableMapping[str, Any],
        email: str,
        secret: Secret,
        store_key: str | None,
        active_cart_sign_in_mode: AnonymousCartSignInMode | None,
    ) -> CustomerSignInResult:
        from ._generated.models.my_customer_signin import MyCustomerSignin

        me = self.customer_api_root(session)
        node = me.in_store_key_with_store_key_value(store_key).me() if store_key is not None else me.me()
        body = MyCustomerSignin(
            email=email, password=secret.reveal(), active_cart_sign_in_mode=active_cart_sign_in_mode
        )
        failure: CtpError | None = None
        try:
            result = node.login().post(body).execute().body
        except BadRequestError as err:
            if "InvalidCredentials" not in err.codes:
                raise
            failure = InvalidCustomerCredentialsError(
                "customer email or password rejected",
                error="invalid_customer_account_credentials",
                error_description=err.message,
                status_code=err.status_code,
            )
        if failure is not None:
            raise failure
        self._customers.sign_in(session, email, secret, store_key=store_key)
        logger.debug("ctp_sdk: customer signed in on session (guest cart kept)")
        return result

    def sign_out_customer(self, session: MutableMapping[str, Any], *, revoke: bool = True) -> bool:
        """Sign the session's shopper out: its tokens are cleared (the next call on it starts a fresh guest
        session), refused by this client from now on even if a copy of the session presents them, and,
        with `revoke`, revoked on the auth server. Returns True if the auth server confirmed the revocation
        (see README, "Sessions and sign-out", for what is and is not revoked)."""
        return self._customers.sign_out(session, revoke=revoke)

    def customer_session_state(self, session: MutableMapping[str, Any]) -> SessionState | None:
        """Who `session` acts as (guest or customer, ids, expiry); None before its first token."""
        return self._customers.session_state(session)

    # -- tokens --------------------------------------------------------------------------------

    def get_integration_token(self) -> str:
        """A valid integration access token (cached, renewed before it expires)."""
        try:
            return self._integration.get_token()
        except CtpError as err:
            raise err.with_traceback(None)  # noqa: B904 - the same error; inner frames hold credentials

    def get_customer_token(self, session: MutableMapping[str, Any]) -> str:
        """A valid access token for `session`'s shopper (a guest token if no one signed in), renewed
        with the refresh token when needed and written back to the session."""
        try:
            return self._customers.get_token(session)
        except CtpError as err:
            del session  # holds the shopper's tokens; this frame is rendered in the traceback
            raise err.with_traceback(None)  # noqa: B904 - the same error; inner frames hold credentials

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool; the client (and its roots) cannot send afterwards."""
        self._http.close()

    def __enter__(self) -> CtpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
