"""The associate endpoints: `/as-associate/{associateId}/...` and `/me/business-units`.

`/as-associate/{associateId}/in-business-unit/key={businessUnitKey}/{carts|orders|quote-requests|
quotes|shopping-lists}/...` is answered by the project-level handler of the same path without the
prefix, after the checks the API documents (https://docs.commercetools.com/api/associates-overview):

- the business unit must exist (404), a resource read or changed must belong to it (else 400
  InvalidOperation, not 404), and something created in it gets `businessUnit` (and, for carts and
  shopping lists, the associate as customer unless the draft names another one);
- the associate needs the permission for the kind of access, its own resources (`...My...`) and
  other associates' (`...Others...`) apart: View / Update / Delete / Create for carts and shopping
  lists, View / Update and CreateMyOrdersFromMyCarts / CreateOrdersFromOthersCarts for orders (and
  ...FromMyQuotes / ...FromOthersQuotes for orders from quotes), View / Update and
  CreateMyQuoteRequestsFromMyCarts / CreateQuoteRequestsFromOthersCarts for quote requests, and for
  quotes View plus Accept / Decline / Renegotiate / Reassign by update action. Roles inherited from
  parent units count (`_business_units.permissions`). A missing one is 403
  `AssociateMissingPermission`; queries list only what the associate may see;
- an Inactive unit cannot get new carts, orders, quote requests or quotes (400 InvalidOperation);
- what is created or changed records the associate in `createdBy` / `lastModifiedBy`.

`/as-associate/{associateId}/business-units` and `/me/business-units` list the units the customer is an
associate of (explicitly or by inheritance); updates need UpdateAssociates (associate actions),
UpdateParentUnit (`changeParentUnit`) or UpdateBusinessUnitDetails (everything else); a Division is
created only with AddChildUnits in its parent. `/me/business-units` creation makes the customer an
associate with the project's `myBusinessUnitAssociateRoleOnCreation` (400 InvalidOperation without
one) and the configured status (default `Inactive`).

Approval rules and flows: `_approvals`.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from typing import Any

from . import _spec
from ._actions import allowed_actions, apply_update
from ._business_units import (
    UNIT,
    check_active,
    is_associate,
    my_or_others,
    permissions,
    require,
    unit_by_key,
)
from ._context import Ctx
from ._errors import invalid_json, invalid_operation, not_found, not_implemented
from ._quotes import me_customer_id, owner_id
from ._resources import Resource, build, check_required, find_by_identifier, query, resolve, view
from ._routes import Handler, route

AS_ASSOCIATE = "/{projectKey}/as-associate/{associateId}/in-business-unit/key={businessUnitKey}"
_SEGMENTS = ("carts", "orders", "quote-requests", "quotes", "shopping-lists")

# typeId -> access -> (own resources, others' resources)
_PERMISSIONS: dict[str, dict[str, tuple[str, str]]] = {
    "cart": {
        "view": ("ViewMyCarts", "ViewOthersCarts"),
        "update": ("UpdateMyCarts", "UpdateOthersCarts"),
        "delete": ("DeleteMyCarts", "DeleteOthersCarts"),
        "create": ("CreateMyCarts", "CreateOthersCarts"),
    },
    "order": {
        "view": ("ViewMyOrders", "ViewOthersOrders"),
        "update": ("UpdateMyOrders", "UpdateOthersOrders"),
        "create": ("CreateMyOrdersFromMyCarts", "CreateOrdersFromOthersCarts"),
        "from-quote": ("CreateMyOrdersFromMyQuotes", "CreateOrdersFromOthersQuotes"),
    },
    "quote-request": {
        "view": ("ViewMyQuoteRequests", "ViewOthersQuoteRequests"),
        "update": ("UpdateMyQuoteRequests", "UpdateOthersQuoteRequests"),
        "create": ("CreateMyQuoteRequestsFromMyCarts", "CreateQuoteRequestsFromOthersCarts"),
    },
    "quote": {
        "view": ("ViewMyQuotes", "ViewOthersQuotes"),
        "Accepted": ("AcceptMyQuotes", "AcceptOthersQuotes"),
        "Declined": ("DeclineMyQuotes", "DeclineOthersQuotes"),
        "requestQuoteRenegotiation": ("RenegotiateMyQuotes", "RenegotiateOthersQuotes"),
        "changeCustomer": ("ReassignMyQuotes", "ReassignOthersQuotes"),
    },
    "shopping-list": {
        "view": ("ViewMyShoppingLists", "ViewOthersShoppingLists"),
        "update": ("UpdateMyShoppingLists", "UpdateOthersShoppingLists"),
        "delete": ("DeleteMyShoppingLists", "DeleteOthersShoppingLists"),
        "create": ("CreateMyShoppingLists", "CreateOthersShoppingLists"),
    },
}
_ASSOCIATE_ACTIONS = frozenset(
    {"addAssociate", "removeAssociate", "changeAssociate", "setAssociates", "changeAssociateMode"}
)


@functools.cache
def counterparts() -> dict[str, _spec.Op]:
    """As-associate operation id -> the project-level operation answering it."""
    by_path = {(op.method, op.path): op for op in _spec.operations()}
    out: dict[str, _spec.Op] = {}
    for op in _spec.operations():
        if op.path.startswith(AS_ASSOCIATE + "/") and op.path.split("/")[6] in _SEGMENTS:
            base = by_path.get((op.method, "/{projectKey}" + op.path[len(AS_ASSOCIATE) :]))
            if base is not None:
                out[op.id] = base
    return out


def _base_handler(op: _spec.Op) -> Handler:
    from ._backend import handler_for  # the backend imports this module for its routes

    handler = handler_for(op)
    if handler is None:
        raise not_implemented(f"Operation {op.id}")
    return handler


def _unit(ctx: Ctx, key: str) -> Resource:
    unit = unit_by_key(ctx.store, key)
    if unit is None:
        raise not_found("key", key)
    return unit


def _in_unit(resource: Resource, unit: Resource, what: str) -> None:
    if (resource.get("businessUnit") or {}).get("key") != unit.get("key"):
        raise invalid_operation(f"The {what} does not belong to the business unit '{unit.get('key')}'.")


def _need(ctx: Ctx, unit: Resource, associate: str, owner: str | None, pair: tuple[str, str]) -> None:
    require(ctx.store, unit, associate, *my_or_others(owner, associate, *pair))


def _stamp(ctx: Ctx, type_id: str, body: Any, associate: str, created: bool) -> None:
    """Record the associate acting in `createdBy` / `lastModifiedBy` (stored and answered)."""
    if not isinstance(body, dict) or "id" not in body:
        return
    stored = ctx.store.get(type_id, body["id"])
    ref = {"typeId": "customer", "id": associate}
    for target in (stored, body):
        if target is None:
            continue
        fields = ("createdBy", "lastModifiedBy") if created else ("lastModifiedBy",)
        for field in fields:
            if isinstance(target.get(field), dict):
                target[field]["associate"] = dict(ref)


def _load(ctx: Ctx, type_id: str) -> Resource:
    for param, field in (("ID", "id"), ("key", "key"), ("orderNumber", "orderNumber")):
        if param in ctx.params:
            value = ctx.params[param]
            found = ctx.store.get(type_id, value) if field == "id" else ctx.store.find(type_id, field, value)
            if found is None:
                raise not_found(param if param != "orderNumber" else "orderNumber", value)
            return found
    raise not_implemented(f"Operation {ctx.op.id}")


def _quote_update(ctx: Ctx, unit: Resource, associate: str, quote: Resource) -> None:
    body = ctx.body_dict()
    rules = _PERMISSIONS["quote"]
    for action in body.get("actions") or []:
        name = action.get("action") if isinstance(action, dict) else None
        if name == "changeQuoteState":
            state = action.get("quoteState")
            if state not in ("Accepted", "Declined"):
                raise invalid_operation(f"An associate can only accept or decline a quote, not set it {state}.")
            _need(ctx, unit, associate, owner_id(quote), rules[state])
        elif name in rules:
            _need(ctx, unit, associate, owner_id(quote), rules[str(name)])
        else:
            _need(ctx, unit, associate, owner_id(quote), rules["view"])


def _answer(ctx: Ctx) -> tuple[int, Any]:
    base = counterparts()[ctx.op.id]
    associate = ctx.params["associateId"]
    unit = _unit(ctx, ctx.params["businessUnitKey"])
    family = _spec.families()[base.path.split("/")[2]]
    type_id = family.type_id
    rules = _PERMISSIONS[type_id]
    tail = base.path[len(f"/{{projectKey}}/{family.segment}") :]
    inner = dataclasses.replace(ctx, op=base)
    if tail == "" and base.method in ("GET", "HEAD"):
        return _query(ctx, inner, unit, associate, type_id, rules["view"])
    if tail in ("", "/replicate", "/quotes"):
        check_active(unit)
        inner = _prepare_create(ctx, inner, unit, associate, type_id, tail)
    else:
        found = _load(ctx, type_id)
        _in_unit(found, unit, type_id.replace("-", " "))
        access = {"GET": "view", "HEAD": "view", "POST": "update", "DELETE": "delete"}[base.method]
        if type_id == "quote" and access == "update":
            _quote_update(ctx, unit, associate, found)
        else:
            _need(ctx, unit, associate, owner_id(found), rules[access])
    status, body = _base_handler(base)(inner)
    if base.method == "POST" and status < 300:
        result_type = "cart" if tail == "/replicate" else type_id
        if tail == "/replicate":
            _claim_replica(ctx, body, unit, associate)
        _stamp(ctx, result_type, body, associate, created=status == 201)
    return status, body


def _query(
    ctx: Ctx, inner: Ctx, unit: Resource, associate: str, type_id: str, pair: tuple[str, str]
) -> tuple[int, Any]:
    held = permissions(ctx.store, unit, associate)
    if not held & set(pair):
        require(ctx.store, unit, associate, *pair)
    mine, others = pair
    items = [
        r
        for r in ctx.store.all(type_id)
        if (r.get("businessUnit") or {}).get("key") == unit.get("key")
        and ((mine in held) if owner_id(r) == associate else (others in held))
    ]
    found = query(inner, items)
    if ctx.op.method == "HEAD":
        return (200 if found["results"] else 404), None
    return 200, found


def _prepare_create(ctx: Ctx, inner: Ctx, unit: Resource, associate: str, type_id: str, tail: str) -> Ctx:
    """Check what creating needs and return the context the project-level handler runs with."""
    draft = dict(ctx.body_dict())
    rules = _PERMISSIONS[type_id]
    unit_ref = {"typeId": UNIT, "key": unit.get("key")}
    if tail == "/replicate":
        ref = draft.get("reference")
        if not isinstance(ref, dict) or ref.get("typeId") not in ("cart", "order"):
            raise invalid_json("reference: a cart or order reference is required")
        source = find_by_identifier(ctx, str(ref["typeId"]), ref)
        if source is None:
            raise not_found("ID", str(ref.get("id")))
        _in_unit(source, unit, str(ref["typeId"]))
        _need(ctx, unit, associate, associate, _PERMISSIONS["cart"]["create"])
        return inner
    if tail == "/quotes":
        check_required(draft, "OrderFromQuoteDraft")
        quote = ctx.store.get("quote", resolve(ctx, "quote", draft["quote"])["id"])
        assert quote is not None
        _in_unit(quote, unit, "quote")
        _need(ctx, unit, associate, owner_id(quote), rules["from-quote"])
        return inner
    if type_id in ("order", "quote-request"):
        ident = draft.get("cart") or ({"id": draft["id"]} if draft.get("id") else None)
        if not isinstance(ident, dict):
            raise invalid_json("cart: Missing required value")
        cart = ctx.store.get("cart", resolve(ctx, "cart", ident)["id"])
        assert cart is not None
        _in_unit(cart, unit, "cart")
        _need(ctx, unit, associate, owner_id(cart), rules["create"])
        if type_id == "order" and cart.get("shippingAddress") is None:
            raise invalid_operation("The cart must have a shipping address set.")
        return inner
    draft["businessUnit"] = unit_ref
    if type_id == "cart":
        if draft.get("customerId") is None:
            draft["customerId"] = associate
        owner = str(draft["customerId"])
    else:  # shopping list
        if draft.get("customer") is None:
            draft["customer"] = {"typeId": "customer", "id": associate}
        owner = resolve(ctx, "customer", draft["customer"])["id"]
    _need(ctx, unit, associate, owner, rules["create"])
    return dataclasses.replace(inner, body=draft)


def _claim_replica(ctx: Ctx, body: Any, unit: Resource, associate: str) -> None:
    """A cart replicated through the endpoint is the associate's, in the unit."""
    stored = ctx.store.get("cart", body["id"])
    for target in (stored, body):
        if target is not None:
            target["businessUnit"] = {"typeId": UNIT, "key": unit.get("key")}
            target["customerId"] = associate


def _register() -> None:
    for op_id in counterparts():
        route(op_id)(_answer)


_register()


# -- business units as an associate, and /me/business-units ----------------------------------------------


def _mine(ctx: Ctx, customer_id: str) -> list[Resource]:
    return [u for u in ctx.store.all(UNIT) if is_associate(ctx.store, u, customer_id)]


def _my_unit(ctx: Ctx, customer_id: str) -> Resource:
    if "ID" in ctx.params:
        found, what, value = ctx.store.get(UNIT, ctx.params["ID"]), "ID", ctx.params["ID"]
    else:
        found, what, value = ctx.store.find(UNIT, "key", ctx.params["key"]), "key", ctx.params["key"]
    if found is None or not is_associate(ctx.store, found, customer_id):
        raise not_found(what, value)
    return found


def _update_permissions(ctx: Ctx, unit: Resource, customer_id: str) -> None:
    for action in ctx.body_dict().get("actions") or []:
        name = action.get("action") if isinstance(action, dict) else None
        if name in _ASSOCIATE_ACTIONS:
            require(ctx.store, unit, customer_id, "UpdateAssociates")
        elif name == "changeParentUnit":
            require(ctx.store, unit, customer_id, "UpdateParentUnit")
        else:
            require(ctx.store, unit, customer_id, "UpdateBusinessUnitDetails")


def buyer_assignable_only(ctx: Ctx, assignments: Any) -> None:
    for assignment in assignments if isinstance(assignments, list) else []:
        ident = assignment.get("associateRole") if isinstance(assignment, dict) else None
        if not isinstance(ident, dict):
            continue
        role = (
            ctx.store.get("associate-role", str(ident["id"]))
            if "id" in ident
            else ctx.store.find("associate-role", "key", ident.get("key"))
        )
        if role is not None and not role.get("buyerAssignable"):
            raise invalid_operation(f"The associate role '{role['key']}' is not buyer-assignable.")


def check_buyer_actions(ctx: Ctx) -> None:
    """Associate actions sent by a buyer may only hand out buyer-assignable roles."""
    for action in ctx.body_dict().get("actions") or []:
        if not isinstance(action, dict):
            continue
        associates = action.get("associates") if action.get("action") == "setAssociates" else [action.get("associate")]
        for associate in associates or []:
            if isinstance(associate, dict):
                buyer_assignable_only(ctx, associate.get("associateRoleAssignments"))


def _units(ctx: Ctx, customer_id: str) -> tuple[int, Any]:
    single = "ID" in ctx.params or "key" in ctx.params
    if not single:
        found = query(ctx, _mine(ctx, customer_id))
        if ctx.op.method == "HEAD":
            return (200 if found["results"] else 404), None
        return 200, found
    unit = _my_unit(ctx, customer_id)
    if ctx.op.method == "HEAD":
        return 200, None
    if ctx.op.method == "GET":
        return 200, view(ctx, unit)
    _update_permissions(ctx, unit, customer_id)
    check_active(unit)
    check_buyer_actions(ctx)
    updated = apply_update(ctx, _spec.families()["business-units"], unit, ctx.body, allowed=allowed_actions(ctx.op))
    ctx.store.put(UNIT, updated)
    return 200, view(ctx, updated)


def _child_allowed(ctx: Ctx, draft: dict[str, Any], customer_id: str) -> None:
    if draft.get("unitType") != "Division":
        return
    if draft.get("parentUnit") is None:
        raise invalid_json("parentUnit: Missing required value")
    parent = ctx.store.get(UNIT, resolve(ctx, UNIT, draft["parentUnit"])["id"])
    assert parent is not None
    require(ctx.store, parent, customer_id, "AddChildUnits")


@route(
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsGet",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsHead",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsByIDGet",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsByIDHead",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsByIDPost",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsKeyByKeyGet",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsKeyByKeyHead",
    "ByProjectKeyAsAssociateByAssociateIdBusinessUnitsKeyByKeyPost",
)
def _as_associate_units(ctx: Ctx) -> tuple[int, Any]:
    status, body = _units(ctx, ctx.params["associateId"])
    if ctx.op.method == "POST":
        _stamp(ctx, UNIT, body, ctx.params["associateId"], created=False)
    return status, body


@route("ByProjectKeyAsAssociateByAssociateIdBusinessUnitsPost")
def _as_associate_create_unit(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    if draft.get("unitType") != "Division":
        raise not_implemented("Creating a Company as an associate (only Divisions, with AddChildUnits, are modelled)")
    associate = ctx.params["associateId"]
    _child_allowed(ctx, draft, associate)
    unit = build(ctx, _spec.families()["business-units"], draft)
    ctx.store.put(UNIT, unit)
    body = view(ctx, unit)
    _stamp(ctx, UNIT, body, associate, created=True)
    return 201, body


@route(
    "ByProjectKeyMeBusinessUnitsGet",
    "ByProjectKeyMeBusinessUnitsHead",
    "ByProjectKeyMeBusinessUnitsByIDGet",
    "ByProjectKeyMeBusinessUnitsByIDHead",
    "ByProjectKeyMeBusinessUnitsByIDPost",
    "ByProjectKeyMeBusinessUnitsKeyByKeyGet",
    "ByProjectKeyMeBusinessUnitsKeyByKeyHead",
    "ByProjectKeyMeBusinessUnitsKeyByKeyPost",
)
def _my_units(ctx: Ctx) -> tuple[int, Any]:
    return _units(ctx, me_customer_id(ctx))


@route("ByProjectKeyMeBusinessUnitsPost")
def _my_create_unit(ctx: Ctx) -> tuple[int, Any]:
    customer_id = me_customer_id(ctx)
    draft = ctx.body_dict()
    check_required(draft, "MyBusinessUnitDraft")
    settings = ctx.project.get("businessUnits") or {}
    role = settings.get("myBusinessUnitAssociateRoleOnCreation")
    if role is None:
        raise invalid_operation("No default associate role is configured (myBusinessUnitAssociateRoleOnCreation).")
    _child_allowed(ctx, draft, customer_id)
    model = _spec.subtypes("MyBusinessUnitDraft").get(str(draft.get("unitType")), "MyBusinessUnitDraft")
    own = {k: copy.deepcopy(v) for k, v in draft.items() if k in _spec.model_fields(model)}
    own["status"] = settings.get("myBusinessUnitStatusOnCreation", "Inactive")
    own["associates"] = [
        {
            "customer": {"typeId": "customer", "id": customer_id},
            "associateRoleAssignments": [{"associateRole": {"typeId": "associate-role", "key": role["key"]}}],
        }
    ]
    unit = build(ctx, _spec.families()["business-units"], own)
    ctx.store.put(UNIT, unit)
    return 201, view(ctx, unit)
