"""Cart workflows beyond the basic checkout, raw JSON over HTTP, from commercetools' documentation
(https://docs.commercetools.com/api/projects/cartDiscounts, /api/carts-orders-overview,
/tutorials/reserve-stock-on-demand), on the embedded backend and the peer server:

- multi-buy: "buy 3, get the cheapest free" over two line items, at most twice (`maxOccurrence`),
  and "every second gift wrap half price" on custom line items;
- gift line item: a free tote bag while the cart is worth 50 EUR or more; it goes when the cart
  shrinks, comes back when it grows, and a shopper who removes it has refused it (`refusedGifts`);
- stacking: a `StopAfterThisDiscount` discount ends the run, so a lower-sorted one never applies;
  a total-price discount comes after the item discounts;
- frozen cart: a new discount does not change a frozen cart's prices until it is unfrozen; the
  external tax amount mode keeps the amounts set per line item.

Peer defects (commercetools-mock 4.4.0):
| workflow | peer behaviour | commercetools |
| --- | --- | --- |
| multi-buy, gifts, stacking, freezing | cart discounts never applied to carts | discounted prices and gifts |
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok

from testing_targets import Target, run_workflow, unique


def _product(shop: Shop, name: str, cents: int) -> dict[str, Any]:
    product_type = shop.create("product-types", {"name": unique("pt"), "description": "d"})
    return shop.create(
        "products",
        {
            "productType": {"typeId": "product-type", "id": product_type["id"]},
            "name": {"en": name},
            "slug": {"en": unique("s")},
            "masterVariant": {
                "sku": unique("sku"),
                "prices": [{"value": {"currencyCode": "EUR", "centAmount": cents}}],
            },
            "publish": True,
        },
    )


def _sku(product: dict[str, Any]) -> str:
    sku: str = product["masterData"]["current"]["masterVariant"]["sku"]
    return sku


def _discount(shop: Shop, **draft: Any) -> dict[str, Any]:
    base = {
        "name": {"en": unique("d")},
        "cartPredicate": "1 = 1",
        "sortOrder": f"0.{unique('')[-6:].replace('-', '1')}",
    }
    return shop.create("cart-discounts", {**base, **draft})


def multi_buy(target: Target) -> None:
    shop = Shop(target)
    shirt, socks = _product(shop, "Shirt", 3000), _product(shop, "Socks", 1000)
    tag = unique("bundle")
    _discount(
        shop,
        value={"type": "relative", "permyriad": 10000},
        target={
            "type": "multiBuyLineItems",
            "predicate": f'sku in ("{_sku(shirt)}", "{_sku(socks)}")',
            "triggerQuantity": 3,
            "discountedQuantity": 1,
            "maxOccurrence": 2,
            "selectionMode": "Cheapest",
        },
        sortOrder="0.5",
        key=tag,
    )
    cart = shop.create(
        "carts",
        {
            "currency": "EUR",
            "lineItems": [{"sku": _sku(shirt), "quantity": 5}, {"sku": _sku(socks), "quantity": 2}],
        },
    )
    # 7 units -> 2 occurrences -> the 2 cheapest units (both socks) are free; no third despite 7 >= 6.
    shirts, sock_item = cart["lineItems"]
    assert sock_item["totalPrice"]["centAmount"] == 0 and shirts["totalPrice"]["centAmount"] == 15000
    assert sock_item["discountedPricePerQuantity"][0]["quantity"] == 2
    assert shirts["discountedPricePerQuantity"] == []
    cart = shop.update(
        "carts", cart, {"action": "changeLineItemQuantity", "lineItemId": sock_item["id"], "quantity": 1}
    )
    # 6 units -> 2 occurrences: the sock and the cheapest shirt unit; the shirt line splits 1 + 4.
    shirts, sock_item = cart["lineItems"]
    assert sock_item["totalPrice"]["centAmount"] == 0 and shirts["totalPrice"]["centAmount"] == 12000
    assert [
        (g["quantity"], g["discountedPrice"]["value"]["centAmount"]) for g in shirts["discountedPricePerQuantity"]
    ] == [(1, 0)]
    assert cart["totalPrice"]["centAmount"] == 12000

    wrap = {"name": {"en": "Gift wrap"}, "money": {"currencyCode": "EUR", "centAmount": 400}, "slug": "wrap"}
    _discount(
        shop,
        value={"type": "relative", "permyriad": 5000},
        target={
            "type": "multiBuyCustomLineItems",
            "predicate": 'slug = "wrap"',
            "triggerQuantity": 2,
            "discountedQuantity": 1,
            "selectionMode": "MostExpensive",
        },
        sortOrder="0.4",
    )
    wrapped = shop.create("carts", {"currency": "EUR", "customLineItems": [{**wrap, "quantity": 5}]})
    assert wrapped["customLineItems"][0]["totalPrice"]["centAmount"] == 5 * 400 - 2 * 200
    bad = shop.api.post(
        f"/{shop.p}/cart-discounts",
        json={
            "name": {"en": "x"},
            "cartPredicate": "1 = 1",
            "sortOrder": "0.31",
            "value": {"type": "relative", "permyriad": 100},
            "target": {
                "type": "multiBuyLineItems",
                "predicate": "1 = 1",
                "triggerQuantity": 1,
                "discountedQuantity": 2,
                "selectionMode": "Cheapest",
            },
        },
    )
    assert bad.status_code == 400


def gift_line_item(target: Target) -> None:
    shop = Shop(target)
    shoes, tote = _product(shop, "Shoes", 3000), _product(shop, "Tote bag", 900)
    gift = _discount(
        shop,
        value={"type": "giftLineItem", "product": {"typeId": "product", "id": tote["id"]}, "variantId": 1},
        cartPredicate='lineItemTotal(1 = 1) >= "50.00 EUR"',
        sortOrder="0.45",
    )
    cart = shop.create("carts", {"currency": "EUR", "lineItems": [{"sku": _sku(shoes), "quantity": 1}]})
    assert [i["lineItemMode"] for i in cart["lineItems"]] == ["Standard"]
    cart = shop.update(
        "carts", cart, {"action": "changeLineItemQuantity", "lineItemId": cart["lineItems"][0]["id"], "quantity": 2}
    )
    modes = {i["lineItemMode"]: i for i in cart["lineItems"]}
    present = modes["GiftLineItem"]
    assert present["productId"] == tote["id"] and present["quantity"] == 1
    assert present["totalPrice"]["centAmount"] == 0 and cart["totalPrice"]["centAmount"] == 6000
    assert (
        present["discountedPricePerQuantity"][0]["discountedPrice"]["includedDiscounts"][0]["discount"]["id"]
        == gift["id"]
    )
    shoes_item = modes["Standard"]
    cart = shop.update(
        "carts", cart, {"action": "changeLineItemQuantity", "lineItemId": shoes_item["id"], "quantity": 1}
    )
    assert [i["lineItemMode"] for i in cart["lineItems"]] == ["Standard"]  # below 50 EUR: the gift goes
    cart = shop.update(
        "carts", cart, {"action": "changeLineItemQuantity", "lineItemId": shoes_item["id"], "quantity": 3}
    )
    present = next(i for i in cart["lineItems"] if i["lineItemMode"] == "GiftLineItem")
    cart = shop.update("carts", cart, {"action": "removeLineItem", "lineItemId": present["id"]})
    assert [i["lineItemMode"] for i in cart["lineItems"]] == ["Standard"]
    assert cart["refusedGifts"] == [{"typeId": "cart-discount", "id": gift["id"]}]
    cart = shop.update(
        "carts", cart, {"action": "changeLineItemQuantity", "lineItemId": shoes_item["id"], "quantity": 4}
    )
    assert [i["lineItemMode"] for i in cart["lineItems"]] == ["Standard"]  # refused: not added again
    with_target = shop.api.post(
        f"/{shop.p}/cart-discounts",
        json={
            "name": {"en": "x"},
            "cartPredicate": "1 = 1",
            "sortOrder": "0.32",
            "value": {"type": "giftLineItem", "product": {"typeId": "product", "id": tote["id"]}, "variantId": 1},
            "target": {"type": "lineItems", "predicate": "1 = 1"},
        },
    )
    assert with_target.status_code == 400


def stacking_and_freezing(target: Target) -> None:
    shop = Shop(target)
    lamp = _product(shop, "Lamp", 10000)
    sku = _sku(lamp)
    first = _discount(
        shop,
        value={"type": "absolute", "money": [{"currencyCode": "EUR", "centAmount": 1000}]},
        target={"type": "lineItems", "predicate": f'sku = "{sku}"'},
        sortOrder="0.9",
        stackingMode="StopAfterThisDiscount",
    )
    _discount(
        shop,
        value={"type": "relative", "permyriad": 5000},
        target={"type": "lineItems", "predicate": f'sku = "{sku}"'},
        sortOrder="0.8",
    )
    cart = shop.create("carts", {"currency": "EUR", "lineItems": [{"sku": sku, "quantity": 1}]})
    included = cart["lineItems"][0]["discountedPricePerQuantity"][0]["discountedPrice"]["includedDiscounts"]
    assert [d["discount"]["id"] for d in included] == [first["id"]]
    assert cart["totalPrice"]["centAmount"] == 9000
    shop.update("cart-discounts", first, {"action": "changeIsActive", "isActive": False})
    cart = shop.update("carts", cart, {"action": "recalculate"})
    assert cart["totalPrice"]["centAmount"] == 5000  # the 50% one applies once the first is off
    cart = shop.update("carts", cart, {"action": "freezeCart"})
    assert cart["cartState"] == "Frozen"
    _discount(shop, value={"type": "relative", "permyriad": 1000}, target={"type": "totalPrice"}, sortOrder="0.1")
    assert shop.get(f"carts/{cart['id']}")["totalPrice"]["centAmount"] == 5000
    refused = shop.api.post(
        f"/{shop.p}/carts/{cart['id']}",
        json={"version": cart["version"], "actions": [{"action": "addLineItem", "sku": sku}]},
    )
    assert refused.status_code == 400
    cart = shop.update("carts", cart, {"action": "unfreezeCart"})
    assert cart["cartState"] == "Active" and cart["totalPrice"]["centAmount"] == 4500
    assert cart["discountOnTotalPrice"]["discountedAmount"]["centAmount"] == 500
    cart = shop.update(
        "carts",
        cart,
        {"action": "setShippingAddress", "address": {"country": "DE"}},
        {"action": "changeTaxMode", "taxMode": "ExternalAmount"},
    )
    line = cart["lineItems"][0]
    cart = shop.update(
        "carts",
        cart,
        {
            "action": "setLineItemTaxAmount",
            "lineItemId": line["id"],
            "externalTaxAmount": {
                "totalGross": {"currencyCode": "EUR", "centAmount": 5000},
                "taxRate": {"name": "ext", "amount": 0.2, "country": "DE"},
            },
        },
    )
    assert cart["lineItems"][0]["taxedPrice"]["totalGross"]["centAmount"] == 5000


WORKFLOWS = {"multi_buy": multi_buy, "gift_line_item": gift_line_item, "stacking_and_freezing": stacking_and_freezing}
PEER_DEFECTS = {
    "multi_buy": "commercetools-mock never applies cart discounts to carts",
    "gift_line_item": "commercetools-mock never adds gift line items",
    "stacking_and_freezing": "commercetools-mock never applies cart discounts to carts",
}


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_pattern_targets_are_refused_not_ignored(fake: Target) -> None:
    shop = Shop(fake)
    pattern = shop.api.post(
        f"/{shop.p}/cart-discounts",
        json={
            "name": {"en": "pattern"},
            "cartPredicate": "1 = 1",
            "sortOrder": "0.33",
            "value": {"type": "relative", "permyriad": 1000},
            "target": {
                "type": "pattern",
                "triggerPattern": [{"type": "CountOnLineItemUnits", "predicate": "1 = 1", "minCount": 2}],
                "targetPattern": [],
                "selectionMode": "Cheapest",
            },
        },
    )
    assert pattern.status_code == 501
    _ok(fake.integration().get(f"/{fake.project}/cart-discounts"))
