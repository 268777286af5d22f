"""Bodies that are not what the API promised: malformed, truncated, wrongly typed, a proxy's HTML page."""

from __future__ import annotations

import pytest
from fault_client import ClientFactory
from fault_server import FaultServer, Reply, category

from ctp_sdk import CtpError, DecodeError, ResponseDecodeError, ServerError

PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"


def fetch(server: FaultServer, make_client: ClientFactory) -> ResponseDecodeError:
    ctp, _ = make_client(server.url)
    with pytest.raises(ResponseDecodeError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    err = caught.value
    assert isinstance(err, DecodeError) and isinstance(err, CtpError)
    assert err.status_code == 200 and err.operation == "ByProjectKeyCategoriesByIDGet"
    assert err.correlation_id == server.api_requests()[-1].headers["x-correlation-id"]
    assert err.retries == 0 and len(server.api_requests()) == 1  # a 200 is not retried
    assert len(err.snippet) <= ResponseDecodeError.SNIPPET_LENGTH
    return err


def test_malformed_json(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, b'{"id": "c1", "version": 1,, }'))
    err = fetch(server, make_client)
    assert err.content_type == "application/json"
    assert "malformed JSON" in str(err) and '{"id": "c1"' in str(err)


def test_truncated_json_with_a_token_value_masks_it(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, b'{"id": "tok-1", "value": "reset-token-secret-value-12345", "customerId": "c'))
    err = fetch(server, make_client)
    assert "reset-token-secret-value-12345" not in str(err) and "reset-token" not in err.snippet
    assert '"value": "***"' in err.snippet


def test_html_page_from_a_proxy_with_200(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, PROXY_PAGE, content_type="text/html"))
    err = fetch(server, make_client)
    assert err.content_type == "text/html" and "not JSON" in str(err) and "<html>" in str(err)


def test_huge_html_body_gives_a_bounded_snippet(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, "<html>" + "x" * 100_000, content_type="text/html"))
    err = fetch(server, make_client)
    assert len(err.snippet) == ResponseDecodeError.SNIPPET_LENGTH and len(str(err)) < 1000


def test_wrongly_typed_json_names_the_field_not_the_value(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, category("c1", version="seven-secret")))
    err = fetch(server, make_client)
    assert err.model == "Category" and err.path == ("version",)
    assert "seven-secret" not in str(err)


def test_missing_required_field_is_a_decode_error_not_a_key_error(
    server: FaultServer, make_client: ClientFactory
) -> None:
    body = category("c1")
    del body["slug"]
    server.api.push(Reply(200, body))
    err = fetch(server, make_client)
    assert err.path == ("slug",) and "required" in str(err)


def test_json_array_instead_of_an_object(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(Reply(200, [1, 2, 3]))
    assert "expected object" in str(fetch(server, make_client))


def test_html_502_from_a_proxy_is_retried_then_a_server_error(server: FaultServer, make_client: ClientFactory) -> None:
    server.api.push(*[Reply(502, PROXY_PAGE, content_type="text/html")] * 4)
    ctp, _ = make_client(server.url)
    with pytest.raises(ServerError) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert caught.value.status_code == 502 and caught.value.retries == 3
    assert caught.value.body.startswith(b"<html>") and caught.value.response is None
