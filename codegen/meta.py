"""Facts about the spec that openapi-python-client's data model drops, handed to our templates as `ctp`.

The generator flattens `allOf` and ignores `discriminator` on plain objects; our model template needs
both to make concrete classes subclasses of their base and to dispatch decoding by dict lookup. It also
needs the time-only fields (the generator has no `time` type), the map schemas, the pattern-named query
parameters and the form-encoded operations recorded by preprocessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openapi_python_client.strings import PythonIdentifier

from .preprocess import SCHEMA_PREFIX, Spec, load_fixes, operations


class MetaError(RuntimeError):
    """The spec has a shape the templates do not handle."""


@dataclass(frozen=True)
class Discriminator:
    property: str
    # discriminator value -> schema name of the concrete class
    mapping: dict[str, str]


@dataclass(frozen=True)
class PatternParam:
    python_name: str
    prefix: str
    doc: str


def _ref_name(ref: str) -> str:
    if not ref.startswith(SCHEMA_PREFIX):
        raise MetaError(f"unexpected $ref {ref}")
    return ref[len(SCHEMA_PREFIX) :]


@dataclass
class SpecMeta:
    """Lookups by *schema name* (the key under components/schemas) and by (METHOD, path)."""

    parents: dict[str, str] = field(default_factory=dict)
    discriminators: dict[str, Discriminator] = field(default_factory=dict)
    # concrete schema -> (discriminator property, its value)
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    time_fields: set[tuple[str, str]] = field(default_factory=set)
    maps: set[str] = field(default_factory=set)
    pattern_params: dict[tuple[str, str], list[PatternParam]] = field(default_factory=dict)
    form_params: set[tuple[str, str]] = field(default_factory=set)
    secret_pattern: re.Pattern[str] = re.compile(r"(?!)")
    secret_fields: set[tuple[str, str]] = field(default_factory=set)
    operations_by_id: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    # filled by generate.py once openapi-python-client has named the classes: schema name -> (module, class)
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)

    # --- used from templates ---------------------------------------------------------------------

    def parent(self, schema: str) -> str | None:
        return self.parents.get(schema)

    def cls(self, schema: str) -> tuple[str, str]:
        return self.classes[schema]

    def discriminator(self, schema: str) -> Discriminator | None:
        return self.discriminators.get(schema)

    def subtypes(self, schema: str) -> list[tuple[str, str, str]]:
        """(value, module, class) of a discriminated base's concrete classes, sorted by value."""
        disc = self.discriminators[schema]
        return [(value, *self.classes[target]) for value, target in sorted(disc.mapping.items())]

    def tag(self, schema: str) -> tuple[str, str] | None:
        return self.tags.get(schema)

    def is_time(self, schema: str, prop: str) -> bool:
        return (schema, prop) in self.time_fields

    def is_map(self, schema: str) -> bool:
        return schema in self.maps

    def is_secret(self, schema: str, prop: str) -> bool:
        return bool(self.secret_pattern.match(prop)) or (schema, prop) in self.secret_fields

    def patterns(self, method: str, path: str) -> list[PatternParam]:
        return self.pattern_params.get((method.upper(), path), [])

    def is_form(self, method: str, path: str) -> bool:
        return (method.upper(), path) in self.form_params

    def union_tags(self, schemas: list[str]) -> tuple[str, dict[str, str]]:
        """For a oneOf whose arms are concrete classes of discriminated bases: the shared discriminator
        property and {value: arm schema}. Raises if the arms cannot be told apart by one property."""
        props = set()
        table: dict[str, str] = {}
        for arm in schemas:
            if arm not in self.tags:
                raise MetaError(f"oneOf arm {arm} has no discriminator value")
            prop, value = self.tags[arm]
            props.add(prop)
            table[value] = arm
        if len(props) != 1 or len(table) != len(schemas):
            raise MetaError(f"oneOf arms {schemas} are not told apart by one discriminator property")
        return props.pop(), table


def _discriminator_of(schema: Mapping[str, Any]) -> dict[str, Any] | None:
    if "discriminator" in schema:
        return schema["discriminator"]  # type: ignore[no-any-return]
    for part in schema.get("allOf", []):
        if "discriminator" in part:
            return part["discriminator"]  # type: ignore[no-any-return]
    return None


def _properties_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    props = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        props.update(part.get("properties", {}))
    return props


def build_meta(spec: Spec, fixes: Mapping[str, Any] | None = None) -> SpecMeta:
    meta = SpecMeta()
    schemas: dict[str, Any] = spec["components"]["schemas"]
    fixes = load_fixes() if fixes is None else fixes
    meta.maps = set(fixes.get("maps") or {})
    secrets = fixes.get("secret_fields") or {"pattern": "(?!)", "fields": {}}
    meta.secret_pattern = re.compile(secrets["pattern"])
    meta.secret_fields = {(s, f) for s, names in (secrets["fields"] or {}).items() for f in names}
    for name, schema in schemas.items():
        for part in schema.get("allOf", []):
            if "$ref" in part:
                meta.parents[name] = _ref_name(part["$ref"])
        raw_disc = _discriminator_of(schema)
        if raw_disc is not None:
            mapping = {str(v): _ref_name(ref) for v, ref in raw_disc.get("mapping", {}).items()}
            meta.discriminators[name] = Discriminator(property=raw_disc["propertyName"], mapping=mapping)
        for prop, prop_schema in _properties_of(schema).items():
            if prop_schema.get("format") == "time":
                meta.time_fields.add((name, prop))
    for base, disc in meta.discriminators.items():
        for value, target in disc.mapping.items():
            if target in meta.tags and meta.tags[target] != (disc.property, value):
                raise MetaError(f"{target} has two discriminator values: {meta.tags[target]} and {value}")
            meta.tags[target] = (disc.property, value)
            # A mapped class must be a (transitive) subclass of its base, or typing breaks.
            node: str | None = target
            while node is not None and node != base:
                node = meta.parents.get(node)
            if node is None:
                raise MetaError(f"{target} is mapped by {base} but does not extend it")
    # oneOf arms that carry their tag but no discriminator in the spec (spec/maps-<api>.yaml `union_tags`):
    # the tag value is the one the platform API's discriminator gives the same shape.
    for target, (prop, value) in (fixes.get("union_tags") or {}).items():
        if target not in schemas:
            raise MetaError(f"union_tags names {target}, which this spec lacks")
        meta.tags[target] = (prop, value)
    for path, method, _item, op in operations(spec):
        key = (method.upper(), path)
        params = [PatternParam(**p) for p in op.get("x-ctp-pattern-params", [])]
        if params:
            meta.pattern_params[key] = params
        if op.get("x-ctp-form-params"):
            meta.form_params.add(key)
        # Keyed as openapi-python-client names endpoints: the snake_cased operationId.
        meta.operations_by_id[str(PythonIdentifier(op["operationId"], ""))] = (path, op)
    return meta
