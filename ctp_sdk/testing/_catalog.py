"""Catalog behaviour: category ancestors, products (staged/current data, publish, variants,
prices, attributes), product projections, and custom objects."""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import on_action
from ._attribute_values import check_shape, scalar_value
from ._auth import covers
from ._cart_discount_targets import check_cart_discount
from ._context import Ctx
from ._errors import ApiFailure, insufficient_scope, invalid_json, invalid_operation, not_found
from ._resources import (
    Resource,
    check_required,
    check_version,
    convert,
    converter,
    delete_version,
    on_create,
    query,
    resolve,
    split_action,
    touch,
    view,
)
from ._routes import route

# -- categories -----------------------------------------------------------------------------------


def category_ancestors(ctx: Ctx, parent_id: str) -> list[dict[str, str]]:
    """References from the root down to `parent_id`, as commercetools lists `ancestors`."""
    chain: list[dict[str, str]] = []
    seen: set[str] = set()
    current: str | None = parent_id
    while current is not None and current not in seen:
        seen.add(current)
        chain.insert(0, {"typeId": "category", "id": current})
        parent = ctx.store.get("category", current)
        current = parent["parent"]["id"] if parent is not None and parent.get("parent") else None
    return chain


@on_create("category")
def _create_category(ctx: Ctx, draft: dict[str, Any], resource: Resource) -> None:
    parent = resource.get("parent")
    resource["ancestors"] = category_ancestors(ctx, parent["id"]) if parent else []


# -- products -------------------------------------------------------------------------------------

_DATA_FIELDS = tuple(_spec.model_fields("ProductData"))


def price_from_draft(ctx: Ctx, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict):
        raise invalid_json("price: Missing required value")
    check_required(draft, "PriceDraft")
    return converter(ctx).object(draft, "Price", "PriceDraft")


def _attribute_types(ctx: Ctx, product_type: Any) -> dict[str, dict[str, Any]]:
    found = ctx.store.get("product-type", product_type["id"]) if isinstance(product_type, dict) else None
    return {a["name"]: a["type"] for a in (found or {}).get("attributes", [])}


def attribute_value(kind: dict[str, Any], value: Any) -> Any:
    """An attribute value as commercetools stores it: an enum / lenum value given by its key becomes
    `{key, label}` (400 for a key the type does not define); sets and nested sets item by item."""
    name = kind.get("name")
    check_shape(kind, value)  # a single value for a set: 400 InvalidField (_attribute_values.py)
    if name == "set" and isinstance(value, list):
        return [attribute_value(kind["elementType"], v) for v in value]
    if name in ("enum", "lenum"):
        key = value.get("key") if isinstance(value, dict) else value
        for candidate in kind.get("values", []):
            if candidate["key"] == key:
                return copy.deepcopy(candidate)
        raise ApiFailure(
            400,
            "InvalidField",
            f"The value '{key}' is not valid for field 'attributes'.",
            field="attributes",
            invalidValue=key,
            allowedValues=[v["key"] for v in kind.get("values", [])],
        )
    return scalar_value(kind, value)


def _attributes(ctx: Ctx, types: dict[str, dict[str, Any]], given: Any) -> list[dict[str, Any]]:
    out = []
    for attribute in given or []:
        if not isinstance(attribute, dict) or not isinstance(attribute.get("name"), str):
            raise invalid_json("attributes: each needs a name and a value")
        kind = types.get(attribute["name"])
        value = attribute_value(kind, attribute.get("value")) if kind else copy.deepcopy(attribute.get("value"))
        out.append({"name": attribute["name"], "value": value})
    return out


def _variant(ctx: Ctx, draft: Any, variant_id: int, types: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    draft = draft or {}
    variant: dict[str, Any] = {"id": variant_id}
    for key in ("sku", "key"):
        if draft.get(key) is not None:
            variant[key] = draft[key]
    variant["prices"] = [price_from_draft(ctx, p) for p in draft.get("prices") or []]
    variant["images"] = copy.deepcopy(draft.get("images") or [])
    variant["attributes"] = _attributes(ctx, types or {}, draft.get("attributes"))
    assets = _spec.model_fields("ProductVariant")["assets"]
    variant["assets"] = converter(ctx).value(draft.get("assets") or [], assets)
    return variant


def variant_from_draft(ctx: Ctx, product: Resource, draft: dict[str, Any], variant_id: int) -> dict[str, Any]:
    """A ProductVariant of `product` from a draft (sku, key, prices, images, enum attributes as
    `{key, label}`, assets with ids), as `addVariant` makes it; standalone Variants (`_variants`) too."""
    return _variant(ctx, draft, variant_id, _attribute_types(ctx, product.get("productType")))


def sku_taken(ctx: Ctx, sku: str) -> bool:
    """Does a product variant (staged data) or a standalone Variant already have this SKU?"""
    if any(sku in _skus(p["masterData"]["staged"]) for p in ctx.store.unscoped().all("product")):
        return True
    for variant in ctx.store.unscoped().all("variant"):
        if sku in (variant["current"].get("sku"), (variant.get("staged") or {}).get("sku")):
            return True
    return False


@on_create("product")
def _create_product(ctx: Ctx, draft: dict[str, Any], resource: Resource) -> None:
    fields = _spec.model_fields("ProductData")
    data: dict[str, Any] = {}
    for key, value in draft.items():
        if key in fields and value is not None and key not in ("masterVariant", "variants"):
            data[key] = convert(ctx, value, fields[key])
    data.setdefault("categories", [])
    data.setdefault("searchKeywords", {})
    data.setdefault("attributes", [])
    types = _attribute_types(ctx, resource.get("productType"))
    data["attributes"] = _attributes(ctx, types, draft.get("attributes"))
    data["masterVariant"] = _variant(ctx, draft.get("masterVariant"), 1, types)
    data["variants"] = [_variant(ctx, v, i + 2, types) for i, v in enumerate(draft.get("variants") or [])]
    for sku in _skus(data):
        if any(sku in _skus(p["masterData"]["staged"]) for p in ctx.store.all("product")):
            raise_duplicate_sku(sku)
    published = bool(draft.get("publish"))
    resource["masterData"] = {
        "published": published,
        "hasStagedChanges": False,
        "current": data,
        "staged": copy.deepcopy(data),
    }
    resource.setdefault("priceMode", "Embedded")


def raise_duplicate_sku(sku: str) -> None:
    raise ApiFailure(
        400, "DuplicateField", f"A duplicate value '\"{sku}\"' exists for field 'sku'.", field="sku", duplicateValue=sku
    )


def _skus(data: dict[str, Any]) -> set[str]:
    return {v["sku"] for v in all_variants(data) if v.get("sku")}


def all_variants(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [data["masterVariant"], *data.get("variants", [])]


def product_targets(product: Resource, action: dict[str, Any]) -> list[dict[str, Any]]:
    """The ProductData an action changes: staged (default), or staged and current with staged=false."""
    master = product["masterData"]
    if action.get("staged", True) is False:
        return [master["staged"], master["current"]]
    return [master["staged"]]


def after_product_change(product: Resource) -> None:
    master = product["masterData"]
    master["hasStagedChanges"] = master["staged"] != master["current"]


def _data_field_action(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    parts = split_action(action["action"])
    assert parts is not None
    verb, field = parts
    info = _spec.model_fields("ProductData")[field]
    value = action.get(field)
    for data in product_targets(product, action):
        if value is None:
            if verb == "change":
                raise invalid_json(f"{field}: Missing required value")
            data.pop(field, None)
        else:
            data[field] = convert(ctx, value, info)
    after_product_change(product)


def _register_data_field_actions() -> None:
    """set*/change* product actions whose payload is one ProductData field (plus `staged`)."""
    family = _spec.families().get("products")  # absent: product routes answer 501, import still works
    for name, model in family.actions.items() if family else ():
        parts = split_action(name)
        if parts is None or parts[1] not in _DATA_FIELDS:
            continue
        if set(_spec.model_fields(model)) - {"action", "staged", parts[1]}:
            continue
        on_action("product", name)(_data_field_action)


_register_data_field_actions()


@on_action("product", "publish")
def _publish(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    master = product["masterData"]
    master["current"] = copy.deepcopy(master["staged"])
    master["published"] = True
    master["hasStagedChanges"] = False


@on_action("product", "unpublish")
def _unpublish(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    product["masterData"]["published"] = False


@on_action("product", "revertStagedChanges")
def _revert(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    master = product["masterData"]
    master["staged"] = copy.deepcopy(master["current"])
    master["hasStagedChanges"] = False


@on_action("product", "addToCategory", "removeFromCategory")
def _category_membership(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    ref = resolve(ctx, "category", action.get("category"))
    for data in product_targets(product, action):
        refs = data.setdefault("categories", [])
        present = any(r["id"] == ref["id"] for r in refs)
        if action["action"] == "addToCategory":
            if present:
                raise invalid_operation(f"The product is already in category '{ref['id']}'.")
            refs.append(ref)
            if action.get("orderHint") is not None:
                data.setdefault("categoryOrderHints", {})[ref["id"]] = action["orderHint"]
        else:
            if not present:
                raise invalid_operation(f"The product is not in category '{ref['id']}'.")
            data["categories"] = [r for r in refs if r["id"] != ref["id"]]
            data.get("categoryOrderHints", {}).pop(ref["id"], None)
    after_product_change(product)


def find_variant(data: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
    for variant in all_variants(data):
        if ("variantId" in action and variant["id"] == action["variantId"]) or (
            "sku" in action and variant.get("sku") == action["sku"]
        ):
            return variant
    raise invalid_operation(f"The product has no variant with id {action.get('variantId')} / sku {action.get('sku')}.")


@on_action("product", "addVariant")
def _add_variant(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    sku = action.get("sku")
    if sku and any(sku in _skus(p["masterData"]["staged"]) for p in ctx.store.all("product")):
        raise_duplicate_sku(sku)
    for data in product_targets(product, action):
        next_id = max(v["id"] for v in all_variants(data)) + 1
        types = _attribute_types(ctx, product.get("productType"))
        data.setdefault("variants", []).append(_variant(ctx, action, next_id, types))
    after_product_change(product)


@on_action("product", "addPrice")
def _add_price(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    price = price_from_draft(ctx, action.get("price"))
    for data in product_targets(product, action):
        find_variant(data, action)["prices"].append(copy.deepcopy(price))
    after_product_change(product)


@on_action("product", "setPrices")
def _set_prices(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    prices = [price_from_draft(ctx, p) for p in action.get("prices") or []]
    for data in product_targets(product, action):
        find_variant(data, action)["prices"] = copy.deepcopy(prices)
    after_product_change(product)


@on_action("product", "setAttribute", "setAttributeInAllVariants")
def _set_attribute(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    name = action.get("name")
    if not isinstance(name, str):
        raise invalid_json("name: Missing required value")
    for data in product_targets(product, action):
        variants = (
            all_variants(data) if action["action"] == "setAttributeInAllVariants" else [find_variant(data, action)]
        )
        for variant in variants:
            attributes = [a for a in variant.get("attributes", []) if a.get("name") != name]
            if action.get("value") is not None:
                types = _attribute_types(ctx, product.get("productType"))
                attributes.extend(_attributes(ctx, types, [{"name": name, "value": action["value"]}]))
            variant["attributes"] = attributes
    after_product_change(product)


@on_action("product", "setSKU")
def _set_sku(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    sku = action.get("sku")
    if sku and any(
        sku in _skus(p["masterData"]["staged"]) for p in ctx.store.all("product") if p["id"] != product["id"]
    ):
        raise_duplicate_sku(sku)
    for data in product_targets(product, action):
        variant = find_variant(data, {"variantId": action.get("variantId")})
        if sku is None:
            variant.pop("sku", None)
        else:
            variant["sku"] = sku
    after_product_change(product)


# -- product projections -------------------------------------------------------------------------


def projection(product: Resource, staged: bool) -> dict[str, Any] | None:
    """The ProductProjection of `product`: current data (None if unpublished) or staged data."""
    master = product["masterData"]
    if not staged and not master["published"]:
        return None
    data = master["staged"] if staged else master["current"]
    out: dict[str, Any] = {
        k: copy.deepcopy(v) for k, v in product.items() if k not in ("masterData", "lastVariantId", "priceMode")
    }
    out.update(copy.deepcopy(data))
    out["published"] = master["published"]
    out["hasStagedChanges"] = master["hasStagedChanges"]
    if "priceMode" in product:
        out["priceMode"] = product["priceMode"]
    return out


def wants_staged(ctx: Ctx) -> bool:
    """`staged=true`, allowed only with view_products: view_published_products shows current data."""
    staged = ctx.q_bool("staged")
    if staged and not covers(ctx.grant.scopes, f"view_products:{ctx.project_key}"):
        raise insufficient_scope(f"Insufficient scope. staged=true needs view_products:{ctx.project_key}")
    return staged


def _projections(ctx: Ctx) -> list[dict[str, Any]]:
    staged = wants_staged(ctx)
    found = (projection(p, staged) for p in ctx.store.all("product"))
    return [p for p in found if p is not None]


@route("ByProjectKeyProductProjectionsGet")
def _query_projections(ctx: Ctx) -> tuple[int, Any]:
    return 200, query(ctx, _projections(ctx))


@route("ByProjectKeyProductProjectionsHead")
def _head_projections(ctx: Ctx) -> tuple[int, Any]:
    return (200 if query(ctx, _projections(ctx))["results"] else 404), None


def _one_projection(ctx: Ctx) -> dict[str, Any]:
    if "ID" in ctx.params:
        product = ctx.store.get("product", ctx.params["ID"])
        what, value = "ID", ctx.params["ID"]
    else:
        product = ctx.store.find("product", "key", ctx.params["key"])
        what, value = "key", ctx.params["key"]
    found = projection(product, wants_staged(ctx)) if product is not None else None
    if found is None:
        raise not_found(what, value)
    return view(ctx, found)


@route("ByProjectKeyProductProjectionsByIDGet", "ByProjectKeyProductProjectionsKeyByKeyGet")
def _get_projection(ctx: Ctx) -> tuple[int, Any]:
    return 200, _one_projection(ctx)


@route("ByProjectKeyProductProjectionsByIDHead", "ByProjectKeyProductProjectionsKeyByKeyHead")
def _head_projection(ctx: Ctx) -> tuple[int, Any]:
    _one_projection(ctx)
    return 200, None


# -- custom objects ------------------------------------------------------------------------------

_CUSTOM_OBJECT = "key-value-document"


@route("ByProjectKeyCustomObjectsPost")
def _upsert_custom_object(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "CustomObjectDraft")
    container, key = draft["container"], draft["key"]
    existing = _find_custom_object(ctx, container, key)
    if existing is None:
        if draft.get("version") not in (None, 0):
            raise not_found("container/key", f"{container}/{key}")
        resource: Resource = {
            "id": ctx.new_id(),
            "version": 1,
            "createdAt": ctx.now,
            "lastModifiedAt": ctx.now,
            "container": container,
            "key": key,
            "value": copy.deepcopy(draft["value"]),
        }
        ctx.store.put(_CUSTOM_OBJECT, resource)
        return 201, view(ctx, resource)
    if draft.get("version") is not None:
        check_version(existing, draft["version"])
    updated = copy.deepcopy(existing)
    updated["value"] = copy.deepcopy(draft["value"])
    if updated != existing:
        touch(ctx, updated)
    ctx.store.put(_CUSTOM_OBJECT, updated)
    return 200, view(ctx, updated)


def _find_custom_object(ctx: Ctx, container: str, key: str) -> Resource | None:
    for item in ctx.store.all(_CUSTOM_OBJECT):
        if item["container"] == container and item["key"] == key:
            return item
    return None


def _named_custom_object(ctx: Ctx) -> Resource:
    found = _find_custom_object(ctx, ctx.params["container"], ctx.params["key"])
    if found is None:
        raise not_found("container/key", f"{ctx.params['container']}/{ctx.params['key']}")
    return found


@route("ByProjectKeyCustomObjectsByContainerByKeyGet")
def _get_custom_object(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, _named_custom_object(ctx))


@route("ByProjectKeyCustomObjectsByContainerByKeyDelete")
def _delete_custom_object(ctx: Ctx) -> tuple[int, Any]:
    found = _named_custom_object(ctx)
    if ctx.q("version") is not None:
        check_version(found, delete_version(ctx))
    ctx.store.delete(_CUSTOM_OBJECT, found["id"])
    return 200, view(ctx, found)


@route("ByProjectKeyCustomObjectsGet")
def _query_custom_objects(ctx: Ctx) -> tuple[int, Any]:
    return 200, query(ctx, ctx.store.all(_CUSTOM_OBJECT))


@route("ByProjectKeyCustomObjectsHead")
def _head_custom_objects(ctx: Ctx) -> tuple[int, Any]:
    return (200 if query(ctx, ctx.store.all(_CUSTOM_OBJECT))["results"] else 404), None


@route("ByProjectKeyCustomObjectsByContainerGet")
def _query_container(ctx: Ctx) -> tuple[int, Any]:
    items = [o for o in ctx.store.all(_CUSTOM_OBJECT) if o["container"] == ctx.params["container"]]
    return 200, query(ctx, items)


# -- inventory ------------------------------------------------------------------------------------


@on_create("inventory-entry")
def _create_inventory_entry(ctx: Ctx, draft: dict[str, Any], entry: Resource) -> None:
    # Nothing is reserved yet, so everything on stock is available.
    entry.setdefault("availableQuantity", entry.get("quantityOnStock", 0))


# -- derived values of other resources -----------------------------------------------------------


@on_create("cart-discount")
def _create_cart_discount(ctx: Ctx, draft: dict[str, Any], discount: Resource) -> None:
    # sortOrder is optional in the draft only for a discount in a DiscountGroup, which lends its own.
    group = discount.get("discountGroup")
    if group is not None:
        found = ctx.store.get("discount-group", group["id"])
        if found is not None:
            discount["sortOrder"] = found["sortOrder"]
    elif draft.get("sortOrder") is None:
        raise invalid_json("sortOrder: Missing required value")
    check_cart_discount(ctx, discount)  # multi-buy quantities, gifts, unmodelled targets


@on_create("review")
def _create_review(ctx: Ctx, draft: dict[str, Any], review: Resource) -> None:
    # A review counts in the rating statistics unless its state lacks the ReviewIncludedInStatistics role.
    state = ctx.store.get("state", review["state"]["id"]) if review.get("state") else None
    review["includedInStatistics"] = state is None or "ReviewIncludedInStatistics" in (state.get("roles") or [])


@on_create("business-unit")
def _create_business_unit(ctx: Ctx, draft: dict[str, Any], unit: Resource) -> None:
    # Addresses get their ids as on a customer (the address actions and their Messages name them).
    for address in unit.get("addresses") or []:
        address.setdefault("id", ctx.new_id()[:8])
    # A Company is its own top-level unit; a Division inherits its parent's.
    if unit.get("unitType") == "Company":
        unit["topLevelUnit"] = {"typeId": "business-unit", "key": unit.get("key")}
        return
    parent = unit.get("parentUnit")
    found = ctx.store.find("business-unit", "key", parent.get("key")) if isinstance(parent, dict) else None
    if found is None:
        raise invalid_json("parentUnit: Missing required value")
    unit["topLevelUnit"] = copy.deepcopy(found["topLevelUnit"])
