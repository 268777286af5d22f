"""The benchmarks run (quick mode, tiny counts) so `bench/` cannot rot; no timing is asserted."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.__main__ import main  # noqa: E402
from bench.payloads import examples_dir  # noqa: E402


@pytest.mark.skipif(not examples_dir().is_dir(), reason="spec examples not found (set CTP_SPEC_PATH)")
def test_quick_run_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    assert main(["--quick", "--skip", "regen,typecheck,labd", "--output", str(out), "--command", "pytest"]) == 0
    text = out.read_text()
    for heading in ("## Budgets", "## Results", "Python: CPython"):
        assert heading in text
    for workload in ("| Startup |", "| Decode |", "| Encode |", "| Request |", "| Tokens |"):
        assert workload in text
    # Single flight: 32 (here 8) threads asking for a token at once cause one token request.
    token_rows = [line for line in text.splitlines() if "token requests for" in line]
    assert token_rows and all("| 1.00 (1.00-1.00) | requests |" in line for line in token_rows)
    assert "stub: node" in text or shutil.which("node") is None
