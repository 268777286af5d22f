"""The shopper roots: the builder tree cut down to what a customer or guest token may call.

`CtpClient.customer_api_root(session)` acts with a shopper's token, which holds the customer scopes of
ctp_auth (`CUSTOMER_PERMISSIONS`, or `B2B_CUSTOMER_PERMISSIONS` for B2B storefronts), not the project's.
Typed as the full project root, every project endpoint would type-check there and fail at runtime with
403. So, for each profile below, the generator keeps an operation when one of the OAuth scopes the spec
declares for it (`security: [{oauth_2_0: [...]}]`) is a permission of the profile, and a builder node when
anything under it is kept. The cut comes from the spec: a new spec that adds `/me` endpoints or changes an
endpoint's scopes changes the shopper roots on the next `nox -s generate`.

Written into the same `builders/` package as the full tree, with the same template, so every kept verb
is the full tree's method (same signature, same request, same typed `.body`):

- a node whose whole subtree is kept is the full tree's class itself (`ByProjectKeyProductProjectionsBuilder`);
- a node that loses something gets a class of its own, `<Prefix>ByProjectKey...Builder` in
  `<prefix>_by_project_key_....py`; a later profile reuses an earlier one's class when they keep the same;
- `shopper_roots.py` holds the public roots (`ShopperApiRoot`, `B2BShopperApiRoot`): the cut root plus
  `project_root()`, the deliberate way to the full project root on the same token, and `PERMISSIONS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ctp_auth import B2B_CUSTOMER_PERMISSIONS, CUSTOMER_PERMISSIONS
from openapi_python_client import Project

from .builders import Node

# Scope prefixes that name who the token acts for, not what it may do (`customer_id:{id}`; the spec once
# spells it `customer:{customerId}`): they narrow an operation to the shopper's own data, never allow it.
IDENTITY_SCOPES = frozenset({"customer_id", "anonymous_id", "customer"})


@dataclass(frozen=True)
class Profile:
    """One shopper root: which permissions its token holds and how its classes are named."""

    root_class: str  # the public class in builders/shopper_roots.py
    prefix: str  # class name prefix of its cut nodes
    module_prefix: str  # module name prefix of its cut nodes
    permissions: tuple[str, ...]  # as in ctp_auth, without the `:{projectKey}` suffix
    doc: str


PROFILES = (
    Profile(
        "ShopperApiRoot",
        "Shopper",
        "shopper_",
        CUSTOMER_PERMISSIONS,
        "a guest's or customer's token (`ctp_auth.CUSTOMER_PERMISSIONS`)",
    ),
    Profile(
        "B2BShopperApiRoot",
        "B2BShopper",
        "b2b_shopper_",
        B2B_CUSTOMER_PERMISSIONS,
        "a B2B customer's token (`ctp_auth.B2B_CUSTOMER_PERMISSIONS`)",
    ),
)


def permission(scope: str) -> str:
    """`manage_my_orders:{projectKey}:{storeKey}` -> `manage_my_orders` (a store-bound scope is the same
    permission narrowed to a store; the shopper's project-wide one covers it)."""
    return scope.strip().split(":", 1)[0]


def declared_scopes(operation: dict[str, Any]) -> set[str]:
    """The OAuth scopes an operation of the spec accepts (any one of them suffices)."""
    return {
        scope for requirement in operation.get("security", []) for scopes in requirement.values() for scope in scopes
    }


def allowed(operation: dict[str, Any], permissions: tuple[str, ...]) -> bool:
    """Whether a token holding `permissions` may call `operation`: one of its declared scopes is one of
    them. An operation that declares no scope is left out (nothing says a shopper may call it)."""
    needed = {permission(scope) for scope in declared_scopes(operation)} - IDENTITY_SCOPES
    return bool(needed & set(permissions))


def _imports_used(node: Node, kept_text: str) -> set[tuple[str, str]]:
    # The node's model imports are for type annotations only; keep those the kept verbs still name.
    return {(mod, name) for mod, name in node.imports if re.search(rf"\b{re.escape(name)}\b", kept_text)}


class _Cutter:
    """Cuts the full tree for one profile after another, sharing identical cut nodes between profiles."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        # node path -> {what the cut node keeps: its class}, across profiles
        self.shared: dict[str, dict[tuple[Any, ...], Node]] = {}
        self.new_nodes: list[Node] = []

    def cut(self, node: Node, profile: Profile) -> Node | None:
        """The cut node for `node` (the full node itself if nothing under it is cut), None if nothing under
        it is allowed."""
        item = self.spec["paths"].get(node.path, {})
        verbs = {v: verb for v, verb in node.verbs.items() if allowed(item[v], profile.permissions)}
        children = {m: c for m, child in node.children.items() if (c := self.cut(child, profile)) is not None}
        if not verbs and not children:
            return None
        whole = verbs.keys() == node.verbs.keys() and all(children.get(m) is c for m, c in node.children.items())
        if whole:
            return node
        keeps = (tuple(verbs), tuple((m, c.class_name) for m, c in children.items()))
        known = self.shared.setdefault(node.path, {})
        if keeps in known:
            return known[keeps]
        kept_text = " ".join(" ".join([*verb.signature, verb.result, verb.page_item or ""]) for verb in verbs.values())
        cut = replace(
            node,
            class_name=profile.prefix + node.class_name,
            module=profile.module_prefix + node.module,
            verbs=verbs,
            children=children,
            imports=_imports_used(node, kept_text),
        )
        known[keeps] = cut
        self.new_nodes.append(cut)
        return cut


def render(project: Project, out_dir: Path, spec: dict[str, Any], root: Node) -> dict[str, int]:
    """Write the cut nodes and `shopper_roots.py` into `out_dir/builders/` (after builders.render, whose
    verbs they reuse). Returns how many operations each root reaches."""
    cutter = _Cutter(spec)
    roots: list[tuple[Profile, Node]] = []
    for profile in PROFILES:
        cut = cutter.cut(root, profile)
        if cut is None or cut is root:
            raise RuntimeError(f"{profile.root_class}: the spec leaves the shopper nothing, or everything")
        roots.append((profile, cut))
    target = out_dir / "builders"
    module_t = project.env.get_template("builders.py.jinja")
    for node in cutter.new_nodes:
        (target / f"{node.module}.py").write_text(module_t.render(node=node, root=root), encoding="utf-8")
    roots_t = project.env.get_template("shopper_roots.py.jinja")
    (target / "shopper_roots.py").write_text(roots_t.render(roots=roots, root=root), encoding="utf-8")
    counts = {f"{profile.root_class}_operations": _count(node) for profile, node in roots}
    return {"shopper_nodes": len(cutter.new_nodes), **counts}


def _count(node: Node) -> int:
    return len(node.verbs) + sum(_count(child) for child in node.children.values())
