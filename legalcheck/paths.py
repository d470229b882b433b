"""Where the bundled data lives: the checkout when run from it, else the installed copy."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIRS = ("jurisdictions", "designations", "templates", "schemas")


def data_root() -> Path:
    """Directory holding ``jurisdictions/``, ``designations/``, ``templates/``, ``schemas/``."""
    env = os.environ.get("LEGALCHECK_DATA")
    if env:
        return Path(env)
    checkout = PACKAGE_DIR.parent
    if (checkout / "jurisdictions").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return PACKAGE_DIR / "_data"


def templates_dir() -> Path:
    return data_root() / "templates"


def schemas_dir() -> Path:
    return data_root() / "schemas"
