"""The Import and History APIs on the embedded backend, through the SDK's roots and `Importer`.

The bulk load is the issue's acceptance case: 1,000 categories and 1,000 products whose parent and
product-type references are given by key, a tenth of them submitted before what they reference, loaded
through the Import API, waited for, and read back from the platform API.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from ctp_sdk import ApiError
from ctp_sdk.importapi import MAX_RESOURCES_PER_REQUEST, Importer
from ctp_sdk.importapi.models import (
    CategoryImport,
    CategoryImportRequest,
    ImportContainerDraft,
    OrderImport,
    OrderImportRequest,
    ProductDraftImport,
    ProductTypeImport,
)
from ctp_sdk.testing import Backend

ROOTS = 100
CATEGORIES = 1000
PRODUCTS = 1000
PRODUCT_TYPES = 10
ORDER = {
    "orderNumber": "o-1",
    "totalPrice": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 1},
}


def _category(i: int) -> CategoryImport:
    data: dict[str, Any] = {"key": f"cat-{i}", "name": {"en": f"Category {i}"}, "slug": {"en": f"cat-{i}"}}
    if i >= ROOTS:
        data["parent"] = {"typeId": "category", "key": f"cat-{i % ROOTS}"}
    return CategoryImport.from_dict(data)


def _product(i: int) -> ProductDraftImport:
    return ProductDraftImport.from_dict(
        {
            "key": f"prod-{i}",
            "name": {"en": f"Product {i}"},
            "slug": {"en": f"prod-{i}"},
            "productType": {"typeId": "product-type", "key": f"pt-{i % PRODUCT_TYPES}"},
            "categories": [{"typeId": "category", "key": f"cat-{ROOTS + i % (CATEGORIES - ROOTS)}"}],
            "masterVariant": {
                "sku": f"sku-{i}",
                "key": f"var-{i}",
                "prices": [
                    {
                        "key": f"price-{i}",
                        "value": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 100 + i},
                    }
                ],
            },
        }
    )


def _product_type(i: int) -> ProductTypeImport:
    return ProductTypeImport.from_dict({"key": f"pt-{i}", "name": f"Type {i}", "description": f"type {i}"})


def test_bulk_load_through_the_import_api_reads_back_from_the_platform_api() -> None:
    backend = Backend()
    with backend.ctp_client() as ctp:
        importer = Importer(ctp.import_api_root(), "bulk-load", sleep=lambda seconds: None)
        children = [_category(i) for i in range(ROOTS, CATEGORIES)]
        roots = [_category(i) for i in range(ROOTS)]
        products = [_product(i) for i in range(PRODUCTS)]
        # A tenth of everything arrives before what it references: 90 children before their roots,
        # 100 products before their product types.
        importer.submit(children[:90])
        importer.submit(products[:100])
        importer.submit([_product_type(i) for i in range(PRODUCT_TYPES)])
        importer.submit(roots)
        importer.submit(children[90:])
        importer.submit(products[100:])
        progress: list[tuple[int, int]] = []
        result = importer.wait(progress=lambda done, total: progress.append((done, total)))

        total = CATEGORIES + PRODUCTS + PRODUCT_TYPES
        assert importer.submitted == total
        assert len(result.imported) == total and result.ok, str(result)
        assert progress[-1] == (total, total) and len(progress) == total
        batches = [90, 100, PRODUCT_TYPES, ROOTS, CATEGORIES - ROOTS - 90, PRODUCTS - 100]
        assert importer.requests == sum(math.ceil(n / MAX_RESOURCES_PER_REQUEST) for n in batches)
        summary = ctp.import_api_root().import_containers().with_import_container_key_value("bulk-load")
        states = summary.import_summaries().get().execute().body
        assert states.total == total and states.states.imported == total and states.states.unresolved == 0

        api = ctp.integration_api_root()
        categories = {c.key: c for c in api.categories().get().iter_all()}
        assert len(categories) == CATEGORIES
        child = categories["cat-517"]
        assert child.parent is not None and child.parent.id == categories["cat-17"].id
        assert child.ancestors and child.ancestors[0].id == categories["cat-17"].id
        products_read = {p.key: p for p in api.products().get().iter_all()}
        assert len(products_read) == PRODUCTS
        types = {t.key: t.id for t in api.product_types().get().execute().body.results}
        product = products_read["prod-42"]
        assert product.product_type.id == types["pt-2"]
        staged = product.master_data.staged
        assert staged.categories[0].id == categories[f"cat-{ROOTS + 42}"].id
        assert staged.master_variant.sku == "sku-42" and staged.master_variant.prices[0].value.cent_amount == 142


def test_unresolved_references_wait_and_validation_failures_are_reported() -> None:
    backend = Backend()
    with backend.ctp_client() as ctp:
        imp = ctp.import_api_root()
        importer = Importer(imp, "partial", sleep=lambda seconds: None)
        importer.submit([_category(ROOTS + 1)])  # its parent cat-1 does not exist
        broken = ProductDraftImport.from_dict(
            {
                "key": "no-name",
                "slug": {"en": "x"},
                "name": {"en": "x"},
                "productType": {"typeId": "product-type", "key": "pt-0"},
            }
        )
        importer.submit([_product_type(0)])
        importer.submit([broken, broken])  # the same key twice: an upsert, both imported
        result = importer.wait()
        assert [op.resource_key for op in result.unresolved] == [f"cat-{ROOTS + 1}"]
        assert result.unresolved[0].unresolved_references[0].key == "cat-1"
        assert len(result.imported) == 3 and not result.rejected
        duplicate_sku = [_product(7), _product(7)]
        duplicate_sku[1] = ProductDraftImport.from_dict({**_product(7).to_dict(), "key": "other-key"})
        importer.submit([_category(1)])  # the parent appears: the waiting child is imported
        importer.submit([_product_type(7), _category(7), _category(ROOTS + 7)])
        importer.submit(duplicate_sku)
        result = importer.wait()
        assert not result.unresolved
        assert [op.resource_key for op in result.rejected] == ["other-key"]
        assert "sku" in result.errors()["other-key"][0]
        api = ctp.integration_api_root()
        child = api.categories().with_key(f"cat-{ROOTS + 1}").get().execute().body
        assert child.parent is not None
        upserted = api.products().with_key("no-name").get().execute().body
        assert upserted.version == 2  # the second submission updated the first


def test_import_containers_and_operations_through_the_root() -> None:
    backend = Backend()
    with backend.ctp_client() as ctp:
        imp = ctp.import_api_root()
        created = imp.import_containers().post(ImportContainerDraft(key="c1")).execute().body
        assert created.key == "c1" and created.version == 1
        request = CategoryImportRequest(resources=[_category(0), _category(1)])
        answer = imp.categories().import_containers().with_import_container_key_value("c1").post(request).execute()
        assert answer.status_code == 201
        op_id = answer.body.operation_status[0].operation_id
        assert op_id is not None
        op = imp.import_operations().with_id_value(op_id).get().execute().body
        assert str(op.state) == "imported" and op.resource_key == "cat-0"
        operations = imp.import_containers().with_import_container_key_value("c1").import_operations()
        page = operations.get(limit=1).execute()
        assert page.body.total == 2 and page.body.count == 1
        assert [o.resource_key for o in operations.get(limit=1).iter_all()] == ["cat-0", "cat-1"]  # 2 pages
        records = ctp.history_api_root().get().iter_all(page_size=1)
        assert sorted(r.resource.key or "" for r in records) == ["cat-0", "cat-1"]
        listed = imp.import_containers().get().execute().body
        assert [c.key for c in listed.results] == ["c1"]
        with pytest.raises(ApiError) as caught:  # an import request into a container that does not exist
            orders = imp.orders().import_containers().with_import_container_key_value("missing")
            orders.post(OrderImportRequest(resources=[OrderImport.from_dict(ORDER)])).execute()
        assert caught.value.status_code == 404 and "missing" in str(caught.value)


def test_a_price_change_through_the_platform_root_is_found_through_the_history_root() -> None:
    backend = Backend()
    with backend.ctp_client() as ctp:
        importer = Importer(ctp.import_api_root(), "seed", sleep=lambda seconds: None)
        importer.submit([_product_type(2), _category(42), _category(ROOTS + 42), _product(42)])
        assert importer.wait().ok
        api = ctp.integration_api_root()
        product = api.products().with_key("prod-42").get().execute().body
        price = product.master_data.staged.master_variant.prices[0]
        from ctp_sdk.models import Money, PriceDraft, ProductChangePriceAction, ProductUpdate

        new_price = PriceDraft(value=Money(currency_code="EUR", cent_amount=999), key=price.key)
        update = ProductUpdate(
            version=product.version, actions=[ProductChangePriceAction(price_id=price.id, price=new_price)]
        )
        changed = api.products().with_id(product.id).post(update).execute().body
        assert changed.master_data.staged.master_variant.prices[0].value.cent_amount == 999

        history = ctp.history_api_root()
        records = history.with_resource_type_value("product").with_id_value(product.id).get().execute().body
        assert records.total == 2  # created by the import, then the price change
        latest = records.results[0]
        assert latest.type == "ResourceUpdated" and latest.version == changed.version
        (change,) = latest.changes
        assert type(change).__name__ == "ChangePriceChange"
        assert change.previous_value.value.cent_amount == 142 and change.next_value.value.cent_amount == 999
        found = history.get(changes=["changePrice"]).execute().body
        assert [r.resource.id for r in found.results] == [product.id]
        later = history.get(date_from="2999-01-01T00:00:00Z").execute().body
        assert later.total == 0


def test_checkout_answers_501_with_a_clear_message() -> None:
    backend = Backend()
    with backend.ctp_client() as ctp, pytest.raises(ApiError) as caught:
        ctp.checkout_api_root().applications().get().execute()
    assert caught.value.status_code == 501 and "Checkout API" in str(caught.value)


def test_history_date_filters_take_datetimes_and_send_the_api_instant_format() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from ctp_sdk._generated_history.api.default import by_project_key_get
    from ctp_sdk.testing import FakeClock

    # A datetime in any zone travels as the API's UTC instant; the spec's string forms travel as given.
    berlin = timezone(timedelta(hours=1))
    request = by_project_key_get.request("p", date_from=datetime(2026, 1, 2, 4, 5, 6, 789999, berlin), date_to="now")
    assert request.query == [("date.from", "2026-01-02T03:05:06.789Z"), ("date.to", "now")]

    clock = FakeClock(datetime(2026, 3, 1, tzinfo=UTC).timestamp(), frozen=True)
    backend = Backend(clock=clock)
    with backend.ctp_client() as ctp:
        importer = Importer(ctp.import_api_root(), "dated", sleep=lambda seconds: None)
        importer.submit([_category(0)])
        assert importer.wait().ok
        clock.advance(3600)
        importer.submit([_category(1)])
        assert importer.wait().ok
        history = ctp.history_api_root()
        between = history.get(date_from=datetime(2026, 3, 1, 0, 30, tzinfo=UTC), date_to="now").execute().body
        assert [r.resource.key for r in between.results] == ["cat-1"]
        before = history.get(date_to=datetime(2026, 3, 1, 1, 30, tzinfo=berlin)).execute().body
        assert [r.resource.key for r in before.results] == ["cat-0"]
        assert history.get(date_from=str(int(clock() * 1000))).execute().body.total == 1  # epoch millis


def test_operations_are_processing_until_the_import_runs_and_the_importer_waits_through_it() -> None:
    from ctp_sdk.testing.imports import pending_operations, process_imports, set_reads_before_processing

    backend = Backend()
    with backend.ctp_client() as ctp:
        imp = ctp.import_api_root()
        imp.import_containers().post(ImportContainerDraft(key="slow")).execute()
        set_reads_before_processing(backend, 2)
        request = CategoryImportRequest(resources=[_category(0)])
        answer = imp.categories().import_containers().with_import_container_key_value("slow").post(request).execute()
        assert [str(s.state) for s in answer.body.operation_status] == ["processing"]
        op_id = answer.body.operation_status[0].operation_id
        assert op_id is not None
        api = ctp.integration_api_root()
        assert api.categories().get().execute().body.total == 0  # not applied on submit
        operation = imp.import_operations().with_id_value(op_id)
        assert [str(operation.get().execute().body.state) for _ in range(3)] == ["processing", "processing", "imported"]
        assert api.categories().get().execute().body.total == 1

        # The Importer's wait loop polls through `processing` (here two polls) and reports progress once.
        sleeps: list[float] = []
        importer = Importer(imp, "slow", sleep=sleeps.append)
        importer.submit([_category(1), _category(2)])
        progress: list[tuple[int, int]] = []
        result = importer.wait(progress=lambda done, total: progress.append((done, total)), poll_interval=0.5)
        assert len(result.imported) == 2 and result.ok and sleeps == [0.5, 0.5] and progress == [(1, 2), (2, 2)]

        # process_imports runs what is still processing without a read (a test's explicit step).
        importer.submit([_category(3)])
        assert pending_operations(backend) == 1
        process_imports(backend)
        assert pending_operations(backend) == 0
        assert api.categories().with_key("cat-3").get().execute().body.key == "cat-3"
        summary = imp.import_containers().with_import_container_key_value("slow").import_summaries().get().execute()
        assert summary.body.states.imported == 4 and summary.body.states.processing == 0
