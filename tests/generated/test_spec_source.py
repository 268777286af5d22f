"""The generator only runs on the pinned spec: a missing or different file is refused with a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shared_data import require_spec

from codegen.spec_source import SpecError, load_pin, read_verified_spec


def test_pin_records_the_upstream_file() -> None:
    pin = load_pin()
    assert pin.sha256 == "fa40c530bdeb409ad3262e1a3d5078af46793885faec8e89490c512eb4f82cee"
    assert pin.size == 3_092_934
    assert "5867aa22abcab5a521bd5bf0bd3b332c5ad763ae" in pin.url


def test_missing_spec_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=re.escape("CTP_SPEC_PATH or run `nox -s fetch-spec`")):
        read_verified_spec(tmp_path / "openapi.yaml")


def test_a_different_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "openapi.yaml"
    other.write_text("openapi: 3.0.0\n")
    with pytest.raises(SpecError, match=re.escape("spec/pin.json pins fa40c530")):
        read_verified_spec(other)


def test_the_pinned_file_is_accepted() -> None:
    data, digest = read_verified_spec(require_spec())
    assert digest == load_pin().sha256 and len(data) == 3_092_934
