"""Payments: transactions, interface interactions, method info and status (`PaymentUpdateAction`s).

Transactions get an id and the documented default state `Initial`; their amounts are money as
stored. `changeTransactionState` follows no state machine (the API lets any state follow any other).
"""

from __future__ import annotations

from typing import Any

from . import _spec
from ._actions import apply_custom, on_action
from ._context import Ctx
from ._errors import invalid_json, invalid_operation
from ._resources import Resource, converter, custom_fields

Action = dict[str, Any]


def _transaction(payment: Resource, action: Action) -> dict[str, Any]:
    for transaction in payment.get("transactions", []):
        if transaction["id"] == action.get("transactionId"):
            found: dict[str, Any] = transaction
            return found
    raise invalid_operation(f"The payment has no transaction '{action.get('transactionId')}'.")


@on_action("payment", "addTransaction")
def _add_transaction(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    draft = action.get("transaction")
    if not isinstance(draft, dict):
        raise invalid_json("transaction: Missing required value")
    transactions = _spec.model_fields("Payment")["transactions"]
    payment.setdefault("transactions", []).extend(converter(ctx).value([draft], transactions))


@on_action(
    "payment",
    "changeTransactionState",
    "changeTransactionTimestamp",
    "changeTransactionInteractionId",
    "setTransactionInterfaceId",
)
def _change_transaction(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    transaction = _transaction(payment, action)
    field = {
        "changeTransactionState": "state",
        "changeTransactionTimestamp": "timestamp",
        "changeTransactionInteractionId": "interactionId",
        "setTransactionInterfaceId": "interfaceId",
    }[action["action"]]
    value = action.get(field)
    if value is None:
        if field in ("state", "timestamp"):
            raise invalid_json(f"{field}: Missing required value")
        transaction.pop(field, None)
    else:
        transaction[field] = value


@on_action("payment", "setTransactionCustomType", "setTransactionCustomField")
def _transaction_custom(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    apply_custom(ctx, _transaction(payment, action), action)


@on_action("payment", "addInterfaceInteraction")
def _add_interaction(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    payment.setdefault("interfaceInteractions", []).append(custom_fields(ctx, action))


@on_action("payment", "setStatusInterfaceCode", "setStatusInterfaceText")
def _set_status(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    field = "interfaceCode" if action["action"] == "setStatusInterfaceCode" else "interfaceText"
    status = payment.setdefault("paymentStatus", {})
    if action.get(field) is None:
        status.pop(field, None)
    else:
        status[field] = action[field]


_METHOD_INFO = {
    "setMethodInfoInterface": "paymentInterface",
    "setMethodInfoMethod": "method",
    "setMethodInfoName": "name",
    "setMethodInfoInterfaceAccount": "interfaceAccount",
    "setMethodInfoToken": "token",
}


@on_action("payment", *_METHOD_INFO)
def _set_method_info(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    field = _METHOD_INFO[action["action"]]
    info = payment.setdefault("paymentMethodInfo", {})
    payload = next((v for k, v in action.items() if k != "action"), None)
    if payload is None:
        info.pop(field, None)
    else:
        holder = _spec.model_fields("PaymentMethodInfo")[field]
        info[field] = converter(ctx).value(payload, holder)


@on_action("payment", "setMethodInfoCustomType", "setMethodInfoCustomField")
def _method_info_custom(ctx: Ctx, family: _spec.Family, payment: Resource, action: Action) -> None:
    apply_custom(ctx, payment.setdefault("paymentMethodInfo", {}), action)
