"""ClientConfig: where the project is and how to authenticate, from code or from the environment."""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import httpx
from ctp_auth import DEFAULT_MAX_RESPONSE_BYTES, CtpError, InsecureUrlError, Secret, check_base_url

from ._retry import DEFAULT_CONFLICT_RETRIES, DEFAULT_MAX_RETRIES

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "ENV_VARIABLES",
    "POOL_LIMITS",
    "ClientConfig",
    "ConfigError",
    "as_timeout",
    "check_deadline",
    "check_retries",
]

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=30.0)
"""Connect within 10 s; at most 30 s to send the request, 30 s between bytes of the answer, and 30 s
waiting for a free pooled connection. commercetools answers most calls in well under a second; a large
query or a bulk update can take several."""

DEFAULT_DEADLINE = 120.0
"""At most 120 s for one `.execute()`, everything included: the token request (or the wait for another
thread's), every retry and its backoff, and reading the answer, however slowly it drips in. The phase
timeouts alone cannot bound that: a server sending a byte every few seconds never trips a read timeout."""

POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=5.0)
"""Up to 100 connections per client, all of them kept alive while busy. httpx's default keeps only 20
idle: with more than 20 threads sharing a client, every request beyond those opened and closed a fresh
connection (measured: 3,199 connections for 3,200 requests from 32 threads). Idle ones close after 5 s."""

ENV_VARIABLES = ("CTP_PROJECT_KEY", "CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_AUTH_URL", "CTP_API_URL")
"""Required by `ClientConfig.from_env`; `CTP_SCOPES` is optional (the names the Merchant Center's
"Environment Variables" export uses)."""


class ConfigError(CtpError, ValueError):
    """The configuration is incomplete or invalid; the message names the setting, never its value."""


@dataclass(frozen=True, kw_only=True)
class ClientConfig:
    """Everything a `CtpClient` needs to reach one commercetools project.

    Args:
        project_key: the project's key.
        client_id: the API client's id.
        client_secret: the API client's secret (`str` or `ctp_auth.Secret`); kept as a `Secret`, shown in
            no repr, log or error.
        auth_url: the auth host, e.g. `https://auth.europe-west1.gcp.commercetools.com`.
        api_url: the API host, e.g. `https://api.europe-west1.gcp.commercetools.com`.
        scopes: full scope strings for the integration token (`manage_categories:my-project` ...);
            default: none requested, so the token carries the API client's own scopes.
        customer_scopes: full scope strings for guest and customer tokens; default: least privilege,
            `ctp_auth.CUSTOMER_PERMISSIONS` on this project (the shopper's own data, public catalogue).
        timeout: for every API and auth request (`httpx.Timeout` or seconds for all four phases);
            per request: `.execute(timeout=...)`.
        max_retries: how often a request is resent after a retryable failure (see README "Retries");
            per request: `.execute(max_retries=...)`. 0 turns retries off.
        conflict_retries: how often an update answered with 409 ConcurrentModification is re-sent with
            the current version and the same actions; 0 (default) turns it off. Per request:
            `.execute(conflict_retries=...)`; only safe for some actions (README "Concurrent updates").
        verify: TLS certificate verification, on by default; False turns it off (never do that in
            production), an `ssl.SSLContext` supplies your own CA.
        deadline: seconds one `.execute()` may take in all (token, retries, backoff, reading the body);
            None for no limit. Per request: `.execute(deadline=...)`.
        max_response_bytes: the largest response body accepted, on the wire and after decompression;
            a larger one raises `ResponseTooLargeError` and its connection is closed.
        import_url, history_url, checkout_url: the Import, History and Checkout API hosts; default: the
            API host's region (`https://import.<region>.commercetools.com`...), or the API host itself when
            it is not a commercetools host (the embedded backend and local proxies serve every API).
        allow_insecure_http: accept `http://` URLs for hosts that are not loopback (the secret and tokens
            then cross the network in clear). Off: only `https://`, or `http://` to 127.0.0.1/localhost.
    """

    project_key: str
    client_id: str
    client_secret: str | Secret = field(repr=False)
    auth_url: str
    api_url: str
    scopes: tuple[str, ...] | None = None
    customer_scopes: tuple[str, ...] | None = None
    timeout: httpx.Timeout | float = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = DEFAULT_MAX_RETRIES
    conflict_retries: int = DEFAULT_CONFLICT_RETRIES
    verify: bool | ssl.SSLContext = True
    deadline: float | None = DEFAULT_DEADLINE
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    allow_insecure_http: bool = False
    import_url: str | None = None
    history_url: str | None = None
    checkout_url: str | None = None

    def __post_init__(self) -> None:
        secret = self.client_secret
        if isinstance(secret, Secret):
            secret = secret.reveal()
        if not isinstance(secret, str) or not secret.strip():
            raise ConfigError("ClientConfig.client_secret must be a non-empty string")
        object.__setattr__(self, "client_secret", Secret(secret))
        del secret
        for name in ("project_key", "client_id", "auth_url", "api_url"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"ClientConfig.{name} must be a non-empty string")
        if self.project_key.strip() in (".", ".."):
            raise ConfigError("ClientConfig.project_key must not be '.' or '..'")
        if not isinstance(self.allow_insecure_http, bool):
            raise ConfigError("ClientConfig.allow_insecure_http must be a bool")
        for name in ("auth_url", "api_url"):
            try:
                url = check_base_url(
                    getattr(self, name), f"ClientConfig.{name}", allow_insecure_http=self.allow_insecure_http
                )
            except InsecureUrlError as exc:
                raise ConfigError(str(exc)) from None
            object.__setattr__(self, name, url)
        for name in OTHER_API_URLS:
            value = getattr(self, name)
            if value is None:
                object.__setattr__(self, name, derived_api_url(self.api_url, name.removesuffix("_url")))
                continue
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"ClientConfig.{name} must be a non-empty string or None")
            try:
                url = check_base_url(value, f"ClientConfig.{name}", allow_insecure_http=self.allow_insecure_http)
            except InsecureUrlError as exc:
                raise ConfigError(str(exc)) from None
            object.__setattr__(self, name, url)
        for name in ("scopes", "customer_scopes"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):
                raise ConfigError(f"ClientConfig.{name} must be a sequence of scope strings, not one str")
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "timeout", as_timeout(self.timeout, "ClientConfig.timeout"))
        for name in ("max_retries", "conflict_retries"):
            check_retries(getattr(self, name), f"ClientConfig.{name}")
        if not isinstance(self.verify, (bool, ssl.SSLContext)):
            raise ConfigError("ClientConfig.verify must be True, False or an ssl.SSLContext")
        check_deadline(self.deadline, "ClientConfig.deadline")
        size = self.max_response_bytes
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ConfigError("ClientConfig.max_response_bytes must be an int >= 1")

    def __repr__(self) -> str:
        return (
            f"ClientConfig(project_key={self.project_key!r}, client_id={self.client_id!r}, "
            f"client_secret='***', auth_url={self.auth_url!r}, api_url={self.api_url!r}, "
            f"scopes={self.scopes!r}, customer_scopes={self.customer_scopes!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r}, conflict_retries={self.conflict_retries!r}, verify={self.verify!r}, "
            f"deadline={self.deadline!r}, max_response_bytes={self.max_response_bytes!r}, "
            f"allow_insecure_http={self.allow_insecure_http!r}, import_url={self.import_url!r}, "
            f"history_url={self.history_url!r}, checkout_url={self.checkout_url!r})"
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClientConfig:
        """Read `CTP_PROJECT_KEY`, `CTP_CLIENT_ID`, `CTP_CLIENT_SECRET`, `CTP_AUTH_URL`, `CTP_API_URL`,
        the optional `CTP_SCOPES` (separated by spaces or commas) and the optional `CTP_IMPORT_URL`,
        `CTP_HISTORY_URL`, `CTP_CHECKOUT_URL` from `environ` (default `os.environ`).

        Raises `ConfigError` naming every missing variable.
        """
        env = os.environ if environ is None else environ
        missing = [name for name in ENV_VARIABLES if not env.get(name, "").strip()]
        if missing:
            raise ConfigError(f"missing environment variable(s): {', '.join(missing)}")
        scopes = _split_scopes(env.get("CTP_SCOPES", ""))
        return cls(
            project_key=env["CTP_PROJECT_KEY"].strip(),
            client_id=env["CTP_CLIENT_ID"].strip(),
            client_secret=env["CTP_CLIENT_SECRET"].strip(),
            auth_url=env["CTP_AUTH_URL"],
            api_url=env["CTP_API_URL"],
            scopes=tuple(scopes) or None,
            import_url=env.get("CTP_IMPORT_URL", "").strip() or None,
            history_url=env.get("CTP_HISTORY_URL", "").strip() or None,
            checkout_url=env.get("CTP_CHECKOUT_URL", "").strip() or None,
        )


OTHER_API_URLS = ("import_url", "history_url", "checkout_url")
_COMMERCETOOLS_API_HOST = re.compile(r"^api\.([a-z0-9.-]+)\.commercetools\.com$")


def derived_api_url(api_url: str, api: str) -> str:
    """The `api` ("import", "history", "checkout") host of the API host's region: commercetools serves
    each API on `<api>.<region>.commercetools.com`. Any other host (the embedded backend, a local proxy)
    serves them all itself."""
    url = httpx.URL(api_url)
    match = _COMMERCETOOLS_API_HOST.match(url.host)
    if match is None:
        return api_url
    return str(url.copy_with(host=f"{api}.{match.group(1)}.commercetools.com")).rstrip("/")


def as_timeout(value: object, name: str) -> httpx.Timeout:
    """`value` (an httpx.Timeout or seconds) as an httpx.Timeout; each phase must be positive or None."""
    if isinstance(value, bool) or not isinstance(value, (httpx.Timeout, int, float)):
        raise ConfigError(f"{name} must be an httpx.Timeout or a number of seconds")
    timeout = value if isinstance(value, httpx.Timeout) else httpx.Timeout(float(value))
    for phase in ("connect", "read", "write", "pool"):
        seconds = getattr(timeout, phase)
        if seconds is not None and not seconds > 0:
            raise ConfigError(f"{name}: the {phase} timeout must be positive (or None for no limit)")
    return timeout


def check_deadline(value: object, name: str) -> float | None:
    """`value` as seconds if it is a positive finite number or None, else ConfigError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ConfigError(f"{name} must be a positive number of seconds or None")
    return float(value)


def check_retries(value: object, name: str) -> int:
    """`value` if it is a non-negative int, else ConfigError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{name} must be an int >= 0")
    return value


def _split_scopes(value: str) -> Iterable[str]:
    return [scope for scope in re.split(r"[\s,]+", value) if scope]
