"""A user's script, type-checked by mypy --strict and pyright strict from outside the checkout against a venv
with ctp-sdk and ctp-auth installed (editable, then from wheels): every `assert_type` fails if the SDK's types
are not found, because a missing package makes every value `Any`/Unknown. Never run, only checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_type

import ctp_auth
from ctp_auth import AuthClient, Token
from ctp_sdk import ApiResponse, ApiRoot, CtpClient, NotFoundError
from ctp_sdk.models import Cart, Category, CategoryChangeNameAction, CategoryUpdate, LocalizedString


def tour(session: dict[str, Any]) -> None:
    ctp = CtpClient.from_env()
    api = ctp.integration_api_root()
    assert_type(api, ApiRoot)
    got = api.categories().with_id("c1").get(expand=["parent"]).execute()
    assert_type(got, ApiResponse[Category])
    assert_type(got.body.name, LocalizedString)
    assert_type(got.body.version, int)
    assert_type(api.categories().get(limit=5).iter_all(), Iterator[Category])
    update = CategoryUpdate(version=got.body.version, actions=[CategoryChangeNameAction(name={"en": "Shoes"})])
    assert_type(api.categories().with_id("c1").post(body=update).execute().body, Category)
    assert_type(ctp.customer_api_root(session).me().active_cart().get().execute().body, Cart)
    try:
        api.categories().with_key("missing").get().execute()
    except NotFoundError as error:
        assert_type(error.status_code, int)

    assert_type(AuthClient("https://auth.example", "id", "secret").client_credentials(), Token)
    assert_type(ctp_auth.__version__, str)
