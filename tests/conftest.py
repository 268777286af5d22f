"""Project-wide pytest fixtures."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Importable under any pytest import mode, not only the default that puts tests/ on sys.path.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from peer_server import missing_reason, run_peer_server


@pytest.fixture(scope="session")
def peer_server() -> Iterator[str]:
    """Base URL of the peer test server (commercetools-mock) on 127.0.0.1, one for the whole session.

    Skipped when node or tests/peer/node_modules is missing, unless CTP_REQUIRE_PEER=1, where a
    missing peer server fails instead (so CI cannot go green by skipping).
    """
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CTP_REQUIRE_PEER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with run_peer_server() as url:
        yield url


@pytest.fixture(scope="session")
def pyright() -> Path:
    """The pinned pyright (tests/pyright, installed by `nox -s tests`); it runs on Node.

    Skipped without Node or the npm package, unless CTP_REQUIRE_PEER=1 (CI), where that fails instead.
    """
    binary = Path(__file__).parent / "pyright" / "node_modules" / ".bin" / "pyright"
    reason = None
    if shutil.which("node") is None:
        reason = "pyright needs Node (node not found on PATH)"
    elif not binary.exists():
        reason = "pyright not installed: run `npm ci --prefix tests/pyright`"
    if reason is not None:
        if os.environ.get("CTP_REQUIRE_PEER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return binary
