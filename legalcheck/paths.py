"""Which data folder is in use, and why: one resolution order for every command.

Rule data (``jurisdictions/``, ``designations/``, ``templates/``, ``schemas/``) is taken from, in this order:

1. ``--rules DIR`` on the command line (for the rule and list data and its vocabulary, see
   :func:`use_rules_vocabulary`; templates and schemas follow 2-4);
2. the environment variable ``LEGALCHECK_DATA_DIR`` (``LEGALCHECK_DATA`` is still read as an older spelling);
3. a legalcheck checkout: the one the package itself lives in (an editable install), else the checkout the
   current working directory is in (so a maintainer who ran ``pip install .`` still sees their edits);
4. the copy packaged with the installed tool (``legalcheck/_data``).

Imported official lists are not rule data: ``designations import`` writes them to a user data folder that
every command reads, ``LEGALCHECK_IMPORTED_DIR`` or else ``$XDG_DATA_HOME/legalcheck/designations/imported``
(``~/.local/share/...``). They never go into ``site-packages``.
"""

from __future__ import annotations

import os
from pathlib import Path

from .records import FrozenRecord, setfield

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIRS = ("jurisdictions", "designations", "templates", "schemas")
ENV_DATA = "LEGALCHECK_DATA_DIR"
ENV_DATA_OLD = "LEGALCHECK_DATA"
ENV_IMPORTED = "LEGALCHECK_IMPORTED_DIR"


class DataFolder(FrozenRecord):
    """A data folder and the stable label of the rule that chose it (the label goes into memos, the path not)."""

    _fields = ("path", "source")
    path: Path
    source: str  # "--rules" | "LEGALCHECK_DATA_DIR" | "checkout" | "packaged"

    def __init__(self, path: Path, source: str) -> None:
        setfield(self, "path", path)
        setfield(self, "source", source)

    def describe(self) -> str:
        why = {
            "--rules": "given with --rules",
            ENV_DATA: f"from ${ENV_DATA}",
            "checkout": "the legalcheck checkout in use",
            "packaged": "the copy installed with the tool; edits to a checkout are not seen",
        }.get(self.source, self.source)
        return f"{self.path} ({why})"


def is_checkout(folder: Path) -> bool:
    """A legalcheck source checkout: its pyproject names the project and it holds the rule folders."""
    pyproject = folder / "pyproject.toml"
    if not ((folder / "jurisdictions").is_dir() and (folder / "legalcheck").is_dir() and pyproject.is_file()):
        return False
    try:
        return 'name = "legalcheck"' in pyproject.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False


def _enclosing_checkout(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if is_checkout(folder):
            return folder
    return None


def data_folder() -> DataFolder:
    """The folder holding the rule data when no ``--rules`` is given (see the module docstring for the order)."""
    env = os.environ.get(ENV_DATA) or os.environ.get(ENV_DATA_OLD)
    if env:
        return DataFolder(Path(env), ENV_DATA)
    if is_checkout(PACKAGE_DIR.parent):
        return DataFolder(PACKAGE_DIR.parent, "checkout")
    try:
        here = _enclosing_checkout(Path.cwd().resolve())
    except OSError:  # the working directory was deleted
        here = None
    if here is not None:
        return DataFolder(here, "checkout")
    return DataFolder(PACKAGE_DIR / "_data", "packaged")


def rules_folder(rules: Path | None) -> DataFolder:
    """The data folder for a command given ``--rules`` (or not)."""
    return DataFolder(rules, "--rules") if rules is not None else data_folder()


_VOCABULARY_FROM: list[Path] = []


def use_rules_vocabulary(rules: Path) -> None:
    """Take the vocabulary (jurisdictions, outcomes, organisation flags...) from the ``--rules`` folder, when it has
    one. Must run before :mod:`legalcheck.vocabulary` is imported; the CLI does it before loading any command."""
    if (rules / "jurisdictions" / "_common" / "vocabulary.yaml").is_file():
        _VOCABULARY_FROM[:] = [rules]


def vocabulary_root() -> Path:
    """The folder whose ``jurisdictions/_common/vocabulary.yaml`` the code's vocabularies are read from."""
    return _VOCABULARY_FROM[0] if _VOCABULARY_FROM else data_root()


def data_root() -> Path:
    """Directory holding ``jurisdictions/``, ``designations/``, ``templates/``, ``schemas/``."""
    return data_folder().path


def imported_dir() -> Path:
    """The user data folder for imported official lists (read by every command, written by imports)."""
    env = os.environ.get(ENV_IMPORTED)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "legalcheck" / "designations" / "imported"


def templates_dir() -> Path:
    return data_root() / "templates"


def schemas_dir() -> Path:
    return data_root() / "schemas"
