"""The closed vocabularies the code switches on, read once from ``jurisdictions/_common/vocabulary.yaml``.

Jurisdictions (in evaluation order), outcomes (most restrictive first, with their labels), organisation types,
organisation flags, layers of law (with their plain labels) and activity kinds live in that file and nowhere else:
every model, list and label in the code is derived from :data:`VOCABULARY`. Adding a jurisdiction, an outcome
label, an organisation flag or a layer is a change to the YAML only (see CONTRIBUTING.md). The full file is
validated with file:line errors by ``legalcheck validate`` (:class:`legalcheck.models.rules.Vocabulary`); this
module only reads the parts the code needs.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import yaml

from .errors import InputError
from .paths import data_root, vocabulary_root
from .records import FrozenRecord, setfield

VOCABULARY_FILE = "jurisdictions/_common/vocabulary.yaml"


class JurisdictionTerm(FrozenRecord):
    _fields = ("code", "name")
    code: str
    name: str

    def __init__(self, code: str, name: str) -> None:
        setfield(self, "code", code)
        setfield(self, "name", name)


class OutcomeTerm(FrozenRecord):
    _fields = ("id", "label", "plain", "short", "colour", "row_only")
    id: str
    label: str  # memo heading, e.g. "NEEDS REVIEW"
    plain: str  # memo key, e.g. "ask the legal team"
    short: str  # plan tables, e.g. "Ask legal"
    colour: str | None  # fill in the plan spreadsheet (RGB hex)
    row_only: bool  # never given by the engine (a plan row that could not be read)

    def __init__(self, id: str, label: str, plain: str, short: str, colour: str | None = None,
                 row_only: bool = False) -> None:
        for name, value in zip(self._fields, (id, label, plain, short, colour, row_only), strict=True):
            setfield(self, name, value)


class FlagWay(FrozenRecord):
    """A role the organisation could take on, tried as a way forward (the flag set to ``value``)."""

    _fields = ("kind", "heading", "how", "value")
    kind: str  # the way's kind, e.g. "un_partner"
    heading: str  # the memo's heading for ways of this kind
    how: str  # the alternative in words
    value: bool

    def __init__(self, kind: str, heading: str, how: str, value: bool = True) -> None:
        for name, v in zip(self._fields, (kind, heading, how, value), strict=True):
            setfield(self, name, v)


class FlagTerm(FrozenRecord):
    _fields = ("id", "question", "label", "memo_label", "description", "default", "way_forward")
    id: str
    question: str
    label: str  # completes "the organisation ..."
    memo_label: str | None
    description: str | None
    default: bool | None
    way_forward: FlagWay | None

    def __init__(self, id: str, question: str, label: str, memo_label: str | None = None,
                 description: str | None = None, default: bool | None = None,
                 way_forward: FlagWay | None = None) -> None:
        values = (id, question, label, memo_label, description, default, way_forward)
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)


def _flag(t: dict[str, Any]) -> FlagTerm:
    way = t.get("way_forward")
    if not isinstance(way, dict):
        return FlagTerm(**t)
    way = {k: v for k, v in way.items() if k != "sources"}  # the citations are for the reader of the data
    return FlagTerm(**{**t, "way_forward": FlagWay(**way)})


class LayerTerm(FrozenRecord):
    _fields = ("id", "plain_breach")
    id: str
    plain_breach: str  # completes "it is ... under X law", e.g. "a crime"

    def __init__(self, id: str, plain_breach: str) -> None:
        setfield(self, "id", id)
        setfield(self, "plain_breach", plain_breach)


class CoreVocabulary(FrozenRecord):
    _fields = ("jurisdictions", "outcomes", "organisation_types", "organisation_flags", "activity_kinds",
               "out_of_scope", "layers")
    jurisdictions: tuple[JurisdictionTerm, ...]
    outcomes: tuple[OutcomeTerm, ...]
    organisation_types: tuple[str, ...]
    organisation_flags: tuple[FlagTerm, ...]
    activity_kinds: tuple[str, ...]
    out_of_scope: tuple[str, ...]  # what every memo says it leaves out
    layers: tuple[LayerTerm, ...]

    def __init__(self, jurisdictions: tuple[JurisdictionTerm, ...], outcomes: tuple[OutcomeTerm, ...],
                 organisation_types: tuple[str, ...], organisation_flags: tuple[FlagTerm, ...],
                 activity_kinds: tuple[str, ...], out_of_scope: tuple[str, ...] = (),
                 layers: tuple[LayerTerm, ...] = ()) -> None:
        values = (jurisdictions, outcomes, organisation_types, organisation_flags, activity_kinds, out_of_scope,
                  layers)
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)

    @cached_property
    def jurisdiction_codes(self) -> tuple[str, ...]:
        """Jurisdiction codes in evaluation order."""
        return tuple(j.code for j in self.jurisdictions)

    @cached_property
    def engine_outcomes(self) -> tuple[str, ...]:
        """Outcome ids the engine can give, most restrictive first."""
        return tuple(o.id for o in self.outcomes if not o.row_only)

    @cached_property
    def outcome_order(self) -> tuple[str, ...]:
        """Every outcome id (plan row statuses included), most restrictive first."""
        return tuple(o.id for o in self.outcomes)

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.organisation_flags)

    def severity(self, outcome: str) -> int:
        """Higher is more restrictive; the least restrictive engine outcome is 0."""
        return self._severities[outcome]

    @cached_property
    def _severities(self) -> dict[str, int]:
        order = self.engine_outcomes
        return {o: len(order) - 1 - i for i, o in enumerate(order)}

    def outcome(self, outcome: str) -> OutcomeTerm:
        return next(o for o in self.outcomes if o.id == outcome)

    def flag(self, flag: str) -> FlagTerm:
        return next(f for f in self.organisation_flags if f.id == flag)

    def layer(self, layer: str) -> LayerTerm:
        return next(x for x in self.layers if x.id == layer)


def _terms(data: dict[str, Any], key: str, file: str) -> list[dict[str, Any]]:
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise InputError.single(file, f"'{key}:' must be a non-empty list of mappings", field=key)
    return items


def parse_vocabulary(data: Any, file: str = VOCABULARY_FILE) -> CoreVocabulary:
    """The code's vocabularies from a parsed vocabulary file (raises :class:`InputError` naming the file)."""
    if not isinstance(data, dict):
        raise InputError.single(file, "expected a mapping at the top level")
    try:
        return CoreVocabulary(
            jurisdictions=tuple(JurisdictionTerm(**t) for t in _terms(data, "jurisdictions", file)),
            outcomes=tuple(OutcomeTerm(**t) for t in _terms(data, "outcomes", file)),
            organisation_types=tuple(str(t["id"]) for t in _terms(data, "organisation_types", file)),
            organisation_flags=tuple(_flag(t) for t in _terms(data, "organisation_flags", file)),
            activity_kinds=tuple(str(t["id"]) for t in _terms(data, "activity_kinds", file)),
            out_of_scope=tuple(" ".join(str(x).split()) for x in data.get("out_of_scope") or ()),
            layers=tuple(LayerTerm(**t) for t in _terms(data, "layers", file)),
        )
    except (TypeError, KeyError) as exc:
        raise InputError.single(file, f"malformed vocabulary entry ({exc}); run 'legalcheck validate'") from exc


CORE_KEYS = ("jurisdictions", "outcomes", "organisation_types", "organisation_flags", "activity_kinds", "layers")


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError.single(str(path), f"vocabulary file not readable: {exc.strerror or exc}") from exc
    return _parsed(text)


def _parsed(text: str) -> Any:
    """The parsed YAML ``text``, kept pickled in the user cache under the SHA-256 of the text and PyYAML's version
    (``vocabulary-*.pickle``, with the rule snapshot's trust checks, see :mod:`legalcheck.snapshot`): parsing the
    YAML took a noticeable share of a check's start."""
    import hashlib

    from .usercache import cache_dir, read_private, unpickle, write_private

    folder = cache_dir()
    key = hashlib.sha256(f"{yaml.__version__}\0{text}".encode()).hexdigest()[:40]
    path = folder / f"vocabulary-{key}.pickle" if folder is not None else None
    blob = read_private(path) if path is not None else None
    if blob is not None:
        try:
            found = unpickle(blob)
            if isinstance(found, dict):
                return found
        except Exception:  # damaged: parsed again and replaced
            pass
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if path is not None and isinstance(data, dict):
        import pickle

        try:
            write_private(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):  # a cache that cannot be written
            pass
    return data


def load_vocabulary(path: Path | None = None) -> CoreVocabulary:
    """The vocabulary file in use; a ``--rules`` copy's file replaces only the lists it has (a copy whose
    vocabulary lists just activity kinds keeps the installed jurisdictions, outcomes and flags)."""
    if path is not None:
        return parse_vocabulary(_read(path), str(path))
    path = vocabulary_root() / VOCABULARY_FILE
    data = _read(path)
    default = data_root() / VOCABULARY_FILE
    if path != default and isinstance(data, dict) and not all(data.get(k) for k in CORE_KEYS):
        data = {**_read(default), **{k: v for k, v in data.items() if v}}
    return parse_vocabulary(data, str(path))


VOCABULARY = load_vocabulary()


def one_of(what: str, allowed: tuple[str, ...]) -> Any:
    """A ``str`` type accepting only ``allowed`` (an ``enum`` in the JSON Schema), for pydantic fields."""
    from pydantic import AfterValidator, WithJsonSchema

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}: expected one of {', '.join(allowed)} ({VOCABULARY_FILE})")
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": list(allowed)})]


_TYPES: dict[str, tuple[str, Any]] = {
    "JurisdictionCode": ("jurisdiction", lambda v: v.jurisdiction_codes),
    "OrgFlag": ("organisation flag", lambda v: v.flag_ids),
    "LayerId": ("layer", lambda v: tuple(x.id for x in v.layers)),
}


def __getattr__(name: str) -> Any:
    """``JurisdictionCode``, ``OrgFlag`` and ``LayerId``: made when the models first ask for them (pydantic is
    imported only then, so that reading the vocabulary does not import it)."""
    if name not in _TYPES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    what, values = _TYPES[name]
    value = one_of(what, values(VOCABULARY))
    globals()[name] = value
    return value
