"""Inventory modes when an order is placed (https://docs.commercetools.com/api/carts-orders-overview#inventory-modes):

- `None`: stock is not looked at;
- `TrackOnly`: the entries of the ordered SKUs (same supply channel) are decremented, even below 0;
- `ReserveOnOrder`: every ordered SKU needs an entry with enough `availableQuantity`, else 400
  `OutOfStock` naming the line items and SKUs, and nothing is ordered; then decremented;
- `ReserveOnCart` (reservations held by carts) is not modelled: such a cart answers 501.

The mode is the line item's, else the cart's.
"""

from __future__ import annotations

from typing import Any

from ._context import Ctx
from ._errors import ApiFailure, not_implemented

Resource = dict[str, Any]


def refuse_unmodelled(cart: Resource) -> None:
    modes = {cart.get("inventoryMode", "None"), *(i.get("inventoryMode") for i in cart.get("lineItems", []))}
    if "ReserveOnCart" in modes:
        raise not_implemented("Inventory mode ReserveOnCart (reservations held by carts)")


def _entry(ctx: Ctx, sku: str | None, channel: Any) -> Resource | None:
    channel_id = channel.get("id") if isinstance(channel, dict) else None
    for entry in ctx.store.unscoped().all("inventory-entry"):
        if entry.get("sku") == sku and (entry.get("supplyChannel") or {}).get("id") == channel_id:
            return entry
    return None


def take_stock(ctx: Ctx, cart: Resource) -> None:
    """Check and decrement stock for an order from `cart` (raises before changing anything)."""
    refuse_unmodelled(cart)
    changes: list[tuple[Resource, int]] = []
    short: list[dict[str, Any]] = []
    for item in cart.get("lineItems", []):
        mode = item.get("inventoryMode") or cart.get("inventoryMode", "None")
        if mode == "None":
            continue
        sku = item["variant"].get("sku")
        entry = _entry(ctx, sku, item.get("supplyChannel"))
        if mode == "ReserveOnOrder" and (entry is None or entry.get("availableQuantity", 0) < item["quantity"]):
            short.append(item)
            continue
        if entry is not None:
            changes.append((entry, item["quantity"]))
    if short:
        raise ApiFailure(
            400,
            "OutOfStock",
            "Some line items are out of stock at the time of placing the order: "
            + ", ".join(str(i["variant"].get("sku")) for i in short),
            lineItems=[i["id"] for i in short],
            skus=[i["variant"].get("sku") for i in short],
        )
    for entry, quantity in changes:
        updated = dict(entry)
        updated["quantityOnStock"] = entry.get("quantityOnStock", 0) - quantity
        updated["availableQuantity"] = entry.get("availableQuantity", 0) - quantity
        updated["version"] = entry["version"] + 1
        updated["lastModifiedAt"] = ctx.now
        ctx.store.put("inventory-entry", updated)
