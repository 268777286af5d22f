"""One editable and one wheel-installed environment per test session (each install takes a while)."""

from __future__ import annotations

from pathlib import Path

import pytest

from installs import Env, build_wheels, editable_env, wheel_env


@pytest.fixture(scope="session")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("wheels") / "dist"
    out.mkdir()
    return build_wheels(out)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, wheels: list[Path]) -> Env:
    return wheel_env(tmp_path_factory.mktemp("wheel-install"), wheels)


@pytest.fixture(scope="session")
def editable(tmp_path_factory: pytest.TempPathFactory) -> Env:
    return editable_env(tmp_path_factory.mktemp("editable-install"))
