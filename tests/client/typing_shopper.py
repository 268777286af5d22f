"""Checked by mypy --strict and pyright strict (test_shopper_typing.py): what the shopper roots offer.

Never run, only type-checked. `assert_type` fails the check when the inferred type differs, so this proves
the shopper root's `.body` types are the full root's concrete models; typing_shopper_wrong.py proves the
calls a shopper's token cannot make are rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_type

from ctp_sdk import ApiRoot, B2BShopperApiRoot, CtpClient, ShopperApiRoot
from ctp_sdk.models import (
    BusinessUnit,
    Cart,
    Category,
    CategoryPagedQueryResponse,
    Customer,
    CustomerPagedQueryResponse,
    MyCartDraft,
    MyShoppingListDraft,
    Order,
    ProductProjection,
    ProductProjectionPagedSearchResponse,
    QuoteRequestPagedQueryResponse,
    ShoppingList,
)


def shopper(ctp: CtpClient, session: dict[str, Any], draft: MyCartDraft, lists: MyShoppingListDraft) -> None:
    me = ctp.customer_api_root(session)
    assert_type(me, ShopperApiRoot)

    # the /me family
    assert_type(me.me().active_cart().get().execute().body, Cart)
    assert_type(me.me().carts().post(body=draft).execute().body, Cart)
    assert_type(me.me().get().execute().body, Customer)
    assert_type(me.me().orders().with_id("o").get().execute().body, Order)
    assert_type(me.me().orders().get().iter_all(), Iterator[Order])
    assert_type(me.me().shopping_lists().post(body=lists).execute().body, ShoppingList)

    # in-store /me
    store = me.in_store_key_with_store_key_value("eu")
    assert_type(store.me().active_cart().get().execute().body, Cart)
    assert_type(store.product_projections().with_key("shoe").get().execute().body, ProductProjection)

    # the public reads of view_published_products and view_categories
    assert_type(me.product_projections().with_id("p").get().execute().body, ProductProjection)
    assert_type(me.product_projections().search().get(limit=10).execute().body, ProductProjectionPagedSearchResponse)
    assert_type(me.categories().with_key("shoes").get().execute().body, Category)
    assert_type(me.categories().get(limit=20).execute().body, CategoryPagedQueryResponse)

    # deliberately the full root, on the same token (403 unless customer_scopes allow it)
    full = me.project_root()
    assert_type(full, ApiRoot)
    assert_type(full.customers().get().execute().body, CustomerPagedQueryResponse)


def b2b_shopper(ctp: CtpClient, session: dict[str, Any], flag: bool) -> None:
    b2b = ctp.customer_api_root(session, b2b=True)
    assert_type(b2b, B2BShopperApiRoot)
    assert_type(b2b.me().business_units().with_key("bu").get().execute().body, BusinessUnit)
    assert_type(b2b.me().quote_requests().get().execute().body, QuoteRequestPagedQueryResponse)
    assert_type(b2b.me().active_cart().get().execute().body, Cart)
    assert_type(ctp.customer_api_root(session, b2b=False), ShopperApiRoot)
    assert_type(ctp.customer_api_root(session, b2b=flag), ShopperApiRoot | B2BShopperApiRoot)
