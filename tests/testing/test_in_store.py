"""The fake's in-store operations (`/{projectKey}/in-store/key={storeKey}/...`) through CtpClient:
store scoping, in-store sign-up and sign-in keeping the guest cart, in-store active cart, unknown
and catalog-restricting stores."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ctp_auth import InvalidCustomerCredentialsError
from ctp_sdk import CtpClient, errors, testing
from ctp_sdk._generated import spec_index
from ctp_sdk.models import (
    CartDraft,
    CartSetCustomerEmailAction,
    CartUpdate,
    CustomerDraft,
    GraphQLRequest,
    MyCartAddLineItemAction,
    MyCartDraft,
    MyCartUpdate,
    MyCustomerDraft,
    MyOrderFromCartDraft,
    ProductDraft,
    ProductTypeDraft,
    StoreDraft,
)
from ctp_sdk.testing import Backend, supported_operations


def _stores(ctp_client: CtpClient, *keys: str, **extra: Any) -> None:
    api = ctp_client.integration_api_root()
    for key in keys:
        api.stores().post(StoreDraft.from_dict({"key": key, "name": {"en": key.upper()}, **extra})).execute()


def _product(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    product_type = api.product_types().post(ProductTypeDraft(name="shoe", description="Shoes")).execute().body
    draft: Any = ProductDraft.from_dict(
        {
            "productType": {"typeId": "product-type", "id": product_type.id},
            "key": "runner",
            "name": {"en": "Runner"},
            "slug": {"en": "runner"},
            "masterVariant": {"sku": "RUN-1", "prices": [{"value": {"currencyCode": "EUR", "centAmount": 8900}}]},
            "publish": True,
        }
    )
    api.products().post(draft).execute()


def test_a_cart_of_store_a_is_invisible_through_store_b(ctp_client: CtpClient) -> None:
    _stores(ctp_client, "store-a", "store-b")
    api = ctp_client.integration_api_root()
    in_a, in_b = api.in_store_key_with_store_key_value("store-a"), api.in_store_key_with_store_key_value("store-b")
    cart = in_a.carts().post(CartDraft(currency="EUR", key="cart-a")).execute().body
    assert cart.store is not None and cart.store.key == "store-a" and cart.store.type_id == "store"
    api.carts().post(CartDraft(currency="EUR", key="no-store")).execute()  # a project cart: in no store

    for read in (in_b.carts().with_id(cart.id).get(), in_b.carts().with_key("cart-a").get()):
        with pytest.raises(errors.NotFoundError) as err:
            read.execute()
        assert err.value.codes == ["ResourceNotFound"]
    update = CartUpdate(version=cart.version, actions=[CartSetCustomerEmailAction(email="a@example.com")])
    with pytest.raises(errors.NotFoundError):
        in_b.carts().with_id(cart.id).post(update).execute()
    with pytest.raises(errors.NotFoundError):
        in_b.carts().with_id(cart.id).delete(version=cart.version).execute()
    assert in_b.carts().get().execute().body.total == 0
    with pytest.raises(errors.NotFoundError):  # the project cart is in no store at all
        in_a.carts().with_key("no-store").get().execute()

    page = in_a.carts().get().execute().body
    assert page.total == 1 and page.results[0].id == cart.id
    seen = api.carts().with_id(cart.id).get().execute().body  # the project path sees every store's carts
    assert seen.store is not None and seen.store.key == "store-a"
    updated = in_a.carts().with_id(cart.id).post(update).execute().body
    assert updated.version == cart.version + 1 and updated.customer_email == "a@example.com"
    with pytest.raises(errors.BadRequestError) as duplicate:  # cart keys stay unique across stores
        in_b.carts().post(CartDraft(currency="EUR", key="cart-a")).execute()
    assert duplicate.value.codes == ["DuplicateField"]


def test_in_store_sign_up_and_sign_in_keep_the_guest_cart(ctp_client: CtpClient) -> None:
    _stores(ctp_client, "store-a", "store-b")
    _product(ctp_client)
    session: dict[str, Any] = {}
    me = ctp_client.customer_api_root(session)
    shop_a, shop_b = me.in_store_key_with_store_key_value("store-a"), me.in_store_key_with_store_key_value("store-b")
    cart = shop_a.me().carts().post(MyCartDraft(currency="EUR")).execute().body
    add = MyCartUpdate(version=cart.version, actions=[MyCartAddLineItemAction(sku="RUN-1", quantity=2)])
    cart = shop_a.me().carts().with_id(cart.id).post(add).execute().body
    assert cart.store is not None and cart.store.key == "store-a" and cart.total_price.cent_amount == 17800

    signed_up = shop_a.me().signup().post(MyCustomerDraft(email="ann@example.com", password="Pw-1234")).execute().body
    assert [s.key for s in signed_up.customer.stores] == ["store-a"]

    with pytest.raises(InvalidCustomerCredentialsError):  # a store's customer cannot sign in globally
        ctp_client.sign_in_customer(session, email="ann@example.com", password="Pw-1234")
    with pytest.raises(InvalidCustomerCredentialsError):  # ... nor in another store
        ctp_client.sign_in_customer(session, email="ann@example.com", password="Pw-1234", store_key="store-b")

    result = ctp_client.sign_in_customer(session, email="ann@example.com", password="Pw-1234", store_key="store-a")
    assert result.customer.id == signed_up.customer.id
    assert result.cart is not None and result.cart.id == cart.id
    state = ctp_client.customer_session_state(session)
    assert state is not None and state.customer_id == result.customer.id

    assert shop_a.me().get().execute().body.id == result.customer.id
    with pytest.raises(errors.NotFoundError):
        shop_b.me().get().execute()
    active = shop_a.me().active_cart().get().execute().body
    assert active.id == cart.id and active.customer_id == result.customer.id
    order = shop_a.me().orders().post(MyOrderFromCartDraft(id=active.id, version=active.version)).execute().body
    assert order.store is not None and order.store.key == "store-a" and order.customer_id == result.customer.id
    assert shop_b.me().orders().get().execute().body.total == 0


def test_in_store_active_cart_is_the_stores_own(ctp_client: CtpClient) -> None:
    _stores(ctp_client, "store-a", "store-b")
    session: dict[str, Any] = {}
    me = ctp_client.customer_api_root(session)
    shop_a, shop_b = me.in_store_key_with_store_key_value("store-a"), me.in_store_key_with_store_key_value("store-b")
    with pytest.raises(errors.NotFoundError):
        shop_a.me().active_cart().get().execute()
    cart_a = shop_a.me().carts().post(MyCartDraft(currency="EUR")).execute().body
    with pytest.raises(errors.NotFoundError):  # the guest's cart is in store A, not B
        shop_b.me().active_cart().get().execute()
    cart_b = shop_b.me().carts().post(MyCartDraft(currency="USD")).execute().body

    assert shop_a.me().active_cart().get().execute().body.id == cart_a.id
    assert shop_b.me().active_cart().get().execute().body.id == cart_b.id
    assert {c.id for c in shop_a.me().carts().get().execute().body.results} == {cart_a.id}
    assert {c.id for c in me.me().carts().get().execute().body.results} == {cart_a.id, cart_b.id}

    other = ctp_client.customer_api_root({}).in_store_key_with_store_key_value("store-a")
    with pytest.raises(errors.NotFoundError):  # another guest in the same store has no cart
        other.me().active_cart().get().execute()


def test_an_unknown_store(ctp_client: CtpClient) -> None:
    _stores(ctp_client, "store-a")
    api = ctp_client.integration_api_root()
    nowhere = api.in_store_key_with_store_key_value("no-such-store")
    with pytest.raises(errors.BadRequestError) as created:
        nowhere.carts().post(CartDraft(currency="EUR")).execute()
    assert created.value.codes == ["ReferencedResourceNotFound"]
    cart = api.in_store_key_with_store_key_value("store-a").carts().post(CartDraft(currency="EUR")).execute().body
    with pytest.raises(errors.NotFoundError):
        nowhere.carts().with_id(cart.id).get().execute()
    assert nowhere.carts().get().execute().body.total == 0

    # a global customer signs in to any existing store, but not to a missing one
    api.customers().post(CustomerDraft(email="gus@example.com", password="Pw-5678")).execute()
    assert ctp_client.sign_in_customer({}, email="gus@example.com", password="Pw-5678", store_key="store-a")
    with pytest.raises(InvalidCustomerCredentialsError):
        ctp_client.sign_in_customer({}, email="gus@example.com", password="Pw-5678", store_key="no-such-store")


def test_store_restricting_its_catalog_answers_501(ctp_client: CtpClient) -> None:
    _stores(ctp_client, "open")
    _stores(ctp_client, "english", languages=["en"])
    _product(ctp_client)
    api = ctp_client.integration_api_root()
    found = api.in_store_key_with_store_key_value("open").product_projections().with_key("runner").get().execute()
    assert found.body.slug["en"] == "runner"
    with pytest.raises(errors.ServerError) as err:
        api.in_store_key_with_store_key_value("english").product_projections().with_key("runner").get().execute()
    assert err.value.status_code == 501 and "english" in err.value.message
    assert "ByProjectKeyInStoreKeyByStoreKeyProductProjectionsKeyByKeyGet" in err.value.message


def test_in_store_operations_are_counted_and_the_rest_still_answer_501(ctp_backend: Backend) -> None:
    supported = {op.id for op in supported_operations()}
    docstring = " ".join((testing.__doc__ or "").split())
    documented = re.search(r"answers (\d+) of the spec's (\d+) operations", docstring)
    assert documented is not None and int(documented.group(1)) == len(supported) >= 596
    assert int(documented.group(2)) == len(spec_index.OPERATIONS)
    assert "ByProjectKeyInStoreKeyByStoreKeyMeLoginPost" in supported
    assert "ByProjectKeyInStoreKeyByStoreKeyCartsReplicatePost" in supported  # via its project counterpart
    assert "ByProjectKeyInStoreKeyByStoreKeyOrdersQuotesPost" in supported  # through /orders/quotes
    tailoring = "ByProjectKeyInStoreKeyByStoreKeyProductsByProductIDProductTailoringGet"
    assert tailoring in supported  # answered by `/product-tailoring/{ID}`'s handler (_tailoring)
    assert "ByProjectKeyGraphqlPost" not in supported
    with ctp_backend.ctp_client() as client:
        api = client.integration_api_root()
        product = api.in_store_key_with_store_key_value("s").products().with_product_id("x")
        with pytest.raises(errors.NotFoundError):
            product.product_tailoring().get().execute()
        with pytest.raises(errors.ServerError) as err:
            api.graphql().post(GraphQLRequest(query="{ products { total } }")).execute()
    assert err.value.status_code == 501 and "ByProjectKeyGraphqlPost" in err.value.message
