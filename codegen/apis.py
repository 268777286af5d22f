"""The commercetools APIs the generator covers: one entry per spec listed in spec/pin.json.

The platform API is the pin's top level (its fields are unchanged, so `update-spec` and the platform's
output stay as they were); the other APIs (Import, History, Checkout) are the pin's `apis` list, each
with its own upstream path, sha256, output package, names lock and overlay file. Every step of the
pipeline takes an `Api`, so one codegen serves all of them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .spec_source import DEFAULT_SPEC, PIN_FILE, REPO_ROOT, UPSTREAM_PATH, SpecError, sha256_of


@dataclass(frozen=True)
class Api:
    """One API's spec and where its generated code and metadata live."""

    name: str  # "api" for the platform, else the folder name under oas/ ("import", "history", ...)
    title: str
    upstream_path: str  # path inside commercetools-api-reference
    sha256: str
    size: int
    package: str  # generated package directly under ctp_sdk
    lock_name: str  # published names, relative to the repository
    maps_name: str  # preprocessing data (spec/maps.yaml for the platform)
    # preprocessing fixes that apply to this API (None: every fix, as for the platform)
    fixes: tuple[str, ...] | None = None

    @property
    def is_platform(self) -> bool:
        return self.name == "api"

    @property
    def output(self) -> Path:
        return REPO_ROOT / "ctp_sdk" / self.package

    @property
    def lock_file(self) -> Path:
        if self.is_platform:  # read at call time, so tests can point the platform's lock elsewhere
            from . import surface

            return surface.LOCK_FILE
        return REPO_ROOT / self.lock_name

    @property
    def maps_file(self) -> Path:
        return REPO_ROOT / self.maps_name

    @property
    def endpoints_package(self) -> str:
        return f"ctp_sdk.{self.package}.api.default"

    def candidates(self) -> list[Path]:
        """Where this API's spec may be: beside the platform spec in a commercetools-api-reference
        layout (`oas/api/openapi.yaml` -> `oas/<name>/openapi.yaml`), then spec/<name>.openapi.yaml."""
        if self.is_platform:
            raise ValueError("the platform spec's location is codegen.spec_source.spec_path()")
        out: list[Path] = []
        env = os.environ.get("CTP_SPEC_PATH")
        if env:
            out.append(Path(env).resolve().parent.parent / self.name / "openapi.yaml")
        out.append(DEFAULT_SPEC.parent / f"{self.name}.openapi.yaml")
        return out


def _platform(data: dict[str, object]) -> Api:
    return Api(
        name="api",
        title="platform API",
        upstream_path=str(data.get("path", UPSTREAM_PATH)),
        sha256=str(data["sha256"]),
        size=int(str(data["bytes"])),
        package="_generated",
        lock_name="spec/api.lock",
        maps_name="spec/maps.yaml",
    )


def load_apis(pin_file: Path = PIN_FILE) -> list[Api]:
    """Every API of spec/pin.json, the platform first."""
    data = json.loads(pin_file.read_text(encoding="utf-8"))
    out = [_platform(data)]
    for entry in data.get("apis", []):
        name = entry["name"]
        out.append(
            Api(
                name=name,
                title=entry["title"],
                upstream_path=entry["path"],
                sha256=entry["sha256"],
                size=entry["bytes"],
                package=f"_generated_{name}",
                lock_name=f"spec/{name}.lock",
                maps_name=f"spec/maps-{name}.yaml",
                fixes=tuple(entry["fixes"]),
            )
        )
    return out


def platform() -> Api:
    return load_apis()[0]


def by_name(name: str) -> Api:
    for api in load_apis():
        if api.name == name:
            return api
    known = ", ".join(a.name for a in load_apis())
    raise KeyError(f"no API {name!r} in spec/pin.json (known: {known})")


def read_api_spec(api: Api) -> tuple[Path, bytes, str]:
    """The path, bytes and sha256 of one of the other APIs' specs; SpecError unless it is the pinned file."""
    found = [p for p in api.candidates() if p.is_file()]
    if not found:
        where = " or ".join(str(p) for p in api.candidates())
        raise SpecError(
            f"{api.title} spec not found at {where}: point CTP_SPEC_PATH at a commercetools-api-reference "
            f"checkout's oas/api/openapi.yaml (its {api.upstream_path} is read from beside it)"
        )
    for path in found:
        data = path.read_bytes()
        if len(data) == api.size and sha256_of(data) == api.sha256:
            return path, data, api.sha256
    data = found[0].read_bytes()
    raise SpecError(f"{found[0]} has sha256 {sha256_of(data)}, but spec/pin.json pins {api.sha256} for the {api.title}")
