"""`python -m codegen [generate|check|update SPEC] [--api NAME] [--strict] [--accept-renames]`.

- `generate` (default): regenerate every API of spec/pin.json (ctp_sdk/_generated and spec/api.lock for
  the platform, ctp_sdk/_generated_<api> and spec/<api>.lock for Import, History and Checkout).
- `check` (or `--check`): regenerate into a temp dir and diff, change nothing (the drift test).
- `update SPEC`: move the pin to SPEC and regenerate (`nox -s update-spec -- SPEC`), print the API diff.
- `--api NAME`: only that API (`api` is the platform; `update --api import` moves the Import API's pin).

Warnings (overlay entries that no longer apply) are listed at the end; `--strict` makes them errors.
Problems that stop generation are listed together, each with the file to edit; exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .apis import Api, by_name, load_apis, read_api_spec
from .diagnostics import Diagnostics, Finding, GenerationBlocked
from .generate import check, generate
from .spec_source import SpecError
from .surface import render_text
from .update import DIFF_FILE, update, update_api


def _warnings(found: list[Finding]) -> None:
    if found:
        print(f"\n{len(found)} warning(s) (an error under --strict):")
        print(*(f"  - {w}" for w in found), sep="\n")


def _available(apis: list[Api], diag: Diagnostics) -> list[Api]:
    """The platform, and each other API whose spec is found beside it (a missing one is a warning, an
    error under --strict: CI has them all)."""
    out = [apis[0]]
    for api in apis[1:]:
        try:
            read_api_spec(api)
        except SpecError as exc:
            diag.warn("spec/pin.json", f"{api.title} not generated: {exc}")
            continue
        out.append(api)
    return out


def _check(api: Api, diag: Diagnostics) -> list[str]:
    prefix = "" if api.is_platform else f"{api.package}/"
    return [prefix + path for path in check(diag=diag, api=api)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="generate", choices=("generate", "check", "update"))
    parser.add_argument(
        "spec", nargs="?", help="update: openapi.yaml, a commercetools-api-reference checkout, or a commit/tag"
    )
    parser.add_argument("--check", action="store_true", help="same as the `check` command")
    parser.add_argument("--strict", action="store_true", help="stale overlay/fix/errata entries are errors")
    parser.add_argument(
        "--accept-renames", action="store_true", help="let published names change (rewrites spec/api.lock)"
    )
    parser.add_argument("--commit", help="update: the upstream commit of a spec file outside a git checkout")
    parser.add_argument("--date", help="update: that commit's date (YYYY-MM-DD)")
    parser.add_argument(
        "--diff-out", type=Path, default=DIFF_FILE, help=f"update: Markdown API diff (default {DIFF_FILE})"
    )
    parser.add_argument("--api", help="only this API of spec/pin.json (api, import, history, checkout)")
    args = parser.parse_args(argv)
    diag = Diagnostics(strict=args.strict)
    try:
        apis = [by_name(args.api)] if args.api else _available(load_apis(), diag)
        if args.check or args.command == "check":
            drift = [path for api in apis for path in _check(api, diag)]
            _warnings(diag.warnings)
            if drift:
                print(f"{len(drift)} generated files differ from a fresh generation:", *drift[:50], sep="\n  ")
                return 1
            print("generated code matches the pinned spec")
            return 0
        if args.command == "update":
            if not args.spec:
                parser.error("update needs a spec: python -m codegen update <openapi.yaml>")
            if args.api and args.api != "api":
                report = update_api(
                    by_name(args.api), args.spec, accept_renames=args.accept_renames, strict=args.strict
                )
                changes = report.pop("changes")
                print(render_text(changes) if changes else f"no API changes in the {args.api} API")
                print(f"regenerated {report['files']} files in {report['seconds']} s")
                _warnings(report["warnings"])
                return 0
            report = update(
                args.spec,
                accept_renames=args.accept_renames,
                strict=args.strict,
                commit=args.commit,
                date=args.date,
                diff_out=args.diff_out,
            )
            print(render_text(report["changes"]))
            print(f"\nMarkdown API diff: {report['diff_file']}")
            print(f"regenerated {report['files']} files in {report['seconds']} s (update {report['update_seconds']} s)")
            _warnings(report["warnings"])
            return 0
        for api in apis:
            report = generate(diag=diag, accept_renames=args.accept_renames, api=api)
            changes = report.pop("changes")
            print(
                f"regenerated {api.output} ({api.title}): {report['files']} files, {report['models']} model "
                f"modules, {report['endpoints']} endpoints in {report['seconds']} s"
            )
            if changes:
                print(render_text(changes))
        _warnings(diag.warnings)
        return 0
    except GenerationBlocked as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"codegen: {exc.args[0]}", file=sys.stderr)
        return 2
    except SpecError as exc:
        print(f"spec: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
