"""Must FAIL mypy and pyright on exactly the lines commented as rejected (test_shopper_typing.py checks both):
calls a shopper's token cannot make are not offered by the shopper roots."""

from __future__ import annotations

from typing import Any

from ctp_sdk import CtpClient
from ctp_sdk.models import CategoryDraft, MyCartDraft


def wrong(ctp: CtpClient, session: dict[str, Any], draft: CategoryDraft, cart: MyCartDraft) -> None:
    me = ctp.customer_api_root(session)
    me.me().carts().post(body=cart)  # allowed: the control line
    me.customers()  # rejected: other customers need manage_customers
    me.categories().post(body=draft)  # rejected: creating categories needs manage_categories
    me.categories().with_id("c").delete(version=1)  # rejected: so does deleting one
    me.orders()  # rejected: the project's orders (the shopper's own are me.me().orders())
    me.me().business_units()  # rejected: manage_my_business_units is a B2B scope
    me.as_associate()  # rejected: as-associate endpoints declare manage_orders / view_orders
    me.in_store_key_with_store_key_value("eu").customers()  # rejected: in-store customers
    b2b = ctp.customer_api_root(session, b2b=True)
    b2b.me().quotes().get()  # allowed: the B2B root has the shopper's quotes
    b2b.quotes()  # rejected: the project's quotes need view_quotes
    b2b.as_associate()  # rejected: not a customer scope, even for B2B
