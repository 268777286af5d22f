"""Checked by mypy --strict and pyright strict (test_other_api_typing.py), never run: the Import, History
and Checkout roots infer concrete models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_type

from ctp_sdk import ApiResponse, CtpClient
from ctp_sdk.checkout.models import Application, PaginatedPaymentIntegration
from ctp_sdk.history.models import ChangeHistoryResourceType, Record, RecordPagedQueryResponse
from ctp_sdk.importapi.models import (
    CategoryImportRequest,
    ImportContainer,
    ImportContainerDraft,
    ImportOperation,
    ImportOperationPagedResponse,
    ImportResponse,
    ImportSummary,
)


def check(ctp: CtpClient, draft: ImportContainerDraft, categories: CategoryImportRequest) -> None:
    imp = ctp.import_api_root()
    assert_type(imp.import_containers().post(draft).execute(), ApiResponse[ImportContainer])
    container = imp.import_containers().with_import_container_key_value("bulk")
    assert_type(container.get().execute().body, ImportContainer)
    assert_type(container.import_summaries().get().execute().body, ImportSummary)
    assert_type(container.import_operations().get(limit=50).execute().body, ImportOperationPagedResponse)
    for operation in container.import_operations().get().iter_all():
        assert_type(operation, ImportOperation)
    for record in ctp.history_api_root().get().iter_all(page_size=100):
        assert_type(record, Record)
    posted = imp.categories().import_containers().with_import_container_key_value("bulk").post(categories).execute()
    assert_type(posted.body, ImportResponse)

    hist = ctp.history_api_root()
    assert_type(hist.get(resource_types=[ChangeHistoryResourceType.CATEGORY]).execute().body, RecordPagedQueryResponse)
    since = datetime(2026, 1, 1, tzinfo=UTC)
    dated = hist.get(date_from=since, date_to="now").execute().body  # a datetime, or the spec's string forms
    assert_type(dated, RecordPagedQueryResponse)
    ranged = hist.with_resource_type_value("products").get(date_from=since, date_to=datetime.now(UTC))
    assert_type(ranged.execute().body, RecordPagedQueryResponse)
    hist.get(date_from=1767225600000)  # type: ignore[arg-type]  # epoch millis travel as text, not int
    by_id = hist.with_resource_type_value("products").with_id_value("p-1").get(limit=10).execute()
    assert_type(by_id.body, RecordPagedQueryResponse)

    co = ctp.checkout_api_root()
    assert_type(co.applications().with_key("web").get().execute().body, Application)
    assert_type(co.payment_integrations().get().execute().body, PaginatedPaymentIntegration)
