"""`python -m codegen` and `nox -s update-spec` fail with a list, not a traceback, and change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import REPO

from codegen.spec_source import PIN_FILE, SpecError
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
