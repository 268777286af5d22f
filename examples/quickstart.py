"""The ctp-sdk tour: catalog as the project, a guest cart, sign-up and sign-in keeping the cart, an order.

    python examples/quickstart.py        # on the embedded fake backend (ctp_sdk.testing): no credentials
    CTP_PROJECT_KEY=... CTP_CLIENT_ID=... CTP_CLIENT_SECRET=... CTP_AUTH_URL=... CTP_API_URL=... \\
        python examples/quickstart.py    # the same against a real project (needs manage_* scopes)

Every call below is typed end to end: `.execute().body` is the model, not a dict.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import uuid
from typing import Any

from ctp_sdk import ClientConfig, CtpClient
from ctp_sdk.models import (
    CategoryDraft,
    CategoryResourceIdentifier,
    Money,
    MyCartAddLineItemAction,
    MyCartDraft,
    MyCartUpdate,
    MyCustomerDraft,
    MyOrderFromCartDraft,
    PriceDraft,
    ProductDraft,
    ProductTypeDraft,
    ProductTypeResourceIdentifier,
    ProductVariantDraft,
)

MANAGE = ("manage_categories", "manage_products", "manage_orders", "manage_customers", "create_anonymous_token")


def step(number: int, text: str) -> None:
    print(f"[{number}] {text}")


def connect() -> CtpClient:
    """A real project when CTP_* is set, else a fresh in-process fake (nothing leaves the process)."""
    if os.environ.get("CTP_PROJECT_KEY"):
        print("backend: commercetools project", os.environ["CTP_PROJECT_KEY"])
        config = ClientConfig.from_env()
        scopes = tuple(f"{s}:{config.project_key}" for s in MANAGE)
        return CtpClient(dataclasses.replace(config, scopes=scopes))
    from ctp_sdk.testing import Backend

    backend = Backend("demo-project")
    print("backend: embedded fake (ctp_sdk.testing), project", backend.project_key)
    config = backend.client_config(scopes=[f"manage_project:{backend.project_key}"])
    return CtpClient(config, transport=backend.transport())


def main() -> int:
    run = uuid.uuid4().hex[:8]  # unique keys, so the script can run twice against a real project
    with connect() as ctp:
        api = ctp.integration_api_root()

        shoes = api.categories().post(
            CategoryDraft(name={"en": "Shoes"}, slug={"en": f"shoes-{run}"}, key=f"shoes-{run}")
        )
        category = shoes.execute().body
        step(1, f"integration root created category {category.key!r} (id {category.id}, version {category.version})")

        found = (
            api.categories()
            .get(where=["key = :key"], predicate_vars={"key": category.key or ""}, with_total=True)
            .execute()
            .body
        )
        step(2, f"queried categories with a predicate variable: total={found.total}, first={found.results[0].name}")

        product_type = (
            api.product_types().post(ProductTypeDraft(name=f"shoe-{run}", description="Shoes")).execute().body
        )
        product = (
            api.products()
            .post(
                ProductDraft(
                    product_type=ProductTypeResourceIdentifier(id=product_type.id),
                    name={"en": "Runner"},
                    slug={"en": f"runner-{run}"},
                    categories=[CategoryResourceIdentifier(id=category.id)],
                    master_variant=ProductVariantDraft(
                        sku=f"RUN-{run}", prices=[PriceDraft(value=Money(currency_code="EUR", cent_amount=8900))]
                    ),
                    publish=True,
                )
            )
            .execute()
            .body
        )
        step(3, f"created and published product {product.master_data.current.name['en']!r} (sku RUN-{run}, EUR 89.00)")

        session: dict[str, Any] = {}  # a shopper's web session (Flask/Django/Starlette session in a web app)
        me = ctp.customer_api_root(session)
        cart = me.me().carts().post(MyCartDraft(currency="EUR", country="DE")).execute().body
        add = MyCartUpdate(version=cart.version, actions=[MyCartAddLineItemAction(sku=f"RUN-{run}", quantity=2)])
        cart = me.me().carts().with_id(cart.id).post(add).execute().body
        total = cart.total_price
        step(
            4,
            f"guest (anonymous session) filled cart {cart.id}: {cart.line_items[0].quantity} x Runner, "
            f"total {total.cent_amount / 10**total.fraction_digits:.2f} {total.currency_code}",
        )

        email, password = f"runner-{run}@example.com", "Run-Fast-1"
        me.me().signup().post(MyCustomerDraft(email=email, password=password)).execute()
        signed_in = ctp.sign_in_customer(session, email=email, password=password)
        kept = signed_in.cart is not None and signed_in.cart.id == cart.id
        step(5, f"guest signed up and signed in as {signed_in.customer.email}; cart kept: {kept}")

        active = me.me().active_cart().get().execute().body
        order = me.me().orders().post(MyOrderFromCartDraft(id=active.id, version=active.version)).execute().body
        step(6, f"placed order {order.id} for customer {order.customer_id}: state {order.order_state.value}")

        step(7, f"the session holds only tokens, JSON-serializable: keys {sorted(session)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
