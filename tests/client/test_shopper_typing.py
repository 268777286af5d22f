"""mypy --strict and pyright strict on the shopper roots: typing_shopper.py type-checks (the full root's
models through the shopper roots), each line of typing_shopper_wrong.py commented as rejected is an error
for both, and the README's shopper section, as a user's script, offers `me()` and not `customers()`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def _mypy(path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", *flags, "--no-error-summary", "--show-error-codes", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _pyright(pyright: Path, path: Path, tmp: Path, mode: str = "strict") -> tuple[int, list[dict[str, Any]]]:
    config = tmp / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "pythonVersion": "3.11",
                "typeCheckingMode": mode,
                "extraPaths": [str(REPO), str(REPO / "auth")],
            }
        )
    )
    # The file on the command line: pyright ignores absolute paths in "include" and then checks nothing.
    proc = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "--project", str(config), "--outputjson", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == 1, proc.stdout[-2000:]
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    return proc.returncode, errors


def _marked(path: Path, mark: str = "# rejected") -> set[int]:
    return {i for i, line in enumerate(path.read_text().splitlines(), 1) if mark in line}


def _mypy_error_lines(proc: subprocess.CompletedProcess[str]) -> set[int]:
    return {int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line}


def test_mypy_infers_the_full_roots_models_through_the_shopper_roots() -> None:
    proc = _mypy(HERE / "typing_shopper.py", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pyright_infers_the_full_roots_models_through_the_shopper_roots(tmp_path: Path, pyright: Path) -> None:
    code, errors = _pyright(pyright, HERE / "typing_shopper.py", tmp_path)
    assert code == 0 and not errors, errors


def test_mypy_rejects_what_a_shopper_token_cannot_call() -> None:
    path = HERE / "typing_shopper_wrong.py"
    proc = _mypy(path, "--strict")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert _mypy_error_lines(proc) == _marked(path), proc.stdout
    assert '"ShopperApiRoot" has no attribute "customers"' in proc.stdout


def test_pyright_rejects_what_a_shopper_token_cannot_call(tmp_path: Path, pyright: Path) -> None:
    path = HERE / "typing_shopper_wrong.py"
    code, errors = _pyright(pyright, path, tmp_path)
    assert code == 1
    assert {e["range"]["start"]["line"] + 1 for e in errors} == _marked(path), errors
    assert any('Cannot access attribute "customers" for class "ShopperApiRoot"' in e["message"] for e in errors), errors


# --- the README's shopper section, as a user's script ----------------------------------------------

README = REPO / "README.md"
SECTION = "### Shoppers: the customer root"
PREAMBLE = "from ctp_sdk import CtpClient\n\nctp = CtpClient.from_env()\n"
WRONG = "me.customers()  # rejected\n"


def readme_shopper_script() -> str:
    """The python blocks of the README's shopper section, after the two lines that make `ctp`."""
    text = README.read_text()
    start = text.index(SECTION)
    end = text.find("\n### ", start + len(SECTION))
    blocks = re.findall(r"```python\n(.*?)```", text[start : end if end != -1 else None], flags=re.S)
    assert blocks, "the README's shopper section has no python example"
    return PREAMBLE + "\n".join(blocks)


def test_readme_shopper_example_type_checks_and_offers_me_but_not_customers(tmp_path: Path, pyright: Path) -> None:
    script = readme_shopper_script()
    assert "me.me()" in script
    good, bad = tmp_path / "good" / "shopper.py", tmp_path / "bad" / "shopper.py"
    for path, text in ((good, script), (bad, script + WRONG)):
        path.parent.mkdir()
        path.write_text(text)
    proc = _mypy(good)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code, errors = _pyright(pyright, good, good.parent, mode="standard")
    assert code == 0 and not errors, errors

    proc = _mypy(bad)
    assert _mypy_error_lines(proc) == _marked(bad), proc.stdout
    code, errors = _pyright(pyright, bad, bad.parent, mode="standard")
    assert {e["range"]["start"]["line"] + 1 for e in errors} == _marked(bad), errors
