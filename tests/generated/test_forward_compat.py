"""The API grows: new fields, enum values and subtypes must decode, keep their data and re-emit it."""

from __future__ import annotations

import importlib
import pkgutil

import attrs
import pytest
from payloads import CATEGORY
from shared_data import spec_discriminators

import ctp_sdk._generated.models as generated_models
import ctp_sdk.models as models
from ctp_sdk import CtpError, DecodeError
from ctp_sdk._codec import CtpEnum, Subtypes


def test_unknown_fields_are_kept_and_re_emitted() -> None:
    data = {**CATEGORY, "brandNewField": {"nested": [1, 2]}, "another": None}
    category = models.Category.from_dict(data)
    assert category.additional_properties == {"brandNewField": {"nested": [1, 2]}, "another": None}
    assert category.to_dict() == data


def test_unknown_enum_value_decodes_and_round_trips() -> None:
    state = models.CartState("Archived")
    assert state == "Archived" and state.value == "Archived" and not state.is_known
    assert models.CartState("Archived") is state  # one pseudo-member per value
    assert models.CartState.ACTIVE.is_known
    assert "Archived" not in [member.value for member in models.CartState]
    money = {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 1, "fractionDigits": 2}
    item = models.DiscountOnTotalPrice.from_dict({"discountedAmount": money, "includedDiscounts": []})
    assert item.to_dict()["discountedAmount"] == money
    reference = {"typeId": "payment", "id": "p-1"}
    msg = models.Message.from_dict(
        {
            "id": "m",
            "version": 1,
            "createdAt": "2024-01-31T09:30:00.000Z",
            "lastModifiedAt": "2024-01-31T09:30:00.000Z",
            "sequenceNumber": 1,
            "resource": reference,
            "resourceVersion": 1,
            "type": "PaymentTransactionStateChanged",
            "transactionId": "t",
            "state": "SomeFutureState",
        }
    )
    assert type(msg).__name__ == "PaymentTransactionStateChangedMessage"
    assert msg.to_dict()["state"] == "SomeFutureState"


def test_unknown_discriminator_value_decodes_to_the_base_with_all_data() -> None:
    action = {"action": "teleport", "destination": {"planet": "Mars"}}
    decoded = models.CategoryUpdateAction.from_dict(action)
    assert type(decoded) is models.CategoryUpdateAction
    assert decoded.action == "teleport"
    assert decoded.additional_properties == {"destination": {"planet": "Mars"}}
    assert decoded.to_dict() == action
    update = models.CategoryUpdate.from_dict({"version": 1, "actions": [action, {"action": "setKey", "key": "k"}]})
    assert [type(a).__name__ for a in update.actions] == ["CategoryUpdateAction", "CategorySetKeyAction"]


def _discriminated_bases() -> list[tuple[str, Subtypes[object]]]:
    found = []
    for info in pkgutil.iter_modules(generated_models.__path__):
        module = importlib.import_module(f"{generated_models.__name__}.{info.name}")
        subtypes = getattr(module, "_subtypes", None)
        if isinstance(subtypes, Subtypes):
            found.append((info.name, subtypes))
    return found


def test_every_discriminated_base_dispatches_by_dict_lookup_to_subclasses() -> None:
    bases = _discriminated_bases()
    spec_bases = spec_discriminators()
    assert len(bases) == len(spec_bases)  # 99 in the pinned spec
    mappings = 0
    for module_name, subtypes in bases:
        module = importlib.import_module(f"{generated_models.__name__}.{module_name}")
        base = next(v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__)
        for value in subtypes.values():
            cls = subtypes.get({subtypes.property: value})
            assert cls is not None and issubclass(cls, base), (base, value)
            tag = next(f for f in attrs.fields(cls) if f.alias == _python_name(cls, subtypes.property))
            assert tag.default == value, (cls, tag.default)  # the subclass fills in its own value
            mappings += 1
    assert mappings == sum(len(d.get("mapping", {})) for d in spec_bases.values())  # type: ignore[arg-type]


def _python_name(cls: type, json_name: str) -> str:
    probe = {f.name for f in attrs.fields(cls)}
    for candidate in (json_name, _snake(json_name), _snake(json_name) + "_"):
        if candidate in probe:
            return candidate
    raise AssertionError(f"{cls.__name__} has no field for {json_name}")


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def test_concrete_classes_fill_in_their_discriminator() -> None:
    action = models.CategoryChangeNameAction(name={"en": "Shoes"})
    assert action.to_dict() == {"action": "changeName", "name": {"en": "Shoes"}}
    money = models.CentPrecisionMoneyDraft(currency_code="EUR", cent_amount=100)
    assert money.to_dict()["type"] == "centPrecision"
    assert isinstance(models.CategoryChangeNameAction(name={}), models.CategoryUpdateAction)


@pytest.mark.parametrize(
    ("data", "path", "reason"),
    [
        ({k: v for k, v in CATEGORY.items() if k != "version"}, "version", "required field is missing"),
        ({**CATEGORY, "version": "3"}, "version", "expected integer, got string"),
        ({**CATEGORY, "createdAt": 5}, "createdAt", "expected date-time string, got integer"),
        ({**CATEGORY, "createdAt": "yesterday"}, "createdAt", "invalid value"),
        ({**CATEGORY, "ancestors": [{"typeId": "category", "id": "a"}, {"typeId": "category"}]}, "ancestors[1].id", ""),
        ({**CATEGORY, "ancestors": {"typeId": "category"}}, "ancestors", "expected array, got object"),
        ({**CATEGORY, "name": ["en"]}, "name", "expected object, got array"),
        ({**CATEGORY, "parent": "c-0"}, "parent", "expected object, got string"),
    ],
)
def test_malformed_data_raises_one_error_naming_model_and_path(data: dict[str, object], path: str, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        models.Category.from_dict(data)
    err = info.value
    assert isinstance(err, CtpError) and not isinstance(err, (KeyError, ValueError))
    assert err.model == "Category"
    assert err.path_str == path
    assert reason in err.reason
    assert f"Category at {path}" in str(err)


def test_decode_error_never_echoes_the_value() -> None:
    with pytest.raises(DecodeError) as info:
        models.Customer.from_dict({"id": "x", "email": 12345678, "password": "hunter2-secret"})
    assert "hunter2" not in str(info.value) and "12345678" not in str(info.value)


def test_non_object_payload() -> None:
    with pytest.raises(DecodeError, match="expected object, got array"):
        models.Category.from_dict([1, 2])  # type: ignore[arg-type]


def test_every_enum_is_lenient() -> None:
    assert issubclass(models.CartState, CtpEnum)
    assert issubclass(models.ReferenceTypeId, CtpEnum)
