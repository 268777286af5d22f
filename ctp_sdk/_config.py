"""ClientConfig: where the project is and how to authenticate, from code or from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import httpx
from ctp_auth import CtpError

__all__ = ["DEFAULT_TIMEOUT", "ENV_VARIABLES", "ClientConfig", "ConfigError"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Connect within 10 s, then at most 30 s for each of write, read and pool wait. commercetools answers
most calls in well under a second; a large query or a bulk update can take several."""

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
        client_secret: the API client's secret; shown in no repr, log or error.
        auth_url: the auth host, e.g. `https://auth.europe-west1.gcp.commercetools.com`.
        api_url: the API host, e.g. `https://api.europe-west1.gcp.commercetools.com`.
        scopes: full scope strings for the integration token (`manage_project:my-project` ...);
            default: the integration permissions on this project.
        customer_scopes: full scope strings for guest and customer tokens; default: the customer
            permissions on this project.
        timeout: for every API and auth request (`httpx.Timeout` or seconds).
    """

    project_key: str
    client_id: str
    client_secret: str = field(repr=False)
    auth_url: str
    api_url: str
    scopes: tuple[str, ...] | None = None
    customer_scopes: tuple[str, ...] | None = None
    timeout: httpx.Timeout | float = field(default_factory=lambda: DEFAULT_TIMEOUT)

    def __post_init__(self) -> None:
        for name in ("project_key", "client_id", "client_secret", "auth_url", "api_url"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"ClientConfig.{name} must be a non-empty string")
        for name in ("auth_url", "api_url"):
            url = getattr(self, name).strip()
            if not re.match(r"^https?://[^/\s]+", url):
                raise ConfigError(f"ClientConfig.{name} must be an http(s) URL such as https://host")
            object.__setattr__(self, name, url.rstrip("/"))
        for name in ("scopes", "customer_scopes"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):
                raise ConfigError(f"ClientConfig.{name} must be a sequence of scope strings, not one str")
            object.__setattr__(self, name, tuple(value))
        if not isinstance(self.timeout, httpx.Timeout):
            object.__setattr__(self, "timeout", httpx.Timeout(self.timeout))

    def __repr__(self) -> str:
        return (
            f"ClientConfig(project_key={self.project_key!r}, client_id={self.client_id!r}, "
            f"client_secret='***', auth_url={self.auth_url!r}, api_url={self.api_url!r}, "
            f"scopes={self.scopes!r}, customer_scopes={self.customer_scopes!r}, timeout={self.timeout!r})"
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClientConfig:
        """Read `CTP_PROJECT_KEY`, `CTP_CLIENT_ID`, `CTP_CLIENT_SECRET`, `CTP_AUTH_URL`, `CTP_API_URL` and
        the optional `CTP_SCOPES` (separated by spaces or commas) from `environ` (default `os.environ`).

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
        )


def _split_scopes(value: str) -> Iterable[str]:
    return [scope for scope in re.split(r"[\s,]+", value) if scope]
