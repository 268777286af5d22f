"""Driving the embedded backend's Import API from a test.

The Import API is asynchronous: a submitted resource's operation is `processing` until the import
runs. The embedded backend runs it on the next Import API read (what a client's wait loop does);
these let a test run it, or hold it back, explicitly:

    from ctp_sdk.testing.imports import process_imports, set_reads_before_processing

    set_reads_before_processing(backend, 2)   # operations stay `processing` through two reads
    process_imports(backend)                  # or: run every submitted import now
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._auth import Grant
from ._import_api import process
from ._other_apis import import_state

if TYPE_CHECKING:
    from ._backend import Backend

__all__ = ["pending_operations", "process_imports", "set_reads_before_processing"]


def process_imports(backend: Backend) -> None:
    """Run every `processing` import now, and retry those waiting for a referenced resource."""
    state = import_state(backend)
    # Imports run as the backend's own API client (the `createdBy` of what they create).
    grant = Grant(backend.client.client_id, backend.project_key, frozenset(), expires_at=0.0)
    process(backend, state, grant, backend.clock.isoformat())


def set_reads_before_processing(backend: Backend, reads: int) -> None:
    """Keep submitted operations `processing` through `reads` Import API reads before they run."""
    if isinstance(reads, bool) or not isinstance(reads, int) or reads < 0:
        raise ValueError("reads must be an int >= 0")
    import_state(backend).reads_before_processing = reads


def pending_operations(backend: Backend) -> int:
    """How many operations are still processing or waiting (unresolved, waiting for a master variant)."""
    return len(import_state(backend).pending)
