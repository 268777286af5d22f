"""Lint and strict typing of the handwritten code run with the suite, so CI holds them (generated code is
excluded in pyproject.toml; it is checked by regeneration and by the typing test files instead)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = ["ctp_sdk", "auth/ctp_auth", "codegen", "tests", "bench", "examples", "noxfile.py", "hatch_build.py"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint_and_format() -> None:
    pytest.importorskip("ruff", reason="ruff comes with the codegen extras")
    lint = _run("ruff", "check", *HANDWRITTEN)
    assert lint.returncode == 0, lint.stdout[-4000:]
    fmt = _run("ruff", "format", "--check", *HANDWRITTEN)
    assert fmt.returncode == 0, fmt.stdout[-4000:]


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    sdk = _run("mypy", "ctp_sdk", "codegen", "bench", "hatch_build.py")
    assert sdk.returncode == 0, sdk.stdout[-4000:]
    auth = _run("mypy", "--strict", "auth/ctp_auth")
    assert auth.returncode == 0, auth.stdout[-4000:]


def test_mypy_strict_web_recipes() -> None:
    """examples/web is code users copy: typed like the package (the frameworks come with the test extra)."""
    pytest.importorskip("mypy")
    for framework in ("flask", "flask_session", "django", "fastapi", "starsessions"):
        pytest.importorskip(framework)
    web = _run("mypy", "examples/web")
    assert web.returncode == 0, web.stdout[-4000:]
