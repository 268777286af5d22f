"""`nox -s fetch-spec`: everything the spec-dependent tests read, in a checkout without ../shared.

From commercetools-api-reference at the pinned commit (downloaded as GitHub's tarball, or a local
checkout or tarball given as the source) it writes `spec/commercetools-api-reference/` in the layout
../shared has: the four specs under `oas/<api>/openapi.yaml` (each verified against spec/pin.json),
the example payloads (`examples/` for the platform, `api-specs/<api>/examples/` for the others) and
the examples maps, derived from the reference's RAML by `codegen.examples_map`. The specs are also
copied where the generator reads them (spec/openapi.yaml, spec/<api>.openapi.yaml).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from .apis import load_apis
from .examples_map import FOLDERS, MAP_NAMES, derive
from .preprocess import load_yaml
from .spec_source import DEFAULT_SPEC, REPO_ROOT, SpecError, load_pin, sha256_of

DEST = REPO_ROOT / "spec" / "commercetools-api-reference"
TARBALL = "https://codeload.github.com/commercetools/commercetools-api-reference/tar.gz/{commit}"


def _download(commit: str, into: Path) -> Path:
    import urllib.request

    with urllib.request.urlopen(TARBALL.format(commit=commit), timeout=300) as resp:
        data = resp.read()
    return _extract(io.BytesIO(data), into)


def _extract(stream: io.BufferedIOBase | io.BytesIO, into: Path) -> Path:
    """Unpack a reference tarball (one top folder, as GitHub's) and return that folder."""
    with tarfile.open(fileobj=stream, mode="r:gz") as tar:
        wanted = [m for m in tar.getmembers() if "/oas/" in m.name or "/api-specs/" in m.name]
        tar.extractall(into, members=wanted, filter="data")
    tops = [p for p in into.iterdir() if p.is_dir()]
    if len(tops) != 1:
        raise SpecError(f"expected one folder in the reference tarball, found {len(tops)}")
    return tops[0]


def _copy_tree(src: Path, dest: Path) -> int:
    count = 0
    for path in sorted(src.rglob("*.json")):
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
    return count


def fetch_reference(
    source: str | Path | None = None, dest: Path = DEST, spec_dir: Path = DEFAULT_SPEC.parent
) -> dict[str, int]:
    """Write the reference layout to `dest` (and the specs to `spec_dir`) from `source` (a checkout, a
    .tar.gz, or None: download the pinned commit). Returns {api: examples written}. Raises SpecError
    if a spec is not the pinned one."""
    pin = load_pin()
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            if pin.commit is None:
                raise SpecError("spec/pin.json records no commit: give a commercetools-api-reference checkout")
            root = _download(pin.commit, Path(tmp))
        elif Path(source).is_dir():
            root = Path(source)
        else:
            with open(source, "rb") as stream:
                root = _extract(io.BytesIO(stream.read()), Path(tmp))
        return _write(root, dest, spec_dir)


def _write(root: Path, dest: Path, spec_dir: Path) -> dict[str, int]:
    pin = load_pin()
    pinned = {"api": (pin.path, pin.sha256)} | {a.name: (a.upstream_path, a.sha256) for a in load_apis()[1:]}
    if dest.exists():
        shutil.rmtree(dest)
    written: dict[str, int] = {}
    for api, (rel, digest) in pinned.items():
        data = (root / rel).read_bytes()
        if sha256_of(data) != digest:
            raise SpecError(f"{rel} in {root} has sha256 {sha256_of(data)}, but spec/pin.json pins {digest}")
        target = dest / "oas" / api / "openapi.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        (spec_dir / ("openapi.yaml" if api == "api" else f"{api}.openapi.yaml")).write_bytes(data)
        examples = root / "api-specs" / FOLDERS[api] / "examples"
        out = dest / "examples" if api == "api" else dest / "api-specs" / FOLDERS[api] / "examples"
        written[api] = _copy_tree(examples, out)
        schemas = load_yaml(data)["components"]["schemas"]
        mapping = derive(root, api, set(schemas))
        (dest / MAP_NAMES[api]).write_text(json.dumps(mapping, indent=1) + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":  # pragma: no cover - `nox -s fetch-spec [-- <checkout or tarball>]`
    import sys

    counts = fetch_reference(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"wrote {DEST}: " + ", ".join(f"{api} {n} examples" for api, n in counts.items()))
