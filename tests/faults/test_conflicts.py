"""Two writers, one resource: 409 ConcurrentModification with and without the opt-in conflict retry."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fault_client import ClientFactory
from fault_server import FaultServer, error

from ctp_sdk import ApiResponse, ConcurrentModificationError, CtpClient, NotFoundError
from ctp_sdk.models import (
    Category,
    CategoryChangeNameAction,
    CategorySetDescriptionAction,
    CategoryUpdate,
    CategoryUpdateAction,
)

ACTIONS: list[list[CategoryUpdateAction]] = [
    [CategoryChangeNameAction(name={"en": "Renamed"})],
    [CategorySetDescriptionAction(description={"en": "Described"})],
]


def race(ctp: CtpClient, **execute: Any) -> list[ApiResponse[Category] | BaseException]:
    """Two threads read version 1, then both update with it: exactly one of them is stale."""
    api = ctp.integration_api_root()
    read_both = threading.Barrier(2)
    outcomes: list[ApiResponse[Category] | BaseException] = [RuntimeError("not run")] * 2

    def writer(i: int) -> None:
        try:
            version = api.categories().with_id("c1").get().execute().body.version
            read_both.wait()
            update = CategoryUpdate(version=version, actions=ACTIONS[i])
            outcomes[i] = api.categories().with_id("c1").post(update).execute(**execute)
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_without_conflict_retry_the_loser_gets_the_typed_error(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    ctp, _ = make_client(server.url)
    outcomes = race(ctp)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], ConcurrentModificationError)
    assert errors[0].current_version == 2 and errors[0].retries == 0
    assert server.categories["c1"]["version"] == 2 and len(server.applied_actions) == 1


def test_with_conflict_retry_both_updates_land_exactly_once(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    ctp, sleeps = make_client(server.url)
    outcomes = race(ctp, conflict_retries=2)
    assert all(isinstance(o, ApiResponse) for o in outcomes), outcomes
    assert sorted(o.retries for o in outcomes if isinstance(o, ApiResponse)) == [0, 1]
    assert sorted(a["action"] for a in server.applied_actions) == ["changeName", "setDescription"]
    item = server.categories["c1"]
    assert item["version"] == 3 and item["name"] == {"en": "Renamed"} and item["description"] == {"en": "Described"}
    assert sleeps == [0.25]


def test_conflict_retry_from_the_client_config(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    ctp, _ = make_client(server.url, conflict_retries=1)
    assert all(isinstance(o, ApiResponse) for o in race(ctp))
    assert server.categories["c1"]["version"] == 3


def test_without_current_version_the_version_is_read_with_a_get(
    server: FaultServer, make_client: ClientFactory
) -> None:
    server.add_category("c1")
    server.categories["c1"]["version"] = 7
    server.api.push(error(409, "ConcurrentModification", "stale"), when=lambda r: r.method == "POST")
    ctp, _ = make_client(server.url)
    update = CategoryUpdate(version=1, actions=ACTIONS[0])
    response = ctp.integration_api_root().categories().with_id("c1").post(update).execute(conflict_retries=1)
    assert response.body.version == 8 and response.retries == 1
    calls = [(r.method, r.json()["version"] if r.method == "POST" else None) for r in server.api_requests()]
    assert calls == [("POST", 1), ("GET", None), ("POST", 7)]


def test_conflict_retry_gives_up_after_n_with_the_typed_error(server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    server.api.push(*[error(409, "ConcurrentModification", "stale", currentVersion=5)] * 10)
    ctp, sleeps = make_client(server.url)
    update = CategoryUpdate(version=1, actions=ACTIONS[0])
    with pytest.raises(ConcurrentModificationError) as caught:
        ctp.integration_api_root().categories().with_id("c1").post(update).execute(conflict_retries=3)
    assert caught.value.retries == 3 and len(sleeps) == 3
    assert [r.json()["version"] for r in server.api_requests("POST")] == [1, 5, 5, 5]
    assert server.applied_actions == []


def test_conflict_retry_never_touches_creates_or_other_errors(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url)
    update = CategoryUpdate(version=1, actions=ACTIONS[0])
    with pytest.raises(NotFoundError):
        ctp.integration_api_root().categories().with_id("missing").post(update).execute(conflict_retries=3)
    assert len(server.api_requests()) == 1
