"""The fake stays out of the way: no sockets through the transport, not imported by `import ctp_sdk`."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from testing_targets import Target


def test_transport_never_opens_a_socket(fake: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ctp_sdk.testing tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    shopper, provider, session = fake.shopper()
    assert shopper.post(f"/{fake.project}/me/carts", json={"currency": "EUR"}).status_code == 201
    assert fake.integration().get(f"/{fake.project}/carts").json()["count"] == 1
    assert provider.session_state(session).anonymous_id


def test_import_ctp_sdk_does_not_import_the_fake() -> None:
    code = "import sys, ctp_sdk; print(any(m.startswith('ctp_sdk.testing') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_pytest_plugin_is_registered_by_entry_point(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("ctp_sdk_testing")
    assert plugin is not None and plugin.__name__ == "ctp_sdk.testing.pytest_plugin"
