"""Load and validate the rule data (jurisdictions/ and designations/)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .models.designations import DesignationList
from .models.rules import (
    ActivityKind,
    CountryGroup,
    Exemption,
    FactDef,
    Instrument,
    JurisdictionMeta,
    Prohibition,
    RuleFile,
    Vocabulary,
)
from .paths import data_root
from .yamlio import LineMap, load_document

M = TypeVar("M", bound=BaseModel)

JURISDICTION_ORDER = ["US", "UK", "EU", "CH", "KE", "UN"]


@dataclass
class Jurisdiction:
    meta: JurisdictionMeta
    instruments: dict[str, Instrument] = field(default_factory=dict)
    prohibitions: list[Prohibition] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class RuleSet:
    root: Path
    activity_kinds: dict[str, ActivityKind]
    facts: dict[str, FactDef]
    groups: dict[str, CountryGroup]
    jurisdictions: dict[str, Jurisdiction]
    lists: dict[str, DesignationList]
    sha256: str
    warnings: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    _screener: Any = None

    def screener(self) -> Any:
        """The name screener over every designation list (built once)."""
        if self._screener is None:
            from .screening import Screener

            self._screener = Screener(list(self.lists.values()))
        return self._screener

    def ordered_jurisdictions(self) -> list[Jurisdiction]:
        return [self.jurisdictions[c] for c in JURISDICTION_ORDER if c in self.jurisdictions]

    def expand(self, countries: list[str], day: dt.date) -> set[str]:
        """Expand ISO codes and ``@GROUP`` ids to the set of ISO codes as of ``day``."""
        key = (tuple(countries), day)
        cache = self.__dict__.setdefault("_expand_cache", {})
        hit = cache.get(key)
        if hit is not None:
            return hit
        out: set[str] = set()
        for c in countries:
            if c.startswith("@"):
                group = self.groups[c]
                out.update(m.country for m in group.members if m.period.contains(day))
            else:
                out.add(c)
        if len(cache) < 100_000:
            cache[key] = frozenset(out)
        return out

    def instrument(self, instrument_id: str) -> Instrument:
        for j in self.jurisdictions.values():
            if instrument_id in j.instruments:
                return j.instruments[instrument_id]
        raise KeyError(instrument_id)


def validate_model(model: type[M], data: Any, lines: LineMap, file: str) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` and turn pydantic errors into file:line problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err.get("loc", ()))
            fld = ".".join(str(x) for x in loc) or None
            found = err.get("input")
            found_s = None if isinstance(found, (dict, list)) else repr(found)
            if found_s is not None and len(found_s) > 80:
                found_s = found_s[:77] + "..."
            msg = err.get("msg", "invalid")
            if err.get("type") == "extra_forbidden":
                msg = "unknown key (misspelled or misplaced?)"
                found_s = None
            elif err.get("type") == "missing":
                msg = "required key is missing"
                found_s = None
            problems.append(Problem(file=file, line=lines.line(loc), field=fld, message=msg, found=found_s))
        return None, problems


def _load(model: type[M], path: Path, rel: str) -> tuple[M | None, list[Problem], LineMap]:
    try:
        data, lines = load_document(path)
    except InputError as exc:
        for p in exc.problems:
            p.file = rel
        return None, exc.problems, LineMap(rel)
    if data is None:
        return None, [Problem(file=rel, message="empty file")], lines
    if not isinstance(data, dict):
        return None, [Problem(file=rel, line=1, message="expected a mapping at the top level")], lines
    obj, problems = validate_model(model, data, lines, rel)
    for p in problems:
        p.file = rel
    return obj, problems, lines


def resolve_rules_dir(rules: Path | None) -> tuple[Path, Path]:
    """Return (jurisdictions dir, designations dir) for ``--rules DIR``."""
    default = data_root()
    if rules is None:
        return default / "jurisdictions", default / "designations"
    if (rules / "jurisdictions").is_dir():
        desig = rules / "designations" if (rules / "designations").is_dir() else default / "designations"
        return rules / "jurisdictions", desig
    if not rules.is_dir():
        raise InputError.single(str(rules), "rules directory not found")
    return rules, default / "designations"


def _rule_files(jdir: Path, ddir: Path) -> list[Path]:
    """Every file that makes up a rule set, in a fixed order (the order of the rules hash)."""
    files: list[Path] = []
    if (jdir / "_common").is_dir():
        files += sorted((jdir / "_common").glob("*.yaml"))
    if jdir.is_dir():
        for folder in sorted(p for p in jdir.iterdir() if p.is_dir() and not p.name.startswith("_")):
            files += sorted(folder.glob("*.yaml"))
    if ddir.is_dir():
        files += sorted(ddir.glob("*.yaml"))
    return files


def rules_digest(jdir: Path, ddir: Path) -> str:
    """SHA-256 over the relative paths and bytes of every rule and list file."""
    base = jdir.parent
    digest = hashlib.sha256()
    for f in _rule_files(jdir, ddir):
        try:
            name = str(f.relative_to(base))
        except ValueError:
            name = str(f)
        digest.update(name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def load_ruleset(rules: Path | None = None, *, strict_refs: bool = True) -> RuleSet:
    """Load every rule and list file; raise :class:`InputError` listing every problem found.

    When ``LEGALCHECK_CACHE_DIR`` is set, a validated rule set is cached there (keyed by the rules hash and the
    tool version) and reused while no rule file changes. Nothing is written unless that variable is set.
    """
    import os

    cache_dir = os.environ.get("LEGALCHECK_CACHE_DIR")
    if not cache_dir or not strict_refs:
        return _load_ruleset(rules, strict_refs=strict_refs)
    import pickle
    import sys

    from . import __version__

    jdir, ddir = resolve_rules_dir(rules)
    key = rules_digest(jdir, ddir)
    path = Path(cache_dir) / f"ruleset-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{key[:32]}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, RuleSet) and cached.sha256 == key:
                return cached
        except Exception:  # a stale or damaged cache is ignored and rebuilt
            pass
    rs = _load_ruleset(rules, strict_refs=strict_refs)
    rs.screener()  # build the screening index once, so it is cached too
    try:
        from .output import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(rs, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, InputError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return rs


def _load_ruleset(rules: Path | None = None, *, strict_refs: bool = True) -> RuleSet:
    jdir, ddir = resolve_rules_dir(rules)
    problems: list[Problem] = []
    base = jdir.parent
    sha = rules_digest(jdir, ddir)

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(base))
        except ValueError:
            return str(p)

    vocab_files = sorted((jdir / "_common").glob("*.yaml")) if (jdir / "_common").is_dir() else []
    activity_kinds: dict[str, ActivityKind] = {}
    facts: dict[str, FactDef] = {}
    groups: dict[str, CountryGroup] = {}
    locations: dict[str, tuple[str, int | None]] = {}
    for vf in vocab_files:
        vocab, probs, lines = _load(Vocabulary, vf, rel(vf))
        problems.extend(probs)
        if vocab is None:
            continue
        for i, ak in enumerate(vocab.activity_kinds):
            _unique(activity_kinds, ak.id, ak, problems, rel(vf), lines.line(("activity_kinds", i)))
        for i, f in enumerate(vocab.facts):
            _unique(facts, f.id, f, problems, rel(vf), lines.line(("facts", i)))
        for i, g in enumerate(vocab.country_groups):
            _unique(groups, g.id, g, problems, rel(vf), lines.line(("country_groups", i)))

    jurisdictions: dict[str, Jurisdiction] = {}
    ids: dict[str, tuple[str, int | None]] = {}
    for folder in (
        sorted(p for p in jdir.iterdir() if p.is_dir() and not p.name.startswith("_")) if jdir.is_dir() else []
    ):
        meta: JurisdictionMeta | None = None
        parts: list[tuple[RuleFile, str, LineMap]] = []
        for f in sorted(folder.glob("*.yaml")):
            rf, probs, lines = _load(RuleFile, f, rel(f))
            problems.extend(probs)
            if rf is None:
                continue
            parts.append((rf, rel(f), lines))
            if rf.jurisdiction is not None:
                if meta is not None:
                    problems.append(
                        Problem(
                            file=rel(f),
                            line=lines.line(("jurisdiction",)),
                            message=f"second 'jurisdiction:' block in {folder.name}/",
                        )
                    )
                meta = rf.jurisdiction
        if meta is None:
            if parts:
                problems.append(Problem(file=rel(folder), message="no file in this folder has a 'jurisdiction:' block"))
            continue
        if meta.code != folder.name:
            problems.append(
                Problem(
                    file=rel(folder),
                    message="folder name must equal jurisdiction code",
                    expected=meta.code,
                    found=folder.name,
                )
            )
        jur = Jurisdiction(meta=meta)
        for rf, fname, lines in parts:
            jur.files.append(fname)
            for kind, items in (
                ("instruments", rf.instruments),
                ("prohibitions", rf.prohibitions),
                ("exemptions", rf.exemptions),
            ):
                for i, item in enumerate(items):
                    line = lines.line((kind, i))
                    if item.id in ids:
                        other = ids[item.id]
                        problems.append(
                            Problem(
                                file=fname,
                                line=line,
                                field=f"{kind}[{i}].id",
                                message=f"duplicate id {item.id!r} (also at {other[0]}:{other[1]})",
                            )
                        )
                        continue
                    ids[item.id] = (fname, line)
                    locations[item.id] = (fname, line)
                    if isinstance(item, Instrument):
                        jur.instruments[item.id] = item
                    elif isinstance(item, Prohibition):
                        jur.prohibitions.append(item)
                    else:
                        jur.exemptions.append(item)
        jurisdictions[meta.code] = jur

    lists: dict[str, DesignationList] = {}
    for f in sorted(ddir.glob("*.yaml")) if ddir.is_dir() else []:
        dl, probs, lines = _load(DesignationList, f, rel(f))
        problems.extend(probs)
        if dl is None:
            continue
        if dl.id != f.stem:
            problems.append(
                Problem(
                    file=rel(f),
                    line=lines.line(("id",)),
                    field="id",
                    message="list id must equal the file name",
                    expected=f.stem,
                    found=dl.id,
                )
            )
        seen: set[str] = set()
        for i, e in enumerate(dl.entries):
            if e.id in seen:
                problems.append(
                    Problem(
                        file=rel(f),
                        line=lines.line(("entries", i)),
                        field=f"entries[{i}].id",
                        message=f"duplicate entry id {e.id!r}",
                    )
                )
            seen.add(e.id)
        n = len(dl.entries)
        if not (dl.assertions.min_entries <= n <= dl.assertions.max_entries):
            problems.append(
                Problem(
                    file=rel(f),
                    line=lines.line(("assertions",)),
                    field="assertions",
                    message="entry count outside the asserted range (truncated or garbled list?)",
                    expected=f"{dl.assertions.min_entries}..{dl.assertions.max_entries}",
                    found=str(n),
                )
            )
        lists[dl.id] = dl
        locations[dl.id] = (rel(f), 1)

    rs = RuleSet(
        root=base,
        activity_kinds=activity_kinds,
        facts=facts,
        groups=groups,
        jurisdictions=jurisdictions,
        lists=lists,
        sha256=sha,
        locations=locations,
    )
    if strict_refs and not any(p.severity == "error" for p in problems):
        from .validate import cross_reference_problems

        problems.extend(cross_reference_problems(rs))
    errors = [p for p in problems if p.severity == "error"]
    rs.warnings = [p for p in problems if p.severity != "error"]
    if errors:
        raise InputError(errors)
    return rs


def _unique(store: dict[str, Any], key: str, value: Any, problems: list[Problem], file: str, line: int | None) -> None:
    if key in store:
        problems.append(Problem(file=file, line=line, message=f"duplicate id {key!r}"))
    store[key] = value
