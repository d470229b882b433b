"""Plan columns: names, accepted spellings, and how a row becomes the facts of one activity."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..countries import normalise_country
from ..errors import InputError, Problem
from ..historic_dates import historic_message, is_historic
from ..models.common import FunderKind, Purpose
from ..ruleset import RuleSet

FactValue = bool | int | float | str


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
    """Which plan column (index) holds which field; facts by fact id."""

    fields: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)


def map_columns(file: str, headers: list[str], rules: RuleSet) -> ColumnMap:
    """Map headers to fields; unknown or duplicate headers are errors (a misspelled fact column must not be ignored)."""
    cmap = ColumnMap(headers=headers)
    problems: list[Problem] = []
    alias_to_key = {a: c.key for c in COLUMNS for a in c.aliases | {norm(c.header)}}
    fact_ids = {norm(f): f for f in rules.facts}
    for i, h in enumerate(headers):
        if not h:
            continue
        n = norm(h)
        key = alias_to_key.get(n)
        fact = fact_ids.get(n) or fact_ids.get(n[5:] if n.startswith("fact_") else "")
        target: tuple[str, str] | None = ("field", key) if key else (("fact", fact) if fact else None)
        if target is None:
            problems.append(Problem(file=file, line=1, field=f"column {_col(i)} ({h!r})",
                                    message="unknown column heading (misspelled?)",
                                    expected="one of: " + ", ".join(c.header for c in COLUMNS)
                                    + ", or a fact id (see `legalcheck plan-template`)"))
            continue
        store = cmap.fields if target[0] == "field" else cmap.facts
        if target[1] in store:
            problems.append(Problem(file=file, line=1, field=f"column {_col(i)} ({h!r})",
                                    message=f"duplicate column (same as column {_col(store[target[1]])})"))
            continue
        store[target[1]] = i
    for c in COLUMNS:
        if c.required and c.key not in cmap.fields:
            problems.append(Problem(file=file, line=1, message=f"required column {c.header!r} is missing",
                                    found=", ".join(h for h in headers if h) or "(no headings)"))
    if problems:
        raise InputError(problems)
    return cmap


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

    def parse(self, cells: list[str]) -> ParsedRow:
        h = self._header
        profile = self.get(cells, "profile")
        if not profile:
            if self.only_profile is None:
                raise RowProblem(h("profile"), "empty: say which organisation profile this activity belongs to "
                                 f"(one of: {', '.join(sorted(self.profiles))})")
            profile = self.only_profile
        elif profile not in self.profiles:
            raise RowProblem(h("profile"), f"unknown organisation profile {profile!r} "
                             f"(expected one of: {', '.join(sorted(self.profiles))})")
        raw_date = self.get(cells, "date")
        try:
            date = dt.date.fromisoformat(raw_date[:10] if re.match(r"^\d{4}-\d\d-\d\dT", raw_date) else raw_date)
        except ValueError:
            raise RowProblem(h("date"), f"not a date: {raw_date!r} (expected YYYY-MM-DD, e.g. 2024-09-15)") from None
        if not self.allow_historic and is_historic(date):
            raise HistoricDate(h("date"), historic_message(date))
        country = self._country(self.get(cells, "country"), h("country"))
        raw_kind = self.get(cells, "kind")
        kind = self.kinds.get(raw_kind.casefold()) or self.kinds.get(norm(raw_kind))
        if kind is None:
            raise RowProblem(h("kind"), f"unknown activity kind {raw_kind!r} (expected one of the plain names or ids "
                             "listed by `legalcheck activities`, e.g. 'Payment at a checkpoint')"
                             if raw_kind else "empty: say what kind of activity this is")
        raw_purpose = self.get(cells, "purpose")
        purpose: str | None = None
        if raw_purpose:
            purpose = norm(raw_purpose)
            if purpose not in PURPOSES:
                raise RowProblem(h("purpose"), f"unknown purpose {raw_purpose!r} "
                                 f"(expected one of: {', '.join(p.replace('_', ' ') for p in PURPOSES)})")
        staff_text = self.get(cells, "staff")
        staff = tuple(sorted({self._country(x, h("staff")) for x in re.split(r"[;,/\s]+", staff_text) if x})) or None
        counterpart = self.get(cells, "counterpart") or None
        aliases = tuple(split_list(self.get(cells, "aliases")))
        if aliases and counterpart is None:
            raise RowProblem(h("aliases"), "other names are given but the counterpart group is empty")
        funders = tuple(self._funder(x) for x in split_list(self.get(cells, "funders")))
        licences = tuple(split_list(self.get(cells, "licences")))
        facts: list[tuple[str, FactValue]] = []
        for fid, i in sorted(self.cmap.facts.items()):
            text = cells[i] if i < len(cells) else ""
            if text:
                facts.append((fid, self._fact(fid, text, self.cmap.headers[i])))
        area = self.get(cells, "area") or None
        return ParsedRow(profile=profile, date=date, country=country, area=area, counterpart=counterpart,
                         aliases=aliases, kind=kind, purpose=purpose, staff=staff, funders=funders,
                         licences=licences, facts=tuple(facts))

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
