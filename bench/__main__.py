"""`python -m bench [--quick] [--output BENCHMARKS.md] [--skip regen,labd]`: run the workloads, write the report."""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import decode, fleet, overhead, regen, report, startup, typecheck
from .results import Budget, Row, Settings

WORKLOADS = ("startup", "decode", "requests", "fleet", "regen", "typecheck", "labd")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny iteration counts (smoke test, not a measurement)")
    parser.add_argument("--output", type=Path, default=report.ROOT / "BENCHMARKS.md")
    parser.add_argument("--skip", default="", help=f"comma-separated, of {', '.join(WORKLOADS)}")
    parser.add_argument("--command", default="nox -s bench", help="how the report says it was produced")
    args = parser.parse_args(argv)
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    unknown = skip - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workload(s) {sorted(unknown)}")
    settings = Settings(quick=args.quick)
    labd = "labd" not in skip and importlib.util.find_spec("commercetools") is not None
    rows: list[Row] = []
    budgets: list[Budget] = []
    steps: list[tuple[str, Callable[[], tuple[list[Row], list[Budget]]]]] = [
        ("startup", lambda: startup.run(settings, labd=labd)),
        ("decode", lambda: decode.run(settings, labd=labd)),
        ("requests", lambda: overhead.run(settings, labd=labd)),
        ("fleet", lambda: (fleet.run(settings), [])),
        ("regen", lambda: regen.run(settings)),
        ("typecheck", lambda: typecheck.run(settings)),
    ]
    for name, step in steps:
        if name in skip:
            continue
        started = time.perf_counter()
        print(f"bench: {name}...", file=sys.stderr, flush=True)
        step_rows, step_budgets = step()
        rows += step_rows
        budgets += step_budgets
        print(f"bench: {name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    text = report.render(rows, budgets, command=args.command, quick=args.quick)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(budget.met for budget in budgets) or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
