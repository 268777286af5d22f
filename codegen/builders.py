"""The fluent, project-bound builders: one class per node of the spec's path tree.

`render(project, out_dir, spec)` writes `builders/` into the generated tree (before postprocess, so
the files get the header and ruff format):

- one module per node (`builders/by_project_key_categories.py` holds `ByProjectKeyCategoriesBuilder`);
  child nodes and models are imported inside methods or under TYPE_CHECKING, so a builder module
  imports nothing generated until it is used;
- `builders/_index.py`: every operation with the chain of builder calls that reaches it, for tests
  and docs.

Node splitting and names mirror commercetools' official SDKs: `x-annotation-methodName` when the spec
has it, otherwise a name synthesized from the node's segments (`/in-store/key={storeKey}` ->
`in_store_key_with_store_key_value`); codegen/builder_nodes.yaml restores the RAML nodes that the
OpenAPI export flattened. Every verb method returns an `ApiRequest[T]` (or `PagedApiRequest[T, Item]`
for queries that the id cursor can walk) whose `.execute()` sends it through the client.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openapi_python_client import Project
from openapi_python_client.strings import snake_case

from .diagnostics import Diagnostics
from .meta import SpecMeta
from .preprocess import SCHEMA_PREFIX, load_yaml
from .render import OpView, text

ROOT_PATH = "/{projectKey}"
VERBS = ("get", "post", "delete", "head", "put")  # put: the Import API updates containers with PUT
OVERLAY = Path(__file__).resolve().parent / "builder_nodes.yaml"
OVERLAY_NAME = "codegen/builder_nodes.yaml"
ENDPOINTS_PACKAGE = "ctp_sdk._generated.api.default"
# The query parameters the id cursor needs; a GET that has them all and returns `results` of
# resources with an `id` can be iterated (ctp_sdk/_pagination.py).
CURSOR_PARAMS = ("where", "sort", "limit", "offset")


class BuilderError(RuntimeError):
    """The path tree cannot be turned into builders (name clash, stale overlay entry, lost operation)."""


@dataclass
class Verb:
    verb: str
    operation_id: str
    module: str
    signature: list[str]
    args: list[str]
    kwargs: list[str]
    result: str
    page_item: str | None
    doc: str
    pager: str = "PagedApiRequest"  # or OffsetPagedApiRequest (limit/offset lists of the other APIs)


@dataclass
class Node:
    path: str
    segments: tuple[str, ...]
    class_name: str
    module: str
    method: str = ""
    # (spec name, python name) of the path parameters this node adds
    params: list[tuple[str, str]] = field(default_factory=list)
    verbs: dict[str, Verb] = field(default_factory=dict)
    children: dict[str, Node] = field(default_factory=dict)
    imports: set[tuple[str, str]] = field(default_factory=set)


# --- names ----------------------------------------------------------------------------------------

_PARAM = re.compile(r"^\{([^{}]+)\}$")
_KEYED = re.compile(r"^([a-zA-Z-]+)=\{([^{}]+)\}$")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def words(name: str) -> list[str]:
    """`businessUnitKey` -> business, unit, key; `productID` -> product, id; `in-store` -> in, store."""
    return [w.lower() for part in name.split("-") for w in _WORDS.findall(part)]


def segment_params(segment: str) -> list[str]:
    m = _PARAM.match(segment) or _KEYED.match(segment)
    if m is None:
        return []
    return [m.group(m.lastindex or 1)]


def synthesized_words(segments: tuple[str, ...]) -> list[str]:
    """The RAML SDK generators' naming: `{x}` -> with X value, `name={x}` -> name with X value."""
    out: list[str] = []
    for seg in segments:
        if m := _PARAM.match(seg):
            out += ["with", *words(m.group(1)), "value"]
        elif m := _KEYED.match(seg):
            out += [*words(m.group(1)), "with", *words(m.group(2)), "value"]
        elif "{" in seg or "=" in seg:
            raise BuilderError(f"cannot name path segment {seg!r}")
        else:
            out += words(seg)
    return out


def structural_words(segments: tuple[str, ...]) -> list[str]:
    """A name for a node the spec does not annotate and the lock does not know, the way commercetools
    annotates such nodes (`{ID}` -> withId, `key={key}` -> withKey, `email-token` -> emailToken); nodes of
    several segments keep the synthesized name."""
    if len(segments) == 1:
        seg = segments[0]
        if m := _PARAM.match(seg) or _KEYED.match(seg):
            return ["with", *words(m.group(m.lastindex or 1))]
    return synthesized_words(segments)


def python_name(words_: list[str]) -> str:
    name = "_".join(words_)
    return name + "_" if keyword.iskeyword(name) else name


def class_stem(path: str) -> str:
    """`/{projectKey}/in-store/key={storeKey}` -> ByProjectKeyInStoreKeyByStoreKey (the operation ids' style)."""
    out = []
    for seg in path.strip("/").split("/"):
        if m := _PARAM.match(seg):
            out += ["by", *words(m.group(1))]
        elif m := _KEYED.match(seg):
            out += [*words(m.group(1)), "by", *words(m.group(2))]
        else:
            out += words(seg)
    return "".join(w.capitalize() for w in out)


# --- tree -----------------------------------------------------------------------------------------


def _split(
    path: str, joined: dict[str, list[tuple[str, ...]]], used: set[tuple[str, tuple[str, ...]]]
) -> list[tuple[str, ...]]:
    """The relative segments of each node on the way from the root to `path`."""
    if not path.startswith(ROOT_PATH):
        raise BuilderError(f"path {path} is not under {ROOT_PATH}")
    rest = tuple(s for s in path[len(ROOT_PATH) :].split("/") if s)
    current = ROOT_PATH
    out: list[tuple[str, ...]] = []
    while rest:
        candidates = [rel for rel in joined.get(current, []) if rest[: len(rel)] == rel]
        rel = max(candidates, key=len) if candidates else rest[:1]
        if candidates:
            used.add((current, rel))
        out.append(rel)
        current += "/" + "/".join(rel)
        rest = rest[len(rel) :]
    return out


def build_tree(
    spec: dict[str, Any],
    overlay: dict[str, Any],
    diag: Diagnostics,
    locked: dict[str, str] | None = None,
    *,
    synthesize: bool = False,
) -> Node:
    """The node tree. Method names, in order: the spec's `x-annotation-methodName`, the overlay's
    `method_names`, the name spec/api.lock publishes for the node, then one derived from the segments
    (`synthesize`: always the RAML generators' `with_x_value`, as the official SDKs name the Import,
    History and Checkout APIs' unannotated nodes)."""
    locked = locked or {}
    joined = {
        parent: [tuple(s for s in rel.split("/") if s) for rel in rels] for parent, rels in overlay["joined"].items()
    }
    method_names: dict[str, str] = dict(overlay["method_names"])
    used: set[tuple[str, tuple[str, ...]]] = set()
    root = Node(ROOT_PATH, (), "ByProjectKeyBuilder", "by_project_key", params=[("projectKey", "project_key")])
    nodes = {ROOT_PATH: root}
    for path in spec["paths"]:
        parent = root
        for rel in _split(path, joined, used):
            node_path = parent.path + "/" + "/".join(rel)
            node = nodes.get(node_path)
            if node is None:
                stem = class_stem(node_path)
                node = Node(node_path, rel, stem + "Builder", snake_case(stem))
                item = spec["paths"].get(node_path, {})
                annotated = item.get("x-annotation-methodName") or method_names.pop(node_path, None)
                if annotated:
                    node.method = python_name(words(annotated))
                else:
                    # Nodes with operations are the ones upstream annotates (withId, withKey...); nodes
                    # without keep the synthesized name the SDK has always published for them.
                    structural = any(v in item for v in VERBS) and not synthesize
                    derive = structural_words if structural else synthesized_words
                    node.method = locked.get(node_path) or python_name(derive(rel))
                node.params = [(p, snake_case(p)) for seg in rel for p in segment_params(seg)]
                if node.method in parent.children or node.method in VERBS:
                    diag.block(OVERLAY_NAME, f"{node_path}: method name {node.method} is taken on {parent.path}")
                    node.method += "_" + "_".join(words("-".join(rel)))
                parent.children[node.method] = node
                nodes[node_path] = node
            parent = node
    stale = [f"joined {p}: /{'/'.join(r)}" for p, rels in joined.items() for r in rels if (p, r) not in used]
    stale += [f"method_names {p}" for p in method_names]
    for entry in stale:
        diag.warn(OVERLAY_NAME, f"skipped {entry}: matches no path of this spec")
    return root


def method_names(root: Node) -> dict[str, str]:
    """Node path -> builder method name, for spec/api.lock."""
    return {node.path: node.method for node in _all(root) if node is not root}


def _all(node: Node) -> list[Node]:
    out = [node]
    for child in node.children.values():
        out += _all(child)
    return out


# --- verbs ----------------------------------------------------------------------------------------


def _page_item(
    spec: dict[str, Any], meta: SpecMeta, raw_op: dict[str, Any], result: str, query: set[str]
) -> str | None:
    """The item class of a query the id cursor can walk, else None."""
    if not set(CURSOR_PARAMS) <= query:
        return None
    content = raw_op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    if not ref.startswith(SCHEMA_PREFIX):
        return None
    schemas = spec["components"]["schemas"]
    props = schemas[ref[len(SCHEMA_PREFIX) :]].get("properties", {})
    item_ref = props.get("results", {}).get("items", {}).get("$ref", "")
    if not item_ref.startswith(SCHEMA_PREFIX):
        return None
    item: str = item_ref[len(SCHEMA_PREFIX) :]
    item_props: dict[str, Any] = {}
    for part in [schemas[item], *schemas[item].get("allOf", [])]:
        item_props.update(part.get("properties", {}))
    if "id" not in item_props or meta.cls(ref[len(SCHEMA_PREFIX) :])[1] != result:
        return None
    return item


def _offset_page_item(
    spec: dict[str, Any], meta: SpecMeta, raw_op: dict[str, Any], result: str, query: set[str]
) -> str | None:
    """The item class of a query paged by `limit`/`offset` with a `total` (the Import and History
    APIs' lists, which have no `where` for the id cursor), else None."""
    if not {"limit", "offset"} <= query:
        return None
    content = raw_op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    if not ref.startswith(SCHEMA_PREFIX) or meta.cls(ref[len(SCHEMA_PREFIX) :])[1] != result:
        return None
    props = spec["components"]["schemas"][ref[len(SCHEMA_PREFIX) :]].get("properties", {})
    item_ref = props.get("results", {}).get("items", {}).get("$ref", "")
    if "total" not in props or not isinstance(item_ref, str) or not item_ref.startswith(SCHEMA_PREFIX):
        return None
    item: str = item_ref[len(SCHEMA_PREFIX) :]
    return item


def _verb(
    endpoint: Any, view: OpView, node: Node, spec: dict[str, Any], meta: SpecMeta, package: str, offset_paging: bool
) -> Verb:
    n_path = len(endpoint.path_parameters)
    sig_lines = [line.strip() for line in view.signature.split("\n")]
    call = [c.strip() for c in view.call_args.split(", ")]
    if [line.split(":")[0] for line in sig_lines[:n_path]] != call[:n_path]:
        raise BuilderError(f"{view.operation_id}: path parameters are not first in the endpoint signature")
    sig, args, kwargs = sig_lines[n_path:], [], []
    for item in call[n_path:]:
        if "=" in item:
            kwargs.append(item.split("=", 1)[0])
        else:
            args.append(item)
    query = {text(p.name) for p in endpoint.query_parameters}
    raw_op = meta.operations_by_id[text(endpoint.name)][1]
    page_schema = _page_item(spec, meta, raw_op, view.result, query)
    pager = "PagedApiRequest"
    if page_schema is None and offset_paging:
        page_schema = _offset_page_item(spec, meta, raw_op, view.result, query)
        pager = "OffsetPagedApiRequest" if page_schema else pager
    page_item = meta.cls(page_schema)[1] if page_schema else None
    if page_schema:
        node.imports.add(meta.cls(page_schema))
    node.imports.update(view.imports)
    summary = text(raw_op.get("summary")) or text(raw_op.get("description")).split("\n", 1)[0]
    doc = f"`{view.method} {view.path}`" + (f": {summary.strip()}" if summary.strip() else "")
    return Verb(
        verb=view.method.lower(),
        operation_id=view.operation_id,
        module=f"{package}.{text(endpoint.name)}",
        signature=sig,
        args=args,
        kwargs=kwargs,
        result=view.result,
        page_item=page_item,
        pager=pager,
        doc=doc.replace('"""', "'''").replace("\\", "\\\\"),
    )


def attach_verbs(
    root: Node, project: Project, spec: dict[str, Any], package: str = ENDPOINTS_PACKAGE, offset_paging: bool = False
) -> int:
    meta = project.env.globals["ctp"]
    make_view = project.env.globals["op"]
    if not isinstance(meta, SpecMeta) or not callable(make_view):
        raise BuilderError("generate.py must register the `ctp` and `op` template globals before builders run")
    by_path = {node.path: node for node in _all(root)}
    count = 0
    for collection in project.openapi.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            view: OpView = make_view(endpoint)
            node = by_path.get(view.path)
            if node is None:
                raise BuilderError(f"{view.operation_id}: no builder node for {view.path}")
            verb = _verb(endpoint, view, node, spec, meta, package, offset_paging)
            if verb.verb not in VERBS or verb.verb in node.verbs:
                raise BuilderError(f"{view.operation_id}: verb {verb.verb} not supported or duplicated on {node.path}")
            node.verbs[verb.verb] = verb
            count += 1
    return count


# --- output ---------------------------------------------------------------------------------------


def _chains(node: Node, prefix: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str, tuple[Any, ...]]]:
    out = [(v.operation_id, v.verb, prefix) for v in node.verbs.values()]
    for child in node.children.values():
        out += _chains(child, (*prefix, (child.method, tuple(py for _, py in child.params))))
    return out


def load_overlay(path: Path = OVERLAY) -> dict[str, Any]:
    """The node overlay (`joined`, `method_names`); the other APIs keep theirs in their spec/maps-<api>.yaml."""
    data: dict[str, Any] = load_yaml(path.read_bytes())
    return {"joined": data.get("joined") or {}, "method_names": data.get("method_names") or {}}


def render(
    project: Project,
    out_dir: Path,
    spec: dict[str, Any],
    root: Node,
    package: str = ENDPOINTS_PACKAGE,
    *,
    offset_paging: bool = False,
) -> dict[str, int]:
    """Write `out_dir/builders/` for the tree from `build_tree`; every operation must end up on one node
    (`package`: where the endpoint modules are, per API)."""
    count = attach_verbs(root, project, spec, package, offset_paging)
    expected = sum(1 for item in spec["paths"].values() for m in VERBS if m in item)
    if count != expected:
        raise BuilderError(f"{count} verb methods for {expected} operations")
    target = out_dir / "builders"
    target.mkdir()
    env = project.env
    module_t = env.get_template("builders.py.jinja")
    nodes = _all(root)
    for node in nodes:
        (target / f"{node.module}.py").write_text(module_t.render(node=node, root=root), encoding="utf-8")
    chains = sorted(_chains(root, ()))
    (target / "__init__.py").write_text(env.get_template("builders_init.py.jinja").render(), encoding="utf-8")
    (target / "_index.py").write_text(
        env.get_template("builders_index.py.jinja").render(chains=chains), encoding="utf-8"
    )
    return {"builder_nodes": len(nodes), "builder_operations": count}
