"""Repeated, interleaved timing: every sample of a subject is paired with a baseline sample taken
right before or after it, so the reported ratio is robust to the machine speeding up or slowing down."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Pair", "Stats", "paired", "per_call"]


@dataclass(frozen=True)
class Stats:
    """Median, min and max of repeated samples (seconds, bytes or a count, see the row's unit)."""

    median: float
    min: float
    max: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        if not samples:
            raise ValueError("no samples")
        return cls(statistics.median(samples), min(samples), max(samples))

    def scaled(self, factor: float) -> Stats:
        return Stats(self.median * factor, self.min * factor, self.max * factor)


@dataclass(frozen=True)
class Pair:
    """A subject and its baseline, sampled alternately; `ratio` is over the paired samples."""

    subject: Stats
    baseline: Stats
    ratio: Stats


def paired(subject: Callable[[], float], baseline: Callable[[], float], repeats: int) -> Pair:
    """Run `baseline` and `subject` alternately `repeats` times (order flipped every round); each call
    returns one sample. One untimed warm-up round first."""
    subject()
    baseline()
    subjects: list[float] = []
    baselines: list[float] = []
    for index in range(repeats):
        if index % 2:
            subjects.append(subject())
            baselines.append(baseline())
        else:
            baselines.append(baseline())
            subjects.append(subject())
    ratios = [s / b for s, b in zip(subjects, baselines, strict=True)]
    return Pair(Stats.of(subjects), Stats.of(baselines), Stats.of(ratios))


def per_call(
    fn: Callable[[], object],
    number: int,
    *,
    gc_off: bool = False,
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[[], float]:
    """A sampler: seconds per call of `fn`, averaged over `number` calls. The garbage collector stays on
        (as in an application) unless `gc_off`; a full collection runs before each sample so garbage left
        by the other side is not collected on this side's clock. `clock` is wall time unless given (the
    decode workloads pass `time.process_time`)."""

    def sample() -> float:
        enabled = gc.isenabled()
        gc.collect()
        if gc_off:
            gc.disable()
        try:
            started = clock()
            for _ in range(number):
                fn()
            return (clock() - started) / number
        finally:
            if enabled:
                gc.enable()

    return sample
