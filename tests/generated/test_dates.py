"""datetime / date-only / time-only fields are typed and use the API's canonical forms."""

from __future__ import annotations

import datetime as dt
import random

import pytest

import ctp_sdk.models as models
from ctp_sdk import _codec
from ctp_sdk._codec import format_datetime, format_time, parse_datetime

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31T09:30:00.000Z", dt.datetime(2024, 1, 31, 9, 30, tzinfo=UTC)),
        ("2024-01-31T09:30:00Z", dt.datetime(2024, 1, 31, 9, 30, tzinfo=UTC)),
        ("2024-01-31T11:30:00.5+02:00", dt.datetime(2024, 1, 31, 9, 30, 0, 500000, tzinfo=UTC)),
        ("2024-01-31T09:30:00.123456789Z", dt.datetime(2024, 1, 31, 9, 30, 0, 123456, tzinfo=UTC)),
        ("2024-01-31T09:30:00", dt.datetime(2024, 1, 31, 9, 30, tzinfo=UTC)),  # naive: the API means UTC
        ("2024-01-31T09:30:00,25Z", dt.datetime(2024, 1, 31, 9, 30, 0, 250000, tzinfo=UTC)),  # dateutil path
    ],
)
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text) == expected
    assert parse_datetime(text).tzinfo is not None


def test_canonical_datetime_output() -> None:
    assert format_datetime(dt.datetime(2024, 1, 31, 9, 30, 0, 123999, tzinfo=UTC)) == "2024-01-31T09:30:00.123Z"
    plus2 = dt.timezone(dt.timedelta(hours=2))
    assert format_datetime(dt.datetime(2024, 1, 31, 11, 30, tzinfo=plus2)) == "2024-01-31T09:30:00.000Z"
    assert format_datetime(dt.datetime(2024, 1, 31, 9, 30)) == "2024-01-31T09:30:00.000Z"
    assert format_time(dt.time(14, 5, 9, 7000)) == "14:05:09.007"


def test_datetime_output_agrees_with_isoformat(monkeypatch: pytest.MonkeyPatch) -> None:
    """format_datetime builds the string from tables and a per-day cache (not isoformat): it must agree
    with isoformat's UTC form for any instant, including offsets that move it to another day, years
    below 1000, and after the day cache has been emptied."""
    monkeypatch.setattr(_codec, "_MAX_DAYS", 50)  # so the loop below empties the cache several times
    rng = random.Random(13)
    zones = [UTC, None, dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-9, minutes=-30))]
    for _ in range(2000):
        value = dt.datetime(
            rng.choice([1, 999, 1970, 2024, 9999]) if rng.random() < 0.1 else rng.randint(1900, 2100),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
            rng.choice([0, 999, 1000, 999999, rng.randint(0, 999999)]),
            tzinfo=rng.choice(zones),
        )
        if value.tzinfo is not None and value.tzinfo is not UTC and not (2 <= value.year <= 9998):
            continue  # converting to UTC would leave datetime's range
        utc = value.astimezone(UTC) if value.tzinfo is not None else value
        assert format_datetime(value) == utc.isoformat(timespec="milliseconds")[:23] + "Z"
    assert len(_codec._days) <= 50


def test_model_fields_are_typed() -> None:
    customer = models.Customer.from_dict(
        {
            "id": "c",
            "version": 1,
            "createdAt": "2024-01-31T09:30:00.000Z",
            "lastModifiedAt": "2024-02-01T00:00:00.000Z",
            "email": "a@example.com",
            "dateOfBirth": "1990-05-17",
            "addresses": [],
            "shippingAddressIds": [],
            "billingAddressIds": [],
            "isEmailVerified": False,
            "stores": [],
            "authenticationMode": "Password",
            "customerGroupAssignments": [],
        }
    )
    assert customer.created_at == dt.datetime(2024, 1, 31, 9, 30, tzinfo=UTC)
    assert customer.date_of_birth == dt.date(1990, 5, 17)
    assert customer.to_dict()["dateOfBirth"] == "1990-05-17"
    time_range = models.SearchTimeRangeValue.from_dict({"field": "f", "gte": "09:00:00.000", "lt": "17:30:00.000"})
    assert time_range.gte == dt.time(9, 0) and time_range.lt == dt.time(17, 30)
    assert time_range.to_dict()["lt"] == "17:30:00.000"
