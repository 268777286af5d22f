"""Workload 6: the load ctp-sdk puts on type checkers, for a user script that imports three models and
runs one builder chain, next to a script doing the same with raw httpx + json.loads (same run, alternating).

Both checkers run from a temporary directory outside the checkout against this interpreter, as a user's
editor or CI would: pyright (the pinned one in tests/pyright, `npm ci --prefix tests/pyright`) with
`--pythonpath` and `--stats` (files parsed and bound; it keeps no cache between runs, so every run is
cold), mypy --strict cold (a fresh cache directory) and warm (that cache again). mypy's module count is
the number of modules in its `--timing-stats` (mypy 2 keeps its cache in SQLite: there are no per-module
files to count). mypy gets an explicit config file of the temporary project, so that a `pyproject.toml`
in a parent directory (mypy looks upwards) cannot change what it checks.

Budgets (issue 13): pyright parses at most `PYRIGHT_FILES_BUDGET` files for the user script (it parsed
2,930 when every model was named by the package index), and mypy's cold run is at most
`MYPY_COLD_RATIO_BUDGET` times the raw-httpx script's in the same run: half the lowest ratio measured
before the stubs (5.3x; 5.3x-6x over several runs), as the budget's limit in BENCHMARKS.md says.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ._timing import Stats, paired
from .results import Budget, Row, Settings

__all__ = ["MYPY_COLD_RATIO_BUDGET", "PYRIGHT_FILES_BUDGET", "run"]

PYRIGHT_FILES_BUDGET = 400
MYPY_COLD_RATIO_BUDGET = 2.65

PYRIGHT = Path(__file__).resolve().parent.parent / "tests" / "pyright" / "node_modules" / ".bin" / "pyright"

USER_SCRIPT = """\
from __future__ import annotations

from ctp_sdk import CtpClient
from ctp_sdk.models import Cart, Category, LocalizedString


def names(cart: Cart, name: LocalizedString) -> tuple[str, int]:
    return cart.id, len(name)


def category(ctp: CtpClient) -> Category:
    return ctp.integration_api_root().categories().with_id("x").get().execute().body
"""

BASELINE_SCRIPT = """\
from __future__ import annotations

import json
from typing import Any

import httpx


def category(client: httpx.Client) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(client.get("/project/categories/x").content)
    return body
"""

_PARSED = re.compile(r"Total files parsed and bound: (\d+)")


def _project(root: Path) -> None:
    (root / "user.py").write_text(USER_SCRIPT, encoding="utf-8")
    (root / "baseline.py").write_text(BASELINE_SCRIPT, encoding="utf-8")
    (root / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict", "pythonVersion": "3.11"}\n')
    (root / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")


def _run(args: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed on {args[-1]}:\n{output}")
    return elapsed, output


def _pyright_rows(root: Path, repeats: int) -> list[Row]:
    if not PYRIGHT.exists() or shutil.which("node") is None:
        print("bench: typecheck: pyright not installed (npm ci --prefix tests/pyright); rows skipped", file=sys.stderr)
        return []
    files: dict[str, list[float]] = {"user.py": [], "baseline.py": []}

    def sampler(script: str) -> Callable[[], float]:
        def sample() -> float:
            elapsed, output = _run([str(PYRIGHT), "--pythonpath", sys.executable, "--stats", script], root)
            found = _PARSED.search(output)
            if found is None:
                raise RuntimeError(f"pyright --stats printed no file count:\n{output}")
            files[script].append(float(found.group(1)))
            return elapsed

        return sample

    pair = paired(sampler("user.py"), sampler("baseline.py"), repeats)
    note = "strict; 3 models + GET category by id; pyright keeps no cache: every run is cold"
    return [
        Row("Type checking", "pyright, files parsed", "ctp-sdk", "files", Stats.of(files["user.py"]),
            "raw httpx + json.loads", Stats.of(files["baseline.py"]), None, note),
        Row("Type checking", "pyright, run", "ctp-sdk", "s", pair.subject, "raw httpx + json.loads",
            pair.baseline, pair.ratio, note),
    ]  # fmt: skip


def _mypy_rows(root: Path, repeats: int) -> list[Row]:
    modules: dict[str, list[float]] = {"user.py": [], "baseline.py": []}
    warm: dict[str, list[float]] = {"user.py": [], "baseline.py": []}

    def sampler(script: str) -> Callable[[], float]:
        def sample() -> float:
            with tempfile.TemporaryDirectory(prefix="ctp-bench-mypy-") as cache:
                args = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--strict", "--cache-dir", cache]
                stats = Path(cache) / "timing-stats.txt"
                cold, _ = _run([*args, "--timing-stats", str(stats), script], root)
                modules[script].append(float(len(stats.read_text(encoding="utf-8").splitlines())))
                warm[script].append(_run([*args, script], root)[0])
            return cold

        return sample

    pair = paired(sampler("user.py"), sampler("baseline.py"), repeats)
    warm_user, warm_base = warm["user.py"], warm["baseline.py"]
    warm_ratio = Stats.of([s / b for s, b in zip(warm_user, warm_base, strict=True)])
    note = "--strict; 3 models + GET category by id"
    return [
        Row("Type checking", "mypy, modules analysed", "ctp-sdk", "modules", Stats.of(modules["user.py"]),
            "raw httpx + json.loads", Stats.of(modules["baseline.py"]), None, note),
        Row("Type checking", "mypy, cold (empty cache)", "ctp-sdk", "s", pair.subject, "raw httpx + json.loads",
            pair.baseline, pair.ratio, note),
        Row("Type checking", "mypy, warm (cache of the cold run)", "ctp-sdk", "s", Stats.of(warm_user),
            "raw httpx + json.loads", Stats.of(warm_base), warm_ratio, note),
    ]  # fmt: skip


def budgets(rows: list[Row]) -> list[Budget]:
    out: list[Budget] = []
    for row in rows:
        if row.case == "pyright, files parsed":
            files = row.value.median
            limit = f"<= {PYRIGHT_FILES_BUDGET}"
            out.append(
                Budget(
                    "pyright: files parsed for the user script", limit, f"{files:,.0f}", files <= PYRIGHT_FILES_BUDGET
                )
            )
        if row.case == "mypy, cold (empty cache)" and row.ratio is not None:
            ratio = row.ratio.median
            limit = f"<= {MYPY_COLD_RATIO_BUDGET}x (half the lowest 5.3x measured before the stubs)"
            name = "mypy --strict cold, over the raw-httpx script"
            out.append(Budget(name, limit, f"{ratio:.2f}x", ratio <= MYPY_COLD_RATIO_BUDGET))
    return out


def run(settings: Settings) -> tuple[list[Row], list[Budget]]:
    repeats = settings.repeats(3)
    with tempfile.TemporaryDirectory(prefix="ctp-bench-typecheck-") as tmp:
        root = Path(tmp)
        _project(root)
        rows = _pyright_rows(root, repeats) + _mypy_rows(root, repeats)
        return rows, budgets(rows)
