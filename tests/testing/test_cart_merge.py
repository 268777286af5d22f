"""Merge Cart (`POST /carts/customer-id={customerId}/merge` and in a Store), raw JSON over HTTP, on
the embedded backend and the peer server (https://docs.commercetools.com/api/carts-orders-overview
"Merge a Cart"; releases 2025-10-09 and 2025-10-23): the same merge modes as sign-in, errors for a
cart that cannot be merged.

Peer defect (commercetools-mock 4.4.0): it has no Merge Cart endpoint (404 for the path).
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok, _setup_catalog

from testing_targets import Target, run_workflow, unique


def _carts(target: Target) -> tuple[Shop, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A customer with an active cart (no items) and a guest cart with two of the product."""
    shop = Shop(target)
    catalog = _setup_catalog(shop)
    customer = shop.create("customers", {"email": f"{unique('merge')}@example.com", "password": "secret-1"})["customer"]
    mine = shop.create("carts", {"currency": "EUR", "customerId": customer["id"]})
    guest = shop.create(
        "carts",
        {
            "currency": "EUR",
            "anonymousId": unique("anon"),
            "lineItems": [{"sku": catalog["sku"], "quantity": 2}],
        },
    )
    return shop, catalog, customer, mine, guest


def _merge(shop: Shop, customer_id: str, draft: dict[str, Any], prefix: str = "") -> Any:
    return shop.api.post(f"/{shop.p}{prefix}/carts/customer-id={customer_id}/merge", json=draft)


def merge_into_existing(target: Target) -> None:
    shop, catalog, customer, mine, guest = _carts(target)
    merged = _ok(_merge(shop, customer["id"], {"anonymousCart": {"typeId": "cart", "id": guest["id"]}}))
    # The default mode: the guest's items land in the customer's cart, the guest cart is Merged.
    assert merged["id"] == mine["id"]
    assert merged["customerId"] == customer["id"]
    assert [(item["variant"]["sku"], item["quantity"]) for item in merged["lineItems"]] == [(catalog["sku"], 2)]
    assert merged["totalPrice"]["centAmount"] == 2000
    assert shop.get(f"carts/{guest['id']}")["cartState"] == "Merged"
    assert shop.get(f"carts/customer-id={customer['id']}")["id"] == mine["id"]


def merge_as_new_active(target: Target) -> None:
    shop, _, customer, mine, guest = _carts(target)
    draft = {"anonymousId": guest["anonymousId"], "mergeMode": "UseAsNewActiveCustomerCart"}
    merged = _ok(_merge(shop, customer["id"], draft))
    assert merged["id"] == guest["id"]
    assert merged["customerId"] == customer["id"]
    assert merged["lineItems"][0]["quantity"] == 2
    assert shop.get(f"carts/{mine['id']}")["lineItems"] == []
    assert shop.get(f"carts/customer-id={customer['id']}")["id"] == guest["id"]


WORKFLOWS = {"merge_into_existing": merge_into_existing, "merge_as_new_active": merge_as_new_active}
PEER_DEFECTS = dict.fromkeys(WORKFLOWS, "commercetools-mock has no Merge Cart endpoint (404 for the path)")


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_merge_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_merge_without_an_active_customer_cart_takes_the_guest_cart(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    customer = shop.create("customers", {"email": "solo@example.com", "password": "secret-1"})["customer"]
    guest = shop.create("carts", {"currency": "EUR", "key": "guest", "lineItems": [{"sku": catalog["sku"]}]})
    merged = _ok(_merge(shop, customer["id"], {"anonymousCart": {"typeId": "cart", "key": "guest"}}))
    assert (merged["id"], merged["customerId"], merged["cartState"]) == (guest["id"], customer["id"], "Active")


def test_merge_update_product_data_takes_the_current_product_name(fake: Target) -> None:
    shop, catalog, customer, _, guest = _carts(fake)
    product = catalog["product"]
    renamed = shop.update("products", product, {"action": "changeName", "name": {"en": "Polo"}}, {"action": "publish"})
    assert renamed["masterData"]["current"]["name"] == {"en": "Polo"}
    draft = {"anonymousCart": {"typeId": "cart", "id": guest["id"]}, "updateProductData": True}
    merged = _ok(_merge(shop, customer["id"], draft))
    assert merged["lineItems"][0]["name"] == {"en": "Polo"}


def test_merge_errors(fake: Target) -> None:
    shop, _, customer, mine, guest = _carts(fake)

    def error(response: Any, status: int) -> str:
        assert response.status_code == status, response.text
        code: str = response.json()["errors"][0]["code"]
        return code

    missing = {"anonymousCart": {"typeId": "cart", "id": "no-such-cart"}}
    assert error(_merge(shop, customer["id"], missing), 404) == "ResourceNotFound"
    # Another customer's (or this customer's own) cart is not an anonymous cart.
    owned = {"anonymousCart": {"typeId": "cart", "id": mine["id"]}}
    assert error(_merge(shop, customer["id"], owned), 400) == "InvalidOperation"
    assert error(_merge(shop, "no-such-customer", {"anonymousCart": {"id": guest["id"]}}), 404) == "ResourceNotFound"
    assert error(_merge(shop, customer["id"], {}), 400) == "InvalidJsonInput"
    bad_mode = {"anonymousCart": {"id": guest["id"]}, "mergeMode": "Replace"}
    assert error(_merge(shop, customer["id"], bad_mode), 400) == "InvalidJsonInput"
    # Nothing to merge for an anonymous id without a cart: the customer's active cart, unchanged...
    assert _ok(_merge(shop, customer["id"], {"anonymousId": "nobody"}))["version"] == mine["version"]
    # ... and for a customer without one, there is no cart to answer with.
    other = shop.create("customers", {"email": "other@example.com", "password": "secret-1"})["customer"]
    assert error(_merge(shop, other["id"], {"anonymousId": "nobody"}), 404) == "ResourceNotFound"
    # Once merged, the guest cart is no longer Active: a second merge of it is refused.
    _ok(_merge(shop, customer["id"], {"anonymousCart": {"id": guest["id"]}}))
    assert error(_merge(shop, customer["id"], {"anonymousCart": {"id": guest["id"]}}), 400) == "InvalidOperation"
    assert shop.get(f"carts/{mine['id']}")["lineItems"][0]["quantity"] == 2


def test_merge_in_store_sees_only_the_store_carts(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    for key in ("store-a", "store-b"):
        shop.create("stores", {"key": key})
    customer = shop.create("customers", {"email": "instore@example.com", "password": "secret-1"})["customer"]
    item = [{"sku": catalog["sku"], "quantity": 1}]
    in_b = _ok(shop.api.post(f"/{shop.p}/in-store/key=store-b/carts", json={"currency": "EUR", "lineItems": item}), 201)
    in_a = _ok(shop.api.post(f"/{shop.p}/in-store/key=store-a/carts", json={"currency": "EUR", "lineItems": item}), 201)
    foreign = _merge(shop, customer["id"], {"anonymousCart": {"id": in_b["id"]}}, "/in-store/key=store-a")
    assert foreign.status_code == 404, foreign.text
    assert foreign.json()["errors"][0]["code"] == "ResourceNotFound"
    merged = _ok(_merge(shop, customer["id"], {"anonymousCart": {"id": in_a["id"]}}, "/in-store/key=store-a"))
    assert (merged["id"], merged["customerId"], merged["store"]["key"]) == (in_a["id"], customer["id"], "store-a")
