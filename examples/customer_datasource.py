"""The documented customer example: the shopper's active cart, guest or signed in alike.

A web app keeps one session per shopper (Flask's `session`, Django's `request.session`...); here a
dict stands in for it. The script fills a guest cart, reads it back with `my_cart`, and, given an
email and password, signs the shopper in, keeping the cart.

    python examples/customer_datasource.py [email password]
"""

from __future__ import annotations

import json
import sys
from collections.abc import MutableMapping
from typing import Any

from ctp_sdk import CtpClient
from ctp_sdk.models import Cart, MyCartDraft


class ExampleCustomerDatasource:
    def __init__(self, ctp_client: CtpClient) -> None:
        self.ctp_client = ctp_client

    def my_cart(self, session: MutableMapping[str, Any]) -> Cart:
        customer_api_root = self.ctp_client.customer_api_root(session)
        cart = customer_api_root.me().active_cart().get().execute().body
        return cart


def main(argv: list[str]) -> int:
    session: dict[str, Any] = {}  # the shopper's web session
    with CtpClient.from_env() as ctp:
        me = ctp.customer_api_root(session)
        me.me().carts().post(MyCartDraft(currency="EUR")).execute()  # a guest fills a cart
        cart = ExampleCustomerDatasource(ctp).my_cart(session)
        out: dict[str, Any] = {"guest_cart": cart.id, "anonymous_id": cart.anonymous_id}
        if len(argv) == 3:
            signed_in = ctp.sign_in_customer(session, email=argv[1], password=argv[2])
            out["customer"] = signed_in.customer.id
            out["session"] = ctp.customer_session_state(session).kind  # type: ignore[union-attr]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
