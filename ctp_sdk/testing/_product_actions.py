"""Product update actions on variants' assets, images and prices, and on the variants themselves;
the same asset actions on categories.

Each works on the staged data, and on the current data too when `staged` is false (as every
product action does); a variant is named by `variantId` or `sku`, an asset by `assetId` or
`assetKey`, a price by `priceId` (looked up across all variants).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import apply_custom, on_action
from ._catalog import after_product_change, all_variants, find_variant, price_from_draft, product_targets
from ._context import Ctx
from ._errors import invalid_json, invalid_operation
from ._resources import Resource, converter

Action = dict[str, Any]


def _variant_ident(action: Action) -> Action:
    return {k: action[k] for k in ("variantId", "sku") if action.get(k) is not None}


def _asset_index(holder: dict[str, Any], action: Action) -> int:
    for i, asset in enumerate(holder.get("assets", [])):
        if asset.get("id") == action.get("assetId") or (
            action.get("assetKey") is not None and asset.get("key") == action["assetKey"]
        ):
            return i
    raise invalid_operation(f"There is no asset '{action.get('assetId') or action.get('assetKey')}'.")


def _new_asset(ctx: Ctx, action: Action) -> dict[str, Any]:
    draft = action.get("asset")
    if not isinstance(draft, dict):
        raise invalid_json("asset: Missing required value")
    return converter(ctx).object(draft, "Asset", "AssetDraft")


def _insert_asset(holder: dict[str, Any], asset: dict[str, Any], position: Any) -> None:
    assets = holder.setdefault("assets", [])
    assets.insert(position if isinstance(position, int) else len(assets), copy.deepcopy(asset))


_ASSET_FIELDS = {
    "changeAssetName": "name",
    "setAssetDescription": "description",
    "setAssetSources": "sources",
    "setAssetTags": "tags",
}
_ASSET_ACTIONS = ("removeAsset", "setAssetKey", "setAssetCustomType", "setAssetCustomField", *_ASSET_FIELDS)


def _change_asset(ctx: Ctx, holder: dict[str, Any], action: Action) -> None:
    """One asset action on the assets of `holder` (a product variant or a category)."""
    name = action["action"]
    if name == "changeAssetOrder":
        by_id = {a["id"]: a for a in holder.get("assets", [])}
        order = action.get("assetOrder")
        if not isinstance(order, list) or sorted(order) != sorted(by_id):
            raise invalid_operation("assetOrder must name every asset exactly once.")
        holder["assets"] = [by_id[i] for i in order]
        return
    i = _asset_index(holder, action)
    asset = holder["assets"][i]
    if name == "removeAsset":
        del holder["assets"][i]
    elif name == "setAssetKey":
        asset.pop("key", None)
        if action.get("assetKey") is not None:
            asset["key"] = action["assetKey"]
    elif name in ("setAssetCustomType", "setAssetCustomField"):
        apply_custom(ctx, asset, action)
    else:
        field = _ASSET_FIELDS[name]
        if action.get(field) is None:
            if field in ("name", "sources"):
                raise invalid_json(f"{field}: Missing required value")
            asset.pop(field, None)
        else:
            asset[field] = copy.deepcopy(action[field])


@on_action("product", "addAsset")
def _add_variant_asset(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    asset = _new_asset(ctx, action)
    for data in product_targets(product, action):
        _insert_asset(find_variant(data, _variant_ident(action)), asset, action.get("position"))
    after_product_change(product)


@on_action("product", "changeAssetOrder", *_ASSET_ACTIONS)
def _change_variant_asset(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    for data in product_targets(product, action):
        _change_asset(ctx, find_variant(data, _variant_ident(action)), action)
    after_product_change(product)


@on_action("category", "addAsset")
def _add_category_asset(ctx: Ctx, family: _spec.Family, category: Resource, action: Action) -> None:
    _insert_asset(category, _new_asset(ctx, action), action.get("position"))


@on_action("category", "changeAssetOrder", *_ASSET_ACTIONS)
def _change_category_asset(ctx: Ctx, family: _spec.Family, category: Resource, action: Action) -> None:
    _change_asset(ctx, category, action)


def _image_index(variant: dict[str, Any], url: Any) -> int:
    for i, image in enumerate(variant.get("images", [])):
        if image.get("url") == url:
            return i
    raise invalid_operation(f"The variant has no image '{url}'.")


@on_action("product", "addExternalImage", "removeImage", "setImageLabel", "moveImageToPosition")
def _image(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    name = action["action"]
    for data in product_targets(product, action):
        variant = find_variant(data, _variant_ident(action))
        images = variant.setdefault("images", [])
        if name == "addExternalImage":
            image = action.get("image")
            if not isinstance(image, dict) or not image.get("url") or not image.get("dimensions"):
                raise invalid_json("image: needs url and dimensions")
            images.append(copy.deepcopy(image))
            continue
        i = _image_index(variant, action.get("imageUrl"))
        if name == "removeImage":
            del images[i]
        elif name == "setImageLabel":
            images[i].pop("label", None)
            if action.get("label") is not None:
                images[i]["label"] = action["label"]
        else:
            position = action.get("position")
            if not isinstance(position, int) or not 0 <= position < len(images):
                raise invalid_operation("position: out of range")
            images.insert(position, images.pop(i))
    after_product_change(product)


def _price_location(data: dict[str, Any], price_id: Any) -> tuple[dict[str, Any], int]:
    for variant in all_variants(data):
        for i, price in enumerate(variant.get("prices", [])):
            if price.get("id") == price_id:
                return variant, i
    raise invalid_operation(f"The product has no price '{price_id}'.")


@on_action("product", "changePrice", "removePrice", "setDiscountedPrice", "setPriceKey")
@on_action("product", "setProductPriceCustomType", "setProductPriceCustomField")
def _price(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    name = action["action"]
    replacement = price_from_draft(ctx, action.get("price")) if name == "changePrice" else None
    for data in product_targets(product, action):
        variant, i = _price_location(data, action.get("priceId"))
        price = variant["prices"][i]
        if name == "changePrice" and replacement is not None:
            new = copy.deepcopy(replacement)
            new["id"] = price["id"]
            variant["prices"][i] = new
        elif name == "removePrice":
            del variant["prices"][i]
        elif name == "setDiscountedPrice":
            discounted = action.get("discounted")
            if discounted is None:
                price.pop("discounted", None)
            else:
                price["discounted"] = converter(ctx).object(discounted, "DiscountedPrice", "DiscountedPriceDraft")
        elif name == "setPriceKey":
            price.pop("key", None)
            if action.get("key") is not None:
                price["key"] = action["key"]
        else:
            apply_custom(ctx, price, action)
    after_product_change(product)


@on_action("product", "removeVariant")
def _remove_variant(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    ident = {"variantId": action["id"]} if action.get("id") is not None else _variant_ident(action)
    for data in product_targets(product, action):
        variant = find_variant(data, ident)
        if variant is data["masterVariant"]:
            raise invalid_operation("The master variant cannot be removed; change the master variant first.")
        data["variants"] = [v for v in data["variants"] if v is not variant]
    after_product_change(product)


@on_action("product", "changeMasterVariant")
def _change_master(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    for data in product_targets(product, action):
        variant = find_variant(data, _variant_ident(action))
        if variant is data["masterVariant"]:
            continue
        rest = [v for v in all_variants(data) if v is not variant]
        data["masterVariant"], data["variants"] = variant, rest
    after_product_change(product)


@on_action("product", "setProductVariantKey")
def _variant_key(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    for data in product_targets(product, action):
        variant = find_variant(data, _variant_ident(action))
        variant.pop("key", None)
        if action.get("key") is not None:
            variant["key"] = action["key"]
    after_product_change(product)


@on_action("product", "setCategoryOrderHint")
def _order_hint(ctx: Ctx, family: _spec.Family, product: Resource, action: Action) -> None:
    for data in product_targets(product, action):
        hints = data.setdefault("categoryOrderHints", {})
        if action.get("orderHint") is None:
            hints.pop(action.get("categoryId"), None)
        else:
            hints[action["categoryId"]] = action["orderHint"]
    after_product_change(product)
