"""The generator only runs on the pinned spec: a missing or different file is refused with a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shared_data import require_spec

from codegen.spec_source import SpecError, load_pin, read_verified_spec


def test_pin_records_the_upstream_file() -> None:
    pin = load_pin()
    assert re.fullmatch(r"[0-9a-f]{64}", pin.sha256) and pin.size > 0
    if pin.commit is not None:
        assert pin.url is not None and pin.commit in pin.url and re.fullmatch(r"\d{4}-\d\d-\d\d", pin.committed or "")


def test_missing_spec_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=re.escape("CTP_SPEC_PATH or run `nox -s fetch-spec`")):
        read_verified_spec(tmp_path / "openapi.yaml")


def test_a_different_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "openapi.yaml"
    other.write_text("openapi: 3.0.0\n")
    with pytest.raises(SpecError, match=re.escape(f"spec/pin.json pins {load_pin().sha256}: to move to this spec run")):
        read_verified_spec(other)


def test_the_pinned_file_is_accepted() -> None:
    data, digest = read_verified_spec(require_spec())
    assert digest == load_pin().sha256 and len(data) == load_pin().size
