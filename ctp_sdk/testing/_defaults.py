"""The one reviewed table of values commercetools fills in when a draft leaves a field out.

The spec states none of these (its schemas carry no `default:` and no descriptions; only query
parameters have `x-annotation-default`), so each entry names the documentation page that does.
Everything else a resource gains on creation is derived, not listed: ids of nested objects, empty
lists for required list fields, references from resource identifiers, money from money drafts
(`_drafts`), and the per-resource values computed by the create hooks (cart totals, category
ancestors, an inventory entry's `availableQuantity`, a business unit's `topLevelUnit`, ...).

Keyed by the *resource-side* model (the concrete subtype for polymorphic ones, e.g. `Company`), so
the same default applies wherever that type is built from its draft, nested or not.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Default(NamedTuple):
    value: Any
    source: str  # the commercetools documentation page stating it


def _doc(type_name: str) -> str:
    return f"https://docs.commercetools.com/apis/ctp:api:type:{type_name}"


_CART_MODES = {
    # CartDraft: "Default: Platform" / "HalfEven" / "HalfEven" / "LineItemLevel" / "None" / "Single" / "Customer"
    "taxMode": Default("Platform", _doc("CartDraft")),
    "priceRoundingMode": Default("HalfEven", _doc("CartDraft")),
    "taxRoundingMode": Default("HalfEven", _doc("CartDraft")),
    "taxCalculationMode": Default("LineItemLevel", _doc("CartDraft")),
    "inventoryMode": Default("None", _doc("CartDraft")),
}

DEFAULTS: dict[str, dict[str, Default]] = {
    "AttributeDefinition": {
        "level": Default("Variant", _doc("AttributeDefinitionDraft")),
        "attributeConstraint": Default("None", _doc("AttributeDefinitionDraft")),
        "inputHint": Default("SingleLine", _doc("AttributeDefinitionDraft")),
        "isSearchable": Default(True, _doc("AttributeDefinitionDraft")),
    },
    "AssociateRole": {"buyerAssignable": Default(True, _doc("AssociateRoleDraft"))},
    "AssociateRoleAssignment": {"inheritance": Default("Enabled", _doc("AssociateRoleAssignmentDraft"))},
    "Company": {
        "status": Default("Active", _doc("CompanyDraft")),
        "storeMode": Default("Explicit", _doc("CompanyDraft")),
        "associateMode": Default("Explicit", _doc("CompanyDraft")),
        "approvalRuleMode": Default("Explicit", _doc("CompanyDraft")),
    },
    "Division": {
        "status": Default("Active", _doc("DivisionDraft")),
        "storeMode": Default("FromParent", _doc("DivisionDraft")),
        "associateMode": Default("ExplicitAndFromParent", _doc("DivisionDraft")),
        "approvalRuleMode": Default("ExplicitAndFromParent", _doc("DivisionDraft")),
    },
    "CartDiscount": {
        "isActive": Default(True, _doc("CartDiscountDraft")),
        "requiresDiscountCode": Default(False, _doc("CartDiscountDraft")),
        "stackingMode": Default("Stacking", _doc("StackingMode")),
        "recurringOrderScope": Default(
            {"type": "NonRecurringOrdersOnly"},
            "https://docs.commercetools.com/api/releases/2026-01-26-added-support-to-scope-cart-discounts-to-recurring-orders",
        ),
    },
    "Cart": {
        **_CART_MODES,
        "shippingMode": Default("Single", _doc("CartDraft")),
        "origin": Default("Customer", _doc("CartDraft")),
        "cartState": Default("Active", _doc("CartState")),
    },
    "CustomLineItem": {
        "quantity": Default(1, _doc("CustomLineItemDraft")),
        "priceMode": Default("Standard", _doc("CustomLineItemDraft")),
    },
    "Channel": {"roles": Default(["InventorySupply"], _doc("ChannelDraft"))},
    "Customer": {
        "isEmailVerified": Default(False, _doc("CustomerDraft")),
        "authenticationMode": Default("Password", _doc("CustomerDraft")),
    },
    "DiscountCode": {"isActive": Default(True, _doc("DiscountCodeDraft"))},
    "DiscountGroup": {"isActive": Default(True, _doc("DiscountGroup"))},
    "ExtensionAdditionalContext": {"includeOldResource": Default(False, _doc("ExtensionAdditionalContextDraft"))},
    "PaymentMethod": {
        "paymentMethodStatus": Default("Active", _doc("PaymentMethodDraft")),
        "default": Default(False, _doc("PaymentMethodDraft")),
    },
    "Payment": {
        "paymentMethodInfo": Default({}, _doc("PaymentMethodInfo")),
        "paymentStatus": Default({}, _doc("PaymentStatus")),
    },
    "Transaction": {"state": Default("Initial", _doc("TransactionDraft"))},
    "ProductSelection": {
        "mode": Default("Individual", _doc("ProductSelectionDraft")),
        "productCount": Default(0, _doc("ProductSelection")),
    },
    "ProductSelectionSetting": {"active": Default(False, _doc("ProductSelectionSettingDraft"))},
    "ProductType": {"description": Default("", _doc("ProductTypeDraft"))},
    "ShippingMethod": {
        "active": Default(True, _doc("ShippingMethodDraft")),
        "isDefault": Default(False, _doc("ShippingMethodDraft")),
    },
    "ShoppingListLineItem": {"quantity": Default(1, _doc("ShoppingListLineItemDraft"))},
    "TextLineItem": {"quantity": Default(1, _doc("TextLineItemDraft"))},
    "StandalonePrice": {"active": Default(True, _doc("StandalonePriceDraft"))},
    "State": {"initial": Default(True, _doc("StateDraft")), "builtIn": Default(False, _doc("State"))},
    "Category": {"orderHint": Default("", _doc("CategoryDraft"))},
}


def defaults_for(model: str) -> dict[str, Default]:
    return DEFAULTS.get(model, {})
