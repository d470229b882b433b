"""Read an engagement file: safe parsing, schema validation, vocabulary checks, file:line errors."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem
from .historic_dates import historic_problems
from .input_hints import with_hints
from .ruleset import RuleSet, validate_model
from .yamlio import LineMap, decode_text, parse_document, read_text

if TYPE_CHECKING:  # the pydantic model, or its runtime twin when the fast reader (fast_input) vouched for the file
    from .models.engagement import Engagement

MAX_ENGAGEMENT_BYTES = 5 * 1024 * 1024


def load_engagement(path: Path, rules: RuleSet, *, allow_historic: bool = False) -> tuple[Engagement, str]:
    """Return the validated engagement and the SHA-256 of the file's bytes.

    Dates before 1990 are refused as likely typos unless ``allow_historic`` (see :mod:`.historic_dates`).
    """
    text = read_text(path, MAX_ENGAGEMENT_BYTES)
    file = str(path)
    data, lines = parse_document(text, file)  # the bytes hashed are the bytes checked, even if the file changes
    eng = engagement_from_data(data, lines, file, rules, allow_historic=allow_historic)
    return eng, hashlib.sha256(text.encode("utf-8")).hexdigest()


def pre_check_engagement(path: Path, *, allow_historic: bool = False) -> tuple[Engagement, LineMap, str]:
    """Syntax and schema checks that need no rule data; the engagement read (the vocabulary checks come after the
    rules are loaded: :func:`vocabulary_checked`), its line map and the SHA-256 of the bytes read and checked."""
    text = read_text(path, MAX_ENGAGEMENT_BYTES)
    data, lines = parse_document(text, str(path))
    eng = pre_check_data(data, lines, str(path), allow_historic=allow_historic)
    return eng, lines, hashlib.sha256(text.encode("utf-8")).hexdigest()


def vocabulary_checked(eng: Engagement, lines: LineMap, file: str, rules: RuleSet) -> Engagement:
    """``eng`` (from :func:`pre_check_data`) once its activity kinds, facts and groups are known to ``rules``."""
    problems = vocabulary_problems(eng, lines, file, rules)
    if problems:
        raise InputError(problems)
    return eng


def pre_check_data(data: Any, lines: LineMap, file: str, *, allow_historic: bool = False) -> Engagement:
    """:func:`pre_check_engagement` on a document already parsed; the engagement (before the vocabulary checks)."""
    if not isinstance(data, dict):
        raise InputError.single(file, "expected a mapping (title, date, organisation, ...) at the top level", line=1,
                                found=type(data).__name__)
    eng, problems = validate_engagement(data, lines, file)
    problems = with_hints(problems)
    if eng is not None and not allow_historic:
        problems = problems + historic_problems(eng, lines, file)
    if problems or eng is None:
        raise InputError(problems)
    _check_pairs(eng, lines, file)
    return eng


def _check_pairs(eng: Engagement, lines: LineMap, file: str) -> None:
    """Refuse more activity-counterpart pairs than can be assessed in bounded time and memory: a 27 KB file of 300
    activities without a counterpart and 300 counterparts took 14 s and 630 MB; at the count limits, minutes and
    gigabytes (an activity without ``counterpart`` is assessed with every counterpart)."""
    from .limits import MAX_ACTIVITY_COUNTERPARTS

    every = len(eng.counterparts)
    pairs = sum(len(ids) if (ids := a.counterpart_ids()) is not None else every for a in eng.activities)
    if pairs > MAX_ACTIVITY_COUNTERPARTS:
        raise InputError.single(file, "too many activity-counterpart pairs to assess", line=lines.line(("activities",)),
                                expected=f"at most {MAX_ACTIVITY_COUNTERPARTS}: split the engagement, or name each "
                                "activity's counterpart (an activity without 'counterpart' is assessed with every "
                                "counterpart)", found=str(pairs))
    _check_performers(eng, lines, file)


def _check_performers(eng: Engagement, lines: LineMap, file: str) -> None:
    """Refuse more activity-performer combinations than can be assessed in bounded time and memory: 2,000
    activities performed by 20 staff of different nationalities took 41 s and 2.4 GB, by 10,000 staff 117 s and
    3 GB (each activity is assessed for each distinct nationality and residence performing it)."""
    from .limits import MAX_ACTIVITY_PERFORMERS

    staff = {(s.nationality, s.residence) for s in eng.organisation.staff}
    combos = sum(len(set(a.performed_by)) if a.performed_by else max(1, len(staff)) for a in eng.activities)
    if combos > MAX_ACTIVITY_PERFORMERS:
        raise InputError.single(file, "too many activity-performer combinations to assess",
                                line=lines.line(("activities",)), found=str(combos),
                                expected=f"at most {MAX_ACTIVITY_PERFORMERS} (activities x the distinct staff "
                                "nationalities and residences performing each): split the engagement, or give each "
                                "activity's 'performed_by'")


def load_engagement_bytes(raw: bytes, file: str, rules: RuleSet, *,
                          allow_historic: bool = False) -> tuple[Engagement, str]:
    """:func:`load_engagement` for a document received as bytes (``file`` names it in messages; a name ending in
    ``.json`` is read as JSON). The same checks in the same order as ``legalcheck check``, so the same messages."""
    text = decode_text(raw, file, MAX_ENGAGEMENT_BYTES)
    data, lines = parse_document(text, file)
    eng = pre_check_data(data, lines, file, allow_historic=allow_historic)  # validated once, then the vocabulary
    return vocabulary_checked(eng, lines, file, rules), hashlib.sha256(text.encode("utf-8")).hexdigest()


def engagement_from_data(
    data: Any, lines: LineMap, file: str, rules: RuleSet, *, allow_historic: bool = False
) -> Engagement:
    if not isinstance(data, dict):
        raise InputError.single(
            file,
            "expected a mapping (title, date, organisation, ...) at the top level",
            line=1,
            found=type(data).__name__,
        )
    eng, problems = validate_engagement(data, lines, file)
    if eng is None:
        raise InputError(with_hints(problems))
    _check_pairs(eng, lines, file)
    problems = vocabulary_problems(eng, lines, file, rules)
    if not allow_historic:
        problems += historic_problems(eng, lines, file)
    if problems:
        raise InputError(problems)
    return eng


def validate_engagement(data: Any, lines: LineMap, file: str) -> tuple[Engagement | None, list[Problem]]:
    """The engagement in ``data``: runtime objects from the strict fast reader when it vouches for every value
    (:mod:`.fast_input`), else the pydantic model's own validation, with its file:line problems."""
    from . import fast_input

    eng = fast_input.fast_engagement(data) if fast_input.ENABLED else None
    if eng is not None:
        return eng, []
    from .models.engagement import Engagement

    eng, problems = validate_model(Engagement, data, lines, file)
    return eng, [_at_counterparts(p, data, lines) if CYCLE_WORDS in p.message else p for p in problems]


CYCLE_WORDS = "are part_of one another"


def _at_counterparts(p: Problem, data: Any, lines: LineMap) -> Problem:
    """A ``part_of`` cycle among the counterparts, placed at the first member's line, with every member's line."""
    cps = data.get("counterparts") if isinstance(data, dict) else None
    at = [(c.get("id"), lines.line(("counterparts", i, "part_of"))) for i, c in enumerate(cps or [])
          if isinstance(c, dict) and c.get("part_of") is not None and repr(c.get("id")) in p.message]
    if not at:
        return p
    where = "; ".join(f"{cid!r} at {p.file}:{n}" for cid, n in at)
    return Problem(file=p.file, line=at[0][1], field="counterparts", message=f"{p.message} ({where})")


def vocabulary_problems(eng: Engagement, lines: LineMap, file: str, rules: RuleSet) -> list[Problem]:
    out: list[Problem] = []
    for i, act in enumerate(eng.activities):
        if act.kind not in rules.activity_kinds:
            out.append(
                Problem(
                    file=file,
                    line=lines.line(("activities", i, "kind")),
                    field=f"activities.{i}.kind",
                    message="unknown activity kind",
                    found=repr(act.kind),
                    expected="one of: " + ", ".join(sorted(rules.activity_kinds)),
                )
            )
    out += performer_problems(eng, lines, file)
    for path, facts in stated_facts(eng):
        out += fact_problems(path, facts, lines, file, rules)
    return out


def stated_facts(eng: Engagement) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every ``facts:`` mapping of the file, with its path: the engagement's, each counterpart's, each activity's."""
    return [(("facts",), eng.facts),
            *((("counterparts", i, "facts"), c.facts) for i, c in enumerate(eng.counterparts)),
            *((("activities", i, "facts"), a.facts) for i, a in enumerate(eng.activities))]


def fact_problems(path: tuple[str | int, ...], facts: dict[str, Any], lines: LineMap, file: str,
                  rules: RuleSet) -> list[Problem]:
    """Unknown fact keys (no rule reads them: a typo must not pass silently) and answers of the wrong type."""
    out: list[Problem] = []
    for name, value in facts.items():
        fd = rules.facts.get(name)
        line = lines.line((*path, name))
        where = ".".join(str(x) for x in (*path, name))
        if fd is None:
            out.append(Problem(file=file, line=line, field=where, message="unknown fact key: no rule reads it "
                               "(misspelled?)", expected="one of: " + ", ".join(sorted(rules.facts))))
            continue
        want = {"bool": bool, "int": int, "str": str}[fd.type]
        if not isinstance(value, want) or (fd.type == "int" and isinstance(value, bool)):
            out.append(Problem(file=file, line=line, field=where, message="wrong type for fact", expected=fd.type,
                               found=repr(value)))
    return out


def unknown_facts(eng: Engagement, rules: RuleSet) -> list[str]:
    """Warnings for facts no rule reads (a misspelling leaves the rule asking for the fact: fail closed)."""
    out = []
    for act in eng.activities:
        for name in act.facts:
            if name not in rules.facts:
                out.append(
                    f"activity {act.id}: fact {name!r} is not used by any rule (misspelled?); known facts: "
                    + ", ".join(sorted(rules.facts))
                )
    return out


def performer_problems(eng: Engagement, lines: LineMap, file: str) -> list[Problem]:
    """A ``performed_by`` nationality that no one on the staff list has (when there is a staff list): the reach of
    the law follows who performs the activity, so a slip here would silently change the answer."""
    staff = sorted({s.nationality for s in eng.organisation.staff})
    if not staff:
        return []
    out = []
    for i, act in enumerate(eng.activities):
        for j, nat in enumerate(act.performed_by or []):
            if nat not in staff:
                out.append(Problem(file=file, line=lines.line(("activities", i, "performed_by", j)),
                                   field=f"activities.{i}.performed_by.{j}",
                                   message="nationality not on the staff list (organisation.staff); add the staff "
                                   "member or correct the code", found=repr(nat),
                                   expected="one of: " + ", ".join(staff)))
    return out
