"""Fix the upstream spec before openapi-python-client sees it.

Every fix is a function with a docstring saying why it is needed; `preprocess()` applies them in order
and returns a report of what each one changed. The spec moves under these fixes (older and newer
versions lack schemas, paths or shapes), so an entry that no longer applies is a warning naming the file
to edit (an error under `--strict`, which CI uses on the pinned spec), and a shape no fix handles is a
blocker; all of them are collected in one `Diagnostics` and reported together. Compatibility fixes for
shapes that only some versions have (`COMPAT_FIXES`) stay quiet when there is nothing to fix.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics
from .spec_source import REPO_ROOT

Spec = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"


MAPS_FILE = "spec/maps.yaml"


class _Yaml12Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's C loader (20x faster than ruamel on 3 MB) with YAML 1.2 scalars: `yes`/`no`/`on`/`off`
    stay strings and dates stay strings, as openapi-python-client's own (ruamel, YAML 1.2) loader reads them."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(data: bytes) -> Any:
    return yaml.load(data, Loader=_Yaml12Loader)


def load_fixes(path: Path = REPO_ROOT / MAPS_FILE) -> dict[str, Any]:
    """The preprocessing data: spec/maps.yaml for the platform, spec/maps-<api>.yaml for the others."""
    return load_yaml(path.read_bytes())  # type: ignore[no-any-return]


def operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item, item[method]


def _object_parts(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema itself and its inline allOf parts (where properties and `required` live)."""
    yield schema
    for part in schema.get("allOf", []):
        if "$ref" not in part:
            yield part


# --- the fixes ------------------------------------------------------------------------------------


def fix_map_schemas(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """The RAML pattern properties (`/^[a-z]{2}$/: string`) arrive as a regex inside `required` plus
    `additionalProperties: {type: string}` for every map, whatever its real value type. Replace each
    known map schema with a plain map of its documented value type (spec/maps.yaml)."""
    schemas = spec["components"]["schemas"]
    count = 0
    for name, value in fixes["maps"].items():
        if name not in schemas:
            diag.warn(MAPS_FILE, f"skipped maps.{name}: map schema {name} is absent in this spec")
            continue
        if "additionalProperties" not in schemas[name]:
            diag.warn(MAPS_FILE, f"skipped maps.{name}: schema {name} is no longer a map")
            continue
        schemas[name] = {"type": "object", "additionalProperties": copy.deepcopy(value) or True}
        count += 1
    return count


def fix_open_objects(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """Error objects carry free-form extra fields (`//: any` in RAML). Drop the bogus `//` requirement and
    the string-typed additionalProperties; every generated model keeps unknown fields anyway."""
    schemas = spec["components"]["schemas"]
    count = 0
    for name in fixes["open_objects"]:
        schema = schemas.get(name)
        if schema is None or "//" not in schema.get("required", []):
            state = "is absent in this spec" if schema is None else "no longer has the `//` pattern requirement"
            diag.warn(MAPS_FILE, f"skipped open_objects {name}: {name} {state}")
            continue
        schema["required"] = [r for r in schema["required"] if r != "//"]
        schema.pop("additionalProperties", None)
        count += 1
    return count


def check_no_pattern_requirements(spec: Spec, diag: Diagnostics) -> None:
    """A regex left in a `required` list (a map the fixes above do not know) names no real field:
    requiring it would make every payload fail to decode. Add the schema to spec/maps.yaml."""
    for name, schema in spec["components"]["schemas"].items():
        for part in _object_parts(schema):
            patterns = [r for r in part.get("required", []) if r.startswith("/")]
            if patterns:
                diag.block(MAPS_FILE, f"{name} requires pattern property {patterns[0]}: add {name} under `maps`")
                break


def fix_date_formats(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """The spec uses its own formats `datetime`, `date-only` and `time-only`; openapi-python-client knows
    only `date-time` and `date`. `time-only` becomes `time` and is typed by our templates (see meta.py)."""
    renames = {"datetime": "date-time", "date-only": "date", "time-only": "time"}
    count = 0

    def walk(node: Any) -> None:
        nonlocal count
        if isinstance(node, dict):
            fmt = node.get("format")
            if isinstance(fmt, str) and fmt in renames:
                node["format"] = renames[fmt]
                count += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["components"]["schemas"])
    walk(spec["paths"])
    return count


def fix_integer_query_params(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """`limit`, `offset`, `version`... are typed `number`/double; the API takes integers only, and a float
    parameter invites `limit=20.0`, which the API rejects."""
    names = set(fixes["integer_query_params"])
    count = 0
    for _, _, _, op in operations(spec):
        for param in op.get("parameters", []):
            if param.get("in") == "query" and param.get("name") in names:
                param["schema"] = {"type": "integer", "format": "int32"}
                count += 1
    return count


def fix_pattern_query_params(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """Parameters named by a regex (`/^var[.][a-zA-Z0-9]+$/`) would be sent as that literal key. Remove
    them and record `x-ctp-pattern-params` on the operation; the endpoint template turns each into a
    mapping argument whose keys are sent as `prefix + key` (`var.name=value`)."""
    known = fixes["pattern_query_params"]
    count = 0
    for path, method, _, op in operations(spec):
        kept = []
        for param in op.get("parameters", []):
            name = param.get("name", "")
            if name.startswith("/"):
                if name not in known:
                    diag.block(
                        MAPS_FILE,
                        f"unknown pattern parameter {name} on {method.upper()} {path}: "
                        "add it under `pattern_query_params`",
                    )
                    continue
                op.setdefault("x-ctp-pattern-params", []).append(dict(known[name]))
                count += 1
            else:
                kept.append(param)
        if "parameters" in op:
            op["parameters"] = kept
    return count


def fix_required_bodies(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """No request body says `required: true`, so every body would be optional; the API rejects a POST
    without one."""
    count = 0
    for _, _, _, op in operations(spec):
        body = op.get("requestBody")
        if body is not None and not body.get("required"):
            body["required"] = True
            count += 1
    return count


def fix_form_search(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """`POST .../product-projections/search` takes the GET search's parameters form-encoded, but the spec
    gives its body as a bare string (openapi-python-client crashes on it). Give the POST the GET's
    parameters and mark it `x-ctp-form-params`: the endpoint template sends them in the form body."""
    count = 0
    for path, method, item, op in operations(spec):
        body = op.get("requestBody", {})
        if method != "post" or "application/x-www-form-urlencoded" not in body.get("content", {}):
            continue
        get = item.get("get")
        if get is None:
            diag.block("codegen/preprocess.py", f"form-encoded POST {path} has no GET twin to take its parameters from")
            continue
        op["parameters"] = copy.deepcopy(get.get("parameters", []))
        if "x-ctp-pattern-params" in get:
            op["x-ctp-pattern-params"] = copy.deepcopy(get["x-ctp-pattern-params"])
        op["x-ctp-form-params"] = True
        del op["requestBody"]
        count += 1
    return count


def fix_resource_annotations(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """Extensions and Subscriptions are standard resources (create, get, update and delete with a
    version) but their path items lack the `x-annotation-*` resource annotations the others carry."""
    count = 0
    for path, marks in fixes["resource_annotations"].items():
        item = spec["paths"].get(path)
        if item is None:
            diag.warn(MAPS_FILE, f"skipped resource_annotations {path}: the path is absent in this spec")
            continue
        for name, model in marks.items():
            key = f"x-annotation-{name}"
            if key in item:
                diag.warn(MAPS_FILE, f"resource_annotations {path}: now has {key} upstream, drop the entry")
                continue
            item[key] = model
        item["x-ctp-overlay-annotations"] = True  # codegen/resources.py: the spec did not say this
        count += 1
    return count


def fix_graphql_body(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """Older specs (2024) declare the GraphQL endpoint's body as `application/graphql`, a content type
    openapi-python-client skips (the operation would be missing); the API takes the same `GraphQLRequest`
    as JSON, which is what later specs declare."""
    count = 0
    for _, _, _, op in operations(spec):
        content = op.get("requestBody", {}).get("content", {})
        if "application/graphql" in content:
            body = content.pop("application/graphql")
            content.setdefault("application/json", body)
            count += 1
    return count


def fix_union_query_params(spec: Spec, fixes: dict[str, Any], diag: Diagnostics) -> int:
    """The History API's `date.from`/`date.to` are `oneOf` a relative-date keyword, a date-time and epoch
    milliseconds; the generator has no type for a union query parameter. All three travel as their text
    in the query string, so the parameter becomes a string; one with a date-time branch becomes a
    date-time, which the endpoint types `datetime | str` (the keyword and millis stay strings) and sends
    in the API's instant format (`_endpoint._text`)."""
    count = 0
    for _, _, _, op in operations(spec):
        for param in op.get("parameters", []):
            if param.get("in") == "query" and "oneOf" in param.get("schema", {}):
                formats = {branch.get("format") for branch in param["schema"]["oneOf"]}
                dated = bool(formats & {"datetime", "date-time"})
                param["schema"] = {"type": "string", "format": "date-time"} if dated else {"type": "string"}
                count += 1
    return count


Fix = Callable[[Spec, dict[str, Any], Diagnostics], int]
FIXES: tuple[Fix, ...] = (
    fix_map_schemas,
    fix_open_objects,
    fix_date_formats,
    fix_integer_query_params,
    fix_pattern_query_params,
    fix_required_bodies,
    fix_form_search,
    fix_resource_annotations,
    fix_graphql_body,
    fix_union_query_params,
)
# The platform API's fixes (`only=None`); the other APIs name theirs in spec/pin.json.
PLATFORM_FIXES = tuple(f.__name__ for f in FIXES if f is not fix_union_query_params)
# Fixes for shapes that only some spec versions have: finding nothing to fix is not news.
COMPAT_FIXES = frozenset({fix_graphql_body})


def preprocess(
    spec: Spec, diag: Diagnostics, fixes: dict[str, Any] | None = None, only: tuple[str, ...] | None = None
) -> dict[str, int]:
    """Apply every fix (or the ones named in `only`: the other APIs need fewer) in place; return {fix
    name: number of places changed}. What no longer applies goes to `diag` as a warning, what cannot be
    fixed as a blocker."""
    fixes = load_fixes() if fixes is None else fixes
    report: dict[str, int] = {}
    unknown = set(only or ()) - {f.__name__ for f in FIXES}
    if unknown:
        diag.block("spec/pin.json", f"unknown preprocessing fixes {sorted(unknown)}")
    for fix in FIXES:
        if fix.__name__ not in (PLATFORM_FIXES if only is None else only):
            continue
        changed = fix(spec, fixes, diag)
        if changed == 0 and fix not in COMPAT_FIXES:
            diag.warn("codegen/preprocess.py", f"{fix.__name__} matched nothing in this spec: revisit the fix")
        report[fix.__name__] = changed
    check_no_pattern_requirements(spec, diag)
    return report


def load_and_preprocess(
    data: bytes, diag: Diagnostics, fixes: dict[str, Any] | None = None, only: tuple[str, ...] | None = None
) -> tuple[Spec, dict[str, int]]:
    spec = load_yaml(data)
    report = preprocess(spec, diag, fixes, only)
    return spec, report


if __name__ == "__main__":  # pragma: no cover - debugging aid: print what each fix changed
    from .spec_source import read_verified_spec

    raw, _ = read_verified_spec()
    found = Diagnostics()
    for fix_name, changed in load_and_preprocess(raw, found)[1].items():
        print(f"{fix_name}: {changed}")
    print(*found.warnings, *found.blockers, sep="\n")
