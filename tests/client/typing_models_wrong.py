"""Each line marked as rejected is an error for mypy --strict and for pyright strict (test_model_typing.py)."""

from __future__ import annotations

import attrs

from ctp_sdk.models import CartDraft, CategoryChangeNameAction, CategoryDraft

CartDraft(currency="EUR", tax_mode="Sometimes")  # rejected: not a TaxMode value
CategoryDraft(slug={"en": "shoes"})  # rejected: `name` is required
CategoryDraft(name={"en": "Shoes"}, slug={"en": "shoes"}, colour="red")  # rejected: no such field
CategoryDraft({"en": "Shoes"}, {"en": "shoes"})  # rejected: keyword-only
CategoryChangeNameAction(name="Shoes")  # rejected: a LocalizedString is a dict
CartDraft(currency="EUR").currency.upper(1)  # rejected: str.upper takes no argument


def evolve(action: CategoryChangeNameAction) -> None:
    attrs.evolve(action, name=3)  # rejected: mypy checks evolve's fields (pyright: see the test)
