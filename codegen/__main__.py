"""`python -m codegen [--check]`: regenerate ctp_sdk/_generated (or only report drift)."""

from __future__ import annotations

import argparse
import json
import sys

from .generate import OUTPUT, check, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="regenerate into a temp dir and diff, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        drift = check()
        if drift:
            print(f"{len(drift)} generated files differ from a fresh generation:", *drift[:50], sep="\n  ")
            return 1
        print("generated code matches the pinned spec")
        return 0
    report = generate()
    print(json.dumps({"output": str(OUTPUT), **report}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
