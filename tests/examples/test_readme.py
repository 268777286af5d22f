"""The README's ```python blocks run, in order, in one namespace, against the embedded fake backend
served on 127.0.0.1 and configured through the same CTP_* variables a user would set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ctp_auth import CUSTOMER_PERMISSIONS

from ctp_sdk.testing import Backend

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(_blocks()) >= 4


# What the README's examples need, and nothing more: the API client of a real project would hold these.
README_CLIENT_SCOPES = (
    "manage_categories",
    "manage_import_containers",
    "create_anonymous_token",
    *CUSTOMER_PERMISSIONS,
)


def test_readme_python_blocks_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    backend = Backend("readme-project", scopes=README_CLIENT_SCOPES)
    with backend.serve(port=0) as server:
        monkeypatch.setenv("CTP_PROJECT_KEY", backend.project_key)
        monkeypatch.setenv("CTP_CLIENT_ID", backend.client.client_id)
        monkeypatch.setenv("CTP_CLIENT_SECRET", backend.client.client_secret)
        monkeypatch.setenv("CTP_AUTH_URL", server.url)
        monkeypatch.setenv("CTP_API_URL", server.url)
        monkeypatch.delenv("CTP_SCOPES", raising=False)  # the default: the API client's own scopes
        namespace: dict[str, object] = {}
        for number, block in enumerate(_blocks(), 1):
            try:
                exec(compile(block, f"README.md python block {number}", "exec"), namespace)
            except Exception as exc:  # pragma: no cover - the message names the block
                pytest.fail(f"README python block {number} failed: {exc!r}\n{block}")
    assert capsys.readouterr().out.count("\n") == 0  # the category was deleted before paging
