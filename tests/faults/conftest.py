"""Fixtures for the fault-injection suite: a fault server per test and a real CtpClient pointed at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from fault_client import ClientFactory, Sleeps
from fault_server import CLIENT_ID, CLIENT_SECRET, PROJECT, FaultServer

from ctp_sdk import ClientConfig, CtpClient


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as fault:
        yield fault


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """`make_client(api_url, auth_url=None, **ClientConfig fields)` -> (CtpClient, recorded sleeps);
    jitter is fixed at 0 so delays are exact. Every client made is closed when the test ends."""
    made: list[CtpClient] = []

    def make(api_url: str, auth_url: str | None = None, **config: Any) -> tuple[CtpClient, Sleeps]:
        sleeps = Sleeps()
        settings: dict[str, Any] = {
            "project_key": PROJECT,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "auth_url": auth_url or api_url,
            "api_url": api_url,
            **config,
        }
        ctp = CtpClient(ClientConfig(**settings), sleep=sleeps, jitter=lambda: 0.0)
        made.append(ctp)
        return ctp, sleeps

    yield make
    for ctp in made:
        ctp.close()
