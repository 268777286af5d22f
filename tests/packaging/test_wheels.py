"""The two wheels as PyPI would serve them: complete metadata, the license inside, nothing but the package,
and in a fresh venv (every supported Python found here) `pip check` passes and every public name imports."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import textwrap
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

from installs import REPO, Env, run

PUBLIC_MODULES = ("ctp_auth", "ctp_sdk", "ctp_sdk.errors", "ctp_sdk.models", "ctp_sdk.testing")
SUPPORTED = ("3.11", "3.12", "3.13")


def _metadata(wheel: Path) -> tuple[Message, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(archive.read(meta).decode()), names


@pytest.mark.parametrize("index", [0, 1], ids=["ctp-auth", "ctp-sdk"])
def test_wheel_metadata_is_complete(wheels: list[Path], index: int) -> None:
    meta, names = _metadata(wheels[index])
    package = "ctp_auth" if index == 0 else "ctp_sdk"
    # Only the import package and its metadata: no codegen/, tests/, bench/ or hatch_build.py.
    assert {n.split("/")[0] for n in names} == {package, f"{package}-{meta['Version']}.dist-info"}
    assert f"{package}/py.typed" in names
    assert f"{package}-{meta['Version']}.dist-info/licenses/LICENSE" in names
    assert meta["License-Expression"] == "MIT" and meta.get_all("License-File") == ["LICENSE"]
    assert meta["Author"] or meta["Author-email"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert urls["commercetools API"] == "https://docs.commercetools.com/api/", urls
    assert urls["API spec"] == "https://github.com/commercetools/commercetools-api-reference", urls
    classifiers = set(meta.get_all("Classifier") or [])
    assert {f"Programming Language :: Python :: {v}" for v in SUPPORTED} <= classifiers
    assert {"Typing :: Typed", "Programming Language :: Python :: 3 :: Only"} <= classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert meta["Requires-Python"] == ">=3.11"
    # The PyPI page opens with what the package is, then code; not with the repository's nox commands.
    assert meta["Description-Content-Type"] == "text/markdown"
    description = meta.get_payload()
    assert isinstance(description, str)
    intro = description.split("```")[0]
    assert "commercetools" in intro and "nox" not in description.split("```python")[0]
    assert "```python" in description


def _interpreter(version: str) -> str | None:
    """A `python<version>` that really runs (a pyenv shim without that version does not)."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"))
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


IMPORT_EVERYTHING = textwrap.dedent(
    f"""
    import importlib, importlib.metadata as md
    count = 0
    for module_name in {PUBLIC_MODULES!r}:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            getattr(module, name)
            count += 1
    import ctp_auth, ctp_sdk
    assert ctp_auth.__version__ == md.version("ctp-auth"), ctp_auth.__version__
    assert ctp_sdk.__version__ == md.version("ctp-sdk"), ctp_sdk.__version__
    print(count)
    """
)


def _check_env(env: Env) -> None:
    checked = env.pip("check")
    assert "No broken requirements found." in checked.stdout, checked.stdout
    names = int(env.run("-c", IMPORT_EVERYTHING).stdout)
    assert names > 2700  # every model, plus the client, errors, auth and testing names


def test_installed_wheels_pass_pip_check_and_import_every_public_name(installed: Env) -> None:
    _check_env(installed)


@pytest.mark.parametrize("version", [v for v in SUPPORTED if v != "3.11"])
def test_wheels_install_and_import_on_newer_pythons(
    version: str, wheels: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    base = tmp_path_factory.mktemp(f"py{version}")
    run([python, "-m", "venv", base / "venv"], cwd=base)
    (base / "work").mkdir()
    env = Env(base / "venv", base / "work")
    env.pip("install", "-q", *wheels)
    _check_env(env)


def test_pypi_readme_example_runs_from_the_installed_wheels(installed: Env) -> None:
    """The long description's example, as written, against `python -m ctp_sdk.testing serve` from the wheel."""
    readme = (REPO / "README.pypi.md").read_text()
    [example] = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert len([line for line in example.splitlines() if line.strip()]) == 5
    server = subprocess.Popen(
        [installed.python, "-m", "ctp_sdk.testing", "serve", "--port", "0", "--project-key", "pypi"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=installed.workdir,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline() for _ in range(7)]
        env = dict(os.environ)
        for line in banner[1:]:
            name, _, value = line.removeprefix("export ").strip().partition("=")
            env[name] = value.strip("'")
        seed = (
            "from ctp_sdk import CtpClient\nfrom ctp_sdk.models import CategoryDraft\n"
            "CtpClient.from_env().integration_api_root().categories().post("
            "CategoryDraft(name={'en': 'Shoes'}, slug={'en': 'shoes'}, key='shoes')).execute()\n"
        )
        for code in (seed, example):
            proc = subprocess.run(
                [installed.python, "-c", code], env=env, cwd=installed.workdir, capture_output=True, text=True
            )
            assert proc.returncode == 0, proc.stderr[-3000:]
        assert proc.stdout.strip() == "Shoes 1"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()
