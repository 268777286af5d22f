"""Approval rules and approval flows (https://docs.commercetools.com/api/projects/approval-rules,
/approval-flows), reached only through `/as-associate/{associateId}/in-business-unit/key={key}/...`.

- Approval rules of a unit: created with CreateApprovalRules, changed with UpdateApprovalRules (403
  `AssociateMissingPermission` otherwise), read by the unit's associates; keys are unique within a unit.
- When an Order is created in a unit (any endpoint), every Active rule of the unit (and, with
  `approvalRuleMode: ExplicitAndFromParent`, of its ancestors) whose requesters' roles the order's
  customer holds there and whose predicate (a cart/order predicate) matches the order opens one
  ApprovalFlow, `Pending`, holding copies of those rules.
- Approving (UpdateApprovalFlows, and a role of the current tier): a tier is done when each of its
  `and` entries has an approval by an associate holding one of that entry's `or` roles; the flow is
  `Approved` when every tier of every rule is done. A single `reject` (with its reason) makes it
  `Rejected`. `pendingApprovers` / `currentTierPendingApprovers` follow the approvals.
"""

from __future__ import annotations

import copy
from typing import Any

from . import _my_b2b, _quotes, _spec
from ._actions import apply_update
from ._business_units import UNIT, ancestors, is_associate, require, role_keys, unit_by_key
from ._checkout import cart_matches
from ._context import Ctx
from ._errors import ApiFailure, invalid_operation, not_found
from ._resources import Resource, build, check_required, check_version, new_resource, query, touch, view
from ._routes import ROUTES, Handler, route

_ = (_my_b2b, _quotes)  # their order-creating handlers are registered before they are wrapped here

RULE, FLOW = "approval-rule", "approval-flow"
_RULES = _spec.Family(
    segment="approval-rules",
    type_id=RULE,
    model="ApprovalRule",
    draft="ApprovalRuleDraft",
    update="ApprovalRuleUpdate",
    has_key=False,  # unique within the business unit only, checked here
)
_FLOWS = _spec.Family(
    segment="approval-flows", type_id=FLOW, model="ApprovalFlow", draft=None, update="ApprovalFlowUpdate", has_key=False
)


def _context(ctx: Ctx) -> tuple[Resource, str]:
    unit = unit_by_key(ctx.store, ctx.params["businessUnitKey"])
    if unit is None:
        raise not_found("key", ctx.params["businessUnitKey"])
    associate = ctx.params["associateId"]
    if not is_associate(ctx.store, unit, associate):
        require(ctx.store, unit, associate, "CreateApprovalRules", "UpdateApprovalRules", "UpdateApprovalFlows")
    return unit, associate


def _in_unit(ctx: Ctx, type_id: str, unit: Resource) -> list[Resource]:
    return [r for r in ctx.store.all(type_id) if r["businessUnit"]["key"] == unit.get("key")]


def _one(ctx: Ctx, type_id: str, unit: Resource) -> Resource:
    for param, field in (("ID", "id"), ("key", "key")):
        if param in ctx.params:
            for found in _in_unit(ctx, type_id, unit):
                if found.get(field) == ctx.params[param]:
                    return found
            raise not_found(param, ctx.params[param])
    raise not_found("ID", "")


def _unique_key(ctx: Ctx, unit: Resource, rule: Resource) -> None:
    if rule.get("key") is None:
        return
    for other in _in_unit(ctx, RULE, unit):
        if other["id"] != rule["id"] and other.get("key") == rule["key"]:
            raise ApiFailure(
                400,
                "DuplicateField",
                f"A duplicate value '\"{rule['key']}\"' exists for field 'key'.",
                field="key",
                duplicateValue=rule["key"],
            )


def _check_predicate(ctx: Ctx, rule: Resource) -> None:
    """Refuse now (400 malformed, 501 outside the modelled subset) a predicate that could not be
    evaluated when an order is placed, rather than fail that order."""
    probe = {"lineItems": [], "customLineItems": [], "totalPrice": {"currencyCode": "EUR", "centAmount": 0}}
    cart_matches(ctx, probe, rule["predicate"], "ApprovalRule")


def _stamped(resource: Resource, associate: str, created: bool) -> None:
    for field in ("createdBy", "lastModifiedBy") if created else ("lastModifiedBy",):
        if isinstance(resource.get(field), dict):
            resource[field]["associate"] = {"typeId": "customer", "id": associate}


@route(
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesGet",
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesByIDGet",
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesKeyByKeyGet",
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalFlowsGet",
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalFlowsByIDGet",
)
def _read(ctx: Ctx) -> tuple[int, Any]:
    unit, _ = _context(ctx)
    type_id = RULE if "/approval-rules" in ctx.op.path else FLOW
    if "ID" in ctx.params or "key" in ctx.params:
        return 200, view(ctx, _one(ctx, type_id, unit))
    return 200, query(ctx, _in_unit(ctx, type_id, unit))


@route("ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesPost")
def _create_rule(ctx: Ctx) -> tuple[int, Any]:
    unit, associate = _context(ctx)
    require(ctx.store, unit, associate, "CreateApprovalRules")
    draft = ctx.body_dict()
    check_required(draft, "ApprovalRuleDraft")
    rule = build(ctx, _RULES, {**draft, "businessUnit": {"typeId": UNIT, "key": unit.get("key")}})
    _check_predicate(ctx, rule)
    _unique_key(ctx, unit, rule)
    _stamped(rule, associate, created=True)
    ctx.store.put(RULE, rule)
    return 201, view(ctx, rule)


@route(
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesByIDPost",
    "ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalRulesKeyByKeyPost",
)
def _update_rule(ctx: Ctx) -> tuple[int, Any]:
    unit, associate = _context(ctx)
    require(ctx.store, unit, associate, "UpdateApprovalRules")
    updated = apply_update(ctx, _RULES, _one(ctx, RULE, unit), ctx.body)
    _check_predicate(ctx, updated)
    _unique_key(ctx, unit, updated)
    _stamped(updated, associate, created=False)
    ctx.store.put(RULE, updated)
    return 200, view(ctx, updated)


# -- flows ----------------------------------------------------------------------------------------


def _roles_of(ctx: Ctx, unit: Resource, customer_id: str) -> set[str]:
    explicit, inherited = role_keys(ctx.store, unit, customer_id)
    return {*explicit, *inherited}


def _rules_for(ctx: Ctx, unit: Resource) -> list[Resource]:
    units = [unit]
    if unit.get("approvalRuleMode") == "ExplicitAndFromParent":
        for ancestor in ancestors(ctx.store, unit):
            units.append(ancestor)
            if ancestor.get("approvalRuleMode") != "ExplicitAndFromParent":
                break
    return [r for u in units for r in _in_unit(ctx, RULE, u) if r.get("status") == "Active"]


def open_approval_flow(ctx: Ctx, order: Resource) -> None:
    """After an Order is created: the flow its unit's matching rules require, if any."""
    unit = unit_by_key(ctx.store, (order.get("businessUnit") or {}).get("key"))
    customer_id = order.get("customerId")
    if unit is None or customer_id is None:
        return
    held = _roles_of(ctx, unit, str(customer_id))
    rules = [
        r
        for r in _rules_for(ctx, unit)
        if held & {q["associateRole"]["key"] for q in r["requesters"]}
        and cart_matches(ctx, order, r["predicate"], "ApprovalRule predicate")
    ]
    if not rules:
        return
    flow: Resource = {
        **new_resource(ctx),
        "order": {"typeId": "order", "id": order["id"]},
        "businessUnit": {"typeId": UNIT, "key": unit.get("key")},
        "rules": copy.deepcopy(rules),
        "status": "Pending",
        "approvals": [],
    }
    _progress(ctx, unit, flow)
    ctx.store.put(FLOW, flow)


def _approver_keys(entry: dict[str, Any]) -> list[str]:
    return [a["associateRole"]["key"] for a in entry["or"]]


def _done(entry: dict[str, Any], approvals: list[dict[str, Any]], roles: dict[str, set[str]]) -> bool:
    wanted = set(_approver_keys(entry))
    return any(roles[a["approver"]["customer"]["id"]] & wanted for a in approvals)


def _progress(ctx: Ctx, unit: Resource, flow: Resource) -> None:
    """Recompute the approvers still needed (all tiers, and the current tier) and the status."""
    roles = {
        a["approver"]["customer"]["id"]: _roles_of(ctx, unit, a["approver"]["customer"]["id"])
        for a in flow["approvals"]
    }
    eligible: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for rule in flow["rules"]:
        in_current_tier = True
        for tier in rule["approvers"]["tiers"]:
            open_entries = [e for e in tier["and"] if not _done(e, flow["approvals"], roles)]
            for entry in tier["and"]:
                eligible += [a for a in entry["or"] if a not in eligible]
            for entry in open_entries:
                pending += [a for a in entry["or"] if a not in pending]
                if in_current_tier:
                    current += [a for a in entry["or"] if a not in current]
            if open_entries:
                in_current_tier = False
    flow["eligibleApprovers"] = eligible
    flow["pendingApprovers"] = pending
    flow["currentTierPendingApprovers"] = current
    if flow["status"] == "Pending" and not pending:
        flow["status"] = "Approved"


@route("ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyApprovalFlowsByIDPost")
def _update_flow(ctx: Ctx) -> tuple[int, Any]:
    unit, associate = _context(ctx)
    require(ctx.store, unit, associate, "UpdateApprovalFlows")
    flow = _one(ctx, FLOW, unit)
    body = ctx.body_dict()
    check_version(flow, body.get("version"))
    work = copy.deepcopy(flow)
    me = {
        "customer": {"typeId": "customer", "id": associate},
        "associateRoleAssignments": [
            a
            for member in unit.get("associates") or []
            if member["customer"]["id"] == associate
            for a in member["associateRoleAssignments"]
        ],
    }
    others = []
    for action in body.get("actions") or []:
        name = action.get("action") if isinstance(action, dict) else None
        if name in ("approve", "reject"):
            if work["status"] != "Pending":
                raise invalid_operation(f"The approval flow is {work['status']}.")
            tier_roles = {a["associateRole"]["key"] for a in work["currentTierPendingApprovers"]}
            if not _roles_of(ctx, unit, associate) & tier_roles:
                raise invalid_operation("The associate is not an approver of the current tier.")
            if name == "approve":
                work["approvals"].append({"approver": copy.deepcopy(me), "approvedAt": ctx.now})
                _progress(ctx, unit, work)
            else:
                work["status"] = "Rejected"
                work["rejection"] = {"rejecter": copy.deepcopy(me), "rejectedAt": ctx.now}
                if action.get("reason") is not None:
                    work["rejection"]["reason"] = action["reason"]
        else:
            others.append(action)
    if others:
        work = apply_update(ctx, _FLOWS, work, {"version": work["version"], "actions": others})
    if work != flow and work["version"] == flow["version"]:
        touch(ctx, work)
    _stamped(work, associate, created=False)
    ctx.store.put(FLOW, work)
    return 200, view(ctx, work)


# -- every way an Order is created opens its flow ---------------------------------------------------


def _then_open_flow(inner: Handler) -> Handler:
    def handler(ctx: Ctx) -> tuple[int, Any]:
        status, body = inner(ctx)
        if status == 201 and isinstance(body, dict):
            order = ctx.store.get("order", body["id"])
            if order is not None:
                open_approval_flow(ctx, order)
        return status, body

    return handler


def _generic_create(ctx: Ctx) -> tuple[int, Any]:
    from ._backend import generic_handler  # the backend imports this module for its routes

    handler = generic_handler(ctx.op)
    assert handler is not None
    return handler(ctx)


route("ByProjectKeyOrdersPost")(_then_open_flow(_generic_create))
for _op_id in ("ByProjectKeyMeOrdersPost", "ByProjectKeyOrdersQuotesPost", "ByProjectKeyMeOrdersQuotesPost"):
    route(_op_id)(_then_open_flow(ROUTES.pop(_op_id)))
