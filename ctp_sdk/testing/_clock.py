"""The backend's clock: wall-clock seconds that tests move forward instead of sleeping."""

from __future__ import annotations

import datetime as dt
import threading
import time


class FakeClock:
    """A callable returning Unix epoch seconds (like `time.time`) that tests can move forward.

    By default it runs with real time from `start` (default: now), so timestamps differ between
    requests; `frozen=True` stops it between `advance` calls. Token expiry and `createdAt` /
    `lastModifiedAt` read this clock: `clock.advance(49 * 3600)` expires default tokens.
    """

    def __init__(self, start: float | None = None, *, frozen: bool = False) -> None:
        self._start = time.time() if start is None else float(start)
        self._origin = time.monotonic()
        self._offset = 0.0
        self.frozen = frozen
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            running = 0.0 if self.frozen else time.monotonic() - self._origin
            return self._start + running + self._offset

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset += seconds

    def __repr__(self) -> str:
        return f"FakeClock({self.isoformat()}{', frozen' if self.frozen else ''})"

    def isoformat(self) -> str:
        """The current instant as commercetools writes it: `2024-05-01T12:00:00.000Z`."""
        instant = dt.datetime.fromtimestamp(self(), tz=dt.UTC)
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
