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
        with pytest.raises(ApiError) as caught:
            orders = imp.orders().import_containers().with_import_container_key_value("c1")
            orders.post(OrderImportRequest(resources=[OrderImport.from_dict(ORDER)])).execute()
        assert caught.value.status_code == 501 and "orders" in str(caught.value)


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
