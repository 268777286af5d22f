"""spec/errata.yaml in the generated models: payloads the API documents decode although the spec says no."""

from __future__ import annotations

import pytest

from ctp_sdk.models import CategoryResourceIdentifier, ResourceIdentifier


def test_a_concrete_resource_identifier_without_type_id_decodes_and_knows_its_type_id() -> None:
    identifier = CategoryResourceIdentifier.from_dict({"key": "shoes"})
    assert (identifier.type_id, identifier.key) == ("category", "shoes")
    assert identifier.to_dict() == {"typeId": "category", "key": "shoes"}
    assert CategoryResourceIdentifier(key="shoes").to_dict() == {"typeId": "category", "key": "shoes"}
    # with a typeId, dispatch from the base is unchanged
    assert type(ResourceIdentifier.from_dict({"typeId": "category", "id": "c1"})) is CategoryResourceIdentifier


def test_a_recurring_order_without_an_origin_order_decodes() -> None:
    models = pytest.importorskip("ctp_sdk.models")
    recurring_order = getattr(models, "RecurringOrder", None)
    if recurring_order is None:
        pytest.skip("this spec version has no recurring orders")
    payload = {
        "id": "r1",
        "version": 1,
        "createdAt": "2026-01-01T00:00:00.000Z",
        "lastModifiedAt": "2026-01-01T00:00:00.000Z",
        "cart": {"typeId": "cart", "id": "c1"},
        "recurringOrderState": "Active",
        "schedule": {"type": "standard", "value": 1, "intervalUnit": "Months"},
        "startsAt": "2026-01-01T00:00:00.000Z",
    }
    order = recurring_order.from_dict(payload)
    assert order.origin_order is None and order.cart.id == "c1"
