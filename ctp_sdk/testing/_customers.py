"""Customers and shoppers: sign-up, sign-in (with the guest cart kept), passwords, and the `/me`
endpoints bound to the token's customer or anonymous id.

Passwords are stored salted and hashed (the `password` field holds the hash, as commercetools
returns it), never in clear. A `/me` call sees only what its token's shopper owns: carts and orders
by `customerId` / `anonymousId`, shopping lists and payments by `customer` / `anonymousId`; anything
else is a 404, exactly as if it did not exist.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
from typing import Any

from . import _spec
from ._actions import allowed_actions, apply_update, new_address
from ._carts import merge_into, order_from_cart
from ._context import Ctx
from ._errors import ApiFailure, insufficient_scope, invalid_json, not_found
from ._resources import (
    Resource,
    build,
    check_required,
    check_version,
    delete_version,
    on_create,
    query,
    touch,
    view,
)
from ._routes import route
from ._store import Store

# -- passwords ------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000).hex()
    return f"pbkdf2-sha256${salt}${digest}"


def check_password(stored: Any, password: str) -> bool:
    if not isinstance(stored, str) or stored.count("$") != 2:
        return False
    _, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000).hex()
    return hmac.compare_digest(candidate, digest)


def find_by_email(store: Store, email: str) -> Resource | None:
    found = _with_email(store, email)
    return found[0] if found else None


def _with_email(store: Store, email: str) -> list[Resource]:
    wanted = email.lower()
    return [c for c in store.all("customer") if str(c.get("email", "")).lower() == wanted]


def authenticate_customer(store: Store, email: str, password: str, store_key: str | None) -> Resource | None:
    """The customer these credentials belong to, else None. Without `store_key` (global sign-in) only
    global customers (no `stores`) qualify; with it, global ones and those of that existing store."""
    everything = store.unscoped()
    if store_key is not None and everything.find("store", "key", store_key) is None:
        return None
    for customer in _with_email(everything, email):
        stores = [s.get("key") for s in customer.get("stores") or []]
        if stores and store_key not in stores:
            continue
        if check_password(customer.get("password"), password):
            return customer
    return None


# -- customers ------------------------------------------------------------------------------------


@on_create("customer")
def _create_customer(ctx: Ctx, draft: dict[str, Any], customer: Resource) -> None:
    if find_by_email(ctx.store, draft["email"]) is not None:
        raise ApiFailure(
            400,
            "DuplicateField",
            "There is already an existing customer with the provided email.",
            field="email",
            duplicateValue=draft["email"],
        )
    password = draft.get("password")
    if draft.get("authenticationMode", "Password") == "Password":
        if not isinstance(password, str) or not password:
            raise invalid_json("password: Missing required value")
        customer["password"] = hash_password(password)
    else:
        customer.pop("password", None)
    customer["addresses"] = [new_address(ctx, a) for a in draft.get("addresses") or []]
    for kind in ("Shipping", "Billing"):
        ids = [_address_at(customer, i) for i in draft.get(f"{kind.lower()}Addresses") or []]
        default = draft.get(f"default{kind}Address")
        if default is not None:
            customer[f"default{kind}AddressId"] = _address_at(customer, default)
            if customer[f"default{kind}AddressId"] not in ids:
                ids.append(customer[f"default{kind}AddressId"])
        customer[f"{kind.lower()}AddressIds"] = ids
    for key in ("anonymousCart", "anonymousCartId", "anonymousId"):
        customer.pop(key, None)


def _address_at(customer: Resource, index: Any) -> str:
    if not isinstance(index, int) or not 0 <= index < len(customer["addresses"]):
        raise ApiFailure(400, "InvalidOperation", f"The address index {index} is out of range.")
    address_id: str = customer["addresses"][index]["id"]
    return address_id


def _active_cart(ctx: Ctx, customer_id: str | None, anonymous_id: str | None) -> Resource | None:
    """The owner's most recently modified Active cart."""
    carts = [
        c
        for c in ctx.store.all("cart")
        if c.get("cartState") == "Active"
        and (
            (customer_id is not None and c.get("customerId") == customer_id)
            or (customer_id is None and anonymous_id is not None and c.get("anonymousId") == anonymous_id)
        )
    ]
    return max(carts, key=lambda c: (c["lastModifiedAt"], c["version"]), default=None)


def sign_in_carts(
    ctx: Ctx,
    customer: Resource,
    *,
    anonymous_id: str | None,
    anonymous_cart_id: str | None,
    mode: str | None,
) -> Resource | None:
    """Keep a guest's cart on sign-in; return the customer's active cart afterwards."""
    guest: Resource | None = None
    if anonymous_cart_id is not None:
        guest = ctx.store.get("cart", anonymous_cart_id)
        if guest is None:
            raise not_found("ID", anonymous_cart_id)
    elif anonymous_id is not None:
        guest = _active_cart(ctx, None, anonymous_id)
    if guest is not None and (guest.get("cartState") != "Active" or guest.get("customerId")):
        guest = None
    existing = _active_cart(ctx, customer["id"], None)
    if guest is not None:
        guest = copy.deepcopy(guest)
        if existing is not None and mode != "UseAsNewActiveCustomerCart":
            target = copy.deepcopy(existing)
            merge_into(ctx, guest, target)
            ctx.store.put("cart", guest)
            ctx.store.put("cart", target)
        else:
            guest["customerId"] = customer["id"]
            if customer.get("email") and "customerEmail" not in guest:
                guest["customerEmail"] = customer["email"]
            touch(ctx, guest)
            ctx.store.put("cart", guest)
        if anonymous_id is not None:
            for order in ctx.store.all("order"):
                if order.get("anonymousId") == anonymous_id and not order.get("customerId"):
                    order["customerId"] = customer["id"]
    return _active_cart(ctx, customer["id"], None)


def _sign_in_result(ctx: Ctx, customer: Resource, cart: Resource | None) -> dict[str, Any]:
    result: dict[str, Any] = {"customer": view(ctx, customer)}
    if cart is not None:
        result["cart"] = view(ctx, cart)
    return result


def _signup(ctx: Ctx, draft: dict[str, Any], draft_model: str, anonymous_id: str | None) -> tuple[int, Any]:
    check_required(draft, draft_model)
    family = _spec.families()["customers"]
    customer = build(ctx, family, draft, draft_model=draft_model)
    ctx.store.put("customer", customer)
    anon_cart = draft.get("anonymousCart") or (
        {"id": draft["anonymousCartId"]} if draft.get("anonymousCartId") else None
    )
    cart = sign_in_carts(
        ctx,
        customer,
        anonymous_id=draft.get("anonymousId") or anonymous_id,
        anonymous_cart_id=anon_cart.get("id") if isinstance(anon_cart, dict) else None,
        mode="UseAsNewActiveCustomerCart",
    )
    return 201, _sign_in_result(ctx, customer, cart)


@route("ByProjectKeyCustomersPost")
def _create(ctx: Ctx) -> tuple[int, Any]:
    return _signup(ctx, ctx.body_dict(), "CustomerDraft", None)


@route("ByProjectKeyMeSignupPost")
def _me_signup(ctx: Ctx) -> tuple[int, Any]:
    # A shopper signs up with what MyCustomerDraft defines only (no isEmailVerified, customerGroup, ...).
    mine = {k: v for k, v in ctx.body_dict().items() if k in _spec.model_fields("MyCustomerDraft")}
    return _signup(ctx, mine, "MyCustomerDraft", ctx.grant.anonymous_id)


def _credentials(ctx: Ctx, draft_model: str) -> tuple[dict[str, Any], Resource]:
    draft = ctx.body_dict()
    check_required(draft, draft_model)
    customer = authenticate_customer(ctx.store, draft["email"], draft["password"], ctx.params.get("storeKey"))
    if customer is None:
        raise ApiFailure(400, "InvalidCredentials", "Account with the given credentials not found.")
    return draft, customer


@route("ByProjectKeyLoginPost")
def _login(ctx: Ctx) -> tuple[int, Any]:
    draft, customer = _credentials(ctx, "CustomerSignin")
    anon_cart = draft.get("anonymousCart") or (
        {"id": draft["anonymousCartId"]} if draft.get("anonymousCartId") else None
    )
    cart = sign_in_carts(
        ctx,
        customer,
        anonymous_id=draft.get("anonymousId"),
        anonymous_cart_id=anon_cart.get("id") if isinstance(anon_cart, dict) else None,
        mode=draft.get("anonymousCartSignInMode"),
    )
    return 200, _sign_in_result(ctx, customer, cart)


@route("ByProjectKeyMeLoginPost")
def _me_login(ctx: Ctx) -> tuple[int, Any]:
    draft, customer = _credentials(ctx, "MyCustomerSignin")
    cart = sign_in_carts(
        ctx,
        customer,
        anonymous_id=ctx.grant.anonymous_id,
        anonymous_cart_id=None,
        mode=draft.get("activeCartSignInMode"),
    )
    return 200, _sign_in_result(ctx, customer, cart)


def _change_password(ctx: Ctx, customer: Resource, draft: dict[str, Any]) -> tuple[int, Any]:
    check_version(customer, draft.get("version"))
    if not check_password(customer.get("password"), str(draft.get("currentPassword", ""))):
        raise ApiFailure(400, "InvalidCurrentPassword", "The given current password does not match.")
    new = draft.get("newPassword")
    if not isinstance(new, str) or not new:
        raise invalid_json("newPassword: Missing required value")
    updated = copy.deepcopy(customer)
    updated["password"] = hash_password(new)
    touch(ctx, updated)
    ctx.store.put("customer", updated)
    return 200, view(ctx, updated)


@route("ByProjectKeyCustomersPasswordPost")
def _password(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "CustomerChangePassword")
    customer = ctx.store.get("customer", draft["id"])
    if customer is None:
        raise not_found("ID", draft["id"])
    return _change_password(ctx, customer, draft)


# -- /me ------------------------------------------------------------------------------------------


def _me_customer(ctx: Ctx) -> Resource:
    if ctx.grant.customer_id is None:
        raise insufficient_scope("This endpoint needs a customer token (password flow).")
    customer = ctx.store.get("customer", ctx.grant.customer_id)
    if customer is None:
        raise not_found("ID", ctx.grant.customer_id)
    return customer


@route("ByProjectKeyMeGet")
def _me_get(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, _me_customer(ctx))


@route("ByProjectKeyMePost")
def _me_update(ctx: Ctx) -> tuple[int, Any]:
    customers = _spec.families()["customers"]
    updated = apply_update(ctx, customers, _me_customer(ctx), ctx.body, allowed=allowed_actions(ctx.op))
    ctx.store.put("customer", updated)
    return 200, view(ctx, updated)


@route("ByProjectKeyMeDelete")
def _me_delete(ctx: Ctx) -> tuple[int, Any]:
    customer = _me_customer(ctx)
    check_version(customer, delete_version(ctx))
    ctx.store.delete("customer", customer["id"])
    return 200, view(ctx, customer)


@route("ByProjectKeyMePasswordPost")
def _me_password(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "MyCustomerChangePassword")
    return _change_password(ctx, _me_customer(ctx), draft)


def _owner(ctx: Ctx) -> tuple[str | None, str | None]:
    if ctx.grant.customer_id is None and ctx.grant.anonymous_id is None:
        raise insufficient_scope("This endpoint needs a customer or anonymous session token.")
    return ctx.grant.customer_id, ctx.grant.anonymous_id


def _owns(ctx: Ctx, resource: Resource) -> bool:
    customer_id, anonymous_id = _owner(ctx)
    owner = resource.get("customerId") or (resource.get("customer") or {}).get("id")
    if customer_id is not None:
        return bool(owner == customer_id)
    return owner is None and anonymous_id is not None and resource.get("anonymousId") == anonymous_id


def _set_owner(ctx: Ctx, family: _spec.Family, draft: dict[str, Any]) -> dict[str, Any]:
    customer_id, anonymous_id = _owner(ctx)
    draft = dict(draft)
    fields = _spec.model_fields(family.model)
    if customer_id is not None:
        if "customerId" in fields:
            draft["customerId"] = customer_id
        else:
            draft["customer"] = {"typeId": "customer", "id": customer_id}
        customer = ctx.store.get("customer", customer_id)
        if customer is not None and "customerEmail" in fields:
            draft.setdefault("customerEmail", customer.get("email"))
    elif anonymous_id is not None:
        draft["anonymousId"] = anonymous_id
    return draft


_MY = {
    "carts": "MyCartDraft",
    "orders": "MyOrderFromCartDraft",
    "shopping-lists": "MyShoppingListDraft",
    "payments": "MyPaymentDraft",
}


def _my_family(ctx: Ctx) -> _spec.Family:
    segment = ctx.op.path.split("/")[3]
    return _spec.families()[segment]


def _my_one(ctx: Ctx, family: _spec.Family) -> Resource:
    if "ID" in ctx.params:
        found = ctx.store.get(family.type_id, ctx.params["ID"])
        what, value = "ID", ctx.params["ID"]
    else:
        found = ctx.store.find(family.type_id, "key", ctx.params["key"])
        what, value = "key", ctx.params["key"]
    if found is None or not _owns(ctx, found):
        raise not_found(what, value)
    return found


def _my_all(ctx: Ctx, family: _spec.Family) -> list[Resource]:
    return [r for r in ctx.store.all(family.type_id) if _owns(ctx, r)]


def _my_handler(ctx: Ctx) -> tuple[int, Any]:
    family = _my_family(ctx)
    single = "ID" in ctx.params or "key" in ctx.params
    method = ctx.op.method
    if not single:
        if method == "GET":
            return 200, query(ctx, _my_all(ctx, family))
        if method == "HEAD":
            return (200 if query(ctx, _my_all(ctx, family))["results"] else 404), None
        draft = ctx.body_dict()
        if family.type_id == "order":
            check_required(draft, "MyOrderFromCartDraft")
            cart = ctx.store.get("cart", draft["id"])
            if cart is None or not _owns(ctx, cart):
                raise not_found("ID", draft["id"])
            order = build(ctx, family, {"version": draft["version"], "cart": {"id": cart["id"]}})
            ctx.store.put("order", order)
            return 201, view(ctx, order)
        # Only what the My* draft defines: a shopper cannot name another owner, group or price.
        mine = {k: v for k, v in draft.items() if k in _spec.model_fields(_MY[family.segment])}
        resource = build(ctx, family, _set_owner(ctx, family, mine), draft_model=_MY[family.segment])
        ctx.store.put(family.type_id, resource)
        return 201, view(ctx, resource)
    found = _my_one(ctx, family)
    if method == "GET":
        return 200, view(ctx, found)
    if method == "HEAD":
        return 200, None
    if method == "POST":
        updated = apply_update(ctx, family, found, ctx.body, allowed=allowed_actions(ctx.op))
        ctx.store.put(family.type_id, updated)
        return 200, view(ctx, updated)
    check_version(found, delete_version(ctx))
    ctx.store.delete(family.type_id, found["id"])
    return 200, view(ctx, found)


def _register_my_routes() -> None:
    for op in _spec.operations():
        parts = op.path.split("/")
        if len(parts) in (4, 5) and parts[2] == "me" and parts[3] in _MY:
            if len(parts) == 5 and parts[4] not in ("{ID}", "key={key}"):
                continue
            route(op.id)(_my_handler)


_register_my_routes()


@route("ByProjectKeyMeActiveCartGet", "ByProjectKeyMeActiveCartHead")
def _me_active_cart(ctx: Ctx) -> tuple[int, Any]:
    customer_id, anonymous_id = _owner(ctx)
    cart = _active_cart(ctx, customer_id, anonymous_id)
    if cart is None:
        raise ApiFailure(404, "ResourceNotFound", "There is no active cart.")
    return 200, (None if ctx.op.method == "HEAD" else view(ctx, cart))


@route("ByProjectKeyCartsCustomerIdByCustomerIdGet", "ByProjectKeyCartsCustomerIdByCustomerIdHead")
def _customer_active_cart(ctx: Ctx) -> tuple[int, Any]:
    cart = _active_cart(ctx, ctx.params["customerId"], None)
    if cart is None:
        raise not_found("customerId", ctx.params["customerId"])
    return 200, (None if ctx.op.method == "HEAD" else view(ctx, cart))


def _order_by_number(ctx: Ctx) -> Resource:
    found = ctx.store.find("order", "orderNumber", ctx.params["orderNumber"])
    if found is None:
        raise not_found("orderNumber", ctx.params["orderNumber"])
    return found


@route(
    "ByProjectKeyOrdersOrderNumberByOrderNumberGet",
    "ByProjectKeyOrdersOrderNumberByOrderNumberHead",
    "ByProjectKeyOrdersOrderNumberByOrderNumberPost",
    "ByProjectKeyOrdersOrderNumberByOrderNumberDelete",
)
def _by_order_number(ctx: Ctx) -> tuple[int, Any]:
    found = _order_by_number(ctx)
    family = _spec.families()["orders"]
    if ctx.op.method == "GET":
        return 200, view(ctx, found)
    if ctx.op.method == "HEAD":
        return 200, None
    if ctx.op.method == "POST":
        updated = apply_update(ctx, family, found, ctx.body)
        ctx.store.put("order", updated)
        return 200, view(ctx, updated)
    check_version(found, delete_version(ctx))
    ctx.store.delete("order", found["id"])
    return 200, view(ctx, found)


__all__ = ["authenticate_customer", "order_from_cart"]


@on_create("customer-group")
def _create_customer_group(ctx: Ctx, draft: dict[str, Any], group: Resource) -> None:
    # The draft calls it `groupName`, the resource `name`.
    group["name"] = draft["groupName"]
