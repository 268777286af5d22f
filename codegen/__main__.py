"""`python -m codegen [generate|check|update SPEC] [--strict] [--accept-renames]`.

- `generate` (default): regenerate ctp_sdk/_generated and spec/api.lock from the pinned spec.
- `check` (or `--check`): regenerate into a temp dir and diff, change nothing (the drift test).
- `update SPEC`: move the pin to SPEC and regenerate (`nox -s update-spec -- SPEC`), print the API diff.

Warnings (overlay entries that no longer apply) are listed at the end; `--strict` makes them errors.
Problems that stop generation are listed together, each with the file to edit; exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import Diagnostics, Finding, GenerationBlocked
from .generate import OUTPUT, check, generate
from .spec_source import SpecError
from .surface import render_text
from .update import DIFF_FILE, update


def _warnings(found: list[Finding]) -> None:
    if found:
        print(f"\n{len(found)} warning(s) (an error under --strict):")
        print(*(f"  - {w}" for w in found), sep="\n")


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
    args = parser.parse_args(argv)
    diag = Diagnostics(strict=args.strict)
    try:
        if args.check or args.command == "check":
            drift = check(diag=diag)
            _warnings(diag.warnings)
            if drift:
                print(f"{len(drift)} generated files differ from a fresh generation:", *drift[:50], sep="\n  ")
                return 1
            print("generated code matches the pinned spec")
            return 0
        if args.command == "update":
            if not args.spec:
                parser.error("update needs a spec: python -m codegen update <openapi.yaml>")
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
        report = generate(diag=diag, accept_renames=args.accept_renames)
        changes = report.pop("changes")
        print(
            f"regenerated {OUTPUT}: {report['files']} files, {report['models']} model modules, "
            f"{report['endpoints']} endpoints in {report['seconds']} s"
        )
        if changes:
            print(render_text(changes))
        _warnings(diag.warnings)
        return 0
    except GenerationBlocked as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    except SpecError as exc:
        print(f"spec: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
