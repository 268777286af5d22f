"""codegen/shared_parse.py: deep copies share the parsed spec only inside the block, and it is undone on
every exit (the drift test proves the generated trees are the same with it)."""

from __future__ import annotations

import copy

import pytest

pytest.importorskip("openapi_python_client")

from openapi_python_client.schema import openapi_schema_pydantic as oai

from codegen.shared_parse import SHARED, shared_parse_objects


def _schema() -> oai.Schema:
    return oai.Schema.model_validate({"type": "object", "properties": {"name": {"type": "string"}}})


def test_shared_inside_copied_outside() -> None:
    schema = _schema()
    holder = {"schema": schema, "names": ["a"]}
    with shared_parse_objects():
        inside = copy.deepcopy(holder)
    assert inside["schema"] is schema
    assert inside["names"] is not holder["names"]  # containers are still copied
    outside = copy.deepcopy(holder)
    assert outside["schema"] is not schema
    assert outside["schema"] == schema


def test_restored_when_the_block_raises() -> None:
    before = {cls: cls.__dict__.get("__deepcopy__") for cls in SHARED}
    with pytest.raises(RuntimeError), shared_parse_objects():
        raise RuntimeError("parse failed")
    assert {cls: cls.__dict__.get("__deepcopy__") for cls in SHARED} == before
    schema = _schema()
    assert copy.deepcopy(schema) is not schema
