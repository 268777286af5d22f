"""Regenerating from the pinned spec reproduces the committed ctp_sdk/_generated exactly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from shared_data import REPO, require_spec


def test_regeneration_reproduces_the_committed_tree() -> None:
    spec = require_spec()
    pytest.importorskip("openapi_python_client", reason="codegen extras not installed: pip install -e '.[codegen]'")
    env = {**os.environ, "CTP_SPEC_PATH": str(spec)}
    proc = subprocess.run(
        [sys.executable, "-m", "codegen", "--check", "--strict"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "matches the pinned spec" in proc.stdout
