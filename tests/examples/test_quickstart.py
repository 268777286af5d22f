"""The README's demo command runs examples/quickstart.py on the embedded backend: it must keep working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_runs_on_the_embedded_backend() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTP_")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "backend: embedded fake" in out
    assert "total=1" in out  # the query found the category it created
    assert "2 x Runner, total 178.00 EUR" in out
    assert "cart kept: True" in out
    assert "state Open" in out
    assert "[7]" in out
