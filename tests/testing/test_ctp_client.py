"""CtpClient wired to the fake through the pytest plugin's `ctp_client` fixture: the README's
journey (catalog, guest cart, sign-up, sign-in keeping the cart, order), fully typed."""

from __future__ import annotations

from typing import Any

import pytest

from ctp_sdk import CtpClient, errors
from ctp_sdk.models import (
    CategoryDraft,
    MyCartAddLineItemAction,
    MyCartDraft,
    MyCartUpdate,
    MyCustomerDraft,
    MyOrderFromCartDraft,
    ProductDraft,
    ProductTypeDraft,
)
from ctp_sdk.testing import Backend


def _catalog(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    shoes = api.categories().post(CategoryDraft(name={"en": "Shoes"}, slug={"en": "shoes"}, key="shoes")).execute().body
    product_type = api.product_types().post(ProductTypeDraft(name="shoe", description="Shoes")).execute().body
    draft: Any = ProductDraft.from_dict(
        {
            "productType": {"typeId": "product-type", "id": product_type.id},
            "name": {"en": "Runner"},
            "slug": {"en": "runner"},
            "categories": [{"typeId": "category", "id": shoes.id}],
            "masterVariant": {"sku": "RUN-1", "prices": [{"value": {"currencyCode": "EUR", "centAmount": 8900}}]},
            "publish": True,
        }
    )
    api.products().post(draft).execute()


def test_guest_to_customer_to_order(ctp_client: CtpClient) -> None:
    _catalog(ctp_client)
    api = ctp_client.integration_api_root()
    page = api.categories().get(where=['key = "shoes"']).execute().body
    assert page.total == 1

    session: dict[str, Any] = {}
    me = ctp_client.customer_api_root(session)
    cart = me.me().carts().post(MyCartDraft(currency="EUR", country="DE")).execute().body
    add = MyCartUpdate(version=cart.version, actions=[MyCartAddLineItemAction(sku="RUN-1", quantity=2)])
    cart = me.me().carts().with_id(cart.id).post(add).execute().body
    assert cart.total_price.cent_amount == 17800

    me.me().signup().post(MyCustomerDraft(email="runner@example.com", password="Run-Fast-1")).execute()
    result = ctp_client.sign_in_customer(session, email="runner@example.com", password="Run-Fast-1")
    assert result.cart is not None and result.cart.id == cart.id
    state = ctp_client.customer_session_state(session)
    assert state is not None and state.customer_id == result.customer.id

    active = me.me().active_cart().get().execute().body
    assert active.id == cart.id and active.customer_id == result.customer.id
    order = me.me().orders().post(MyOrderFromCartDraft(id=active.id, version=active.version)).execute().body
    assert order.total_price.cent_amount == 17800 and order.customer_id == result.customer.id

    with pytest.raises(errors.NotFoundError):
        me.me().active_cart().get().execute()  # the cart is ordered; no active cart left


def test_wrong_password_raises_invalid_credentials(ctp_client: CtpClient) -> None:
    from ctp_auth import InvalidCustomerCredentialsError

    with pytest.raises(InvalidCustomerCredentialsError):
        ctp_client.sign_in_customer({}, email="nobody@example.com", password="x")


def test_default_integration_scopes_are_the_api_clients_own_so_the_readme_create_works() -> None:
    backend = Backend()
    with CtpClient(
        backend.client_config(scopes=None).__class__(
            project_key=backend.project_key,
            client_id=backend.client.client_id,
            client_secret=backend.client.client_secret,
            auth_url=backend.auth_url,
            api_url=backend.api_url,
        ),
        transport=backend.transport(),
    ) as client:
        api = client.integration_api_root()
        assert api.categories().get().execute().body.count == 0
        api.categories().post(CategoryDraft(name={"en": "x"}, slug={"en": "x"})).execute()
        assert api.categories().get().execute().body.count == 1
