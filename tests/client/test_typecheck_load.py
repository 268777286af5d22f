"""The load ctp-sdk puts on type checkers, for bench's user script (three models and one builder chain),
counted (files, modules), not timed: the counts are deterministic.

- pyright binds a module when a name is looked up in it, and then parses every module that one imports.
  When the models package named all 2,765 models for type checkers, the script made pyright parse
  2,930 files; with the generated name index (`models/_names.pyi` + 64 buckets) and a stub per model
  (codegen/stubs.py) it parsed ~460, and with the stubs grouped (codegen/stub_groups.py) 285: the
  handwritten package, the builders' groups on the chain, the buckets and the groups of the models used.
  `PYRIGHT_FILES_BUDGET` (400, bench/typecheck.py) leaves room for the
  handwritten code to grow and fails as soon as a module that checkers bind imports every model again.
- mypy follows every import, so the fluent root makes it read every platform model and builder; since the
  stubs are grouped (codegen/stub_groups.py) it reads them as ~200 group stubs, not ~3,100 modules, and
  never the per-module re-exports nor the Import, History and Checkout models. Its `ctp_sdk` modules are
  counted (other packages depend on what is installed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.typecheck import PYRIGHT_FILES_BUDGET, USER_SCRIPT

# Measured: 288 `ctp_sdk` modules with grouped stubs; 3,491 with a stub per module, 4,332 before the stubs
# (when the Import, History and Checkout indexes named their models).
MYPY_CTP_MODULES_BUDGET = 400


def _project(tmp: Path) -> Path:
    (tmp / "user.py").write_text(USER_SCRIPT, encoding="utf-8")
    (tmp / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict", "pythonVersion": "3.11"}\n')
    (tmp / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    return tmp / "user.py"


def test_pyright_parses_only_what_the_user_script_reaches(tmp_path: Path, pyright: Path) -> None:
    script = _project(tmp_path)
    proc = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "--stats", script.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    found = re.search(r"Total files parsed and bound: (\d+)", proc.stdout)
    assert found is not None, proc.stdout[-3000:]
    assert int(found.group(1)) <= PYRIGHT_FILES_BUDGET, proc.stdout[-3000:]


def test_mypy_reads_no_other_apis_models_for_the_user_script(tmp_path: Path) -> None:
    script = _project(tmp_path)
    stats = tmp_path / "timing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--strict", "--cache-dir", str(tmp_path / "c"),
         "--timing-stats", str(stats), script.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    modules = [line.split()[0] for line in stats.read_text(encoding="utf-8").splitlines()]
    ours = [m for m in modules if m == "ctp_sdk" or m.startswith("ctp_sdk.")]
    assert len(ours) <= MYPY_CTP_MODULES_BUDGET, len(ours)
    # The platform models are all there (the facade names them), read from their groups' stubs only.
    assert "ctp_sdk._generated.models._group_cart" in ours
    assert "ctp_sdk._generated.models.cart" not in ours
    assert sum(1 for m in ours if m.startswith("ctp_sdk._generated_history.models.")) < 100
