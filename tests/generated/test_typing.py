"""mypy accepts typing_check.py (concrete subclasses where bases are expected, exact endpoint types)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def test_typing_check_file_passes_mypy() -> None:
    pytest.importorskip("mypy")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(HERE / "typing_check.py"),
        ],
        capture_output=True,
        text=True,
        cwd=HERE.parent.parent,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_rejects_wrong_types(tmp_path: Path) -> None:
    """The check above can fail: a wrong action type is an error."""
    pytest.importorskip("mypy")
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from ctp_sdk.models import CategoryUpdate, CartSetKeyAction\n"
        "CategoryUpdate(version=1, actions=[CartSetKeyAction()])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent", str(bad)],
        capture_output=True,
        text=True,
        cwd=HERE.parent.parent,
        check=False,
    )
    assert proc.returncode == 1 and "CartSetKeyAction" in proc.stdout, proc.stdout


def test_typing_check_file_passes_pyright_strict(tmp_path: Path, pyright: Path) -> None:
    """pyright (strict) agrees with mypy; pinned in tests/pyright, installed by `nox -s tests`."""
    repo = HERE.parent.parent
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "pythonVersion": "3.11",
                "typeCheckingMode": "strict",
                "extraPaths": [str(repo), str(repo / "auth")],
            }
        )
    )
    # The file on the command line: pyright ignores absolute paths in a config's "include" (it then
    # analysed no file and reported "0 errors").
    proc = subprocess.run(
        [
            str(pyright),
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--project",
            str(config),
            str(HERE / "typing_check.py"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    summary = json.loads(proc.stdout)["summary"]
    assert summary["filesAnalyzed"] == 1 and summary["errorCount"] == 0, proc.stdout[-3000:]
    assert proc.returncode == 0, proc.stdout[-3000:]
