"""Parse the spec without openapi-python-client's defensive deep copies of shared, finished objects.

Why: regeneration took ~64 s, and a profile (`python -m cProfile -m codegen check --api api`) put 85 s of
its 114 s (under the profiler) in `copy.deepcopy`. `Endpoint.add_parameters`, `_add_responses` and
`sort_parameters` deep-copy the endpoint they extend, three times per operation (821 of them), and an
endpoint reaches the parsed models of its parameters, body and responses: a `ModelProperty` holds its
`oai.Schema` and its property lists, which hold other models, so each copy walked most of the spec's
schema graph (20.5 million `deepcopy` calls, 291k pydantic `__deepcopy__`).

Those objects are shared and never changed once built: model and enum properties come out of
`build_schemas` (and `build_parameters`) finished, and endpoint parsing derives new objects from them with
`attrs.evolve` rather than mutating them; the pydantic `oai.*` objects are the parsed spec itself. So,
while `GeneratorData.from_dict` runs, copying one of them returns the object itself; the endpoint's own
lists are still copied. The generated trees are byte-identical with and without this (the drift check
compares a fresh generation with the committed tree), which is what makes it safe to keep.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from openapi_python_client.parser.properties import EnumProperty, LiteralEnumProperty, ModelProperty
from openapi_python_client.schema import openapi_schema_pydantic as oai
from pydantic import BaseModel

# The classes whose instances are shared, finished parse results (see the module doc): the parsed models
# and enums, and every pydantic class of the parsed spec.
SHARED: tuple[type, ...] = (
    ModelProperty,
    EnumProperty,
    LiteralEnumProperty,
    *sorted(
        {cls for cls in vars(oai).values() if isinstance(cls, type) and issubclass(cls, BaseModel)},
        key=lambda cls: cls.__name__,
    ),
)


def _same(self: object, memo: dict[int, Any]) -> object:
    return self


@contextmanager
def shared_parse_objects() -> Iterator[None]:
    """Within the block, `copy.deepcopy` returns `SHARED` instances themselves; restored on every exit."""
    saved = [(cls, cls.__dict__.get("__deepcopy__")) for cls in SHARED]
    try:
        for cls in SHARED:
            setattr(cls, "__deepcopy__", _same)  # noqa: B010  # patching a class, by design
        yield
    finally:
        for cls, original in saved:
            if original is None:
                delattr(cls, "__deepcopy__")
            else:
                setattr(cls, "__deepcopy__", original)  # noqa: B010
