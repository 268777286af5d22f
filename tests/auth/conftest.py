"""Fixtures for the ctp_auth unit tests; the doubles themselves live in auth_fakes.py."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

# Let test modules `import auth_fakes` whatever pytest import mode the project chooses.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from ctp_auth import AuthClient

from auth_fakes import AUTH_URL, CLIENT_ID, CLIENT_SECRET, FakeAuthServer, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server() -> FakeAuthServer:
    return FakeAuthServer()


@pytest.fixture
def make_client(server: FakeAuthServer, clock: FakeClock) -> Iterator[Callable[..., AuthClient]]:
    http_clients: list[httpx.Client] = []

    def make(client_secret: str = CLIENT_SECRET) -> AuthClient:
        http = httpx.Client(transport=httpx.MockTransport(server))
        http_clients.append(http)
        return AuthClient(AUTH_URL, CLIENT_ID, client_secret, http=http, clock=clock)

    yield make
    for http in http_clients:
        http.close()


@pytest.fixture
def auth_client(make_client: Callable[..., AuthClient]) -> AuthClient:
    return make_client()
