"""Option callbacks shared by several commands."""

from __future__ import annotations

import datetime as dt

import click


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` option value as a date (None when not given)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
