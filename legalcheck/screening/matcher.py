"""Screening names against designation lists: exact, alias, weak-alias, fuzzy and transliterated matches.

``Screener(lists).screen(name, aliases)`` returns every candidate entry scoring at least the review
threshold, best first, one per (list, entry). ``match`` is ``score >= threshold``; a candidate in the
grey band ``review_threshold <= score < threshold`` is returned with ``match=False`` and should be
reviewed by a person (the engine turns it into ``needs_review``). See ``docs/screening.md``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Literal

from ..records import FrozenRecord, setfield
from .confusables import digit_readings, displayed_form, lookalike_readings
from .index import Hit, NameIndex

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from ..models.designations import Designation, DesignationList

# Documented in docs/screening.md; measured by tests/test_screening_eval.py on the real lists.
DEFAULT_THRESHOLD = 0.88
DEFAULT_REVIEW_THRESHOLD = 0.75

MatchKind = Literal["exact", "alias", "weak_alias", "fuzzy", "transliteration"]


class NameMatch(FrozenRecord):
    """One candidate designation for a queried name, with why it matched."""

    _fields = ("list_id", "designation", "matched_name", "query", "score", "match", "kind", "explanation")
    list_id: str
    designation: Designation
    matched_name: str
    query: str
    score: float
    match: bool
    kind: MatchKind
    explanation: str

    def __init__(self, list_id: str, designation: Designation, matched_name: str, query: str, score: float,
                 match: bool, kind: MatchKind, explanation: str) -> None:
        values = (list_id, designation, matched_name, query, score, match, kind, explanation)
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)


_KIND_RANK = {"exact": 0, "alias": 1, "weak_alias": 2, "fuzzy": 3, "transliteration": 4}


class Screener:
    """Matches names against designation lists.

    ``lists`` are curated or imported :class:`DesignationList` objects; use :meth:`from_index` to
    screen against a prebuilt (e.g. persisted) :class:`NameIndex` instead.
    """

    def __init__(
        self,
        lists: Sequence[DesignationList],
        threshold: float = DEFAULT_THRESHOLD,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    ) -> None:
        if not 0.0 < review_threshold <= threshold <= 1.0:
            raise ValueError("need 0 < review_threshold <= threshold <= 1")
        self.threshold = threshold
        self.review_threshold = review_threshold
        self.index = NameIndex.build((lst.id, entry) for lst in lists for entry in lst.entries)
        for lst in lists:
            self.index.lists[lst.id] = {"title": lst.title, "jurisdiction": lst.jurisdiction,
                                        "as_of": lst.as_of.isoformat(), "complete": lst.complete}

    @classmethod
    def from_index(
        cls,
        index: NameIndex,
        threshold: float = DEFAULT_THRESHOLD,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    ) -> Screener:
        self = cls([], threshold, review_threshold)
        self.index = index
        return self

    def screen(
        self, name: str, aliases: Sequence[str] = (), *, lists: Collection[str] | None = None
    ) -> list[NameMatch]:
        """All candidates for ``name`` (and the caller's aliases), best first, one per list entry.

        Remembered per screener (the index never changes): a name screened again costs a look-up."""
        key = (name, tuple(aliases), None if lists is None else frozenset(lists), self.threshold,
               self.review_threshold)
        memo = self.__dict__.setdefault("_memo", {})
        found = memo.get(key)
        if found is None:
            found = self._screen(name, aliases, lists)
            if len(memo) < 10_000:
                memo[key] = found
        return list(found)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_memo", None)  # never pickled into a snapshot
        return state

    def _screen(self, name: str, aliases: Sequence[str], lists: Collection[str] | None) -> list[NameMatch]:
        best: dict[int, tuple[float, int, NameMatch]] = {}
        list_ids = set(lists) if lists is not None else None
        idx = self.index
        for query in dict.fromkeys(expand_queries([name, *aliases])):
            for reading, shown in readings(query):
                for hit in idx.search(reading, threshold=self.threshold, review_threshold=self.review_threshold,
                                      list_ids=list_ids, shown=shown):
                    self._keep(best, hit, query)
        return sorted((m for _, _, m in best.values()), key=lambda m: (-m.score, m.list_id, m.designation.id))

    def _keep(self, best: dict[int, tuple[float, int, NameMatch]], hit: Hit, query: str) -> None:
        """Record ``hit`` unless the same list entry already has a better (or equal, earlier) candidate."""
        idx = self.index
        e = idx.name_entry[hit.name]
        rank = _KIND_RANK[hit.kind]
        cur = best.get(e)
        if cur is not None and (cur[0], -cur[1]) >= (hit.score, -rank):
            return
        ref = idx.entries[e]
        best[e] = (hit.score, rank, NameMatch(
            list_id=ref.list_id,
            designation=ref.designation(),
            matched_name=idx.name_text[hit.name],
            query=query,
            score=hit.score,
            match=hit.score >= self.threshold,
            kind=hit.kind,
            explanation=hit.explanation,
        ))  # fmt: skip


def readings(query: str) -> list[tuple[str, tuple[str, str] | None]]:
    """``(text to search, (name as written, how it was read) or None)``: the query, then other readings of it.

    Other readings: ``1`` read as ``i`` rather than ``l`` in a word of letters ("H1zballah"), and the order a
    reader sees when the name holds right-to-left controls ("\u202esamaH" is displayed "Hamas").
    """
    out: list[tuple[str, tuple[str, str] | None]] = [(query, None)]
    shown = displayed_form(query)
    for text in [query, *([shown] if shown else [])]:
        seen = "" if text == query else f"displayed right to left as {text!r} (bidi controls)"
        if seen:
            out.append((text, (query, seen)))
        for alt in digit_readings(text):
            out.append((alt, (query, "; ".join(x for x in (seen, "digits read as letters: '1' as 'i'") if x))))
        for alt in article_readings(text):
            out.append((alt, (query, "; ".join(x for x in (seen, "words written together or letter by "
                                                            "letter read as words ('Alqaida' as 'Al qaida')") if x))))
        for alt in lookalike_readings(text):
            out.append((alt, (query, "; ".join(x for x in (seen, "one-stroke look-alikes read the other way "
                                                            "('i' as 'l', 'l' as 'i')") if x))))
    return out


_GLUED_ARTICLE = re.compile(r"\b([AaEeUu][Ll])(?=[^\W\d_]{4,})")


# four or more single letters in a row, each set apart by spaces or punctuation ("H a r a k a t", "I.S.I.L")
_SPELLED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[^\w]+[^\W\d_](?![^\W\d_])){3,}")
_LONG_WORD = re.compile(r"[^\W\d_]{12,}")
_INNER_ARTICLE = re.compile(r"(?<=[^\W\d_]{3})([AaEeUu][Ll])(?=[^\W\d_]{4,})")


def article_readings(text: str) -> list[str]:
    """``text`` with an Arabic article written together with the next word split off ("Alqaida", "AlShabaab"), and
    inside a long word written as one ("HarakatalShabaabalMujahideen" as "Harakat al Shabaab al Mujahideen")."""
    alt = _SPELLED.sub(lambda m: "".join(c for c in m.group() if c.isalpha()), text)  # "H.a.m.a.s" as "Hamas"
    alt = _GLUED_ARTICLE.sub(r"\1 ", alt.translate(_ZERO_WIDTH_SPACES))
    alt = _LONG_WORD.sub(lambda m: _INNER_ARTICLE.sub(r" \1 ", m.group()), alt)
    return [alt] if alt != text else []


# zero-width characters used between words are also read as the space they stand for ("Harakat\u200bal-Shabaab")
_ZERO_WIDTH_SPACES = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), " ")


_BRACKETS = re.compile(r"[(\[]([^()\[\]]+)[)\]]")


def expand_queries(names: Sequence[str]) -> list[str]:
    """The names as given, plus each name without its bracketed parts and each bracketed part on its own.

    Staff often write "Kurdistan Workers' Party (PKK)" or "Hay'at Tahrir al-Sham [HTS]": the full form, the short
    form and the acronym are all searched, and the best candidate per list entry wins.
    """
    out: list[str] = []
    for n in names:
        out.append(n)
        inner = _BRACKETS.findall(n)
        if inner:
            outer = _BRACKETS.sub(" ", n).strip()
            if outer:
                out.append(outer)
            out.extend(i.strip() for i in inner if i.strip())
    return out
