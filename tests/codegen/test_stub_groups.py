"""codegen/stub_groups.py and codegen/stub_inits.py on small packages: grouping keeps every name where
checkers look for it, and the written-out `__init__` is the one attrs would generate."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codegen import stub_groups, stub_inits
from codegen.stubs import StubError

BASE = '''"""Base"""

from attrs import define as _define
from attrs import field as _field
from ctp_sdk import _codec as _c


@_define(kw_only=True, slots=True, on_setattr=_c.NO_HOOKS)
class Base(_c.Model):
    """Base."""

    id: str
    additional_properties: dict[str, object] = _field(factory=dict, repr=False)
'''

CART = '''"""Cart"""

from typing import Literal, TypeAlias
from attrs import define as _define
from attrs import field as _field
from ctp_sdk import _codec as _c
from .base import Base
from .cart_state import CartState, CartStateLiteral

def _to_CartState(value: CartState | CartStateLiteral) -> CartState: ...

@_define(kw_only=True, slots=True, on_setattr=_c.NO_HOOKS)
class Cart(Base):
    """Cart."""

    state: CartState = _field(converter=_to_CartState)
    key: str | None = None
    action: str = "cart"
'''

CART_STATE = '''"""CartState"""

from typing import Literal, TypeAlias
from ctp_sdk._codec import CtpEnum

class CartState(CtpEnum):
    ACTIVE = "Active"

CartStateLiteral: TypeAlias = Literal["Active"]
"""The wire values."""
'''

HINTS = '''"""Hints: a map."""

from typing import Any, TypeAlias
from .cart import Cart

Hints: TypeAlias = "dict[str, Cart]"

def from_dict(src: Any) -> Hints: ...
'''


def _package(tmp: Path, modules: dict[str, str]) -> Path:
    package = tmp / "models"
    package.mkdir()
    for name, text in modules.items():
        (package / f"{name}.py").write_text("# runtime module\n")
        (package / f"{name}.pyi").write_text(text)
    (package / "_names_00.pyi").write_text("from .cart import Cart as Cart\nfrom .hints import Hints as Hints\n")
    return package


def test_partition_keeps_words_together_and_sizes_bounded() -> None:
    modules = [f"cart_{i:02d}" for i in range(10)] + [f"category_{i}" for i in range(3)] + ["channel", "zone"]
    groups = stub_groups.partition(modules, limit=8)
    assert sorted(m for g in groups for m in g) == sorted(modules)  # each module exactly once
    assert all(len(g) <= 8 for g in groups)
    assert stub_groups.partition(list(reversed(modules)), limit=8) == groups  # order-independent
    assert any(set(g) >= {"category_0", "category_1", "category_2"} for g in groups)  # a small branch stays whole
    assert stub_groups.partition(modules[:3], limit=8) == [modules[:3]]


def test_grouped_stubs_reexport_and_point_importers_at_groups(tmp_path: Path) -> None:
    package = _package(tmp_path, {"base": BASE, "cart": CART, "cart_state": CART_STATE, "hints": HINTS})
    where = stub_groups.group_package(package, limit=8)
    group = where["cart"]
    assert group == "_group_base" and where["cart_state"] == group and where["hints"] == "hints"  # a map keeps its stub
    text = (package / f"{group}.pyi").read_text()
    tree = ast.parse(text)
    assert {n.name for n in tree.body if isinstance(n, ast.ClassDef)} == {"Base", "Cart", "CartState"}
    assert "from .base import" not in text and "from .cart_state import" not in text  # same group: no import
    assert "The wire values." in text  # an alias keeps its docstring
    assert (package / "cart.pyi").read_text().endswith(f"from .{group} import Cart as Cart\n")
    assert f"from .{group} import Cart" in (package / "hints.pyi").read_text()
    assert f"from .{group} import Cart as Cart" in (package / "_names_00.pyi").read_text()


def test_two_members_defining_one_name_differently_stop_generation(tmp_path: Path) -> None:
    clash = CART_STATE.replace("class CartState(CtpEnum):", "class Cart(CtpEnum):")
    package = _package(tmp_path, {"cart": CART.replace("from .cart_state", "from .other"), "cart_state": clash})
    with pytest.raises(StubError, match="Cart is also defined"):
        stub_groups.group_package(package, limit=8)


def test_explicit_init_has_inherited_fields_converter_types_and_defaults(tmp_path: Path) -> None:
    package = _package(tmp_path, {"base": BASE, "cart": CART, "cart_state": CART_STATE})
    stub_groups.group_package(package, limit=8)
    assert stub_inits.explicit_inits(package) == 2
    text = (package / "_group_base.pyi").read_text()
    tree = ast.parse(text)
    cart = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Cart")
    assert not cart.decorator_list and "_field" not in text and "_to_CartState" not in text
    init = next(n for n in cart.body if isinstance(n, ast.FunctionDef))
    params = {a.arg: (ast.unparse(a.annotation or ast.Constant(None)), d is not None)
              for a, d in zip(init.args.kwonlyargs, init.args.kw_defaults, strict=True)}  # fmt: skip
    assert params == {
        "id": ("str", False),
        "additional_properties": ("dict[str, object]", True),
        "state": ("CartState | CartStateLiteral", False),
        "key": ("str | None", True),
        "action": ("str", True),
    }
    fields = {
        n.target.id: n.value for n in cart.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    assert set(fields) == {"state", "key", "action"} and all(v is None for v in fields.values())


def test_an_unknown_field_option_stops_generation(tmp_path: Path) -> None:
    package = _package(tmp_path, {"base": BASE.replace("repr=False", "alias='extra'")})
    with pytest.raises(StubError, match="no stub rule for field"):
        stub_inits.explicit_inits(package)
