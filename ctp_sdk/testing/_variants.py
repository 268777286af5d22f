"""Standalone Variants (`/variants`, the `Modular` catalog model): what creation derives, the update
actions on their current / staged data, bulk updates and image uploads
(https://docs.commercetools.com/api/projects/variants).

- creation: `variantId` is the next one of the Product (over its standalone Variants; in a `Classic`
  project over its embedded variants too), only `current` data is made, `published` is the draft's
  `publish`, a SKU another variant has is 400 `DuplicateField`;
- actions with `staged` (default true) change the staged data (made from the current data on first
  change) or, `staged: false`, the current data (and the staged data if there is one); `staged`
  is dropped again when it equals `current`, as the API only shows it while they differ; `publish`
  copies it to `current`, `removeStagedChanges` drops it;
- `POST /variants/bulk`: the same actions on up to 1000 Variants, each on its own: 207 with a
  `Success` (new version) or `Fail` (the API's errors) result per item; `versionControl=Off` skips
  the version checks;
- `POST /variants/{ID}/images`: the image upload of `_images`, added as `addExternalImage` would.
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import after_actions, on_action
from ._catalog import all_variants, raise_duplicate_sku, sku_taken, variant_from_draft
from ._context import Ctx
from ._errors import ApiFailure, invalid_json
from ._images import apply_actions, uploaded_image
from ._resources import Resource, convert, find_by_identifier, load, on_create, view
from ._routes import route

Action = dict[str, Any]
_BULK_LIMIT = 1000
_DATA_FIELDS = ("sku", "images", "attributes", "assets")


def _family() -> _spec.Family:
    return _spec.families()["variants"]


@on_create("variant")
def _create_variant(ctx: Ctx, draft: dict[str, Any], variant: Resource) -> None:
    product = ctx.store.unscoped().get("product", variant["product"]["id"])
    assert product is not None  # the draft's product reference was resolved
    sku = draft.get("sku")
    if sku and sku_taken(ctx, sku):
        raise_duplicate_sku(sku)
    siblings = [v["variantId"] for v in ctx.store.unscoped().all("variant") if v["product"]["id"] == product["id"]]
    if ctx.project.get("productCatalogModel") != "Modular":
        siblings += [v["id"] for v in all_variants(product["masterData"]["staged"])]
    built = variant_from_draft(ctx, product, draft, 0)
    variant["variantId"] = max(siblings, default=0) + 1
    variant["current"] = {k: built[k] for k in _DATA_FIELDS if k in built}
    variant["published"] = bool(draft.get("publish"))
    for field in ("publish", *_DATA_FIELDS):
        variant.pop(field, None)


def _targets(variant: Resource, action: Action) -> list[dict[str, Any]]:
    if action.get("staged", True) is False:
        return [variant["current"], *([variant["staged"]] if variant.get("staged") is not None else [])]
    if variant.get("staged") is None:
        variant["staged"] = copy.deepcopy(variant["current"])
    return [variant["staged"]]


@after_actions("variant")
def _drop_unchanged_staged(ctx: Ctx, variant: Resource) -> None:
    if variant.get("staged") == variant["current"]:
        variant.pop("staged", None)


@on_action("variant", "publish")
def _publish(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    staged = variant.pop("staged", None)
    if staged is not None:
        variant["current"] = staged
    variant["published"] = True


@on_action("variant", "unpublish")
def _unpublish(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    variant["published"] = False


@on_action("variant", "removeStagedChanges")
def _remove_staged(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    variant.pop("staged", None)


@on_action("variant", "setSku")
def _set_sku(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    sku = action.get("sku")
    own = (variant["current"].get("sku"), (variant.get("staged") or {}).get("sku"))
    if sku and sku not in own and sku_taken(ctx, sku):
        raise_duplicate_sku(sku)
    for data in _targets(variant, action):
        if sku is None:
            data.pop("sku", None)
        else:
            data["sku"] = sku


def _product_of(ctx: Ctx, variant: Resource) -> Resource:
    product = ctx.store.unscoped().get("product", variant["product"]["id"])
    return product if product is not None else {"productType": None}


@on_action("variant", "setAttribute", "setAttributes")
def _set_attributes(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    given: Any
    if action["action"] == "setAttribute":
        name = action.get("name")
        if not isinstance(name, str):
            raise invalid_json("name: Missing required value")
        given = [{"name": name, "value": action["value"]}] if action.get("value") is not None else []
    else:
        given = action.get("attributes")
        if not isinstance(given, list):
            raise invalid_json("attributes: Missing required value")
    # Enum values given by key become {key, label}, as on creation.
    converted = variant_from_draft(ctx, _product_of(ctx, variant), {"attributes": given}, 0)["attributes"]
    for data in _targets(variant, action):
        if action["action"] == "setAttributes":
            data["attributes"] = copy.deepcopy(converted)
            continue
        kept = [a for a in data.get("attributes", []) if a.get("name") != action["name"]]
        data["attributes"] = kept + copy.deepcopy(converted)


@on_action("variant", "addExternalImage", "setImages")
def _images(ctx: Ctx, family: _spec.Family, variant: Resource, action: Action) -> None:
    info = _spec.model_fields("VariantData")["images"]
    if action["action"] == "addExternalImage":
        if not isinstance(action.get("image"), dict):
            raise invalid_json("image: Missing required value")
        new = convert(ctx, [action["image"]], info)
    elif not isinstance(action.get("images"), list):
        raise invalid_json("images: Missing required value")
    else:
        new = convert(ctx, action["images"], info)
    for data in _targets(variant, action):
        images = data.get("images", []) if action["action"] == "addExternalImage" else []
        data["images"] = images + copy.deepcopy(new)


@route("ByProjectKeyVariantsByIDImagesPost")
def _upload(ctx: Ctx) -> tuple[int, Any]:
    image = uploaded_image(ctx)
    variant = load(ctx, _family())
    action = {"action": "addExternalImage", "image": image, "staged": ctx.q("staged") != "false"}
    return 200, view(ctx, apply_actions(ctx, _family(), variant, [action]))


# -- bulk updates --------------------------------------------------------------------------------


def _bulk_item(ctx: Ctx, item: Any, actions: list[Any], version_control: bool) -> dict[str, Any]:
    ident = {k: item[k] for k in ("id", "key") if isinstance(item, dict) and isinstance(item.get(k), str)}
    result: dict[str, Any] = dict(ident)
    try:
        if not ident:
            raise invalid_json("items -> id: Missing required value")
        variant = find_by_identifier(ctx, "variant", ident)
        if variant is None:
            what, value = next(iter(ident.items()))
            raise ApiFailure(404, "ResourceNotFound", f"The Resource with {what} '{value}' was not found.")
        version = item.get("version") if version_control else variant["version"]
        if version is not None and version != variant["version"]:
            message = (
                f"Object {variant['id']} has a different version than expected."
                f" Expected: {version} - Actual: {variant['version']}."
            )
            raise ApiFailure(409, "ConcurrentModification", message, currentVersion=variant["version"])
        updated = apply_actions(ctx, _family(), variant, actions)
    except ApiFailure as failure:
        return {**result, "status": "Fail", "errors": failure.body()["errors"]}
    return {**result, "status": "Success", "resource": {"id": updated["id"], "version": updated["version"]}}


@route("ByProjectKeyVariantsBulkPost")
def _bulk(ctx: Ctx) -> tuple[int, Any]:
    body = ctx.body_dict()
    items, actions = body.get("items"), body.get("actions")
    if not isinstance(items, list):
        raise invalid_json("items: Missing required value")
    if not isinstance(actions, list):
        raise invalid_json("actions: Missing required value")
    if len(items) > _BULK_LIMIT:
        message = f"The request contains {len(items)} items, more than the limit of {_BULK_LIMIT}."
        raise ApiFailure(400, "BulkOperationMaxItemsExceeded", message, limit=_BULK_LIMIT, provided=len(items))
    version_control = (ctx.q("versionControl") or "On") != "Off"
    results = [_bulk_item(ctx, item, actions, version_control) for item in items]
    succeeded = sum(1 for r in results if r["status"] == "Success")
    return 207, {"successCount": succeeded, "failureCount": len(results) - succeeded, "results": results}
