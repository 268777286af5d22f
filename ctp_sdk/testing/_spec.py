"""What the fake knows about the API, read from the generated layer rather than listed by hand.

The spec itself is not installed with the SDK, so this module reads what codegen derived from it:

- operations: `ctp_sdk._generated.spec_index.OPERATIONS` (id, method, path template, scopes, request
  body and response model names of all 821 operations, one import);
- models: the attrs classes' fields (required or not, annotation text, JSON key via `_KNOWN`) and the
  discriminator tables (`_subtypes`) of bases such as `Reference` (typeId <-> model) and
  `<Model>UpdateAction` (the update actions the spec defines for a resource).

Standard (CRUD) resources are the paths the spec annotates `x-annotation-createable/updateable/
deleteable`, which codegen copies into `ctp_sdk._generated.spec_index` with the operation table.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field
from typing import Any

import attrs

_MODELS = "ctp_sdk._generated.models"


@dataclass(frozen=True, slots=True)
class Op:
    """One operation of the spec and what its generated module says about it."""

    id: str
    method: str
    path: str
    scopes: tuple[str, ...]
    body: str | None  # request body model name
    result: str | None  # response model name
    segments: tuple[tuple[str, str, str], ...] = field(repr=False)  # (kind, literal/prefix, var name)

    def match(self, parts: list[str]) -> dict[str, str] | None:
        """Path variables if `parts` (unescaped path segments) fit this operation's template."""
        if len(parts) != len(self.segments):
            return None
        found: dict[str, str] = {}
        for (kind, text, name), part in zip(self.segments, parts, strict=True):
            if kind == "lit":
                if part != text:
                    return None
            elif kind == "prefix":
                if not part.startswith(text) or len(part) == len(text):
                    return None
                found[name] = part[len(text) :]
            else:
                if not part or ("=" in part and _looks_like_prefix(part)):
                    return None
                found[name] = part
        return found

    @property
    def specificity(self) -> tuple[int, ...]:
        return tuple({"lit": 2, "prefix": 1, "var": 0}[kind] for kind, _, _ in self.segments)


def _looks_like_prefix(part: str) -> bool:
    # `key=abc` must not be taken as an id when a `key={key}` template exists; ids never contain `=`.
    return bool(re.match(r"^[a-zA-Z-]+=", part))


def _segments(path: str) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    for part in path.strip("/").split("/"):
        m = re.fullmatch(r"(.*?)\{(\w+)\}", part)
        if m is None:
            out.append(("lit", part, ""))
        elif m.group(1):
            out.append(("prefix", m.group(1), m.group(2)))
        else:
            out.append(("var", "", m.group(2)))
    return tuple(out)


@functools.cache
def operations() -> tuple[Op, ...]:
    """Every operation of the spec, from codegen's index of it (cached for the process)."""
    from .._generated.spec_index import OPERATIONS

    return tuple(
        Op(id=op_id, method=method, path=path, scopes=scopes, body=body, result=result, segments=_segments(path))
        for op_id, method, path, _module, scopes, body, result in OPERATIONS
    )


def find_operation(method: str, parts: list[str]) -> tuple[Op, dict[str, str]] | None:
    """The most specific operation whose template fits `parts`, with its path variables."""
    best: tuple[Op, dict[str, str]] | None = None
    for op in _by_length().get((method, len(parts)), ()):
        found = op.match(parts)
        if found is not None and (best is None or op.specificity > best[0].specificity):
            best = (op, found)
    return best


@functools.cache
def _by_length() -> dict[tuple[str, int], list[Op]]:
    table: dict[tuple[str, int], list[Op]] = {}
    for op in operations():
        table.setdefault((op.method, len(op.segments)), []).append(op)
    return table


# -- models -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One JSON property of a model."""

    json: str
    required: bool
    annotation: str  # e.g. "list[CategoryReference]", "CategoryResourceIdentifier | None"

    @property
    def is_list(self) -> bool:
        return self.annotation.startswith("list[")

    @property
    def class_names(self) -> list[str]:
        return [n for n in re.findall(r"[A-Za-z_]\w*", self.annotation) if n not in ("list", "dict", "None")]


def model_class(name: str) -> type[Any] | None:
    module_name = _model_modules().get(name)
    if module_name is None:
        return None
    cls: type[Any] = getattr(importlib.import_module(f"{_MODELS}.{module_name}"), name)
    return cls


@functools.cache
def _model_modules() -> dict[str, str]:
    module = importlib.import_module(_MODELS)
    table: dict[str, str] = module._MODULES
    return table


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


@functools.cache
def model_fields(name: str) -> dict[str, FieldInfo]:
    """The JSON properties of model `name` in declaration order (empty for unknown or non-attrs)."""
    cls = model_class(name)
    if cls is None or not attrs.has(cls):
        return {}
    module = importlib.import_module(cls.__module__)
    known: frozenset[str] = getattr(module, "_KNOWN", frozenset())
    by_norm = {_norm(k): k for k in known}
    out: dict[str, FieldInfo] = {}
    for f in attrs.fields(cls):
        if f.name == "additional_properties":
            continue
        key = by_norm.get(_norm(f.name.rstrip("_")))
        if key is None:
            continue
        annotation = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        out[key] = FieldInfo(key, f.default is attrs.NOTHING, annotation)
    return out


@functools.cache
def subtypes(base: str) -> dict[str, str]:
    """Discriminator value -> concrete model name for a polymorphic base (e.g. `Reference`)."""
    cls = model_class(base)
    if cls is None:
        return {}
    table = getattr(importlib.import_module(cls.__module__), "_subtypes", None)
    raw: dict[str, str] = getattr(table, "_table", {}) if table is not None else {}
    return {value: target.partition(":")[2] for value, target in raw.items()}


@functools.cache
def type_id_of_model() -> dict[str, str]:
    """Resource model name -> reference typeId (`Category` -> `category`), from `Reference`'s mapping."""
    out: dict[str, str] = {}
    for type_id, ref in subtypes("Reference").items():
        if ref.endswith("Reference"):
            out[ref[: -len("Reference")]] = type_id
    return out


def type_id_for_class(class_name: str) -> str | None:
    """typeId a `<Model>Reference` / `<Model>ResourceIdentifier` / `<Model>KeyReference` points at."""
    for suffix in ("ResourceIdentifier", "KeyReference", "Reference"):
        if class_name.endswith(suffix) and class_name != suffix:
            return type_id_of_model().get(class_name[: -len(suffix)])
    return None


# -- resource families ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Family:
    """A standard resource: collection path segment, typeId, and its model names."""

    segment: str
    type_id: str
    model: str
    draft: str | None
    update: str | None  # e.g. CategoryUpdate (its `actions` hold <Model>UpdateAction subtypes)
    has_key: bool

    @property
    def actions(self) -> dict[str, str]:
        """Update action name -> action model name, as the spec defines them."""
        return subtypes(f"{self.model}UpdateAction")


class Families(dict[str, Family]):
    """Families by collection segment. One the spec's metadata does not describe (an older or trimmed
    spec) answers 501 naming it, like any operation the fake does not model, instead of a KeyError."""

    def __missing__(self, segment: str) -> Family:
        from ._errors import not_implemented

        raise not_implemented(f"the {segment} resource (the generated spec index does not describe it)")


@functools.cache
def families() -> Families:
    """Collection segment -> Family for every `/{projectKey}/<segment>` path the spec annotates as a
    standard resource (`x-annotation-createable/updateable/deleteable`, read from codegen's index)."""
    from .._generated.spec_index import RESOURCES

    by_path: dict[tuple[str, str], Op] = {(op.method, op.path): op for op in operations()}
    out = Families()
    for path, marks in RESOURCES.items():
        m = re.fullmatch(r"/\{projectKey\}/([a-z-]+)", path)
        model = marks.get("updateable") or marks.get("deleteable")
        if m is None or "createable" not in marks or model is None:
            continue
        type_id = type_id_of_model().get(model)
        if type_id is None:
            continue
        update = by_path.get(("POST", f"{path}/{{ID}}"))
        out[m.group(1)] = Family(
            segment=m.group(1),
            type_id=type_id,
            model=model,
            draft=marks["createable"],
            update=update.body if update is not None else None,
            has_key="key" in model_fields(model),
        )
    return out


@functools.cache
def family_by_type_id() -> dict[str, Family]:
    return {f.type_id: f for f in families().values()}
