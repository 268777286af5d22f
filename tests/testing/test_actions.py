"""Update actions on the fake: the generic set/change rule, custom fields, addresses, line items,
and the refusals (unknown action 400, spec action the fake does not model 501, all-or-nothing)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ctp_sdk.testing import _spec
from ctp_sdk.testing._actions import supported

P = "test-project"


def _update(api: httpx.Client, path: str, version: int, *actions: dict[str, Any]) -> httpx.Response:
    return api.post(path, json={"version": version, "actions": list(actions)})


@pytest.fixture
def category(ctp_http: httpx.Client) -> dict[str, Any]:
    created: dict[str, Any] = ctp_http.post(
        f"/{P}/categories", json={"name": {"en": "C"}, "slug": {"en": "c"}, "key": "c"}
    ).json()
    return created


def test_generic_set_and_change_follow_the_field_name(ctp_http: httpx.Client, category: dict[str, Any]) -> None:
    path = f"/{P}/categories/{category['id']}"
    response = _update(
        ctp_http,
        path,
        1,
        {"action": "setExternalId", "externalId": "ext"},
        {"action": "changeOrderHint", "orderHint": "0.3"},
        {"action": "setMetaKeywords", "metaKeywords": {"en": "k"}},
    )
    body = response.json()
    assert (body["externalId"], body["orderHint"], body["metaKeywords"], body["version"]) == (
        "ext",
        "0.3",
        {"en": "k"},
        2,
    )
    removed = _update(ctp_http, path, 2, {"action": "setExternalId"}).json()
    assert "externalId" not in removed
    missing = _update(ctp_http, path, 3, {"action": "changeName"})
    assert missing.status_code == 400 and missing.json()["errors"][0]["code"] == "InvalidJsonInput"


def test_no_op_update_keeps_the_version(ctp_http: httpx.Client, category: dict[str, Any]) -> None:
    response = _update(ctp_http, f"/{P}/categories/{category['id']}", 1, {"action": "changeName", "name": {"en": "C"}})
    assert response.json()["version"] == 1


def test_change_parent_resolves_references_and_ancestors(ctp_http: httpx.Client, category: dict[str, Any]) -> None:
    other = ctp_http.post(f"/{P}/categories", json={"name": {"en": "O"}, "slug": {"en": "o"}}).json()
    moved = _update(
        ctp_http, f"/{P}/categories/{other['id']}", 1, {"action": "changeParent", "parent": {"key": "c"}}
    ).json()
    assert moved["parent"] == {"typeId": "category", "id": category["id"]}
    assert moved["ancestors"] == [{"typeId": "category", "id": category["id"]}]
    dangling = _update(ctp_http, f"/{P}/categories/{other['id']}", 2, {"action": "changeParent", "parent": {"id": "x"}})
    assert dangling.status_code == 400
    assert dangling.json()["errors"][0]["code"] == "ReferencedResourceNotFound"


def test_unknown_action_is_400_and_unmodelled_spec_action_is_501(
    ctp_http: httpx.Client, category: dict[str, Any]
) -> None:
    path = f"/{P}/categories/{category['id']}"
    unknown = _update(ctp_http, path, 1, {"action": "teleport"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["code"] == "InvalidJsonInput"
    channel = ctp_http.post(f"/{P}/channels", json={"key": "ch501"}).json()
    unmodelled = _update(ctp_http, f"/{P}/channels/{channel['id']}", 1, {"action": "addRoles", "roles": ["Primary"]})
    assert unmodelled.status_code == 501
    assert "addRoles" in unmodelled.json()["message"]


def test_updates_are_all_or_nothing(ctp_http: httpx.Client, category: dict[str, Any]) -> None:
    path = f"/{P}/categories/{category['id']}"
    failed = _update(ctp_http, path, 1, {"action": "setKey", "key": "new"}, {"action": "teleport"})
    assert failed.status_code == 400
    assert ctp_http.get(path).json()["key"] == "c"


def test_custom_type_and_fields(ctp_http: httpx.Client, category: dict[str, Any]) -> None:
    ctp_http.post(
        f"/{P}/types",
        json={"key": "t", "name": {"en": "T"}, "resourceTypeIds": ["category"], "fieldDefinitions": []},
    )
    path = f"/{P}/categories/{category['id']}"
    no_type = _update(ctp_http, path, 1, {"action": "setCustomField", "name": "a", "value": 1})
    assert no_type.status_code == 400 and no_type.json()["errors"][0]["code"] == "InvalidOperation"
    typed = _update(ctp_http, path, 1, {"action": "setCustomType", "type": {"key": "t"}, "fields": {"a": 1}}).json()
    assert typed["custom"]["fields"] == {"a": 1}
    typed = _update(
        ctp_http,
        path,
        2,
        {"action": "setCustomField", "name": "b", "value": "x"},
        {"action": "setCustomField", "name": "a"},
    ).json()
    assert typed["custom"]["fields"] == {"b": "x"}
    cleared = _update(ctp_http, path, 3, {"action": "setCustomType"}).json()
    assert "custom" not in cleared


def test_customer_address_actions(ctp_http: httpx.Client) -> None:
    customer = ctp_http.post(f"/{P}/customers", json={"email": "a@example.com", "password": "x"}).json()["customer"]
    path = f"/{P}/customers/{customer['id']}"
    c = _update(ctp_http, path, 1, {"action": "addAddress", "address": {"key": "home", "country": "DE"}}).json()
    home = c["addresses"][0]["id"]
    c = _update(
        ctp_http,
        path,
        c["version"],
        {"action": "setDefaultShippingAddress", "addressKey": "home"},
        {"action": "addBillingAddressId", "addressId": home},
        {"action": "changeAddress", "addressId": home, "address": {"key": "home", "country": "AT"}},
    ).json()
    assert (c["defaultShippingAddressId"], c["shippingAddressIds"], c["billingAddressIds"]) == (home, [home], [home])
    assert c["addresses"] == [{"id": home, "key": "home", "country": "AT"}]
    c = _update(ctp_http, path, c["version"], {"action": "removeAddress", "addressId": home}).json()
    assert c["addresses"] == [] and c["shippingAddressIds"] == [] and "defaultShippingAddressId" not in c
    bad = _update(ctp_http, path, c["version"], {"action": "removeAddress", "addressId": "nope"})
    assert bad.status_code == 400


def test_cart_line_item_actions(ctp_http: httpx.Client) -> None:
    pt = ctp_http.post(f"/{P}/product-types", json={"name": "t", "description": "d"}).json()
    prices = [
        {"value": {"currencyCode": "USD", "centAmount": 700}},
        {"value": {"currencyCode": "EUR", "centAmount": 900}, "country": "AT"},
        {"value": {"currencyCode": "EUR", "centAmount": 500}},
    ]
    product = ctp_http.post(
        f"/{P}/products",
        json={
            "productType": {"id": pt["id"]},
            "name": {"en": "P"},
            "slug": {"en": "p"},
            "publish": True,
            "masterVariant": {"sku": "M", "prices": prices},
            "variants": [{"sku": "V2", "prices": [{"value": {"currencyCode": "GBP", "centAmount": 1}}]}],
        },
    ).json()
    cart = ctp_http.post(f"/{P}/carts", json={"currency": "EUR", "country": "DE"}).json()
    path = f"/{P}/carts/{cart['id']}"
    cart = _update(ctp_http, path, 1, {"action": "addLineItem", "productId": product["id"], "variantId": 1}).json()
    assert cart["lineItems"][0]["price"]["value"]["centAmount"] == 500  # the country-less EUR price for DE
    cart = _update(ctp_http, path, cart["version"], {"action": "addLineItem", "sku": "M", "quantity": 2}).json()
    assert [li["quantity"] for li in cart["lineItems"]] == [3]  # same variant: one line, summed
    line = cart["lineItems"][0]["id"]
    cart = _update(
        ctp_http, path, cart["version"], {"action": "removeLineItem", "lineItemId": line, "quantity": 1}
    ).json()
    assert (cart["lineItems"][0]["quantity"], cart["totalPrice"]["centAmount"], cart["totalLineItemQuantity"]) == (
        2,
        1000,
        2,
    )
    no_price = _update(ctp_http, path, cart["version"], {"action": "addLineItem", "sku": "V2"})
    assert no_price.status_code == 400 and no_price.json()["errors"][0]["code"] == "MatchingPriceNotFound"
    cart = _update(
        ctp_http,
        path,
        cart["version"],
        {"action": "setShippingAddress", "address": {"country": "DE", "city": "Berlin"}},
        {"action": "setCustomerEmail", "email": "e@example.com"},
        {"action": "changeLineItemQuantity", "lineItemId": line, "quantity": 0},
    ).json()
    assert cart["shippingAddress"] == {"country": "DE", "city": "Berlin"}
    assert cart["customerEmail"] == "e@example.com"
    assert cart["lineItems"] == [] and cart["totalPrice"]["centAmount"] == 0 and "totalLineItemQuantity" not in cart
    discount = _update(ctp_http, path, cart["version"], {"action": "addDiscountCode", "code": "X"})
    assert discount.status_code == 400 and discount.json()["errors"][0]["code"] == "DiscountCodeNonApplicable"


def test_spec_defined_actions_the_fake_models() -> None:
    """The generic rule comes from the spec: an action qualifies only if its payload is its field."""
    categories = _spec.families()["categories"]
    assert supported(categories, "setMetaTitle") and supported(categories, "changeSlug")
    assert supported(categories, "setAssetKey")  # registered: asset actions on categories
    assert not supported(_spec.families()["channels"], "addRoles")
    assert not supported(categories, "noSuchAction")
    carts = _spec.families()["carts"]
    assert supported(carts, "addLineItem") and supported(carts, "setCountry") and supported(carts, "setCustomType")


def test_product_asset_image_price_and_variant_actions(ctp_http: httpx.Client) -> None:
    product_type = ctp_http.post(f"/{P}/product-types", json={"name": "t", "description": "d"}).json()
    product = ctp_http.post(
        f"/{P}/products",
        json={
            "productType": {"id": product_type["id"]},
            "name": {"en": "p"},
            "slug": {"en": "p"},
            "masterVariant": {"sku": "a", "prices": [{"value": {"currencyCode": "EUR", "centAmount": 100}}]},
            "variants": [{"sku": "b"}],
        },
    ).json()
    price_id = product["masterData"]["staged"]["masterVariant"]["prices"][0]["id"]
    response = _update(
        ctp_http,
        f"/{P}/products/{product['id']}",
        product["version"],
        {
            "action": "addAsset",
            "sku": "a",
            "asset": {"name": {"en": "manual"}, "sources": [{"uri": "https://x/m.pdf"}]},
        },
        {"action": "addExternalImage", "sku": "a", "image": {"url": "https://x/i.png", "dimensions": {"w": 1, "h": 1}}},
        {"action": "changePrice", "priceId": price_id, "price": {"value": {"currencyCode": "EUR", "centAmount": 250}}},
        {"action": "setSKU", "variantId": 2, "sku": "b2"},
        {"action": "changeMasterVariant", "sku": "b2"},
        {"action": "removeVariant", "sku": "a"},
    )
    assert response.status_code == 200, response.text
    staged = response.json()["masterData"]["staged"]
    assert staged["masterVariant"]["sku"] == "b2" and staged["variants"] == []
    assert response.json()["masterData"]["hasStagedChanges"] is True
    asset_product = _update(
        ctp_http,
        f"/{P}/products/{product['id']}",
        response.json()["version"],
        {"action": "addAsset", "variantId": 2, "asset": {"name": {"en": "m"}, "sources": [{"uri": "https://x/m"}]}},
    ).json()
    asset = asset_product["masterData"]["staged"]["masterVariant"]["assets"][0]
    assert asset["id"] and asset["name"] == {"en": "m"}


def test_product_type_definition_changes_reach_the_products(ctp_http: httpx.Client) -> None:
    color = {"name": "enum", "values": [{"key": "red", "label": "Red"}]}
    attribute = {"name": "color", "label": {"en": "Color"}, "isRequired": False, "type": color}
    product_type = ctp_http.post(
        f"/{P}/product-types", json={"name": "shirts", "description": "d", "attributes": [attribute]}
    ).json()
    product = ctp_http.post(
        f"/{P}/products",
        json={
            "productType": {"id": product_type["id"]},
            "name": {"en": "p"},
            "slug": {"en": "p-defs"},
            "masterVariant": {"attributes": [{"name": "color", "value": "red"}]},
        },
    ).json()
    updated = _update(
        ctp_http,
        f"/{P}/product-types/{product_type['id']}",
        product_type["version"],
        {"action": "addPlainEnumValue", "attributeName": "color", "value": {"key": "blue", "label": "Blue"}},
        {"action": "changePlainEnumValueLabel", "attributeName": "color", "newValue": {"key": "red", "label": "Rot"}},
        {"action": "changeAttributeName", "attributeName": "color", "newAttributeName": "colour"},
        {"action": "changeIsSearchable", "attributeName": "colour", "isSearchable": False},
    )
    assert updated.status_code == 200, updated.text
    definition = updated.json()["attributes"][0]
    assert definition["name"] == "colour" and definition["isSearchable"] is False
    assert [v["key"] for v in definition["type"]["values"]] == ["red", "blue"]
    staged = ctp_http.get(f"/{P}/products/{product['id']}").json()["masterData"]["staged"]
    assert staged["masterVariant"]["attributes"] == [{"name": "colour", "value": {"key": "red", "label": "Rot"}}]
    duplicate = _update(
        ctp_http,
        f"/{P}/product-types/{product_type['id']}",
        updated.json()["version"],
        {"action": "addPlainEnumValue", "attributeName": "colour", "value": {"key": "blue", "label": "B"}},
    )
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["code"] == "DuplicateEnumValues"
