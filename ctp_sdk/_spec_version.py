"""`ctp_sdk.SPEC_VERSION`: which commercetools API spec the generated layer was made from."""

from __future__ import annotations

from typing import NamedTuple


class SpecVersion(NamedTuple):
    """The upstream spec's commit and date (None when it was generated from a file outside a git checkout),
    its sha256 and the generator that turned it into `ctp_sdk._generated`."""

    commit: str | None
    date: str | None
    sha256: str
    generator: str

    def __str__(self) -> str:
        # `2026-08-21+5867aa22`: short enough for a User-Agent, precise enough to find the commit.
        if self.commit:
            return f"{self.date}+{self.commit[:8]}" if self.date else self.commit[:8]
        return f"sha256-{self.sha256[:12]}"


def spec_version() -> SpecVersion:
    from ._generated import _spec

    return SpecVersion(commit=_spec.COMMIT, date=_spec.DATE, sha256=_spec.SHA256, generator=_spec.GENERATOR)
