"""Workload 5: wall time of a full regeneration (`python -m codegen --check`: generate the whole tree into
a temporary directory and diff it against ctp_sdk/_generated, so the working tree is left untouched)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ._timing import Stats
from .results import Budget, Row, Settings

__all__ = ["run"]

ROOT = Path(__file__).resolve().parents[1]
REGEN_BUDGET = 60.0


def run(settings: Settings) -> tuple[list[Row], list[Budget]]:
    samples: list[float] = []
    drift = ""
    for _ in range(1 if settings.quick else 2):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "codegen", "--check"],
            cwd=ROOT,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            check=False,
        )
        samples.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"codegen failed:\n{done.stderr[-2000:]}")
        # How many files and the first paths codegen printed, so that a drift seen only here (three bench
        # runs of five, never in the drift test or a direct `codegen --check`) can be looked into afterwards.
        lines = done.stdout.splitlines()
        count = next((line.split()[0] for line in lines if "differ from a fresh generation" in line), "?")
        paths = [line.strip() for line in lines if line.startswith("  ")][:3]
        if done.returncode != 0:
            drift = f"sample {len(samples)}: {count} files differ from a fresh generation: {', '.join(paths)}"
            break
        drift = "no drift"
    stats = Stats.of(samples)
    rows = [
        Row(
            "Regeneration",
            "python -m codegen --check",
            "ctp-sdk",
            "s",
            stats,
            note=f"whole tree into a temp dir + diff; {drift}",
        )
    ]
    budgets = [Budget("regeneration", f"<= {REGEN_BUDGET:g} s", f"{stats.median:.1f} s", stats.median <= REGEN_BUDGET)]
    return rows, budgets
