"""Run openapi-python-client on the preprocessed spec with our templates; write ctp_sdk/_generated/."""

from __future__ import annotations

import filecmp
import shutil
import sys
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

from . import builders, postprocess, render
from .meta import build_meta
from .preprocess import load_and_preprocess
from .spec_source import REPO_ROOT, load_pin, read_verified_spec, spec_path

CODEGEN_DIR = Path(__file__).resolve().parent
TEMPLATES = CODEGEN_DIR / "templates"
OUTPUT = REPO_ROOT / "ctp_sdk" / "_generated"
GENERATOR = f"openapi-python-client {version('openapi-python-client')}"


class GenerationError(RuntimeError):
    """openapi-python-client reported errors, or a template met an unhandled shape."""


def _config(out_dir: Path) -> Config:
    config_file = ConfigFile.load_from_path(CODEGEN_DIR / "config.yaml")
    return Config.from_sources(config_file, MetaType.NONE, spec_path(), "utf-8", True, out_dir)


def build_tree(out_dir: Path) -> dict[str, Any]:
    """Generate the whole package into `out_dir` (which must not exist). Returns a report."""
    started = time.perf_counter()
    raw, sha = read_verified_spec()
    spec, fixes = load_and_preprocess(raw)
    meta = build_meta(spec)
    config = _config(out_dir)
    openapi = GeneratorData.from_dict(spec, config=config)
    if isinstance(openapi, GeneratorError):
        raise GenerationError(f"{openapi.header}: {openapi.detail}")
    helpers = render.Helpers(meta)
    for model in openapi.models:
        name = render.schema_name(model)
        meta.classes[name] = (model.class_info.module_name, model.class_info.name)
        helpers.schema_of[model.class_info.name] = name
        helpers.models[model.class_info.name] = model
    enums = {render.schema_name(e) for e in openapi.enums}
    aliases = _aliases(spec, set(meta.classes) | enums)
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
    _render_models_init(project, aliases)
    # Every problem is fatal, warnings included: a skipped endpoint or model is a hole in the SDK.
    errors = list(project.build())
    if errors:
        raise GenerationError("\n".join(f"{e.header}: {e.detail}" for e in errors))
    _render_aliases(project, out_dir, aliases, spec)
    _render_spec_index(project, out_dir, helpers, spec)
    builders.render(project, out_dir, spec)
    _render_spec_record(project, out_dir, sha)
    counts = postprocess.run(out_dir, generator=GENERATOR, spec=spec)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "fixes": fixes,
        **counts,
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
    "tag_imports",
    "enum_getters",
    "tag_default",
    "union_id",
    "union_table",
    "union_type",
    "class_doc",
    "enum_doc",
    "fail",
    "op",
)


def _aliases(spec: dict[str, Any], generated: set[str]) -> dict[str, str]:
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
            raise GenerationError(f"schema {name} got no model and is not a plain alias: {schema}")
    return out


def _render_aliases(project: Project, out_dir: Path, aliases: dict[str, str], spec: dict[str, Any]) -> None:
    template = project.env.get_template("alias.py.jinja")
    for name, target in aliases.items():
        path = out_dir / "models" / f"{snake_case(name)}.py"
        if path.exists():
            raise GenerationError(f"alias module {path.name} collides with a generated module")
        description = spec["components"]["schemas"][name].get("description")
        path.write_text(template.render(name=name, target=target, description=description), encoding="utf-8")


RESOURCE_ANNOTATIONS = ("x-annotation-createable", "x-annotation-updateable", "x-annotation-deleteable")


def _render_spec_index(project: Project, out_dir: Path, helpers: render.Helpers, spec: dict[str, Any]) -> None:
    """`spec_index.py`: every operation (id, method, path, module, scopes, body and result models) and
    the spec's resource annotations, so tools such as the fake backend read the spec's own metadata
    without the spec file (which is not installed) and without importing 821 modules."""
    operations = []
    for collection in project.openapi.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            view = helpers.op(endpoint)
            module = str(PythonIdentifier(endpoint.name, project.config.field_prefix))
            result = view.result if view.result in helpers.models or view.result in helpers.schema_of else None
            operations.append((view.operation_id, view.method, view.path, module, view.scopes, view.body_model, result))
    resources = {
        path: {key.rsplit("-", 1)[-1]: str(item[key]) for key in RESOURCE_ANNOTATIONS if key in item}
        for path, item in spec["paths"].items()
        if any(key in item for key in RESOURCE_ANNOTATIONS)
    }
    template = project.env.get_template("spec_index.py.jinja")
    text = template.render(operations=sorted(operations), resources=sorted(resources.items()))
    (out_dir / "spec_index.py").write_text(text, encoding="utf-8")


def _render_spec_record(project: Project, out_dir: Path, sha: str) -> None:
    """`_spec.py`: the one place that says which spec (spec/pin.json) and generator made this tree."""
    pin = load_pin()
    template = project.env.get_template("spec_record.py.jinja")
    text = template.render(commit=pin.commit, date=pin.committed, sha256=sha, generator=GENERATOR)
    (out_dir / "_spec.py").write_text(text, encoding="utf-8")


def _render_models_init(project: Project, aliases: dict[str, str]) -> None:
    """The models_init template gets (module, name) pairs instead of the stock import lines."""
    entries = sorted(
        [(m.class_info.module_name, m.class_info.name) for m in project.openapi.models]
        + [(e.class_info.module_name, e.class_info.name) for e in project.openapi.enums]
        + [(snake_case(name), name) for name in aliases],
        key=lambda pair: pair[1],
    )
    template = project.env.get_template("models_init.py.jinja")
    original = template.render

    def render_with_entries(*args: Any, **kwargs: Any) -> str:
        kwargs["entries"] = entries
        return original(*args, **kwargs)

    template.render = render_with_entries  # type: ignore[method-assign]


def generate(output: Path = OUTPUT) -> dict[str, Any]:
    """Regenerate `output` wholesale."""
    with tempfile.TemporaryDirectory(prefix="ctp-codegen-") as tmp:
        tree = Path(tmp) / "_generated"
        report = build_tree(tree)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(tree, output)
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


def check(output: Path = OUTPUT) -> list[str]:
    """Regenerate into a temporary tree and list what differs from `output` (empty: no drift)."""
    with tempfile.TemporaryDirectory(prefix="ctp-codegen-") as tmp:
        tree = Path(tmp) / "_generated"
        build_tree(tree)
        return diff_trees(tree, output)


if __name__ == "__main__":  # pragma: no cover
    print(generate(), file=sys.stderr)
