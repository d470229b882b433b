"""``legalcheck designations import``: refresh list data from an official publication."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..importers import FORMATS, read_lists, write_list
from .options import parse_day


@click.group("designations")
def designations() -> None:
    """Designation list data: import official publications."""


@designations.command("import")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="ofac-csv: sdn.csv [alt.csv]; un-xml: consolidated.xml; uk-ofsi: ConList.xlsx|.csv; "
                   "eu-csv: one or more <CELEX>.csv")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default: the user data folder for imports, see `legalcheck --help`).")
@click.option("--as-of", "as_of", callback=parse_day, default=None,
              help="Publication date of the files (required for OFAC CSV and EU CSV, which carry none; used for "
                   "UN XML and OFSI only when the file has no date).")
@click.option("--force", is_flag=True,
              help="Write even if the list lost more than 20% of its entries, names or aliases (or is empty).")
@click.option("--allow-older", is_flag=True, help="Write even if the list is dated before the one it replaces.")
@click.option("--dry-run", is_flag=True, help="Report the differences without writing.")
@click.option("--show", default=10, show_default=True, help="How many added/removed/changed ids to list.")
def import_(fmt: str, files: tuple[Path, ...], out_dir: Path | None, as_of: dt.date | None, force: bool,
            allow_older: bool, dry_run: bool, show: int) -> None:
    """Import FILES in an official FORMAT and write <imported lists folder>/<list-id>.json atomically.

    The imported lists folder is $LEGALCHECK_IMPORTED_DIR, else $XDG_DATA_HOME/legalcheck/designations/imported
    (~/.local/share/...); every command reads imports from there.
    """
    if out_dir is None:
        from ..paths import imported_dir

        out_dir = imported_dir()
    lists = read_lists(fmt, list(files), as_of)
    for lst in lists:  # every list checked before the first is written
        write_list(lst, out_dir, force=force, dry_run=True, allow_older=allow_older)
    reports = [write_list(lst, out_dir, force=force, dry_run=dry_run, allow_older=allow_older) for lst in lists]
    for rep in reports:
        click.echo(("(dry run) " if dry_run else "") + rep.summary())
        for label, ids in (("added", rep.added), ("removed", rep.removed), ("changed", rep.changed)):
            if ids and show > 0:
                more = f" ... (+{len(ids) - show})" if len(ids) > show else ""
                click.echo(f"  {label}: {', '.join(ids[:show])}{more}")


@designations.command("un-regimes")
@click.argument("xml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default: the checkout's designations/).")
def un_regimes(xml: Path, out_dir: Path | None) -> None:
    """Write the curated per-regime UN lists (Yemen, DRC, CAR, South Sudan, Sudan, Libya, Haiti) from XML.

    XML is the UN consolidated list (consolidated.xml). Which entries each list takes is set in
    legalcheck/importers/un_regimes.py; names, aliases and listing dates come from the file.
    """
    from ..importers.un_regimes import write_regime_lists

    if out_dir is None:
        from ..paths import data_root

        out_dir = data_root() / "designations"
    for path in write_regime_lists(xml, out_dir):
        click.echo(f"wrote {path}")
