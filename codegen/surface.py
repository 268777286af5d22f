"""The SDK's public surface as data: the names lock (spec/api.lock) and the API diff between two of them.

`spec/api.lock` is committed and rewritten by every generation. One line per published thing:

    builder <node path> <method>                       fluent builder method reaching a path node
    enum <Class> <json value> <MEMBER>                 enum member
    field <Class>.<json name> <python name> <type> [required]
    model <schema> <Class>                             model (or enum, or alias) class of a schema
    op <METHOD> <path> <operationId> <body> <result>   operation (`-` for none)
    resource <path> <createable> <updateable> <deleteable>

Two uses:

- **Names lock.** Regenerating must not silently give another name to something that is still in the
  spec: a builder method, model class, enum member or field whose key (node path, schema, enum value,
  JSON name) is in the lock but now has another name is a rename, and blocks generation unless the run
  says `--accept-renames`. Things the spec itself removed are not renames: they are breaking changes,
  listed in the API diff. The lock also feeds generation: a spec without `x-annotation-methodName` or
  resource annotations (older than 2026-08) gets the locked builder names and resources.
- **API diff.** `diff(old, new)` lists operations, models, fields, enum values, builder methods and
  resources added / removed / changed, each breaking one marked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .spec_source import REPO_ROOT

LOCK_FILE = REPO_ROOT / "spec" / "api.lock"
LOCK_NAME = "spec/api.lock"
HEADER = (
    "# The published API surface of ctp_sdk, rewritten by `nox -s generate` / `nox -s update-spec`.\n"
    "# Names here are locked: a regeneration that renames one fails unless run with --accept-renames.\n"
    "# Format and rules: codegen/surface.py. Review changes to this file like API changes.\n"
)
KINDS = ("builder", "enum", "field", "model", "op", "resource")


@dataclass
class Surface:
    """kind -> key -> value (both strings); the key identifies the thing, the value is its name/shape."""

    entries: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})

    def add(self, kind: str, key: str, value: str) -> None:
        self.entries[kind][key] = value

    def lines(self) -> list[str]:
        return sorted(
            f"{kind} {key} {value}".rstrip() for kind, table in self.entries.items() for key, value in table.items()
        )

    def text(self) -> str:
        return HEADER + "".join(line + "\n" for line in self.lines())

    def builders(self) -> dict[str, str]:
        return self.entries["builder"]

    def resources(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for path, value in self.entries["resource"].items():
            marks = dict(zip(("createable", "updateable", "deleteable"), value.split(" "), strict=True))
            out[path] = {k: v for k, v in marks.items() if v != "-"}
        return out


# How many leading words of a line form its key, per kind (the rest is the value).
_KEY_WORDS = {"builder": 1, "enum": 2, "field": 1, "model": 1, "op": 2, "resource": 1}


def parse(text: str) -> Surface:
    surface = Surface()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, rest = line.split(" ", 1)
        words = rest.split(" ")
        n = _KEY_WORDS[kind]
        surface.add(kind, " ".join(words[:n]), " ".join(words[n:]))
    return surface


def load(path: Path | None = None) -> Surface | None:
    path = path or LOCK_FILE
    return parse(path.read_text(encoding="utf-8")) if path.is_file() else None


def enum_value(value: object) -> str:
    # JSON-quoted so that values with spaces stay one word of the line.
    return json.dumps(value, ensure_ascii=False).replace(" ", "\\u0020")


# --- names lock -----------------------------------------------------------------------------------


RENAMED_KINDS = ("builder", "model", "enum", "field")


def renames(old: Surface, new: Surface) -> list[str]:
    """Things in both surfaces (same key) published under another name now."""
    out: list[str] = []
    for kind in RENAMED_KINDS:
        before, after = old.entries[kind], new.entries[kind]
        for key in sorted(before.keys() & after.keys()):
            old_name, new_name = _name_of(kind, before[key]), _name_of(kind, after[key])
            if old_name != new_name:
                out.append(f"{kind} {key}: {old_name} -> {new_name}")
    return out


def _name_of(kind: str, value: str) -> str:
    # A field's value is `<python name> <type> [required]`: only the name is locked.
    return value.split(" ", 1)[0] if kind == "field" else value


# --- API diff -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # builder, enum, field, model, op, resource
    what: str  # added, removed, changed, renamed
    key: str
    detail: str
    breaking: bool

    def __str__(self) -> str:
        mark = "BREAKING " if self.breaking else ""
        return f"{mark}{self.what} {self.kind} {self.key}{': ' + self.detail if self.detail else ''}"


def diff(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []
    for kind in KINDS:
        before, after = old.entries[kind], new.entries[kind]
        for key in sorted(after.keys() - before.keys()):
            # A new required field in an existing model breaks code that builds that model.
            new_required = kind == "field" and after[key].endswith(" required") and _model_existed(old, key)
            changes.append(Change(kind, "added", key, after[key], breaking=new_required))
        for key in sorted(before.keys() - after.keys()):
            changes.append(Change(kind, "removed", key, before[key], breaking=True))
        for key in sorted(before.keys() & after.keys()):
            if before[key] == after[key]:
                continue
            renamed = kind in RENAMED_KINDS and _name_of(kind, before[key]) != _name_of(kind, after[key])
            changes.append(
                Change(kind, "renamed" if renamed else "changed", key, f"{before[key]} -> {after[key]}", breaking=True)
                if renamed or kind != "field"
                else Change(
                    kind,
                    "changed",
                    key,
                    f"{before[key]} -> {after[key]}",
                    breaking=_field_breaks(before[key], after[key]),
                )
            )
    return changes


def _model_existed(old: Surface, field_key: str) -> bool:
    cls = field_key.split(".", 1)[0]
    return any(value == cls for value in old.entries["model"].values())


def _field_breaks(before: str, after: str) -> bool:
    """Retyped, or newly required."""
    b, a = before.split(" "), after.split(" ")
    return b[1] != a[1] or (a[-1] == "required" and b[-1] != "required")


_TITLES = {
    "op": "Operations",
    "model": "Models",
    "field": "Fields",
    "enum": "Enum values",
    "builder": "Builder methods",
    "resource": "Resources (fake backend)",
}


def summary(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {kind: {} for kind in _TITLES}
    for change in changes:
        table = out[change.kind]
        table[change.what] = table.get(change.what, 0) + 1
        if change.breaking:
            table["breaking"] = table.get("breaking", 0) + 1
    return out


def render_text(changes: list[Change], limit: int = 40) -> str:
    lines = ["API diff (against the previous spec/api.lock):"]
    for kind, counts in summary(changes).items():
        shown = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no change"
        lines.append(f"  {_TITLES[kind]}: {shown}")
    breaking = [c for c in changes if c.breaking]
    if breaking:
        removed = sum(1 for c in breaking if c.what == "removed")
        lines.append(f"  {len(breaking)} breaking change(s) ({removed} removals by the spec: tell your users),")
        lines.append(f"  first {min(limit, len(breaking))}:")
        lines += [f"    {c}" for c in breaking[:limit]]
    return "\n".join(lines)


def render_markdown(changes: list[Change], title: str) -> str:
    lines = [f"## {title}", "", "| | added | removed | changed | renamed | breaking |", "|---|---|---|---|---|---|"]
    for kind, counts in summary(changes).items():
        cells = " | ".join(str(counts.get(w, 0)) for w in ("added", "removed", "changed", "renamed", "breaking"))
        lines.append(f"| {_TITLES[kind]} | {cells} |")
    for kind, heading in _TITLES.items():
        items = [c for c in changes if c.kind == kind]
        if not items:
            continue
        lines += ["", f"### {heading}", ""]
        items.sort(key=lambda c: (not c.breaking, c.what, c.key))
        lines += [
            f"- {'**breaking** ' if c.breaking else ''}{c.what} `{c.key}`" + (f": `{c.detail}`" if c.detail else "")
            for c in items
        ]
    return "\n".join(lines) + "\n"
