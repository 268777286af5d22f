"""The examples maps (`examples-map-<api>.json`: example path -> the schema it illustrates), derived
from the layout of commercetools-api-reference.

The reference's RAML says which type each example illustrates: a type declares
`example: !include ../examples/x.json` (or a list under `examples:`), and a request or response body
in `api.raml` names its `type:` beside its `example: !include`. Every file under
`api-specs/<folder>/examples/` gets an entry, `null` when no RAML names it. Types are read line by
line (the includes and the names they sit under). A body in a resource file has its own `type:`
(before or after the example) or takes it from its resource type (`api.raml`'s `resourceTypes`,
`<<param>>`s filled in from the resource's `type:`), read with a YAML loader that follows
`!include`. When several types declare the same example (CartX and MyCartX), the first RAML file in
path order wins.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

# API name (spec/pin.json) -> the folder under api-specs/ and the map's file name
FOLDERS = {"api": "api", "import": "import", "history": "history", "checkout": "checkout"}
MAP_NAMES = {
    "api": "examples-map.json",
    "import": "examples-map-import.json",
    "history": "examples-map-history.json",
    "checkout": "examples-map-checkout.json",
}

_INCLUDE = re.compile(r"^(?P<indent> *)(?:(?P<key>[^:#]+?): *)?!include +(?P<path>\S+\.json)\s*$")
_KEY = re.compile(r"^(?P<indent> *)(?P<key>[^\s:#][^:]*):\s*(?P<value>.*)$")


def _types_in(raml: Path, text: str, api_dir: Path) -> dict[str, str]:
    """example path (relative to the examples folder) -> type name, for one RAML file."""
    out: dict[str, str] = {}
    examples = api_dir / "examples"
    data_type = text.startswith("#%RAML 1.0 DataType")
    owners: list[tuple[int, str]] = []  # (indent, key) of the enclosing mapping keys
    for line in text.splitlines():
        stripped = line.split(" #", 1)[0].rstrip()
        if not stripped.strip() or stripped.lstrip().startswith("#"):
            continue
        include = _INCLUDE.match(stripped)
        key = _KEY.match(stripped)
        indent = len(stripped) - len(stripped.lstrip(" "))
        # The keys at this indent are this line's siblings (a body's `type:` beside its `example:`).
        siblings = [k for i, k in owners if i == indent and k.startswith("type=")]
        while owners and owners[-1][0] >= indent:
            owners.pop()
        if include is not None and (include["key"] or "").strip() == "example" and siblings:
            owners.append((indent, siblings[-1]))
        if include is not None:
            # `/../x.json` (a few files write the include so) is relative to the file, as `../x.json`.
            target = (raml.parent / include["path"].lstrip("/")).resolve()
            if examples.resolve() not in target.parents:
                continue
            include_key = include["key"].strip() if include["key"] is not None else None
            if include_key == "example":
                name = _owner(owners, indent, data_type, raml)
            elif owners and owners[-1][1] == "examples":  # a named example in an `examples:` map
                name = _owner(owners[:-1], owners[-1][0], data_type, raml)
            else:
                name = None
            rel = target.relative_to(examples.resolve()).as_posix()
            if name is not None:
                out.setdefault(rel, name)
            continue
        if key is not None:
            owners.append((indent, key["key"].strip()))
            if key["key"].strip() == "type" and key["value"]:
                owners.append((indent, "type=" + key["value"].strip()))
    return out


def _owner(owners: list[tuple[int, str]], indent: int, data_type: bool, raml: Path) -> str | None:
    """The type an example at `indent` belongs to: its body's sibling `type:`, the declaration it sits
    in under `types:`, or a DataType file's own name."""
    keys = [k for i, k in owners if i < indent]
    if "types" in keys and keys.index("types") + 1 < len(keys):
        return keys[keys.index("types") + 1]  # a declaration: its `type:` is the supertype
    if data_type and indent == 0:
        return raml.stem
    siblings = [k for i, k in owners if i == indent and k.startswith("type=")]
    if siblings:
        return siblings[-1].removeprefix("type=").rsplit(".", 1)[-1].removesuffix("[]")
    return None


def derive(reference: Path, api: str, schemas: Collection[str] = ()) -> dict[str, str | None]:
    """The examples map of `api` from a checkout (or download) of commercetools-api-reference.
    `schemas` (the spec's schema names): an example no RAML names is mapped by its file name when
    that is a schema's (`order-patch-import.json` -> OrderPatchImport)."""
    api_dir = reference / "api-specs" / FOLDERS[api]
    examples = api_dir / "examples"
    found: dict[str, str] = {}
    for raml in sorted(api_dir.rglob("*.raml")):
        for path, name in _types_in(raml, raml.read_text(encoding="utf-8"), api_dir).items():
            found.setdefault(path, name)  # the first RAML file (in path order) to name an example wins
    by_resource_type = _resource_type_bodies(api_dir)
    files = sorted(p.relative_to(examples).as_posix() for p in examples.rglob("*.json"))
    return {path: found.get(path) or by_resource_type.get(path) or _by_file_name(path, schemas) for path in files}


def _by_file_name(path: str, schemas: Collection[str]) -> str | None:
    stem = path.rsplit("/", 1)[-1].removesuffix(".json")
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]", stem))
    return name if name in schemas else None


class _Example(str):
    """An `!include` of an example payload (its path relative to the examples folder)."""


def _raml_loader(examples: Path) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no stubs here
        pass

    def include(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        target = (Path(loader.name).parent / str(node.value).lstrip("/")).resolve()
        if target.suffix == ".raml" and target.is_file():
            with target.open(encoding="utf-8") as stream:
                return yaml.load(stream, Loader)
        if examples in target.parents:
            return _Example(target.relative_to(examples).as_posix())
        return None

    Loader.add_constructor("!include", include)
    return Loader


def _resource_type_bodies(api_dir: Path) -> dict[str, str]:
    """example path -> type, for the request and response bodies of api.raml's resources: the body's
    own `type:`, or the one its resource type gives it (`type: {baseDomain: {resourceType: Category,
    ...}}`, whose `get:` response body is `type: <<resourceQueryType>>`)."""
    api_raml = api_dir / "api.raml"
    if not api_raml.is_file():
        return {}
    with api_raml.open(encoding="utf-8") as stream:
        root = yaml.load(stream, _raml_loader((api_dir / "examples").resolve()))
    if not isinstance(root, dict):
        return {}
    resource_types = root.get("resourceTypes") or {}
    out: dict[str, str] = {}
    _walk_resources(root, resource_types, out)
    return out


def _walk_resources(node: dict[str, Any], resource_types: dict[str, Any], out: dict[str, str]) -> None:
    for key, child in node.items():
        if not (isinstance(key, str) and key.startswith("/") and isinstance(child, dict)):
            continue
        declared = child.get("type")
        name, params = (declared, {}) if isinstance(declared, str) else next(iter((declared or {None: {}}).items()))
        template = resource_types.get(name) if isinstance(name, str) else None
        for method, spec in child.items():
            if method.startswith("/") or not isinstance(spec, dict):
                continue
            shape = (template.get(method) or template.get(method + "?")) if isinstance(template, dict) else None
            shape = shape if isinstance(shape, dict) else {}
            places = [(_dict(spec.get("body")), _dict(shape.get("body")))]
            for status, response in _dict(spec.get("responses")).items():
                shaped = _dict(_dict(shape.get("responses")).get(status))
                places.append((_dict(_dict(response).get("body")), _dict(shaped.get("body"))))
            for body, shaped_body in places:
                media = body.get("application/json")
                if not isinstance(media, dict):
                    continue
                # the body's own `type:` (the line reader misses one written after the example), else
                # the one its resource type gives it
                own = media.get("type")
                typed = _substitute(
                    own if own is not None else _dict(shaped_body.get("application/json")).get("type"), params or {}
                )
                for example in [media.get("example"), *_dict(media.get("examples")).values()]:
                    if isinstance(example, _Example) and typed is not None:
                        out.setdefault(str(example), typed)
        _walk_resources(child, resource_types, out)


def _dict(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _substitute(value: object, params: dict[str, Any]) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"<<\s*(\w+)\s*>>", lambda m: str(params.get(m[1], m[0])), value)
    name = text.rsplit(".", 1)[-1].removesuffix("[]")
    return None if "<<" in text or name in _BUILTIN else name


# RAML's built-in types: a body so typed (`type: array` with inline `items`) names no schema
_BUILTIN = {"any", "array", "boolean", "date-only", "datetime", "file", "integer", "nil", "number", "object", "string"}
