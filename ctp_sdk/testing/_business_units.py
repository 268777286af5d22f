"""Business units (companies and divisions), their associates and what each associate may do.

- Hierarchy: a Company is its own `topLevelUnit`; a Division takes its parent's, and so do its
  descendants when `changeParentUnit` / `setUnitType` move it.
- Inheritance, computed on every read (a parent's change shows in its children at once):
  `inheritedStores` of a unit in `storeMode: FromParent` are the stores of the closest ancestor that
  defines its own (`Explicit`); `inheritedAssociates` of a unit in `associateMode:
  ExplicitAndFromParent` are its ancestors' role assignments with `inheritance: Enabled` (and what
  those ancestors inherit themselves), each with the unit it comes `source`-d from.
- Permissions of an associate in a unit: the union of the permissions of its explicit roles there
  and of its inherited ones (https://docs.commercetools.com/api/associates-overview). `require`
  answers 403 `AssociateMissingPermission` naming the alternatives, as the as-associate and
  `/me` endpoints do.
- Update actions the spec defines beyond the generic ones: associates (add, remove, change, set,
  `changeAssociateMode` with `makeInheritedAssociatesExplicit`), stores (`addStore`, `removeStore`,
  `setStoreMode`), `changeParentUnit`, `setUnitType`, address custom fields.
- `GET /business-units/{id}/associates/{associateId}`: the associate's roles, inherited roles and
  permissions (`BusinessUnitAssociateResponse`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from . import _spec
from ._actions import apply_custom, on_action
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, invalid_operation, not_found
from ._resources import Resource, converter, on_view, resolve, view
from ._routes import route
from ._store import Store

UNIT = "business-unit"
Action = dict[str, Any]


# -- hierarchy ------------------------------------------------------------------------------------


def unit_by_key(store: Store, key: str | None) -> Resource | None:
    return store.unscoped().find(UNIT, "key", key) if key is not None else None


def parent_of(store: Store, unit: Resource) -> Resource | None:
    parent = unit.get("parentUnit")
    return unit_by_key(store, parent.get("key")) if isinstance(parent, dict) else None


def ancestors(store: Store, unit: Resource) -> list[Resource]:
    """Parent first, top-level unit last (a broken chain simply ends)."""
    out: list[Resource] = []
    seen = {unit["id"]}
    current = parent_of(store, unit)
    while current is not None and current["id"] not in seen:
        out.append(current)
        seen.add(current["id"])
        current = parent_of(store, current)
    return out


def descendants(store: Store, unit: Resource) -> list[Resource]:
    out: list[Resource] = []
    pending = [unit.get("key")]
    while pending:
        key = pending.pop()
        for child in store.unscoped().all(UNIT):
            if (child.get("parentUnit") or {}).get("key") == key and child not in out:
                out.append(child)
                pending.append(child.get("key"))
    return out


def _key_ref(unit: Resource) -> dict[str, Any]:
    return {"typeId": UNIT, "key": unit.get("key")}


def _top_level(store: Store, unit: Resource) -> dict[str, Any]:
    chain = ancestors(store, unit)
    return _key_ref(chain[-1] if chain else unit)


def inherited_stores(store: Store, unit: Resource) -> list[dict[str, Any]] | None:
    if unit.get("storeMode") != "FromParent":
        return None
    for ancestor in ancestors(store, unit):
        if ancestor.get("storeMode") == "Explicit":
            return copy.deepcopy(ancestor.get("stores") or [])
    return []


def inherited_associates(store: Store, unit: Resource) -> list[dict[str, Any]] | None:
    """What `unit` inherits from its ancestors (None when its associateMode is Explicit)."""
    if unit.get("associateMode") != "ExplicitAndFromParent":
        return None
    by_customer: dict[str, list[dict[str, Any]]] = {}
    for ancestor in ancestors(store, unit):
        for associate in ancestor.get("associates") or []:
            for assignment in associate.get("associateRoleAssignments") or []:
                if assignment.get("inheritance") == "Enabled":
                    by_customer.setdefault(associate["customer"]["id"], []).append(
                        {"associateRole": copy.deepcopy(assignment["associateRole"]), "source": _key_ref(ancestor)}
                    )
        if ancestor.get("associateMode") != "ExplicitAndFromParent":
            break  # it inherits nothing itself, so nothing further up reaches `unit`
    return [
        {"customer": {"typeId": "customer", "id": customer_id}, "associateRoleAssignments": assignments}
        for customer_id, assignments in by_customer.items()
    ]


@on_view
def _show_inherited(ctx: Ctx, out: Resource) -> None:
    if out.get("unitType") not in ("Company", "Division") or "topLevelUnit" not in out:
        return
    for field, value in (
        ("inheritedStores", inherited_stores(ctx.store, out)),
        ("inheritedAssociates", inherited_associates(ctx.store, out)),
    ):
        if value is None:
            out.pop(field, None)
        else:
            out[field] = value


# -- permissions ----------------------------------------------------------------------------------


def role_keys(store: Store, unit: Resource, customer_id: str) -> tuple[list[str], list[str]]:
    """(explicit, inherited) associate role keys of `customer_id` in `unit`."""
    explicit = [
        assignment["associateRole"]["key"]
        for associate in unit.get("associates") or []
        if associate["customer"]["id"] == customer_id
        for assignment in associate.get("associateRoleAssignments") or []
    ]
    inherited = [
        assignment["associateRole"]["key"]
        for associate in inherited_associates(store, unit) or []
        if associate["customer"]["id"] == customer_id
        for assignment in associate["associateRoleAssignments"]
    ]
    return explicit, inherited


def _roles(store: Store, keys: Iterable[str]) -> list[Resource]:
    out: list[Resource] = []
    for key in dict.fromkeys(keys):
        role = store.unscoped().find("associate-role", "key", key)
        if role is not None:
            out.append(role)
    return out


def is_associate(store: Store, unit: Resource, customer_id: str) -> bool:
    explicit, inherited = role_keys(store, unit, customer_id)
    return bool(explicit or inherited) or any(a["customer"]["id"] == customer_id for a in unit.get("associates") or [])


def permissions(store: Store, unit: Resource, customer_id: str) -> set[str]:
    explicit, inherited = role_keys(store, unit, customer_id)
    return {p for role in _roles(store, [*explicit, *inherited]) for p in role.get("permissions") or []}


def require(store: Store, unit: Resource, customer_id: str, *alternatives: str) -> None:
    """403 AssociateMissingPermission unless the associate holds one of `alternatives` in `unit`."""
    if permissions(store, unit, customer_id) & set(alternatives):
        return
    needed = " or ".join(f"'{p}'" for p in alternatives)
    raise ApiFailure(
        403,
        "AssociateMissingPermission",
        f"Associate '{customer_id}' has no rights to do this in business unit '{unit.get('key')}'. "
        f"Needs {needed} permission.",
        associate={"typeId": "customer", "id": customer_id},
        businessUnit={"typeId": UNIT, "key": unit.get("key")},
        permissions=list(alternatives),
    )


def check_active(unit: Resource) -> None:
    """An Inactive unit cannot be used in carts, orders, quote requests and quotes."""
    if unit.get("status") == "Inactive":
        raise invalid_operation(f"The business unit '{unit.get('key')}' is Inactive.")


def my_or_others(owner: str | None, customer_id: str, mine: str, others: str) -> tuple[str, ...]:
    """The permission an associate needs on a resource owned by `owner`: `mine` for its own,
    `others` for anyone else's (holding `others` alone does not cover one's own)."""
    return (mine,) if owner == customer_id else (others,)


@route(
    "ByProjectKeyBusinessUnitsByBusinessUnitIdAssociatesByAssociateIdGet",
    "ByProjectKeyBusinessUnitsKeyByKeyAssociatesByAssociateIdGet",
)
def _associate(ctx: Ctx) -> tuple[int, Any]:
    if "businessUnitId" in ctx.params:
        unit = ctx.store.get(UNIT, ctx.params["businessUnitId"])
        what, value = "ID", ctx.params["businessUnitId"]
    else:
        unit = ctx.store.find(UNIT, "key", ctx.params["key"])
        what, value = "key", ctx.params["key"]
    if unit is None:
        raise not_found(what, value)
    customer_id = ctx.params["associateId"]
    if not is_associate(ctx.store, unit, customer_id):
        raise not_found("associateId", customer_id)
    explicit, inherited = role_keys(ctx.store, unit, customer_id)
    return 200, {
        "customer": {"typeId": "customer", "id": customer_id},
        "associateRoles": [view(ctx, r) for r in _roles(ctx.store, explicit)],
        "inheritedAssociateRoles": [view(ctx, r) for r in _roles(ctx.store, inherited)],
        "permissions": sorted(permissions(ctx.store, unit, customer_id)),
    }


# -- update actions -------------------------------------------------------------------------------


def _associate_field(field: str) -> _spec.FieldInfo:
    return _spec.model_fields("Company")[field]


def new_associate(ctx: Ctx, draft: Any) -> dict[str, Any]:
    """An AssociateDraft as an Associate (customer and roles must exist; inheritance defaults)."""
    if not isinstance(draft, dict):
        raise invalid_json("associate: Missing required value")
    (associate,) = converter(ctx).value([draft], _associate_field("associates"))
    assert isinstance(associate, dict)
    return associate


def _index(unit: Resource, customer_id: str) -> int | None:
    for i, associate in enumerate(unit.get("associates") or []):
        if associate["customer"]["id"] == customer_id:
            return i
    return None


@on_action(UNIT, "addAssociate")
def _add_associate(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    associate = new_associate(ctx, action.get("associate"))
    if _index(unit, associate["customer"]["id"]) is not None:
        raise invalid_operation(f"The customer '{associate['customer']['id']}' is already an associate of this unit.")
    unit.setdefault("associates", []).append(associate)


@on_action(UNIT, "changeAssociate")
def _change_associate(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    associate = new_associate(ctx, action.get("associate"))
    i = _index(unit, associate["customer"]["id"])
    if i is None:
        raise invalid_operation(f"The customer '{associate['customer']['id']}' is not an associate of this unit.")
    unit["associates"][i] = associate


@on_action(UNIT, "removeAssociate")
def _remove_associate(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    customer = resolve(ctx, "customer", action.get("customer"))
    i = _index(unit, customer["id"])
    if i is None:
        raise invalid_operation(f"The customer '{customer['id']}' is not an associate of this unit.")
    del unit["associates"][i]


@on_action(UNIT, "setAssociates")
def _set_associates(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    drafts = action.get("associates")
    if not isinstance(drafts, list):
        raise invalid_json("associates: Missing required value")
    associates = [new_associate(ctx, d) for d in drafts]
    if len({a["customer"]["id"] for a in associates}) != len(associates):
        raise invalid_operation("A customer can be an associate of a unit only once.")
    unit["associates"] = associates


@on_action(UNIT, "changeAssociateMode")
def _change_associate_mode(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    mode = action.get("associateMode")
    if mode not in ("Explicit", "ExplicitAndFromParent"):
        raise invalid_json("associateMode: Missing required value")
    if mode == "ExplicitAndFromParent" and unit.get("unitType") == "Company":
        raise invalid_operation("A Company has no parent to inherit associates from.")
    if mode == "Explicit" and action.get("makeInheritedAssociatesExplicit"):
        # What was inherited becomes explicit, so nobody loses access by the switch.
        for inherited in inherited_associates(ctx.store, unit) or []:
            assignments = [
                {"associateRole": a["associateRole"], "inheritance": "Enabled"}
                for a in inherited["associateRoleAssignments"]
            ]
            i = _index(unit, inherited["customer"]["id"])
            if i is None:
                unit.setdefault("associates", []).append(
                    {"customer": inherited["customer"], "associateRoleAssignments": assignments}
                )
                continue
            have = {a["associateRole"]["key"] for a in unit["associates"][i]["associateRoleAssignments"]}
            unit["associates"][i]["associateRoleAssignments"] += [
                a for a in assignments if a["associateRole"]["key"] not in have
            ]
    unit["associateMode"] = mode


def _store_ref(ctx: Ctx, ident: Any) -> dict[str, Any]:
    return resolve(ctx, "store", ident, key_reference=True)


@on_action(UNIT, "addStore")
def _add_store(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    if unit.get("storeMode") == "FromParent":
        raise invalid_operation("Stores can only be added to a business unit with storeMode Explicit.")
    ref = _store_ref(ctx, action.get("store"))
    stores = unit.setdefault("stores", [])
    if any(s.get("key") == ref["key"] for s in stores):
        raise invalid_operation(f"The store '{ref['key']}' is already assigned.")
    stores.append(ref)


@on_action(UNIT, "removeStore")
def _remove_store(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    ref = _store_ref(ctx, action.get("store"))
    stores = unit.get("stores") or []
    if not any(s.get("key") == ref["key"] for s in stores):
        raise invalid_operation(f"The store '{ref['key']}' is not assigned to this unit.")
    unit["stores"] = [s for s in stores if s.get("key") != ref["key"]]


@on_action(UNIT, "setStores")
def _set_stores(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    if unit.get("storeMode") == "FromParent" and action.get("stores"):
        raise invalid_operation("Stores can only be set on a business unit with storeMode Explicit.")
    unit["stores"] = [_store_ref(ctx, s) for s in action.get("stores") or []]


@on_action(UNIT, "setStoreMode")
def _set_store_mode(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    mode = action.get("storeMode")
    if mode not in ("Explicit", "FromParent"):
        raise invalid_json("storeMode: Missing required value")
    if mode == "FromParent":
        if unit.get("unitType") == "Company":
            raise invalid_operation("A Company has no parent to take stores from.")
        if action.get("stores"):
            raise invalid_operation("Stores cannot be set together with storeMode FromParent.")
        unit.pop("stores", None)
    else:
        unit["stores"] = [_store_ref(ctx, s) for s in action.get("stores") or []]
    unit["storeMode"] = mode


def _move_under(ctx: Ctx, unit: Resource, parent: Resource | None) -> None:
    """Re-parent `unit` (None: it becomes a Company) and update `topLevelUnit` down the tree."""
    if parent is None:
        unit.pop("parentUnit", None)
        unit["topLevelUnit"] = _key_ref(unit)
    else:
        if parent["id"] == unit["id"] or parent in descendants(ctx.store, unit):
            raise invalid_operation("A business unit cannot be moved below itself.")
        unit["parentUnit"] = _key_ref(parent)
        unit["topLevelUnit"] = _top_level(ctx.store, parent)
    for child in descendants(ctx.store, unit):
        moved = copy.deepcopy(child)
        moved["topLevelUnit"] = copy.deepcopy(unit["topLevelUnit"])
        ctx.store.put(UNIT, moved)


@on_action(UNIT, "changeParentUnit")
def _change_parent(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    if unit.get("unitType") != "Division":
        raise invalid_operation("Only a Division has a parent unit.")
    ref = resolve(ctx, UNIT, action.get("parentUnit"))
    parent = ctx.store.get(UNIT, ref["id"])
    assert parent is not None
    _move_under(ctx, unit, parent)


@on_action(UNIT, "setUnitType")
def _set_unit_type(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    unit_type = action.get("unitType")
    if unit_type == unit.get("unitType"):
        return
    if unit_type == "Company":
        _move_under(ctx, unit, None)
        # A Company has nothing to inherit from.
        for field, explicit in (
            ("storeMode", "Explicit"),
            ("associateMode", "Explicit"),
            ("approvalRuleMode", "Explicit"),
        ):
            unit[field] = explicit
    elif unit_type == "Division":
        if action.get("parentUnit") is None:
            raise invalid_json("parentUnit: Missing required value")
        ref = resolve(ctx, UNIT, action["parentUnit"])
        parent = ctx.store.get(UNIT, ref["id"])
        assert parent is not None
        _move_under(ctx, unit, parent)
    else:
        raise invalid_json("unitType: Missing required value")
    unit["unitType"] = unit_type


def _address(unit: Resource, action: Action) -> dict[str, Any]:
    for address in unit.get("addresses") or []:
        if address.get("id") == action.get("addressId"):
            found: dict[str, Any] = address
            return found
    raise invalid_operation(f"The business unit does not have an address with ID '{action.get('addressId')}'.")


@on_action(UNIT, "setAddressCustomType", "setAddressCustomField")
def _address_custom(ctx: Ctx, family: _spec.Family, unit: Resource, action: Action) -> None:
    apply_custom(ctx, _address(unit, action), action)
