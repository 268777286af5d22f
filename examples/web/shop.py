"""The shop's operations, shared by the Flask, Django and FastAPI recipes: each takes the process's
`CtpClient` and the shopper's server-side session (where ctp-auth keeps the guest or customer tokens).

Only JSON-ready views leave this module; the views below are what the recipes' HTTP endpoints answer.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ctp_sdk import CtpClient, NotFoundError
from ctp_sdk.models import Cart, MyCartAddLineItemAction, MyCartDraft, MyCartUpdate, MyOrderFromCartDraft, Order

CURRENCY, COUNTRY = "EUR", "DE"


def add_to_cart(ctp: CtpClient, session: MutableMapping[str, Any], sku: str, quantity: int) -> dict[str, Any]:
    """Add `quantity` x `sku` to the shopper's active cart, creating the cart first if there is none.

    A first visitor has no token yet: the customer root starts a guest (anonymous) session by itself.
    """
    me = ctp.customer_api_root(session).me()
    try:
        cart = me.active_cart().get().execute().body
    except NotFoundError:
        cart = me.carts().post(MyCartDraft(currency=CURRENCY, country=COUNTRY)).execute().body
    add = MyCartUpdate(version=cart.version, actions=[MyCartAddLineItemAction(sku=sku, quantity=quantity)])
    return cart_view(me.carts().with_id(cart.id).post(add).execute().body)


def current_cart(ctp: CtpClient, session: MutableMapping[str, Any]) -> dict[str, Any] | None:
    """The shopper's active cart, or None."""
    try:
        return cart_view(ctp.customer_api_root(session).me().active_cart().get().execute().body)
    except NotFoundError:
        return None


def sign_in(ctp: CtpClient, session: MutableMapping[str, Any], email: str, password: str) -> dict[str, Any]:
    """Sign the shopper in; the guest's cart becomes (or merges into) the customer's active cart.

    Raises `InvalidCustomerCredentialsError` for a wrong email or password (the session is unchanged).
    """
    result = ctp.sign_in_customer(session, email=email, password=password)
    return {
        "customerId": result.customer.id,
        "email": result.customer.email,
        "cart": cart_view(result.cart) if result.cart is not None else None,
    }


def place_order(ctp: CtpClient, session: MutableMapping[str, Any]) -> dict[str, Any] | None:
    """Order the shopper's active cart; None if there is no cart to order."""
    me = ctp.customer_api_root(session).me()
    try:
        cart = me.active_cart().get().execute().body
    except NotFoundError:
        return None
    return order_view(me.orders().post(MyOrderFromCartDraft(id=cart.id, version=cart.version)).execute().body)


def sign_out(ctp: CtpClient, session: MutableMapping[str, Any]) -> None:
    ctp.sign_out_customer(session)


def cart_view(cart: Cart) -> dict[str, Any]:
    return {
        "id": cart.id,
        "customerId": cart.customer_id,
        "anonymousId": cart.anonymous_id,
        "lineItems": [{"sku": item.variant.sku, "quantity": item.quantity} for item in cart.line_items],
        "totalCents": cart.total_price.cent_amount,
        "currency": cart.total_price.currency_code,
    }


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "customerId": order.customer_id,
        "state": order.order_state.value,
        "lineItems": [{"sku": item.variant.sku, "quantity": item.quantity} for item in order.line_items],
        "totalCents": order.total_price.cent_amount,
    }
