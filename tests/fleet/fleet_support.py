"""What the fleet tests share besides fixtures (a module of its own: `conftest` is a name every test
directory uses, so importing from it depends on sys.path order)."""

from __future__ import annotations

from ctp_sdk import ClientConfig
from ctp_sdk.testing import Backend


class Served:
    """The embedded backend and the loopback URL it answers auth and API requests on."""

    def __init__(self, backend: Backend, url: str) -> None:
        self.backend = backend
        self.url = url

    def config(self) -> ClientConfig:
        """A ClientConfig reaching this backend over HTTP (what another process would use)."""
        return ClientConfig(
            project_key=self.backend.project_key,
            client_id=self.backend.client.client_id,
            client_secret=self.backend.client.client_secret,
            auth_url=self.url,
            api_url=self.url,
            scopes=(f"manage_project:{self.backend.project_key}",),
        )

    def token_requests(self) -> int:
        """Client-credentials token requests the backend has answered (or refused) so far."""
        return self.backend.auth.token_requests["client_credentials"]
