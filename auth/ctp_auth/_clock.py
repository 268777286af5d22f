"""Where ctp_auth gets the time: injectable so token expiry is testable without sleeping."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A callable returning the current time as Unix epoch seconds (like ``time.time``).

    Wall-clock time, not monotonic: expiry instants are stored in sessions and must mean the same
    thing in another process. Tests pass a fake whose value they advance.
    """

    def __call__(self) -> float: ...


def system_clock() -> float:
    """The default clock: ``time.time()``."""
    return time.time()
