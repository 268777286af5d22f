"""Messages (https://docs.commercetools.com/api/messages), written when the project turns them on
(`changeMessagesConfiguration {enabled: true, deleteDaysAfterCreation}`), queried at `/messages`.

After a change made through the API the fake writes the Messages the API writes for it:
`<Resource>Created` / `<Resource>Deleted` for creations and deletions, and for an update one Message
per action that has one (`_message_table`, the API reference's list). Every Message carries its
envelope as the API does: `sequenceNumber` (1, 2, ... per resource), `resource`, `resourceVersion`
(the version the change produced), `resourceUserProvidedIdentifiers`, `createdBy`.

A payload is derived from the resource before and after the change and the action: the field the
action set (`email`, `slug`, `orderState`) and its old value, the list entry it added or removed (an
address, a transaction, a delivery), the resource itself for creations, a rule of `_SPECIAL`, or
field by field from the entry the action addresses (`_message_fields`: a parcel, a variant's price).
Sequence numbers come from a per-resource counter kept beside the Messages.
When Messages are on and an update holds an action whose Message the fake cannot derive, the update
answers 501 naming it before anything changes: never a change whose Message silently went missing.
Messages older than `deleteDaysAfterCreation` (on the backend clock) are gone from queries.
Nothing is delivered to Subscriptions (`_subscriptions`).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import _message_fields, _spec
from ._context import Ctx
from ._errors import ApiFailure, invalid_input, not_found, not_implemented
from ._message_table import ACTION_MESSAGES
from ._resources import Resource, new_resource, query, view
from ._routes import route

MESSAGE = "message"  # the store's type for Messages (not a resource family of the API)
_SEQUENCE = "message-sequence"  # per resource id: the last sequenceNumber written
DEFAULT_DELETE_DAYS = 15
_ENVELOPE = frozenset(_spec.model_fields("Message")) | {"type"}


def enabled(ctx: Ctx) -> bool:
    return bool((ctx.project.get("messages") or {}).get("enabled"))


# -- payloads ---------------------------------------------------------------------------------


@dataclass
class Change:
    ctx: Ctx
    type_id: str
    before: Resource | None
    after: Resource
    action: dict[str, Any]


Payload = dict[str, Any]
Deriver = Callable[[Change], Payload]


def payload_fields(message_type: str) -> dict[str, _spec.FieldInfo]:
    return {k: v for k, v in _spec.model_fields(f"{message_type}Message").items() if k not in _ENVELOPE}


def _model_of(type_id: str) -> str | None:
    if type_id == "staged-order":
        return "Order"
    family = _spec.family_by_type_id().get(type_id)
    return family.model if family is not None else None


# Payload fields named differently from the resource field they report.
_ALIASES: dict[str, dict[str, str]] = {
    "OrderShippingAddressSet": {"address": "shippingAddress", "oldAddress": "shippingAddress"},
    "OrderBillingAddressSet": {"address": "billingAddress", "oldAddress": "billingAddress"},
    "OrderCustomerEmailSet": {"email": "customerEmail", "oldEmail": "customerEmail"},
    # a Recurring Order's `state` is its custom workflow State; these report `recurringOrderState`
    "RecurringOrderStateChanged": {"state": "recurringOrderState", "oldState": "recurringOrderState"},
    "RecurringOrderScheduleSet": {"recurrencePolicySchedule": "schedule", "oldRecurrencePolicySchedule": "schedule"},
}


def _field_rule(message_type: str, model: str) -> Deriver | None:
    """`X` / `oldX` payload fields reporting top-level resource field `X` after / before the change."""
    fields = payload_fields(message_type)
    resource_fields = _spec.model_fields(model)
    aliases = _ALIASES.get(message_type, {})
    sources: dict[str, tuple[str, bool]] = {}
    for name in fields:
        info = fields[name]
        if name in aliases:
            sources[name] = (aliases[name], name.startswith("old"))
        elif name in resource_fields and _same_type(info, resource_fields[name]):
            sources[name] = (name, False)
        elif (
            name.startswith("old")
            and name[3:4].isupper()
            and _lc(name[3:]) in resource_fields
            and _same_type(info, resource_fields[_lc(name[3:])])
        ):
            sources[name] = (_lc(name[3:]), True)
        else:
            return None

    def derive(change: Change) -> Payload:
        out: Payload = {}
        for name, (source, old) in sources.items():
            holder = change.before if old else change.after
            if holder is not None and holder.get(source) is not None:
                out[name] = copy.deepcopy(holder[source])
        return out

    return derive


def _same_type(payload: _spec.FieldInfo, resource: _spec.FieldInfo) -> bool:
    """A payload field reports a resource field of its own type (StandalonePriceValueChanged's
    boolean `staged` is not the price's `staged` object)."""
    scalars = {"str", "int", "float", "bool"}
    a, b = set(payload.class_names), set(resource.class_names)
    return not (a & scalars or b & scalars) or a == b


def _lc(text: str) -> str:
    return text[:1].lower() + text[1:]


def _list_rule(message_type: str, model: str) -> Deriver | None:
    """`<X>Added {x}` / `<X>Removed {x}`: the entry of the resource's list of X the action added or
    removed (CustomerAddressAdded, PaymentTransactionAdded, ReturnInfoAdded)."""
    fields = payload_fields(message_type)
    if len(fields) != 1 or not message_type.endswith(("Added", "Removed")):
        return None
    ((name, info),) = fields.items()
    thing = message_type.removeprefix(model).removesuffix("Added").removesuffix("Removed")
    if thing != name[:1].upper() + name[1:]:
        return None  # `CustomerBillingAddressAdded {address}` reports an id list change, not a new entry
    lists = [
        f.json
        for f in _spec.model_fields(model).values()
        if f.is_list and info.class_names and f.class_names == info.class_names
    ]
    if len(lists) != 1:
        return None
    added = message_type.endswith("Added")

    def derive(change: Change) -> Payload:
        old = (change.before or {}).get(lists[0]) or []
        new = change.after.get(lists[0]) or []
        source, other = (new, old) if added else (old, new)
        fresh = [item for item in source if item not in other]
        return {name: copy.deepcopy(fresh[-1])} if fresh else {}

    return derive


def _resource_rule(message_type: str, model: str) -> Deriver | None:
    """`<Resource>Created {resource}` / `Deleted {resource}`: the resource itself."""
    fields = payload_fields(message_type)
    required = [k for k, v in fields.items() if v.required]
    if len(fields) == 1 and required and fields[required[0]].class_names == [model]:
        name = required[0]
        deleted = message_type.endswith("Deleted")
        return lambda change: {name: copy.deepcopy(change.before if deleted else change.after)}
    if not fields:
        return lambda change: {}
    return None


def _custom_rule(message_type: str) -> Deriver | None:
    """The top-level `setCustomField` / `setCustomType` Messages of any resource."""
    suffixes = ("CustomFieldAdded", "CustomFieldChanged", "CustomFieldRemoved", "CustomTypeSet", "CustomTypeRemoved")
    suffix = next((s for s in suffixes if message_type.endswith(s)), None)
    if suffix is None:
        return None

    def derive(change: Change) -> Payload:
        before = ((change.before or {}).get("custom")) or {}
        after = change.after.get("custom") or {}
        if suffix.startswith("CustomField"):
            name = change.action.get("name")
            out: Payload = {"name": name}
            if suffix != "CustomFieldRemoved":
                out["value"] = copy.deepcopy(after["fields"][name])
            if suffix == "CustomFieldChanged" and name in (before.get("fields") or {}):
                out["previousValue"] = copy.deepcopy(before["fields"][name])
            return out
        out = {"customFields": copy.deepcopy(after)} if suffix == "CustomTypeSet" else {}
        if before.get("type"):
            out["previousTypeId"] = before["type"]["id"]
        return out

    return derive


def _custom_choice(message_types: tuple[str, ...], change: Change) -> str | None:
    """Which of the custom-field Messages an action's change is (or None: nothing changed)."""
    name = str(change.action.get("action", ""))
    before, after = _message_fields.custom_holders(change.type_id, _model_of(change.type_id) or "", name, change)
    if name.endswith("CustomType"):
        wanted = "CustomTypeSet" if after else "CustomTypeRemoved"
        # setProductPriceCustomType: ProductPriceCustomFieldsSet / ...Removed
        fallback = "CustomFieldsSet" if after else "CustomFieldsRemoved"
        return next((t for t in message_types if t.endswith((wanted, fallback))), None)
    field = change.action.get("name")
    had, has = field in (before.get("fields") or {}), field in (after.get("fields") or {})
    wanted = "CustomFieldAdded" if has and not had else "CustomFieldChanged" if has else "CustomFieldRemoved"
    if not had and not has:
        return None
    return next((t for t in message_types if t.endswith(wanted)), None)


def _product_projection(product: Resource, staged: bool) -> dict[str, Any] | None:
    from ._catalog import projection

    return projection(product, staged)


def _line_item_added(change: Change) -> Payload:
    action = change.action
    for item in change.after.get("lineItems", []):
        old = next((i for i in (change.before or {}).get("lineItems", []) if i["id"] == item["id"]), None)
        if old is None or old["quantity"] < item["quantity"]:
            return {"lineItem": copy.deepcopy(item), "addedQuantity": action.get("quantity", 1)}
    return {}


_REMOVED_ITEM_FIELDS = (
    ("newTaxedPrice", "taxedPrice"),
    ("newPrice", "price"),
    ("newShippingDetail", "shippingDetails"),
)


def _line_item_removed(change: Change) -> Payload:
    for old in (change.before or {}).get("lineItems", []):
        if old["id"] != change.action.get("lineItemId") and old.get("key") != change.action.get("lineItemKey"):
            continue
        new = next((i for i in change.after.get("lineItems", []) if i["id"] == old["id"]), None)
        quantity = new["quantity"] if new is not None else 0
        out: Payload = {
            "lineItemId": old["id"],
            "removedQuantity": old["quantity"] - quantity,
            "newQuantity": quantity,
            "newState": copy.deepcopy(new["state"]) if new is not None else [],
            "newTotalPrice": copy.deepcopy((new or old)["totalPrice"]) if new is not None else _zero(old),
        }
        if old.get("key") is not None:
            out["lineItemKey"] = old["key"]
        if new is not None:
            for key, source in _REMOVED_ITEM_FIELDS:
                if new.get(source) is not None:
                    out[key] = copy.deepcopy(new[source])
        return out
    return {}


def _zero(item: dict[str, Any]) -> dict[str, Any]:
    money: dict[str, Any] = copy.deepcopy(item["totalPrice"])
    money["centAmount"] = 0
    return money


def _new_by_id(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, Any] | None:
    ids = {entry.get("id") for entry in before}
    fresh = [entry for entry in after if entry.get("id") not in ids]
    return fresh[-1] if fresh else None


def _custom_line_item(change: Change, removed: bool) -> Payload:
    old, new = (change.before or {}).get("customLineItems", []), change.after.get("customLineItems", [])
    item = _new_by_id(new, old) if removed else _new_by_id(old, new)
    if item is None:
        return {}
    out: Payload = {"customLineItem": copy.deepcopy(item)}
    if removed:
        out["customLineItemId"] = item["id"]
        if item.get("key") is not None:
            out["customLineItemKey"] = item["key"]
    return out


def _custom_quantity(change: Change) -> Payload:
    ident = change.action.get("customLineItemId")
    for old in (change.before or {}).get("customLineItems", []):
        key = change.action.get("customLineItemKey")
        if old["id"] == ident or (key is not None and old.get("key") == key):
            new = next(i for i in change.after["customLineItems"] if i["id"] == old["id"])
            return {"customLineItemId": old["id"], "quantity": new["quantity"], "oldQuantity": old["quantity"]}
    return {}


def _discount_code(change: Change, removed: bool) -> Payload:
    old = [c["discountCode"] for c in (change.before or {}).get("discountCodes", [])]
    new = [c["discountCode"] for c in change.after.get("discountCodes", [])]
    source, other = (old, new) if removed else (new, old)
    fresh = [c for c in source if c not in other]
    return {"discountCode": copy.deepcopy(fresh[-1])} if fresh else {}


def _payment_ref(change: Change, removed: bool) -> Payload:
    old = ((change.before or {}).get("paymentInfo") or {}).get("payments", [])
    new = (change.after.get("paymentInfo") or {}).get("payments", [])
    source, other = (old, new) if removed else (new, old)
    fresh = [p for p in source if p not in other]
    return {"paymentRef" if not removed else "removedPaymentInfo": copy.deepcopy(fresh[-1])} if fresh else {}


def _delivery_added(change: Change) -> Payload:
    old = ((change.before or {}).get("shippingInfo") or {}).get("deliveries", [])
    new = (change.after.get("shippingInfo") or {}).get("deliveries", [])
    delivery = _new_by_id(old, new)
    return {"delivery": copy.deepcopy(delivery)} if delivery is not None else {}


def _address_by(field: str) -> Deriver:
    def derive(change: Change) -> Payload:
        wanted = change.after.get(field)
        for address in change.after.get("addresses", []):
            if wanted is not None and address.get("id") == wanted:
                return {"address": copy.deepcopy(address)}
        return {}

    return derive


def _transaction_state(change: Change) -> Payload:
    return {"transactionId": change.action.get("transactionId"), "state": change.action.get("state")}


def _product_created(change: Change) -> Payload:
    return {"productProjection": _product_projection(change.after, True)}


def _product_deleted(change: Change) -> Payload:
    out: Payload = {"removedImageUrls": []}
    current = _product_projection(change.before or change.after, False)
    if current is not None:
        out["currentProjection"] = current
    return out


def _product_published(change: Change) -> Payload:
    return {
        "productProjection": _product_projection(change.after, False),
        "removedImageUrls": [],
        "scope": change.action.get("scope") or "All",
    }


def _product_category(change: Change) -> Payload:
    return {
        "category": {"typeId": "category", "id": change.action["category"].get("id") or _category_id(change)},
        "staged": bool(change.action.get("staged", True)),
    }


def _category_id(change: Change) -> str:
    found = change.ctx.store.unscoped().find("category", "key", change.action["category"].get("key"))
    return found["id"] if found is not None else ""


def _product_slug(change: Change) -> Payload:
    staged = change.after["masterData"]["staged"]
    out: Payload = {"slug": copy.deepcopy(staged["slug"])}
    if change.before is not None:
        out["oldSlug"] = copy.deepcopy(change.before["masterData"]["staged"]["slug"])
    return out


def _inventory_deleted(change: Change) -> Payload:
    entry = change.before or change.after
    out: Payload = {"sku": entry["sku"]}
    if entry.get("supplyChannel") is not None:
        out["supplyChannel"] = copy.deepcopy(entry["supplyChannel"])
    return out


def _inventory_quantity(change: Change) -> Payload:
    before = change.before or change.after
    out: Payload = {
        "oldQuantityOnStock": before["quantityOnStock"],
        "newQuantityOnStock": change.after["quantityOnStock"],
        "oldAvailableQuantity": before["availableQuantity"],
        "newAvailableQuantity": change.after["availableQuantity"],
        "sku": change.after.get("sku"),
    }
    if change.after.get("supplyChannel") is not None:
        out["supplyChannel"] = copy.deepcopy(change.after["supplyChannel"])
    return out


def _state_transition(change: Change) -> Payload:
    out: Payload = {"state": copy.deepcopy(change.after.get("state")), "force": bool(change.action.get("force"))}
    if (change.before or {}).get("state") is not None:
        out["oldState"] = copy.deepcopy((change.before or {})["state"])
    return out


def _customer_deleted(change: Change) -> Payload:
    email = (change.before or change.after).get("email")
    return {"email": email} if email is not None else {}


_SPECIAL: dict[str, Deriver] = {
    "OrderLineItemAdded": _line_item_added,
    "OrderLineItemRemoved": _line_item_removed,
    "OrderCustomLineItemAdded": lambda c: _custom_line_item(c, removed=False),
    "OrderCustomLineItemRemoved": lambda c: _custom_line_item(c, removed=True),
    "OrderCustomLineItemQuantityChanged": _custom_quantity,
    "OrderDiscountCodeAdded": lambda c: _discount_code(c, removed=False),
    "OrderDiscountCodeRemoved": lambda c: _discount_code(c, removed=True),
    "OrderPaymentAdded": lambda c: _payment_ref(c, removed=False),
    "DeliveryAdded": _delivery_added,
    "CustomerDefaultShippingAddressSet": _address_by("defaultShippingAddressId"),
    "CustomerDefaultBillingAddressSet": _address_by("defaultBillingAddressId"),
    "CustomerDeleted": _customer_deleted,
    "PaymentTransactionStateChanged": _transaction_state,
    "ProductCreated": _product_created,
    "ProductDeleted": _product_deleted,
    "ProductPublished": _product_published,
    "ProductAddedToCategory": _product_category,
    "ProductRemovedFromCategory": _product_category,
    "ProductSlugChanged": _product_slug,
    "InventoryEntryDeleted": _inventory_deleted,
    "InventoryEntryQuantitySet": _inventory_quantity,
    "OrderStateTransition": _state_transition,
    "PaymentStatusStateTransition": _state_transition,
    "ProductStateTransition": _state_transition,
    "RecurringOrderStateTransition": _state_transition,
}


@functools.cache
def deriver(type_id: str, message_type: str, action_name: str = "") -> Deriver | None:
    """How to derive `message_type`'s payload for a change of a `type_id` resource by `action_name`
    (None: the fake cannot)."""
    if _spec.model_class(f"{message_type}Message") is None:
        return None
    special = _SPECIAL.get(message_type)
    if special is not None:
        return special
    model = _model_of(type_id)
    if model is None:
        return None
    if message_type.endswith(("Created", "Deleted")) and message_type[: -len("Created")] == model:
        return _resource_rule(message_type, model)
    # The top-level custom-field Messages only (`CustomerCustomFieldAdded`, not `CustomerAddress...`).
    custom = _custom_rule(message_type) if message_type[len(model) :].startswith("Custom") else None
    found = custom or _field_rule(message_type, model) or _list_rule(message_type, model)
    if found is None and action_name:
        found = _message_fields.rule(type_id, model, message_type, action_name)
    return found


def _action_types(type_id: str, name: str) -> tuple[str, ...]:
    found = ACTION_MESSAGES.get((type_id, name))
    if found is None and type_id == "staged-order":
        found = ACTION_MESSAGES.get(("order", name))  # an order's own actions, staged in an edit
    return found or ()


def check_derivable(type_id: str, actions: list[Any]) -> None:
    """501 before anything changes when an action's Message could not be written."""
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        for message_type in _action_types(type_id, str(name)):
            if deriver(type_id, message_type, str(name)) is None:
                raise not_implemented(f"The {message_type} Message (written after '{name}' with Messages enabled)")


def payloads_for_actions(
    ctx: Ctx, type_id: str, before: Resource, after: Resource, actions: list[Any]
) -> list[Payload]:
    """The payloads (`{type, ...}`) the API writes for `actions` changing `before` into `after`."""
    check_derivable(type_id if type_id != "order" else "staged-order", actions)
    out: list[Payload] = []
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        types = _action_types("staged-order" if type_id == "order" else type_id, str(name))
        change = Change(ctx, type_id, before, after, action)
        if len(types) > 1 and all("Custom" in t for t in types):
            chosen = _custom_choice(types, change)
            types = (chosen,) if chosen is not None else ()
        for message_type in types:
            derive = deriver("staged-order" if type_id == "order" else type_id, message_type, str(name))
            assert derive is not None  # check_derivable
            out.append({"type": message_type, **derive(change)})
    return out


# -- writing ----------------------------------------------------------------------------------

_IDENTIFIERS = ("key", "externalId", "orderNumber", "customerNumber", "sku", "slug")


class UndecodableMessage(ApiFailure):
    """A payload rule of this module built a Message its own model cannot read (e.g. a field the spec
    requires but the change has no value for). A fault of the fake (500); an update undoes its change and
    answers 501 instead (`record`), so a change never stays without its Message."""

    def __init__(self, message_type: str, detail: str) -> None:
        super().__init__(500, "General", f"ctp_sdk.testing wrote an undecodable {message_type} Message: {detail}")
        self.message_type = message_type
        self.detail = detail


def _built(ctx: Ctx, type_id: str, resource: Resource, message_type: str, payload: Payload, sequence: int) -> Resource:
    identifiers = {k: copy.deepcopy(resource[k]) for k in _IDENTIFIERS if resource.get(k) is not None}
    message: dict[str, Any] = {
        **new_resource(ctx),
        "sequenceNumber": sequence,
        "resource": {"typeId": type_id, "id": resource["id"]},
        "resourceVersion": resource.get("version", 1),
        "type": message_type,
        **payload,
    }
    if identifiers:
        message["resourceUserProvidedIdentifiers"] = identifiers
    cls = _spec.model_class(f"{message_type}Message")
    try:
        if cls is not None:
            cls.from_dict(message)
    except Exception as exc:
        raise UndecodableMessage(message_type, str(exc)) from None
    return message


def write_all(ctx: Ctx, type_id: str, resource: Resource, payloads: list[Payload]) -> None:
    """Store the Messages about `resource` (as it is after the change), if Messages are on: all of them
    or, when one cannot be read back (UndecodableMessage), none."""
    if not enabled(ctx) or not payloads:
        return
    store = ctx.store.unscoped()
    # The last sequence number per resource, kept beside the Messages (not a scan of all of them).
    counter = store.get(_SEQUENCE, resource["id"]) or {"id": resource["id"], "last": 0}
    messages = []
    for offset, payload in enumerate(payloads, start=1):
        fields = {k: v for k, v in payload.items() if k != "type"}
        messages.append(_built(ctx, type_id, resource, payload["type"], fields, counter["last"] + offset))
    for message in messages:
        store.put(MESSAGE, message)
    store.put(_SEQUENCE, {**counter, "last": counter["last"] + len(messages)})


def write(ctx: Ctx, type_id: str, resource: Resource, message_type: str, payload: Payload) -> None:
    """Store one Message about `resource` (as it is after the change), if Messages are on."""
    write_all(ctx, type_id, resource, [{**payload, "type": message_type}])


def after_change(ctx: Ctx, type_id: str, before: Resource, after: Resource, actions: list[Any]) -> None:
    """Write the Messages of an update (`actions` turned `before` into the stored `after`)."""
    if not enabled(ctx):
        return
    write_all(ctx, type_id, after, payloads_for_actions(ctx, type_id, before, after, actions))


# -- the hook around every API call (`Backend._api`) ----------------------------------------------


@dataclass
class Watch:
    type_id: str
    before: Resource | None
    actions: list[Any]


# Endpoints that are not a resource's create / update / delete but write a Message about a customer:
# op id -> (Message type, payload from the answer).
def _token_created(body: dict[str, Any]) -> Payload:
    # The token's value is left out: a Message is readable by anyone who may view messages.
    return {
        "customerId": body["customerId"],
        "expiresAt": body["expiresAt"],
        "invalidateOlderTokens": bool(body.get("invalidateOlderTokens", False)),
    }


_ENDPOINTS: dict[str, tuple[str, Callable[[dict[str, Any]], Payload]]] = {
    "ByProjectKeyCustomersEmailTokenPost": ("CustomerEmailTokenCreated", _token_created),
    "ByProjectKeyCustomersPasswordTokenPost": ("CustomerPasswordTokenCreated", _token_created),
    "ByProjectKeyCustomersEmailConfirmPost": ("CustomerEmailVerified", lambda body: {}),
    "ByProjectKeyMeEmailConfirmPost": ("CustomerEmailVerified", lambda body: {}),
    "ByProjectKeyCustomersPasswordResetPost": ("CustomerPasswordUpdated", lambda body: {"reset": True}),
    "ByProjectKeyMePasswordResetPost": ("CustomerPasswordUpdated", lambda body: {"reset": True}),
    "ByProjectKeyCustomersPasswordPost": ("CustomerPasswordUpdated", lambda body: {"reset": False}),
    "ByProjectKeyMePasswordPost": ("CustomerPasswordUpdated", lambda body: {"reset": False}),
}
# Endpoints that write their own Message instead of `<Resource>Created` (`OrderImported`).
_OWN_MESSAGES = frozenset({"ByProjectKeyOrdersImportPost"})
_ME_SEGMENTS = {"me": "customers", "signup": "customers"}  # /me, /me/signup: the shopper's customer


def _watched_family(ctx: Ctx) -> _spec.Family | None:
    segments = ctx.op.path.split("/")
    if len(segments) < 3:
        return None
    segment = segments[2]
    if segment == "me" and len(segments) > 3:
        segment = segments[3]
    return _spec.families().get(_ME_SEGMENTS.get(segment, segment))


def _endpoint_message(ctx: Ctx, body: Any) -> None:
    message_type, derive = _ENDPOINTS[ctx.op.id]
    if not isinstance(body, dict):
        return
    customer_id = body.get("customerId") if "customerId" in body else body.get("id")
    customer = ctx.store.unscoped().get("customer", str(customer_id))
    if customer is not None:
        write(ctx, "customer", customer, message_type, derive(body))


def watch(ctx: Ctx) -> Watch | None:
    """Before a POST / DELETE is answered with Messages on: what it may change (and the 501 for an
    update whose Messages could not be written)."""
    if ctx.op.method not in ("POST", "DELETE") or not enabled(ctx):
        return None
    if ctx.op.id in _ENDPOINTS:
        return Watch("customer", None, [])
    if ctx.op.id in _OWN_MESSAGES:
        return None
    family = _watched_family(ctx)
    if family is None:
        return None
    before = None
    ident = ctx.params.get("ID") or ctx.params.get("key")
    if ctx.op.path == "/{projectKey}/me" and ctx.grant.customer_id is not None:
        ident = ctx.grant.customer_id  # /me: the shopper's own customer
    if ident is not None:
        store = ctx.store.unscoped()
        by_id = "ID" in ctx.params or ctx.op.path == "/{projectKey}/me"
        found = store.get(family.type_id, ident) if by_id else store.find(family.type_id, "key", ident)
        before = copy.deepcopy(found) if found is not None else None
    actions = ctx.body.get("actions") if isinstance(ctx.body, dict) else None
    actions = actions if isinstance(actions, list) else []
    check_derivable(family.type_id, actions)
    if before is None and ctx.op.method == "POST":
        created = f"{family.model}Created"
        if _spec.model_class(f"{created}Message") is not None and deriver(family.type_id, created) is None:
            raise not_implemented(f"The {created} Message (written on creation with Messages enabled)")
    return Watch(family.type_id, before, actions)


def record(ctx: Ctx, seen: Watch | None, status: int, body: Any) -> None:
    """After the call: write the Messages of what it changed."""
    if seen is None or status >= 300 or not isinstance(body, dict):
        return
    if ctx.op.id in _ENDPOINTS:
        _endpoint_message(ctx, body)
        return
    resource_body = body.get("customer") if isinstance(body.get("customer"), dict) and "id" not in body else body
    if not isinstance(resource_body, dict) or "id" not in resource_body:
        return
    store = ctx.store.unscoped()
    after = store.get(seen.type_id, resource_body["id"])
    model = _model_of(seen.type_id) or ""
    if ctx.op.method == "DELETE":
        gone = seen.before or resource_body
        _write_lifecycle(ctx, seen.type_id, gone, f"{model}Deleted")
        return
    if after is None:
        return
    if seen.before is None:
        if status == 201:  # a creation (sign-in, replicate and the token endpoints answer 200)
            _write_lifecycle(ctx, seen.type_id, after, f"{model}Created")
        return
    if after.get("version") != seen.before.get("version"):
        try:
            after_change(ctx, seen.type_id, seen.before, after, seen.actions)
        except UndecodableMessage as exc:
            store.put(seen.type_id, seen.before)  # the change does not stay without its Message
            raise not_implemented(
                f"The {exc.message_type} Message of this change (it would lack a value the API requires:"
                f" {exc.detail}; nothing was changed)"
            ) from None


def _write_lifecycle(ctx: Ctx, type_id: str, resource: Resource, message_type: str) -> None:
    derive = deriver(type_id, message_type)
    if derive is None:
        return  # no such Message in the API (checked before the change for creations)
    change = Change(ctx, type_id, None if message_type.endswith("Created") else resource, resource, {})
    write(ctx, type_id, resource, message_type, derive(change))


# -- the project setting and the endpoints -------------------------------------------------------


def configure(project: dict[str, Any], action: dict[str, Any]) -> None:
    """`changeMessagesConfiguration` (and the deprecated `changeMessagesEnabled`)."""
    config = action.get("messagesConfiguration")
    if config is None:
        config = {"enabled": action.get("messagesEnabled")}
    if not isinstance(config, dict) or not isinstance(config.get("enabled"), bool):
        raise invalid_input("messagesConfiguration -> enabled: Missing required value")
    days = config.get("deleteDaysAfterCreation", (project.get("messages") or {}).get("deleteDaysAfterCreation"))
    days = DEFAULT_DELETE_DAYS if days is None else days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 90:
        raise invalid_input("messagesConfiguration -> deleteDaysAfterCreation: must be between 1 and 90.")
    project["messages"] = {"enabled": config["enabled"], "deleteDaysAfterCreation": days}


def _kept(ctx: Ctx) -> list[Resource]:
    days = (ctx.project.get("messages") or {}).get("deleteDaysAfterCreation") or DEFAULT_DELETE_DAYS
    cutoff = datetime.fromisoformat(ctx.now.replace("Z", "+00:00")) - timedelta(days=days)
    out = []
    for message in ctx.store.unscoped().all(MESSAGE):
        if datetime.fromisoformat(message["createdAt"].replace("Z", "+00:00")) >= cutoff:
            out.append(message)
    return out


@route("ByProjectKeyMessagesGet", "ByProjectKeyMessagesHead")
def _messages_query(ctx: Ctx) -> tuple[int, Any]:
    page = query(ctx, _kept(ctx))
    if ctx.op.method == "HEAD":
        return (200 if page["results"] else 404), None
    return 200, page


@route("ByProjectKeyMessagesByIDGet", "ByProjectKeyMessagesByIDHead")
def _message(ctx: Ctx) -> tuple[int, Any]:
    for message in _kept(ctx):
        if message["id"] == ctx.params["ID"]:
            return 200, (None if ctx.op.method == "HEAD" else view(ctx, message))
    raise not_found("ID", ctx.params["ID"])
