"""Where the pinned commercetools spec is, and proof that it is the pinned one."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PIN_FILE = REPO_ROOT / "spec" / "pin.json"
DEFAULT_SPEC = REPO_ROOT / "spec" / "openapi.yaml"


class SpecError(RuntimeError):
    """The spec is missing or is not the pinned file."""


@dataclass(frozen=True)
class Pin:
    url: str
    sha256: str
    size: int


def load_pin() -> Pin:
    data = json.loads(PIN_FILE.read_text(encoding="utf-8"))
    return Pin(url=data["url"], sha256=data["sha256"], size=data["bytes"])


def spec_path() -> Path:
    """CTP_SPEC_PATH if set, else spec/openapi.yaml (downloaded by `nox -s fetch-spec`)."""
    env = os.environ.get("CTP_SPEC_PATH")
    return Path(env).resolve() if env else DEFAULT_SPEC


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_verified_spec(path: Path | None = None) -> tuple[bytes, str]:
    """Return the spec's bytes and sha256; raise SpecError unless it is exactly the pinned file."""
    path = path or spec_path()
    if not path.is_file():
        raise SpecError(
            f"spec not found at {path}: set CTP_SPEC_PATH or run `nox -s fetch-spec` to download the pinned file"
        )
    data = path.read_bytes()
    digest = sha256_of(data)
    pin = load_pin()
    if digest != pin.sha256:
        raise SpecError(f"{path} has sha256 {digest}, but spec/pin.json pins {pin.sha256}")
    return data, digest


def fetch(dest: Path = DEFAULT_SPEC) -> Path:
    """Download the pinned spec to `dest`, refusing anything whose sha256 differs."""
    import urllib.request

    pin = load_pin()
    with urllib.request.urlopen(pin.url, timeout=60) as resp:
        data = resp.read()
    digest = sha256_of(data)
    if digest != pin.sha256:
        raise SpecError(f"downloaded {len(data)} bytes with sha256 {digest}, expected {pin.sha256}")
    dest.write_bytes(data)
    return dest
