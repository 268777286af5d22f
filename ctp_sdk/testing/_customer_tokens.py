"""Customer email verification and password reset: tokens with a lifetime on the backend clock.

`POST /customers/email-token` / `/customers/password-token` issue a CustomerToken (a password
token lives 24 h unless `ttlMinutes` says otherwise; `invalidateOlderTokens` retires the customer's
earlier ones); `/customers/email/confirm` sets `isEmailVerified`; `/customers/password/reset` sets
the new password (both also under `/me`). Redeeming a token retires the customer's other tokens of
that kind; an unknown or used token is 404 `ResourceNotFound`, an expired one 400
`ExpiredCustomerEmailToken` / `ExpiredCustomerPasswordToken`
(https://docs.commercetools.com/api/releases/2025-06-04-improved-email-verification-and-password-reset-flows).
"""

from __future__ import annotations

import copy
import datetime
import secrets
from typing import Any

from ._context import Ctx
from ._customers import find_by_email, hash_password
from ._errors import ApiFailure, invalid_json, not_found
from ._resources import Resource, check_required, check_version, touch, view
from ._routes import route

_TOKENS = "customer-token"  # kept in the store, so `Backend.reset()` forgets them too
_TTL_MINUTES = {"email": 1440, "password": 1440}
_EXPIRED = {"email": "ExpiredCustomerEmailToken", "password": "ExpiredCustomerPasswordToken"}


def _later(now: str, minutes: int) -> str:
    start = datetime.datetime.fromisoformat(now.replace("Z", "+00:00"))
    return (start + datetime.timedelta(minutes=minutes)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _issue(ctx: Ctx, customer: Resource, kind: str, draft: dict[str, Any]) -> dict[str, Any]:
    ttl = draft.get("ttlMinutes", _TTL_MINUTES[kind])
    if not isinstance(ttl, int) or ttl < 1:
        raise invalid_json("ttlMinutes: must be a positive integer")
    if draft.get("invalidateOlderTokens"):
        for old in ctx.store.all(_TOKENS):
            if old["customerId"] == customer["id"] and old["_kind"] == kind:
                ctx.store.delete(_TOKENS, old["id"])
    token = {
        "id": ctx.new_id(),
        "customerId": customer["id"],
        "value": secrets.token_urlsafe(24),
        "expiresAt": _later(ctx.now, ttl),
        "invalidateOlderTokens": bool(draft.get("invalidateOlderTokens", False)),
        "createdAt": ctx.now,
        "_kind": kind,
    }
    ctx.store.put(_TOKENS, token)
    return {k: v for k, v in token.items() if not k.startswith("_")}


def _redeem(ctx: Ctx, value: Any, kind: str, *, consume: bool) -> Resource:
    for token in ctx.store.all(_TOKENS):
        if token["value"] != value or token["_kind"] != kind:
            continue
        if token["expiresAt"] <= ctx.now:
            raise ApiFailure(400, _EXPIRED[kind], f"The {kind} token has expired.")
        customer = ctx.store.get("customer", token["customerId"])
        if customer is None:
            break
        if consume:
            for other in ctx.store.all(_TOKENS):
                if other["customerId"] == customer["id"] and other["_kind"] == kind:
                    ctx.store.delete(_TOKENS, other["id"])
        return customer
    raise ApiFailure(404, "ResourceNotFound", f"The Customer with the given {kind} token was not found.")


@route("ByProjectKeyCustomersEmailTokenPost")
def _email_token(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "CustomerCreateEmailToken")
    customer = ctx.store.get("customer", str(draft["id"]))
    if customer is None:
        raise not_found("ID", str(draft["id"]))
    if draft.get("version") is not None:
        check_version(customer, draft["version"])
    return 200, _issue(ctx, customer, "email", draft)


@route("ByProjectKeyCustomersPasswordTokenPost")
def _password_token(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "CustomerCreatePasswordResetToken")
    customer = find_by_email(ctx.store, str(draft["email"]))
    if customer is None:
        raise ApiFailure(404, "ResourceNotFound", "The Resource with the given email was not found.")
    return 200, _issue(ctx, customer, "password", draft)


@route("ByProjectKeyCustomersEmailTokenByEmailTokenGet")
def _by_email_token(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, _redeem(ctx, ctx.params["emailToken"], "email", consume=False))


@route("ByProjectKeyCustomersPasswordTokenByPasswordTokenGet")
def _by_password_token(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, _redeem(ctx, ctx.params["passwordToken"], "password", consume=False))


def _save(ctx: Ctx, customer: Resource, change: dict[str, Any], version: Any) -> tuple[int, Any]:
    if version is not None:
        check_version(customer, version)
    updated = copy.deepcopy(customer)
    updated.update(change)
    touch(ctx, updated)
    ctx.store.put("customer", updated)
    return 200, view(ctx, updated)


@route("ByProjectKeyCustomersEmailConfirmPost", "ByProjectKeyMeEmailConfirmPost")
def _confirm_email(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, ctx.op.body)
    customer = _redeem(ctx, draft["tokenValue"], "email", consume=False)
    if ctx.op.id.startswith("ByProjectKeyMe") and ctx.grant.customer_id != customer["id"]:
        # /me confirms only the signed-in shopper's own address.
        raise ApiFailure(404, "ResourceNotFound", "The Customer with the given email token was not found.")
    _redeem(ctx, draft["tokenValue"], "email", consume=True)
    return _save(ctx, customer, {"isEmailVerified": True}, draft.get("version"))


@route("ByProjectKeyCustomersPasswordResetPost", "ByProjectKeyMePasswordResetPost")
def _reset_password(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, ctx.op.body)
    new = draft["newPassword"]
    if not isinstance(new, str) or not new:
        raise invalid_json("newPassword: Missing required value")
    customer = _redeem(ctx, draft["tokenValue"], "password", consume=True)
    return _save(ctx, customer, {"password": hash_password(new)}, draft.get("version"))
