"""Order Search and Business Unit Search against the embedded backend, through the SDK's fluent root,
from commercetools' documentation (https://docs.commercetools.com/api/projects/order-search,
/api/projects/business-unit-search, /api/search-query-language): off until the project activates
them (404 / 400 `SearchNotReady`, `HEAD` 404 / 409), then hits with the orders' versions, exact,
full text, prefix, range and compound queries over the documented fields, custom fields with their
`customType`, sorting, paging and the indexing status."""

from __future__ import annotations

from typing import Any

import pytest

from ctp_sdk import CtpClient, errors
from ctp_sdk.models import (
    BusinessUnitSearchRequest,
    OrderImportDraft,
    OrderSearchRequest,
    ProjectUpdate,
)


def _activate(ctp_client: CtpClient, action: dict[str, Any]) -> None:
    api = ctp_client.integration_api_root()
    project = api.get().execute().body
    api.post(ProjectUpdate.from_dict({"version": project.version, "actions": [action]})).execute()


def _import(ctp_client: CtpClient, number: str, email: str, cents: int, city: str, **more: Any) -> Any:
    draft = {
        "orderNumber": number,
        "customerEmail": email,
        "totalPrice": {"currencyCode": "EUR", "centAmount": cents},
        "shippingAddress": {"country": "DE", "city": city},
        "customLineItems": [],
        **more,
    }
    return (
        ctp_client.integration_api_root().orders().import_order().post(OrderImportDraft.from_dict(draft)).execute().body
    )


def _orders(ctp_client: CtpClient, request: dict[str, Any]) -> Any:
    search = ctp_client.integration_api_root().orders().search()
    return search.post(OrderSearchRequest.from_dict(request)).execute().body


def test_order_search_is_off_until_activated_then_finds_orders(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    first = _import(ctp_client, "B-1001", "ada@example.com", 1200, "Berlin", orderState="Open")
    with pytest.raises(errors.NotFoundError) as off:
        _orders(ctp_client, {"query": {"exact": {"field": "orderNumber", "value": "B-1001"}}})
    assert off.value.codes == ["ResourceNotFound"]
    with pytest.raises(errors.NotFoundError):
        api.orders().search().head().execute()

    _activate(ctp_client, {"action": "changeOrderSearchStatus", "status": "Activated"})
    assert api.orders().search().head().execute().status_code == 200
    second = _import(ctp_client, "B-1002", "Bob@Example.com", 5400, "Hamburg", orderState="Complete")
    third = _import(ctp_client, "M-2001", "cleo@example.com", 300, "Munich", orderState="Open")

    page = _orders(ctp_client, {"query": {"exact": {"field": "orderNumber", "value": "B-1001"}}})
    assert page.total == 1 and page.limit == 10 and page.offset == 0
    assert [(h.id, h.version) for h in page.hits] == [(first.id, first.version)]

    page = _orders(ctp_client, {"query": {"prefix": {"field": "orderNumber", "value": "B-"}}})
    assert {h.id for h in page.hits} == {first.id, second.id}

    ranged = {"range": {"field": "totalPrice.centAmount", "gte": 1000, "lte": 6000}}
    open_only = {"exact": {"field": "orderState", "value": "Open"}}
    page = _orders(ctp_client, {"query": {"and": [ranged, open_only]}})
    assert [h.id for h in page.hits] == [first.id]

    page = _orders(
        ctp_client,
        {"query": {"exact": {"field": "customerEmail", "value": "bob@example.com", "caseInsensitive": True}}},
    )
    assert [h.id for h in page.hits] == [second.id]

    page = _orders(ctp_client, {"query": {"fullText": {"field": "shippingAddress.city", "value": "munich"}}})
    assert [h.id for h in page.hits] == [third.id]

    everything = {"exists": {"field": "orderNumber"}}
    page = _orders(ctp_client, {"query": everything, "sort": [{"field": "totalPrice.centAmount", "order": "desc"}]})
    assert [h.id for h in page.hits] == [second.id, first.id, third.id] and page.total == 3
    page = _orders(
        ctp_client,
        {"query": everything, "sort": [{"field": "totalPrice.centAmount", "order": "asc"}], "limit": 1, "offset": 1},
    )
    assert [h.id for h in page.hits] == [first.id] and page.total == 3

    page = _orders(ctp_client, {"query": {"not": [open_only]}})
    assert [h.id for h in page.hits] == [second.id]


def test_order_search_versions_custom_fields_and_rejections(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    _activate(ctp_client, {"action": "changeOrderSearchStatus", "status": "Activated"})
    from ctp_sdk.models import TypeDraft

    type_draft = {
        "key": "order-extras",
        "name": {"en": "Order extras"},
        "resourceTypeIds": ["order"],
        "fieldDefinitions": [
            {"name": "channel", "label": {"en": "Channel"}, "required": False, "type": {"name": "String"}},
            {"name": "priority", "label": {"en": "Priority"}, "required": False, "type": {"name": "Number"}},
        ],
    }
    api.types().post(TypeDraft.from_dict(type_draft)).execute()
    custom = {"type": {"key": "order-extras", "typeId": "type"}, "fields": {"channel": "phone", "priority": 3}}
    order = _import(ctp_client, "C-1", "dan@example.com", 999, "Bonn", custom=custom)
    _import(ctp_client, "C-2", "eve@example.com", 999, "Bonn")

    query = {"exact": {"field": "custom.channel", "value": "phone", "customType": "StringType"}}
    page = _orders(ctp_client, {"query": query})
    assert [(h.id, h.version) for h in page.hits] == [(order.id, 1)]
    query = {"range": {"field": "custom.priority", "gte": 2, "customType": "NumberType"}}
    assert [h.id for h in _orders(ctp_client, {"query": query}).hits] == [order.id]

    with pytest.raises(errors.BadRequestError) as missing_type:
        _orders(ctp_client, {"query": {"exact": {"field": "custom.channel", "value": "phone"}}})
    assert missing_type.value.codes == ["InvalidInput"]
    with pytest.raises(errors.BadRequestError):
        _orders(ctp_client, {"query": {"exact": {"field": "orderNumber", "value": "x"}}, "limit": 101})
    with pytest.raises(errors.ServerError) as unmodelled:
        _orders(ctp_client, {"query": {"exact": {"field": "paymentInfo.payments.id", "value": "x"}}})
    assert unmodelled.value.status_code == 501


def _units(ctp_client: CtpClient, request: dict[str, Any]) -> Any:
    search = ctp_client.integration_api_root().business_units().search()
    return search.post(BusinessUnitSearchRequest.from_dict(request)).execute().body


def test_business_unit_search_and_indexing_status(ctp_client: CtpClient) -> None:
    from ctp_sdk.models import BusinessUnitDraft

    api = ctp_client.integration_api_root()
    units = api.business_units()
    company = (
        units.post(
            BusinessUnitDraft.from_dict(
                {
                    "unitType": "Company",
                    "key": "acme",
                    "name": "ACME Plumbing",
                    "contactEmail": "info@acme.example",
                    "addresses": [{"country": "DE", "city": "Cologne"}],
                }
            )
        )
        .execute()
        .body
    )
    division = (
        units.post(
            BusinessUnitDraft.from_dict(
                {
                    "unitType": "Division",
                    "key": "acme-north",
                    "name": "ACME North",
                    "parentUnit": {"typeId": "business-unit", "key": "acme"},
                }
            )
        )
        .execute()
        .body
    )
    with pytest.raises(errors.BadRequestError) as off:
        _units(ctp_client, {"query": {"fullText": {"field": "all", "value": "plumbing"}}})
    assert off.value.codes == ["SearchNotReady"]
    with pytest.raises(errors.ConflictError):
        units.search().head().execute()
    with pytest.raises(errors.BadRequestError):
        units.search_indexing_status().get().execute()

    _activate(ctp_client, {"action": "changeBusinessUnitSearchStatus", "status": "Activated"})
    assert units.search().head().execute().status_code == 200
    status = units.search_indexing_status().get().execute().body
    assert str(status.status) == "Ready" and status.states is not None and status.states.indexed == 2

    page = _units(ctp_client, {"query": {"fullText": {"field": "all", "value": "plumbing"}}})
    assert [r.id for r in page.results] == [company.id] and page.total == 1 and page.limit == 20
    page = _units(ctp_client, {"query": {"exact": {"field": "topLevelUnit.key", "value": "acme"}}})
    assert {r.id for r in page.results} == {company.id, division.id}
    page = _units(ctp_client, {"query": {"exact": {"field": "unitType", "value": "Division"}}})
    assert [r.id for r in page.results] == [division.id]
    page = _units(ctp_client, {"query": {"exact": {"field": "addresses.city", "value": "Cologne"}}})
    assert [r.id for r in page.results] == [company.id]
    page = _units(ctp_client, {"sort": [{"field": "name", "order": "asc"}], "limit": 1})
    assert [r.id for r in page.results] == [division.id] and page.total == 2
    with pytest.raises(errors.BadRequestError):
        _units(ctp_client, {"limit": 0})


def test_the_documented_order_search_request(ctp_client: CtpClient) -> None:
    """The request of the Order Search reference: full text on custom line item names, filtered by
    the store's name."""
    from ctp_sdk.models import StoreDraft

    api = ctp_client.integration_api_root()
    api.stores().post(StoreDraft.from_dict({"key": "fruit", "name": {"en": "fruit_store"}})).execute()
    api.stores().post(StoreDraft.from_dict({"key": "veg", "name": {"en": "veg_store"}})).execute()
    _activate(ctp_client, {"action": "changeOrderSearchStatus", "status": "Activated"})

    def banana(number: str, store: str, name: str) -> Any:
        item = {
            "name": {"en": name},
            "quantity": 1,
            "money": {"currencyCode": "EUR", "centAmount": 200},
            "slug": number.lower(),
        }
        return _import(ctp_client, number, "f@example.com", 200, "Kiel", store={"key": store}, customLineItems=[item])

    wanted = banana("F-1", "fruit", "Organic banana")
    banana("F-2", "veg", "Banana leaf")
    banana("F-3", "fruit", "Apple")
    request = {
        "query": {
            "and": [
                {"fullText": {"field": "customLineItems.name", "language": "en", "value": "banana"}},
                {"filter": [{"exact": {"field": "store.name", "language": "en", "value": "fruit_store"}}]},
            ]
        },
        "sort": [{"field": "customLineItems.name", "language": "en", "order": "desc"}],
        "limit": 50,
        "offset": 0,
    }
    page = _orders(ctp_client, request)
    assert [h.id for h in page.hits] == [wanted.id] and page.total == 1 and page.limit == 50
