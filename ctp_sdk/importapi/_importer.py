"""Bulk loads through the Import API: submit any number of resources, wait for their operations.

importer = Importer(ctp.import_api_root(), "spring-catalog")     # creates the container if missing
importer.submit(category_imports)                                 # batches of 20 per request
importer.submit(product_draft_imports)
for op in tqdm(importer.iter_settled(), total=importer.submitted): # or importer.wait(progress=...)
    ...
result = importer.result()     # ImportResult: imported / unresolved / rejected (with errors)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ctp_auth import CtpError

from ..errors import NotFoundError

if TYPE_CHECKING:
    from .._generated_import.builders.by_project_key import ByProjectKeyBuilder as ImportApiRoot
    from .._generated_import.models.import_operation import ImportOperation

__all__ = ["MAX_RESOURCES_PER_REQUEST", "ImportResult", "ImportTimeoutError", "Importer"]

MAX_RESOURCES_PER_REQUEST = 20
"""The Import API accepts at most 20 resources per import request."""

# Import resource class -> (builder method on the root, ImportRequest class): every import endpoint.
_ENDPOINTS = {
    "CategoryImport": ("categories", "CategoryImportRequest"),
    "ProductDraftImport": ("product_drafts", "ProductDraftImportRequest"),
    "ProductImport": ("products", "ProductImportRequest"),
    "ProductTypeImport": ("product_types", "ProductTypeImportRequest"),
    "ProductVariantImport": ("product_variants", "ProductVariantImportRequest"),
    "PriceImport": ("prices", "PriceImportRequest"),
    "StandalonePriceImport": ("standalone_prices", "StandalonePriceImportRequest"),
    "InventoryImport": ("inventories", "InventoryImportRequest"),
    "CustomerImport": ("customers", "CustomerImportRequest"),
    "TypeImport": ("types", "TypeImportRequest"),
    "DiscountCodeImport": ("discount_codes", "DiscountCodeImportRequest"),
    "BusinessUnitImport": ("business_units", "BusinessUnitImportRequest"),
    "CompanyBusinessUnitImport": ("business_units", "BusinessUnitImportRequest"),
    "DivisionBusinessUnitImport": ("business_units", "BusinessUnitImportRequest"),
    "VariantImport": ("variants", "VariantImportRequest"),
    "ProductSelectionImport": ("product_selections", "ProductSelectionImportRequest"),
    "ProductTailoringImport": ("product_tailorings", "ProductTailoringImportRequest"),
    "OrderImport": ("orders", "OrderImportRequest"),
    # Patches travel in the request's `patches`, not `resources`.
    "ProductVariantPatch": ("product_variant_patches", "ProductVariantPatchRequest"),
    "OrderPatchImport": ("order_patches", "OrderPatchImportRequest"),
}
_PATCHES = frozenset({"ProductVariantPatch", "OrderPatchImport"})
# `processing` is the only state an operation leaves on its own; `unresolved` and `waitForMasterVariant`
# wait for other resources (settled unless `until_resolved`).
_WAITING = frozenset({"unresolved", "waitForMasterVariant"})
_SETTLED = frozenset({"imported", "rejected", "validationFailed", "canceled", "partiallyImported"}) | _WAITING
_REJECTED = frozenset({"rejected", "validationFailed", "canceled"})


class ImportTimeoutError(CtpError):
    """`Importer.wait()` gave up before every operation settled; `.result` holds the states so far."""

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class ImportResult:
    """Where each submitted resource ended up (the Import API's operations, by state)."""

    imported: list[ImportOperation] = field(default_factory=list)
    # waiting for a referenced resource (`unresolved`) or a product's master variant (`waitForMasterVariant`)
    unresolved: list[ImportOperation] = field(default_factory=list)
    rejected: list[ImportOperation] = field(default_factory=list)  # validationFailed, rejected, canceled
    pending: list[ImportOperation] = field(default_factory=list)  # still processing

    @property
    def ok(self) -> bool:
        return not (self.unresolved or self.rejected or self.pending)

    def errors(self) -> dict[str, list[str]]:
        """resource key -> the API's error messages, for every rejected resource."""
        return {op.resource_key: [e.message for e in op.errors or []] for op in self.rejected}

    def __str__(self) -> str:
        return (
            f"{len(self.imported)} imported, {len(self.unresolved)} unresolved, {len(self.rejected)} rejected, "
            f"{len(self.pending)} pending"
        )


class Importer:
    """Submits resources to one import container and follows their operations.

    Args:
        root: `ctp.import_api_root()`.
        container_key: the import container; created on first submit if it does not exist.
        batch_size: resources per import request (1..20, the API's maximum by default).
        sleep: how `wait()` pauses between polls (tests pass a no-op).
    """

    def __init__(
        self,
        root: ImportApiRoot,
        container_key: str,
        *,
        batch_size: int = MAX_RESOURCES_PER_REQUEST,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not container_key:
            raise ValueError("container_key must not be empty")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= 20:
            raise ValueError(f"batch_size must be 1..{MAX_RESOURCES_PER_REQUEST}")
        self._root = root
        self._key = container_key
        self._batch_size = batch_size
        self._sleep = sleep
        self._container_ready = False
        self._operation_ids: list[str] = []
        self._states: dict[str, ImportOperation] = {}
        self.requests = 0  # import requests sent by submit()

    @property
    def submitted(self) -> int:
        """Resources submitted so far (one operation each)."""
        return len(self._operation_ids)

    def submit(self, resources: Iterable[Any]) -> list[str]:
        """Send `resources` (CategoryImport, ProductDraftImport, ... models; any mix) in import requests
        of at most `batch_size`, grouped by type in the order given. Returns their operation ids."""
        from .. import importapi

        self._ensure_container()
        models = importapi.models
        ids: list[str] = []
        batch: list[Any] = []
        kind = ""
        for resource in resources:
            name = type(resource).__name__
            if name not in _ENDPOINTS:
                raise TypeError(f"cannot import a {name}: expected one of {', '.join(sorted(_ENDPOINTS))}")
            if batch and (name != kind or len(batch) == self._batch_size):
                ids += self._send(kind, batch, models)
                batch = []
            kind = name
            batch.append(resource)
        if batch:
            ids += self._send(kind, batch, models)
        return ids

    def _ensure_container(self) -> None:
        if self._container_ready:
            return
        from .models import ImportContainerDraft

        container = self._root.import_containers().with_import_container_key_value(self._key)
        try:
            container.get().execute()
        except NotFoundError:
            self._root.import_containers().post(ImportContainerDraft(key=self._key)).execute()
        self._container_ready = True

    def _send(self, kind: str, batch: Sequence[Any], models: Any) -> list[str]:
        method, request_class = _ENDPOINTS[kind]
        endpoint = getattr(self._root, method)().import_containers().with_import_container_key_value(self._key)
        field_name = "patches" if kind in _PATCHES else "resources"
        answer = endpoint.post(getattr(models, request_class)(**{field_name: list(batch)})).execute().body
        self.requests += 1
        ids = [status.operation_id for status in answer.operation_status if status.operation_id]
        self._operation_ids += ids
        return ids

    def poll(self) -> ImportResult:
        """Read the container's operations once (500 per request) and return where each submitted one is."""
        wanted = set(self._operation_ids)
        operations = self._root.import_containers().with_import_container_key_value(self._key).import_operations()
        for op in operations.get().iter_all(page_size=500):
            if op.id in wanted:
                self._states[op.id] = op
        return self.result()

    def result(self) -> ImportResult:
        """The submitted operations by state, as last polled."""
        out = ImportResult()
        for op_id in self._operation_ids:
            op = self._states.get(op_id)
            state = str(op.state) if op is not None else "processing"
            if op is None or state not in _SETTLED:
                if op is not None:
                    out.pending.append(op)
            elif state in _REJECTED:
                out.rejected.append(op)
            elif state in _WAITING:
                out.unresolved.append(op)
            else:
                out.imported.append(op)
        return out

    def iter_settled(
        self, *, poll_interval: float = 1.0, timeout: float = 600.0, until_resolved: bool = False
    ) -> Iterator[ImportOperation]:
        """Each submitted operation once it settles (imported, rejected, or unresolved unless
        `until_resolved`), as polls find them: `tqdm(importer.iter_settled(), total=importer.submitted)`.
        Raises ImportTimeoutError after `timeout` seconds."""
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        while True:
            result = self.poll()
            done = result.imported + result.rejected + ([] if until_resolved else result.unresolved)
            for op in done:
                if op.id not in seen:
                    seen.add(op.id)
                    yield op
            if len(seen) >= len(self._operation_ids):
                return
            if time.monotonic() >= deadline:
                raise ImportTimeoutError(f"import into {self._key!r} not settled after {timeout} s: {result}", result)
            self._sleep(poll_interval)

    def wait(
        self,
        *,
        progress: Callable[[int, int], None] | None = None,
        poll_interval: float = 1.0,
        timeout: float = 600.0,
        until_resolved: bool = False,
    ) -> ImportResult:
        """Poll until every submitted operation settles; `progress(settled, submitted)` after each one."""
        ops = self.iter_settled(poll_interval=poll_interval, timeout=timeout, until_resolved=until_resolved)
        for settled, _ in enumerate(ops, 1):
            if progress is not None:
                progress(settled, self.submitted)
        return self.result()
