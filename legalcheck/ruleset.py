"""Load and validate the rule data (jurisdictions/ and designations/)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import InputError, Problem
from .models.ruleset import Jurisdiction, RuleSet
from .paths import data_root
from .yamlio import LineMap, load_document

if TYPE_CHECKING:  # pydantic and the models are imported only to read YAML (a compiled snapshot needs neither)
    from pydantic import BaseModel

    from .models.designations import DesignationList
    from .models.rules import ActivityKind, CountryGroup, FactDef, JurisdictionMeta, RuleFile

M = TypeVar("M", bound="BaseModel")
__all__ = ["Jurisdiction", "RuleSet", "load_ruleset", "resolve_rules_dir", "rules_digest", "validate_model"]


def validate_model(model: type[M], data: Any, lines: LineMap, file: str) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` and turn pydantic errors into file:line problems."""
    from pydantic import ValidationError

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
    """SHA-256 over the relative paths and bytes of every rule and list file (remembered in the user cache while
    no file's size, times or inode change: :func:`legalcheck.usercache.memo_digest`)."""
    from .usercache import hash_files, memo_digest

    base = jdir.parent
    files = []
    for f in _rule_files(jdir, ddir):
        try:
            name = str(f.relative_to(base))
        except ValueError:
            name = str(f)
        files.append((name, str(f)))
    return memo_digest("rules", files, lambda: hash_files(files))


def load_ruleset(rules: Path | None = None, *, strict_refs: bool = True) -> RuleSet:
    """Load every rule and list file; raise :class:`InputError` listing every problem found.

    A validated rule set is kept as a compiled snapshot (packaged with the tool, or in the user cache) and reused
    while no rule file, the tool version or its code changes; see :mod:`legalcheck.snapshot` for where it is kept,
    how to turn the cache off (``LEGALCHECK_NO_CACHE=1``) and the checks made before a snapshot is trusted.
    """
    if not strict_refs:
        return _load_ruleset(rules, strict_refs=strict_refs)
    from . import snapshot

    jdir, ddir = resolve_rules_dir(rules)
    key = rules_digest(jdir, ddir)
    rs = snapshot.cached(key)
    if rs is None:
        rs = _load_ruleset(rules, strict_refs=strict_refs, digest=key)
        if snapshot.cache_dir() is not None:  # kept as runtime objects (no cache: the validated models serve)
            from .models.runtime_gen import runtime_ruleset

            rs = runtime_ruleset(rs)
            snapshot.remember(rs)
    rs.root = jdir.parent
    return rs


class _Loader:
    """Reads one rule set's files, collecting every problem with its file and line."""

    def __init__(self, jdir: Path, ddir: Path) -> None:
        self.jdir, self.ddir, self.base = jdir, ddir, jdir.parent
        self.problems: list[Problem] = []
        self.locations: dict[str, tuple[str, int | None]] = {}
        self.ids: dict[str, tuple[str, int | None]] = {}

    def rel(self, p: Path) -> str:
        try:
            return str(p.relative_to(self.base))
        except ValueError:
            return str(p)

    def load(self, model: type[M], path: Path) -> tuple[M | None, LineMap]:
        obj, probs, lines = _load(model, path, self.rel(path))
        self.problems.extend(probs)
        return obj, lines

    def vocabulary(self) -> tuple[dict[str, ActivityKind], dict[str, FactDef], dict[str, CountryGroup]]:
        kinds: dict[str, ActivityKind] = {}
        facts: dict[str, FactDef] = {}
        groups: dict[str, CountryGroup] = {}
        from .models.rules import Vocabulary
        from .validation.references import vocabulary_drift

        common = self.jdir / "_common"
        for vf in sorted(common.glob("*.yaml")) if common.is_dir() else []:
            vocab, lines = self.load(Vocabulary, vf)
            if vocab is None:
                continue
            self.problems.extend(vocabulary_drift(vocab, self.rel(vf)))
            for key, store, items in (
                ("activity_kinds", kinds, vocab.activity_kinds),
                ("facts", facts, vocab.facts),
                ("country_groups", groups, vocab.country_groups),
            ):
                for i, item in enumerate(items):
                    _unique(store, item.id, item, self.problems, self.rel(vf), lines.line((key, i)))
        return kinds, facts, groups

    def jurisdictions(self) -> dict[str, Jurisdiction]:
        out: dict[str, Jurisdiction] = {}
        folders = self.jdir.iterdir() if self.jdir.is_dir() else iter(())
        for folder in sorted(p for p in folders if p.is_dir() and not p.name.startswith("_")):
            jur = self.jurisdiction(folder)
            if jur is not None:
                out[jur.meta.code] = jur
        return out

    def jurisdiction(self, folder: Path) -> Jurisdiction | None:
        from .models.rules import RuleFile
        from .validation.references import folder_problems

        meta: JurisdictionMeta | None = None
        parts: list[tuple[RuleFile, str, LineMap]] = []
        for f in sorted(folder.glob("*.yaml")):
            rf, lines = self.load(RuleFile, f)
            if rf is None:
                continue
            parts.append((rf, self.rel(f), lines))
            if rf.jurisdiction is not None:
                self.locations[f"jurisdiction:{rf.jurisdiction.code}"] = (self.rel(f), lines.line(("jurisdiction",)))
                if meta is not None:
                    self.problems.append(
                        Problem(
                            file=self.rel(f),
                            line=lines.line(("jurisdiction",)),
                            message=f"second 'jurisdiction:' block in {folder.name}/",
                        )
                    )
                meta = rf.jurisdiction
        self.problems.extend(folder_problems(folder.name, self.rel(folder), meta, bool(parts)))
        if meta is None:
            return None
        jur = Jurisdiction(meta=meta)
        for rf, fname, lines in parts:
            jur.files.append(fname)
            self.add_rules(jur, rf, fname, lines)
            jur.coverage.extend(rf.coverage_decisions)
            if rf.coverage_decisions:
                self.locations[f"coverage:{meta.code}"] = (fname, lines.line(("coverage_decisions",)))
        return jur

    def add_rules(self, jur: Jurisdiction, rf: RuleFile, fname: str, lines: LineMap) -> None:
        from .models.rules import Instrument, Prohibition

        for kind, items in (("instruments", rf.instruments), ("prohibitions", rf.prohibitions),
                            ("exemptions", rf.exemptions)):
            for i, item in enumerate(items):
                line = lines.line((kind, i))
                if item.id in self.ids:
                    other = self.ids[item.id]
                    self.problems.append(
                        Problem(
                            file=fname,
                            line=line,
                            field=f"{kind}[{i}].id",
                            message=f"duplicate id {item.id!r} (also at {other[0]}:{other[1]})",
                        )
                    )
                    continue
                self.ids[item.id] = self.locations[item.id] = (fname, line)
                if isinstance(item, Instrument):
                    jur.instruments[item.id] = item
                elif isinstance(item, Prohibition):
                    jur.prohibitions.append(item)
                else:
                    jur.exemptions.append(item)

    def lists(self) -> dict[str, DesignationList]:
        from .models.designations import DesignationList
        from .validation.lists import list_file_problems, part_of_cycle_problems, part_of_links

        out: dict[str, DesignationList] = {}
        links = []
        for f in sorted(self.ddir.glob("*.yaml")) if self.ddir.is_dir() else []:
            dl, lines = self.load(DesignationList, f)
            if dl is None:
                continue
            self.problems.extend(list_file_problems(dl, f.stem, self.rel(f), lines))
            links += part_of_links(dl, self.rel(f), lines)
            out[dl.id] = dl
            self.locations[dl.id] = (self.rel(f), 1)
        self.problems.extend(part_of_cycle_problems(links))
        return out


def _load_ruleset(rules: Path | None = None, *, strict_refs: bool = True, digest: str | None = None) -> RuleSet:
    from .validation import cross_reference_problems

    jdir, ddir = resolve_rules_dir(rules)
    loader = _Loader(jdir, ddir)
    activity_kinds, facts, groups = loader.vocabulary()
    rs = RuleSet(
        root=loader.base,
        activity_kinds=activity_kinds,
        facts=facts,
        groups=groups,
        jurisdictions=loader.jurisdictions(),
        lists=loader.lists(),
        sha256=digest or rules_digest(jdir, ddir),
        locations=loader.locations,
    )
    problems = loader.problems + _nothing_encoded(rs, jdir)
    if strict_refs and not any(p.severity == "error" for p in problems):
        problems.extend(cross_reference_problems(rs))
    errors = [p for p in problems if p.severity == "error"]
    rs.warnings = [p for p in problems if p.severity != "error"]
    if errors:
        raise InputError(errors)
    return rs


def _nothing_encoded(rs: RuleSet, jdir: Path) -> list[Problem]:
    """A rule folder without activity kinds or without any jurisdiction answers nothing: every engagement would
    come out "this law does not reach it", a silent all-clear. It is refused as bad rule data."""
    out = []
    if not rs.activity_kinds:
        out.append(Problem(file=str(jdir), message="no activity kinds: the vocabulary is missing or empty",
                           expected="_common/vocabulary.yaml with activity_kinds"))
    if not rs.jurisdictions:
        out.append(Problem(file=str(jdir), message="no jurisdiction encoded: every check would find no law",
                           expected="a folder per jurisdiction holding a file with a 'jurisdiction:' block"))
    return out


def _unique(store: dict[str, Any], key: str, value: Any, problems: list[Problem], file: str, line: int | None) -> None:
    if key in store:
        problems.append(Problem(file=file, line=line, message=f"duplicate id {key!r}"))
    store[key] = value
