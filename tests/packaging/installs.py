"""Fresh virtual environments with ctp-sdk and ctp-auth installed the way users install them, outside the
checkout: editable (`pip install -e ./auth -e .`) or from the wheels `pip wheel` builds."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Env:
    """A venv and a directory outside the checkout to run user code and checkers in."""

    root: Path
    workdir: Path

    @property
    def python(self) -> Path:
        return self.root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run([self.python, *args], cwd=self.workdir, check=check)

    def pip(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "pip", "--disable-pip-version-check", *args)


def run(args: list[str | Path], *, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH would let the suite's own paths leak into the user's environment.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def new_env(base: Path) -> Env:
    """An empty venv under `base` and a work directory beside it, both outside the checkout."""
    assert REPO not in base.resolve().parents, "user environments live outside the checkout"
    venv.create(base / "venv", with_pip=True)
    workdir = base / "work"
    workdir.mkdir()
    return Env(base / "venv", workdir)


def editable_env(base: Path) -> Env:
    env = new_env(base)
    env.pip("install", "-q", "-e", REPO / "auth", "-e", REPO)
    return env


def build_wheels(out: Path) -> list[Path]:
    """`pip wheel` for both distributions (no dependencies: those come from the index at install)."""
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, REPO / "auth", REPO], cwd=out.parent)
    wheels = sorted(out.glob("*.whl"))
    assert [w.name.split("-")[0] for w in wheels] == ["ctp_auth", "ctp_sdk"], wheels
    return wheels


def wheel_env(base: Path, wheels: list[Path]) -> Env:
    env = new_env(base)
    env.pip("install", "-q", *wheels)
    return env
