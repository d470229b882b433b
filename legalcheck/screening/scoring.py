"""Token-aligned name similarity (in the style of nomenklatura's logic-v2 name matcher).

Both names are tokenised (:func:`~legalcheck.screening.normalise.name_tokens`), every query token is
paired with at most one candidate token (greedy, best pairs first), and the score is the weighted
average over the pairs, where:

* a pair scores its token similarity (:func:`token_sim`): 1.0 identical, 0.97 identical after
  transliteration folding (:func:`~legalcheck.screening.normalise.phonetic`), else the normalised
  Levenshtein similarity (of the raw or folded spelling, whichever is higher), with a floor of 0.90 when
  the consonant skeletons agree and have 4+ consonants; pairs below 0.70 are not pairs;
* every token weighs its length in characters;
* an unpaired query token counts with weight 1.0 and score 0 (the query says something the list
  does not), an unpaired candidate token with weight 0.3 (lists often add words: "... of Iraq and the
  Levant").

When the two names have a different number of words, a second comparison joins the tokens
("hizb allah" vs "hizballah"); if the joined forms differ by at most one edit it scores 0.97 x their
similarity, and the higher of the two scores wins.
"""

from __future__ import annotations

from ..records import FrozenRecord, setfield
from . import levenshtein as Levenshtein  # rapidfuzz's Levenshtein, imported only after the first comparisons
from .normalise import skeleton

PAIR_FLOOR = 0.70
EXTRA_QUERY_WEIGHT = 1.0
EXTRA_CANDIDATE_WEIGHT = 0.3
FOLDED_EQUAL = 0.97
SKELETON_FLOOR = 0.90
JOINED_FACTOR = 0.97

_sim = Levenshtein.normalized_similarity


def token_sim(q: str, qp: str, c: str, cp: str) -> float:
    """Similarity of a query token ``q`` (folded ``qp``) and a candidate token ``c`` (folded ``cp``)."""
    if q == c:
        return 1.0
    if qp == cp:
        return FOLDED_EQUAL
    if len(qp) <= 3 or len(cp) <= 3:
        return 0.0  # short tokens (acronyms, "ira", "asg") only match exactly
    s = max(_sim(q, c), FOLDED_EQUAL * _sim(qp, cp))
    if s < SKELETON_FLOOR and s >= 0.6:
        sk = skeleton(qp)
        if len(sk) >= 4 and sk == skeleton(cp):
            s = SKELETON_FLOOR
    return s if s >= PAIR_FLOOR else 0.0


class Alignment(FrozenRecord):
    """How a query name was aligned to a candidate name."""

    __slots__ = _fields = ("score", "pairs", "extra_query", "extra_candidate", "joined")
    score: float
    pairs: tuple[tuple[str, str, float], ...]
    extra_query: tuple[str, ...]
    extra_candidate: tuple[str, ...]
    joined: bool

    def __init__(self, score: float, pairs: tuple[tuple[str, str, float], ...], extra_query: tuple[str, ...],
                 extra_candidate: tuple[str, ...], joined: bool = False) -> None:
        setfield(self, "score", score)
        setfield(self, "pairs", pairs)
        setfield(self, "extra_query", extra_query)
        setfield(self, "extra_candidate", extra_candidate)
        setfield(self, "joined", joined)

    def describe(self) -> str:
        if self.joined:
            return "names compared with spaces removed"
        parts = [f"{q!r}={c!r}" if s == 1.0 else f"{q!r}~{c!r} {s:.2f}" for q, c, s in self.pairs]
        if self.extra_query:
            parts.append("query words not on the list: " + ", ".join(repr(t) for t in self.extra_query))
        if self.extra_candidate:
            parts.append("extra list words: " + ", ".join(repr(t) for t in self.extra_candidate))
        return "; ".join(parts)


def align(
    qt: tuple[str, ...],
    qp: tuple[str, ...],
    ct: tuple[str, ...],
    cp: tuple[str, ...],
    cache: dict[tuple[str, str], float] | None = None,
) -> Alignment:
    """Align query tokens to candidate tokens and score the pair of names (0..1)."""
    cands: list[tuple[float, int, int]] = []
    for i, (q, qf) in enumerate(zip(qt, qp, strict=True)):
        for j, (c, cf) in enumerate(zip(ct, cp, strict=True)):
            if cache is not None:
                key = (q, c)
                s = cache.get(key)
                if s is None:
                    s = cache[key] = token_sim(q, qf, c, cf)
            else:
                s = token_sim(q, qf, c, cf)
            if s > 0.0:
                cands.append((s, i, j))
    cands.sort(key=lambda x: (-x[0], -len(qt[x[1]]), x[1], x[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[str, str, float]] = []
    num = 0.0
    den = 0.0
    for s, i, j in cands:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        w = (len(qt[i]) + len(ct[j])) / 2
        num += s * w
        den += w
        pairs.append((qt[i], ct[j], s))
    extra_q = tuple(t for i, t in enumerate(qt) if i not in used_q)
    extra_c = tuple(t for j, t in enumerate(ct) if j not in used_c)
    den += EXTRA_QUERY_WEIGHT * sum(len(t) for t in extra_q)
    den += EXTRA_CANDIDATE_WEIGHT * sum(len(t) for t in extra_c)
    score = num / den if den else 0.0
    if len(qt) != len(ct):
        # words split or joined differently ("hizb allah" / "hizballah"): compare without spaces,
        # allowing at most one other edit
        jq, jc = "".join(qp), "".join(cp)
        if jq == jc:
            joined = FOLDED_EQUAL
        elif min(len(jq), len(jc)) >= 6 and Levenshtein.distance(jq, jc, score_cutoff=1) <= 1:
            joined = JOINED_FACTOR * _sim(jq, jc)
        else:
            joined = 0.0
        if joined > score:
            return Alignment(joined, tuple(pairs), extra_q, extra_c, joined=True)
    return Alignment(score, tuple(pairs), extra_q, extra_c)


def skeleton_align(qs: tuple[str, ...], cs: tuple[str, ...]) -> float:
    """Score two names by consonant skeletons only (used for Arabic-script queries)."""
    if not qs or not cs:
        return 0.0
    jq, jc = "".join(qs), "".join(cs)
    joined = 1.0 if jq == jc else (_sim(jq, jc) if min(len(jq), len(jc)) >= 4 else 0.0)
    cands = sorted(
        (
            (1.0 if a == b else _sim(a, b), i, j)
            for i, a in enumerate(qs)
            for j, b in enumerate(cs)
            if min(len(a), len(b)) >= 2
        ),
        reverse=True,
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    num = den = 0.0
    for s, i, j in cands:
        if s < 0.75 or i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        w = (len(qs[i]) + len(cs[j])) / 2
        num += s * w
        den += w
    den += sum(len(t) for i, t in enumerate(qs) if i not in used_q)
    den += EXTRA_CANDIDATE_WEIGHT * sum(len(t) for j, t in enumerate(cs) if j not in used_c)
    return max(joined, num / den if den else 0.0)
