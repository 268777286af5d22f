"""Merge Cart (`POST /carts/customer-id={customerId}/merge`, and in a Store through `_in_store`).

The endpoint does what sign-in does with a guest's cart (customers-overview "Cart merge during
sign-in and sign-up"), for shoppers who authenticate elsewhere; so it runs the same code as `/login`
(`_customers.sign_in_carts`): `MergeWithExistingCustomerCart` (the default) moves the anonymous
cart's line items into the customer's most recently modified active cart and marks the anonymous
one `Merged`; `UseAsNewActiveCustomerCart`, or no active cart at all (since the 2025-10-23 release),
makes the anonymous cart the customer's. The answer is the customer's active cart afterwards.

Unlike sign-in, which quietly ignores a guest cart it cannot take, an explicit merge names its cart,
so one it cannot merge is an error: unknown (or of another Store, in-store) -> 404 ResourceNotFound;
not Active, or already a customer's -> 400 InvalidOperation. The customer must exist (404).
"""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._carts import _recalculate, recompute
from ._context import Ctx
from ._customers import sign_in_carts
from ._errors import ApiFailure, invalid_json, invalid_operation, not_found
from ._resources import Resource, check_required, touch, view
from ._routes import route

_MODES = ("MergeWithExistingCustomerCart", "UseAsNewActiveCustomerCart")


def _anonymous_cart(ctx: Ctx, ident: Any) -> Resource:
    if not isinstance(ident, dict) or not (ident.get("id") or ident.get("key")):
        raise ApiFailure(400, "InvalidJsonInput", "anonymousCart: give the Cart's id or key.")
    found = (
        ctx.store.get("cart", str(ident["id"])) if ident.get("id") else ctx.store.find("cart", "key", str(ident["key"]))
    )
    if found is None:
        what = "ID" if ident.get("id") else "key"
        raise not_found(what, str(ident.get("id") or ident.get("key")))
    if found.get("cartState") != "Active":
        raise invalid_operation(f"Cart '{found['id']}' is {found.get('cartState')}; only an Active Cart can be merged.")
    if found.get("customerId"):
        raise invalid_operation(f"Cart '{found['id']}' belongs to a Customer; only an anonymous Cart can be merged.")
    return found


@route("ByProjectKeyCartsCustomerIdByCustomerIdMergePost")
def _merge(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "MergeCartDraft")
    customer = ctx.store.get("customer", ctx.params["customerId"])
    if customer is None:
        raise not_found("ID", ctx.params["customerId"])
    guest = _anonymous_cart(ctx, draft["anonymousCart"]) if draft.get("anonymousCart") is not None else None
    anonymous_id = draft.get("anonymousId")
    mode = draft.get("mergeMode", "MergeWithExistingCustomerCart")
    if mode not in _MODES:
        raise invalid_json(f"mergeMode: Value '{mode}' is not valid; expected one of {', '.join(_MODES)}.")
    if guest is None and not anonymous_id:
        raise ApiFailure(400, "InvalidJsonInput", "Give the anonymousCart or the anonymousId to merge from.")
    cart = sign_in_carts(
        ctx,
        customer,
        anonymous_id=anonymous_id,
        anonymous_cart_id=guest["id"] if guest is not None else None,
        mode=mode,
    )
    if cart is None:
        raise ApiFailure(404, "ResourceNotFound", f"There is no active Cart for the anonymous id '{anonymous_id}'.")
    if draft.get("updateProductData"):
        # What the Cart `recalculate` action does with updateProductData: current names and variants.
        cart = copy.deepcopy(cart)
        _recalculate(ctx, _spec.families()["carts"], cart, {"updateProductData": True})
        recompute(ctx, cart)
        touch(ctx, cart)
        ctx.store.put("cart", cart)
    return 200, view(ctx, cart)
