"""Where the spec and the reference examples are (../shared beside the checkout, or CTP_SPEC_PATH).

Tests that need them call `require_spec()` / `require_examples()`, which skip with the reason when the
data is absent (a user's checkout) — CI sets CTP_SPEC_PATH, so there they run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_RELATIVE_SPEC = Path("spec/commercetools-api-reference/oas/api/openapi.yaml")


def spec_file() -> Path:
    env = os.environ.get("CTP_SPEC_PATH")
    if env:
        return Path(env).resolve()
    # `nox -s fetch-spec` writes the reference layout (specs, examples, maps) under spec/.
    fetched = REPO / "spec" / _RELATIVE_SPEC
    if fetched.is_file():
        return fetched
    local = REPO / "spec" / "openapi.yaml"
    return local if local.is_file() else (REPO.parent / "shared" / _RELATIVE_SPEC)


def reference_dir() -> Path:
    """commercetools-api-reference/ (holds examples/ and examples-map.json) next to the spec."""
    return spec_file().parent.parent.parent


def require_spec() -> Path:
    path = spec_file()
    if not path.is_file():
        pytest.skip(f"commercetools spec not found at {path}: set CTP_SPEC_PATH or run `nox -s fetch-spec`")
    return path


def require_examples() -> Path:
    ref = reference_dir()
    if not (ref / "examples-map.json").is_file():
        pytest.skip(f"reference examples not found under {ref}: they ship with ../shared (CTP_SPEC_PATH)")
    return ref


def spec_discriminators() -> dict[str, dict[str, object]]:
    """Schema name -> its `discriminator` object, for every discriminated base of the spec (skips without it)."""
    from codegen.preprocess import load_yaml

    schemas = load_yaml(require_spec().read_bytes())["components"]["schemas"]
    out: dict[str, dict[str, object]] = {}
    for name, schema in schemas.items():
        for part in [schema, *schema.get("allOf", [])]:
            if "discriminator" in part:
                out[name] = part["discriminator"]
    return out
