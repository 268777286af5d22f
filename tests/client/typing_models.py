"""Type-checks under mypy --strict and pyright strict (test_model_typing.py): the generated stubs declare
each model's `__init__` (codegen/stub_inits.py), and attrs' helpers still accept every model."""

from __future__ import annotations

from typing import Any

import attrs

from ctp_sdk.models import (
    CartDraft,
    Category,
    CategoryChangeNameAction,
    CategoryDraft,
    CategoryUpdate,
    LocalizedString,
    TaxMode,
)


def drafts() -> tuple[CartDraft, CartDraft, CategoryDraft]:
    # An enum field takes the member or its wire value (the converter's input type); optional fields may go.
    by_member = CartDraft(currency="EUR", tax_mode=TaxMode.PLATFORM)
    by_value = CartDraft(currency="EUR", tax_mode="External", customer_email=None)
    category = CategoryDraft(name={"en": "Shoes"}, slug={"en": "shoes"}, additional_properties={"x": 1})
    return by_member, by_value, category


def copies(action: CategoryChangeNameAction) -> CategoryChangeNameAction:
    renamed = attrs.evolve(action, name={"de": "Schuhe"})  # checked field by field
    assert attrs.has(CategoryChangeNameAction)
    plain: dict[str, Any] = attrs.asdict(renamed)
    names = [field.name for field in attrs.fields(CategoryChangeNameAction)]
    return renamed if plain and names else action


def update(category: Category, name: LocalizedString) -> CategoryUpdate:
    # An inherited field (`action`, from CategoryUpdateAction) is a keyword with its default.
    return CategoryUpdate(version=category.version, actions=[CategoryChangeNameAction(name=name)])


def fields(category: Category) -> tuple[str, int, str | None]:
    return category.id, category.version, category.key
