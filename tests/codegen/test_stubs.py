"""codegen/stubs.py: the stubs type checkers read instead of the generated modules, and the name index."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import attrs
import pytest

from codegen import stubs

REPO = Path(__file__).resolve().parents[2]

MODULE = '''"""Thing"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import define as _define
from attrs import field as _field

from ctp_sdk import _codec as _c

if TYPE_CHECKING:
    from .colour import Colour, ColourLiteral

_ = Any
_new = object.__new__
_resolved = False


def _resolve() -> None:
    global _resolved
    _resolved = True


def _to_Colour(value: Colour | ColourLiteral) -> Colour:
    return Colour(value)


_KNOWN = frozenset({"colour"})


@_define(kw_only=True, slots=True)
class Thing(_c.Model):
    """A thing."""

    colour: Colour = _field(converter=_to_Colour)
    name: str | None = None

    @classmethod
    def _decode(cls, src: Any) -> Thing:
        _o = _new(cls)
        _o.colour = src["colour"]
        return _o

    def describe(self) -> str:
        """Say what it is."""
        return self.name or ""
'''


def test_a_stub_keeps_the_types_and_drops_the_runtime_machinery() -> None:
    out = stubs.stub(MODULE)
    tree = ast.parse(out)
    names = {getattr(n, "name", None) for n in tree.body}
    assert "Thing" in names and "_to_Colour" in names  # the converter types `__init__`'s parameter
    assert "_resolve" not in names and "_KNOWN" not in out and "_new" not in out and "__future__" not in out
    assert "from .colour import Colour, ColourLiteral" in out  # hoisted out of TYPE_CHECKING
    assert "@_define(kw_only=True, slots=True)" in out and "_field(converter=_to_Colour)" in out
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    methods = {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}
    assert set(methods) == {"describe"}  # `_decode` is `_c.Model`'s, same signature
    assert ast.get_docstring(methods["describe"]) == "Say what it is."
    assert isinstance(methods["describe"].body[-1], ast.Expr)  # `...`, no body


def test_an_unknown_statement_stops_the_stubber() -> None:
    with pytest.raises(stubs.StubError, match="module-level While"):
        stubs.stub("while True:\n    pass\n")


def test_every_name_is_in_exactly_one_bucket_and_buckets_are_stable() -> None:
    entries = [("cart", "Cart"), ("cart_origin", "CartOrigin"), ("cart_origin", "CartOriginLiteral"), ("zone", "Zone")]
    files = stubs.index_stubs(entries, "Every model.")
    top = files.pop(f"{stubs.INDEX}.pyi")
    for _, name in entries:
        assert top.count(f" import {name} as {name}\n") == 1
        assert sum(text.count(f" import {name} as {name}\n") for text in files.values()) == 1
    # An enum and its Literal share their module's bucket; the bucket is a hash of the module only.
    assert stubs.bucket("cart_origin") == stubs.bucket("cart_origin")
    assert f"from .{stubs.INDEX}_{stubs.bucket('cart'):02d} import Cart as Cart" in top
    assert len(files) <= stubs.BUCKETS


def _stub_classes(models: Path, stem: str) -> dict[str, ast.ClassDef]:
    """The classes a module's stub declares: its own, or those it re-exports from its group."""
    tree = ast.parse((models / f"{stem}.pyi").read_text(encoding="utf-8"))
    out = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and (node.module or "").startswith("_group_"):
            group = ast.parse((models / f"{node.module}.pyi").read_text(encoding="utf-8"))
            classes = {n.name: n for n in group.body if isinstance(n, ast.ClassDef)}
            out.update({a.name: classes[a.name] for a in node.names if a.name in classes and a.asname == a.name})
    return out


@pytest.mark.parametrize("tree", ["_generated", "_generated_import", "_generated_history", "_generated_checkout"])
def test_the_stubs_declare_the_fields_and_init_the_runtime_classes_have(tree: str) -> None:
    models = REPO / "ctp_sdk" / tree / "models"
    modules = sorted(p for p in models.glob("*.py") if p.name != "__init__.py")
    assert modules and all(p.with_suffix(".pyi").is_file() for p in modules)
    checked = 0
    for path in modules[::7]:  # a seventh of them: each import costs; the stubber treats all alike
        module = importlib.import_module(f"ctp_sdk.{tree}.models.{path.stem}")
        for name, node in _stub_classes(models, path.stem).items():
            cls = getattr(module, name)
            if not attrs.has(cls):
                continue
            declared = {
                n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
            }
            own = {f.name for f in attrs.fields(cls) if f.name in inspect.get_annotations(cls)}
            assert declared == own, (path.name, declared ^ own)
            # The written-out `__init__` (codegen/stub_inits.py) is the one attrs generates: the same
            # keyword-only parameters, the same ones optional, each typed as attrs types it (a converter's
            # input type for a field with a converter).
            init = next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
            stub_params = {
                a.arg: d is not None for a, d in zip(init.args.kwonlyargs, init.args.kw_defaults, strict=True)
            }
            runtime = inspect.signature(cls.__init__).parameters
            assert stub_params == {
                p.name: p.default is not p.empty for p in runtime.values() if p.kind is p.KEYWORD_ONLY
            }, (path.name, name)
            assert not init.args.args[1:] and all(p.kind is p.KEYWORD_ONLY for p in list(runtime.values())[1:])
            stub_types = {a.arg: ast.unparse(a.annotation) for a in init.args.kwonlyargs if a.annotation}
            runtime_types = {p.name: str(p.annotation) for p in list(runtime.values())[1:]}
            assert stub_types == runtime_types, (path.name, name, set(stub_types.items()) ^ set(runtime_types.items()))
            checked += 1
    assert checked > 20
