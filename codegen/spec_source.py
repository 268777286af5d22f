"""Where the commercetools spec is, proof that it is the pinned one, and how the pin moves.

`spec/pin.json` records the upstream file (repository, commit, date, path, sha256, size); the spec itself
is never committed. Tools read the first of CTP_SPEC_PATH and spec/openapi.yaml whose sha256 is the
pinned one, so a checkout whose pin was moved by `nox -s update-spec` (which copies the new file to
spec/openapi.yaml) keeps working with a stale CTP_SPEC_PATH in the environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PIN_FILE = REPO_ROOT / "spec" / "pin.json"
DEFAULT_SPEC = REPO_ROOT / "spec" / "openapi.yaml"
UPSTREAM_REPOSITORY = "https://github.com/commercetools/commercetools-api-reference"
UPSTREAM_PATH = "oas/api/openapi.yaml"


class SpecError(RuntimeError):
    """The spec is missing or is not the pinned file."""


@dataclass(frozen=True)
class Pin:
    """spec/pin.json. `commit`/`committed` are None for a file that did not come from a git checkout."""

    repository: str
    commit: str | None
    committed: str | None
    path: str
    url: str | None
    sha256: str
    size: int
    license: str

    def to_json(self) -> str:
        data = asdict(self)
        data["bytes"] = data.pop("size")
        data["license"] = data.pop("license")  # the key order of the committed file
        return json.dumps(data, indent=2) + "\n"


def load_pin(pin_file: Path = PIN_FILE) -> Pin:
    data = json.loads(pin_file.read_text(encoding="utf-8"))
    return Pin(
        repository=data["repository"],
        commit=data.get("commit"),
        committed=data.get("committed"),
        path=data.get("path", UPSTREAM_PATH),
        url=data.get("url"),
        sha256=data["sha256"],
        size=data["bytes"],
        license=data.get("license", "MIT"),
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def candidates() -> list[Path]:
    """Where the spec may be, in order: CTP_SPEC_PATH, then spec/openapi.yaml."""
    env = os.environ.get("CTP_SPEC_PATH")
    out = [Path(env).resolve()] if env else []
    return [*out, DEFAULT_SPEC] if DEFAULT_SPEC not in out else out


def spec_path() -> Path:
    """The first candidate holding the pinned file (by size, then sha256), else the first candidate."""
    pin = load_pin()
    found = [p for p in candidates() if p.is_file()]
    for path in found:
        if path.stat().st_size == pin.size and sha256_of(path.read_bytes()) == pin.sha256:
            return path
    return found[0] if found else candidates()[0]


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
        raise SpecError(
            f"{path} has sha256 {digest}, but spec/pin.json pins {pin.sha256}: to move to this spec run "
            f"`nox -s update-spec -- {path}`; to regenerate the pinned one, point CTP_SPEC_PATH at it "
            "or run `nox -s fetch-spec`"
        )
    return data, digest


def _git(cwd: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def pin_for(path: Path, data: bytes) -> Pin:
    """The pin of a local spec file. Inside a git checkout of commercetools-api-reference (where it is
    `oas/api/openapi.yaml`), the commit and its date are recorded, if the file is unchanged there."""
    path = path.resolve()
    commit = committed = None
    top = _git(path.parent, "rev-parse", "--show-toplevel")
    rel = path.relative_to(Path(top).resolve()).as_posix() if top else None
    # Only the upstream file itself, tracked and unmodified, in a checkout of the reference repository.
    tracked = rel == UPSTREAM_PATH and _git(path.parent, "ls-files", "--full-name", "--", str(path)) == rel
    if tracked and rel and _git(path.parent, "status", "--porcelain", "--", str(path)) is None:
        commit = _git(path.parent, "rev-parse", "HEAD")
        committed = _git(path.parent, "log", "-1", "--format=%cs", "HEAD")
    url = f"{UPSTREAM_REPOSITORY.replace('github.com', 'raw.githubusercontent.com')}/{commit}/{rel}" if commit else None
    return Pin(
        repository=UPSTREAM_REPOSITORY,
        commit=commit,
        committed=committed,
        path=rel if commit and rel else UPSTREAM_PATH,
        url=url,
        sha256=sha256_of(data),
        size=len(data),
        license="MIT",
    )


def fetch(dest: Path = DEFAULT_SPEC) -> Path:
    """Download the pinned spec to `dest`, refusing anything whose sha256 differs."""
    import urllib.request

    pin = load_pin()
    if pin.url is None:
        raise SpecError(
            "spec/pin.json records no download URL (the spec was pinned from a local file): "
            "copy that file to spec/openapi.yaml or set CTP_SPEC_PATH"
        )
    with urllib.request.urlopen(pin.url, timeout=60) as resp:
        data = resp.read()
    digest = sha256_of(data)
    if digest != pin.sha256:
        raise SpecError(f"downloaded {len(data)} bytes with sha256 {digest}, expected {pin.sha256}")
    dest.write_bytes(data)
    return dest
