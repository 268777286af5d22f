"""`python -m codegen` and `nox -s update-spec` fail with a list, not a traceback, and change nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import REPO

from codegen.spec_source import PIN_FILE, SpecError, pin_for
from codegen.update import update, verify


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_spec_that_is_not_the_pin_is_refused_with_the_command_to_move_the_pin(tmp_path: Path) -> None:
    other = tmp_path / "openapi.yaml"
    other.write_text("openapi: 3.0.0\n")
    if (REPO / "spec" / "openapi.yaml").is_file():
        pytest.skip("spec/openapi.yaml is present, so the pinned spec may be found there")
    proc = _run("check", env={"CTP_SPEC_PATH": str(other)})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"nox -s update-spec -- {other}" in proc.stderr


def test_update_refuses_what_is_not_the_platform_spec_and_leaves_the_pin(tmp_path: Path) -> None:
    pin = PIN_FILE.read_bytes()
    checkout = tmp_path / "commercetools-api-reference"
    (checkout / "oas" / "api").mkdir(parents=True)
    (checkout / "oas" / "api" / "openapi.yaml").write_text("openapi: 3.0.0\npaths:\n  /{key}/tasks: {}\n")
    with pytest.raises(SpecError, match="not the commercetools platform API"):
        update(str(checkout))
    with pytest.raises(SpecError, match="neither a spec file"):
        update(str(tmp_path / "missing.yaml"))
    with pytest.raises(SpecError, match="is not YAML"):
        verify(b"openapi: [3.0\n", "x.yaml")
    assert PIN_FILE.read_bytes() == pin
    proc = _run("update", str(checkout))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "platform API" in proc.stderr


def test_the_pytest_plugin_imports_nothing_until_a_fixture_is_used() -> None:
    code = (
        "import sys, ctp_sdk.testing.pytest_plugin\n"
        "loaded = [m for m in sys.modules if m.startswith(('ctp_sdk._generated', 'ctp_sdk.testing._'))]\n"
        "print(loaded)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_the_fake_backend_degrades_to_501_when_the_spec_index_lacks_resource_metadata() -> None:
    """A spec whose metadata codegen could not derive must not break `import ctp_sdk.testing` (and with it
    every pytest run in the environment): the families it cannot describe answer 501."""
    code = (
        "import ctp_sdk._generated.spec_index as index\n"
        "index.RESOURCES.clear()\n"
        "from ctp_sdk import ApiError\n"
        "from ctp_sdk.testing import Backend\n"
        "with Backend().ctp_client() as ctp:\n"
        "    api = ctp.integration_api_root()\n"
        "    for call in (lambda: api.categories().get(), lambda: api.customers().with_id('c').get(),\n"
        "                 lambda: api.products().get()):\n"
        "        try:\n"
        "            call().execute()\n"
        "        except ApiError as exc:\n"
        "            print(exc.status_code, exc.errors[0].code if exc.errors else None)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split("\n")[:3] == ["501 NotImplemented"] * 3


def test_a_reference_checkout_records_its_commit_and_date(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    checkout = tmp_path / "commercetools-api-reference"
    spec = checkout / "oas" / "api" / "openapi.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text("openapi: 3.0.0\n")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-09-01T12:00:00Z", "GIT_AUTHOR_DATE": "2026-09-01T12:00:00Z"}
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "spec"]):
        subprocess.run(["git", *args], cwd=checkout, env=env, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True, check=True)
    pin = pin_for(spec, spec.read_bytes())
    assert (pin.commit, pin.committed, pin.path) == (head.stdout.strip(), "2026-09-01", "oas/api/openapi.yaml")
    assert pin.url is not None and pin.url.endswith(f"/{pin.commit}/oas/api/openapi.yaml")
    spec.write_text("openapi: 3.0.1\n")  # modified in the checkout: no longer that commit's file
    assert pin_for(spec, spec.read_bytes()).commit is None
    loose = tmp_path / "openapi.yaml"
    loose.write_text("openapi: 3.0.0\n")
    assert pin_for(loose, loose.read_bytes()).commit is None
