"""codegen/postprocess.py formats a tree wherever $TMPDIR puts it: `nox -s bench` points it into the
checkout's git-ignored `.nox/`, where ruff used to skip every file without failing (the bench's
regeneration row then reported the unformatted tree as drift)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from codegen import postprocess

pytest.importorskip("ruff")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git (ruff reads .gitignore only inside a repository)")
def test_a_tree_under_an_ignored_directory_is_formatted(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(".nox/\n")
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 20\nextend-exclude = ["*"]\n')
    tree = tmp_path / ".nox" / "bench" / "tmp" / "ctp-codegen-x" / "_generated"
    tree.mkdir(parents=True)
    (tree / "model.py").write_text("x  =  {'a':1}\n")
    (tree / "model.pyi").write_text("x  :  int\n")
    postprocess._ruff(tree)  # the function under test
    assert (tree / "model.py").read_text() == 'x = {"a": 1}\n'  # and the project's config was not used
    (tree / "model.py").write_text("x  =  1\n")
    postprocess._ruff(tree, stubs_only=True)
    assert (tree / "model.py").read_text() == "x  =  1\n" and (tree / "model.pyi").read_text() == "x: int\n"
