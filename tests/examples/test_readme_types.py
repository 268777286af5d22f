"""The README's type-checked snippets (the ```python blocks right after `<!-- type-checked -->`) pass mypy
--strict and pyright strict, and readme_types_wrong.py shows both reject the wrong calls, line by line.

A marked block may use `ctp` (a `CtpClient`) and `api` (its integration root), as the README's earlier
blocks define them; PRELUDE gives them to the type checkers. Shopper-root snippets (issue 15b: a root that
offers `me()` and not `customers()`) belong here too: mark their README block, and add the calls the
shopper root must refuse to readme_types_wrong.py, each with `# rejected`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
README = REPO / "README.md"
WRONG = HERE / "readme_types_wrong.py"

PRELUDE = """\
from __future__ import annotations

from ctp_sdk import CtpClient

ctp = CtpClient.from_env()
api = ctp.integration_api_root()
"""


def _typed_blocks() -> list[str]:
    return re.findall(r"<!-- type-checked -->\n```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


@dataclass
class Checked:
    """One type checker's run over both files."""

    output: str
    errors: dict[str, set[int]] = field(default_factory=dict)  # file name -> lines with an error

    def lines(self, path: Path) -> set[int]:
        return self.errors.get(path.name, set())


@pytest.fixture(scope="module")
def snippets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    blocks = _typed_blocks()
    assert blocks, "README.md has no <!-- type-checked --> python block"
    path = tmp_path_factory.mktemp("readme") / "readme_snippets.py"
    path.write_text(PRELUDE + "\n".join(blocks), encoding="utf-8")
    return path


def _expected_lines(path: Path) -> set[int]:
    return {n for n, line in enumerate(path.read_text().splitlines(), 1) if "# rejected: " in line}


@pytest.fixture(scope="module")
def mypy_run(snippets: Path) -> Checked:
    """One mypy run over both files (mypy is the slow part)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(snippets),
            str(WRONG),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    out = Checked(proc.stdout)
    for line in proc.stdout.splitlines():
        if ": error:" in line:
            name, number = line.split(":")[:2]
            out.errors.setdefault(Path(name).name, set()).add(int(number))
    return out


@pytest.fixture(scope="module")
def pyright_run(snippets: Path, pyright: Path, tmp_path_factory: pytest.TempPathFactory) -> Checked:
    config = tmp_path_factory.mktemp("pyright") / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "pythonVersion": "3.11",
                "typeCheckingMode": "strict",
                "extraPaths": [str(REPO), str(REPO / "auth")],
            }
        )
    )
    # Files on the command line: pyright ignores absolute paths in a config's "include".
    proc = subprocess.run(
        [
            str(pyright),
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--project",
            str(config),
            str(snippets),
            str(WRONG),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == 2, proc.stdout + proc.stderr
    out = Checked(proc.stdout[-6000:])
    for diag in report["generalDiagnostics"]:
        if diag["severity"] == "error":  # pyright counts lines from 0
            out.errors.setdefault(Path(diag["file"]).name, set()).add(diag["range"]["start"]["line"] + 1)
    return out


def test_readme_snippets_pass_mypy(snippets: Path, mypy_run: Checked) -> None:
    assert mypy_run.lines(snippets) == set(), mypy_run.output


def test_readme_snippets_pass_pyright(snippets: Path, pyright_run: Checked) -> None:
    assert pyright_run.lines(snippets) == set(), pyright_run.output


def test_mypy_rejects_each_wrong_call(mypy_run: Checked) -> None:
    assert mypy_run.lines(WRONG) == _expected_lines(WRONG), mypy_run.output
    assert "Literal['Bogus']" in mypy_run.output


def test_pyright_rejects_each_wrong_call(pyright_run: Checked) -> None:
    assert pyright_run.lines(WRONG) == _expected_lines(WRONG), pyright_run.output


def test_the_wrong_file_has_wrong_calls() -> None:
    assert len(_expected_lines(WRONG)) >= 7
