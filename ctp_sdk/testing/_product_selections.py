"""Product Selections: which products they include (`Individual`) or exclude
(`IndividualExclusion`), read back per selection and per product, and the assortment a Store
gets from its active selections (https://docs.commercetools.com/api/projects/product-selections).

The assignments live beside the selection (as commercetools keeps them: not in the resource, but
counted by its `productCount`).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import changed_beside, on_action
from ._context import Ctx
from ._errors import invalid_operation, not_implemented
from ._resources import Resource, load, query, resolve
from ._routes import route
from ._store import Store

_ASSIGNMENTS = "product-selection-assignment"
Action = dict[str, Any]


def _assignments(store: Store, selection_id: str) -> list[Resource]:
    return [a for a in store.unscoped().all(_ASSIGNMENTS) if a["selection"] == selection_id]


def assignment(store: Store, selection_id: str, product_id: str) -> Resource | None:
    """The assignment of a product to a selection (None: not assigned)."""
    for found in _assignments(store, selection_id):
        if found["product"]["id"] == product_id:
            return found
    return None


def _find(ctx: Ctx, selection: Resource, product_id: str) -> Resource | None:
    return assignment(ctx.store, selection["id"], product_id)


@on_action("product-selection", "addProduct", "excludeProduct")
def _assign(ctx: Ctx, family: _spec.Family, selection: Resource, action: Action) -> None:
    wanted = "Individual" if action["action"] == "addProduct" else "IndividualExclusion"
    if selection.get("mode", "Individual") != wanted:
        raise invalid_operation(f"{action['action']} needs a Product Selection in mode {wanted}.")
    product = resolve(ctx, "product", action.get("product"))
    if _find(ctx, selection, product["id"]) is not None:
        raise invalid_operation(f"The product '{product['id']}' is already in the Product Selection.")
    assignment: Resource = {"id": ctx.new_id(), "selection": selection["id"], "product": product, "createdAt": ctx.now}
    for field in ("variantSelection", "variantExclusion"):
        if action.get(field) is not None:
            assignment[field] = copy.deepcopy(action[field])
    ctx.store.put(_ASSIGNMENTS, assignment)
    selection["productCount"] = len(_assignments(ctx.store, selection["id"]))


@on_action("product-selection", "removeProduct")
def _unassign(ctx: Ctx, family: _spec.Family, selection: Resource, action: Action) -> None:
    product = resolve(ctx, "product", action.get("product"))
    found = _find(ctx, selection, product["id"])
    if found is None:
        raise invalid_operation(f"The product '{product['id']}' is not in the Product Selection.")
    ctx.store.delete(_ASSIGNMENTS, found["id"])
    selection["productCount"] = len(_assignments(ctx.store, selection["id"]))


@on_action("product-selection", "setVariantSelection", "setVariantExclusion")
def _set_variants(ctx: Ctx, family: _spec.Family, selection: Resource, action: Action) -> None:
    product = resolve(ctx, "product", action.get("product"))
    found = _find(ctx, selection, product["id"])
    if found is None:
        raise invalid_operation(f"The product '{product['id']}' is not in the Product Selection.")
    field = "variantSelection" if action["action"] == "setVariantSelection" else "variantExclusion"
    updated = copy.deepcopy(found)
    # Kept for the Message of this change (`ProductSelectionVariantSelectionChanged {old..., new...}`);
    # never shown: the assignment rows copy only their documented fields.
    updated["previous"] = {field: copy.deepcopy(found[field])} if field in found else {}
    if action.get(field) is None:
        updated.pop(field, None)
    else:
        updated[field] = copy.deepcopy(action[field])
    if updated.get(field) != found.get(field):
        changed_beside(selection)
    ctx.store.put(_ASSIGNMENTS, updated)


@route("ByProjectKeyProductSelectionsByIDProductsGet", "ByProjectKeyProductSelectionsKeyByKeyProductsGet")
def _selection_products(ctx: Ctx) -> tuple[int, Any]:
    selection = load(ctx, _spec.families()["product-selections"])
    rows = []
    for assignment in _assignments(ctx.store, selection["id"]):
        row = {"product": copy.deepcopy(assignment["product"])}
        for field in ("variantSelection", "variantExclusion"):
            if field in assignment:
                row[field] = copy.deepcopy(assignment[field])
        rows.append(row)
    return 200, query(ctx, rows)


@route("ByProjectKeyProductsByIDProductSelectionsGet", "ByProjectKeyProductsKeyByKeyProductSelectionsGet")
def _product_selections(ctx: Ctx) -> tuple[int, Any]:
    product = load(ctx, _spec.families()["products"])
    rows = []
    for assignment in ctx.store.unscoped().all(_ASSIGNMENTS):
        if assignment["product"]["id"] == product["id"]:
            row = {
                "productSelection": {"typeId": "product-selection", "id": assignment["selection"]},
                "createdAt": assignment["createdAt"],
            }
            for field in ("variantSelection", "variantExclusion"):
                if field in assignment:
                    row[field] = copy.deepcopy(assignment[field])
            rows.append(row)
    return 200, query(ctx, rows)


def in_assortment(store: Store, shop: Resource, product_id: str) -> bool:
    """Is the product available in Store `shop`? All are when it lists no Product Selections; else
    those its active selections include (or, in `IndividualExclusion` mode, do not exclude)."""
    settings = shop.get("productSelections") or []
    if not settings:
        return True
    everything = store.unscoped()
    for setting in settings:
        if not setting.get("active"):
            continue
        selection = everything.get("product-selection", setting["productSelection"]["id"])
        if selection is None:
            continue
        assigned = any(a["product"]["id"] == product_id for a in _assignments(everything, selection["id"]))
        if assigned == (selection.get("mode", "Individual") == "Individual"):
            return True
    return False


def _setting(ctx: Ctx, draft: Any, active: Any) -> dict[str, Any]:
    ref = resolve(ctx, "product-selection", draft)
    return {"productSelection": ref, "active": bool(active) if active is not None else False}


def _setting_index(ctx: Ctx, shop: Resource, ident: Any) -> int:
    ref = resolve(ctx, "product-selection", ident)
    for i, setting in enumerate(shop.get("productSelections", [])):
        if setting["productSelection"]["id"] == ref["id"]:
            return i
    raise invalid_operation(f"The store has no Product Selection '{ref['id']}'.")


@on_action("store", "addProductSelection")
def _add_setting(ctx: Ctx, family: _spec.Family, shop: Resource, action: Action) -> None:
    setting = _setting(ctx, action.get("productSelection"), action.get("active"))
    settings = shop.setdefault("productSelections", [])
    if any(s["productSelection"]["id"] == setting["productSelection"]["id"] for s in settings):
        raise invalid_operation("The store already has this Product Selection.")
    settings.append(setting)


@on_action("store", "removeProductSelection")
def _remove_setting(ctx: Ctx, family: _spec.Family, shop: Resource, action: Action) -> None:
    del shop["productSelections"][_setting_index(ctx, shop, action.get("productSelection"))]


@on_action("store", "changeProductSelectionActive")
def _change_active(ctx: Ctx, family: _spec.Family, shop: Resource, action: Action) -> None:
    i = _setting_index(ctx, shop, action.get("productSelection"))
    shop["productSelections"][i]["active"] = bool(action.get("active"))


@on_action("store", "setProductSelections")
def _set_settings(ctx: Ctx, family: _spec.Family, shop: Resource, action: Action) -> None:
    drafts = action.get("productSelections") or []
    shop["productSelections"] = [_setting(ctx, d.get("productSelection"), d.get("active")) for d in drafts]


def _selects(rule: dict[str, Any], sku: str | None) -> bool:
    """Does a ProductVariantSelection include the variant with `sku`?"""
    skus = rule.get("skus") or []
    if rule.get("type") in ("includeOnly", "inclusion"):
        return sku in skus
    return sku not in skus  # includeAllExcept, exclusion


def variant_filter(store: Store, product_id: str, sku: str | None) -> bool:
    """Is the variant with `sku` of an available product in the store `store` views (always, for the
    project's own store)? Individual selections limit it with their `variantSelection`, exclusion
    ones exclude the product or, with a `variantExclusion`, only those SKUs."""
    store_key = getattr(store, "store_key", None)
    if store_key is None:
        return True
    everything = store.unscoped()
    shop = everything.find("store", "key", store_key)
    settings = [s for s in (shop or {}).get("productSelections") or [] if s.get("active")]
    if not (shop or {}).get("productSelections"):
        return True
    for setting in settings:
        selection = everything.get("product-selection", setting["productSelection"]["id"])
        if selection is None:
            continue
        assignment = next(
            (a for a in _assignments(everything, selection["id"]) if a["product"]["id"] == product_id), None
        )
        if selection.get("mode", "Individual") == "Individual":
            rule = (assignment or {}).get("variantSelection")
            if assignment is not None and (rule is None or _selects(rule, sku)):
                return True
        elif assignment is None:
            return True
        else:
            excluded = assignment.get("variantExclusion")
            if excluded is not None and sku not in (excluded.get("skus") or []):
                return True  # only some of its SKUs are excluded, not this one
    return False


@route("ByProjectKeyInStoreKeyByStoreKeyProductSelectionAssignmentsGet")
def _store_assignments(ctx: Ctx) -> tuple[int, Any]:
    """The assignments of the store's active Product Selections: one row per (product, selection), so a
    product two selections include appears twice. `withTotal` defaults to false here."""
    everything = ctx.store.unscoped()
    shop = everything.find("store", "key", ctx.params["storeKey"])
    rows = []
    for setting in (shop or {}).get("productSelections") or []:
        selection = everything.get("product-selection", setting["productSelection"]["id"])
        if not setting.get("active") or selection is None:
            continue
        if selection.get("mode", "Individual") != "Individual":
            # Its assignments are exclusions: the products it makes available are all the others.
            raise not_implemented("Product Selection assignments of a store with an IndividualExclusion selection")
        for assignment in _assignments(everything, selection["id"]):
            row: dict[str, Any] = {
                "product": copy.deepcopy(assignment["product"]),
                "productSelection": {"typeId": "product-selection", "id": selection["id"]},
            }
            for field in ("variantSelection", "variantExclusion"):
                if field in assignment:
                    row[field] = copy.deepcopy(assignment[field])
            rows.append(row)
    page = query(ctx, rows)
    if not ctx.q_bool("withTotal"):
        page.pop("total", None)
    return 200, page
