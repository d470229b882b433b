"""What ``legalcheck screen`` prints, without click (the command is :mod:`legalcheck.commands.screen`; a plain
``screen NAME`` runs this directly, see :mod:`legalcheck.quickcheck`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem
from ..models.behaviour import DATE_NOT_PUBLISHED
from ..output import terminal_safe
from ..screening import DEFAULT_REVIEW_THRESHOLD, DEFAULT_THRESHOLD, NameMatch, Screener
from ..screening.confusables import bidi_controls, displayed_form, strip_format
from ..screening.normalise import normalise_name

if TYPE_CHECKING:
    from ..models.designations import DesignationList


def load_curated_lists(directory: Path) -> list[DesignationList]:
    """Every ``*.yaml`` list in ``directory`` (not recursive: ``imported/`` is separate)."""
    from ..models.designations import DesignationList
    from ..ruleset import validate_model
    from ..yamlio import load_document

    if not directory.is_dir():
        raise InputError.single(str(directory), "designations directory not found")
    lists: list[DesignationList] = []
    problems: list[Problem] = []
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
        try:
            data, lines = load_document(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        lst, probs = validate_model(DesignationList, data, lines, str(path))
        problems.extend(probs)
        if lst is not None:
            lists.append(lst)
    if problems:
        raise InputError(problems)
    if not lists:  # screening against no list answered "no candidate" (exit 0): an all-clear from nothing
        raise InputError.single(str(directory), "no designation list (*.yaml) in this folder: nothing to screen "
                                "against", expected="a folder of list files such as designations/")
    return lists


def curated_screener(directory: Path | None, threshold: float, review_threshold: float) -> Screener:
    """A screener over the curated lists: from the compiled rule snapshot when the lists are the rule data's own
    (the same lists, validated the same way), else read from ``directory``."""
    from ..paths import data_root

    if directory is None:
        folder = data_root() / "designations"
        if folder.is_dir() and not any(folder.glob("*.yml")):
            from ..ruleset import load_ruleset, resolve_rules_dir, rules_digest
            from ..snapshot import cached_index

            try:  # the snapshot's index alone (the rule set is not unpickled), else the rule set's
                index = cached_index(rules_digest(*resolve_rules_dir(None)))
                index = index if index is not None else load_ruleset().all_lists_index()
            except InputError:  # the rule data has a problem elsewhere: read just the lists, as before
                index = None
            if index is not None:
                return Screener.from_index(index, threshold, review_threshold)
    return Screener(load_curated_lists(directory or data_root() / "designations"), threshold, review_threshold)


def _date(value: dt.date | None) -> str | None:
    return None if value is None or value == DATE_NOT_PUBLISHED else value.isoformat()


def match_json(m: NameMatch, day: dt.date) -> dict[str, Any]:
    d = m.designation
    return {
        "list": m.list_id,
        "designation": d.name,
        "entry_id": d.id,
        "reference": d.reference,
        "matched_name": m.matched_name,
        "score": round(m.score, 4),
        "match": m.match,
        "kind": m.kind,
        "in_force": d.in_force(day),
        "listed_from": _date(d.listed_from),
        "listed_to": _date(d.listed_to),
        "explanation": m.explanation,
    }


def screen_lines(names: tuple[str, ...], *, fmt: str = "text", list_ids: str | None = None,
                 as_of: dt.date | None = None, in_force_only: bool = False, use_index: bool = False,
                 designations_dir: Path | None = None, imported_dir: Path | None = None, cache_dir: Path | None = None,
                 rebuild_index: bool = False, threshold: float = DEFAULT_THRESHOLD,
                 review_threshold: float = DEFAULT_REVIEW_THRESHOLD) -> list[str]:
    """What ``legalcheck screen`` prints, one item per ``echo`` (each followed by a line break)."""
    if not 0.0 < review_threshold <= threshold:
        raise InputError.single("<command line>", "need 0 < --review-threshold <= --threshold")
    day = as_of or dt.date.today()
    info_line = ""
    if use_index:
        from ..screening.store import default_imported_dir, open_index

        index, info = open_index(imported_dir or default_imported_dir(), cache_dir, rebuild=rebuild_index)
        screener = Screener.from_index(index, threshold, review_threshold)
        where = info.path or "in memory (the cache folder is a link, another user's or writable by others: not used)"
        info_line = (f"index {where} ({'built' if info.built else 'loaded'} in {info.seconds:.2f} s: "
                     f"{info.lists} lists, {info.entries} entries, {info.names} names)")
    else:
        screener = curated_screener(designations_dir, threshold, review_threshold)
    known = set(screener.index.lists)
    wanted: set[str] | None = None
    if list_ids:
        wanted = {x.strip() for x in list_ids.split(",") if x.strip()}
        unknown = sorted(wanted - known)
        if unknown:
            raise InputError.single("--lists", f"unknown list id(s): {', '.join(unknown)}",
                                    expected=", ".join(sorted(known)))
    results = []
    for name in names:
        if not name.strip():
            raise InputError.single("<command line>", "empty name")
        if not normalise_name(name):
            raise InputError.single("<command line>", "no letters or digits to screen (only spaces, punctuation or "
                                    "invisible characters)", found=ascii(name))
        matches = screener.screen(name, lists=wanted)
        rows = [match_json(m, day) for m in matches]
        if in_force_only:
            rows = [r for r in rows if r["in_force"]]
        res: dict[str, Any] = {"query": name, "as_of": day.isoformat(), "matches": rows}
        flags = review_flags(name)
        if flags:
            res["review"] = flags
        results.append(res)
    if fmt == "json":
        return [terminal_safe(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))]
    return [*([info_line] if info_line else []), *(terminal_safe(_text(res, threshold, review_threshold))
                                                   for res in results)]


def review_flags(name: str) -> list[str]:
    """Why a person must look at ``name`` whatever it matches: bidi controls make it display differently."""
    controls = bidi_controls(name)
    if not controls:
        return []
    shown, stored = displayed_form(name), strip_format(name)
    how = f"displayed as {shown!r} but stored as {stored!r}" if shown and shown != stored else f"stored as {stored!r}"
    return [f"the name contains bidirectional control characters ({', '.join(controls)}): it is {how}; both forms "
            "were screened, a person must check which name is meant"]


def _text(res: dict[str, Any], threshold: float, review: float) -> str:
    out = [f"{res['query']!a}:" if res.get("review") else f"{res['query']}:"]
    out.extend(f"  REVIEW: {flag}" for flag in res.get("review", []))
    if not res["matches"]:
        out.append(f"  no candidate scored {review:.2f} or more on the lists screened")
    for r in res["matches"]:
        verdict = "MATCH" if r["match"] else "review"
        since = r["listed_from"] or "(listing date not published)"
        span = f"listed {since}" + (f" until {r['listed_to']}" if r["listed_to"] else "")
        force = "in force" if r["in_force"] else "NOT in force"
        out.append(f"  [{verdict} {r['score']:.2f}] {r['list']}: {r['designation']}"
                   f"{' (' + r['reference'] + ')' if r['reference'] else ''}; {span}; {force} on {res['as_of']}")
        out.append(f"      {r['explanation']}")
    out.append(f"  (match: score >= {threshold:.2f}; review: {review:.2f} <= score < {threshold:.2f})")
    return "\n".join(out)
