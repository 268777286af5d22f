"""Managed MCP Servers (`/mcp-servers`, https://docs.commercetools.com/api/projects/mcp-servers): their
configurations stored as resources, like the others, and the catalog of server types. **No MCP
server runs**: `url` names where commercetools would serve it (its host is the API host with `mcp.`
instead of `api.`, its path `/projects/{projectKey}/{key}`, as in the spec's example), nothing
answers there.

- Drafts are checked against the spec's model (required fields, the `CommerceMCP` type, known
  tools); the key is unique (400 `DuplicateField`, the one error the spec lists). Defaults:
  `authenticationMode` `ClientCredentials` (https://docs.commercetools.com/api/releases/
  2026-08-06-managed-mcp-servers-support-identity-account-authentication), `state` `Enabled` (the
  spec's create / resource example pair), `toolCustomizations` empty.
- `majorVersion` must be one the type catalog offers (`v4`, the spec's example); another is 400
  `InvalidInput`.
- Update actions (all twelve): setName, setDescription, setState, setAuthenticationMode, setTools,
  addTool / removeTool, setToolCustomizations, addToolCustomization (replacing the tool's previous
  one) / removeToolCustomization, setJsonOutputFiltering, setToolOutputFormatting; version checks as
  everywhere (409).
- `GET /mcp-servers/types` lists `CommerceMCP` `v4` with every tool of the spec's `McpServerTool`
  enumeration except the groups `all` and `read_all`: `read_*` tools are `read` and in both groups,
  the others `write` and in `all` (the spec's types example); `/types/{type}` takes `majorVersion`
  (latest when omitted) and answers 404 for an unknown type or version.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from . import _spec
from ._context import Ctx
from ._errors import ApiFailure, invalid_input, invalid_json, not_found
from ._resources import Resource, check_unique, check_version, delete_version, new_resource, query, touch, view
from ._routes import route

_TYPE_ID = "mcp-server"  # the store's name for them (MCP servers have no reference typeId)
_TYPE = "CommerceMCP"
_VERSIONS = ("v4",)
_GROUPS = ("all", "read_all")


@functools.cache
def _enum(name: str) -> tuple[str, ...]:
    """The values of one of the spec's enumerations (the generated enum's members)."""
    enum = _spec.model_class(name)
    return tuple(member.value for member in enum) if enum is not None else ()


def _tools() -> tuple[str, ...]:
    return _enum("McpServerTool")


def _check_enum(name: str, field: str, value: Any) -> str:
    # the generated enums decode unknown values (forward compatibility); the API refuses them
    if value not in _enum(name):
        raise invalid_json(f"{field}: Unknown {name} '{value}'.")
    return str(value)


def _catalog(version: str) -> dict[str, Any]:
    tools = []
    for name in _tools():
        if name in _GROUPS:
            continue
        read = name.startswith("read_")
        tools.append(
            {
                "name": name,
                "operationType": "read" if read else "write",
                "groups": list(_GROUPS if read else _GROUPS[:1]),
            }
        )
    return {"type": _TYPE, "majorVersion": version, "tools": tools}


def _check_tool(tool: Any) -> str:
    return _check_enum("McpServerTool", "tool", tool)


def _check_decodes(model: str, value: Any) -> None:
    cls = _spec.model_class(model)
    if cls is None:
        return
    try:
        cls.from_dict(value)
    except Exception as exc:
        raise invalid_json(f"{model}: {exc}") from None


def _customization(value: Any) -> dict[str, Any]:
    _check_decodes("ToolCustomization", value)
    _check_tool(value["tool"])
    return copy.deepcopy(dict(value))


def _config(ctx: Ctx, key: str, draft: Any) -> dict[str, Any]:
    _check_decodes("CommerceMcpServerConfigDraft", draft)
    if draft.get("type") != _TYPE:
        raise invalid_json(f"mcpServer.type: Unknown MCP Server type '{draft.get('type')}'.")
    if draft["majorVersion"] not in _VERSIONS:
        raise invalid_input(f"Unknown majorVersion '{draft['majorVersion']}' of the MCP Server type '{_TYPE}'.")
    config: dict[str, Any] = {
        "type": _TYPE,
        "majorVersion": draft["majorVersion"],
        "url": _url(ctx, key),
        "tools": [_check_tool(t) for t in draft["tools"]],
        "toolCustomizations": [_customization(c) for c in draft.get("toolCustomizations") or []],
    }
    for field in ("jsonOutputFiltering", "toolOutputFormatting"):
        if draft.get(field) is not None:
            config[field] = copy.deepcopy(draft[field])
    return config


def _url(ctx: Ctx, key: str) -> str:
    from ._backend import API_URL

    return f"{API_URL.replace('://api.', '://mcp.', 1)}/projects/{ctx.project_key}/{key}"


@route("ByProjectKeyMcpServersPost")
def _create(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    _check_decodes("McpServerDraft", draft)
    server: Resource = new_resource(ctx)
    server["key"] = draft["key"]
    for field in ("name", "description"):
        if draft.get(field) is not None:
            server[field] = copy.deepcopy(draft[field])
    mode = draft.get("authenticationMode") or "ClientCredentials"
    server["authenticationMode"] = _check_enum("McpServerAuthenticationMode", "authenticationMode", mode)
    server["state"] = _check_enum("McpServerState", "state", draft.get("state") or "Enabled")
    server["mcpServer"] = _config(ctx, draft["key"], draft["mcpServer"])
    check_unique(ctx, _TYPE_ID, "key", server["key"], server["id"])
    ctx.store.put(_TYPE_ID, server)
    return 201, view(ctx, server)


@route("ByProjectKeyMcpServersGet")
def _query(ctx: Ctx) -> tuple[int, Any]:
    return 200, query(ctx, ctx.store.all(_TYPE_ID))


def _load(ctx: Ctx) -> Resource:
    if "ID" in ctx.params:
        found = ctx.store.get(_TYPE_ID, ctx.params["ID"])
        if found is None:
            raise not_found("ID", ctx.params["ID"])
        return found
    found = ctx.store.find(_TYPE_ID, "key", ctx.params["key"])
    if found is None:
        raise not_found("key", ctx.params["key"])
    return found


@route("ByProjectKeyMcpServersByIDGet", "ByProjectKeyMcpServersKeyByKeyGet")
def _get(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, _load(ctx))


@route("ByProjectKeyMcpServersByIDDelete", "ByProjectKeyMcpServersKeyByKeyDelete")
def _delete(ctx: Ctx) -> tuple[int, Any]:
    server = _load(ctx)
    check_version(server, delete_version(ctx))
    ctx.store.delete(_TYPE_ID, server["id"])
    return 200, view(ctx, server)


def _optional(holder: dict[str, Any], field: str, value: Any) -> None:
    if value is None:
        holder.pop(field, None)
    else:
        holder[field] = copy.deepcopy(value)


def _apply(server: Resource, action: dict[str, Any]) -> None:
    name = action["action"]
    config = server["mcpServer"]
    if name in ("setName", "setDescription"):
        field = "name" if name == "setName" else "description"
        _optional(server, field, action.get(field))
    elif name == "setState":
        server["state"] = _check_enum("McpServerState", "state", action["state"])
    elif name == "setAuthenticationMode":
        mode = action["authenticationMode"]
        server["authenticationMode"] = _check_enum("McpServerAuthenticationMode", "authenticationMode", mode)
    elif name in ("setJsonOutputFiltering", "setToolOutputFormatting"):
        field = "jsonOutputFiltering" if name == "setJsonOutputFiltering" else "toolOutputFormatting"
        _optional(config, field, action.get(field))
    elif name == "setTools":
        config["tools"] = [_check_tool(t) for t in action["tools"]]
    elif name == "addTool" and _check_tool(action["tool"]) not in config["tools"]:
        config["tools"].append(action["tool"])
    elif name == "removeTool":
        config["tools"] = [t for t in config["tools"] if t != _check_tool(action["tool"])]
    elif name == "setToolCustomizations":
        config["toolCustomizations"] = [_customization(c) for c in action["toolCustomizations"]]
    elif name == "addToolCustomization":
        added = _customization(action["toolCustomization"])
        kept = [c for c in config["toolCustomizations"] if c["tool"] != added["tool"]]
        config["toolCustomizations"] = [*kept, added]
    elif name == "removeToolCustomization":
        tool = _check_tool(action["toolCustomization"]["tool"])
        config["toolCustomizations"] = [c for c in config["toolCustomizations"] if c["tool"] != tool]


@route("ByProjectKeyMcpServersByIDPost", "ByProjectKeyMcpServersKeyByKeyPost")
def _update(ctx: Ctx) -> tuple[int, Any]:
    body = ctx.body_dict()
    server = _load(ctx)
    check_version(server, body.get("version"))
    _check_decodes("McpServerUpdate", body)  # every action known, with its required fields
    work = copy.deepcopy(server)
    for action in body["actions"]:
        _apply(work, action)
    if work != server:
        touch(ctx, work)
        ctx.store.put(_TYPE_ID, work)
    return 200, view(ctx, work)


@route("ByProjectKeyMcpServersTypesGet")
def _types(ctx: Ctx) -> tuple[int, Any]:
    return 200, [_catalog(_VERSIONS[-1])]


@route("ByProjectKeyMcpServersTypesByMcpServerTypeGet")
def _type(ctx: Ctx) -> tuple[int, Any]:
    version = ctx.q("majorVersion") or _VERSIONS[-1]
    if ctx.params["mcpServerType"] != _TYPE or version not in _VERSIONS:
        raise ApiFailure(
            404, "ResourceNotFound", f"The MCP Server type '{ctx.params['mcpServerType']}' {version} was not found."
        )
    return 200, _catalog(version)
