"""The quote flow: quote request -> staged quote -> quote -> order (https://docs.commercetools.com/api/quotes-overview).

- A QuoteRequest is made from a Cart with a customer (at `cartVersion`): it copies the cart's items,
  totals, addresses, modes, shipping, business unit and store; `quoteRequestState: Submitted`.
- A StagedQuote answers a Submitted or Accepted request (at `quoteRequestVersion`;
  `quoteRequestStateToAccepted` accepts it): the seller gets a new `quotationCart` (origin `Quote`)
  holding the request's content to negotiate on; `stagedQuoteState: InProgress`.
- A Quote is made from a staged quote (at `stagedQuoteVersion`; `stagedQuoteStateToSent` marks it Sent)
  with the quotation cart's content as it is then, `validTo` and `sellerComment`; `quoteState: Pending`.
  An earlier quote of the same staged quote that the buyer declined for renegotiation becomes
  `RenegotiationAddressed`.
- `requestQuoteRenegotiation` (buyer, on a Pending quote) -> `DeclinedForRenegotiation` with the
  `buyerComment`.
- An Order from a Quote (`/orders/quotes`, in-store, `/me`, as-associate) needs a Pending quote not past
  `validTo` (else 400 InvalidOperation), takes stock like an order from a cart, references the quote
  (`origin: Quote`) and, with `quoteStateToAccepted`, accepts it.
- `/me/quote-requests` and `/me/quotes`: the shopper's own; `cancelQuoteRequest` (Submitted only) and
  `changeMyQuoteState` (Accepted / Declined, Pending only); for a B2B one (with a business unit) the
  customer needs the matching associate permission there.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from . import _spec
from ._actions import on_action
from ._business_units import check_active, require, unit_by_key
from ._context import Ctx
from ._drafts import check_decodable
from ._errors import insufficient_scope, invalid_json, invalid_operation, not_found
from ._inventory import take_stock
from ._resources import (
    Resource,
    build,
    check_required,
    check_unique,
    check_version,
    converter,
    new_resource,
    on_create,
    query,
    resolve,
    touch,
    view,
)
from ._routes import route

_COPIED = (
    "customerGroup",
    "store",
    "businessUnit",
    "lineItems",
    "customLineItems",
    "totalPrice",
    "taxedPrice",
    "shippingAddress",
    "billingAddress",
    "inventoryMode",
    "taxMode",
    "priceRoundingMode",
    "taxRoundingMode",
    "taxCalculationMode",
    "country",
    "shippingInfo",
    "paymentInfo",
    "shippingRateInput",
    "itemShippingAddresses",
    "directDiscounts",
)


def _copy(source: Resource, target: Resource, model: str) -> None:
    fields = _spec.model_fields(model)
    for key in _COPIED:
        if key in fields and source.get(key) is not None:
            target[key] = copy.deepcopy(source[key])


def _set_state(ctx: Ctx, type_id: str, resource: Resource, field: str, state: str) -> None:
    """Store `resource` with `field` changed (another resource than the one being created)."""
    updated = copy.deepcopy(resource)
    updated[field] = state
    touch(ctx, updated)
    ctx.store.put(type_id, updated)


def _existing(ctx: Ctx, type_id: str, ref: dict[str, Any]) -> Resource:
    found = ctx.store.get(type_id, ref["id"])
    if found is None:  # converted references exist; a store-scoped view may hide it
        raise not_found("ID", ref["id"])
    return found


def owner_id(resource: Resource) -> str | None:
    """The customer a cart, order, quote request, quote or shopping list belongs to."""
    owner = resource.get("customerId") or (resource.get("customer") or {}).get("id")
    return str(owner) if owner is not None else None


@on_create("quote-request")
def _create_quote_request(ctx: Ctx, draft: dict[str, Any], request: Resource) -> None:
    cart = _existing(ctx, "cart", request["cart"])
    check_version(cart, draft.get("cartVersion"))
    if cart.get("customerId") is None:
        raise invalid_operation("A quote can only be requested for a cart that has a customer.")
    if cart.get("cartState") != "Active":
        raise invalid_operation(f"The cart is not active (cartState {cart.get('cartState')}).")
    unit = unit_by_key(ctx.store, (cart.get("businessUnit") or {}).get("key"))
    if unit is not None:
        check_active(unit)
    _copy(cart, request, "QuoteRequest")
    request["customer"] = {"typeId": "customer", "id": cart["customerId"]}
    request["quoteRequestState"] = "Submitted"


def _quotation_cart(ctx: Ctx, request: Resource) -> Resource:
    original = ctx.store.get("cart", (request.get("cart") or {}).get("id", ""))
    cart: Resource = copy.deepcopy(original) if original is not None else {}
    cart.pop("key", None)
    cart.update(new_resource(ctx), cartState="Active", origin="Quote", customerId=owner_id(request))
    _copy(request, cart, "Cart")
    converter(ctx).fill(cart, "Cart")
    check_decodable("Cart", cart, "Creating the quotation cart of a StagedQuote")
    return cart


@on_create("staged-quote")
def _create_staged_quote(ctx: Ctx, draft: dict[str, Any], staged: Resource) -> None:
    request = _existing(ctx, "quote-request", staged["quoteRequest"])
    check_version(request, draft.get("quoteRequestVersion"))
    if request["quoteRequestState"] not in ("Submitted", "Accepted"):
        raise invalid_operation(f"The quote request is {request['quoteRequestState']}; it cannot be quoted.")
    cart = _quotation_cart(ctx, request)
    ctx.store.put("cart", cart)
    if draft.get("quoteRequestStateToAccepted"):
        _set_state(ctx, "quote-request", request, "quoteRequestState", "Accepted")
    staged["quotationCart"] = {"typeId": "cart", "id": cart["id"]}
    staged["stagedQuoteState"] = "InProgress"
    for key in ("customer", "businessUnit", "store", "purchaseOrderNumber"):
        if request.get(key) is not None:
            staged[key] = copy.deepcopy(request[key])


@on_create("quote")
def _create_quote(ctx: Ctx, draft: dict[str, Any], quote: Resource) -> None:
    staged = _existing(ctx, "staged-quote", quote["stagedQuote"])
    check_version(staged, draft.get("stagedQuoteVersion"))
    if staged["stagedQuoteState"] == "Closed":
        raise invalid_operation("The staged quote is Closed.")
    cart = _existing(ctx, "cart", staged["quotationCart"])
    _copy(cart, quote, "Quote")
    for key in ("customer", "businessUnit", "store", "purchaseOrderNumber", "validTo", "sellerComment", "quoteRequest"):
        if staged.get(key) is not None:
            quote[key] = copy.deepcopy(staged[key])
    quote["quoteState"] = "Pending"
    if draft.get("stagedQuoteStateToSent"):
        _set_state(ctx, "staged-quote", staged, "stagedQuoteState", "Sent")
    for earlier in ctx.store.all("quote"):
        if earlier["stagedQuote"]["id"] == staged["id"] and earlier["quoteState"] == "DeclinedForRenegotiation":
            _set_state(ctx, "quote", earlier, "quoteState", "RenegotiationAddressed")


def _instant(text: Any) -> dt.datetime:
    try:
        instant = dt.datetime.fromisoformat(str(text))
    except ValueError:
        raise invalid_json(f"Malformed date-time: {text!r}.") from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=dt.UTC)


def _pending(quote: Resource) -> None:
    if quote.get("quoteState") != "Pending":
        raise invalid_operation(f"The quote is {quote.get('quoteState')}, not Pending.")


@on_action("quote", "requestQuoteRenegotiation")
def _renegotiate(ctx: Ctx, family: _spec.Family, quote: Resource, action: dict[str, Any]) -> None:
    _pending(quote)
    quote["quoteState"] = "DeclinedForRenegotiation"
    if action.get("buyerComment") is not None:
        quote["buyerComment"] = action["buyerComment"]


# -- orders from quotes -----------------------------------------------------------------------------


def order_from_quote(ctx: Ctx, quote: Resource, draft: dict[str, Any]) -> Resource:
    """A stored Order made from `quote` (OrderFromQuoteDraft fields in `draft`)."""
    check_version(quote, draft.get("version"))
    _pending(quote)
    if quote.get("validTo") is not None and _instant(quote["validTo"]) < _instant(ctx.now):
        raise invalid_operation(f"The quote expired at {quote['validTo']}.")
    order = new_resource(ctx)
    _copy(quote, order, "Order")
    customer_id = owner_id(quote)
    if customer_id is not None:
        order["customerId"] = customer_id
        customer = ctx.store.unscoped().get("customer", customer_id)
        if customer is not None and customer.get("email"):
            order["customerEmail"] = customer["email"]
    order["quote"] = {"typeId": "quote", "id": quote["id"]}
    order["origin"] = "Quote"
    order["shippingMode"] = "Multiple" if quote.get("itemShippingAddresses") else "Single"
    order["orderState"] = draft.get("orderState") or "Open"
    for key in ("orderNumber", "paymentState", "shipmentState"):
        if draft.get(key) is not None:
            order[key] = draft[key]
    if draft.get("state") is not None:
        order["state"] = resolve(ctx, "state", draft["state"])
    if order.get("orderNumber") is not None:
        check_unique(ctx, "order", "orderNumber", order["orderNumber"], order["id"])
    converter(ctx).fill(order, "Order")
    check_decodable("Order", order, "Creating an Order from a Quote")
    take_stock(ctx, quote)
    ctx.store.put("order", order)
    if draft.get("quoteStateToAccepted"):
        _set_state(ctx, "quote", quote, "quoteState", "Accepted")
    return order


@route("ByProjectKeyOrdersQuotesPost")
def _order_from_quote(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "OrderFromQuoteDraft")
    ref = resolve(ctx, "quote", draft["quote"])
    return 201, view(ctx, order_from_quote(ctx, _existing(ctx, "quote", ref), draft))


# -- /me ------------------------------------------------------------------------------------------


def me_customer_id(ctx: Ctx) -> str:
    if ctx.grant.customer_id is None:
        raise insufficient_scope("This endpoint needs a customer token (password flow).")
    return ctx.grant.customer_id


def _b2b(ctx: Ctx, resource: Resource, customer_id: str, permission: str) -> None:
    """A resource of a business unit needs the customer's associate `permission` there."""
    unit = unit_by_key(ctx.store, (resource.get("businessUnit") or {}).get("key"))
    if unit is not None:
        require(ctx.store, unit, customer_id, permission)


def _my_one(ctx: Ctx, type_id: str) -> Resource:
    customer_id = me_customer_id(ctx)
    if "ID" in ctx.params:
        found, what, value = ctx.store.get(type_id, ctx.params["ID"]), "ID", ctx.params["ID"]
    else:
        found, what, value = ctx.store.find(type_id, "key", ctx.params["key"]), "key", ctx.params["key"]
    if found is None or owner_id(found) != customer_id:
        raise not_found(what, value)
    return found


def _owned(ctx: Ctx, type_id: str, resource_id: str, customer_id: str) -> Resource:
    """The customer's own resource named in a `/me` draft (404 for anyone else's, as the API answers)."""
    found = ctx.store.get(type_id, resource_id)
    if found is None or owner_id(found) != customer_id:
        raise not_found("ID", resource_id)
    return found


def _my_query(ctx: Ctx, type_id: str) -> tuple[int, Any]:
    customer_id = me_customer_id(ctx)
    found = query(ctx, [r for r in ctx.store.all(type_id) if owner_id(r) == customer_id])
    if ctx.op.method == "HEAD":
        return (200 if found["results"] else 404), None
    return 200, found


def _my_update(ctx: Ctx, type_id: str, resource: Resource, change: Any) -> tuple[int, Any]:
    """Apply the `/me` update actions (their own models, not the resource's) with `change(action, work)`."""
    body = ctx.body_dict()
    check_version(resource, body.get("version"))
    actions = body.get("actions")
    if not isinstance(actions, list):
        raise invalid_json("actions: Missing required value")
    allowed = _spec.subtypes(f"{ctx.op.body}Action") if ctx.op.body else {}
    work = copy.deepcopy(resource)
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        if name not in allowed:
            raise invalid_json(f"actions -> action: Unknown update action '{name}' for this endpoint.")
        change(action, work)
    if work != resource:
        touch(ctx, work)
    ctx.store.put(type_id, work)
    return 200, view(ctx, work)


@route(
    "ByProjectKeyMeQuoteRequestsGet",
    "ByProjectKeyMeQuoteRequestsHead",
    "ByProjectKeyMeQuoteRequestsByIDGet",
    "ByProjectKeyMeQuoteRequestsByIDHead",
    "ByProjectKeyMeQuoteRequestsKeyByKeyGet",
    "ByProjectKeyMeQuoteRequestsKeyByKeyHead",
    "ByProjectKeyMeQuotesGet",
    "ByProjectKeyMeQuotesHead",
    "ByProjectKeyMeQuotesByIDGet",
    "ByProjectKeyMeQuotesByIDHead",
    "ByProjectKeyMeQuotesKeyByKeyGet",
    "ByProjectKeyMeQuotesKeyByKeyHead",
)
def _my_read(ctx: Ctx) -> tuple[int, Any]:
    type_id = "quote-request" if "/quote-requests" in ctx.op.path else "quote"
    if "ID" not in ctx.params and "key" not in ctx.params:
        return _my_query(ctx, type_id)
    found = _my_one(ctx, type_id)
    return 200, (None if ctx.op.method == "HEAD" else view(ctx, found))


@route("ByProjectKeyMeQuoteRequestsPost")
def _my_request(ctx: Ctx) -> tuple[int, Any]:
    customer_id = me_customer_id(ctx)
    draft = ctx.body_dict()
    check_required(draft, "MyQuoteRequestDraft")
    cart = _owned(ctx, "cart", str(draft["cartId"]), customer_id)
    _b2b(ctx, cart, customer_id, "CreateMyQuoteRequestsFromMyCarts")
    own = {"cart": {"typeId": "cart", "id": cart["id"]}, "cartVersion": draft["cartVersion"]}
    if draft.get("comment") is not None:
        own["comment"] = draft["comment"]
    request = build(ctx, _spec.families()["quote-requests"], own)
    ctx.store.put("quote-request", request)
    return 201, view(ctx, request)


@route("ByProjectKeyMeQuoteRequestsByIDPost", "ByProjectKeyMeQuoteRequestsKeyByKeyPost")
def _my_request_update(ctx: Ctx) -> tuple[int, Any]:
    request = _my_one(ctx, "quote-request")
    _b2b(ctx, request, me_customer_id(ctx), "UpdateMyQuoteRequests")

    def cancel(action: dict[str, Any], work: Resource) -> None:
        if work["quoteRequestState"] != "Submitted":
            raise invalid_operation(f"Only a Submitted quote request can be cancelled ({work['quoteRequestState']}).")
        work["quoteRequestState"] = "Cancelled"

    return _my_update(ctx, "quote-request", request, cancel)


@route("ByProjectKeyMeQuotesByIDPost", "ByProjectKeyMeQuotesKeyByKeyPost")
def _my_quote_update(ctx: Ctx) -> tuple[int, Any]:
    quote = _my_one(ctx, "quote")
    customer_id = me_customer_id(ctx)

    def change(action: dict[str, Any], work: Resource) -> None:
        state = action.get("quoteState")
        if state not in ("Accepted", "Declined"):
            raise invalid_json("quoteState: Missing required value")
        _b2b(ctx, work, customer_id, "AcceptMyQuotes" if state == "Accepted" else "DeclineMyQuotes")
        _pending(work)
        work["quoteState"] = state

    return _my_update(ctx, "quote", quote, change)


@route("ByProjectKeyMeOrdersQuotesPost")
def _my_order_from_quote(ctx: Ctx) -> tuple[int, Any]:
    customer_id = me_customer_id(ctx)
    draft = ctx.body_dict()
    check_required(draft, "MyOrderFromQuoteDraft")
    quote = _owned(ctx, "quote", str(draft["id"]), customer_id)
    _b2b(ctx, quote, customer_id, "CreateMyOrdersFromMyQuotes")
    order = order_from_quote(
        ctx, quote, {"version": draft["version"], "quoteStateToAccepted": draft.get("quoteStateToAccepted")}
    )
    return 201, view(ctx, order)


__all__ = ["me_customer_id", "order_from_quote", "owner_id"]
