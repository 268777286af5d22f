"""mypy and pyright see the SDK's real types in a user's environment, editable or installed from wheels.

Both checkers run from a directory outside the checkout against a fresh venv (mypy with
`--python-executable`, pyright with `--pythonpath`: each asks that interpreter for its `sys.path`). Before
the hatchling build (setuptools' editable import hook), the editable case failed: mypy "Cannot find
implementation or library stub for module named ctp_sdk", pyright every SDK type Unknown.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from installs import REPO, Env, run

HERE = Path(__file__).parent
SCRIPTS = ("user_script.py", "user_script_wrong.py")
MODES = ["editable", "installed"]


def _user_project(env: Env) -> Path:
    project = env.workdir / "project"
    if not project.exists():
        project.mkdir()
        for name in SCRIPTS:
            shutil.copy(HERE / name, project / name)
    return project


@pytest.mark.parametrize("mode", MODES)
def test_packages_resolve_to_the_expected_place(mode: str, request: pytest.FixtureRequest) -> None:
    env: Env = request.getfixturevalue(mode)
    found = env.run("-c", "import ctp_sdk, ctp_auth; print(ctp_sdk.__file__); print(ctp_auth.__file__)")
    sdk, auth = (Path(line).resolve() for line in found.stdout.split())
    if mode == "editable":
        # Edits in the checkout are live: the link leads back to the sources.
        assert sdk == REPO / "ctp_sdk" / "__init__.py" and auth == REPO / "auth" / "ctp_auth" / "__init__.py"
    else:
        assert REPO not in sdk.parents and REPO not in auth.parents
    # The checkout's other top-level directories are not importable names in the user's environment.
    for name in ("codegen", "bench", "tests", "examples", "noxfile", "hatch_build"):
        probe = env.run("-c", f"import {name}", check=False)
        assert "ModuleNotFoundError" in probe.stderr, (name, probe.stdout, probe.stderr)


@pytest.mark.parametrize("mode", MODES)
def test_mypy_sees_real_types(mode: str, request: pytest.FixtureRequest) -> None:
    pytest.importorskip("mypy")
    env: Env = request.getfixturevalue(mode)
    project = _user_project(env)

    def mypy(script: str) -> str:
        args: list[str | Path] = [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-executable",
            env.python,
        ]
        proc = run([*args, script], cwd=project, check=False)
        return proc.stdout + proc.stderr

    good = mypy("user_script.py")
    assert "Success: no issues found in 1 source file" in good, good
    wrong = mypy("user_script_wrong.py")
    assert 'Argument 1 to "with_id"' in wrong and 'Argument "name" to "CategoryDraft"' in wrong, wrong
    assert "Found 2 errors" in wrong, wrong


@pytest.mark.parametrize("mode", MODES)
def test_pyright_sees_real_types(mode: str, request: pytest.FixtureRequest, pyright: Path) -> None:
    env: Env = request.getfixturevalue(mode)
    project = _user_project(env)
    (project / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"}))

    def check(script: str) -> str:
        proc = run([pyright, "--pythonpath", env.python, script], cwd=project, check=False)
        return proc.stdout + proc.stderr

    good = check("user_script.py")
    assert "0 errors, 0 warnings" in good, good
    wrong = check("user_script_wrong.py")
    assert '"Literal[42]" is not assignable to "str"' in wrong and "2 errors" in wrong, wrong
