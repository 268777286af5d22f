"""Every project task. `python3 -m pip install nox`, then `nox -s <session>`; `nox -l` lists them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
PYTHON = "3.11"
LOCAL_PACKAGES = ("-e", "./auth", "-e", ".[test,codegen,fleet-test]")
LABD_SDK = "commercetools==2026.10.12"  # the other Python SDK, for the side-by-side rows
HANDWRITTEN = ("ctp_sdk", "auth/ctp_auth", "codegen", "tests", "bench", "examples", "noxfile.py", "hatch_build.py")


def _spec_env() -> dict[str, str]:
    spec = os.environ.get("CTP_SPEC_PATH")
    return {"CTP_SPEC_PATH": str(Path(spec).resolve())} if spec else {}


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole suite: unit, generated layer, auth, builders, peer integration, drift."""
    session.install(*LOCAL_PACKAGES)
    if shutil.which("npm") is None and os.environ.get("CTP_REQUIRE_PEER") != "1":
        # Outside CI a machine without Node still runs the rest; the peer-server and pyright tests skip
        # with the reason. CI sets CTP_REQUIRE_PEER=1, so there a missing npm fails here instead.
        session.warn("npm not found: peer-server and pyright tests will be skipped (they need Node 22 and npm)")
    else:
        for node_project in ("tests/peer", "tests/pyright"):
            session.run("npm", "ci", "--prefix", node_project, "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "pytest", "-q", *session.posargs, env=_spec_env())


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """examples/quickstart.py on the embedded fake backend (no credentials; with CTP_* set, a real project)."""
    session.install("-e", "./auth", "-e", ".")
    session.run("python", "examples/quickstart.py")


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate ctp_sdk/_generated from the pinned spec (CTP_SPEC_PATH or spec/openapi.yaml)."""
    session.install(*LOCAL_PACKAGES)
    session.run("python", "-m", "codegen", *session.posargs, env=_spec_env())


@nox.session(name="update-spec", python=PYTHON)
def update_spec(session: nox.Session) -> None:
    """Move the pin to another spec and regenerate: `nox -s update-spec -- <openapi.yaml | checkout>`.

    Prints the API diff (and writes it to build/api-diff.md); `-- <spec> --accept-renames` lets published
    names change, `--strict` makes stale overlay entries errors, `--commit/--date` record a plain file's origin.
    """
    if not session.posargs:
        session.error("usage: nox -s update-spec -- <openapi.yaml | api-reference checkout> [--accept-renames]")
    session.install(*LOCAL_PACKAGES)
    session.run("python", "-m", "codegen", "update", *session.posargs, env=_spec_env())


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks and budgets, side by side with the PyPI `commercetools` SDK; writes BENCHMARKS.md.

    `nox -s bench -- --quick` is a smoke run; `-- --skip regen,labd` leaves workloads out.
    """
    # Installed, not editable, so the import figures see what `pip install` gives (compiled bytecode, no
    # editable finder). `commercetools` (labd) is the other Python SDK, only for the side-by-side rows.
    session.install("./auth", ".[codegen,fleet-test,speed]", LABD_SDK, "mypy==2.4.1")  # speed: the orjson rows
    if shutil.which("npm") is not None:  # the pinned pyright, for the type-checking rows
        session.run("npm", "ci", "--prefix", "tests/pyright", "--no-audit", "--no-fund", external=True)
    # Startup rows run in a second venv holding only what `pip install ctp-sdk` brings (and the labd SDK for
    # its rows): in this one, the extras' click (celery) and rich (typer) make `import httpx` load httpx's
    # CLI, ~100 ms that no plain install pays.
    startup_venv = Path(session.create_tmp()).resolve() / "startup-venv"  # absolute: snippets run in a temp cwd
    session.run("python", "-m", "venv", "--clear", str(startup_venv))
    startup_python = str(startup_venv / "bin" / "python")
    session.run(startup_python, "-m", "pip", "install", "-q", "./auth", ".", LABD_SDK, external=True)
    env = {**_spec_env(), "CTP_BENCH_STARTUP_PYTHON": startup_python}
    session.run("python", "-m", "bench", *session.posargs, env=env)


@nox.session(name="fetch-spec", python=PYTHON)
def fetch_spec(session: nox.Session) -> None:
    """Download what the spec-dependent tests need (no ../shared): the four pinned specs (sha256-checked),
    their example payloads and the examples maps derived from the reference's RAML, into
    spec/commercetools-api-reference/ (and the specs to spec/*.yaml for the generator).
    `nox -s fetch-spec -- <api-reference checkout or tarball>` reads a local copy instead."""
    session.install("PyYAML==6.0.3")
    session.run("python", "-m", "codegen.fetch_reference", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff on handwritten code (generated code is excluded in pyproject.toml)."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", *HANDWRITTEN)
    session.run("ruff", "format", "--check", *HANDWRITTEN)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on handwritten code."""
    session.install(*LOCAL_PACKAGES)
    session.run("mypy", "ctp_sdk", "codegen", "bench", "hatch_build.py")
    session.run("mypy", "--strict", "auth/ctp_auth")
