"""Types the fault tests share with their conftest (kept out of conftest.py: a module named `conftest`
is ambiguous when several test folders have one)."""

from __future__ import annotations

from collections.abc import Callable

from ctp_sdk import CtpClient


class Sleeps(list[float]):
    """Records the delays the client would have slept, instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


ClientFactory = Callable[..., tuple[CtpClient, Sleeps]]
