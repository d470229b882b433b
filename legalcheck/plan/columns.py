"""Plan columns: names, accepted spellings, and how a row becomes the facts of one activity."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..countries import normalise_country
from ..errors import InputError, Problem
from ..historic_dates import historic_message, is_historic
from ..models.common import FunderKind, Purpose
from ..ruleset import RuleSet

FactValue = bool | int | float | str
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the heading the template writes
    aliases: frozenset[str]
    help: str
    required: bool = False


COLUMNS: list[Column] = [
    Column("ref", "Ref", frozenset({"ref", "reference", "id", "activity_id", "activity_ref"}),
           "Your own reference for the activity (optional; shown in the results)."),
    Column("profile", "Organisation profile", frozenset({"organisation_profile", "organization_profile", "profile",
                                                         "org_profile", "organisation", "organization"}),
           "Id of the organisation profile in the profile file (may be left empty if the file has one profile)."),
    Column("date", "Date", frozenset({"date", "activity_date"}), "Date of the activity, YYYY-MM-DD.", True),
    Column("country", "Country", frozenset({"country", "country_code", "location", "place"}),
           "Country where the activity takes place: two-letter ISO code (SO, KE, AF, SY...).", True),
    Column("area", "Area", frozenset({"area", "region", "district", "province"}),
           "Region, district or town (optional but needed where some areas are designated)."),
    Column("counterpart", "Counterpart group", frozenset({"counterpart_group", "counterpart", "group", "armed_group"}),
           "Name of the armed group dealt with (empty when no group is involved)."),
    Column("aliases", "Counterpart other names", frozenset({"counterpart_other_names", "counterpart_aliases",
                                                            "aliases", "other_names"}),
           "Other names of the group, separated by ';' (optional)."),
    Column("kind", "Activity kind", frozenset({"activity_kind", "kind", "activity", "activity_type"}),
           "What is done: one of the activity kinds (plain name or id; see the Instructions sheet).", True),
    Column("purpose", "Purpose", frozenset({"purpose"}),
           "humanitarian, peacebuilding, political dialogue, development or human rights "
           "(may be empty when the profile gives a default purpose)."),
    Column("description", "Description", frozenset({"description", "details", "notes"}),
           "What exactly happens, in your own words (optional; not used by the rules)."),
    Column("staff", "Staff nationalities", frozenset({"staff_nationalities", "staff", "performed_by",
                                                      "nationalities"}),
           "Nationalities of the staff who carry out the activity, e.g. 'US;GB' "
           "(empty: every nationality in the organisation profile)."),
    Column("funders", "Funders", frozenset({"funders", "funder", "donors"}),
           "Funders of this activity besides those in the profile: 'name|country|kind;...', kind being government, "
           "eu_institution, un or private (e.g. 'US Department of State|US|government')."),
    Column("licences", "Licences", frozenset({"licences", "licenses", "licence", "license"}),
           "Specific licences held for the activity, separated by ';' (optional)."),
]
BY_KEY = {c.key: c for c in COLUMNS}

PURPOSES = {p.value: p for p in Purpose}
YES = {"yes", "y", "true", "1", "oui", "x"}
NO = {"no", "n", "false", "0", "non"}


def norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


@dataclass
class ColumnMap:
    """Which plan column (index) holds which field; facts by fact id; the user's own columns kept as they are."""

    fields: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)  # columns the rules do not read (kept in the output)


# Headings the results add: a plan cannot have its own column of that name (a results file fed back as a plan).
RESULT_HEADINGS = ("Row", "Outcome", "Strictest jurisdiction", "Reason", "Next step", "Questions for legal",
                   "Legal basis", "Outcome code")
# Words that show a heading means something the rules read: such a heading is never taken as the user's own
# column (a funder column the rules did not read would silently drop a jurisdiction's reach).
_MEANINGFUL = ("profile", "organi", "date", "day", "when", "country", "countri", "place", "locat", "area", "region",
               "group", "counterpart", "alias", "kind", "activit", "purpose", "staff", "national", "perform",
               "fund", "donor", "grant", "licen", "permit", "fact")


def map_columns(file: str, headers: list[str], rules: RuleSet) -> ColumnMap:
    """Map headers to fields. A heading that reads like a field or fact but is not one is an error (a misspelled
    fact column must not be ignored); any other heading is the user's own column, kept in the output."""
    cmap = ColumnMap(headers=headers)
    problems: list[Problem] = []
    alias_to_key = {a: c.key for c in COLUMNS for a in c.aliases | {norm(c.header)}}
    fact_ids = {norm(f): f for f in rules.facts}
    unknown: list[Problem] = []
    for i, h in enumerate(headers):
        if not h:
            continue
        n = norm(h)
        key = alias_to_key.get(n)
        fact = fact_ids.get(n) or fact_ids.get(n[5:] if n.startswith("fact_") else "")
        target: tuple[str, str] | None = ("field", key) if key else (("fact", fact) if fact else None)
        if target is None:
            read = [a for a, k in alias_to_key.items() if k not in ("ref", "description")]  # what the rules read
            problem = _unknown_heading(file, i, h, n, read + list(fact_ids))
            if problem is None:
                cmap.extra.append(i)
            else:
                problems.append(problem)
            unknown.append(problem or Problem(file=file, line=1, field=f"column {_col(i)} ({h!r})",
                                              message="unknown column heading (kept as your own column only when "
                                              "the plan's required columns are there)"))
            continue
        store = cmap.fields if target[0] == "field" else cmap.facts
        if target[1] in store:
            problems.append(Problem(file=file, line=1, field=f"column {_col(i)} ({h!r})",
                                    message=f"duplicate column (same as column {_col(store[target[1]])})"))
            continue
        store[target[1]] = i
    missing = [Problem(file=file, line=1, message=f"required column {c.header!r} is missing",
                       found=", ".join(h for h in headers if h) or "(no headings)")
               for c in COLUMNS if c.required and c.key not in cmap.fields]
    if missing:  # nothing read: every unknown heading is then suspect
        problems = [p for p in problems if p not in unknown] + unknown + missing
    if problems:
        raise InputError(problems)
    return cmap


def _unknown_heading(file: str, i: int, header: str, n: str, known: list[str]) -> Problem | None:
    """The problem with a heading that is not a field or fact id, or None when it is plainly the user's own."""
    import difflib

    where = f"column {_col(i)} ({header!r})"
    if header.strip().casefold() in {h.casefold() for h in RESULT_HEADINGS}:
        return Problem(file=file, line=1, field=where, message="this column is written by legalcheck into the "
                       "results: remove it (is this a results file?)")
    close = difflib.get_close_matches(n, known, n=1, cutoff=0.75)
    if not close:  # a word of the heading close to a word of a fact or column ('meeting_privat': 'private')
        words = {w: k for k in known for w in k.split("_") if len(w) >= 4}
        for w in (w for w in n.split("_") if len(w) >= 4):
            near = difflib.get_close_matches(w, list(words), n=1, cutoff=0.8)
            if near:
                close = [words[near[0]]]
                break
    if close or any(w in n for w in _MEANINGFUL):
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return Problem(file=file, line=1, field=where, message=f"unknown column heading{hint}: it reads like a "
                       "column the rules use, so it is not ignored",
                       expected="one of: " + ", ".join(c.header for c in COLUMNS)
                       + ", a fact id (see `legalcheck plan-template`), or a heading of your own that does not "
                       "resemble these")
    return None


def _col(i: int) -> str:
    """Spreadsheet column letter(s) for a 0-based index."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class HistoricDate(RowProblem):
    """A date before 1990: the whole plan is refused (exit 2), since such a typo is rarely alone."""


class RowProblems(Exception):
    """Every problem found in one row, in column order of the checks."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedRow:
    """The facts of one row, validated against the vocabulary (hashable: identical rows share one evaluation)."""

    profile: str
    date: dt.date
    country: str
    area: str | None
    counterpart: str | None
    aliases: tuple[str, ...]
    kind: str
    purpose: str | None
    staff: tuple[str, ...] | None
    funders: tuple[tuple[str, str, str], ...]
    licences: tuple[str, ...]
    facts: tuple[tuple[str, FactValue], ...]


def split_list(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;\n]", text) if x.strip()]


class RowParser:
    def __init__(self, cmap: ColumnMap, rules: RuleSet, profiles: set[str], *, allow_historic: bool = False) -> None:
        self.cmap = cmap
        self.allow_historic = allow_historic
        self.rules = rules
        self.profiles = profiles
        self.only_profile = next(iter(profiles)) if len(profiles) == 1 else None
        self.kinds: dict[str, str] = {}
        for k in rules.activity_kinds.values():
            self.kinds[k.id.casefold()] = k.id
            self.kinds[norm(k.id)] = k.id
            self.kinds[k.label.casefold()] = k.id
            self.kinds[norm(k.label)] = k.id

    def get(self, cells: list[str], key: str) -> str:
        i = self.cmap.fields.get(key)
        return cells[i] if i is not None and i < len(cells) else ""

    def ref(self, cells: list[str]) -> str:
        return self.get(cells, "ref")

    def parse(self, cells: list[str], *, with_date: bool = True) -> ParsedRow:
        """The row's facts; :class:`RowProblems` with every problem of the row (not only the first). Without
        ``with_date`` the date is left out (``date.min``): the caller reads it with :meth:`date`."""
        problems: list[RowProblem] = []

        def attempt(fn: Callable[[], T], default: T) -> T:
            try:
                return fn()
            except RowProblem as exc:
                problems.append(exc)
                return default

        profile = attempt(lambda: self._profile(cells), "")
        date = attempt(lambda: self.date(cells), dt.date.min) if with_date else dt.date.min
        country = attempt(lambda: self._country(self.get(cells, "country"), self._header("country")), "")
        kind = attempt(lambda: self._kind(cells), "")
        purpose = attempt(lambda: self._purpose(cells), None)
        staff_text = self.get(cells, "staff")
        staff = tuple(sorted({attempt(lambda x=x: self._country(x, self._header("staff")), "")  # type: ignore[misc]
                              for x in re.split(r"[;,/\s]+", staff_text) if x})) or None
        counterpart = self.get(cells, "counterpart") or None
        aliases = tuple(split_list(self.get(cells, "aliases")))
        if aliases and counterpart is None:
            problems.append(RowProblem(self._header("aliases"),
                                       "other names are given but the counterpart group is empty"))
        funders = tuple(attempt(lambda x=x: self._funder(x), ("", "", ""))  # type: ignore[misc]
                        for x in split_list(self.get(cells, "funders")))
        facts: list[tuple[str, FactValue]] = []
        for fid, i in sorted(self.cmap.facts.items()):
            text = cells[i] if i < len(cells) else ""
            if text:
                facts.append((fid, attempt(lambda fid=fid, text=text, i=i: self._fact(  # type: ignore[misc]
                    fid, text, self.cmap.headers[i]), False)))
        if problems:
            raise RowProblems(problems)
        return ParsedRow(profile=profile, date=date, country=country, area=self.get(cells, "area") or None,
                         counterpart=counterpart, aliases=aliases, kind=kind, purpose=purpose, staff=staff,
                         funders=funders, licences=tuple(split_list(self.get(cells, "licences"))), facts=tuple(facts))

    def _profile(self, cells: list[str]) -> str:
        profile = self.get(cells, "profile")
        if not profile:
            if self.only_profile is None:
                raise RowProblem(self._header("profile"), "empty: say which organisation profile this activity "
                                 f"belongs to (one of: {', '.join(sorted(self.profiles))})")
            return self.only_profile
        if profile not in self.profiles:
            raise RowProblem(self._header("profile"), f"unknown organisation profile {profile!r} "
                             f"(expected one of: {', '.join(sorted(self.profiles))})")
        return profile

    def date(self, cells: list[str]) -> dt.date:
        raw_date = self.get(cells, "date")
        try:
            date = dt.date.fromisoformat(raw_date[:10] if re.match(r"^\d{4}-\d\d-\d\dT", raw_date) else raw_date)
        except ValueError:
            raise RowProblem(self._header("date"), f"not a date: {raw_date!r} (expected YYYY-MM-DD, e.g. "
                             "2024-09-15)") from None
        if not self.allow_historic and is_historic(date):
            raise HistoricDate(self._header("date"), historic_message(date))
        return date

    def _kind(self, cells: list[str]) -> str:
        raw_kind = self.get(cells, "kind")
        kind = self.kinds.get(raw_kind.casefold()) or self.kinds.get(norm(raw_kind))
        if kind is None:
            raise RowProblem(self._header("kind"), f"unknown activity kind {raw_kind!r} (expected one of the plain "
                             "names or ids listed by `legalcheck activities`, e.g. 'Payment at a checkpoint')"
                             if raw_kind else "empty: say what kind of activity this is")
        return kind

    def _purpose(self, cells: list[str]) -> str | None:
        raw_purpose = self.get(cells, "purpose")
        if not raw_purpose:
            return None
        purpose = norm(raw_purpose)
        if purpose not in PURPOSES:
            raise RowProblem(self._header("purpose"), f"unknown purpose {raw_purpose!r} "
                             f"(expected one of: {', '.join(p.replace('_', ' ') for p in PURPOSES)})")
        return purpose

    def _header(self, key: str) -> str:
        i = self.cmap.fields.get(key)
        return self.cmap.headers[i] if i is not None else BY_KEY[key].header

    @staticmethod
    def _country(text: str, column: str) -> str:
        if not text:
            raise RowProblem(column, "empty: expected a two-letter ISO country code such as SO, KE or GB")
        try:
            return normalise_country(text)
        except ValueError:
            raise RowProblem(column, f"unknown country code {text!r} (expected a two-letter ISO 3166 code such as "
                             "SO, KE or GB)") from None

    def _funder(self, text: str) -> tuple[str, str, str]:
        column = self._header("funders")
        parts = [p.strip() for p in text.split("|")]
        if len(parts) != 3 or not all(parts):
            raise RowProblem(column, f"cannot read funder {text!r} (expected 'name|country|kind', e.g. "
                             "'US Department of State|US|government')")
        name, country, kind = parts
        c = country.upper()
        if c not in {"EU", "INT"}:
            c = self._country(country, column)
        k = norm(kind)
        if k not in {f.value for f in FunderKind}:
            raise RowProblem(column, f"unknown funder kind {kind!r} in {text!r} "
                             f"(expected one of: {', '.join(f.value for f in FunderKind)})")
        return name, c, k

    def _fact(self, fid: str, text: str, column: str) -> FactValue:
        fd = self.rules.facts[fid]
        if fd.type == "bool":
            t = text.casefold()
            if t in YES:
                return True
            if t in NO:
                return False
            raise RowProblem(column, f"expected yes or no, found {text!r}")
        if fd.type == "int":
            try:
                return int(text)
            except ValueError:
                raise RowProblem(column, f"expected a whole number, found {text!r}") from None
        return text
