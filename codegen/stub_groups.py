"""Group the generated stubs into a few larger files, so that mypy analyses ~200 modules, not ~3,500.

Why: mypy follows every import of every module it reads, and the fluent root's stub reaches every
builder, whose stubs reach every model: bench's user script (three models, one builder chain) made it
analyse 3,491 `ctp_sdk` modules, cold 3.5x-4x the raw-httpx script's time. Its cost is mostly per module,
not per line (finding, parsing, the SQLite cache, ~2.8 ms each): one stub holding every platform model
measured 0.40x of the cold time before the stubs, against 0.71x with a stub per module. But pyright parses a
whole file when it looks a name up in it, so one big stub would make it parse all 56k lines for one model.

So the stubs of a package are grouped by their names' leading words (`partition`: a trie of the
snake_case words, split where a branch exceeds `LIMIT` modules; small branches are packed together in
name order), which keeps a resource's models together (`category_*`) and a group small. Each group is a
stub without a module (`_group_<first member>.pyi`) holding its members' classes, aliases and converters;
each member's own stub becomes a re-export of its names from the group, so `from
ctp_sdk._generated.models.category import Category` still type-checks; and every stub that imported a
member (other groups, builders, the name index's buckets) imports from the group instead, so neither
checker reads the per-module re-exports unless a user names one. Modules with public module-level
functions (maps' `from_dict` / `to_dict`) keep their own stub: those names would clash in a group.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import Path

from .stubs import StubError, is_doc, segment

LIMIT = 32
PREFIX = "_group_"


def partition(modules: Sequence[str], limit: int = LIMIT) -> list[list[str]]:
    """Modules (sorted snake_case names) in groups of at most `limit`, by leading words (module doc)."""
    return _split(sorted(modules), limit, 0)


def _split(modules: list[str], limit: int, depth: int) -> list[list[str]]:
    if len(modules) <= limit:
        return [modules]
    pack = [m for m in modules if len(m.split("_")) <= depth]
    branches: dict[str, list[str]] = {}
    for module in modules:
        words = module.split("_")
        if len(words) > depth:
            branches.setdefault(words[depth], []).append(module)
    out: list[list[str]] = []
    for members in branches.values():
        if len(members) > limit:
            out.extend(_split(members, limit, depth + 1))
            continue
        if pack and len(pack) + len(members) > limit:
            out.append(pack)
            pack = []
        pack.extend(members)
    if pack:
        out.append(pack)
    return out


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return [node.name]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    return []


class _Rewriter:
    """Where each module's names are now: `local` for this package's modules (level-1 imports),
    `models` for the sibling models package (level-2 `..models.X` imports, from builders)."""

    def __init__(self, local: Mapping[str, str], models: Mapping[str, str]) -> None:
        self.local = local
        self.models = models

    def target(self, node: ast.ImportFrom) -> str | None:
        """The module this import now reads from, or None if it is not one that moved."""
        module = node.module or ""
        if node.level == 1 and module in self.local:
            return f".{self.local[module]}"
        if node.level == 2 and module.startswith("models.") and module[len("models.") :] in self.models:
            return f"..models.{self.models[module[len('models.') :]]}"
        return None

    def imports(self, node: ast.ImportFrom, path: Path) -> str:
        target = self.target(node)
        if target is None:
            raise StubError(f"{path}:{node.lineno}: not an import of a grouped module")
        names = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names)
        return f"from {target} import {names}\n"

    def text(self, source: str, path: Path) -> str:
        """A whole stub with its imports of moved modules pointed at their groups."""
        lines = source.splitlines(keepends=True)
        tree = ast.parse(source, str(path))
        out: list[str] = []
        position = 0
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and self.target(node) is not None:
                out.append("".join(lines[position : node.lineno - 1]))
                out.append(self.imports(node, path))
                position = node.end_lineno or node.lineno
        out.append("".join(lines[position:]))
        return "".join(out)


def _group_text(stem: str, members: list[str], sources: Mapping[str, str], rewriter: _Rewriter, package: Path) -> str:
    imports: dict[str, None] = {}
    bodies: list[str] = []
    defined: dict[str, tuple[str, str]] = {}  # name -> (member, text)
    for member in members:
        path = package / f"{member}.pyi"
        lines = sources[member].splitlines(keepends=True)
        kept_previous = False
        for index, node in enumerate(ast.parse(sources[member], str(path)).body):
            if index == 0 and is_doc(node):
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 1 and rewriter.local.get(node.module or "") == stem:
                if any(a.asname not in (None, a.name) for a in node.names):
                    raise StubError(f"{path}:{node.lineno}: a renamed import inside one group")
                continue  # defined in this group
            if isinstance(node, ast.ImportFrom) and rewriter.target(node) is not None:
                imports.setdefault(rewriter.imports(node, path))
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.setdefault(segment(lines, node))
                continue
            text = segment(lines, node)
            if is_doc(node):  # an alias's docstring: it stays after the alias (or goes with it)
                if kept_previous:
                    bodies.append(text)
                continue
            kept_previous = False
            names = _defined(node)
            if not names:
                raise StubError(f"{path}:{node.lineno}: a {type(node).__name__} that defines no name")
            clash = [n for n in names if n in defined and defined[n][1] != text]
            if clash:
                raise StubError(f"{path}: {clash[0]} is also defined, differently, by {defined[clash[0]][0]}")
            if all(n in defined for n in names):
                continue  # the same converter in two members: once is enough
            for name in names:
                defined[name] = (member, text)
            bodies.append("\n" + text)
            kept_previous = True
    imported = {
        (a.asname or a.name).split(".")[0]
        for statement in imports
        for node in ast.parse(statement).body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }
    shadowed = sorted(imported & set(defined))
    if shadowed:
        raise StubError(f"{package / stem}.pyi: {shadowed[0]} is both imported and defined")
    doc = f'"""Stubs of {len(members)} modules, `{members[0]}` to `{members[-1]}` (codegen/stub_groups.py)."""\n\n'
    return doc + "".join(imports) + "".join(bodies)


def _reexport(source: str, stem: str, path: Path) -> str:
    """A member's stub, now: its docstring and its names, imported from its group."""
    tree = ast.parse(source, str(path))
    doc = segment(source.splitlines(keepends=True), tree.body[0]) if tree.body and is_doc(tree.body[0]) else ""
    names = sorted({name for node in tree.body for name in _defined(node) if not name.startswith("_")})
    lines = "".join(f"from .{stem} import {name} as {name}\n" for name in names)
    return f"{doc}\n{lines}"


def _groupable(source: str, path: Path) -> bool:
    """False for a module with public module-level functions (a map's `from_dict` / `to_dict`)."""
    body = ast.parse(source, str(path)).body
    return not any(isinstance(node, ast.FunctionDef) and not node.name.startswith("_") for node in body)


def group_package(package: Path, models: Mapping[str, str] | None = None, *, limit: int = LIMIT) -> dict[str, str]:
    """Group the stubs of `package` (module doc) and point every stub of it at the groups; `models` is the
    sibling models package's result, for a builders package. Returns module -> the stub it is now read
    from (its group, or itself when it keeps its own stub)."""
    members = sorted(
        p.stem for p in package.glob("*.pyi") if not p.stem.startswith("_") and p.with_suffix(".py").is_file()
    )
    sources = {m: (package / f"{m}.pyi").read_text(encoding="utf-8") for m in members}
    groupable = [m for m in members if _groupable(sources[m], package / f"{m}.pyi")]
    where = {m: m for m in members}
    groups = partition(groupable, limit)
    for group in groups:
        for member in group:
            where[member] = PREFIX + group[0]
    rewriter = _Rewriter(where, models or {})
    for group in groups:
        stem = PREFIX + group[0]
        (package / f"{stem}.pyi").write_text(_group_text(stem, group, sources, rewriter, package), encoding="utf-8")
        for member in group:
            path = package / f"{member}.pyi"
            path.write_text(_reexport(sources[member], stem, path), encoding="utf-8")
    # Everything else in the package (kept stubs, the name index and its buckets) reads from the groups.
    for path in sorted(package.glob("*.pyi")):
        if path.stem.startswith(PREFIX) or where.get(path.stem, path.stem) != path.stem:
            continue
        source = path.read_text(encoding="utf-8")
        rewritten = rewriter.text(source, path)
        if rewritten != source:
            path.write_text(rewritten, encoding="utf-8")
    return where
