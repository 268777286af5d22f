"""The models' stubs declare `__init__` themselves instead of letting the checkers' attrs support derive it.

Why: mypy's attrs plugin was the largest part of the cost the models put on mypy. For each attrs class it
synthesizes `__init__`, `__slots__`, `__match_args__` and a new type for `__attrs_attrs__`, rerunning on
every pass over the import cycle the models form, and mypy type-checks each `field(...)` call (an
overloaded function) and each default in the class bodies. With bench's user script (which reaches all
2,765 platform models through the fluent root), the same stubs without the decorator took mypy 9.7 s
cold instead of 15.0 s, against 4.5 s for the raw-httpx script (same run).

So each attrs class of a stub becomes a plain class: its fields declared without values, and the
`__init__` attrs generates at run time written out (keyword-only, inherited fields included, a
converter's input type for a field with a converter, `= ...` for a field with a default); the converter
helpers, now unused, are dropped. `ctp_sdk._codec.Model`, the base of every model, is an attrs class
for type checkers (and only for them): mypy's `attrs.evolve` support finds the attrs marker through the
class hierarchy and takes the fields from the model's own `__init__`, so `attrs.evolve(category,
name=...)` stays checked field by field, and `attrs.asdict` / `attrs.fields` accept every model.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from .stubs import StubError

DECORATOR = "_define"
_FIELD = "_field"
# Bases from outside the models package that declare no fields (the handwritten model base).
_FIELDLESS_BASES = ("_c.Model",)


class _Field:
    def __init__(self, name: str, annotation: str, init_type: str, default: bool) -> None:
        self.name = name
        self.annotation = annotation
        self.init_type = init_type
        self.default = default


def _is_attrs(node: ast.ClassDef) -> bool:
    return any(ast.unparse(d).startswith(f"{DECORATOR}(") or ast.unparse(d) == DECORATOR for d in node.decorator_list)


def _own_fields(node: ast.ClassDef, converters: Mapping[str, str], path: Path) -> list[_Field]:
    out: list[_Field] = []
    for item in node.body:
        if not isinstance(item, ast.AnnAssign) or not isinstance(item.target, ast.Name):
            continue
        annotation = ast.unparse(item.annotation)
        if "ClassVar" in annotation:
            continue
        name, value, init_type, default = item.target.id, item.value, annotation, item.value is not None
        if name.startswith("_"):
            raise StubError(f"{path}:{item.lineno}: attrs renames the parameter of a private field {name}")
        if isinstance(value, ast.Call) and ast.unparse(value.func) == _FIELD:
            keywords = {k.arg: k.value for k in value.keywords}
            unknown = set(keywords) - {"default", "factory", "converter", "repr"}
            if value.args or unknown:
                raise StubError(f"{path}:{item.lineno}: no stub rule for field({', '.join(sorted(map(str, unknown)))})")
            default = "default" in keywords or "factory" in keywords
            if "converter" in keywords:
                converter = ast.unparse(keywords["converter"])
                if converter not in converters:
                    raise StubError(f"{path}:{item.lineno}: converter {converter} is not defined in the package")
                init_type = converters[converter]
        out.append(_Field(name, annotation, init_type, default))
    return out


class _Package:
    """The attrs classes and converters of one models package's stubs, for inherited fields."""

    def __init__(self, sources: Mapping[Path, str]) -> None:
        self.trees = {path: ast.parse(text, str(path)) for path, text in sources.items()}
        self.classes: dict[str, tuple[ast.ClassDef, Path]] = {}
        self.converters: dict[str, str] = {}
        for path, tree in self.trees.items():
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and _is_attrs(node):
                    self.classes[node.name] = (node, path)
                elif isinstance(node, ast.FunctionDef) and node.name.startswith("_to_"):
                    annotation = node.args.args[0].annotation
                    if annotation is None:
                        raise StubError(f"{path}:{node.lineno}: converter {node.name} has no parameter type")
                    self.converters[node.name] = ast.unparse(annotation)
        self._fields: dict[str, dict[str, _Field]] = {}

    def fields(self, name: str) -> dict[str, _Field]:
        """All fields of an attrs class in attrs' order: the bases' first, a redefinition in place."""
        if name in self._fields:
            return self._fields[name]
        node, path = self.classes[name]
        out: dict[str, _Field] = {}
        for base in node.bases:
            base_name = ast.unparse(base)
            if base_name in self.classes:
                out.update(self.fields(base_name))
            elif base_name not in _FIELDLESS_BASES:
                raise StubError(f"{path}:{node.lineno}: class {name}: base {base_name} is not a known model")
        for field in _own_fields(node, self.converters, path):
            out[field.name] = field
        self._fields[name] = out
        return out


def _init(fields: Mapping[str, _Field]) -> str:
    if not fields:
        return "    def __init__(self) -> None: ...\n"
    params = ", ".join(f"{f.name}: {f.init_type}{' = ...' if f.default else ''}" for f in fields.values())
    return f"    def __init__(self, *, {params}) -> None: ...\n"


def _rewrite(path: Path, text: str, tree: ast.Module, package: _Package) -> str:
    lines = text.splitlines(keepends=True)
    replace: dict[int, tuple[int, str]] = {}  # first line -> (last line, replacement)
    after: dict[int, str] = {}  # line -> text to insert after it (a class's `__init__`)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in package.converters:
            replace[node.lineno] = (node.end_lineno or node.lineno, "")
        if isinstance(node, ast.ImportFrom) and node.module == "attrs":
            replace[node.lineno] = (node.end_lineno or node.lineno, "")
        if not (isinstance(node, ast.ClassDef) and _is_attrs(node)):
            continue
        for decorator in node.decorator_list:
            replace[decorator.lineno] = (decorator.end_lineno or decorator.lineno, "")
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.value is not None:
                annotation = ast.unparse(item.annotation)
                replace[item.lineno] = (item.end_lineno or item.lineno, f"    {item.target.id}: {annotation}\n")
        after[node.end_lineno or node.lineno] = _init(package.fields(node.name))
    out: list[str] = []
    number = 1
    while number <= len(lines):
        last, replacement = replace.get(number, (number, lines[number - 1]))
        out.append(replacement)
        out.extend(after[n] for n in range(number, last + 1) if n in after)
        number = last + 1
    return "".join(out)


def explicit_inits(package: Path) -> int:
    """Rewrite the attrs classes of every stub in a models package (module doc); returns how many."""
    sources = {path: path.read_text(encoding="utf-8") for path in sorted(package.glob("*.pyi"))}
    model = _Package(sources)
    for path, tree in model.trees.items():
        if any(isinstance(n, ast.ClassDef) and _is_attrs(n) for n in tree.body):
            path.write_text(_rewrite(path, sources[path], tree, model), encoding="utf-8")
    return len(model.classes)
