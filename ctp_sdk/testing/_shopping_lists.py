"""Shopping lists: product line items (by product id and variant, or SKU; name, product type and
`published` read from the product) and text line items; adding a list to a cart.

A line item of the same product variant (and no custom fields) is merged by adding quantities, as
commercetools does; quantity 0 (or removing without a quantity) removes the item.
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import apply_custom, on_action
from ._carts import add_line_item
from ._catalog import all_variants
from ._context import Ctx
from ._errors import invalid_json, invalid_operation
from ._resources import Resource, converter, custom_fields, on_create, resolve

Action = dict[str, Any]


def _product_variant(ctx: Ctx, draft: dict[str, Any]) -> tuple[Resource, int]:
    if draft.get("productId") is not None:
        ref = resolve(ctx, "product", {"id": str(draft["productId"])})  # 400 ReferencedResourceNotFound
        product = ctx.store.get("product", ref["id"])
        assert product is not None
        variant_id = draft.get("variantId")
        return product, int(variant_id) if variant_id is not None else 1
    sku = draft.get("sku")
    if sku is None:
        raise invalid_json("productId or sku: Missing required value")
    for product in ctx.store.all("product"):
        for variant in all_variants(product["masterData"]["staged"]):
            if variant.get("sku") == sku:
                return product, int(variant["id"])
    raise invalid_operation(f"A product with the SKU '{sku}' does not exist.")


def _line_item(ctx: Ctx, draft: dict[str, Any]) -> dict[str, Any]:
    product, variant_id = _product_variant(ctx, draft)
    master = product["masterData"]
    data = master["current"] if master["published"] else master["staged"]
    quantity = draft.get("quantity", 1)
    if not isinstance(quantity, int) or quantity < 0:
        raise invalid_json("quantity: must be a non-negative integer")
    item: dict[str, Any] = {
        "id": ctx.new_id(),
        "productId": product["id"],
        "variantId": variant_id,
        "name": copy.deepcopy(data["name"]),
        "productType": copy.deepcopy(product["productType"]),
        "productSlug": copy.deepcopy(data["slug"]),
        "published": master["published"],
        "quantity": quantity,
        "addedAt": draft.get("addedAt") or ctx.now,
    }
    if draft.get("key") is not None:
        item["key"] = draft["key"]
    if draft.get("custom") is not None:
        item["custom"] = custom_fields(ctx, draft["custom"])
    return item


def _text_item(ctx: Ctx, draft: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(draft.get("name"), dict):
        raise invalid_json("name: Missing required value")
    item = converter(ctx).object(draft, "TextLineItem", "TextLineItemDraft")
    item.setdefault("addedAt", ctx.now)
    return item


def _add(ctx: Ctx, shopping_list: Resource, draft: dict[str, Any]) -> None:
    item = _line_item(ctx, draft)
    for existing in shopping_list["lineItems"]:
        same = existing["productId"] == item["productId"] and existing.get("variantId") == item["variantId"]
        if same and "custom" not in item and "custom" not in existing:
            existing["quantity"] += item["quantity"]
            return
    shopping_list["lineItems"].append(item)


@on_create("shopping-list")
def _create(ctx: Ctx, draft: dict[str, Any], shopping_list: Resource) -> None:
    shopping_list["lineItems"] = []
    for item in draft.get("lineItems") or []:
        _add(ctx, shopping_list, item)
    shopping_list["textLineItems"] = [_text_item(ctx, t) for t in draft.get("textLineItems") or []]


def _find(items: list[dict[str, Any]], action: Action, prefix: str) -> dict[str, Any]:
    for item in items:
        if item["id"] == action.get(f"{prefix}Id") or (
            action.get(f"{prefix}Key") is not None and item.get("key") == action[f"{prefix}Key"]
        ):
            return item
    raise invalid_operation(f"No {prefix} '{action.get(f'{prefix}Id') or action.get(f'{prefix}Key')}'.")


def _field(name: str) -> tuple[str, str]:
    return ("textLineItems", "textLineItem") if "TextLineItem" in name else ("lineItems", "lineItem")


@on_action("shopping-list", "addLineItem")
def _add_line_item(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    _add(ctx, shopping_list, action)


@on_action("shopping-list", "addTextLineItem")
def _add_text_item(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    draft = {k: v for k, v in action.items() if k != "action"}
    shopping_list.setdefault("textLineItems", []).append(_text_item(ctx, draft))


@on_action("shopping-list", "removeLineItem", "removeTextLineItem", "changeLineItemQuantity")
@on_action("shopping-list", "changeTextLineItemQuantity")
def _quantity(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    field, prefix = _field(action["action"])
    item = _find(shopping_list[field], action, prefix)
    quantity = action.get("quantity")
    if action["action"].startswith("change"):
        if not isinstance(quantity, int) or quantity < 0:
            raise invalid_json("quantity: Missing required value")
        item["quantity"] = quantity
    else:
        item["quantity"] = 0 if quantity is None else max(0, item["quantity"] - int(quantity))
    shopping_list[field] = [i for i in shopping_list[field] if i["quantity"] > 0]


@on_action("shopping-list", "changeTextLineItemName", "setTextLineItemDescription")
def _text_fields(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    item = _find(shopping_list["textLineItems"], action, "textLineItem")
    field = "name" if action["action"] == "changeTextLineItemName" else "description"
    if action.get(field) is None:
        if field == "name":
            raise invalid_json("name: Missing required value")
        item.pop(field, None)
    else:
        item[field] = copy.deepcopy(action[field])


@on_action("shopping-list", "setLineItemCustomType", "setLineItemCustomField")
@on_action("shopping-list", "setTextLineItemCustomType", "setTextLineItemCustomField")
def _custom(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    field, prefix = _field(action["action"])
    apply_custom(ctx, _find(shopping_list[field], action, prefix), action)


@on_action("shopping-list", "changeLineItemsOrder", "changeTextLineItemsOrder")
def _order(ctx: Ctx, family: _spec.Family, shopping_list: Resource, action: Action) -> None:
    field = "textLineItems" if "Text" in action["action"] else "lineItems"
    order = action.get("textLineItemOrder" if field == "textLineItems" else "lineItemOrder")
    by_id = {i["id"]: i for i in shopping_list[field]}
    if not isinstance(order, list) or sorted(order) != sorted(by_id):
        raise invalid_operation("The new order must name every line item exactly once.")
    shopping_list[field] = [by_id[i] for i in order]


@on_action("cart", "addShoppingList")
def _cart_add_list(ctx: Ctx, family: _spec.Family, cart: Resource, action: Action) -> None:
    ref = resolve(ctx, "shopping-list", action.get("shoppingList"))
    shopping_list = ctx.store.get("shopping-list", ref["id"])
    assert shopping_list is not None
    for item in shopping_list["lineItems"]:
        add_line_item(
            ctx,
            cart,
            {"productId": item["productId"], "variantId": item.get("variantId", 1), "quantity": item["quantity"]},
        )
