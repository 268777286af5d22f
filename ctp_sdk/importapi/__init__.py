"""The commercetools Import API: bulk loads through import containers.

`ctp.import_api_root()` is the generated root; `Importer` submits resources in batches and waits for
them. Models: `ctp_sdk.importapi.models`.
"""

from ._importer import MAX_RESOURCES_PER_REQUEST, Importer, ImportResult, ImportTimeoutError

__all__ = ["MAX_RESOURCES_PER_REQUEST", "ImportResult", "ImportTimeoutError", "Importer"]
