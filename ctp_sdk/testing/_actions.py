"""Update actions: version check, then each action in order, all or nothing.

An action must be one the spec defines for the resource (`<Model>UpdateAction`'s discriminator
table); anything else is a 400 like commercetools'. Then, in order of preference:

1. a registered handler (`on_action`): custom fields, addresses, cart line items, products, ...;
2. the generic rule for `set<Field>` / `change<Field>` actions whose only payload is that field
   (`setKey {key}`, `changeName {name}`, `changeParent {parent}`): the value, converted like a draft
   field, replaces the resource field (`set` without a value removes it);
3. otherwise 501 naming the action, never a silently ignored change.

The version goes up by one when the resource changed, as in commercetools.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from . import _spec
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, invalid_operation, not_implemented
from ._resources import (
    Resource,
    check_unique,
    check_version,
    convert,
    converter,
    custom_fields,
    find_by_identifier,
    resolve,
    split_action,
    touch,
)
from ._sort_orders import check_sort_order

ActionHook = Callable[[Ctx, _spec.Family, Resource, dict[str, Any]], None]
AfterHook = Callable[[Ctx, Resource], None]
_ACTIONS: dict[tuple[str, str], ActionHook] = {}
_AFTER: dict[str, AfterHook] = {}


def on_action(type_id: str, *names: str) -> Callable[[ActionHook], ActionHook]:
    """Register a handler for update actions `names` of `type_id` (`"*"`: any resource defining them)."""

    def register(hook: ActionHook) -> ActionHook:
        for name in names:
            _ACTIONS[(type_id, name)] = hook
        return hook

    return register


def after_actions(type_id: str) -> Callable[[AfterHook], AfterHook]:
    """Register a step run after all actions of an update (e.g. recomputing cart totals)."""

    def register(hook: AfterHook) -> AfterHook:
        _AFTER[type_id] = hook
        return hook

    return register


def supported(family: _spec.Family, name: str) -> bool:
    """Would `apply_update` handle action `name` on `family` (rather than answer 501)?"""
    if name not in family.actions:
        return False
    if (family.type_id, name) in _ACTIONS or ("*", name) in _ACTIONS:
        return True
    return _generic_field(family, name) is not None or _generic_list(family, name) is not None


def allowed_actions(op: _spec.Op) -> frozenset[str] | None:
    """The update actions `op`'s body model admits when narrower than the resource's: a `/me` update
    takes `MyCartUpdate`, whose actions are only the `MyCartUpdateAction`s (no `setCustomerId`,
    no `setCustomerGroup`, ...). None when the body is the resource's own `<Model>Update`."""
    if op.body is None or not op.body.startswith("My"):
        return None
    actions = _spec.model_fields(op.body).get("actions")
    if actions is None:
        return None
    bases = [name for name in actions.class_names if _spec.subtypes(name)]
    return frozenset(_spec.subtypes(bases[0])) if bases else None


def apply_update(
    ctx: Ctx, family: _spec.Family, resource: Resource, body: Any, *, allowed: frozenset[str] | None = None
) -> Resource:
    """The updated copy of `resource` (the caller stores it); raises before changing anything.
    `allowed`: the action names this endpoint admits (see `allowed_actions`)."""
    if not isinstance(body, dict):
        raise invalid_json("The request body must be a JSON object.")
    check_version(resource, body.get("version"))
    actions = body.get("actions")
    if not isinstance(actions, list):
        raise invalid_json("actions: Missing required value")
    work = copy.deepcopy(resource)
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        if allowed is not None and name not in allowed:
            raise invalid_json(f"actions -> action: Unknown update action '{name}' for this endpoint.")
        apply_action(ctx, family, work, action)
    after = _AFTER.get(family.type_id)
    if after is not None:
        after(ctx, work)
    changed_beside = bool(work.pop(_CHANGED_BESIDE, False))
    if work.get("sortOrder") != resource.get("sortOrder"):
        check_sort_order(ctx, family.type_id, work)  # discounts: unique sortOrder (_sort_orders.py)
    if changed_beside or work != resource:
        touch(ctx, work)
    return work


_CHANGED_BESIDE = "__changed_beside__"


def changed_beside(work: Resource) -> None:
    """An action changed what the API keeps as part of the resource but the fake stores beside it
    (a Product Selection's product assignments): the version goes up all the same."""
    work[_CHANGED_BESIDE] = True


def apply_action(ctx: Ctx, family: _spec.Family, work: Resource, action: Any) -> None:
    name = action.get("action") if isinstance(action, dict) else None
    if not isinstance(name, str) or name not in family.actions:
        raise invalid_json(f"actions -> action: Unknown update action '{name}' for {family.model}.")
    assert isinstance(action, dict)
    hook = _ACTIONS.get((family.type_id, name)) or _ACTIONS.get(("*", name))
    if hook is not None:
        hook(ctx, family, work, action)
        return
    listed = _generic_list(family, name)
    if listed is not None:
        _apply_list_action(ctx, family, work, action, *listed)
        return
    field = _generic_field(family, name)
    if field is None:
        raise not_implemented(f"Update action '{name}' on {family.model}")
    set_field(ctx, family, work, field, action.get(field.json), required=name.startswith("change"))


def _generic_field(family: _spec.Family, name: str) -> _spec.FieldInfo | None:
    parts = split_action(name)
    if parts is None:
        return None
    field = parts[1]
    action_fields = _spec.model_fields(family.actions[name])
    if field not in action_fields or set(action_fields) - {"action", field}:
        return None
    return _spec.model_fields(family.model).get(field)


def _generic_list(family: _spec.Family, name: str) -> tuple[str, _spec.FieldInfo, str] | None:
    """`add<X>` / `remove<X>` whose one payload field is an `X` (or its draft, identifier, name) and
    whose resource has one list of `X` (`addStore` -> `stores`, `addLocation` -> `locations`,
    `addAttributeDefinition` -> `attributes`, `removeFieldDefinition {fieldName}` -> `fieldDefinitions`)."""
    m = re.fullmatch(r"(add|remove)([A-Z]\w*)", name)
    if m is None:
        return None
    verb, thing = m.group(1), m.group(2)
    payload = [k for k in _spec.model_fields(family.actions[name]) if k != "action"]
    if len(payload) != 1:
        return None
    lists = [
        info
        for info in _spec.model_fields(family.model).values()
        if info.is_list and {thing, f"{thing}Reference", f"{thing}KeyReference"} & set(info.class_names)
    ]
    if len(lists) != 1:
        return None
    return verb, lists[0], payload[0]


def _apply_list_action(
    ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any], verb: str, info: _spec.FieldInfo, key: str
) -> None:
    value = action.get(key)
    if value is None:
        raise invalid_json(f"{key}: Missing required value")
    items = work.setdefault(info.json, [])
    draft_info = _spec.model_fields(family.actions[action["action"]])[key]
    if verb == "add":
        (item,) = converter(ctx).value([value], info, _spec.FieldInfo(key, True, f"list[{draft_info.annotation}]"))
        if any(_same(existing, item) for existing in items):
            raise invalid_operation(f"{action['action']}: the {info.json} already contain it.")
        items.append(item)
        return
    probe: Any = value
    if isinstance(value, dict) and ({"id", "key"} & value.keys()):
        type_id = _spec.type_id_for_class(draft_info.class_names[0]) if draft_info.class_names else None
        found = find_by_identifier(ctx, type_id, value) if type_id is not None else None
        if found is not None:
            probe = {"id": found["id"], "key": found.get("key")}
    kept = [existing for existing in items if not _matches(existing, probe, key)]
    if len(kept) == len(items):
        raise invalid_operation(f"{action['action']}: no such entry in {info.json}.")
    work[info.json] = kept


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        for ident in ("id", "key", "name"):
            if ident in a and a.get(ident) == b.get(ident):
                return True
    return bool(a == b)


def _matches(item: Any, probe: Any, key: str) -> bool:
    """Is list entry `item` the one a remove action names (`probe`: a value, a name, or the id/key
    of a referenced resource; compared with the entry itself or its field `key`)?"""
    if item == probe:
        return True
    if not isinstance(item, dict):
        return False
    if isinstance(probe, (str, int)) and not isinstance(probe, bool):
        return probe in (item.get("name"), item.get("key"), item.get(key))
    if isinstance(probe, dict):
        for candidate in (item, item.get(key)):
            if not isinstance(candidate, dict):
                continue
            if probe.get("id") is not None and candidate.get("id") == probe["id"]:
                return True
            if probe.get("key") is not None and candidate.get("key") == probe["key"]:
                return True
    return False


def set_field(
    ctx: Ctx, family: _spec.Family, work: Resource, info: _spec.FieldInfo, value: Any, *, required: bool
) -> None:
    if value is None:
        if required:
            raise invalid_json(f"{info.json}: Missing required value")
        work.pop(info.json, None)
        return
    work[info.json] = convert(ctx, value, info)
    if info.json == "key":
        check_unique(ctx, family.type_id, "key", value, work["id"])


# -- custom fields (every resource that has them) ----------------------------------------------


def apply_custom(ctx: Ctx, holder: dict[str, Any], action: dict[str, Any]) -> None:
    """`set...CustomType` / `set...CustomField` on `holder`: a resource, or an item inside one (line
    item, asset, price, transaction, payment method info)."""
    if action["action"].endswith("CustomType"):
        if action.get("type") is None:
            holder.pop("custom", None)
        else:
            holder["custom"] = custom_fields(ctx, action)
        return
    name = action.get("name")
    if not isinstance(name, str):
        raise invalid_json("name: Missing required value")
    custom = holder.get("custom")
    if custom is None:
        raise invalid_operation("No custom type is set here; set one first with the matching CustomType action.")
    if action.get("value") is None:
        custom["fields"].pop(name, None)
    else:
        custom["fields"][name] = copy.deepcopy(action["value"])


@on_action("*", "setCustomType", "setCustomField")
def _set_custom(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    apply_custom(ctx, work, action)


# -- addresses (customers, business units) ------------------------------------------------------


def _address_index(work: Resource, action: dict[str, Any]) -> int:
    for i, address in enumerate(work.get("addresses", [])):
        if ("addressId" in action and address.get("id") == action["addressId"]) or (
            "addressKey" in action and address.get("key") == action["addressKey"]
        ):
            return i
    ident = action.get("addressId") or action.get("addressKey")
    raise invalid_operation(f"The customer does not have an address with ID or key '{ident}'.")


def new_address(ctx: Ctx, draft: Any) -> dict[str, Any]:
    if not isinstance(draft, dict) or not draft.get("country"):
        raise invalid_json("address -> country: Missing required value")
    address = copy.deepcopy(draft)
    address.setdefault("id", ctx.new_id()[:8])
    if isinstance(address.get("custom"), dict) and "type" in address["custom"]:
        address["custom"] = custom_fields(ctx, address["custom"])
    return address


@on_action("*", "addAddress")
def _add_address(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    work.setdefault("addresses", []).append(new_address(ctx, action.get("address")))


@on_action("*", "changeAddress")
def _change_address(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    i = _address_index(work, action)
    replacement = new_address(ctx, action.get("address"))
    replacement["id"] = work["addresses"][i]["id"]
    work["addresses"][i] = replacement


@on_action("*", "removeAddress")
def _remove_address(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    i = _address_index(work, action)
    address_id = work["addresses"].pop(i)["id"]
    for ids in ("shippingAddressIds", "billingAddressIds"):
        if address_id in work.get(ids, []):
            work[ids].remove(address_id)
    for default in ("defaultShippingAddressId", "defaultBillingAddressId"):
        if work.get(default) == address_id:
            del work[default]


def _address_id(work: Resource, action: dict[str, Any]) -> str | None:
    if action.get("addressId") is None and action.get("addressKey") is None:
        return None
    address_id: str = work["addresses"][_address_index(work, action)]["id"]
    return address_id


def _default_address(kind: str) -> ActionHook:
    def hook(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
        address_id = _address_id(work, action)
        if address_id is None:
            work.pop(f"default{kind}AddressId", None)
            return
        work[f"default{kind}AddressId"] = address_id
        ids = work.setdefault(f"{kind.lower()}AddressIds", [])
        if address_id not in ids:
            ids.append(address_id)

    return hook


def _address_ids(kind: str, add: bool) -> ActionHook:
    def hook(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
        address_id = _address_id(work, action)
        ids = work.setdefault(f"{kind.lower()}AddressIds", [])
        if add and address_id not in ids:
            ids.append(address_id)
        elif not add:
            if address_id not in ids:
                raise invalid_operation(f"The address '{address_id}' is not a {kind.lower()} address.")
            ids.remove(address_id)
            if work.get(f"default{kind}AddressId") == address_id:
                del work[f"default{kind}AddressId"]

    return hook


on_action("*", "setDefaultShippingAddress")(_default_address("Shipping"))
on_action("*", "setDefaultBillingAddress")(_default_address("Billing"))
on_action("*", "addShippingAddressId")(_address_ids("Shipping", True))
on_action("*", "addBillingAddressId")(_address_ids("Billing", True))
on_action("*", "removeShippingAddressId")(_address_ids("Shipping", False))
on_action("*", "removeBillingAddressId")(_address_ids("Billing", False))


# -- small shared ones ---------------------------------------------------------------------------


@on_action("category", "changeParent")
def _change_parent(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    parent = resolve(ctx, "category", action.get("parent"))
    if parent["id"] == work["id"]:
        raise ApiFailure(400, "InvalidOperation", "A category cannot be its own parent.")
    work["parent"] = parent
    from ._catalog import category_ancestors

    work["ancestors"] = category_ancestors(ctx, parent["id"])


# -- state machines ---------------------------------------------------------------------------------


@on_action("*", "transitionState")
def _transition_state(ctx: Ctx, family: _spec.Family, work: Resource, action: dict[str, Any]) -> None:
    """Move to another State: unless `force`, only along the current state's `transitions` (if it lists
    any), else 400 InvalidOperation as commercetools answers."""
    target = resolve(ctx, "state", action.get("state"))
    current = work.get("state")
    if current is not None and not action.get("force"):
        state = ctx.store.get("state", current["id"])
        allowed = state.get("transitions") if state is not None else None
        if allowed is not None and not any(t["id"] == target["id"] for t in allowed):
            raise invalid_operation(f"The transition from state '{current['id']}' to '{target['id']}' is not allowed.")
    work["state"] = target
