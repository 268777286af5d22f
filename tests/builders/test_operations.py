"""Every operation of the spec, reached through the builders, sends exactly what the spec describes.

Table-driven from the generated index (`ctp_sdk._generated.builders._index.OPERATIONS`: operation id,
verb, chain of builder calls); the expectations come from the spec itself (method, path template,
required query parameters), not from the generator's view of it. Each call is sent through a real
`CtpClient` over `httpx.MockTransport`, which answers 404 so every operation also proves the error
path (NotFoundError with operation id and correlation id).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest
from shared_data import require_spec

from ctp_sdk import ClientConfig, CtpClient, NotFoundError
from ctp_sdk._generated.builders._index import OPERATIONS

PROJECT = "proj-ä/1"
API = "https://api.example.test"
AUTH = "https://auth.example.test"
VERBS = ("get", "post", "delete", "head", "put", "patch", "options", "trace")


@cache
def spec_operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (METHOD, path template, operation) straight from the spec file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(require_spec().read_bytes(), Loader=loader)
    out: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in spec["paths"].items():
        for verb in VERBS:
            if verb in item:
                op = item[verb]
                params = [*item.get("parameters", []), *op.get("parameters", [])]
                out[op["operationId"]] = (verb.upper(), path, {**op, "parameters": params})
    return out


def test_every_operation_of_the_spec_is_reachable_exactly_once() -> None:
    ops = spec_operations()
    assert ops
    indexed = [op_id for op_id, _, _ in OPERATIONS]
    assert len(indexed) == len(set(indexed)) == len(ops)
    assert set(indexed) == set(ops)
    for op_id, verb, _ in OPERATIONS:
        assert ops[op_id][0] == verb.upper(), op_id


class Recorder:
    def __init__(self) -> None:
        self.api: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.test":
            return httpx.Response(
                200,
                json={"access_token": "integration-token-0123", "expires_in": 172800, "scope": "s"},
            )
        self.api.append(request)
        body = {"statusCode": 404, "message": "not here", "errors": [{"code": "ResourceNotFound", "message": "x"}]}
        return httpx.Response(404, json=body)


@pytest.fixture(scope="module")
def client_and_recorder() -> Iterator[tuple[CtpClient, Recorder]]:
    recorder = Recorder()
    config = ClientConfig(project_key=PROJECT, client_id="id", client_secret="s" * 24, auth_url=AUTH, api_url=API)
    with CtpClient(config, transport=httpx.MockTransport(recorder)) as client:
        yield client, recorder


def path_value(name: str) -> str:
    # Characters that must be escaped inside one path segment.
    return f"{name}-v/1 ?#&é"


def sample_value(annotation: str, name: str) -> Any:
    import ctp_sdk.models as models

    base = annotation.replace(" | None", "")
    if base == "int":
        return 7
    if base == "float":
        return 1.5
    if base == "bool":
        return True
    if base == "str":
        return f"{name}-q"
    if m := re.fullmatch(r"Sequence\[(\w+)\]", base):
        return [sample_value(m.group(1), name)] * 2
    enum = getattr(models, base)
    return next(iter(enum))


def fake_body(annotation: str, op_id: str) -> Any:
    """An instance of the body model whose JSON is a marker (the models' own encoding is tested elsewhere)."""
    import ctp_sdk.models as models

    cls = getattr(models, annotation)
    probe = type(f"Probe{annotation}", (cls,), {"to_dict": lambda self: {"probe": op_id}})
    return object.__new__(probe)


def query_text(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif hasattr(item, "value"):
            out.append(str(item.value))
        else:
            out.append(str(item))
    return out


@pytest.mark.parametrize("op_id,verb,chain", OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_builder_sends_what_the_spec_says(
    op_id: str, verb: str, chain: tuple[tuple[str, tuple[str, ...]], ...], client_and_recorder: Any
) -> None:
    client, recorder = client_and_recorder
    method, template, op = spec_operations()[op_id]
    node: Any = client.integration_api_root()
    values = [PROJECT]
    for method_name, params in chain:
        args = [path_value(p) for p in params]
        values += args
        node = getattr(node, method_name)(*args)

    verb_method = getattr(node, verb)
    call_args: list[Any] = []
    call_kwargs: dict[str, Any] = {}
    expected_query: list[tuple[str, str]] = []
    spec_query = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
    # `withTotal` -> with_total, `filter[attributes]` -> filter_attributes: compare letters and digits only.
    py_to_spec = {re.sub(r"[^a-z0-9]", "", name.lower()): name for name in spec_query}
    body_marker: Any = None
    for name, param in inspect.signature(verb_method).parameters.items():
        if name == "body":
            if "BinaryIO" in param.annotation:
                call_args.append(b"\x89PNG-bytes")
                body_marker = b"\x89PNG-bytes"
            else:
                call_args.append(fake_body(param.annotation, op_id))
                body_marker = {"probe": op_id}
        elif name == "content_type":
            call_kwargs[name] = "image/png"
        elif param.default is inspect.Parameter.empty:
            value = sample_value(param.annotation, name)
            call_kwargs[name] = value
            spec_name = py_to_spec[name.replace("_", "")]
            assert spec_query[spec_name].get("required"), f"{op_id}: {name} is required but not in the spec"
            expected_query += [(spec_name, text) for text in query_text(value)]
    if "expand" in spec_query:
        call_kwargs["expand"] = ["a.b", "c"]
        expected_query += [("expand", "a.b"), ("expand", "c")]
    call_kwargs["extra_query"] = {"x-extra": "1"}
    call_kwargs["headers"] = {"X-Probe": op_id}
    expected_query.append(("x-extra", "1"))
    required = {name for name, p in spec_query.items() if p.get("required")}
    assert required <= {spec for spec, _ in expected_query}, f"{op_id}: a required query parameter is not typed"

    api_request = verb_method(*call_args, **call_kwargs)
    before = len(recorder.api)
    with pytest.raises(NotFoundError) as caught:
        api_request.execute()
    assert len(recorder.api) == before + 1
    sent = recorder.api[-1]

    expected_values = iter(values)
    expected_path = re.sub(r"\{[^}]+\}", lambda _: quote(next(expected_values), safe=""), template)
    assert sent.method == method
    assert sent.url.scheme + "://" + sent.url.host == API
    assert sent.url.raw_path.decode().split("?", 1)[0] == expected_path
    assert sent.headers["Authorization"] == "Bearer integration-token-0123"
    assert sent.headers["X-Probe"] == op_id
    assert sent.headers["X-Correlation-ID"] == caught.value.correlation_id
    assert caught.value.operation == op_id

    query = parse_qsl(sent.url.query.decode(), keep_blank_values=True)
    content_type = sent.headers.get("Content-Type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        query = parse_qsl(sent.content.decode(), keep_blank_values=True)
    assert sorted(query) == sorted(expected_query)
    if body_marker is None:
        assert sent.content == b"" or content_type.startswith("application/x-www-form-urlencoded")
    elif isinstance(body_marker, bytes):
        assert sent.content == body_marker
        assert content_type == "image/png"
    else:
        assert json.loads(sent.content) == body_marker
        assert content_type == "application/json"
