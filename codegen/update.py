"""`nox -s update-spec -- <spec>`: move the pin to another commercetools spec and regenerate, in one step.

`<spec>` is a local `openapi.yaml`, a commercetools-api-reference checkout (its `oas/api/openapi.yaml`;
commit and date come from git), or, online, an upstream commit or tag. The file is verified, copied to
spec/openapi.yaml (gitignored), spec/pin.json is rewritten and the tree regenerated; the API diff against
the previous spec/api.lock is printed and written as Markdown. If generation is blocked, the pin and
spec/openapi.yaml are put back and nothing else has changed.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import surface
from .apis import Api, by_name
from .diagnostics import Diagnostics
from .generate import generate
from .preprocess import load_yaml
from .spec_source import (
    DEFAULT_SPEC,
    PIN_FILE,
    REPO_ROOT,
    UPSTREAM_PATH,
    UPSTREAM_REPOSITORY,
    Pin,
    SpecError,
    pin_for,
    sha256_of,
)

DIFF_FILE = REPO_ROOT / "build" / "api-diff.md"
# Upstream versions whose commit we know, by sha256: a spec file handed over without its git checkout
# (a copy, ../shared/spec/history) still gets its commit and date recorded. Grows with every update
# whose commit is known (from git or --commit).
KNOWN_SPECS = REPO_ROOT / "spec" / "known-specs.json"
_REF = re.compile(r"^[0-9a-f]{7,40}$|^v?\d[\w.-]*$")


def _download(ref: str) -> tuple[bytes, str]:
    """An upstream commit or tag (needs the network; not available everywhere this runs)."""
    raw = UPSTREAM_REPOSITORY.replace("github.com", "raw.githubusercontent.com")
    url = f"{raw}/{ref}/{UPSTREAM_PATH}"
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.read(), url
    except OSError as exc:
        raise SpecError(f"cannot download {url}: {exc}; pass a local openapi.yaml instead") from None


def resolve(source: str) -> tuple[Path | None, bytes]:
    """The spec file (None when downloaded) and its bytes."""
    path = Path(source).expanduser()
    if path.is_dir():
        path = path / UPSTREAM_PATH
    if path.is_file():
        return path.resolve(), path.read_bytes()
    if _REF.match(source):
        return None, _download(source)[0]
    raise SpecError(f"{source} is neither a spec file, a commercetools-api-reference checkout, nor a commit/tag")


def verify(data: bytes, where: str, *, api: Api | None = None) -> dict[str, Any]:
    """The parsed spec, if it is an OpenAPI 3 file of the commercetools platform API (or of `api`, whose
    servers are its own host, `import.<region>...`)."""
    try:
        spec = load_yaml(data)
    except Exception as exc:  # any YAML error: the message says where
        raise SpecError(f"{where} is not YAML: {exc}") from None
    problems = []
    if not isinstance(spec, dict) or not str(spec.get("openapi", "")).startswith("3."):
        problems.append("no `openapi: 3.x` header")
    elif not any(str(p).startswith("/{projectKey}") for p in spec.get("paths", {})):
        problems.append("no /{projectKey} paths: not the commercetools platform API (oas/api/openapi.yaml)")
    elif not spec.get("components", {}).get("schemas"):
        problems.append("no components/schemas")
    elif api is not None and not any(f"//{api.name}." in str(s.get("url", "")) for s in spec.get("servers") or []):
        problems.append(f"its servers are not {api.name}.<region>.commercetools.com: not the {api.title}")
    if problems:
        title = api.title if api is not None else "platform API"
        raise SpecError(f"{where} is not a commercetools {title} spec: {'; '.join(problems)}")
    return spec  # type: ignore[no-any-return]


def update(
    source: str,
    *,
    accept_renames: bool = False,
    strict: bool = False,
    commit: str | None = None,
    date: str | None = None,
    diff_out: Path = DIFF_FILE,
) -> dict[str, Any]:
    """Move the pin to `source` and regenerate. Raises SpecError / GenerationBlocked (nothing changed)."""
    started = time.perf_counter()
    path, data = resolve(source)
    verify(data, str(path or source))
    pin = pin_for(path, data) if path is not None else None
    if pin is None:
        raw = UPSTREAM_REPOSITORY.replace("github.com", "raw.githubusercontent.com")
        pin = pin_for(DEFAULT_SPEC, data)
        pin = replace(pin, commit=source, url=f"{raw}/{source}/{UPSTREAM_PATH}", path=UPSTREAM_PATH)
    if commit or date:
        pin = replace(pin, commit=commit or pin.commit, committed=date or pin.committed)
    old_pin = PIN_FILE.read_bytes()
    old_spec = DEFAULT_SPEC.read_bytes() if DEFAULT_SPEC.is_file() else None
    old_known = KNOWN_SPECS.read_bytes()
    diag = Diagnostics(strict=strict)
    try:
        if path != DEFAULT_SPEC.resolve():
            DEFAULT_SPEC.write_bytes(data)
        pin = _with_known_commit(pin)
        if pin.commit and not pin.url:  # where `nox -s fetch-spec` gets it from
            raw = UPSTREAM_REPOSITORY.replace("github.com", "raw.githubusercontent.com")
            pin = replace(pin, url=f"{raw}/{pin.commit}/{UPSTREAM_PATH}")
        PIN_FILE.write_text(_keep_other_apis(pin.to_json(), old_pin), encoding="utf-8")
        report = generate(diag=diag, accept_renames=accept_renames)
    except BaseException:
        PIN_FILE.write_bytes(old_pin)
        KNOWN_SPECS.write_bytes(old_known)
        if old_spec is None:
            DEFAULT_SPEC.unlink(missing_ok=True)
        elif sha256_of(old_spec) != sha256_of(data):
            DEFAULT_SPEC.write_bytes(old_spec)
        raise
    changes: list[surface.Change] = report["changes"]
    title = f"API changes: commercetools spec {pin.committed or ''} {(pin.commit or pin.sha256)[:8]}".replace("  ", " ")
    diff_out.parent.mkdir(parents=True, exist_ok=True)
    diff_out.write_text(surface.render_markdown(changes, title), encoding="utf-8")
    report["diff_file"] = str(diff_out)
    report["update_seconds"] = round(time.perf_counter() - started, 1)
    report["warnings"] = diag.warnings
    return report


def update_api(api: Api, source: str, *, accept_renames: bool = False, strict: bool = False) -> dict[str, Any]:
    """Move one of the other APIs' pins (Import, History, Checkout) to `source` (its openapi.yaml, or a
    commercetools-api-reference checkout) and regenerate that API only. The file is copied to
    spec/<api>.openapi.yaml (gitignored); on any failure the pin and that file are put back."""
    started = time.perf_counter()
    path = Path(source).expanduser()
    if path.is_dir():
        path = path / api.upstream_path
    if not path.is_file():
        raise SpecError(f"{source} is neither a {api.title} spec file nor a commercetools-api-reference checkout")
    data = path.read_bytes()
    spec = verify(data, str(path), api=api)
    del spec
    dest = DEFAULT_SPEC.parent / f"{api.name}.openapi.yaml"
    old_pin, old_dest = PIN_FILE.read_bytes(), dest.read_bytes() if dest.is_file() else None
    diag = Diagnostics(strict=strict)
    try:
        if path.resolve() != dest.resolve():
            dest.write_bytes(data)
        pin = json.loads(old_pin)
        entry = next(e for e in pin["apis"] if e["name"] == api.name)
        entry.update(sha256=sha256_of(data), bytes=len(data))
        PIN_FILE.write_text(json.dumps(pin, indent=2) + "\n", encoding="utf-8")
        report = generate(diag=diag, accept_renames=accept_renames, api=by_name(api.name))
    except BaseException:
        PIN_FILE.write_bytes(old_pin)
        if old_dest is None:
            dest.unlink(missing_ok=True)
        else:
            dest.write_bytes(old_dest)
        raise
    report["update_seconds"] = round(time.perf_counter() - started, 1)
    report["warnings"] = diag.warnings
    return report


def _keep_other_apis(platform_pin: str, old_pin: bytes) -> str:
    """The platform's pin with the other APIs' entries (`apis`, codegen/apis.py) carried over."""
    others = json.loads(old_pin).get("apis")
    if not others:
        return platform_pin
    return json.dumps({**json.loads(platform_pin), "apis": others}, indent=2) + "\n"


def _with_known_commit(pin: Pin) -> Pin:
    known: list[dict[str, str]] = json.loads(KNOWN_SPECS.read_text(encoding="utf-8")) if KNOWN_SPECS.is_file() else []
    entry = next((e for e in known if e["sha256"] == pin.sha256), None)
    if entry is not None and pin.commit is None:
        return replace(pin, commit=entry["commit"], committed=entry["committed"])
    if entry is None and pin.commit and pin.committed:
        known.append({"committed": pin.committed, "commit": pin.commit, "sha256": pin.sha256})
        known.sort(key=lambda e: (e["committed"], e["commit"]))
        lines = ",\n".join("  " + json.dumps(e) for e in known)
        KNOWN_SPECS.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    return pin
