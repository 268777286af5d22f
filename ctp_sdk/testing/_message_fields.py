"""Message payloads derived field by field (https://docs.commercetools.com/api/messages-types), for the
Messages whose payload is not simply the resource's own field (`_messages._field_rule`).

An update action often addresses an entry inside the resource: an address (`addressId`), a
transaction, a delivery or a parcel, a line item, a return item, a product variant (`variantId` /
`sku`) and its price (`priceId`). The action's model (from the spec) says which; the entry is then
found in the resource before and after the change. Each payload field of the Message is resolved
once, by its name and type, against (innermost first) that entry, the sub-object the Message type
is named after (`PaymentMethodInfo...` -> `paymentMethodInfo`), the resource, and the action:

- `<kind>` / `<kind>Id` / `<kind>Key`: the entry itself, its id, its key (`delivery`, `parcelId`);
- `X`, `oldX` / `previousX`, `newX`: the field after / before / after the change (before for the
  Messages of a removal), `old<Kind>` / `new<Kind>` the entry itself (`oldPrice`, `newPrice`);
- a field typed like the items of one of the scope's lists: the item the change added, changed or
  (for `...Removed`) removed (`BusinessUnitStoreAdded {store}`, `ProductPriceAdded {price}`);
- `added<Xs>` / `removed<Xs>` / `updated<Xs>`: the difference of list `xs` (`StoreCountriesChanged`);
- a field of the action (references as `{typeId, id}`), `staged` (default true), `force` (false);
- custom fields of the entry (`ProductPriceCustomFieldAdded {name, value}`).

A payload field that resolves nowhere and is not in `_LEFT_OUT` makes the Message underivable (the
update answers 501 with Messages on, see `_messages`). `_SOURCES` holds the fields the API names
differently from the resource, each with why.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _spec
from ._resources import find_by_identifier, lc_first

if TYPE_CHECKING:
    from ._messages import Change

Payload = dict[str, Any]
Getter = Callable[["Change"], Any]
_MISSING = object()
_SCALARS = frozenset({"str", "int", "float", "bool", "datetime"})

# Entry kinds, outermost first: (kind, model, action fields that address it).
_KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("variant", "ProductVariant", ("variantId", "sku", "priceId")),
    ("price", "Price", ("priceId",)),
    ("address", "Address", ("addressId", "addressKey")),
    ("transaction", "Transaction", ("transactionId",)),
    ("delivery", "Delivery", ("deliveryId", "deliveryKey", "parcelId", "parcelKey")),
    ("parcel", "Parcel", ("parcelId", "parcelKey")),
    ("lineItem", "LineItem", ("lineItemId", "lineItemKey")),
    ("customLineItem", "CustomLineItem", ("customLineItemId", "customLineItemKey")),
    ("returnItem", "ReturnItem", ("returnItemId",)),
)


@functools.cache
def _fields(model: str) -> dict[str, _spec.FieldInfo]:
    """A model's fields; for a polymorphic resource (BusinessUnit: Company, Division) all of its kinds'."""
    found = _spec.model_fields(model)
    if found:
        return found
    out: dict[str, _spec.FieldInfo] = {}
    for sub in _spec.subtypes(model).values():
        out.update(_spec.model_fields(sub))
    return out


def _action_fields(model: str, action_name: str) -> dict[str, _spec.FieldInfo]:
    bases = ["StagedOrder", "Order"] if model == "Order" else [model]
    for base in bases:
        action_model = _spec.subtypes(f"{base}UpdateAction").get(action_name)
        if action_model is not None:
            return _spec.model_fields(action_model)
    return {}


def _kinds(model: str, action_fields: dict[str, _spec.FieldInfo]) -> list[tuple[str, str]]:
    out = []
    for kind, kind_model, fields in _KINDS:
        if kind == "variant" and model != "Product":
            continue
        if any(f in action_fields for f in fields):
            out.append((kind, kind_model))
    return out


# -- finding the entries ------------------------------------------------------------------------


def _staged(change: Change) -> bool:
    """The action's `staged`: on a Product and a Variant it defaults to true, on a StandalonePrice to false."""
    return bool(change.action.get("staged", change.type_id in ("product", "variant")))


def _product_data(product: dict[str, Any] | None, staged: bool) -> dict[str, Any] | None:
    if product is None:
        return None
    data: dict[str, Any] | None = (product.get("masterData") or {}).get("staged" if staged else "current")
    return data


def _variants(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    if data is None:
        return []
    return [data["masterVariant"], *data.get("variants", [])] if data.get("masterVariant") else []


def _matches(entry: dict[str, Any], action: dict[str, Any], id_field: str, key_field: str) -> bool:
    if action.get(id_field) is not None:
        return bool(entry.get("id") == action[id_field])
    return action.get(key_field) is not None and entry.get("key") == action[key_field]


def _deliveries(order: dict[str, Any]) -> list[dict[str, Any]]:
    infos = [order.get("shippingInfo")] + [s.get("shippingInfo") for s in order.get("shipping") or []]
    return [d for info in infos if info for d in info.get("deliveries") or []]


def _entries(change: Change, resource: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The entries `change.action` addresses in `resource` (before or after), by kind."""
    action, out = change.action, {}
    if resource is None:
        return {}
    if change.type_id == "product":
        for variant in _variants(_product_data(resource, _staged(change))):
            price = next((p for p in variant.get("prices", []) if p.get("id") == action.get("priceId")), None)
            if price is not None:
                out["variant"], out["price"] = variant, price
            elif variant.get("id") == action.get("variantId") or (
                action.get("sku") is not None and variant.get("sku") == action.get("sku")
            ):
                out["variant"] = variant
    for address in resource.get("addresses") or []:
        if _matches(address, action, "addressId", "addressKey"):
            out["address"] = address
    for transaction in resource.get("transactions") or []:
        if transaction.get("id") == action.get("transactionId"):
            out["transaction"] = transaction
    for delivery in _deliveries(resource):
        for parcel in delivery.get("parcels") or []:
            if _matches(parcel, action, "parcelId", "parcelKey"):
                out["delivery"], out["parcel"] = delivery, parcel
        if _matches(delivery, action, "deliveryId", "deliveryKey"):
            out["delivery"] = delivery
    for kind in ("lineItem", "customLineItem"):
        for item in resource.get(f"{kind}s") or []:
            if _matches(item, action, f"{kind}Id", f"{kind}Key"):
                out[kind] = item
    for info in resource.get("returnInfo") or []:
        for item in info.get("items") or []:
            if item.get("id") == action.get("returnItemId"):
                out["returnItem"] = item
    return out


# -- sources --------------------------------------------------------------------------------------

Scope = tuple[str, str, Callable[["Change", bool], "dict[str, Any] | None"]]  # (kind, model, holder)


def _entry_holder(kind: str) -> Callable[[Change, bool], dict[str, Any] | None]:
    return lambda change, old: _entries(change, change.before if old else change.after).get(kind)


def _sub_holder(field: str) -> Callable[[Change, bool], dict[str, Any] | None]:
    def holder(change: Change, old: bool) -> dict[str, Any] | None:
        resource = change.before if old else change.after
        value = (resource or {}).get(field)
        return value if isinstance(value, dict) else None

    return holder


def _resource_holder(change: Change, old: bool) -> dict[str, Any] | None:
    return change.before if old else change.after


def _data_holder(change: Change, old: bool) -> dict[str, Any] | None:
    return _product_data(change.before if old else change.after, _staged(change))


def _scopes(message_type: str, model: str, action_fields: dict[str, _spec.FieldInfo]) -> list[Scope]:
    """Where payload fields are looked up, innermost first."""
    scopes: list[Scope] = [(kind, m, _entry_holder(kind)) for kind, m in reversed(_kinds(model, action_fields))]
    for name, info in _fields(model).items():
        prefix = name[:1].upper() + name[1:]
        names = info.class_names
        if not info.is_list and len(names) == 1 and _spec.model_fields(names[0]) and message_type.startswith(prefix):
            scopes.append(("", names[0], _sub_holder(name)))
    if model == "Product":
        scopes.append(("", "ProductData", _data_holder))
    scopes.append(("", model, _resource_holder))
    return scopes


def _take(holder: dict[str, Any] | None, field: str) -> Any:
    if holder is None or holder.get(field) is None:
        return _MISSING
    return copy.deepcopy(holder[field])


def _split(name: str) -> tuple[bool | None, str]:
    """`oldX` / `previousX` -> (True, "x"); `newX` -> (False, "x"); `x` -> (None, "x"). The spec has
    `oldbusinessUnit` (OrderBusinessUnitSet) in lower case."""
    for prefix, old in (("previous", True), ("old", True), ("new", False)):
        rest = name[len(prefix) :]
        if name.startswith(prefix) and rest:
            return old, lc_first(rest)
    return None, name


def _identity(item: Any) -> Any:
    """What keeps a list entry the same entry while it changes: its id, or its reference's id
    (`ProductSelectionSetting.productSelection`), or the value itself."""
    if isinstance(item, dict):
        if "id" in item:
            return item["id"]
        for value in item.values():
            if isinstance(value, dict) and "id" in value:
                return value["id"]
    return repr(item)


def _diff(change: Change, holder: Callable[[Change, bool], Any], field: str, which: str) -> Any:
    old = (holder(change, True) or {}).get(field) or []
    new = (holder(change, False) or {}).get(field) or []
    old_ids, new_ids = [_identity(i) for i in old], [_identity(i) for i in new]
    if which == "added":
        found = [i for i, ident in zip(new, new_ids, strict=True) if ident not in old_ids]
    elif which == "removed":
        found = [i for i, ident in zip(old, old_ids, strict=True) if ident not in new_ids]
    else:  # updated: the same entry with other values
        found = [i for i, ident in zip(new, new_ids, strict=True) if ident in old_ids and i not in old]
    return copy.deepcopy(found) if found else _MISSING


def _changed_entry(change: Change, holder: Callable[[Change, bool], Any], field: str, removal: bool) -> Any:
    """The entry of list `field` the change added or changed (removed, for a removal)."""
    old = (holder(change, True) or {}).get(field) or []
    new = (holder(change, False) or {}).get(field) or []
    source, other = (old, new) if removal else (new, old)
    fresh = [i for i in source if i not in other]
    return copy.deepcopy(fresh[-1]) if fresh else _MISSING


def _scope_source(name: str, info: _spec.FieldInfo, scope: Scope, removal: bool) -> Getter | None:
    kind, model, holder = scope
    fields = _fields(model)
    old, base = _split(name)
    if kind:
        if name == kind or (old is not None and base == kind):
            when = removal if old is None else old
            return lambda change: _take({"e": holder(change, when)}, "e")
        if name in (f"{kind}Id", f"{kind}Key"):
            field = "id" if name.endswith("Id") else "key"
            return lambda change: _take(holder(change, removal), field)
    if name in fields:
        direct: Getter = lambda change: _take(holder(change, removal), name)  # noqa: E731
        changed = _list_entry_source(info, fields, holder, removal)
        # ProductVariant `price` is only set in a price-selected projection: then the added price.
        return _first(direct, changed) if changed is not None else direct
    if old is not None and base in fields:
        return lambda change: _take(holder(change, old), base)
    for which in ("added", "removed", "updated"):
        if name.startswith(which) and lc_first(name[len(which) :]) in fields:
            field = lc_first(name[len(which) :])
            return lambda change: _diff(change, holder, field, which)
    return _list_entry_source(info, fields, holder, removal)


def _list_entry_source(
    info: _spec.FieldInfo, fields: dict[str, _spec.FieldInfo], holder: Callable[[Change, bool], Any], removal: bool
) -> Getter | None:
    if not info.is_list and info.class_names:
        lists = [f.json for f in fields.values() if f.is_list and f.class_names == info.class_names]
        if len(lists) > 1:  # ProductVariant `prices` and `recurrencePrices`: the one named for the field
            lists = [name for name in lists if name == f"{info.json}s"]
        if len(lists) == 1:
            return lambda change: _changed_entry(change, holder, lists[0], removal)
    return None


def _reference(change: Change, value: Any, info: _spec.FieldInfo) -> Any:
    """A ResourceIdentifier of the action as the Reference the Message carries."""
    if not isinstance(value, dict) or not info.class_names or not info.class_names[0].endswith("Reference"):
        return copy.deepcopy(value)
    by_key = info.class_names[0].endswith("KeyReference")
    suffix = "KeyReference" if by_key else "Reference"
    family = next((f for f in _spec.families().values() if f"{f.model}{suffix}" == info.class_names[0]), None)
    if family is not None and by_key:
        found = find_by_identifier(change.ctx, family.type_id, value)
        return {"typeId": family.type_id, "key": found["key"]} if found is not None else _MISSING
    if family is None or "id" in value:
        return {"typeId": value.get("typeId") or (family.type_id if family else None), "id": value.get("id")}
    found = find_by_identifier(change.ctx, family.type_id, value)
    return {"typeId": family.type_id, "id": found["id"]} if found is not None else _MISSING


def _action_source(name: str, info: _spec.FieldInfo, action_fields: dict[str, _spec.FieldInfo]) -> Getter | None:
    if name == "staged":
        return _staged
    if name == "force":
        return lambda change: bool(change.action.get("force", False))
    if name in action_fields:
        return lambda change: (
            _reference(change, change.action[name], info) if change.action.get(name) is not None else _MISSING
        )
    return None


def _first(*getters: Getter) -> Getter:
    def get(change: Change) -> Any:
        for getter in getters:
            value = getter(change)
            if value is not _MISSING:
                return value
        return _MISSING

    return get


def _custom_source(name: str, scopes: list[Scope]) -> Getter | None:
    """Custom fields and types of the innermost scope (`setProductPriceCustomField`)."""
    holder = scopes[0][2]

    def custom(change: Change, old: bool) -> dict[str, Any]:
        value: dict[str, Any] = (holder(change, old) or {}).get("custom") or {}
        return value

    def field(change: Change, old: bool) -> Any:
        return _take(custom(change, old).get("fields"), str(change.action.get("name")))

    if name == "name":
        return lambda change: change.action.get("name", _MISSING)
    if name == "value":
        return lambda change: field(change, False)
    if name in ("previousValue", "oldValue"):
        return lambda change: field(change, True)
    if name in ("customFields", "customField"):
        return lambda change: copy.deepcopy(custom(change, False)) or _MISSING
    if name in ("previousTypeId", "oldTypeId"):
        return lambda change: (custom(change, True).get("type") or {}).get("id", _MISSING)
    return None


def custom_holders(type_id: str, model: str, action_name: str, change: Change) -> tuple[dict[str, Any], dict[str, Any]]:
    """The `custom` before and after of what a `set...Custom...` action changed."""
    holder = _scopes("", model, _action_fields(model, action_name))[0][2]
    if "MethodInfo" in action_name:  # setMethodInfoCustomField: the payment's `paymentMethodInfo`
        holder = _sub_holder("paymentMethodInfo")
    return (holder(change, True) or {}).get("custom") or {}, (holder(change, False) or {}).get("custom") or {}


# -- fields the API names differently (each from the Message's documentation) -----------------------


def _address_roles(change: Change, removal: bool) -> Any:
    """AddressRole of the address: in billing/shipping address ids, default billing/shipping."""
    resource = (change.before if removal else change.after) or {}
    address = _entries(change, resource).get("address")
    if address is None:
        return _MISSING
    ident, roles = address.get("id"), []
    for field, role in (
        ("billingAddressIds", "Billing"),
        ("shippingAddressIds", "Shipping"),
        ("defaultBillingAddressId", "DefaultBilling"),
        ("defaultShippingAddressId", "DefaultShipping"),
    ):
        value = resource.get(field)
        if (isinstance(value, list) and ident in value) or value == ident:
            roles.append(role)
    return roles


def _customer_ref(change: Change, old: bool) -> Any:
    ident = ((change.before if old else change.after) or {}).get("customerId")
    return {"typeId": "customer", "id": ident} if ident else _MISSING


def _removed_image_urls(change: Change) -> list[str]:
    """ProductVariantDeleted: the images of the variant removed; ProductRevertedStagedChanges: the
    staged images the current projection does not have."""
    if change.action.get("action") == "revertStagedChanges":
        staged = _variants(_product_data(change.before, True))
        current = {i["url"] for v in _variants(_product_data(change.after, False)) for i in v.get("images", [])}
        return [i["url"] for v in staged for i in v.get("images", []) if i["url"] not in current]
    gone = _entries(change, change.before).get("variant")
    if gone is None:
        old, new = (
            _variants(_product_data(change.before, _staged(change))),
            _variants(_product_data(change.after, _staged(change))),
        )
        kept = {v["id"] for v in new}
        gone = next((v for v in old if v["id"] not in kept), None)
    return [i["url"] for i in (gone or {}).get("images", [])]


def _removed_variant(change: Change) -> Any:
    old = _variants(_product_data(change.before, _staged(change)))
    kept = {v["id"] for v in _variants(_product_data(change.after, _staged(change)))}
    return next((copy.deepcopy(v) for v in old if v["id"] not in kept), _MISSING)


def _removed_payment(change: Change) -> Any:
    old = ((change.before or {}).get("paymentInfo") or {}).get("payments", [])
    new = (change.after.get("paymentInfo") or {}).get("payments", [])
    gone = [p for p in old if p not in new]
    return copy.deepcopy(gone[-1]) if gone else _MISSING


def _old_staged_price(change: Change) -> Any:
    if _staged(change):
        return _MISSING
    for variant in _variants(_product_data(change.before, True)):
        for price in variant.get("prices", []):
            if price.get("id") == change.action.get("priceId"):
                return copy.deepcopy(price)
    return _MISSING


def _product_key(change: Change) -> Any:
    """`productKey` of the ProductTailoring Messages: the key of the tailored Product."""
    ref = change.after.get("product") or {}
    product = change.ctx.store.unscoped().get("product", str(ref.get("id")))
    return product["key"] if product is not None and product.get("key") is not None else _MISSING


def _variant_choice(field: str, old: bool) -> Getter:
    """`old...` / `new...` of a product's assignment to the selection (its previous value is kept on
    the assignment by `_product_selections`)."""

    def get(change: Change) -> Any:
        from ._product_selections import assignment

        ident = change.action.get("product") or {}
        product = find_by_identifier(change.ctx, "product", ident) if isinstance(ident, dict) else None
        found = assignment(change.ctx.store, change.after["id"], product["id"]) if product is not None else None
        holder = (found or {}).get("previous") if old else found
        return _take(holder, field)

    return get


_SOURCES: dict[str, dict[str, Getter]] = {
    # `active` is the unit's `status` (BusinessUnitStatus).
    "BusinessUnitStatusChanged": {"active": lambda c: _take(c.after, "status")},
    "ProductPriceModeSet": {"to": lambda c: _take(c.after, "priceMode")},
    # `staged: true` changes the staged value: `value` is the new staged one.
    "StandalonePriceValueChanged": {
        "value": lambda c: _take(c.after.get("staged") if _staged(c) else c.after, "value"),
        "oldValue": lambda c: _take(
            (c.before or {}).get("staged") if _staged(c) and (c.before or {}).get("staged") else c.before, "value"
        ),
    },
    # With `staged: false` both projections change; `oldStagedPrice` is the staged one before.
    "ProductPriceChanged": {"oldStagedPrice": _old_staged_price},
    "PaymentMethodInfoInterfaceSet": {
        "interface": lambda c: _take(c.after.get("paymentMethodInfo"), "paymentInterface"),
        "oldInterface": lambda c: _take((c.before or {}).get("paymentMethodInfo"), "paymentInterface"),
    },
    "PaymentMethodPaymentMethodStatusSet": {
        "status": lambda c: _take(c.after, "paymentMethodStatus"),
        "oldStatus": lambda c: _take(c.before, "paymentMethodStatus"),
    },
    "OrderReturnShipmentStateChanged": {
        "returnShipmentState": lambda c: _take(_entries(c, c.after).get("returnItem"), "shipmentState"),
    },
    # The action's `actualTransitionDate`; without one the transition happens now.
    "LineItemStateTransition": {"transitionDate": lambda c: c.action.get("actualTransitionDate") or c.ctx.now},
    "CustomLineItemStateTransition": {"transitionDate": lambda c: c.action.get("actualTransitionDate") or c.ctx.now},
    # The staged values the apply / remove turned into the price / dropped.
    "StandalonePriceStagedChangesApplied": {"stagedChanges": lambda c: _take(c.before, "staged")},
    "StandalonePriceStagedChangesRemoved": {"stagedChanges": lambda c: _take(c.before, "staged")},
    "OrderCustomerSet": {
        "customer": lambda c: _customer_ref(c, False),
        "oldCustomer": lambda c: _customer_ref(c, True),
    },
    "ProductVariantDeleted": {"removedImageUrls": _removed_image_urls, "variant": _removed_variant},
    "ProductRevertedStagedChanges": {"removedImageUrls": _removed_image_urls},
    "ProductSelectionVariantSelectionChanged": {
        "oldVariantSelection": _variant_choice("variantSelection", True),
        "newVariantSelection": _variant_choice("variantSelection", False),
    },
    "ProductSelectionVariantExclusionChanged": {
        "oldVariantExclusion": _variant_choice("variantExclusion", True),
        "newVariantExclusion": _variant_choice("variantExclusion", False),
    },
    # `removedPaymentInfo`: the order's PaymentInfo went with its last Payment.
    "OrderPaymentRemoved": {
        "paymentRef": _removed_payment,
        "removedPaymentInfo": lambda c: not (c.after.get("paymentInfo") or {}).get("payments"),
    },
}
for _type in ("BusinessUnitAddressChanged", "CustomerAddressChanged"):
    _SOURCES[_type] = {"addressRoles": lambda c: _address_roles(c, False)}
for _type in ("BusinessUnitAddressRemoved", "CustomerAddressRemoved"):
    _SOURCES[_type] = {"addressRoles": lambda c: _address_roles(c, True)}

# Optional payload fields left out, with why.
_LEFT_OUT: dict[str, frozenset[str]] = {
    # The Store's name in every locale when the request asked for one locale's projection: the fake
    # does not project Stores by locale, so `name` already holds every locale.
    "StoreNameSet": frozenset({"nameAllLocales"}),
}


@functools.cache
def rule(type_id: str, model: str, message_type: str, action_name: str) -> Callable[[Change], Payload] | None:
    """The payload of `message_type` for action `action_name` on a `model` resource, or None when a
    field of it resolves nowhere."""
    payload = {
        k: v for k, v in _spec.model_fields(f"{message_type}Message").items() if k not in _spec.model_fields("Message")
    }
    payload.pop("type", None)
    action_fields = _action_fields(model, action_name)
    scopes = _scopes(message_type, model, action_fields)
    removal = "Removed" in message_type or message_type.endswith("Deleted")  # ParcelRemovedFromDelivery
    custom = any(s in message_type for s in ("CustomField", "CustomType"))
    getters: dict[str, Getter] = {}
    for name, info in payload.items():
        if name in _LEFT_OUT.get(message_type, ()):
            continue
        getter = _SOURCES.get(message_type, {}).get(name)
        if getter is None and custom:
            getter = _custom_source(name, scopes)
        for scope in scopes:
            if getter is None:
                getter = _scope_source(name, info, scope, removal)
        given = _action_source(name, info, action_fields)
        if getter is None:
            getter = given
        elif given is not None and set(info.class_names) <= _SCALARS and name not in _SOURCES.get(message_type, {}):
            # A plain value the action gives is what the Message reports (the `quantity` of a
            # state transition, not the line item's whole quantity); else the resource's.
            getter = _first(given, getter)
        if getter is None and name == "productKey" and model == "ProductTailoring":
            getter = _product_key
        if getter is None and name == f"{lc_first(model)}Id":
            getter = lambda change: change.after["id"]  # noqa: E731 - PaymentStatusInterfaceCodeSet {paymentId}
        if getter is None:
            return None
        getters[name] = getter

    # A required list the entry did not have is empty (a parcel's `oldItems` before any were set).
    empty_lists = {name for name, info in payload.items() if info.required and info.is_list}

    def derive(change: Change) -> Payload:
        out: Payload = {}
        for name, getter in getters.items():
            value = getter(change)
            if value is not _MISSING:
                out[name] = value
            elif name in empty_lists:
                out[name] = []
        return out

    return derive
