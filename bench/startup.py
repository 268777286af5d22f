"""Workload 1: fresh-process import time, first typed call and RSS (each process is new, bytecode warm)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from ._timing import Stats, paired
from .results import Budget, Row, Settings
from .stub_server import CATEGORY, TOKEN

__all__ = ["run"]

_RSS = "\nprint(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n"
BARE = "pass" + _RSS
HTTPX_ATTRS = "import httpx, attrs" + _RSS
CTP_IMPORT = "import ctp_sdk" + _RSS
CTP_FIRST_CALL = (
    f"""
import time
started = time.perf_counter()
import httpx
from ctp_sdk import ClientConfig, CtpClient

def handler(request):
    body = {TOKEN!r} if request.url.path == "/oauth/token" else {json.dumps(CATEGORY).encode()!r}
    return httpx.Response(200, content=body, headers={{"Content-Type": "application/json"}})

config = ClientConfig(project_key="bench", client_id="id", client_secret="secret",
                      auth_url="https://auth.example.com", api_url="https://api.example.com")
ctp = CtpClient(config, transport=httpx.MockTransport(handler))
category = ctp.integration_api_root().categories().with_id("cat-1").get().execute().body
assert category.id == "cat-1" and category.parent.id == "root-1"
print((time.perf_counter() - started) * 1000)
"""
    + _RSS
)
LABD_IMPORT = "from commercetools.platform import Client" + _RSS
LABD_FIRST_CALL = (
    f"""
import time
started = time.perf_counter()
import requests_mock
from commercetools.platform import Client

adapter = requests_mock.Adapter()
adapter.register_uri("POST", "https://auth.example.com/oauth/token", content={TOKEN!r})
adapter.register_uri("GET", "https://api.example.com/bench/categories/cat-1", content={json.dumps(CATEGORY).encode()!r},
                     headers={{"Content-Type": "application/json"}})
client = Client(client_id="id", client_secret="secret", scope=["manage_project:bench"],
                url="https://api.example.com", token_url="https://auth.example.com/oauth/token", http_adapter=adapter)
category = client.with_project_key("bench").categories().with_id("cat-1").get()
assert category.id == "cat-1" and category.parent.id == "root-1"
print((time.perf_counter() - started) * 1000)
"""
    + _RSS
)


STARTUP_PYTHON_ENV = "CTP_BENCH_STARTUP_PYTHON"


def startup_python() -> str:
    """The interpreter the snippets run in: `nox -s bench` points CTP_BENCH_STARTUP_PYTHON at a venv with only
    ctp-sdk's runtime dependencies (and the labd SDK), so the figures are what a plain install pays. Without
    it (the quick run in the test suite) this interpreter is used."""
    return os.environ.get(STARTUP_PYTHON_ENV) or sys.executable


def _env() -> dict[str, str]:
    # -I ignores PYTHON* variables anyway; this also keeps PYTHONDONTWRITEBYTECODE out of the warm-up.
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


class _Script:
    """Runs one snippet in fresh `python -I` processes (isolated: no cwd or PYTHONPATH on sys.path, so
    the installed package is what gets imported); keeps each run's printed figures."""

    def __init__(self, code: str, cwd: str) -> None:
        self.code = code
        self.cwd = cwd
        self.outputs: list[list[float]] = []

    def __call__(self) -> float:
        started = time.perf_counter()
        done = subprocess.run(
            [startup_python(), "-I", "-c", self.code],
            cwd=self.cwd,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"benchmark snippet failed:\n{done.stderr[-2000:]}")
        self.outputs.append([float(line) for line in done.stdout.split()])
        return wall

    def figure(self, index: int, scale: float = 1.0) -> Stats:
        return Stats.of([out[index] * scale for out in self.outputs])


def _warm(script: _Script) -> None:
    # Writes the .pyc files an installed package would already have (pip compiles on install).
    script()
    script.outputs.clear()


def _module_origin(cwd: str) -> str:
    done = subprocess.run(
        [startup_python(), "-I", "-c", "import ctp_sdk; print(ctp_sdk.__file__)"],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def run(settings: Settings, *, labd: bool) -> tuple[list[Row], list[Budget]]:
    repeats = settings.repeats(15)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ctp-bench-") as cwd:
        origin = _module_origin(cwd)
        bare, httpx_attrs = _Script(BARE, cwd), _Script(HTTPX_ATTRS, cwd)
        ctp_import, ctp_call = _Script(CTP_IMPORT, cwd), _Script(CTP_FIRST_CALL, cwd)
        scripts = [bare, httpx_attrs, ctp_import, ctp_call]
        if labd:
            labd_import, labd_call = _Script(LABD_IMPORT, cwd), _Script(LABD_FIRST_CALL, cwd)
            scripts += [labd_import, labd_call]
        for script in scripts:
            _warm(script)

        def compare(subject: _Script, baseline: _Script) -> tuple[Stats, Stats, Stats]:
            pair = paired(subject, baseline, repeats)
            return pair.subject.scaled(1000), pair.baseline.scaled(1000), pair.ratio

        imp, base, ratio = compare(ctp_import, bare)
        where = f"imported from {origin}"
        rows.append(Row("Startup", "import", "ctp-sdk", "ms wall", imp, "bare interpreter", base, ratio, where))
        delta_import = imp.median - base.median
        imp2, base2, ratio2 = compare(ctp_import, httpx_attrs)
        rows.append(Row("Startup", "import", "ctp-sdk", "ms wall", imp2, "import httpx, attrs", base2, ratio2))
        delta_deps = base2.median - base.median
        call, base3, ratio3 = compare(ctp_call, bare)
        rows.append(
            Row(
                "Startup",
                "import + client + first call",
                "ctp-sdk",
                "ms wall",
                call,
                "bare interpreter",
                base3,
                ratio3,
                "MockTransport; GET category by id, decoded",
            )
        )
        in_process = ctp_call.figure(0)
        rows.append(
            Row(
                "Startup",
                "import + client + first call",
                "ctp-sdk",
                "ms in process",
                in_process,
                note="from before `import ctp_sdk` to the decoded body",
            )
        )
        rss = ctp_call.figure(1, 1 / 1024)
        bare_rss = bare.figure(0, 1 / 1024)
        rows.append(
            Row(
                "Startup",
                "RSS after import + first call",
                "ctp-sdk",
                "MB",
                rss,
                "bare interpreter",
                bare_rss,
                Stats.of([r / bare_rss.median for r in (rss.median, rss.min, rss.max)]),
            )
        )
        if labd:
            limp, lbase, lratio = compare(labd_import, bare)
            rows.append(
                Row(
                    "Startup",
                    "import",
                    "commercetools (labd)",
                    "ms wall",
                    limp,
                    "bare interpreter",
                    lbase,
                    lratio,
                    "`from commercetools.platform import Client`",
                )
            )
            lcall, lbase2, lratio2 = compare(labd_call, bare)
            rows.append(
                Row(
                    "Startup",
                    "import + client + first call",
                    "commercetools (labd)",
                    "ms wall",
                    lcall,
                    "bare interpreter",
                    lbase2,
                    lratio2,
                    "requests_mock adapter",
                )
            )
            rows.append(
                Row(
                    "Startup",
                    "import + client + first call",
                    "commercetools (labd)",
                    "ms in process",
                    labd_call.figure(0),
                )
            )
            lrss = labd_call.figure(1, 1 / 1024)
            rows.append(
                Row(
                    "Startup",
                    "RSS after import + first call",
                    "commercetools (labd)",
                    "MB",
                    lrss,
                    "bare interpreter",
                    bare_rss,
                    Stats.of([r / bare_rss.median for r in (lrss.median, lrss.min, lrss.max)]),
                )
            )
    budgets = [
        Budget(
            "import ctp_sdk above a bare interpreter",
            "<= 100 ms",
            # The dependencies' share, so a miss can be read: this host's `import httpx` alone varies 2x.
            f"{delta_import:.0f} ms (`import httpx, attrs` alone: {delta_deps:.0f} ms)",
            delta_import <= 100,
        ),
        Budget(
            "first typed call, cold process (in process)",
            "<= 250 ms",
            f"{in_process.median:.0f} ms",
            in_process.median <= 250,
        ),
        Budget("RSS after import + first call", "<= 50 MB", f"{rss.median:.1f} MB", rss.median <= 50),
    ]
    return rows, budgets
