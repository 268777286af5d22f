"""Helpers our templates call (registered as Jinja globals by generate.py).

Logic that would be unreadable in Jinja lives here: which classes a model imports, how a property is
type-checked, and the whole shape of an endpoint module (signature, query building, body, decoders).
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from openapi_python_client.strings import PythonIdentifier

from .meta import SpecMeta

PLAIN = {"StringProperty", "IntProperty", "BooleanProperty", "AnyProperty", "FloatProperty"}
PRIMITIVE_CHECK = {"StringProperty": "str", "IntProperty": "int", "BooleanProperty": "bool"}
PRIM_NAMES = {"str": "string", "int": "integer", "bool": "boolean"}


class RenderError(RuntimeError):
    """A template met a spec shape it does not handle."""


def kind(prop: Any) -> str:
    return type(prop).__name__


def text(value: Any) -> str:
    """The plain text of a spec string (openapi-python-client wraps them in UntrustedString)."""
    if value is None:
        return ""
    getter = getattr(value, "get_untrusted_value", None)
    return str(getter() if getter else value)


def schema_name(model: Any) -> str:
    """The components/schemas key a model was generated from (the parser names some by their $ref)."""
    return text(model.name).rsplit("/", 1)[-1]


def doc_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()


def first_line(value: Any) -> str:
    line = doc_escape(text(value)).split("\n", 1)[0].strip()
    return line[:200]


def wrap(value: str, width: int = 104) -> str:
    out = []
    for para in value.split("\n"):
        out.append(textwrap.fill(para, width=width) if para.strip() else "")
    return "\n".join(out).strip()


def docstring(value: Any) -> str:
    body = doc_escape(text(value))
    return f'"""{wrap(body)}"""' if body else ""


class Helpers:
    """Closures over the spec metadata, exposed to templates."""

    def __init__(self, meta: SpecMeta) -> None:
        self.meta = meta
        # class name -> schema name; filled by generate.py after parsing
        self.schema_of: dict[str, str] = {}
        # class name -> the fully processed model (a property's copy of a referenced model may not be)
        self.models: dict[str, Any] = {}
        self._literal_modules: dict[str, str] = {}  # enum class -> its module

    @staticmethod
    def pname(prop: Any) -> str:
        """A property's JSON name."""
        return text(prop.name)

    @staticmethod
    def jkey(prop: Any) -> str:
        """A property's JSON name as a Python string literal."""
        return json.dumps(text(prop.name))

    def map_value(self, prop: Any) -> Any:
        """The value property of a map model (True: any JSON)."""
        return self.models[prop.class_info.name].additional_properties

    # --- models ---------------------------------------------------------------------------------

    def is_map(self, prop: Any) -> bool:
        return kind(prop) == "ModelProperty" and self.meta.is_map(self.schema_of[prop.class_info.name])

    def plain(self, prop: Any) -> bool:
        return prop is True or kind(prop) in PLAIN

    def list_fields(self, props: list[Any]) -> list[Any]:
        """Fields holding lists of non-plain values (models, enums, dates): decoded inline."""
        return [p for p in props if kind(p) == "ListProperty" and not self.plain(p.inner_property)]

    def primitive_check(self, prop: Any, owner: str) -> str | None:
        if kind(prop) == "StringProperty" and self.meta.is_time(owner, text(prop.name)):
            return None
        return PRIMITIVE_CHECK.get(kind(prop))

    @staticmethod
    def prim_name(prim: str) -> str:
        return PRIM_NAMES[prim]

    def _classes(self, prop: Any, out: list[tuple[str, str]], seen: set[int]) -> None:
        if prop is True or prop is None or id(prop) in seen:
            return
        seen.add(id(prop))
        k = kind(prop)
        if k in ("ModelProperty", "EnumProperty"):
            out.append((prop.class_info.module_name, prop.class_info.name))
            if k == "ModelProperty" and self.is_map(prop):
                self._classes(self.map_value(prop), out, seen)
        elif k == "ListProperty":
            self._classes(prop.inner_property, out, seen)
        elif k == "UnionProperty":
            for arm in prop.inner_properties:
                self._classes(arm, out, seen)

    def model_deps(self, model: Any) -> list[tuple[str, str]]:
        """Classes a model's fields refer to, minus itself, its parent and eagerly imported enums."""
        found: list[tuple[str, str]] = []
        if model.additional_properties not in (None, True, False):
            self._classes(model.additional_properties, found, set())
        for prop in model.required_properties + model.optional_properties:
            self._classes(prop, found, set())
        skip = {model.class_info.name}
        parent = self.meta.parent(schema_name(model))
        if parent:
            skip.add(self.meta.cls(parent)[1])
        skip.update(name for _, name in self.tag_imports(model))
        return sorted({(m, n) for m, n in found if n not in skip})

    def model_decoders(self, model: Any) -> list[str]:
        """Model classes a model decodes into; each gets a module-level `_d_<Class>` bound to
        `<Class>._decode`. Why: on Python 3.11 `Class._decode` (a classmethod read off a class) is not
        specialised and builds a bound method on every call, ~70 ns per nested object, a tenth of
        decoding a small one; the bound method is built once instead."""
        found: list[tuple[str, str]] = []
        if model.additional_properties not in (None, True, False):
            self._classes(model.additional_properties, found, set())
        for prop in model.required_properties + model.optional_properties:
            self._classes(prop, found, set())
        return sorted({name for _, name in found if name in self.models and not self.meta.is_map(self.schema_of[name])})

    def enum_getters(self, model: Any) -> list[str]:
        """Enum classes a model decodes; each gets a module-level `_v_<Enum>` bound to
        `<Enum>._value2member_map_.get`. Why: on Python 3.11 reading an attribute of an enum class is
        not specialised (~80 ns, more than the dict lookup itself) and enums sit on the decode hot path."""
        found: list[tuple[str, str]] = []
        if model.additional_properties not in (None, True, False):
            self._classes(model.additional_properties, found, set())
        for prop in model.required_properties + model.optional_properties:
            self._classes(prop, found, set())
        return sorted({name for _, name in found if name not in self.models})

    def enum_conv(self, prop: Any) -> str | None:
        """The attrs converter of a field typed as an enum or a list of one: `__init__` then takes the
        enum's wire strings too (typed `<Enum>Literal`) and stores members either way. Decoding does not
        call it (`_decode` fills the slots itself)."""
        k = kind(prop)
        if k == "ListProperty" and kind(prop.inner_property) == "EnumProperty":
            name, suffix = prop.inner_property.class_info.name, "_list"
        elif k == "EnumProperty":
            name, suffix = prop.class_info.name, ""
        else:
            return None
        return f"_to_{name}{suffix}{'' if prop.required else '_opt'}"

    def enum_converters(self, model: Any) -> list[tuple[str, str, bool, bool]]:
        """(converter, enum class, is a list, optional) of the converters a model's fields use; the
        discriminator field keeps its fixed default and gets none."""
        tag = self.meta.tag(schema_name(model))
        out: dict[str, tuple[str, str, bool, bool]] = {}
        for prop in model.required_properties + model.optional_properties:
            conv = self.enum_conv(prop)
            if conv is None or (tag and text(prop.name) == tag[0]):
                continue
            is_list = kind(prop) == "ListProperty"
            enum = (prop.inner_property if is_list else prop).class_info
            out[conv] = (conv, enum.name, is_list, not prop.required)
            self._literal_modules[enum.name] = enum.module_name
        return sorted(out.values())

    def literal_imports(self, model: Any) -> list[tuple[str, str]]:
        """(module, `<Enum>Literal`) for the enums of a model's converters."""
        names = {enum for _, enum, _, _ in self.enum_converters(model)}
        return sorted((self._literal_modules[n], f"{n}Literal") for n in names)

    def tag_imports(self, model: Any) -> list[tuple[str, str]]:
        tag = self.meta.tag(schema_name(model))
        if tag is None:
            return []
        for prop in model.required_properties + model.optional_properties:
            if text(prop.name) == tag[0] and kind(prop) == "EnumProperty":
                return [(prop.class_info.module_name, prop.class_info.name)]
        return []

    @staticmethod
    def tag_default(prop: Any, value: str) -> str:
        if kind(prop) == "EnumProperty":
            return f'{prop.class_info.name}("{value}")'
        return f'"{value}"'

    def _arm_schemas(self, prop: Any) -> list[str]:
        arms = []
        for arm in prop.inner_properties:
            if kind(arm) != "ModelProperty":
                raise RenderError(f"union {text(prop.name)} has a non-model arm {kind(arm)}")
            arms.append(self.schema_of[arm.class_info.name])
        return arms

    @staticmethod
    def union_id(prop: Any) -> str:
        return str(prop.python_name)

    def union_table(self, prop: Any) -> str:
        tag_prop, table = self.meta.union_tags(self._arm_schemas(prop))
        entries = ", ".join(f'"{v}": "{":".join(self.meta.cls(s))}"' for v, s in sorted(table.items()))
        return f'"{tag_prop}", {{{entries}}}'

    @staticmethod
    def union_type(prop: Any) -> str:
        return " | ".join(arm.class_info.name for arm in prop.inner_properties)

    def class_doc(self, model: Any, props: list[Any], schema: str) -> str:
        lines = [doc_escape(text(model.description)) or f"{model.class_info.name}."]
        documented = [(p, doc_escape(text(p.description))) for p in props if text(p.description).strip()]
        if documented:
            lines.append("")
            lines.append("Attributes:")
            for prop, desc in documented:
                body = textwrap.indent(wrap(desc, 96), " " * 8).strip()
                lines.append(f"    {prop.python_name}: {body}")
        lines.append("")
        lines.append(f"Schema: `{schema}`.")
        return '"""' + "\n".join(wrap(line) if not line.startswith("    ") else line for line in lines) + '\n"""'

    def enum_doc(self, enum: Any) -> str:
        desc = doc_escape(text(enum.description)) or f"{enum.class_info.name} values."
        return (
            '"""'
            + wrap(desc)
            + "\n\nA value added to the API after this SDK was generated decodes to a pseudo-member that keeps"
            + "\nit (`is_known` is False) instead of failing.\n"
            + '"""'
        )

    @staticmethod
    def fail(message: str) -> str:
        raise RenderError(message)

    # --- endpoints ------------------------------------------------------------------------------

    def op(self, endpoint: Any) -> OpView:
        return OpView.build(endpoint, self)


@dataclass
class OpView:
    method: str
    path: str
    operation_id: str
    description: str
    scopes: str
    fpath: str = ""
    signature: str = ""
    call_args: str = ""
    result: str = "None"
    body_model: str | None = None
    form: bool = False
    imports: list[tuple[str, str]] = field(default_factory=list)
    module_imports: list[str] = field(default_factory=list)
    query_lines: list[str] = field(default_factory=list)
    body_kwargs: list[str] = field(default_factory=list)
    decoders: list[tuple[int, str]] = field(default_factory=list)
    arg_docs: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def build(cls, endpoint: Any, h: Helpers) -> OpView:
        method = endpoint.method.upper()
        path, raw = h.meta.operations_by_id[text(endpoint.name)]
        scopes = sorted({s for req in raw.get("security", []) for ss in req.values() for s in ss})
        desc = doc_escape(text(raw.get("description")))
        view = cls(
            method=method,
            path=path,
            operation_id=raw["operationId"],
            description=wrap(desc, 100),
            scopes=repr(tuple(scopes)),
            form=h.meta.is_form(method, path),
        )
        imports: set[tuple[str, str]] = set()
        sig: list[str] = []
        call: list[str] = []

        # Path parameters, positional, in path order; escaped by _e.seg. The parser has already renamed
        # the placeholders in endpoint.path to the parameters' Python names.
        fpath = text(endpoint.path)
        for prop in endpoint.path_parameters:
            name, py = text(prop.name), str(prop.python_name)
            sig.append(f"{py}: str,")
            call.append(py)
            if "{" + py + "}" not in fpath:
                raise RenderError(f"path parameter {py} not in {fpath}")
            fpath = fpath.replace("{" + py + "}", "{_e.seg(" + py + ', "' + py + '")}')
            view.arg_docs.append((py, f"`{name}` path segment (escaped; empty is rejected)."))
        if "{" in fpath.replace("{_e.seg(", ""):
            raise RenderError(f"unfilled path parameter in {path}")
        view.fpath = fpath

        # Body.
        if len(endpoint.bodies) > 1:
            raise RenderError(f"{method} {path} has {len(endpoint.bodies)} bodies")
        for body in endpoint.bodies:
            ctype = text(body.content_type)
            if kind(body.prop) == "ModelProperty" and h.is_map(body.prop):
                raise RenderError(f"{method} {path}: map request bodies are not handled")
            if ctype == "application/json" and kind(body.prop) == "ModelProperty":
                bcls = body.prop.class_info
                imports.add((bcls.module_name, bcls.name))
                sig.append(f"body: {bcls.name},")
                view.body_kwargs.append(f"json=_e.json_body(body, {bcls.name}),")
                view.body_model = bcls.name
                view.arg_docs.append(("body", f"The `{bcls.name}` to send as JSON."))
            elif str(body.body_type) == "content":  # image uploads: `*/*`, read as octet-stream (config.yaml)
                sig.append("body: bytes | BinaryIO,")
                view.body_kwargs.append("content=_e.binary_body(body, content_type),")
                view.body_kwargs.append("content_type=content_type,")
                view.arg_docs.append(("body", "The file's bytes (or a binary file object)."))
            else:
                raise RenderError(f"{method} {path}: unsupported body {ctype} / {kind(body.prop)}")
            call.append("body")

        sig.append("*,")
        if any(str(b.body_type) == "content" for b in endpoint.bodies):
            sig.append("content_type: str,")
            call.append("content_type=content_type")
            view.arg_docs.append(("content_type", "MIME type of the upload, e.g. `image/jpeg`."))

        # Query parameters (sent in the form body for form-encoded operations).
        for prop in endpoint.query_parameters:
            name, py = text(prop.name), _query_python_name(prop)
            qtype = _query_type(prop)
            if kind(prop) in ("EnumProperty",) or (
                kind(prop) == "ListProperty" and kind(prop.inner_property) == "EnumProperty"
            ):
                inner = prop if kind(prop) == "EnumProperty" else prop.inner_property
                imports.add((inner.class_info.module_name, inner.class_info.name))
                imports.add((inner.class_info.module_name, f"{inner.class_info.name}Literal"))
            if prop.required:
                sig.append(f"{py}: {qtype},")
            else:
                sig.append(f"{py}: {qtype} | None = None,")
            call.append(f"{py}={py}")
            view.query_lines.append(f'_e.add(query, "{name}", {py})')
            view.arg_docs.append((py, wrap(doc_escape(text(prop.description)), 92) or f"`{name}` query parameter."))
        for pat in h.meta.patterns(method, path):
            sig.append(f"{pat.python_name}: Mapping[str, str | Sequence[str]] | None = None,")
            call.append(f"{pat.python_name}={pat.python_name}")
            view.query_lines.append(f'_e.add_prefixed(query, "{pat.prefix}", {pat.python_name})')
            view.arg_docs.append((pat.python_name, pat.doc))
        if view.form:
            view.body_kwargs.append("form=query,")
        sig.append("extra_query: Mapping[str, str | Sequence[str]] | None = None,")
        sig.append("headers: Mapping[str, str] | None = None,")
        call.extend(["extra_query=extra_query", "headers=headers"])
        view.signature = "\n".join("    " + line for line in sig)
        view.call_args = ", ".join(call)

        # Success responses -> decoders; the result type is their union.
        results: list[str] = []
        for resp in endpoint.responses:
            code_range = resp.status_code.range
            if code_range is None or not (200 <= code_range[0] < 300) or code_range[0] != code_range[1]:
                continue
            code = code_range[0]
            prop = resp.prop
            if kind(prop) == "ModelProperty" and h.is_map(prop):
                rcls = prop.class_info
                imports.add((rcls.module_name, rcls.name))
                view.module_imports.append(rcls.module_name)
                view.decoders.append((code, f"{rcls.module_name}.from_dict(data)"))
                results.append(rcls.name)
            elif kind(prop) == "ModelProperty":
                rcls = prop.class_info
                imports.add((rcls.module_name, rcls.name))
                view.decoders.append((code, f"{rcls.name}.from_dict(data)"))
                results.append(rcls.name)
            elif kind(prop) == "ListProperty" and kind(prop.inner_property) in ("ModelProperty", "EnumProperty"):
                icls = prop.inner_property.class_info
                imports.add((icls.module_name, icls.name))
                fn = f"{icls.name}.from_dict" if kind(prop.inner_property) == "ModelProperty" else icls.name
                view.decoders.append((code, f"_e.each({fn}, data)"))
                results.append(f"list[{icls.name}]")
            elif kind(prop) in ("AnyProperty", "NoneProperty") and not _has_json(raw, code):
                view.decoders.append((code, "None"))
                results.append("None")
            else:
                raise RenderError(f"{method} {path} {code}: cannot type response {kind(prop)}")
        if not view.decoders:
            raise RenderError(f"{method} {path} has no success response")
        view.result = " | ".join(dict.fromkeys(results))
        view.imports = sorted(imports)
        return view


def _query_python_name(prop: Any) -> str:
    """The parser squeezes punctuation out (`filter[attributes]` -> `filterattributes`); keep it as a
    word break instead (`filter_attributes`), like `filter.query` -> `filter_query`."""
    name = text(prop.name)
    if re.fullmatch(r"[0-9A-Za-z_]+", name):
        return str(prop.python_name)
    return str(PythonIdentifier(re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_"), "field_"))


def _has_json(raw_op: dict[str, Any], code: int) -> bool:
    resp = raw_op.get("responses", {}).get(str(code), {})
    return bool(resp.get("content"))


def _query_type(prop: Any) -> str:
    k = kind(prop)
    if k == "ListProperty":
        return f"Sequence[{_scalar_type(prop.inner_property)}]"
    return _scalar_type(prop)


def _scalar_type(prop: Any) -> str:
    k = kind(prop)
    return {
        "StringProperty": "str",
        "IntProperty": "int",
        "BooleanProperty": "bool",
        "FloatProperty": "float",
        "AnyProperty": "str",
        # A date-time query parameter also takes its text (History's `now` keyword, epoch millis).
        "DateTimeProperty": "datetime.datetime | str",
    }.get(k) or (_enum_type(prop) if k == "EnumProperty" else _unknown(k))


def _enum_type(prop: Any) -> str:
    """An enum parameter also takes the enum's wire strings (`source="MerchantCenter"`)."""
    return f"{prop.class_info.name} | {prop.class_info.name}Literal"


def _unknown(k: str) -> str:
    raise RenderError(f"no query parameter type for {k}")
