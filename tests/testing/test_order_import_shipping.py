"""Order import (https://docs.commercetools.com/api/projects/orders-import) with what another system
shipped and taxed: `shippingInfo` with deliveries and parcels, item shipping addresses and item
shipping details, pre-calculated `taxedPrice` on items and shipping stored as given
(https://docs.commercetools.com/api/releases/2026-09-03-order-import-now-supports-pre-calculated-taxed-prices),
and the `OrderImported` Message. Read back typed through the SDK's `Order` and `OrderImportedMessage`.
"""

from __future__ import annotations

from typing import Any

from ctp_sdk.models import Order, OrderImportedMessage
from test_order_edits_and_messages import _enable_messages
from test_order_import import _draft
from test_workflows import Shop, _ok, _setup_catalog

from testing_targets import Target


def _eur(cents: int) -> dict[str, Any]:
    return {"currencyCode": "EUR", "centAmount": cents}


def _shipped_draft(sku: str) -> dict[str, Any]:
    draft = _draft(sku)
    draft["itemShippingAddresses"] = [
        {"key": "home", "country": "DE", "city": "Berlin"},
        {"key": "office", "country": "DE", "city": "Munich"},
    ]
    item = draft["lineItems"][0]
    item["shippingDetails"] = {
        "targets": [{"addressKey": "home", "quantity": 1}, {"addressKey": "office", "quantity": 1}]
    }
    item["taxedPrice"] = {"totalNet": _eur(2101), "totalGross": _eur(2500)}
    draft["customLineItems"] = [
        {
            "name": {"en": "Gift wrap"},
            "slug": "wrap",
            "quantity": 1,
            "money": _eur(300),
            "shippingDetails": {"targets": [{"addressKey": "home", "quantity": 1}]},
            "taxedPrice": {
                "totalNet": _eur(252),
                "totalGross": _eur(300),
                "totalTax": _eur(48),
                "taxPortions": [{"name": "VAT", "rate": 0.19, "amount": _eur(48)}],
            },
        }
    ]
    draft["shippingInfo"] = {
        "shippingMethodName": "Old shop courier",
        "price": _eur(495),
        "shippingRate": {"price": _eur(495)},
        "taxRate": {"name": "VAT", "amount": 0.19, "includedInPrice": True, "country": "DE"},
        "taxedPrice": {"totalNet": _eur(416), "totalGross": _eur(495)},
        "deliveries": [
            {
                "key": "d1",
                "items": [{"id": "placeholder", "quantity": 2}],
                "parcels": [{"key": "p1", "trackingData": {"trackingId": "T-77"}}],
            }
        ],
    }
    return draft


def test_import_stores_shipping_info_addresses_details_and_taxed_prices(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    draft = _shipped_draft(catalog["sku"])
    # A delivery names items of the order, which an import does not know yet: an unknown id is refused.
    refused = shop.api.post(f"/{shop.p}/orders/import", json=draft)
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "InvalidOperation", refused.text
    draft["shippingInfo"]["deliveries"][0].pop("items")
    raw = _ok(shop.api.post(f"/{shop.p}/orders/import", json=draft), 201)
    order = Order.from_dict(raw)

    assert [a.key for a in order.item_shipping_addresses] == ["home", "office"]
    assert all(a.id for a in order.item_shipping_addresses)
    line = order.line_items[0]
    assert line.shipping_details is not None and line.shipping_details.valid is True
    assert [(t.address_key, t.quantity) for t in line.shipping_details.targets] == [("home", 1), ("office", 1)]
    assert line.taxed_price is not None
    assert (line.taxed_price.total_net.cent_amount, line.taxed_price.total_gross.cent_amount) == (2101, 2500)
    assert line.taxed_price.tax_portions == []
    custom = order.custom_line_items[0]
    assert custom.shipping_details is not None and custom.shipping_details.valid is True
    assert custom.taxed_price is not None and custom.taxed_price.total_tax is not None
    assert custom.taxed_price.total_tax.cent_amount == 48
    assert [(p.name, p.rate, p.amount.cent_amount) for p in custom.taxed_price.tax_portions] == [("VAT", 0.19, 48)]

    info = order.shipping_info
    assert info is not None
    assert (info.shipping_method_name, info.price.cent_amount, info.shipping_method_state) == (
        "Old shop courier",
        495,
        "MatchesCart",
    )
    assert info.taxed_price is not None and info.taxed_price.total_net.cent_amount == 416
    assert info.tax_rate is not None and info.tax_rate.amount == 0.19
    (delivery,) = info.deliveries or []
    assert delivery.key == "d1" and delivery.id and delivery.items == []
    (parcel,) = delivery.parcels
    assert parcel.key == "p1" and parcel.id and parcel.tracking_data is not None
    assert parcel.tracking_data.tracking_id == "T-77"

    # The order's deliveries are the usual ones: a parcel can be added to the imported delivery.
    stored = shop.get(f"orders/{raw['id']}")
    updated = shop.update("orders", stored, {"action": "addParcelToDelivery", "deliveryKey": "d1", "parcelKey": "p2"})
    assert [p["key"] for p in updated["shippingInfo"]["deliveries"][0]["parcels"]] == ["p1", "p2"]


def test_import_refuses_item_targets_without_their_address(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    draft = _draft(catalog["sku"])
    draft["lineItems"][0]["shippingDetails"] = {"targets": [{"addressKey": "nowhere", "quantity": 2}]}
    refused = shop.api.post(f"/{shop.p}/orders/import", json=draft)
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "InvalidOperation", refused.text
    assert _ok(shop.api.get(f"/{shop.p}/orders"))["total"] == 0


def test_import_with_messages_on_writes_order_imported(fake: Target) -> None:
    shop = Shop(fake)
    catalog = _setup_catalog(shop)
    _enable_messages(shop)
    raw = _ok(shop.api.post(f"/{shop.p}/orders/import", json=_draft(catalog["sku"], orderNumber="legacy-9")), 201)
    where = f'resource(id="{raw["id"]}")'
    found = _ok(shop.api.get(f"/{shop.p}/messages", params={"where": where}))["results"]
    assert [m["type"] for m in found] == ["OrderImported"]  # no OrderCreated for an import
    message = OrderImportedMessage.from_dict(found[0])
    assert (message.sequence_number, message.resource_version) == (1, raw["version"])
    assert message.order.id == raw["id"] and message.order.order_number == "legacy-9"
    assert message.resource_user_provided_identifiers is not None
    assert message.resource_user_provided_identifiers.order_number == "legacy-9"
