"""mypy --strict infers concrete models through the builders (typing_cases.py) and rejects misuse
(typing_wrong.py: each wrong line is reported)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(path.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_builder_calls_infer_concrete_models() -> None:
    proc = _mypy(HERE / "typing_cases.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_misuse_is_reported_line_by_line() -> None:
    proc = _mypy(HERE / "typing_wrong.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    lines = {int(line.split(":")[1]) for line in errors}
    source = (HERE / "typing_wrong.py").read_text().splitlines()
    expected = {i for i, text in enumerate(source, 1) if text.strip().startswith(("assert_type", "api."))}
    assert lines == expected, proc.stdout
    assert 'Expression is of type "Category", not "Cart"' in proc.stdout


def test_examples_type_check() -> None:
    proc = _mypy(REPO / "examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr
