"""BENCHMARKS.md: machine, versions, the side-by-side table and the budget verdicts."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ._timing import Stats
from .results import Budget, Row

__all__ = ["machine", "render"]

ROOT = Path(__file__).resolve().parents[1]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "?"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head


def machine() -> list[tuple[str, str]]:
    return [
        ("Date", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Machine", f"{_cpu()}, {os.cpu_count()} cores, {_memory()} RAM, {platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        (
            "Packages",
            f"ctp-sdk {_version('ctp-sdk')} (commit {_commit()}), httpx {_version('httpx')}, "
            f"attrs {_version('attrs')}, commercetools (labd) {_version('commercetools')}",
        ),
    ]


def _num(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _stats(stats: Stats | None) -> str:
    if stats is None:
        return "—"
    return f"{_num(stats.median)} ({_num(stats.min)}-{_num(stats.max)})"


def _ratio(stats: Stats | None) -> str:
    if stats is None:
        return "—"
    return f"**{stats.median:.2f}x** ({stats.min:.2f}-{stats.max:.2f})"


def table(rows: list[Row]) -> str:
    lines = [
        "| workload | case | subject | median (min-max) | unit | baseline | baseline median (min-max) | ratio "
        "| notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workload} | {row.case} | {row.subject} | {_stats(row.value)} | {row.unit} | "
            f"{row.baseline_name or '—'} | {_stats(row.baseline)} | {_ratio(row.ratio)} | {row.note} |"
        )
    return "\n".join(lines)


def budget_table(budgets: list[Budget]) -> str:
    lines = ["| budget | limit | measured | verdict |", "|---|---|---|---|"]
    for budget in budgets:
        verdict = "met" if budget.met else "**MISSED**"
        lines.append(f"| {budget.name} | {budget.limit} | {budget.measured} | {verdict} |")
    return "\n".join(lines)


def render(rows: list[Row], budgets: list[Budget], *, command: str, quick: bool) -> str:
    header = [
        "# Benchmarks",
        "",
        f"Written by `{command}` (the `bench/` package). Every figure is measured next to its baseline in the same",
        "run, alternating subject and baseline, and reported as median (min-max) of the repeats plus the ratio",
        "subject / baseline over the paired samples. Import and first-call figures come from fresh",
        "`python -I` processes with bytecode already compiled (as after `pip install`), in a venv holding only",
        "ctp-sdk's runtime dependencies and the labd SDK (`nox -s bench` builds it; CTP_BENCH_STARTUP_PYTHON).",
        "",
    ]
    if quick:
        header += ["**Quick mode: tiny iteration counts, figures are not meaningful.**", ""]
    header += [f"- {name}: {value}" for name, value in machine()]
    return "\n".join(
        [
            *header,
            "",
            "## Budgets",
            "",
            budget_table(budgets),
            "",
            "## Results",
            "",
            table(rows),
            "",
        ]
    )
