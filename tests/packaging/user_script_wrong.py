"""Wrong calls a type checker must reject once it sees the SDK's types (checked next to user_script.py, so
that a checker that sees nothing, or accepts everything, fails the test). Never run."""

from __future__ import annotations

from ctp_sdk import CtpClient
from ctp_sdk.models import CategoryDraft

api = CtpClient.from_env().integration_api_root()
api.categories().with_id(42)
api.categories().post(body=CategoryDraft(name="Shoes", slug={"en": "shoes"}))
