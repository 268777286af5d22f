"""The fixtures of the official Java SDK's integration tests (commercetools/commercetools-sdk-java-v2,
`commercetools/commercetools-sdk-java-api/src/integrationTest/java/commercetools/*/*Fixtures.java`), rebuilt on
ctp_sdk's fluent root: the same drafts (random keys, random locales, the same prices, rates and attributes),
created through `CtpClient.integration_api_root()`.

`Java` is one backend seen through a CtpClient: the embedded backend (in-process transport) or the peer
server (commercetools-mock over HTTP on 127.0.0.1). Each `create_*` mirrors the Java fixture's
`create*()`; the Java fixtures' deletes are left out where the test does not assert on them (every test gets a
fresh backend; the peer tests use unique keys).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from ctp_auth import AuthClient
from ctp_sdk import ClientConfig, CtpClient
from ctp_sdk import models as m

JAVA_PROJECT = "java-sdk"


def random_string() -> str:
    """CommercetoolsTestUtils.randomString()."""
    return f"random-string-{uuid.uuid4()}"


def random_key() -> str:
    """CommercetoolsTestUtils.randomKey()."""
    return f"random-key-{uuid.uuid4()}"


def random_localized_string() -> dict[str, str]:
    """CommercetoolsTestUtils.randomLocalizedString(): a random string as the locale, another as the value."""
    return {random_string(): random_string()}


def now(**delta: float) -> str:
    """ZonedDateTime.now() plus `delta`, as the Java SDK serialises it."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(**delta)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Java:
    """A backend, a CtpClient on it, and the Java SDK's fixtures."""

    name: str
    ctp: CtpClient
    api_url: str
    transport: Any

    @property
    def api(self) -> Any:
        return self.ctp.integration_api_root()

    def auth(self, client_id: str | None = None) -> AuthClient:
        """The auth server as the Java SDK's token suppliers call it (closed by the caller)."""
        config = self.ctp.config
        http = httpx.Client(transport=self.transport, timeout=10)
        return AuthClient(config.auth_url, client_id or config.client_id, config.client_secret, http=http)

    def raw(self) -> httpx.Client:
        """For a request the typed root cannot send (the Java SDK omits a required `version`): plain httpx
        with the integration token."""
        token = self.ctp.get_integration_token()
        return httpx.Client(
            transport=self.transport, base_url=self.api_url, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )

    # -- TaxCategoryFixtures / ZoneFixtures / CustomerGroupFixtures / ChannelFixtures / StateFixtures ----

    def create_tax_category(self) -> m.TaxCategory:
        rate = {
            "name": random_string(),
            "amount": 0.19,
            "includedInPrice": True,
            "country": "DE",
            "state": "Berlin",
            "subRates": [{"name": random_string(), "amount": 0.19}],
        }
        draft = m.TaxCategoryDraft.from_dict(
            {"name": random_string(), "key": random_key(), "description": random_string(), "rates": [rate]}
        )
        tax: m.TaxCategory = self.api.tax_categories().post(draft).execute().body
        assert (tax.name, tax.key) == (draft.name, draft.key)
        return tax

    def create_zone(self) -> m.Zone:
        draft = m.ZoneDraft.from_dict({"key": random_key(), "name": random_string(), "locations": [{"country": "DE"}]})
        zone: m.Zone = self.api.zones().post(draft).execute().body
        return zone

    def create_customer_group(self) -> m.CustomerGroup:
        draft = m.CustomerGroupDraft(key=random_key(), group_name=random_string())
        group: m.CustomerGroup = self.api.customer_groups().post(draft).execute().body
        assert group.key == draft.key
        return group

    def create_channel(self) -> m.Channel:
        draft = m.ChannelDraft.from_dict(
            {
                "key": random_key(),
                "roles": ["InventorySupply"],
                "geoLocation": {"type": "Point", "coordinates": [13.0, 51.0]},
            }
        )
        channel: m.Channel = self.api.channels().post(draft).execute().body
        assert channel.key == draft.key
        return channel

    def create_state(self, type_: str = "ProductState") -> m.State:
        draft = m.StateDraft.from_dict({"key": random_key(), "type": type_})
        state: m.State = self.api.states().post(draft).execute().body
        return state

    # -- TypeFixtures ---------------------------------------------------------------------------------

    def create_type(self, resource_type_ids: tuple[str, ...] = ("asset",), field_name: str | None = None) -> m.Type:
        draft = m.TypeDraft.from_dict(
            {
                "key": random_key(),
                "name": random_localized_string(),
                "resourceTypeIds": list(resource_type_ids),
                "fieldDefinitions": [
                    {
                        "type": {"name": "String"},
                        "name": field_name or random_string(),
                        "label": random_localized_string(),
                        "required": False,
                        "inputHint": "SingleLine",
                    }
                ],
            }
        )
        created: m.Type = self.api.types().post(draft).execute().body
        assert created.key == draft.key
        return created

    # -- CategoryFixtures -----------------------------------------------------------------------------

    def create_category(self) -> m.Category:
        key = random_key()
        value = f"value-{random_string()}"
        localized = {key: value}
        type_ = (
            self.api.types()
            .post(
                m.TypeDraft.from_dict(
                    {
                        "key": key,
                        "name": random_localized_string(),
                        "resourceTypeIds": ["category"],
                        "fieldDefinitions": [
                            {
                                "type": {"name": "String"},
                                "name": value,
                                "label": localized,
                                "required": False,
                                "inputHint": "SingleLine",
                            }
                        ],
                    }
                )
            )
            .execute()
            .body
        )
        draft = m.CategoryDraft.from_dict(
            {
                "key": random_key(),
                "name": localized,
                "description": localized,
                "slug": localized,
                "orderHint": random_string(),
                "externalId": f"random-id-{uuid.uuid4()}",
                "metaTitle": localized,
                "metaDescription": localized,
                "metaKeywords": localized,
                "custom": {"type": {"typeId": "type", "id": type_.id}},
                "assets": [{"key": JAVA_PROJECT, "name": localized, "sources": [{"uri": "www.commercetools.com"}]}],
            }
        )
        category: m.Category = self.api.categories().post(draft).execute().body
        return category

    # -- ProductFixtures ------------------------------------------------------------------------------

    @staticmethod
    def product_type_draft() -> m.ProductTypeDraft:
        """ProductFixtures.createProductTypeDraft()."""

        def attribute(name: str, type_: dict[str, Any]) -> dict[str, Any]:
            return {"name": name, "label": {"en": name}, "isRequired": False, "type": type_}

        text, number = {"name": "text"}, {"name": "number"}
        return m.ProductTypeDraft.from_dict(
            {
                "key": random_key(),
                "name": random_string(),
                "description": random_string(),
                "attributes": [
                    attribute("test-text", text),
                    attribute("test-number", number),
                    attribute("test-integer", number),
                    attribute("test-enum", {"name": "enum", "values": [{"key": "test", "label": "test"}]}),
                    attribute("test-set-text", {"name": "set", "elementType": text}),
                    attribute("test-set-number", {"name": "set", "elementType": number}),
                    attribute("test-set-integer", {"name": "set", "elementType": number}),
                ],
            }
        )

    def create_product_type(self, draft: m.ProductTypeDraft | None = None) -> m.ProductType:
        draft = draft or self.product_type_draft()
        product_type: m.ProductType = self.api.product_types().post(draft).execute().body
        return product_type

    def create_product(
        self,
        product_type: m.ProductType,
        category: m.Category,
        tax_category: m.TaxCategory,
        publish: bool = False,
    ) -> m.Product:
        """ProductFixtures.createProduct(productType, category, taxCategory[, publish])."""
        money = {"centAmount": 100, "currencyCode": "EUR"}
        variant = {
            "sku": random_string(),
            "key": random_key(),
            "prices": [
                {
                    "value": money,
                    "country": "DE",
                    "validFrom": now(),
                    "validUntil": now(hours=1),
                    "tiers": [{"minimumQuantity": 10, "value": money}],
                }
            ],
            "images": [{"url": "http://www.google.com", "dimensions": {"w": 100, "h": 100}, "label": random_string()}],
            "assets": [
                {
                    "key": random_key(),
                    "sources": [
                        {
                            "uri": "http://www.google.com",
                            "key": random_key(),
                            "dimensions": {"h": 10, "w": 10},
                            "contentType": "application/json",
                        }
                    ],
                    "name": random_localized_string(),
                }
            ],
            "attributes": [
                {"name": "test-text", "value": "foo"},
                {"name": "test-number", "value": 10.0},
                {"name": "test-integer", "value": 10},
                {"name": "test-enum", "value": "test"},
                {"name": "test-set-text", "value": ["foo"]},
                {"name": "test-set-integer", "value": [11]},
                {"name": "test-set-number", "value": [11.0]},
            ],
        }
        draft = m.ProductDraft.from_dict(
            {
                "key": random_key(),
                "name": random_localized_string(),
                "productType": {"typeId": "product-type", "id": product_type.id},
                "slug": random_localized_string(),
                "description": random_localized_string(),
                "categories": [{"typeId": "category", "id": category.id}],
                "categoryOrderHints": {category.id: "0.5"},
                "metaTitle": random_localized_string(),
                "metaDescription": random_localized_string(),
                "metaKeywords": random_localized_string(),
                "masterVariant": variant,
                "taxCategory": {"typeId": "tax-category", "id": tax_category.id},
                "publish": publish,
            }
        )
        product: m.Product = self.api.products().post(draft).execute().body
        assert product.key == draft.key
        return product

    def product(self, publish: bool = False) -> m.Product:
        """ProductFixtures.withProduct / withPublishedProduct: tax category, category, product type, product."""
        return self.create_product(
            self.create_product_type(), self.create_category(), self.create_tax_category(), publish
        )

    def delete_product_by_id(self, product_id: str) -> m.Product:
        """ProductFixtures.deleteProductById: unpublish if published, then delete with the version."""
        products = self.api.products()
        product: m.Product = products.with_id(product_id).get().execute().body
        if product.master_data.published:
            update = m.ProductUpdate(version=product.version, actions=[m.ProductUnpublishAction()])
            product = products.with_id(product_id).post(update).execute().body
        deleted: m.Product = products.with_id(product_id).delete(version=product.version).execute().body
        return deleted

    # -- CustomerFixtures -----------------------------------------------------------------------------

    def customer_draft(self, group: m.CustomerGroup, password: str | None = None) -> m.CustomerDraft:
        return m.CustomerDraft.from_dict(
            {
                "email": f"test-email-{random_string()}@test.com",
                "key": random_key(),
                "password": password or random_string(),
                "customerGroup": {"typeId": "customer-group", "id": group.id},
                "addresses": [{"country": "DE"}],
            }
        )

    def create_customer(self, group: m.CustomerGroup | None = None, password: str | None = None) -> m.Customer:
        draft = self.customer_draft(group or self.create_customer_group(), password)
        customer: m.Customer = self.api.customers().post(draft).execute().body.customer
        assert customer.key == draft.key
        return customer

    # -- CartsFixtures / CartDiscountFixtures / DiscountCodeFixtures ----------------------------------

    def create_cart(self, **draft: Any) -> m.Cart:
        body = {"currency": "EUR", "country": "DE", **draft}
        cart: m.Cart = self.api.carts().post(m.CartDraft.from_dict(body)).execute().body
        assert cart.country == body["country"]
        return cart

    def cart_discount_draft(self, sort_order: str = "0.41", **extra: Any) -> m.CartDiscountDraft:
        return m.CartDiscountDraft.from_dict(
            {
                "name": random_localized_string(),
                "key": random_key(),
                "value": {"type": "relative", "permyriad": 10},
                "cartPredicate": 'country="DE"',
                "target": {"type": "shipping"},
                "sortOrder": sort_order,
                **extra,
            }
        )

    def create_cart_discount(self) -> m.CartDiscount:
        draft = self.cart_discount_draft(
            description=random_localized_string(),
            isActive=True,
            validFrom=now(hours=-1),
            validUntil=now(hours=3),
            requiresDiscountCode=True,
            stackingMode="Stacking",
        )
        discount: m.CartDiscount = self.api.cart_discounts().post(draft).execute().body
        assert discount.key == draft.key
        return discount

    def create_discount_code(self, cart_discount: m.CartDiscount, **extra: Any) -> m.DiscountCode:
        draft = m.DiscountCodeDraft.from_dict(
            {
                "name": random_localized_string(),
                "description": random_localized_string(),
                "code": random_string(),
                "cartDiscounts": [{"typeId": "cart-discount", "id": cart_discount.id}],
                "cartPredicate": 'country="DE"',
                "groups": ["group-one"],
                "isActive": True,
                "validFrom": now(hours=-1),
                "validUntil": now(hours=3),
                "maxApplications": 2,
                "maxApplicationsPerCustomer": 1,
                **extra,
            }
        )
        code: m.DiscountCode = self.api.discount_codes().post(draft).execute().body
        assert code.code == draft.code
        return code

    def delete_discount_code(self, code: m.DiscountCode) -> m.DiscountCode:
        """DiscountCodeFixtures.deleteDiscountCode: DELETE with `expand=cartDiscounts[*]`."""
        deleted: m.DiscountCode = (
            (self.api.discount_codes().with_id(code.id).delete(version=code.version, expand=["cartDiscounts[*]"]))
            .execute()
            .body
        )
        assert deleted.id == code.id
        return deleted

    # -- OrdersFixtures -------------------------------------------------------------------------------

    def create_order(self) -> m.Order:
        """OrdersFixtures.withCreateOrder: a published product in a cart with a Berlin shipping address."""
        product = self.product(publish=True)
        cart = self.create_cart()
        sku = product.master_data.current.master_variant.sku
        update = m.CartUpdate.from_dict(
            {
                "version": cart.version,
                "actions": [
                    {"action": "addLineItem", "sku": sku},
                    {"action": "setShippingAddress", "address": {"country": "DE", "state": "Berlin"}},
                ],
            }
        )
        cart = self.api.carts().with_id(cart.id).post(update).execute().body
        draft = m.OrderFromCartDraft.from_dict(
            {"cart": {"typeId": "cart", "id": cart.id}, "version": cart.version, "orderNumber": random_string()}
        )
        order: m.Order = self.api.orders().post(draft).execute().body
        assert order.cart is not None and order.cart.id == cart.id
        return order

    # -- PaymentFixtures ------------------------------------------------------------------------------

    def create_payment(self) -> m.Payment:
        draft = m.PaymentDraft.from_dict(
            {
                "key": random_key(),
                "interfaceId": random_string(),
                "amountPlanned": {"centAmount": 1000, "currencyCode": "EUR"},
                "paymentMethodInfo": {"paymentInterface": random_string(), "method": "CREDIT_CARD"},
            }
        )
        payment: m.Payment = self.api.payments().post(draft).execute().body
        assert payment.key == draft.key
        return payment


# -- the Java tests' recurring steps -------------------------------------------------------------------------


def by_id_or_key(collection: Any, resource: Any, by: str) -> Any:
    """`withId(id)` or `withKey(key)` of a collection builder, as a Java test's `...ById` / `...ByKey`."""
    return collection.with_id(resource.id) if by == "id" else collection.with_key(resource.key)


def assert_get_by_id_and_key(collection: Any, resource: Any) -> None:
    """The Java `getById` and `getByKey` tests: both reads answer the resource."""
    assert resource.key is not None
    assert collection.with_id(resource.id).get().execute().body.id == resource.id
    assert collection.with_key(resource.key).get().execute().body.id == resource.id


def assert_set_new_key(collection: Any, resource: Any, by: str, update: Any, set_key: Any) -> Any:
    """The Java `updateById` / `updateByKey` tests: `setKey` (or `changeKey`) to a random key, by id or key."""
    new_key = random_key()
    body = update(version=resource.version, actions=[set_key(key=new_key)])
    updated = by_id_or_key(collection, resource, by).post(body).execute().body
    assert updated.key == new_key
    return updated


def java_client(name: str, api_url: str, auth_url: str, transport: Any, client_id: str, secret: str) -> Java:
    config = ClientConfig(
        project_key=JAVA_PROJECT,
        client_id=client_id,
        client_secret=secret,
        auth_url=auth_url,
        api_url=api_url,
        scopes=(f"manage_project:{JAVA_PROJECT}",),
        max_retries=0,
    )
    return Java(name, CtpClient(config, transport=transport), api_url, transport)


def java_backends(name: str, peer_url: str | None) -> Iterator[Java]:
    """The `java` fixture's body: a fresh embedded backend, or the session's peer server."""
    if name == "fake":
        from ctp_sdk.testing import Backend

        backend = Backend(JAVA_PROJECT)
        java = java_client(
            "fake",
            backend.api_url,
            backend.auth_url,
            backend.transport(),
            backend.client.client_id,
            backend.client.client_secret,
        )
    else:
        assert peer_url is not None
        java = java_client("peer", peer_url, peer_url, None, "java-client", "java-secret-" + "s" * 16)
    with java.ctp:
        yield java


def java_fixture(request: Any, peer_defects: dict[str, str]) -> Iterator[Java]:
    """The test modules' `java` fixture (params fake, peer): on the peer, a test listed in `peer_defects` is a
    strict xfail naming what the peer does instead."""
    peer_url = request.getfixturevalue("peer_server") if request.param == "peer" else None
    defect = peer_defects.get(request.node.originalname)
    if request.param == "peer" and defect:
        import pytest

        request.applymarker(pytest.mark.xfail(reason=defect, strict=True))
    yield from java_backends(request.param, peer_url)
