"""pytest fixtures for a fresh fake commercetools backend per test.

Loaded automatically through the `pytest11` entry point of ctp-sdk (or add
`pytest_plugins = ["ctp_sdk.testing.pytest_plugin"]` to a root conftest.py):

- `ctp_backend`: a new `Backend` (project `test-project`, default API client with manage_project).
- `ctp_client`: a `ctp_sdk.CtpClient` wired to `ctp_backend` (integration scope manage_project).
- `ctp_http`: an `httpx.Client` on the backend's transport with an integration (client credentials)
  token, base URL the API host; closed after the test.

Imports are deferred to fixture use, so loading the plugin costs nothing for suites that never ask.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import httpx

    from .._client import CtpClient
    from ._backend import Backend


@pytest.fixture
def ctp_backend() -> Backend:
    """A fresh, empty fake project; nothing it does leaves the process."""
    from ._backend import Backend

    return Backend()


@pytest.fixture
def ctp_client(ctp_backend: Backend) -> Iterator[CtpClient]:
    """A CtpClient on the fresh backend: `ctp_client.integration_api_root()` acts as the project,
    `ctp_client.customer_api_root(session)` as a shopper."""
    client: CtpClient = ctp_backend.ctp_client()
    with client:
        yield client


@pytest.fixture
def ctp_http(ctp_backend: Backend) -> Iterator[httpx.Client]:
    """An httpx.Client acting as the project (client credentials, scope manage_project)."""
    import httpx
    from ctp_auth import AuthClient, BearerAuth, IntegrationTokenProvider

    transport = ctp_backend.transport()
    with httpx.Client(transport=transport) as auth_http:
        auth = AuthClient(
            ctp_backend.auth_url, ctp_backend.client.client_id, ctp_backend.client.client_secret, http=auth_http
        )
        provider = IntegrationTokenProvider(
            auth, ctp_backend.project_key, scopes=[f"manage_project:{ctp_backend.project_key}"]
        )
        with httpx.Client(transport=transport, base_url=ctp_backend.api_url, auth=BearerAuth(provider)) as client:
            yield client
