"""Fixtures for the ctp_sdk.testing tests: the plugin's own (also registered by its pytest11 entry
point) and `fake` / `target`, the fidelity suite's backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ctp_sdk.testing import Backend
from ctp_sdk.testing.pytest_plugin import ctp_backend, ctp_client, ctp_http

from testing_targets import CLIENT_ID, CLIENT_SECRET, Target

__all__ = ["ctp_backend", "ctp_client", "ctp_http"]


@pytest.fixture(autouse=True)
def _self_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backend's own test mode: every answer must decode with the SDK's generated models."""
    monkeypatch.setattr(Backend, "check_responses", True)


@pytest.fixture
def fake() -> Iterator[Target]:
    backend = Backend("fidelity", client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    target = Target("fake", "fidelity", backend.api_url, backend.auth_url, backend.transport(), backend)
    yield target
    target.close()


@pytest.fixture(params=["fake", "peer"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The fidelity suite's target: the fake, or the peer server (@labdigital/commercetools-mock)."""
    if request.param == "fake":
        yield request.getfixturevalue("fake")
        return
    url: str = request.getfixturevalue("peer_server")
    peer = Target("peer", "fidelity", url, url, None)
    yield peer
    peer.close()
