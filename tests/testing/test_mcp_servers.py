"""Managed MCP Servers against the embedded backend through the SDK's fluent root, as the spec and
its examples describe them (https://docs.commercetools.com/api/projects/mcp-servers): create with the
documented defaults and derived `url`, the DuplicateField on a taken key, reads by id and key,
queries, every update action, version conflicts, delete, and the server type catalog."""

from __future__ import annotations

import json
from typing import Any

import pytest
from shared_data import require_examples

from ctp_sdk import CtpClient, errors
from ctp_sdk.models import McpServerDraft, McpServerUpdate


def _create(ctp_client: CtpClient, draft: dict[str, Any]) -> Any:
    return ctp_client.integration_api_root().mcp_servers().post(McpServerDraft.from_dict(draft)).execute().body


def _update(servers: Any, server: Any, *actions: dict[str, Any]) -> Any:
    return (
        servers.with_id(server.id)
        .post(McpServerUpdate.from_dict({"version": server.version, "actions": list(actions)}))
        .execute()
        .body
    )


def test_create_with_defaults_read_query_and_delete(ctp_client: CtpClient) -> None:
    draft = json.loads((require_examples() / "examples" / "mcp-server-create.example.json").read_text())
    servers = ctp_client.integration_api_root().mcp_servers()
    server = _create(ctp_client, draft)
    assert server.key == "my-mcp-server" and server.version == 1
    assert str(server.authentication_mode) == "ClientCredentials" and str(server.state) == "Enabled"
    config = server.mcp_server
    assert config.type == "CommerceMCP" and config.major_version == "v4"
    assert [str(t) for t in config.tools] == ["read_products", "read_orders", "read_customers"]
    assert config.tool_customizations == []
    assert config.url == "https://mcp.ctp-testing.invalid/projects/test-project/my-mcp-server"

    with pytest.raises(errors.BadRequestError) as taken:
        _create(ctp_client, draft)
    assert taken.value.codes == ["DuplicateField"]
    with pytest.raises(errors.BadRequestError) as version:
        _create(ctp_client, {**draft, "key": "other", "mcpServer": {**draft["mcpServer"], "majorVersion": "v1"}})
    assert version.value.codes == ["InvalidInput"]
    with pytest.raises(errors.BadRequestError) as tool:
        _create(ctp_client, {**draft, "key": "other", "mcpServer": {**draft["mcpServer"], "tools": ["fly"]}})
    assert tool.value.codes == ["InvalidJsonInput"]

    second = _create(
        ctp_client,
        {
            "key": "auditor",
            "name": {"en": "Promo audit agent"},
            "state": "Disabled",
            "authenticationMode": "CommercetoolsIdentity",
            "mcpServer": {
                "type": "CommerceMCP",
                "majorVersion": "v4",
                "tools": ["read_cart_discounts"],
                "toolCustomizations": [{"tool": "read_cart_discounts", "description": "Audit only."}],
            },
        },
    )
    assert str(second.state) == "Disabled" and str(second.authentication_mode) == "CommercetoolsIdentity"
    assert servers.with_key("auditor").get().execute().body.id == second.id
    assert servers.with_id(server.id).get().execute().body.key == "my-mcp-server"
    page = servers.get(sort=["key asc"]).execute().body
    assert [s.key for s in page.results] == ["auditor", "my-mcp-server"] and page.total == 2

    with pytest.raises(errors.ConcurrentModificationError):
        servers.with_key("auditor").delete(version=second.version + 1).execute()
    deleted = servers.with_key("auditor").delete(version=second.version).execute().body
    assert deleted.id == second.id
    with pytest.raises(errors.NotFoundError):
        servers.with_id(second.id).get().execute()
    assert servers.get().execute().body.total == 1


def test_every_update_action(ctp_client: CtpClient) -> None:
    servers = ctp_client.integration_api_root().mcp_servers()
    server = _create(
        ctp_client,
        {"key": "ops", "mcpServer": {"type": "CommerceMCP", "majorVersion": "v4", "tools": ["read_orders"]}},
    )
    filtering = {"redact": {"fieldNames": ["email"]}, "redactedWith": "***"}
    server = _update(
        servers,
        server,
        {"action": "setName", "name": {"en": "Ops"}},
        {"action": "setDescription", "description": {"en": "Order desk"}},
        {"action": "setState", "state": "Disabled"},
        {"action": "setAuthenticationMode", "authenticationMode": "CommercetoolsIdentity"},
        {"action": "addTool", "tool": "update_orders"},
        {"action": "addTool", "tool": "read_orders"},
        {"action": "addToolCustomization", "toolCustomization": {"tool": "read_orders", "description": "v1"}},
        {"action": "addToolCustomization", "toolCustomization": {"tool": "read_orders", "description": "v2"}},
        {"action": "setJsonOutputFiltering", "jsonOutputFiltering": filtering},
        {"action": "setToolOutputFormatting", "toolOutputFormatting": "JsonToTabular"},
    )
    assert server.version == 2 and server.name == {"en": "Ops"} and server.description == {"en": "Order desk"}
    assert str(server.state) == "Disabled" and str(server.authentication_mode) == "CommercetoolsIdentity"
    config = server.mcp_server
    assert [str(t) for t in config.tools] == ["read_orders", "update_orders"]
    assert [(str(c.tool), c.description) for c in config.tool_customizations] == [("read_orders", "v2")]
    assert config.json_output_filtering.redacted_with == "***"
    assert str(config.tool_output_formatting) == "JsonToTabular"

    server = _update(
        servers,
        server,
        {"action": "removeTool", "tool": "read_orders"},
        {"action": "removeToolCustomization", "toolCustomization": {"tool": "read_orders"}},
        {"action": "setToolCustomizations", "toolCustomizations": [{"tool": "update_orders", "description": "care"}]},
        {"action": "setJsonOutputFiltering"},
        {"action": "setToolOutputFormatting"},
        {"action": "setName"},
    )
    config = server.mcp_server
    assert [str(t) for t in config.tools] == ["update_orders"] and server.name is None
    assert [(str(c.tool), c.description) for c in config.tool_customizations] == [("update_orders", "care")]
    assert config.json_output_filtering is None and config.tool_output_formatting is None
    server = _update(servers, server, {"action": "setTools", "tools": ["read_all"]})
    assert [str(t) for t in server.mcp_server.tools] == ["read_all"] and server.version == 4

    with pytest.raises(errors.ConcurrentModificationError):
        servers.with_key("ops").post(
            McpServerUpdate.from_dict({"version": 1, "actions": [{"action": "setState", "state": "Enabled"}]})
        ).execute()
    with pytest.raises(errors.BadRequestError):
        _update(servers, server, {"action": "setState", "state": "Paused"})


def test_server_type_catalog(ctp_client: CtpClient) -> None:
    types = ctp_client.integration_api_root().mcp_servers().types()
    catalog = types.get().execute().body
    assert [(t.type, t.major_version) for t in catalog] == [("CommerceMCP", "v4")]
    tools = {t.name: t for t in catalog[0].tools}
    assert "all" not in tools and "read_all" not in tools and len(tools) > 100
    assert tools["read_products"].operation_type == "read" and tools["read_products"].groups == ["all", "read_all"]
    assert tools["create_orders"].operation_type == "write" and tools["create_orders"].groups == ["all"]
    one = types.with_mcp_server_type("CommerceMCP").get(major_version="v4").execute().body
    assert one.major_version == "v4" and len(one.tools) == len(tools)
    with pytest.raises(errors.NotFoundError):
        types.with_mcp_server_type("OtherMCP").get().execute()
    with pytest.raises(errors.NotFoundError):
        types.with_mcp_server_type("CommerceMCP").get(major_version="v1").execute()
