"""The update path end to end, in a scratch copy of the checkout (the worktree is never touched):
`update-spec` to each older platform spec in ../shared/spec/history (12 and 24 months before the pin),
the generated-layer, builder and README-example tests against it, then `update-spec` back to the pinned
spec, which must give back the committed tree byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from shared_data import REPO, require_spec

from codegen.generate import diff_trees

HISTORY = REPO.parent / "shared" / "spec" / "history"
# What runs against each older spec: everything that does not depend on the pinned spec's own examples
# or counts (test_examples/test_drift) or on the fake backend's coverage of the newest API (tests/testing).
SUITE = (
    "tests/builders",
    "tests/examples/test_readme.py",
    "tests/generated/test_endpoints.py",
    "tests/generated/test_dates.py",
    "tests/generated/test_forward_compat.py",
    "tests/generated/test_secrets.py",
    "tests/generated/test_spec_record.py",
    "tests/codegen/test_errata.py",
)


def _history() -> list[Path]:
    specs = sorted(HISTORY.glob("*/openapi.yaml"))
    if not specs:
        pytest.skip(f"no older specs under {HISTORY}: they ship with ../shared")
    return specs


def _scratch_copy(dest: Path) -> Path:
    """The checkout as committed plus local edits (tracked and untracked, not ignored), without .nox etc."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("the round trip copies the checkout with git ls-files; this is not a git checkout")
    for rel in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / rel
        if source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _env(scratch: Path, spec: Path) -> dict[str, str]:
    # `python -S` + PYTHONPATH: the scratch copy's ctp_sdk and codegen, not the editable install's finder
    # (which would point back at the worktree), with the installed dependencies from site-packages.
    paths = [str(scratch), str(scratch / "auth"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return {**env, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), "CTP_SPEC_PATH": str(spec)}


def _run(scratch: Path, spec: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=scratch, env=_env(scratch, spec), capture_output=True, text=True, check=False
    )


def test_update_to_each_older_spec_and_back_to_the_pin(tmp_path: Path) -> None:
    pinned = require_spec()
    pytest.importorskip("openapi_python_client", reason="codegen extras not installed: pip install -e '.[codegen]'")
    specs = _history()
    scratch = _scratch_copy(tmp_path / "checkout")
    for spec in specs:
        update = _run(scratch, spec, "-m", "codegen", "update", str(spec))
        assert update.returncode == 0, f"update to {spec}:\n{update.stdout[-3000:]}\n{update.stderr[-3000:]}"
        assert "API diff" in update.stdout and "warning(s)" in update.stdout
        assert "Traceback" not in update.stderr
        assert (scratch / "build" / "api-diff.md").read_text().startswith("## API changes")
        tests = _run(scratch, spec, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITE)
        assert tests.returncode == 0, f"tests against {spec}:\n{tests.stdout[-5000:]}\n{tests.stderr[-2000:]}"
    back = _run(scratch, pinned, "-m", "codegen", "update", str(pinned), "--strict")
    assert back.returncode == 0, back.stdout[-3000:] + back.stderr[-3000:]
    assert diff_trees(scratch / "ctp_sdk" / "_generated", REPO / "ctp_sdk" / "_generated") == []
    for rel in ("spec/pin.json", "spec/api.lock"):
        assert (scratch / rel).read_bytes() == (REPO / rel).read_bytes(), rel
