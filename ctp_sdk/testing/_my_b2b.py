"""What a signed-in buyer does in business units through `/me` (https://docs.commercetools.com/api/associates-overview):

- `/me/carts` with a `businessUnit`: the customer must be an associate there with CreateMyCarts;
  `/me/orders` from a cart of a business unit: CreateMyOrdersFromMyCarts (403
  `AssociateMissingPermission` otherwise). Both then run the plain `/me` handler;
- `/in-business-unit/key={businessUnitKey}/me/customers`: an associate with UpdateAssociates signs up a
  new customer and makes it an associate of the unit (at the unit's `version`), answering the
  CustomerSignInResult;
- an associate role is given to someone by a buyer (these endpoints, `/me/business-units`, the
  as-associate business-unit updates) only when it is `buyerAssignable`: else 400 InvalidOperation.
"""

from __future__ import annotations

from typing import Any

from . import _customers, _spec
from ._as_associate import buyer_assignable_only
from ._business_units import UNIT, new_associate, require, unit_by_key
from ._context import Ctx
from ._errors import invalid_json, not_found
from ._quotes import me_customer_id
from ._resources import build, check_required, check_version, touch, view
from ._routes import ROUTES, Handler, route

_ = _customers  # its /me handlers are registered before they are wrapped here


def _wrap(op_id: str, check: Any) -> None:
    inner: Handler = ROUTES.pop(op_id)

    def handler(ctx: Ctx) -> tuple[int, Any]:
        check(ctx)
        return inner(ctx)

    route(op_id)(handler)


def _b2b_cart(ctx: Ctx) -> None:
    ident = ctx.body_dict().get("businessUnit")
    if not isinstance(ident, dict):
        return
    unit = ctx.store.get(UNIT, str(ident["id"])) if "id" in ident else unit_by_key(ctx.store, ident.get("key"))
    if unit is None:
        raise not_found("key" if "key" in ident else "ID", str(ident.get("key") or ident.get("id")))
    require(ctx.store, unit, me_customer_id(ctx), "CreateMyCarts")


def _b2b_order(ctx: Ctx) -> None:
    cart = ctx.store.get("cart", str(ctx.body_dict().get("id")))
    unit = unit_by_key(ctx.store, ((cart or {}).get("businessUnit") or {}).get("key"))
    if cart is not None and unit is not None and ctx.grant.customer_id is not None:
        require(ctx.store, unit, ctx.grant.customer_id, "CreateMyOrdersFromMyCarts")


_wrap("ByProjectKeyMeCartsPost", _b2b_cart)
_wrap("ByProjectKeyMeOrdersPost", _b2b_order)


@route("ByProjectKeyInBusinessUnitKeyByBusinessUnitKeyMeCustomersPost")
def _sign_up_associate(ctx: Ctx) -> tuple[int, Any]:
    me = me_customer_id(ctx)
    unit = unit_by_key(ctx.store, ctx.params["businessUnitKey"])
    if unit is None:
        raise not_found("key", ctx.params["businessUnitKey"])
    require(ctx.store, unit, me, "UpdateAssociates")
    draft = ctx.body_dict()
    check_required(draft, "MyBusinessUnitAssociateDraft")
    check_version(unit, draft["version"])
    if not isinstance(draft["customer"], dict):
        raise invalid_json("customer: Missing required value")
    buyer_assignable_only(ctx, draft["associateRoleAssignments"])
    check_required(draft["customer"], "MyCustomerDraft")
    customer = build(ctx, _spec.families()["customers"], draft["customer"], draft_model="MyCustomerDraft")
    ctx.store.put("customer", customer)
    try:
        ref = {"typeId": "customer", "id": customer["id"]}
        associate = new_associate(ctx, {"customer": ref, "associateRoleAssignments": draft["associateRoleAssignments"]})
    except Exception:
        ctx.store.delete("customer", customer["id"])  # all or nothing
        raise
    updated = dict(unit)
    updated["associates"] = [*unit.get("associates", []), associate]
    touch(ctx, updated)
    ctx.store.put(UNIT, updated)
    return 201, {"customer": view(ctx, customer)}
