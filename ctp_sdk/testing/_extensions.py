"""API Extensions (https://docs.commercetools.com/api/projects/api-extensions): created, read, queried,
updated and deleted like any resource, as the official Java SDK's ExtensionIntegrationTests do. The fake
never calls a destination, so a request an extension's trigger covers (its resource type and Create or
Update action) answers 501 naming the extension instead of running as if it were not there: a silently
skipped extension would be a wrong answer. Trigger `condition`s are not evaluated, so a conditional
extension refuses every request of its type and action.
"""

from __future__ import annotations

from ._context import Ctx
from ._errors import not_implemented

# the resource of a request body model, without `My` and `Draft` / `Update` (CartDraft, MyCartUpdate, ...)
_TYPE_OF_BODY = {
    "Cart": "cart",
    "Order": "order",
    "OrderFromCart": "order",
    "OrderFromQuote": "order",
    "OrderImport": "order",
    "Payment": "payment",
    "Customer": "customer",
    "QuoteRequest": "quote-request",
    "StagedQuote": "staged-quote",
    "Quote": "quote",
    "BusinessUnit": "business-unit",
    "ShoppingList": "shopping-list",
}


def _trigger_of(body_model: str | None) -> tuple[str, str] | None:
    """(resourceTypeId, action) an extension trigger would match for a request with this body model."""
    if body_model is None:
        return None
    name = body_model.removeprefix("My")
    for suffix, action in (("Draft", "Create"), ("Update", "Update")):
        if name.endswith(suffix):
            type_id = _TYPE_OF_BODY.get(name.removesuffix(suffix))
            return (type_id, action) if type_id is not None else None
    return None


def refuse_triggered(ctx: Ctx) -> None:
    """501 if an API Extension's trigger covers this request (the fake cannot call its destination)."""
    extensions = ctx.store.unscoped().all("extension")
    if not extensions or ctx.op.method != "POST":
        return
    trigger = _trigger_of(ctx.op.body)
    if trigger is None:
        return
    type_id, action = trigger
    for extension in extensions:
        for rule in extension.get("triggers", []):
            if rule.get("resourceTypeId") == type_id and action in rule.get("actions", []):
                name = extension.get("key") or extension["id"]
                raise not_implemented(
                    f"{action} of a {type_id} with API Extension '{name}' registered (the fake never calls"
                    " extension destinations)"
                )
