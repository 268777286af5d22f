"""mypy --strict and pyright strict infer concrete models through the Import, History and Checkout roots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CASES = HERE / "typing_other_apis.py"


def test_other_api_roots_infer_concrete_models_under_mypy() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(CASES.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_other_api_roots_infer_concrete_models_under_pyright(tmp_path: Path, pyright: Path) -> None:
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "pythonVersion": "3.11",
                "typeCheckingMode": "strict",
                "extraPaths": [str(REPO), str(REPO / "auth")],
            }
        )
    )
    proc = subprocess.run(
        # The file on the command line: pyright ignores an absolute path in "include" and checks no file.
        [str(pyright), "--pythonpath", sys.executable, "--stats", "--project", str(config), str(CASES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "0 errors" in proc.stdout, proc.stdout[-3000:]
    assert "Found 1 source file" in proc.stdout, proc.stdout[-3000:]
