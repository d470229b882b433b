"""``legalcheck screen NAME...``: is this name on a designation list, which, since when, and why?"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..screening import DEFAULT_REVIEW_THRESHOLD, DEFAULT_THRESHOLD
from .options import parse_day
from .screen_core import curated_screener, load_curated_lists, match_json, review_flags, screen_lines

__all__ = ["curated_screener", "load_curated_lists", "match_json", "review_flags", "screen"]


@click.command("screen")
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lists", "list_ids", default=None, help="Comma-separated list ids to screen against (default: all).")
@click.option("--as-of", "as_of", callback=parse_day, default=None,
              help="Date for in_force (YYYY-MM-DD, default today).")
@click.option("--in-force-only", is_flag=True, help="Drop candidates not in force on the --as-of date.")
@click.option("--index", "use_index", is_flag=True,
              help="Screen the full imported lists through the persistent index instead of the curated lists.")
@click.option("--designations", "designations_dir", type=click.Path(path_type=Path), default=None,
              help="Directory of curated list YAML files (default: the bundled designations/).")
@click.option("--imported", "imported_dir", type=click.Path(path_type=Path), default=None,
              help="Directory of imported list JSON files for --index (default: designations/imported/).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where the index is kept (default: $LEGALCHECK_CACHE, $LEGALCHECK_CACHE_DIR or "
                   "$XDG_CACHE_HOME/legalcheck, else ~/.cache/legalcheck).")
@click.option("--rebuild-index", is_flag=True, help="Rebuild the persistent index even if it is up to date.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_THRESHOLD, show_default=True,
              help="Score at or above which a candidate is a match.")
@click.option("--review-threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_REVIEW_THRESHOLD,
              show_default=True, help="Lowest score reported (grey band: needs review).")
def screen(
    names: tuple[str, ...],
    fmt: str,
    list_ids: str | None,
    as_of: dt.date | None,
    in_force_only: bool,
    use_index: bool,
    designations_dir: Path | None,
    imported_dir: Path | None,
    cache_dir: Path | None,
    rebuild_index: bool,
    threshold: float,
    review_threshold: float,
) -> None:
    """Screen NAME(s) against designation lists and explain every candidate."""
    for line in screen_lines(names, fmt=fmt, list_ids=list_ids, as_of=as_of, in_force_only=in_force_only,
                             use_index=use_index, designations_dir=designations_dir, imported_dir=imported_dir,
                             cache_dir=cache_dir, rebuild_index=rebuild_index, threshold=threshold,
                             review_threshold=review_threshold):
        click.echo(line)
