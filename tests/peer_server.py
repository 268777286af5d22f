"""Run the peer test server (@labdigital/commercetools-mock, tests/peer/) for integration tests.

``run_peer_server()`` starts ``node tests/peer/server.mjs`` on 127.0.0.1 with a free port, waits for
its ``PEER_READY <url>`` line, yields the base URL (auth and API share it) and stops the process on the
way out, whatever happened in between. The server also exits when its stdin closes, so even a parent
killed outright does not leave it running.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

PEER_DIR = Path(__file__).parent / "peer"
INSTALL_HINT = "peer server not installed: run `npm ci --prefix tests/peer`"
_READY = "PEER_READY "


class PeerServerNotInstalled(RuntimeError):
    """Node or the npm packages are missing; tests needing the peer should be skipped."""


def missing_reason() -> str | None:
    """Why the peer server cannot start here, or None if it can."""
    if shutil.which("node") is None:
        return f"{INSTALL_HINT} (node not found on PATH)"
    if not (PEER_DIR / "node_modules" / "@labdigital" / "commercetools-mock").is_dir():
        return INSTALL_HINT
    return None


def _first_line(stream: IO[str], lines: queue.Queue[str]) -> None:
    lines.put(stream.readline())


@contextlib.contextmanager
def run_peer_server(*, startup_timeout: float = 30.0) -> Iterator[str]:
    """Start the peer server, yield its base URL (``http://127.0.0.1:<port>``), stop it afterwards."""
    reason = missing_reason()
    node = shutil.which("node")
    if reason is not None or node is None:
        raise PeerServerNotInstalled(reason or INSTALL_HINT)
    with tempfile.TemporaryFile(mode="w+") as stderr:
        process = subprocess.Popen(
            [node, "server.mjs"],
            cwd=PEER_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            lines: queue.Queue[str] = queue.Queue()
            assert process.stdout is not None  # stdout=PIPE
            threading.Thread(target=_first_line, args=(process.stdout, lines), daemon=True).start()
            try:
                line = lines.get(timeout=startup_timeout)
            except queue.Empty:
                line = ""
            if not line.startswith(_READY):
                process.kill()
                process.wait()
                stderr.seek(0)
                raise RuntimeError(
                    f"peer server did not start (exit code {process.returncode}, first line {line!r}): "
                    f"{stderr.read()[-2000:]}"
                )
            yield line[len(_READY) :].strip()
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
