from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Importable under any pytest import mode.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from redis_server import RedisServer, require, run_redis

from ctp_sdk import ClientConfig
from ctp_sdk.testing import Backend


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A fresh real redis-server on a unix socket, stopped after the test."""
    require()
    with run_redis() as server:
        yield server


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


@pytest.fixture
def served() -> Iterator[Served]:
    """The embedded backend served over HTTP on 127.0.0.1, stopped after the test."""
    backend = Backend("fleet-project")
    with backend.serve() as server:
        yield Served(backend, server.url)
