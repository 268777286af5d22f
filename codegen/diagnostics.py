"""What a generation run found wrong, collected instead of raised one at a time.

Two kinds, each naming the file a person edits to resolve it:

- a *warning* is an overlay or fix entry (spec/maps.yaml, spec/errata.yaml, codegen/builder_nodes.yaml,
  codegen/config.yaml) that no longer applies to the spec: generation goes on without it, and the full
  list is printed at the end. `--strict` (CI, the drift test on the pinned spec) turns warnings into
  errors, so the pinned spec never carries a dead entry.
- a *blocker* is something that stops generation (a map schema the overlay does not know, a builder
  name clash, a renamed public name). Blockers are collected as far as generation can go and reported
  together, without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    file: str  # what to edit, relative to the repository root
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class GenerationBlocked(Exception):
    """Generation cannot finish; `findings` says what to edit. Printed by `python -m codegen` as a list."""

    def __init__(self, findings: list[Finding], warnings: list[Finding] | None = None) -> None:
        self.findings = findings
        self.warnings = warnings or []
        super().__init__("\n".join(str(f) for f in findings))

    def render(self) -> str:
        lines = [f"generation stopped: {len(self.findings)} problem(s), fix them and run again:"]
        lines += [f"  - {f}" for f in self.findings]
        if self.warnings:
            lines.append(f"and {len(self.warnings)} warning(s):")
            lines += [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)


@dataclass
class Diagnostics:
    strict: bool = False
    warnings: list[Finding] = field(default_factory=list)
    blockers: list[Finding] = field(default_factory=list)

    def warn(self, file: str, message: str) -> None:
        self.warnings.append(Finding(file, message))

    def block(self, file: str, message: str) -> None:
        self.blockers.append(Finding(file, message))

    def raise_if_blocked(self) -> None:
        """Stop here if anything blocks (or, under --strict, if anything is stale)."""
        blockers = self.blockers + (self.warnings if self.strict else [])
        if blockers:
            raise GenerationBlocked(blockers, [] if self.strict else self.warnings)
