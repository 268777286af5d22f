"""Editable installs that type checkers can read.

An editable install must put a directory on `sys.path` that holds `ctp_sdk`. A path entry is what mypy
and pyright follow (they ask the interpreter for `sys.path`); an import hook, setuptools' default, they
cannot. The checkout root would do, but it would also make `codegen`, `bench`, `tests` and `noxfile`
importable top-level names in the user's environment. So the editable wheel's .pth names `.editable/`
(`dev-mode-dirs` in pyproject.toml), and this hook makes `.editable/ctp_sdk` a link to `ctp_sdk/`: one
directory link, so files added by regenerating are seen without reinstalling.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class EditablePathHook(BuildHookInterface):  # type: ignore[misc]  # hatchling ships no type information
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "editable":
            return
        root = Path(self.root)
        link = root / ".editable" / "ctp_sdk"
        link.parent.mkdir(exist_ok=True)
        if link.is_symlink() and link.resolve() == (root / "ctp_sdk").resolve():
            return
        if link.is_symlink():
            link.unlink()
        try:
            # Relative, so the link survives moving the checkout (the .pth then needs a reinstall anyway).
            os.symlink(Path("..") / "ctp_sdk", link, target_is_directory=True)
        except OSError as error:
            raise RuntimeError(
                f"cannot create the link {link} -> ctp_sdk/ that an editable install of ctp-sdk needs "
                f"({error}); install without -e, or enable symbolic links (on Windows: developer mode)"
            ) from error
