"""ApiResponse: the typed body of a successful call plus what came with it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ApiResponse(Generic[T]):
    """`body` is the decoded model (None for HEAD and empty responses)."""

    body: T
    status_code: int
    headers: Mapping[str, str]
    correlation_id: str | None = None
    retries: int = 0
