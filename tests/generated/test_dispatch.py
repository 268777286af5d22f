"""A discriminated base dispatches on its discriminator through a cache of the subclasses' decoders: known
values reach their subclass, unknown ones stay on the base, and a value a spec maps to the base itself is
decoded in place (dispatching it would call the base's own decoder forever)."""

from __future__ import annotations

import pytest

import ctp_sdk._generated.models.reference as reference_module
from ctp_sdk.models import CategoryReference, Reference


def test_known_values_reach_their_subclass_and_unknown_ones_stay_on_the_base() -> None:
    for _ in range(2):  # the first decode fills the cache, the second reads it
        assert type(Reference.from_dict({"typeId": "category", "id": "c1"})) is CategoryReference
        unknown = Reference.from_dict({"typeId": "brand-new-type", "id": "x1"})
        assert type(unknown) is Reference and unknown.id == "x1"


def test_a_value_mapped_to_the_base_itself_is_decoded_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(reference_module._subtypes._table, "self-mapped", "reference:Reference")
    for index in range(3):
        decoded = Reference.from_dict({"typeId": "self-mapped", "id": f"r{index}"})
        assert type(decoded) is Reference and decoded.id == f"r{index}"
    assert "self-mapped" not in reference_module._subtypes.decoders
