"""Type stubs (`.pyi`) beside the generated models and builders, and the name index type checkers read.

Why: a user script that imports three models and calls one builder chain made pyright parse ~2,930
files and mypy analyse ~4,990 modules (≈ 20 s cold), because

- mypy analyses every module it reaches, and a generated model's `.py` is mostly runtime code (the
  decoder, the encoder, lazy imports) that mypy cannot skip: `_decode` assigns attributes, so even in
  site-packages its body is type-checked; a stub holds only what a checker needs (fields, signatures,
  docstrings), in a fraction of the bytes;
- pyright parses every module imported by a module it binds, and the lazy runtime index
  (`models/__init__.py`) named all 2,765 models for type checkers.

So every model and builder module gets a stub derived mechanically from its `.py` (`stub()`: the same
classes, decorators, fields, defaults, converters and signatures, bodies replaced by `...`; the attrs
decorator stays, so both checkers synthesize `__init__` exactly as they did from the module), the
package `__init__.pyi` names nothing but the runtime index, and type checkers find the public names
through `models/_names.pyi`: it re-exports each name from one of `BUCKETS` small bucket stubs
(`_names_NN.pyi`, by a stable hash of the model's module, so a new model changes one bucket), each of
which imports its models. A name lookup binds the top index and one bucket; pyright parses those
buckets' modules only. The index files are stubs without a module: importing them at run time fails
(the runtime index is `models/__init__.py`'s `__getattr__`). The stubs are then grouped
(codegen/stub_groups.py) and the models' `__init__` written out (codegen/stub_inits.py), for mypy.
"""

from __future__ import annotations

import ast
import zlib
from collections.abc import Iterable
from pathlib import Path

BUCKETS = 64
INDEX = "_names"
# Module-level runtime machinery of the generated modules that type checkers never need: decoding
# tables, lazy-import state, error-path helpers, the discriminator and union tables.
_DROP_ASSIGN = ("_", "_KNOWN", "_new", "_resolved")
_DROP_PREFIX = ("_v_", "_d_", "_arms_", "_subtypes")
_DROP_FUNCS = ("_resolve", "_items")
# A model's decoder and encoder: `_c.Model` declares both with the same (Self-typed) signatures.
_DROP_METHODS = ("_decode", "_encode")


class StubError(RuntimeError):
    """A generated module holds a statement the stubber does not know how to carry into a stub."""


def _target(node: ast.Assign | ast.AnnAssign) -> str:
    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
    return ast.unparse(target)


def _dropped(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assign | ast.AnnAssign):
        name = _target(node)
        return name in _DROP_ASSIGN or name.startswith(_DROP_PREFIX)
    return isinstance(node, ast.FunctionDef) and node.name in _DROP_FUNCS


def is_doc(node: ast.stmt) -> bool:
    """A string expression statement: a module's, class's or alias's docstring."""
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def segment(lines: list[str], node: ast.stmt, dedent: int = 0) -> str:
    """A statement's source lines, decorators included (`dedent` columns off each non-blank line)."""
    decorators = getattr(node, "decorator_list", [])
    start = min([d.lineno for d in decorators] + [node.lineno])
    end = node.end_lineno or node.lineno
    return "".join(line[dedent:] if line.strip() else line for line in lines[start - 1 : end])


class _Source:
    def __init__(self, text: str, path: str) -> None:
        self.lines = text.splitlines(keepends=True)
        self.path = path

    def segment(self, node: ast.stmt, dedent: int = 0) -> str:
        return segment(self.lines, node, dedent)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, dedent: int = 0) -> str:
        """The decorators and signature, the docstring, then `...`."""
        decorators = node.decorator_list
        start = min([d.lineno for d in decorators] + [node.lineno])
        first = node.body[0]
        if first.lineno <= node.lineno:
            raise StubError(f"{self.path}: {node.name}: body on the `def` line")
        head = "".join(line[dedent:] for line in self.lines[start - 1 : first.lineno - 1])
        indent = " " * (node.col_offset - dedent + 4)
        doc = self.segment(first, dedent) if is_doc(first) else ""
        return f"{head}{doc}{indent}...\n"

    def klass(self, node: ast.ClassDef) -> str:
        first = node.body[0]
        out = ["".join(self.lines[min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1 : first.lineno - 1])]
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                if item.name not in _DROP_METHODS:
                    out.append(self.function(item))
            elif isinstance(item, ast.AnnAssign | ast.Assign) or is_doc(item):
                out.append(self.segment(item))
            else:
                raise StubError(f"{self.path}:{item.lineno}: class {node.name}: no stub for {type(item).__name__}")
        return "".join(out)


def stub(text: str, path: str = "<module>") -> str:
    """The stub of one generated module (before formatting; postprocess runs ruff on it)."""
    tree = ast.parse(text)
    src = _Source(text, path)
    out: list[str] = []
    kept_previous = False
    for index, node in enumerate(tree.body):
        if index == 0 and is_doc(node):
            out.append(src.segment(node))
            kept_previous = True
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            kept_previous = False
            continue
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING" and not node.orelse:
            # Imports for annotations only; a stub is never executed, so they need no guard.
            for inner in node.body:
                if isinstance(inner, ast.Pass):
                    continue
                if not isinstance(inner, ast.Import | ast.ImportFrom):
                    raise StubError(f"{path}:{inner.lineno}: only imports are expected under TYPE_CHECKING")
                out.append(src.segment(inner, dedent=4))
            kept_previous = False
            continue
        if _dropped(node):
            kept_previous = False
            continue
        if is_doc(node):
            # The docstring of the statement before it (an alias's); orphaned when that was dropped.
            if kept_previous:
                out.append(src.segment(node))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign):
            out.append(src.segment(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out.append("\n" + src.function(node))
        elif isinstance(node, ast.ClassDef):
            out.append("\n" + src.klass(node))
        else:
            raise StubError(f"{path}:{node.lineno}: no stub for a module-level {type(node).__name__}")
        kept_previous = True
    return "".join(out)


def write_stubs(directory: Path) -> int:
    """A `.pyi` beside every module of `directory` except `__init__.py` and `_index.py` (runtime data
    that type checkers never reach). Returns how many."""
    count = 0
    for path in sorted(directory.glob("*.py")):
        if path.name in ("__init__.py", "_index.py"):
            continue
        path.with_suffix(".pyi").write_text(stub(path.read_text(encoding="utf-8"), str(path)), encoding="utf-8")
        count += 1
    return count


def bucket(module: str) -> int:
    """A model module's bucket: stable across generations (crc32 of its name, not its position)."""
    return zlib.crc32(module.encode()) % BUCKETS


def index_stubs(entries: Iterable[tuple[str, str]], doc: str) -> dict[str, str]:
    """File name -> text of the type checkers' name index over (module, name) pairs (see the module doc)."""
    buckets: dict[int, list[tuple[str, str]]] = {}
    for module, name in entries:
        buckets.setdefault(bucket(module), []).append((module, name))
    files: dict[str, str] = {}
    top = [f'"""{doc}\n\nFor type checkers only (see codegen/stubs.py): there is no module behind this stub."""\n\n']
    for number, pairs in sorted(buckets.items()):
        stem = f"{INDEX}_{number:02d}"
        lines = [f'"""Bucket {number} of `{INDEX}` (see codegen/stubs.py)."""\n\n']
        for module, name in sorted(pairs):
            lines.append(f"from .{module} import {name} as {name}\n")
            top.append(f"from .{stem} import {name} as {name}\n")
        files[f"{stem}.pyi"] = "".join(lines)
    files[f"{INDEX}.pyi"] = "".join(top)
    return files


def init_stub(doc: str) -> str:
    """`models/__init__.pyi`: the runtime index only; the models' names are in `_names.pyi`, so that
    reaching one model module (whose package this is) does not make a checker load all of them."""
    return (
        f'"""{doc}\n\nType checkers: import models from the public facade (`ctp_sdk.models` and the like), which\n'
        f're-exports `{INDEX}`; this package names them at run time only (PEP 562)."""\n\n'
        "from typing import Any\n\n"
        "_MODULES: dict[str, str]\n"
        "__all__: list[str]\n\n"
        "def __getattr__(name: str) -> Any: ...\n"
        "def __dir__() -> list[str]: ...\n"
    )
