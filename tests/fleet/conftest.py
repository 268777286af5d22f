from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Importable under any pytest import mode.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from fleet_support import Served
from redis_server import RedisServer, require, run_redis

from ctp_sdk.testing import Backend


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A fresh real redis-server on a unix socket, stopped after the test."""
    require()
    with run_redis() as server:
        yield server


@pytest.fixture
def served() -> Iterator[Served]:
    """The embedded backend served over HTTP on 127.0.0.1, stopped after the test."""
    backend = Backend("fleet-project")
    with backend.serve() as server:
        yield Served(backend, server.url)
