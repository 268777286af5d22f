"""mypy --strict and pyright strict on the generated models' stubs: typing_models.py type-checks, and each
line of typing_models_wrong.py marked `# rejected` is an error (codegen/stub_inits.py writes each model's
`__init__` out instead of using the checkers' attrs support, so this is what proves it was written right)."""

from __future__ import annotations

from pathlib import Path

from test_shopper_typing import _marked, _mypy, _mypy_error_lines, _pyright

HERE = Path(__file__).parent
WRONG = HERE / "typing_models_wrong.py"


def test_mypy_accepts_the_models_constructors_and_attrs_helpers() -> None:
    proc = _mypy(HERE / "typing_models.py", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pyright_accepts_the_models_constructors_and_attrs_helpers(tmp_path: Path, pyright: Path) -> None:
    code, errors = _pyright(pyright, HERE / "typing_models.py", tmp_path)
    assert code == 0 and not errors, errors


def test_mypy_rejects_wrong_model_arguments() -> None:
    proc = _mypy(WRONG, "--strict")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert _mypy_error_lines(proc) == _marked(WRONG), proc.stdout
    assert 'Argument "name" to "evolve" of "CategoryChangeNameAction"' in proc.stdout


def test_pyright_rejects_wrong_model_arguments(tmp_path: Path, pyright: Path) -> None:
    _, errors = _pyright(pyright, WRONG, tmp_path)
    # attrs declares `evolve(inst, **changes: Any)`, which pyright takes as written: the one line it lets pass.
    evolve = {i for i, line in enumerate(WRONG.read_text().splitlines(), 1) if "attrs.evolve" in line}
    assert {e["range"]["start"]["line"] + 1 for e in errors} == _marked(WRONG) - evolve, errors
