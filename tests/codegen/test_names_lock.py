"""The names lock stops a regeneration that would rename a published name, naming each one, unless the
run accepts renames. Runs the generator up to the lock check (no files are written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import require_spec

from codegen import surface
from codegen.diagnostics import Diagnostics, GenerationBlocked


def test_a_rename_blocks_generation_and_names_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_spec()
    pytest.importorskip("openapi_python_client", reason="codegen extras not installed: pip install -e '.[codegen]'")
    from codegen.generate import build_tree

    lock = surface.LOCK_FILE.read_text(encoding="utf-8")
    published = "builder /{projectKey}/categories/{ID} with_id\n"
    member = 'enum CartOrigin "Customer" CUSTOMER\n'
    assert published in lock and member in lock
    edited = tmp_path / "api.lock"
    edited.write_text(
        lock.replace(published, published.replace("with_id", "with_identifier")).replace(
            member, member.replace("CUSTOMER", "CUSTOMER_ORIGIN")
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(surface, "LOCK_FILE", edited)
    with pytest.raises(GenerationBlocked) as blocked:
        build_tree(tmp_path / "out", Diagnostics())
    text = blocked.value.render()
    assert "builder /{projectKey}/categories/{ID}: with_identifier -> with_id" in text
    assert 'enum CartOrigin "Customer": CUSTOMER_ORIGIN -> CUSTOMER' in text
    assert text.count("spec/api.lock: renamed") == 2 and "--accept-renames" in text
    assert not (tmp_path / "out").exists()
