"""Order edits (https://docs.commercetools.com/api/projects/order-edits): staged changes to an Order,
previewed on every change and applied on request.

- Creating or updating an OrderEdit runs its `stagedActions` on a copy of the current Order: the
  `result` becomes `PreviewSuccess` with that copy (`preview`, a StagedOrder, recomputed like a cart:
  prices, discounts, shipping, taxes) and the message payloads applying would write, or
  `PreviewFailure` with the API's errors (a line item that does not exist, an unknown discount code).
  `dryRun: true` answers the edit without storing it.
- `POST /orders/edits/{ID}/apply {editVersion, resourceVersion}`: 409 `ConcurrentModification` when
  either version is not the current one, 400 `EditPreviewFailed` (with the failed result) when the
  staged actions no longer apply to the Order, 400 `InvalidOperation` for an edit already applied;
  otherwise the Order becomes the preview (its version + 1), the edit's result `Applied` with the
  Order's excerpts before and after, and an `OrderEditApplied` message is written.
- A staged action is run by the cart handler of the same name (line items, custom line items,
  discount codes, shipping, tax modes) or else the order's (states, deliveries, returns, payments);
  one neither models answers 501 naming it, never a preview that silently skipped it.
"""

from __future__ import annotations

import copy
from typing import Any

from . import _actions, _carts, _family_routes, _messages, _spec
from ._context import Ctx
from ._errors import ApiFailure, concurrent_modification, invalid_json, invalid_operation, not_implemented
from ._resources import Resource, build, check_version, load, on_create, touch, view
from ._routes import route

FAMILY = _spec.Family(
    segment="orders/edits",
    type_id="order-edit",
    model="OrderEdit",
    draft="OrderEditDraft",
    update="OrderEditUpdate",
    has_key=True,
)

# Order fields an order edit never changes through a cart handler's recomputation.
_CART_ONLY = ("cartState",)


def _family(name: str) -> _spec.Family | None:
    """The family whose handler runs staged action `name`: the cart's for cart-shaped changes."""
    families = _spec.family_by_type_id()
    for type_id in ("cart", "order"):
        family = families.get(type_id)
        if family is not None and _actions.supported(family, name):
            return family
    return None


def staged_order(ctx: Ctx, order: Resource, actions: list[Any]) -> Resource:
    """`order` with `actions` applied (not stored). Raises the API's error of the first action that
    fails; 501 for an action the fake does not model."""
    staged = copy.deepcopy(order)
    as_cart = False
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        if not isinstance(name, str) or name not in _spec.subtypes("StagedOrderUpdateAction"):
            raise invalid_json(f"stagedActions -> action: Unknown staged order action '{name}'.")
        family = _family(name)
        if family is None:
            raise not_implemented(f"Staged order update action '{name}' in an order edit")
        if family.type_id == "cart":
            staged["cartState"] = "Active"  # the cart handlers edit an active cart
            as_cart = True
        _actions.apply_action(ctx, family, staged, action)
    if as_cart:
        _carts.recompute(ctx, staged)
    for key in _CART_ONLY:
        staged.pop(key, None)
    return staged


def _preview(ctx: Ctx, edit: Resource) -> dict[str, Any]:
    order = ctx.store.get("order", edit["resource"]["id"])
    if order is None:
        raise invalid_operation(f"The order '{edit['resource']['id']}' of the order edit does not exist.")
    try:
        staged = staged_order(ctx, order, edit.get("stagedActions") or [])
    except ApiFailure as failure:
        if failure.status in (409, 501) or failure.status >= 500:
            raise
        return {"type": "PreviewFailure", "errors": failure.body()["errors"]}
    payloads = _messages.payloads_for_actions(ctx, "order", order, staged, edit.get("stagedActions") or [])
    return {"type": "PreviewSuccess", "preview": staged, "messagePayloads": payloads}


def _check_order_reference(draft: dict[str, Any]) -> None:
    ref = draft.get("resource")
    if not isinstance(ref, dict) or not ref.get("id"):
        raise invalid_json("resource: Missing required value")
    if ref.get("typeId") not in (None, "order"):
        raise invalid_json("resource -> typeId: expected 'order'")


@on_create("order-edit")
def _stage(ctx: Ctx, draft: dict[str, Any], edit: Resource) -> None:
    edit["stagedActions"] = copy.deepcopy(draft.get("stagedActions") or [])
    edit["result"] = _preview(ctx, edit)


@route("ByProjectKeyOrdersEditsPost")
def _create(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    _check_order_reference(draft)
    body = {k: v for k, v in draft.items() if k != "dryRun"}
    body["resource"] = {"typeId": "order", "id": draft["resource"]["id"]}
    body.setdefault("stagedActions", [])
    edit = build(ctx, FAMILY, body)
    if not draft.get("dryRun"):
        ctx.store.put(FAMILY.type_id, edit)
    return 201, view(ctx, edit)


@_actions.on_action("order-edit", "addStagedAction")
def _add_staged(ctx: Ctx, family: _spec.Family, edit: Resource, action: dict[str, Any]) -> None:
    if not isinstance(action.get("stagedAction"), dict):
        raise invalid_json("stagedAction: Missing required value")
    edit.setdefault("stagedActions", []).append(copy.deepcopy(action["stagedAction"]))


@_actions.on_action("order-edit", "setStagedActions")
def _set_staged(ctx: Ctx, family: _spec.Family, edit: Resource, action: dict[str, Any]) -> None:
    staged = action.get("stagedActions")
    if not isinstance(staged, list):
        raise invalid_json("stagedActions: Missing required value")
    edit["stagedActions"] = copy.deepcopy(staged)


@_actions.after_actions("order-edit")
def _after_update(ctx: Ctx, edit: Resource) -> None:
    if edit["result"].get("type") == "Applied":
        return  # an applied edit keeps its result; later changes to it are not applied again
    edit["result"] = _preview(ctx, edit)


def _excerpt(order: Resource) -> dict[str, Any]:
    out: dict[str, Any] = {"totalPrice": copy.deepcopy(order["totalPrice"]), "version": order["version"]}
    if order.get("taxedPrice") is not None:
        out["taxedPrice"] = copy.deepcopy(order["taxedPrice"])
    return out


@route("ByProjectKeyOrdersEditsByIDApplyPost")
def _apply(ctx: Ctx) -> tuple[int, Any]:
    body = ctx.body_dict()
    for name in ("editVersion", "resourceVersion"):
        if not isinstance(body.get(name), int) or isinstance(body.get(name), bool):
            raise invalid_json(f"{name}: Missing required value")
    edit = copy.deepcopy(load(ctx, FAMILY))
    check_version(edit, body["editVersion"])
    if edit["result"].get("type") == "Applied":
        raise invalid_operation(f"The order edit '{edit['id']}' has already been applied.")
    order = ctx.store.get("order", edit["resource"]["id"])
    if order is None:
        raise invalid_operation(f"The order '{edit['resource']['id']}' of the order edit does not exist.")
    if body["resourceVersion"] != order["version"]:
        raise concurrent_modification(order["id"], body["resourceVersion"], order["version"])
    result = _preview(ctx, edit)  # the staged actions run again on the Order as it is now
    if result["type"] != "PreviewSuccess":
        raise ApiFailure(400, "EditPreviewFailed", "The order edit preview failed.", result=result)
    updated = copy.deepcopy(result["preview"])
    updated["version"] = order["version"]
    touch(ctx, updated)
    ctx.store.put("order", updated)
    _messages.after_change(ctx, "order", order, updated, edit.get("stagedActions") or [])
    edit["result"] = {
        "type": "Applied",
        "appliedAt": ctx.now,
        "excerptBeforeEdit": _excerpt(order),
        "excerptAfterEdit": _excerpt(updated),
    }
    touch(ctx, edit)
    ctx.store.put(FAMILY.type_id, edit)
    _messages.write(ctx, "order", updated, "OrderEditApplied", {"edit": view(ctx, edit), "result": edit["result"]})
    return 200, view(ctx, edit)


@route("ByProjectKeyShippingMethodsMatchingOrdereditGet", "ByProjectKeyShippingMethodsMatchingOrdereditHead")
def _matching(ctx: Ctx) -> tuple[int, Any]:
    from . import _tax_shipping

    edit_id = ctx.q("orderEditId")
    country = ctx.q("country")
    if not edit_id or not country:
        raise invalid_json("orderEditId and country: Missing required value")
    found = ctx.store.get(FAMILY.type_id, edit_id)
    if found is None:
        raise ApiFailure(400, "InvalidInput", f"The order edit '{edit_id}' was not found.")
    result = found["result"]
    if result.get("type") != "PreviewSuccess":
        raise invalid_operation("The order edit has no successful preview to match shipping methods against.")
    address = {"country": country, **({"state": ctx.q("state")} if ctx.q("state") else {})}
    return _tax_shipping._for_cart(ctx, result["preview"], address)  # the preview is priced like a cart


_family_routes.register(FAMILY, "ByProjectKeyOrdersEdits")
