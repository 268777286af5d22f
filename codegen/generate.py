"""Run openapi-python-client on the preprocessed spec with our templates; write ctp_sdk/_generated/."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.strings import PythonIdentifier, snake_case

from . import builders, errata, names, postprocess, render, shopper, stubs, surface
from . import resources as resource_table
from .apis import Api, platform, read_api_spec
from .diagnostics import Diagnostics, Finding, GenerationBlocked
from .meta import MetaError, build_meta
from .preprocess import load_and_preprocess, load_fixes
from .shared_parse import shared_parse_objects
from .spec_source import REPO_ROOT, load_pin, read_verified_spec, spec_path
from .surface import LOCK_NAME

CODEGEN_DIR = Path(__file__).resolve().parent
TEMPLATES = CODEGEN_DIR / "templates"
OUTPUT = REPO_ROOT / "ctp_sdk" / "_generated"
GENERATOR = f"openapi-python-client {version('openapi-python-client')}"


def _config(out_dir: Path, source: Path) -> Config:
    config_file = ConfigFile.load_from_path(CODEGEN_DIR / "config.yaml")
    return Config.from_sources(config_file, MetaType.NONE, source, "utf-8", True, out_dir)


def _read(api: Api) -> tuple[Path, bytes, str, dict[str, Any]]:
    """The API's spec file, bytes, sha256 and preprocessing data."""
    if api.is_platform:
        raw, sha = read_verified_spec()
        return spec_path(), raw, sha, load_fixes()
    path, raw, sha = read_api_spec(api)
    return path, raw, sha, load_fixes(api.maps_file)


def build_tree(
    out_dir: Path, diag: Diagnostics, *, accept_renames: bool = False, api: Api | None = None
) -> dict[str, Any]:
    """Generate one API's package (the platform's by default) into `out_dir` (which must not exist).
    Returns a report, with the new surface under "surface". Problems go to `diag`; generation stops
    (GenerationBlocked) once it cannot go on, or before writing anything if any blocker was found."""
    with names.api_names():  # fields and parameters: only keywords get a trailing `_` (codegen/names.py)
        return _build_tree(out_dir, diag, accept_renames=accept_renames, api=api)


def _build_tree(out_dir: Path, diag: Diagnostics, *, accept_renames: bool, api: Api | None) -> dict[str, Any]:
    started = time.perf_counter()
    api = api or platform()
    source, raw, sha, data = _read(api)
    spec, fixes = load_and_preprocess(raw, diag, data, api.fixes)
    if api.is_platform:  # spec/errata.yaml reviews the platform API only
        errata.apply(spec, diag)
    names.name_enums(spec)  # enum members named by one rule in every API (codegen/names.py)
    locked = surface.load(api.lock_file)
    try:
        meta = build_meta(spec, data)
    except MetaError as exc:
        diag.block("codegen/meta.py", str(exc))
        diag.raise_if_blocked()
    # The other APIs' specs never carried the annotation: their names are derived, then kept by their lock.
    if api.is_platform and not any("x-annotation-methodName" in item for item in spec["paths"].values()):
        diag.warn(LOCK_NAME, "this spec has no x-annotation-methodName: builder names taken from spec/api.lock")
    overlay = builders.load_overlay() if api.is_platform else builders.load_overlay(api.maps_file)
    root = builders.build_tree(
        spec, overlay, diag, locked.builders() if locked else None, synthesize=not api.is_platform
    )
    known = frozenset(locked.builders()) if locked else frozenset()
    # The standard-resource table serves the platform's fake backend; the other APIs have no CRUD resources.
    resources = {}
    if api.is_platform:
        resources = resource_table.resources(spec, locked.resources() if locked else {}, diag, known)
    diag.raise_if_blocked()
    config = _config(out_dir, source)
    with shared_parse_objects():  # codegen/shared_parse.py: the parse without its deep copies of the spec
        openapi = GeneratorData.from_dict(spec, config=config)
    if isinstance(openapi, GeneratorError):
        problem = Finding("codegen/preprocess.py", f"openapi-python-client: {openapi.header}: {openapi.detail}")
        raise GenerationBlocked([problem], diag.warnings)
    helpers = render.Helpers(meta)
    for model in openapi.models:
        name = render.schema_name(model)
        meta.classes[name] = (model.class_info.module_name, model.class_info.name)
        helpers.schema_of[model.class_info.name] = name
        helpers.models[model.class_info.name] = model
    enums = {render.schema_name(e) for e in openapi.enums}
    aliases = _aliases(spec, set(meta.classes) | enums, diag)
    project = Project(openapi=openapi, config=config, custom_template_path=TEMPLATES)
    project.env.globals.update(
        ctp=meta,
        kind=render.kind,
        schema_name=render.schema_name,
        first_line=render.first_line,
        docstring=render.docstring,
        generator=GENERATOR,
        **{name: getattr(helpers, name) for name in _HELPERS},
    )
    operations = _operations(project, helpers)
    new_surface = _surface(openapi, aliases, root, operations, resources)
    if locked is not None and not accept_renames:
        for rename in surface.renames(locked, new_surface):
            diag.block(api.lock_name, f"renamed {rename} (run with --accept-renames if this is intended)")
    diag.raise_if_blocked()
    entries = _render_models_init(project, aliases)
    # Every problem the generator reports is fatal, warnings included: a skipped endpoint or model is a
    # hole in the SDK. They are reported together.
    for error in project.build():
        diag.block("codegen/preprocess.py", f"openapi-python-client: {error.header}: {error.detail}")
    diag.raise_if_blocked()
    _render_aliases(project, out_dir, aliases, spec)
    _write_index_stubs(out_dir / "models", entries, api.title)
    _render_spec_index(project, out_dir, operations, resources)
    builders.render(project, out_dir, spec, root, api.endpoints_package, offset_paging=not api.is_platform)
    if api.is_platform:  # shopper tokens (customer scopes) exist on the platform API only
        shopper.render(project, out_dir, spec, root)
    _render_spec_record(project, out_dir, sha)
    counts = postprocess.run(out_dir, generator=GENERATOR, spec=spec)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "fixes": fixes,
        **counts,
        "surface": new_surface,
    }


_HELPERS = (
    "pname",
    "jkey",
    "map_value",
    "is_map",
    "plain",
    "primitive_check",
    "list_fields",
    "prim_name",
    "model_deps",
    "model_decoders",
    "tag_imports",
    "enum_getters",
    "tag_default",
    "union_id",
    "union_table",
    "union_type",
    "class_doc",
    "enum_doc",
    "enum_conv",
    "enum_converters",
    "literal_imports",
    "fail",
    "op",
)


def _aliases(spec: dict[str, Any], generated: set[str], diag: Diagnostics) -> dict[str, str]:
    """Schemas the generator inlines (plain strings, `{}`): name -> the Python type they alias."""
    out: dict[str, str] = {}
    for name, schema in spec["components"]["schemas"].items():
        if name in generated:
            continue
        if schema.get("type") == "string":
            out[name] = "str"
        elif not schema:
            out[name] = "Any"
        else:
            diag.block("codegen/preprocess.py", f"schema {name} got no model and is not a plain alias: {schema}")
    return out


def _render_aliases(project: Project, out_dir: Path, aliases: dict[str, str], spec: dict[str, Any]) -> None:
    template = project.env.get_template("alias.py.jinja")
    for name, target in aliases.items():
        path = out_dir / "models" / f"{snake_case(name)}.py"
        if path.exists():
            raise GenerationBlocked([Finding("codegen/generate.py", f"alias module {path.name} collides")])
        description = spec["components"]["schemas"][name].get("description")
        path.write_text(template.render(name=name, target=target, description=description), encoding="utf-8")


# scopes are the rendered Python tuple literal
Operation = tuple[str, str, str, str, str, str | None, str | None]


def _operations(project: Project, helpers: render.Helpers) -> list[Operation]:
    """(id, method, path, module, scopes, body model, result model) of every endpoint, sorted by id."""
    out: list[Operation] = []
    for collection in project.openapi.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            view = helpers.op(endpoint)
            module = str(PythonIdentifier(endpoint.name, project.config.field_prefix))
            result = view.result if view.result in helpers.models or view.result in helpers.schema_of else None
            out.append((view.operation_id, view.method, view.path, module, view.scopes, view.body_model, result))
    return sorted(out)


def _render_spec_index(
    project: Project, out_dir: Path, operations: list[Operation], resources: dict[str, dict[str, str]]
) -> None:
    """`spec_index.py`: every operation (id, method, path, module, scopes, body and result models) and
    the standard resources (codegen/annotations.py), so tools such as the fake backend read the spec's own
    metadata without the spec file (which is not installed) and without importing 821 modules."""
    template = project.env.get_template("spec_index.py.jinja")
    text = template.render(operations=operations, resources=sorted(resources.items()))
    (out_dir / "spec_index.py").write_text(text, encoding="utf-8")


def _type(prop: Any) -> str:
    code = prop.get_type_string(no_optional=True)
    return str(getattr(code, "as_unembedded_code", lambda: code)()).replace(" ", "")


def _surface(
    openapi: GeneratorData,
    aliases: dict[str, str],
    root: builders.Node,
    operations: list[Operation],
    resources: dict[str, dict[str, str]],
) -> surface.Surface:
    """What this generation publishes (spec/api.lock)."""
    out = surface.Surface()
    for model in openapi.models:
        cls = model.class_info.name
        out.add("model", render.schema_name(model), cls)
        required_props = model.required_properties or []
        for prop in required_props + (model.optional_properties or []):
            required = " required" if prop in required_props else ""
            out.add("field", f"{cls}.{render.text(prop.name)}", f"{prop.python_name} {_type(prop)}{required}")
    for enum in openapi.enums:
        out.add("model", render.schema_name(enum), enum.class_info.name)
        values: dict[str, Any] = dict(enum.values)  # type: ignore[arg-type]
        for member, value in values.items():
            out.add("enum", f"{enum.class_info.name} {surface.enum_value(value)}", member)
    for name in aliases:
        out.add("model", name, name)
    for path, method in builders.method_names(root).items():
        out.add("builder", path, method)
    for op_id, method, path, _module, _scopes, body, result in operations:
        out.add("op", f"{method} {path}", f"{op_id} {body or '-'} {result or '-'}")
    for path, marks in resources.items():
        out.add("resource", path, " ".join(marks.get(key, "-") for key in resource_table.KEYS))
    return out


def _render_spec_record(project: Project, out_dir: Path, sha: str) -> None:
    """`_spec.py`: the one place that says which spec (spec/pin.json) and generator made this tree."""
    pin = load_pin()
    template = project.env.get_template("spec_record.py.jinja")
    # repr(): Python literals (None for a spec pinned from a plain file), quotes normalized by ruff.
    text = template.render(
        commit=repr(pin.commit), date=repr(pin.committed), sha256=repr(sha), generator=repr(GENERATOR)
    )
    (out_dir / "_spec.py").write_text(text, encoding="utf-8")


def _write_index_stubs(models: Path, entries: list[tuple[str, str]], title: str) -> None:
    """The type checkers' view of the models package (codegen/stubs.py): `__init__.pyi` naming the
    runtime index only, `_names.pyi` and its buckets naming every model."""
    (models / "__init__.pyi").write_text(stubs.init_stub(f"Every model of the {title}, imported on first access."))
    for name, content in stubs.index_stubs(entries, f"Every model of the {title}, by name.").items():
        (models / name).write_text(content, encoding="utf-8")


def _render_models_init(project: Project, aliases: dict[str, str]) -> list[tuple[str, str]]:
    """The models_init template gets (module, name) pairs instead of the stock import lines."""
    entries = sorted(
        [(m.class_info.module_name, m.class_info.name) for m in project.openapi.models]
        + [(e.class_info.module_name, e.class_info.name) for e in project.openapi.enums]
        # `<Enum>Literal`: the enum's wire values, for users typing their own variables and parameters
        + [(e.class_info.module_name, f"{e.class_info.name}Literal") for e in project.openapi.enums]
        + [(snake_case(name), name) for name in aliases],
        key=lambda pair: pair[1],
    )
    template = project.env.get_template("models_init.py.jinja")
    original = template.render

    def render_with_entries(*args: Any, **kwargs: Any) -> str:
        kwargs["entries"] = entries
        return original(*args, **kwargs)

    template.render = render_with_entries  # type: ignore[method-assign]
    return entries


def generate(
    output: Path | None = None,
    *,
    diag: Diagnostics | None = None,
    accept_renames: bool = False,
    api: Api | None = None,
) -> dict[str, Any]:
    """Regenerate one API's package (the platform's by default) wholesale and rewrite its lock; the
    report's "changes" is the API diff against the previous lock."""
    diag = diag or Diagnostics()
    api = api or platform()
    output = output or api.output
    previous = surface.load(api.lock_file)
    with tempfile.TemporaryDirectory(prefix="ctp-codegen-") as tmp:
        tree = Path(tmp) / api.package
        report = build_tree(tree, diag, accept_renames=accept_renames, api=api)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(tree, output)
    new: surface.Surface = report.pop("surface")
    api.lock_file.write_text(new.text(), encoding="utf-8")
    report["changes"] = surface.diff(previous or surface.Surface(), new)
    return report


def diff_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on either side or different bytes)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(str(a), str(b), ignore=["__pycache__"]), "")
    return sorted(out)


def check(output: Path | None = None, *, diag: Diagnostics | None = None, api: Api | None = None) -> list[str]:
    """Regenerate one API (the platform by default) into a temporary tree and list what differs from
    its package and lock (empty: no drift)."""
    diag = diag or Diagnostics()
    api = api or platform()
    output = output or api.output
    with tempfile.TemporaryDirectory(prefix="ctp-codegen-") as tmp:
        tree = Path(tmp) / api.package
        report = build_tree(tree, diag, api=api)
        drift = diff_trees(tree, output)
    lock = api.lock_file.read_text(encoding="utf-8") if api.lock_file.is_file() else ""
    if report["surface"].text() != lock:
        drift.append(f"../../{api.lock_name}")
    return drift
