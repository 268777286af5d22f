"""What a workload returns: rows of the side-by-side table and budget verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from ._timing import Stats

__all__ = ["Budget", "Row", "Settings"]


@dataclass(frozen=True)
class Settings:
    """How hard to measure. `quick` shrinks everything so the bench can run in the test suite."""

    quick: bool = False

    def repeats(self, full: int) -> int:
        return 2 if self.quick else full

    def seconds(self, full: float) -> float:
        """Target duration of one sample."""
        return 0.01 if self.quick else full


@dataclass(frozen=True)
class Row:
    """One measured figure next to its baseline from the same run.

    `value` and `baseline` are in `unit`; `ratio` is over paired samples (subject / baseline), None
    when the figure has no baseline.
    """

    workload: str
    case: str
    subject: str
    unit: str
    value: Stats
    baseline_name: str = ""
    baseline: Stats | None = None
    ratio: Stats | None = None
    note: str = ""


@dataclass(frozen=True)
class Budget:
    name: str
    limit: str
    measured: str
    met: bool
