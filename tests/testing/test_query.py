"""The query language: predicate parsing and evaluation, sort, expand (pure functions, no backend)."""

from __future__ import annotations

from typing import Any

import pytest

from ctp_sdk.testing._errors import ApiFailure
from ctp_sdk.testing._query import expand, matches, parse_predicate, parse_sort, sort_resources

CART: dict[str, Any] = {
    "id": "c1",
    "version": 3,
    "key": None,
    "customerEmail": "ann@example.com",
    "createdAt": "2024-03-01T10:00:00.000Z",
    "totalPrice": {"currencyCode": "EUR", "centAmount": 2500},
    "lineItems": [
        {"quantity": 1, "name": {"en": "Shoe", "de-DE": "Schuh"}, "variant": {"sku": "S-1"}},
        {"quantity": 4, "name": {"en": "Sock"}, "variant": {"sku": "S-2"}},
    ],
    "tags": ["sale", "new"],
    "isGift": False,
}


def check(predicate: str, **variables: list[str]) -> bool:
    return matches(parse_predicate(predicate, variables), CART)


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ('id = "c1"', True),
        ('id != "c1"', False),
        ('id <> "c2"', True),
        ("version >= 3", True),
        ("version < 3", False),
        ('totalPrice(centAmount > 2000 and currencyCode = "EUR")', True),
        ('lineItems(name(en = "Sock"))', True),
        ('lineItems(name(de-DE = "Schuh"))', True),
        ("lineItems(quantity > 3)", True),
        ("lineItems(quantity > 4)", False),
        ('lineItems(variant(sku in ("S-9", "S-2")))', True),
        ('id in ("a", "b")', False),
        ('id not in ("a", "b")', True),
        ("key is not defined", True),
        ("key is defined", False),
        ("customerEmail is defined", True),
        ("tags is not empty", True),
        ('tags contains "sale"', True),
        ('tags contains all ("sale", "new")', True),
        ('tags contains all ("sale", "old")', False),
        ('tags contains any ("old", "new")', True),
        ("isGift = false", True),
        ('not(id = "c1")', False),
        ('id = "x" or (version = 3 and not(isGift = true))', True),
        ('ID = "c1" AND VERSION = 3', False),  # field names are case-sensitive
        ('id = "c1" AND version = 3', True),  # keywords are not
        ('createdAt > "2024-03-01T09:59:59Z"', True),  # instants, whatever the precision
        ('createdAt = "2024-03-01T10:00:00Z"', True),
        ('createdAt < "2024-01-01T00:00:00.000Z"', False),
        ('missing = "x"', False),
        ('missing != "x"', True),
    ],
)
def test_predicates(predicate: str, expected: bool) -> None:
    assert check(predicate) is expected


def test_predicate_variables_are_typed_by_the_field() -> None:
    assert check("version = :v", v=["3"])
    assert check("id in :ids", ids=["x", "c1"])
    assert not check("id in :ids", ids=["x"])
    assert check("lineItems(variant(sku = :sku))", sku=["S-1"])


def test_missing_predicate_variable_is_400() -> None:
    with pytest.raises(ApiFailure) as err:
        parse_predicate("id = :nope", {})
    assert (err.value.status, err.value.code) == (400, "InvalidInput")
    assert "var.nope" in err.value.message


@pytest.mark.parametrize(
    "bad", ["", "id =", 'id = "x" and', "(id = 1", 'id == "x"', 'id = "x" id', "lineItems(", "= 3"]
)
def test_syntax_errors_are_400_invalid_input(bad: str) -> None:
    with pytest.raises(ApiFailure) as err:
        parse_predicate(bad)
    assert (err.value.status, err.value.code) == (400, "InvalidInput")
    assert err.value.body()["errors"][0]["code"] == "InvalidInput"


def test_geo_predicates_answer_501_not_a_wrong_result() -> None:
    with pytest.raises(ApiFailure) as err:
        parse_predicate("geoLocation within circle(13.37, 52.52, 1000)")
    assert err.value.status == 501


def test_escaped_quotes_in_strings() -> None:
    assert matches(parse_predicate(r'name = "say \"hi\""'), {"name": 'say "hi"'})


def test_sort_multiple_keys_missing_first_and_descending() -> None:
    items = [
        {"id": "a", "name": {"en": "b"}, "n": 2},
        {"id": "b", "name": {"en": "a"}, "n": 2},
        {"id": "c", "n": 1},
    ]
    assert [i["id"] for i in sort_resources(items, parse_sort(["name.en asc"]))] == ["c", "b", "a"]
    assert [i["id"] for i in sort_resources(items, parse_sort(["n desc", "name.en asc"]))] == ["b", "a", "c"]
    assert [i["id"] for i in sort_resources(items, parse_sort(["n"]))] == ["c", "a", "b"]  # stable, asc by default


def test_bad_sort_is_400() -> None:
    with pytest.raises(ApiFailure) as err:
        parse_sort(["name.en sideways"])
    assert err.value.status == 400


def test_expand_nested_paths_and_arrays() -> None:
    store = {
        ("category", "p"): {"id": "p", "key": "parent", "parent": {"typeId": "category", "id": "g"}},
        ("category", "g"): {"id": "g", "key": "grand"},
    }
    resource: dict[str, Any] = {
        "parent": {"typeId": "category", "id": "p"},
        "ancestors": [{"typeId": "category", "id": "g"}, {"typeId": "category", "id": "p"}],
        "other": {"typeId": "category", "id": "gone"},
    }

    def resolve(type_id: str, rid: str) -> Any:
        found = store.get((type_id, rid))
        return dict(found) if found else None

    expand(resource, "parent.parent", resolve)
    expand(resource, "ancestors[*]", resolve)
    expand(resource, "other", resolve)
    assert resource["parent"]["obj"]["key"] == "parent"
    assert resource["parent"]["obj"]["parent"]["obj"]["key"] == "grand"
    assert [a["obj"]["key"] for a in resource["ancestors"]] == ["grand", "parent"]
    assert "obj" not in resource["other"]  # a dangling reference stays unexpanded

    with pytest.raises(ApiFailure):
        expand(resource, "parent..x", resolve)
