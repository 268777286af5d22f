"""Must FAIL mypy (test_typing.py checks the exact errors): proves the checks above are not vacuous."""

from __future__ import annotations

from typing import assert_type

from ctp_sdk import CtpClient
from ctp_sdk.models import Cart, CategoryDraft


def wrong(ctp: CtpClient, draft: CategoryDraft) -> None:
    api = ctp.integration_api_root()
    assert_type(api.categories().with_id("c").get().execute().body, Cart)  # it is a Category
    api.categories().with_id("c").post(body=draft)  # an update endpoint does not take a draft
    api.categories().get(limit="20")  # limit is an int
    api.categories().with_key("k").delete()  # version is required
    api.categories().no_such_node()
