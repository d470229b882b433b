"""A blocking name index: finds candidate names without scanning every name.

Every strong name (primary name and strong aliases) is tokenised and indexed under:

* its folded tokens (:func:`~legalcheck.screening.normalise.phonetic`), through a vocabulary;
* single-character deletions of each folded token of 4+ letters (SymSpell-style), so a one-letter typo,
  insertion or deletion in a query word still reaches the right vocabulary entry;
* the consonant skeleton of each token (transliteration variants with different vowels);
* the consonant skeleton of the whole name with spaces removed ("Hizb Allah" / "Hizballah").

Weak aliases (acronyms, short forms) are indexed only by their exact normalised spelling.

A query expands each of its tokens to vocabulary entries, accumulates per candidate name the share of
the query that could match, drops names that cannot reach the review threshold, and scores the rest
with :func:`~legalcheck.screening.scoring.align`. The index can be saved to and loaded from a JSON file
(:meth:`NameIndex.save` / :meth:`NameIndex.load`) so that the full official lists are not re-read for
every query; see :mod:`legalcheck.screening.store`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..models.behaviour import DesignationBehaviour
from ..records import FrozenRecord, Record, setfield

if TYPE_CHECKING:
    from ..models.designations import Designation
from .confusables import folding_notes
from .normalise import has_arabic, name_tokens, normalise_name, phonetic, skeleton, transliterate_arabic

if TYPE_CHECKING:  # scoring (and rapidfuzz) is imported only when a name is searched, not to build or load an index
    from .scoring import Alignment

INDEX_FORMAT = 6  # 5: names folded for look-alike letters, digits and invisible characters (.confusables); 6: SQLite
NameKind = Literal["name", "alias", "weak_alias", "acronym"]  # acronym: a weak alias such as "PKK"
HitKind = Literal["exact", "alias", "weak_alias", "fuzzy", "transliteration"]

MAX_CANDIDATES = 400  # names scored in full per query (best blocking estimates first)
PRUNE_MARGIN = 0.10  # a blocking estimate this far below the review threshold is still scored in full
MAX_TRANSLITERATED = 12  # Arabic-script queries: at most this many transliterated (review-only) candidates
_PAREN = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.&\-]{1,11}$")


def _folded(query: str, shown: tuple[str, str] | None) -> str:
    """What was folded in the query, for explanations ("" when nothing was)."""
    notes = folding_notes(query)
    if shown is not None:
        notes.insert(0, shown[1])
    return "; " + "; ".join(notes) if notes else ""


def _deletes(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))] if len(token) >= 4 else []


def is_acronym(text: str) -> bool:
    """A short all-capitals word such as ``ISIL``, ``PKK``, ``AQIM`` or ``A.Q.I.M.`` (2-6 letters/digits)."""
    t = text.strip()
    core = re.sub(r"[.&\-]", "", t)
    return bool(_ACRONYM.match(t)) and 2 <= len(core) <= 6 and any(c.isalpha() for c in core)


def _entry_json(payload: Designation | dict[str, Any] | str | _Stored) -> str:
    if isinstance(payload, _Stored):
        return payload.read().rstrip("\n")
    if isinstance(payload, DesignationBehaviour):  # a pydantic model or its runtime twin
        return payload.model_dump_json(by_alias=True, exclude_defaults=True)
    return payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)


class _SplitOnRead(dict):  # type: ignore[type-arg]
    """``variants`` as stored (space-joined strings), split on first access: loading stays fast."""

    def get(self, key: Any, default: Any = None) -> Any:
        v = super().get(key)
        if v is None:
            return default
        if isinstance(v, str):
            v = v.split(" ")
            self[key] = v
        return v

    def items(self) -> Any:  # used by to_json
        return ((k, self.get(k)) for k in self.keys())

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as stored (pickle would otherwise call the items above)
        return _SplitOnRead, (dict(dict.items(self)),)


def _entries_path(path: Path) -> Path:
    return path.with_name(path.name + ".entries")


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Stored(FrozenRecord):
    """Where an entry's JSON line sits in the entries file next to a saved index."""

    _fields = ("path", "offset")
    path: Path
    offset: int

    def __init__(self, path: Path, offset: int) -> None:
        setfield(self, "path", path)
        setfield(self, "offset", offset)

    def read(self) -> str:
        with self.path.open("rb") as fh:
            fh.seek(self.offset)
            return fh.readline().decode("utf-8")


class EntryRef(Record):
    """One list entry in the index: a :class:`Designation` or its JSON form (validated when first used)."""

    _fields = ("list_id", "payload")

    def __init__(self, list_id: str, payload: Designation | dict[str, Any] | str | _Stored) -> None:
        self.list_id = list_id
        self.payload = payload

    def designation(self) -> Designation:
        if isinstance(self.payload, _Stored):
            self.payload = self.payload.read()
        if isinstance(self.payload, DesignationBehaviour):
            return self.payload  # type: ignore[return-value]
        if isinstance(self.payload, str):
            from .. import fast_input

            entry = fast_input.fast_designation_json(self.payload) if fast_input.ENABLED else None
            if entry is not None:  # the fast reader vouches for it: what pydantic builds, without pydantic
                self.payload = entry
                return entry  # type: ignore[no-any-return]
        from ..models.designations import Designation

        if isinstance(self.payload, str):
            self.payload = Designation.model_validate_json(self.payload)
        else:
            self.payload = Designation.model_validate(self.payload)
        return self.payload


class Hit(FrozenRecord):
    """A scored candidate name."""

    __slots__ = _fields = ("name", "score", "kind", "explanation")
    name: int
    score: float
    kind: HitKind
    explanation: str

    def __init__(self, name: int, score: float, kind: HitKind, explanation: str) -> None:
        setfield(self, "name", name)
        setfield(self, "score", score)
        setfield(self, "kind", kind)
        setfield(self, "explanation", explanation)


class NameIndex(Record):
    """Names of many list entries with blocking structures for fast candidate search."""

    _fields = ("entries", "lists", "name_entry", "name_text", "name_kind", "name_norm", "name_tokens", "name_phon",
               "tok_post", "variants", "joined_post", "weak_post", "_sets")
    _repr_fields = _fields[:-1]

    def __init__(self, entries: list[EntryRef] | None = None, lists: dict[str, dict[str, Any]] | None = None,
                 name_entry: list[int] | None = None, name_text: list[str] | None = None,
                 name_kind: list[NameKind] | None = None, name_norm: list[str] | None = None,
                 name_tokens: list[tuple[str, ...] | str] | None = None,
                 name_phon: list[tuple[str, ...] | str] | None = None, tok_post: dict[str, list[int]] | None = None,
                 variants: dict[str, list[str]] | None = None, joined_post: dict[str, list[int]] | None = None,
                 weak_post: dict[str, list[int]] | None = None, _sets: dict[str, frozenset[int]] | None = None,
                 ) -> None:
        self.entries = [] if entries is None else entries
        self.lists = {} if lists is None else lists
        self.name_entry = [] if name_entry is None else name_entry
        self.name_text = [] if name_text is None else name_text
        self.name_kind = [] if name_kind is None else name_kind
        self.name_norm = [] if name_norm is None else name_norm
        # tuples once used; a loaded index keeps the space-joined strings until a name is scored
        self.name_tokens = [] if name_tokens is None else name_tokens
        self.name_phon = [] if name_phon is None else name_phon
        # blocking structures (built by ``finalise``)
        self.tok_post = {} if tok_post is None else tok_post
        self.variants = {} if variants is None else variants
        self.joined_post = {} if joined_post is None else joined_post
        self.weak_post = {} if weak_post is None else weak_post
        self._sets = {} if _sets is None else _sets

    # ---------------------------------------------------------------- building
    def add_entry(self, list_id: str, payload: Designation | dict[str, Any]) -> None:
        idx = len(self.entries)
        self.entries.append(EntryRef(list_id, payload))
        if isinstance(payload, DesignationBehaviour):
            name, aliases, weak = payload.name, payload.aliases, payload.weak_aliases
        else:
            name, aliases, weak = payload["name"], payload.get("aliases", []), payload.get("weak_aliases", [])
        seen: set[tuple[str, str]] = set()
        names: list[tuple[str, str, str]] = []  # (text as printed, text to index, kind)
        for text, kind in [(name, "name"), *((a, "alias") for a in aliases), *((w, "weak_alias") for w in weak)]:
            names.append((text, text, kind))
            # "TEHRIK-E TALIBAN PAKISTAN (TTP)": also index the name without the bracket, and the
            # bracketed acronym as a weak alias
            bare = _PAREN.sub(" ", text).strip()
            if kind != "weak_alias" and bare and bare != text:
                names.append((text, bare, kind))
                names.extend((text, acr, "weak_alias") for acr in _PAREN.findall(text) if is_acronym(acr))
        for text, indexed, kind in names:
            if kind == "weak_alias" and is_acronym(indexed):
                kind = "acronym"
            norm = normalise_name(indexed)
            if not norm or (norm, kind) in seen:
                continue
            seen.add((norm, kind))
            toks = tuple(name_tokens(norm))
            self.name_entry.append(idx)
            self.name_text.append(text)
            self.name_kind.append(kind)  # type: ignore[arg-type]
            self.name_norm.append(norm)
            self.name_tokens.append(toks)
            self.name_phon.append(tuple(phonetic(t) for t in toks))

    def finalise(self) -> NameIndex:
        tok_post: dict[str, list[int]] = {}
        joined_post: dict[str, list[int]] = {}
        weak_post: dict[str, list[int]] = {}
        for i, (kind, norm) in enumerate(zip(self.name_kind, self.name_norm, strict=True)):
            phon = self._phon(i)
            if kind in ("weak_alias", "acronym"):
                weak_post.setdefault(norm.replace(" ", ""), []).append(i)
                continue
            for p in set(phon):
                tok_post.setdefault(p, []).append(i)
            joined_post.setdefault(skeleton("".join(phon)) or "".join(phon), []).append(i)
        variants: dict[str, list[str]] = {}
        for v in tok_post:
            keys = {v, *_deletes(v)}
            sk = skeleton(v)
            if len(sk) >= 3:
                keys.add("~" + sk)
            for k in keys:
                variants.setdefault(k, []).append(v)
        self.tok_post, self.joined_post, self.weak_post, self.variants = tok_post, joined_post, weak_post, variants
        return self

    # ---------------------------------------------------------------- searching
    def _expand(self, qp: str) -> list[str]:
        keys = {qp, *_deletes(qp)}
        sk = skeleton(qp)
        if len(sk) >= 3:
            keys.add("~" + sk)
        out: set[str] = set()
        for k in keys:
            out.update(self.variants.get(k, ()))
        return list(out)

    def search(
        self,
        query: str,
        *,
        threshold: float,
        review_threshold: float,
        list_ids: set[str] | None = None,
        shown: tuple[str, str] | None = None,
    ) -> list[Hit]:
        """Scored names for ``query`` with score >= ``review_threshold`` (several per entry possible).

        ``shown`` is (the name as the user wrote it, how it was read) when ``query`` is another reading of it
        (see :func:`~legalcheck.screening.matcher.readings`): explanations quote the name as written.
        """
        norm = normalise_name(query)
        if not norm:
            return []
        label, folded = shown[0] if shown else query, _folded(query, shown)
        hits: list[Hit] = []
        ok = (lambda n: True) if list_ids is None else (lambda n: self.entries[self.name_entry[n]].list_id in list_ids)

        # weak aliases: exact only
        for n in self.weak_post.get(norm.replace(" ", ""), ()):
            if not ok(n):
                continue
            acronym = self.name_kind[n] == "acronym"
            score = max(threshold, 0.95) if acronym else (threshold + review_threshold) / 2
            what = "an acronym" if acronym else "a weak alias (too generic to decide alone: review)"
            hits.append(Hit(n, round(score, 4), "weak_alias", f"{label!r} equals {self.name_text[n]!r}, {what}, "
                            f"after normalisation{folded}; weak aliases are matched exactly, never fuzzily"))

        qt = tuple(name_tokens(norm))
        qp = tuple(phonetic(t) for t in qt)
        cands = self._candidates(qt, qp, review_threshold)
        from .scoring import align

        cache: dict[tuple[str, str], float] = {}
        for n in cands:
            if not ok(n):
                continue
            al = align(qt, qp, self._tokens(n), self._phon(n), cache)
            if al.score < review_threshold:
                continue
            hits.append(self._hit(n, label, norm, al, folded))

        if has_arabic(query):
            hits.extend(self._arabic(query, threshold, review_threshold, ok, {h.name for h in hits}))
        return hits

    def _candidates(self, qt: tuple[str, ...], qp: tuple[str, ...], review_threshold: float) -> list[int]:
        """Names whose blocking estimate can reach the review threshold, best first, plus joined-skeleton names."""
        from .scoring import token_sim

        total = float(sum(len(t) for t in qt)) or 1.0
        acc: dict[int, float] = {}
        per_token: list[tuple[int, str, list[tuple[str, float]]]] = []
        for t, p in zip(qt, qp, strict=True):
            exp = [(v, 1.0 if v == p else token_sim(p, p, v, v)) for v in self._expand(p)]
            exp = [(v, s) for v, s in exp if s > 0.0]
            size = sum(len(self.tok_post[v]) for v, _ in exp)
            per_token.append((size, t, exp))
        per_token.sort(key=lambda x: x[0])
        floor = (review_threshold - PRUNE_MARGIN) * total
        remaining = float(sum(len(t) for _, t, _ in per_token))
        for size, t, exp in per_token:
            w = len(t)
            # max-score pruning: once the words left cannot lift a new name to the floor on their own,
            # only names already found are updated (exact, not a heuristic)
            if remaining < floor and size > len(acc):
                for n, a in list(acc.items()):
                    s_best = 0.0
                    for v, s in exp:
                        if s > s_best and n in self._postset(v):
                            s_best = s
                    if s_best:
                        acc[n] = a + w * s_best
            else:
                seen: set[int] = set()
                for v, s in sorted(exp, key=lambda x: -x[1]):
                    ws = w * s
                    for n in self.tok_post[v]:
                        if n not in seen:
                            seen.add(n)
                            acc[n] = acc.get(n, 0.0) + ws
            remaining -= w
        cands = [n for n, a in acc.items() if a >= floor]
        cands.sort(key=lambda n: -acc[n])
        cands = cands[:MAX_CANDIDATES]
        joined_key = skeleton("".join(qp)) or "".join(qp)
        seen = set(cands)
        cands.extend(n for n in self.joined_post.get(joined_key, ())[:MAX_CANDIDATES] if n not in seen)
        return cands

    def _postset(self, v: str) -> set[int] | frozenset[int]:
        ps = self._sets.get(v)
        if ps is None:
            ps = self._sets[v] = frozenset(self.tok_post[v])
        return ps

    def _tokens(self, n: int) -> tuple[str, ...]:
        t = self.name_tokens[n]
        if isinstance(t, str):
            t = self.name_tokens[n] = tuple(t.split())
        return t

    def _phon(self, n: int) -> tuple[str, ...]:
        t = self.name_phon[n]
        if isinstance(t, str):
            t = self.name_phon[n] = tuple(t.split())
        return t

    def _hit(self, n: int, query: str, norm: str, al: Alignment, folded: str = "") -> Hit:
        text, kind = self.name_text[n], self.name_kind[n]
        what = "primary name" if kind == "name" else "alias"
        if norm == self.name_norm[n]:
            return Hit(n, 1.0, "exact" if kind == "name" else "alias",
                       f"{query!r} equals the {what} {text!r} after normalisation ({norm!r}){folded}")
        score = round(min(al.score, 1.0), 4)
        return Hit(n, score, "fuzzy", f"{query!r} ~ {what} {text!r}: score {score:.2f} ({al.describe()}){folded}")

    def _arabic(self, query: str, threshold: float, review: float, ok: Any, done: set[int]) -> list[Hit]:
        latin = transliterate_arabic(query)
        toks = name_tokens(latin)
        qs = tuple(s for s in (skeleton(phonetic(t)) for t in toks) if s)
        if not qs:
            return []
        cands: set[int] = set(self.joined_post.get("".join(qs), ()))
        for s in qs:
            if len(s) >= 3:
                for v in self.variants.get("~" + s, ()):
                    cands.update(self.tok_post[v])
        from .scoring import skeleton_align

        cap = round(threshold - 0.01, 4)
        out: list[Hit] = []
        for n in cands:
            if n in done or not ok(n) or has_arabic(self.name_text[n]):
                continue
            cs = tuple(s for s in (skeleton(p) for p in self._phon(n)) if s)
            if len(cs) != len(qs) and "".join(cs) != "".join(qs):
                continue  # without vowels, only names of the same shape are comparable
            score = skeleton_align(qs, cs)
            if score < review:
                continue
            score = round(min(score, cap), 4)
            out.append(Hit(n, score, "transliteration",
                           f"Arabic script {query!r} transliterated to {latin!r}; its consonants "
                           f"{' '.join(qs)!r} match {self.name_text[n]!r} ({' '.join(cs)!r}); Arabic script omits "
                           "short vowels, so a transliterated match is never decisive: review"))
        out.sort(key=lambda h: (-h.score, h.name))
        return out[:MAX_TRANSLITERATED]

    def pack(self) -> None:
        """Keep ``variants``, ``name_tokens`` and ``name_phon`` as space-joined strings, as a loaded JSON index
        does (split again when first used): a pickled index then unpickles in about two thirds of the time."""
        self.variants = _SplitOnRead((k, v if isinstance(v, str) else " ".join(v)) for k, v in self.variants.items())
        self.name_tokens = [t if isinstance(t, str) else " ".join(t) for t in self.name_tokens]
        self.name_phon = [p if isinstance(p, str) else " ".join(p) for p in self.name_phon]

    # ---------------------------------------------------------------- persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "format": INDEX_FORMAT,
            "lists": self.lists,
            "entries": [[e.list_id, _entry_json(e.payload)] for e in self.entries],
            "names": [self.name_entry, self.name_text, self.name_kind, self.name_norm,
                      [t if isinstance(t, str) else " ".join(t) for t in self.name_tokens],
                      [p if isinstance(p, str) else " ".join(p) for p in self.name_phon]],
            "tok_post": self.tok_post,
            # one string "key<TAB>token token" per line: parses much faster than a 200k-key JSON object
            "variants": "\n".join(f"{k}\t{' '.join(v)}" for k, v in self.variants.items()),
            "joined_post": self.joined_post,
            "weak_post": self.weak_post,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> NameIndex:
        if data.get("format") != INDEX_FORMAT:
            raise ValueError(f"index format {data.get('format')!r}, expected {INDEX_FORMAT}")
        ne, nt, nk, nn, ntok, nphon = data["names"]
        return cls(
            entries=[EntryRef(lid, payload) for lid, payload in data["entries"]],
            lists=dict(data["lists"]),
            name_entry=ne, name_text=nt, name_kind=nk, name_norm=nn,
            name_tokens=ntok,
            name_phon=nphon,
            tok_post=data["tok_post"],
            variants=_SplitOnRead(line.split("\t", 1) for line in data["variants"].split("\n") if line),
            joined_post=data["joined_post"], weak_post=data["weak_post"],
        )  # fmt: skip

    def save(self, path: Path) -> None:
        """Write the index atomically: ``path`` (names and blocking structures) plus ``<path>.entries``
        (one JSON line per entry, read only when an entry is reported), each through a temporary file
        in the same directory and ``os.replace``; the entries file is replaced first."""
        data = self.to_json()
        lines = [(e[1] + "\n").encode("utf-8") for e in data["entries"]]
        offsets: list[int] = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line)
        data["entries"] = [[e[0], off] for e, off in zip(data["entries"], offsets, strict=True)]
        _atomic_write(_entries_path(path), b"".join(lines))
        _atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> NameIndex:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        epath = _entries_path(path)
        if not epath.is_file():
            raise ValueError(f"{epath} missing")
        data["entries"] = [[lid, _Stored(epath, off)] for lid, off in data["entries"]]
        return cls.from_json(data)

    @classmethod
    def build(cls, items: Iterable[tuple[str, Designation | dict[str, Any]]]) -> NameIndex:
        idx = cls()
        for list_id, payload in items:
            idx.add_entry(list_id, payload)
        return idx.finalise()
