"""`python -m codegen update --api import SPEC` moves one of the other APIs' pins and regenerates that API."""

from __future__ import annotations

import pytest
from shared_data import reference_dir

from codegen.apis import by_name
from codegen.spec_source import PIN_FILE, REPO_ROOT, SpecError
from codegen.update import update_api


def _oas(api: str) -> str:
    path = reference_dir() / "oas" / api / "openapi.yaml"
    if not path.is_file():
        pytest.skip(f"{path} not found: the other APIs' specs ship with ../shared")
    return str(path)


def test_update_refuses_another_apis_spec_and_leaves_the_pin() -> None:
    pin = PIN_FILE.read_bytes()
    with pytest.raises(SpecError, match="not a commercetools Import API spec: its servers are not import"):
        update_api(by_name("import"), _oas("history"))
    with pytest.raises(SpecError, match="neither a Import API spec file"):
        update_api(by_name("import"), str(REPO_ROOT / "missing.yaml"))
    assert PIN_FILE.read_bytes() == pin
    assert not (REPO_ROOT / "spec" / "import.openapi.yaml").exists()


def test_update_to_the_pinned_file_changes_nothing() -> None:
    pytest.importorskip("openapi_python_client", reason="codegen extras not installed")
    pin = PIN_FILE.read_bytes()
    lock = by_name("checkout").lock_file.read_bytes()
    copy = REPO_ROOT / "spec" / "checkout.openapi.yaml"
    existed = copy.exists()
    try:
        report = update_api(by_name("checkout"), _oas("checkout"), strict=True)
    finally:
        if not existed:
            copy.unlink(missing_ok=True)
    assert report["changes"] == [] and report["warnings"] == []
    assert report["endpoints"] == 24
    assert PIN_FILE.read_bytes() == pin and by_name("checkout").lock_file.read_bytes() == lock
