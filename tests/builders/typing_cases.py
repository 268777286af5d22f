"""Checked by mypy --strict in test_typing.py: what type checkers infer for builder calls.

`assert_type` fails the check when the inferred type differs, and an `Any` never equals a model, so
this file proves `.execute().body` is the concrete model for get, post, delete, head and queries.
Never run, only type-checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_type

from ctp_sdk import ApiResponse, ApiRoot, CtpClient
from ctp_sdk.models import (
    Cart,
    Category,
    CategoryDraft,
    CategoryPagedQueryResponse,
    CategoryUpdate,
    CustomerSignInResult,
    CustomObject,
    LocalizedString,
    Order,
    ProductProjection,
)


def cases(ctp: CtpClient, session: dict[str, Any], draft: CategoryDraft, update: CategoryUpdate) -> None:
    api = ctp.integration_api_root()
    assert_type(api, ApiRoot)

    got = api.categories().with_id("c").get(expand=["parent"]).execute()
    assert_type(got, ApiResponse[Category])
    assert_type(got.body, Category)
    assert_type(got.body.name, LocalizedString)

    page = api.categories().get(where=["key = :k"], predicate_vars={"k": "shoes"}, limit=20, with_total=True)
    assert_type(page.execute().body, CategoryPagedQueryResponse)
    assert_type(page.execute().body.results, list[Category])
    assert_type(page.iter_all(), Iterator[Category])

    assert_type(api.categories().post(body=draft).execute().body, Category)
    assert_type(api.categories().with_id("c").post(body=update).execute().body, Category)
    assert_type(api.categories().with_key("shoes").delete(version=3).execute().body, Category)
    assert_type(api.categories().with_key("shoes").head().execute().body, None)

    assert_type(api.custom_objects().with_container_and_key("c", "k").get().execute().body, CustomObject)
    assert_type(api.orders().with_order_number("o-1").get().execute().body, Order)
    assert_type(
        api.in_store_key_with_store_key_value("s").product_projections().with_id("p").get().execute().body,
        ProductProjection,
    )
    assert_type(
        api.as_associate()
        .with_associate_id_value("a")
        .in_business_unit_key_with_business_unit_key_value("bu")
        .carts()
        .with_id("c")
        .get()
        .execute()
        .body,
        Cart,
    )

    me = ctp.customer_api_root(session)
    assert_type(me.me().active_cart().get().execute().body, Cart)
    assert_type(ctp.sign_in_customer(session, email="e", password="p"), CustomerSignInResult)
    assert_type(ctp.get_integration_token(), str)
    assert_type(ctp.get_customer_token(session), str)
