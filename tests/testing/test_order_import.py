"""Create Order by Import (`POST /orders/import`), raw JSON over HTTP, on the embedded backend and the
peer server (https://docs.commercetools.com/api/projects/orders-import): an order without a cart,
its totals as given, line items by SKU, stock untouched unless an inventory mode is given.

Peer defect (commercetools-mock 4.4.0): it answers an import 200, not 201 Created.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok, _setup_catalog

from testing_targets import Target, run_workflow, unique


def _draft(sku: str, **extra: Any) -> dict[str, Any]:
    return {
        "totalPrice": {"currencyCode": "EUR", "centAmount": 2400},
        "lineItems": [
            {
                "name": {"en": "Shirt (old shop)"},
                "variant": {"sku": sku},
                "price": {"value": {"currencyCode": "EUR", "centAmount": 1250}},
                "quantity": 2,
            }
        ],
        **extra,
    }


def import_order(target: Target) -> None:
    shop = Shop(target)
    catalog = _setup_catalog(shop)
    stock = shop.create("inventory", {"sku": catalog["sku"], "quantityOnStock": 10})
    number = unique("legacy")
    draft = _draft(
        catalog["sku"],
        orderNumber=number,
        customerEmail="legacy@example.com",
        orderState="Complete",
        completedAt="2020-02-01T10:00:00.000Z",
    )
    order = _ok(shop.api.post(f"/{shop.p}/orders/import", json=draft), 201)
    # The total is the draft's, not the sum of the items (2 x 12.50).
    assert order["totalPrice"]["centAmount"] == 2400
    assert (order["orderNumber"], order["orderState"], order["customerEmail"]) == (
        number,
        "Complete",
        "legacy@example.com",
    )
    assert order["completedAt"].startswith("2020-02-01T10:00:00")
    item = order["lineItems"][0]
    assert (item["productId"], item["variant"]["sku"], item["quantity"]) == (
        catalog["product"]["id"],
        catalog["sku"],
        2,
    )
    assert item["name"] == {"en": "Shirt (old shop)"}
    assert item["price"]["value"]["centAmount"] == 1250
    assert item["totalPrice"]["centAmount"] == 2500
    assert "cart" not in order
    assert shop.get(f"orders/order-number={number}")["id"] == order["id"]
    # No inventory mode given: the stock is not touched.
    assert shop.get(f"inventory/{stock['id']}")["availableQuantity"] == 10


WORKFLOWS = {"import_order": import_order}
PEER_DEFECTS = {"import_order": "commercetools-mock answers 200, not 201 Created, to an order import"}


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_order_import_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_import_with_an_inventory_mode_takes_stock(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    stock = shop.create("inventory", {"sku": catalog["sku"], "quantityOnStock": 3})
    _ok(shop.api.post(f"/{shop.p}/orders/import", json=_draft(catalog["sku"], inventoryMode="ReserveOnOrder")), 201)
    assert shop.get(f"inventory/{stock['id']}")["availableQuantity"] == 1
    short = shop.api.post(f"/{shop.p}/orders/import", json=_draft(catalog["sku"], inventoryMode="ReserveOnOrder"))
    assert short.status_code == 400, short.text
    assert short.json()["errors"][0]["code"] == "OutOfStock"
    assert shop.get(f"inventory/{stock['id']}")["availableQuantity"] == 1
    assert _ok(shop.api.get(f"/{shop.p}/orders"))["total"] == 1


def test_import_custom_line_items_customer_and_store(fake: Target) -> None:
    shop = Shop(fake)
    shop.create("stores", {"key": "outlet"})
    customer = shop.create("customers", {"email": "imported@example.com", "password": "secret-1"})["customer"]
    draft = {
        "totalPrice": {"currencyCode": "EUR", "centAmount": -300},
        "customerId": customer["id"],
        "store": {"typeId": "store", "key": "outlet"},
        # Negative amounts are no error in an import (documented).
        "customLineItems": [
            {
                "name": {"en": "Voucher"},
                "slug": "voucher",
                "quantity": 3,
                "money": {"currencyCode": "EUR", "centAmount": -100},
            }
        ],
    }
    order = _ok(shop.api.post(f"/{shop.p}/orders/import", json=draft), 201)
    custom = order["customLineItems"][0]
    assert (custom["quantity"], custom["totalPrice"]["centAmount"], custom["state"][0]["quantity"]) == (3, -300, 3)
    assert (order["customerId"], order["store"]["key"], order["orderState"]) == (customer["id"], "outlet", "Open")


def test_import_errors(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)

    def error(draft: dict[str, Any], status: int = 400) -> str:
        response = shop.api.post(f"/{shop.p}/orders/import", json=draft)
        assert response.status_code == status, response.text
        code: str = response.json()["errors"][0]["code"]
        return code

    assert error({"lineItems": []}) == "InvalidJsonInput"  # totalPrice is required
    assert error(_draft("no-such-sku")) == "InvalidInput"
    assert error(_draft(catalog["sku"], customerId="no-such-customer")) == "ReferencedResourceNotFound"
    _ok(shop.api.post(f"/{shop.p}/orders/import", json=_draft(catalog["sku"], orderNumber="n-1")), 201)
    assert error(_draft(catalog["sku"], orderNumber="n-1")) == "DuplicateField"
    shipping = {"shippingMethodName": "Post", "price": {"currencyCode": "EUR", "centAmount": 500}}
    assert error(_draft(catalog["sku"], shippingInfo=shipping)) == "InvalidJsonInput"  # shippingRate is required
    assert _ok(shop.api.get(f"/{shop.p}/orders"))["total"] == 1


def test_import_keeps_the_variant_data_given(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    draft = _draft(catalog["sku"])
    draft["lineItems"][0]["variant"].update(
        {
            "prices": [{"value": {"currencyCode": "EUR", "centAmount": 1250}}],
            "attributes": [{"name": "size", "value": "XL"}],
        }
    )
    variant = _ok(shop.api.post(f"/{shop.p}/orders/import", json=draft), 201)["lineItems"][0]["variant"]
    # What the other system sold, not the product's current data (centAmount 1000, color).
    assert [p["value"]["centAmount"] for p in variant["prices"]] == [1250]
    assert variant["prices"][0]["id"]
    assert variant["attributes"] == [{"name": "size", "value": "XL"}]
    assert (variant["id"], variant["sku"]) == (1, catalog["sku"])
    by_id = _draft(catalog["sku"])
    by_id["lineItems"][0].update({"productId": catalog["product"]["id"], "variant": {"id": 1}})
    item = _ok(shop.api.post(f"/{shop.p}/orders/import", json=by_id), 201)["lineItems"][0]
    assert (item["productId"], item["variant"]["sku"]) == (catalog["product"]["id"], catalog["sku"])
