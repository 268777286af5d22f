"""Product Tailoring (https://docs.commercetools.com/api/projects/product-tailoring): a Product's data
tailored for one Store, created and updated through `/product-tailoring` (generic CRUD plus the
derivations and actions here) and per product in a store
(`/in-store/key={storeKey}/products/{productID}|key={productKey}/product-tailoring`, with image upload).

- creation: one Tailoring per Product and Store (another is 400 `DuplicateValue`); the draft's data
  (name, description, meta fields, slug, product attributes, variants by `id` or `sku`) is the staged
  data, and with `publish: true` the current data too; `hasStagedChanges` compares them;
- actions with `staged` (default true) change the staged data, with `staged: false` both: the
  data fields, product and variant attributes (`setProductAttribute`, `setAttribute`,
  `setAttributeInAllVariants`), variant images (`addExternalImage`, `setImages`), `addVariant` /
  `removeVariant`; `publish` / `unpublish` as for Products; other actions answer 501;
- the per-product endpoints answer as `/product-tailoring/{ID}` does for the Tailoring of that Store
  and Product (404 if there is none), Messages included;
- what a Tailoring changes: in-store Product Projections and Variant Projections show its data (the
  current data when published; the staged data with `staged=true`) in place of the Product's: name,
  description, meta fields, slug, attributes by name, a variant's images, assets and attributes.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from . import _messages, _spec
from ._actions import after_actions, on_action
from ._catalog import all_variants, find_variant, variant_from_draft
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, invalid_operation, not_found, not_implemented
from ._images import apply_actions, uploaded_image, variant_ident
from ._resources import Resource, build, convert, on_create, on_view, view
from ._routes import Handler, route
from ._store import Store

Action = dict[str, Any]
TAILORING = "product-tailoring"
_FIELDS = ("name", "description", "metaTitle", "metaDescription", "metaKeywords", "slug")
_BY_ID = "ByProjectKeyProductTailoringByID"
_PER_PRODUCT = "ByProjectKeyInStoreKeyByStoreKeyProducts"
# The per-product in-store operations -> the `/product-tailoring/{ID}` one answering them.
_IN_STORE = {
    f"{_PER_PRODUCT}{which}ProductTailoring{method}": f"{_BY_ID}{method}"
    for which in ("ByProductID", "KeyByProductKey")
    for method in ("Get", "Post", "Delete")
}


def _family() -> _spec.Family:
    return _spec.families()["product-tailoring"]


def tailoring_of(store: Store, store_key: str, product_id: str) -> Resource | None:
    """The Tailoring of a Product for a Store (there is at most one)."""
    for tailoring in store.unscoped().all(TAILORING):
        if tailoring["store"].get("key") == store_key and tailoring["product"]["id"] == product_id:
            return tailoring
    return None


# -- creation and actions ------------------------------------------------------------------------


def _typed(ctx: Ctx, product: Resource, attributes: Any) -> list[dict[str, Any]]:
    """Tailored attribute values as the Product's own are stored (enum keys as `{key, label}`)."""
    return list(variant_from_draft(ctx, product, {"attributes": attributes}, 0)["attributes"])


def _variant_entry(ctx: Ctx, product: Resource, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict) or (draft.get("id") is None and draft.get("sku") is None):
        raise invalid_json("variants: each needs an 'id' or a 'sku'")
    ident = {"variantId": draft["id"]} if draft.get("id") is not None else {"sku": draft["sku"]}
    variant = find_variant(product["masterData"]["staged"], ident)
    fields = _spec.model_fields("ProductVariantTailoring")
    entry: dict[str, Any] = {"id": variant["id"]}
    for name in ("images", "assets"):
        if draft.get(name) is not None:
            entry[name] = convert(ctx, draft[name], fields[name])
    if draft.get("attributes") is not None:
        entry["attributes"] = _typed(ctx, product, draft["attributes"])
    return entry


@on_create(TAILORING)
def _create(ctx: Ctx, draft: dict[str, Any], tailoring: Resource) -> None:
    product = ctx.store.unscoped().get("product", tailoring["product"]["id"])
    assert product is not None  # the draft's product reference was resolved
    # In a store, the path names it (`build` sets `store` after this hook).
    store_key = tailoring["store"]["key"] if tailoring.get("store") else ctx.params["storeKey"]
    if tailoring_of(ctx.store, store_key, product["id"]) is not None:
        raise ApiFailure(
            400,
            "DuplicateValue",
            f"A Product Tailoring for the Product '{product['id']}' and the Store '{store_key}' already exists.",
            field="product",
            duplicateValue={"typeId": "product", "id": product["id"]},
        )
    data: dict[str, Any] = {k: copy.deepcopy(draft[k]) for k in _FIELDS if draft.get(k) is not None}
    if draft.get("attributes") is not None:
        data["attributes"] = _typed(ctx, product, draft["attributes"])
    variants = [_variant_entry(ctx, product, v) for v in draft.get("variants") or []]
    if variants:
        data["variants"] = variants
    for field in (*_FIELDS, "attributes", "variants", "publish"):
        tailoring.pop(field, None)
    published = bool(draft.get("publish"))
    tailoring["published"] = published
    tailoring["staged"] = data
    tailoring["current"] = copy.deepcopy(data) if published else {}
    tailoring["hasStagedChanges"] = tailoring["staged"] != tailoring["current"]


def _targets(tailoring: Resource, action: Action) -> list[dict[str, Any]]:
    if action.get("staged", True) is False:
        return [tailoring["staged"], tailoring["current"]]
    return [tailoring["staged"]]


@after_actions(TAILORING)
def _after(ctx: Ctx, tailoring: Resource) -> None:
    tailoring["hasStagedChanges"] = tailoring["staged"] != tailoring["current"]


def _data_field(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    field = action["action"][3:4].lower() + action["action"][4:]
    for data in _targets(tailoring, action):
        if action.get(field) is None:
            data.pop(field, None)
        else:
            data[field] = copy.deepcopy(action[field])


for _name in _FIELDS:
    on_action(TAILORING, "set" + _name[0].upper() + _name[1:])(_data_field)


@on_action(TAILORING, "setMetaAttributes")
def _meta(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    for field in ("metaTitle", "metaDescription", "metaKeywords"):
        _data_field(ctx, family, tailoring, {**action, "action": "set" + field[0].upper() + field[1:]})


@on_action(TAILORING, "publish")
def _publish(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    tailoring["current"] = copy.deepcopy(tailoring["staged"])
    tailoring["published"] = True


@on_action(TAILORING, "unpublish")
def _unpublish(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    tailoring["published"] = False


def _product_of(ctx: Ctx, tailoring: Resource) -> Resource:
    product = ctx.store.unscoped().get("product", tailoring["product"]["id"])
    assert product is not None  # a Tailoring's product cannot be deleted (the API refuses)
    return product


def _variant_id(ctx: Ctx, tailoring: Resource, ident: dict[str, Any]) -> int:
    """The id of the Product's variant an action names (`sku`, else the id, else the master variant)."""
    return int(find_variant(_product_of(ctx, tailoring)["masterData"]["staged"], ident)["id"])


def _ident(action: Action, id_field: str = "variantId") -> dict[str, Any]:
    if action.get("sku") is not None:
        return {"sku": action["sku"]}
    return {"variantId": action[id_field] if action.get(id_field) is not None else 1}


def _entry(data: dict[str, Any], variant_id: int) -> dict[str, Any]:
    entries = data.setdefault("variants", [])
    entry = next((e for e in entries if e["id"] == variant_id), None)
    if entry is None:
        entry = {"id": variant_id}
        entries.append(entry)
    return entry


def _set_named(ctx: Ctx, tailoring: Resource, attributes: list[dict[str, Any]], action: Action) -> list[dict[str, Any]]:
    name, value = action.get("name"), action.get("value")
    if not isinstance(name, str):
        raise invalid_json("name: Missing required value")
    kept = [a for a in attributes if a["name"] != name]
    return kept if value is None else kept + _typed(ctx, _product_of(ctx, tailoring), [{"name": name, "value": value}])


@on_action(TAILORING, "addExternalImage", "setImages")
def _images(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    info = _spec.model_fields("ProductVariantTailoring")["images"]
    adding = action["action"] == "addExternalImage"
    given = [action.get("image")] if adding else action.get("images")
    if not isinstance(given, list) or not all(isinstance(i, dict) for i in given):
        raise invalid_json(f"{'image' if adding else 'images'}: Missing required value")
    images = convert(ctx, given, info)
    variant_id = _variant_id(ctx, tailoring, _ident(action))
    for data in _targets(tailoring, action):
        entry = _entry(data, variant_id)
        entry["images"] = (entry.get("images", []) if adding else []) + copy.deepcopy(images)


@on_action(TAILORING, "setAttribute", "setAttributeInAllVariants")
def _variant_attribute(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    if action["action"] == "setAttribute":
        ids = [_variant_id(ctx, tailoring, _ident(action))]
    else:
        ids = [v["id"] for v in all_variants(_product_of(ctx, tailoring)["masterData"]["staged"])]
    for data in _targets(tailoring, action):
        for variant_id in ids:
            entry = _entry(data, variant_id)
            entry["attributes"] = _set_named(ctx, tailoring, entry.get("attributes", []), action)


@on_action(TAILORING, "setProductAttribute")
def _product_attribute(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    for data in _targets(tailoring, action):
        data["attributes"] = _set_named(ctx, tailoring, data.get("attributes", []), action)


@on_action(TAILORING, "addVariant", "removeVariant")
def _variant_entries(ctx: Ctx, family: _spec.Family, tailoring: Resource, action: Action) -> None:
    variant_id = _variant_id(ctx, tailoring, _ident(action, "id"))
    for data in _targets(tailoring, action):
        present = any(e["id"] == variant_id for e in data.get("variants", []))
        if action["action"] == "removeVariant":
            if not present:
                raise invalid_operation(f"The Product Tailoring has no variant {variant_id}.")
            data["variants"] = [e for e in data["variants"] if e["id"] != variant_id]
            continue
        if present:
            raise invalid_operation(f"The Product Tailoring already has the variant {variant_id}.")
        draft = {k: v for k, v in action.items() if k not in ("action", "staged", "id", "sku")}
        data.setdefault("variants", []).append(
            _variant_entry(ctx, _product_of(ctx, tailoring), {"id": variant_id, **draft})
        )


# -- the per-product endpoints in a store ----------------------------------------------------------


def _find(ctx: Ctx) -> Resource:
    everything = ctx.store.unscoped()
    if "productID" in ctx.params:
        product = everything.get("product", ctx.params["productID"])
        what, value = "productID", ctx.params["productID"]
    else:
        product = everything.find("product", "key", ctx.params["productKey"])
        what, value = "productKey", ctx.params["productKey"]
    tailoring = tailoring_of(everything, ctx.params["storeKey"], product["id"]) if product is not None else None
    if tailoring is None:
        raise not_found(what, value)
    return tailoring


def _operation(op_id: str) -> _spec.Op:
    return next(op for op in _spec.operations() if op.id == op_id)


def _answer_as(ctx: Ctx, op_id: str, params: dict[str, str], answer: Handler) -> tuple[int, Any]:
    """Answer as the project-level operation `op_id` would, Messages included (the in-store path is
    not a resource family's, so the backend's own Messages hook does not see it)."""
    inner = dataclasses.replace(ctx, op=_operation(op_id), params={"projectKey": ctx.project_key, **params})
    watched = _messages.watch(inner)
    status, body = answer(inner)
    _messages.record(inner, watched, status, body)
    return status, body


@route(*_IN_STORE)
def _in_store(ctx: Ctx) -> tuple[int, Any]:
    from ._backend import handler_for  # the backend imports this module for its routes

    tailoring = _find(ctx)
    handler = handler_for(_operation(_IN_STORE[ctx.op.id]))
    assert handler is not None
    deleted = "ProductTailoringDeleted"
    if ctx.op.method == "DELETE" and _messages.enabled(ctx) and _messages.deriver(TAILORING, deleted) is None:
        # Deletions are not checked before the change: never delete without the API's Message.
        raise not_implemented(f"The {deleted} Message (written on deletion with Messages enabled)")
    return _answer_as(ctx, _IN_STORE[ctx.op.id], {"ID": tailoring["id"]}, handler)


@route("ByProjectKeyInStoreKeyByStoreKeyProductTailoringPost")
def _create_in_store(ctx: Ctx) -> tuple[int, Any]:
    """Creation in a store takes a `ProductTailoringInStoreDraft` (no `store`: the path's)."""

    def create(inner: Ctx) -> tuple[int, Any]:
        tailoring = build(inner, _family(), inner.body_dict(), draft_model="ProductTailoringInStoreDraft")
        inner.store.put(TAILORING, tailoring)
        return 201, view(inner, tailoring)

    return _answer_as(ctx, "ByProjectKeyProductTailoringPost", {"storeKey": ctx.params["storeKey"]}, create)


@route(
    "ByProjectKeyInStoreKeyByStoreKeyProductsByProductIDProductTailoringImagesPost",
    "ByProjectKeyInStoreKeyByStoreKeyProductsKeyByProductKeyProductTailoringImagesPost",
)
def _upload(ctx: Ctx) -> tuple[int, Any]:
    image = uploaded_image(ctx)
    tailoring = _find(ctx)
    action = {"action": "addExternalImage", "image": image, "staged": ctx.q("staged") != "false", **variant_ident(ctx)}
    return 200, view(ctx, apply_actions(ctx, _family(), tailoring, [action]))


# -- what a Tailoring changes in a store's projections -------------------------------------------


def _attributes(original: list[dict[str, Any]], tailored: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if not tailored:
        return original
    names = {a["name"] for a in tailored}
    return [a for a in original if a["name"] not in names] + copy.deepcopy(tailored)


def tailored_data(store: Store, product_id: str, staged: bool) -> dict[str, Any] | None:
    """The Tailoring data an in-store view of the Product shows (None: the Product's own)."""
    store_key = getattr(store, "store_key", None)
    tailoring = tailoring_of(store, store_key, product_id) if store_key is not None else None
    if tailoring is None:
        return None
    if staged:
        return dict(tailoring["staged"])
    return dict(tailoring["current"]) if tailoring["published"] else None


def tailor(data: dict[str, Any], variant: dict[str, Any] | None, tailored: dict[str, Any]) -> None:
    """Replace in a projection's product `data` (and one of its variants, else all) the tailored fields."""
    for field in _FIELDS:
        if tailored.get(field) is not None:
            data[field] = copy.deepcopy(tailored[field])
    data["attributes"] = _attributes(data.get("attributes", []), tailored.get("attributes"))
    entries = {e["id"]: e for e in tailored.get("variants") or []}
    for target in [variant] if variant is not None else all_variants(data):
        entry = entries.get(target["id"]) or {}
        for field in ("images", "assets"):
            if entry.get(field) is not None:
                target[field] = copy.deepcopy(entry[field])
        target["attributes"] = _attributes(target.get("attributes", []), entry.get("attributes"))


@on_view
def _tailored_projection(ctx: Ctx, out: Resource) -> None:
    """An in-store ProductProjection shows its Store's Tailoring."""
    if "masterVariant" not in out or "productType" not in out or "masterData" in out:
        return
    tailored = tailored_data(ctx.store, out["id"], ctx.q_bool("staged"))
    if tailored is not None:
        tailor(out, None, tailored)
