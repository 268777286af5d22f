"""Order fulfilment: deliveries and parcels in `shippingInfo.deliveries`, returns in `returnInfo`
(a return item's payment state starts `Initial` for a paid order, else `NonRefundable`), and line
item quantities moved between States.

Sources: https://docs.commercetools.com/api/projects/orders (Delivery, Parcel, ReturnInfo,
TransitionLineItemState).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import new_address, on_action
from ._context import Ctx
from ._errors import invalid_json, invalid_operation
from ._resources import Resource, custom_fields, resolve

Action = dict[str, Any]


def _deliveries(order: Resource) -> list[dict[str, Any]]:
    info = order.get("shippingInfo")
    if info is None:
        raise invalid_operation("The order has no shipping info to add deliveries to.")
    deliveries: list[dict[str, Any]] = info.setdefault("deliveries", [])
    return deliveries


def _check_items(order: Resource, items: Any) -> list[dict[str, Any]]:
    ids = {i["id"] for i in order.get("lineItems", [])} | {c["id"] for c in order.get("customLineItems", [])}
    out = []
    for item in items or []:
        if not isinstance(item, dict) or item.get("id") not in ids or not isinstance(item.get("quantity"), int):
            raise invalid_operation(f"Delivery item {item!r} names no line item of the order.")
        out.append({"id": item["id"], "quantity": item["quantity"]})
    return out


def _parcel(ctx: Ctx, order: Resource, draft: dict[str, Any]) -> dict[str, Any]:
    parcel: dict[str, Any] = {"id": ctx.new_id(), "createdAt": ctx.now}
    for field in ("key", "measurements", "trackingData"):
        if draft.get(field) is not None:
            parcel[field] = copy.deepcopy(draft[field])
    if draft.get("items") is not None:
        parcel["items"] = _check_items(order, draft["items"])
    if draft.get("custom") is not None:
        parcel["custom"] = custom_fields(ctx, draft["custom"])
    return parcel


def _delivery(order: Resource, action: Action) -> dict[str, Any]:
    for delivery in _deliveries(order):
        if delivery["id"] == action.get("deliveryId") or (
            action.get("deliveryKey") is not None and delivery.get("key") == action["deliveryKey"]
        ):
            return delivery
    raise invalid_operation(f"The order has no delivery '{action.get('deliveryId') or action.get('deliveryKey')}'.")


def _parcel_of(order: Resource, action: Action) -> tuple[dict[str, Any], dict[str, Any]]:
    for delivery in _deliveries(order):
        for parcel in delivery.get("parcels", []):
            if parcel["id"] == action.get("parcelId") or (
                action.get("parcelKey") is not None and parcel.get("key") == action["parcelKey"]
            ):
                return delivery, parcel
    raise invalid_operation(f"The order has no parcel '{action.get('parcelId') or action.get('parcelKey')}'.")


def new_delivery(ctx: Ctx, order: Resource, draft: dict[str, Any], key_field: str = "key") -> dict[str, Any]:
    """A Delivery from an `addDelivery` action (`deliveryKey`) or a DeliveryDraft (`key`, order import)."""
    delivery: dict[str, Any] = {
        "id": ctx.new_id(),
        "createdAt": ctx.now,
        "items": _check_items(order, draft.get("items")),
        "parcels": [_parcel(ctx, order, p) for p in draft.get("parcels") or []],
    }
    if draft.get(key_field) is not None:
        delivery["key"] = draft[key_field]
    if draft.get("address") is not None:
        delivery["address"] = new_address(ctx, draft["address"])
    if draft.get("custom") is not None:
        delivery["custom"] = custom_fields(ctx, draft["custom"])
    return delivery


@on_action("order", "addDelivery")
def _add_delivery(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    delivery = new_delivery(ctx, order, action, "deliveryKey")
    _deliveries(order).append(delivery)


@on_action("order", "removeDelivery")
def _remove_delivery(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    delivery = _delivery(order, action)
    order["shippingInfo"]["deliveries"] = [d for d in _deliveries(order) if d is not delivery]


@on_action("order", "setDeliveryAddress", "setDeliveryItems")
def _set_delivery(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    delivery = _delivery(order, action)
    if action["action"] == "setDeliveryItems":
        delivery["items"] = _check_items(order, action.get("items"))
    elif action.get("address") is None:
        delivery.pop("address", None)
    else:
        delivery["address"] = new_address(ctx, action["address"])


@on_action("order", "addParcelToDelivery")
def _add_parcel(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    draft = {k: action.get(k) for k in ("measurements", "trackingData", "items", "custom")}
    draft["key"] = action.get("parcelKey")
    _delivery(order, action).setdefault("parcels", []).append(_parcel(ctx, order, draft))


@on_action("order", "removeParcelFromDelivery", "setParcelItems", "setParcelMeasurements", "setParcelTrackingData")
def _change_parcel(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    delivery, parcel = _parcel_of(order, action)
    name = action["action"]
    if name == "removeParcelFromDelivery":
        delivery["parcels"] = [p for p in delivery["parcels"] if p is not parcel]
        return
    field = {
        "setParcelItems": "items",
        "setParcelMeasurements": "measurements",
        "setParcelTrackingData": "trackingData",
    }[name]
    value = action.get(field)
    if value is None:
        parcel.pop(field, None)
    else:
        parcel[field] = _check_items(order, value) if field == "items" else copy.deepcopy(value)


@on_action("order", "addReturnInfo")
def _add_return(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    items = []
    for draft in action.get("items") or []:
        if not isinstance(draft, dict) or not isinstance(draft.get("quantity"), int) or not draft.get("shipmentState"):
            raise invalid_json("items: each return item needs quantity and shipmentState")
        line = draft.get("lineItemId") is not None
        target = draft.get("lineItemId") if line else draft.get("customLineItemId")
        pool = order.get("lineItems" if line else "customLineItems", [])
        if not any(i["id"] == target for i in pool):
            raise invalid_operation(f"The order has no line item '{target}' to return.")
        item: dict[str, Any] = {
            "id": ctx.new_id(),
            "type": "LineItemReturnItem" if line else "CustomLineItemReturnItem",
            "quantity": draft["quantity"],
            "shipmentState": draft["shipmentState"],
            # Documented: NonRefundable while the order is not paid, else Initial.
            "paymentState": "Initial" if order.get("paymentState") == "Paid" else "NonRefundable",
            "createdAt": ctx.now,
            "lastModifiedAt": ctx.now,
            ("lineItemId" if line else "customLineItemId"): target,
        }
        for field in ("key", "comment"):
            if draft.get(field) is not None:
                item[field] = draft[field]
        if draft.get("custom") is not None:
            item["custom"] = custom_fields(ctx, draft["custom"])
        items.append(item)
    info: dict[str, Any] = {"items": items}
    for field in ("returnTrackingId", "returnDate"):
        if action.get(field) is not None:
            info[field] = action[field]
    order.setdefault("returnInfo", []).append(info)


@on_action("order", "setReturnShipmentState", "setReturnPaymentState")
def _return_state(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    field = "shipmentState" if action["action"] == "setReturnShipmentState" else "paymentState"
    for info in order.get("returnInfo", []):
        for item in info["items"]:
            if item["id"] == action.get("returnItemId") or (
                action.get("returnItemKey") is not None and item.get("key") == action["returnItemKey"]
            ):
                if not action.get(field):
                    raise invalid_json(f"{field}: Missing required value")
                item[field] = action[field]
                item["lastModifiedAt"] = ctx.now
                return
    raise invalid_operation(f"The order has no return item '{action.get('returnItemId')}'.")


@on_action("order", "transitionLineItemState", "transitionCustomLineItemState")
def _line_state(ctx: Ctx, family: _spec.Family, order: Resource, action: Action) -> None:
    line = action["action"] == "transitionLineItemState"
    pool = order.get("lineItems" if line else "customLineItems", [])
    ident = action.get("lineItemId" if line else "customLineItemId")
    key = action.get("lineItemKey" if line else "customLineItemKey")
    item = next((i for i in pool if i["id"] == ident or (key is not None and i.get("key") == key)), None)
    if item is None:
        raise invalid_operation(f"The order has no line item '{ident or key}'.")
    quantity = action.get("quantity")
    source = resolve(ctx, "state", action.get("fromState"))
    target = resolve(ctx, "state", action.get("toState"))
    if not isinstance(quantity, int) or quantity <= 0:
        raise invalid_json("quantity: must be a positive integer")
    states = item.setdefault("state", [])
    held = next((s for s in states if s["state"]["id"] == source["id"]), None)
    if held is None or held["quantity"] < quantity:
        raise invalid_operation(f"Not {quantity} of the line item are in state '{source['id']}'.")
    held["quantity"] -= quantity
    moved = next((s for s in states if s["state"]["id"] == target["id"]), None)
    if moved is None:
        states.append({"quantity": quantity, "state": target})
    else:
        moved["quantity"] += quantity
    item["state"] = [s for s in states if s["quantity"] > 0]
