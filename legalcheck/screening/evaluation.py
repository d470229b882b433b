"""A labelled evaluation set built from real lists, and recall/precision of a screening function.

Positives are terrorism-related organisation names from the lists, each perturbed the way programme
staff write them: a different case/punctuation (``alias``), a transliteration variant (``translit``),
a dropped or added ``al-`` (``drop_al``), a different word order (``word_order``) and a one-letter typo
(``typo``), and disguised with look-alike letters from Cyrillic or Greek, digits for letters, a Turkish
dotless ``ı`` or an invisible character (``disguise``, one per name, drawn with its own random generator so
that the other queries do not depend on it). ``held_out`` queries are aliases removed from the index, to be
found through the entry's other spellings. Negatives are names of real humanitarian organisations and ordinary
community groups.

A returned match is *relevant* when it is the expected entry or an entry bearing one of its names
(compared after folding case, punctuation, articles, bracketed parts, word order and transliteration
variants with :func:`name_key`): the same group on another list, or a namesake that name screening
alone cannot tell apart (e.g. the branches of "Al-Haramain").
Recall = positives whose expected entry is returned with ``match=True``;
precision = relevant ``match=True`` results / all ``match=True`` results (positives and negatives).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..models.designations import Designation, DesignationList
from .normalise import name_tokens, normalise_name, phonetic

NEGATIVES: tuple[str, ...] = (
    "International Committee of the Red Cross", "International Federation of Red Cross and Red Crescent Societies",
    "Médecins Sans Frontières", "Doctors Without Borders", "Norwegian Refugee Council", "Danish Refugee Council",
    "International Rescue Committee", "Save the Children", "Oxfam International", "CARE International",
    "Mercy Corps", "World Vision International", "Islamic Relief Worldwide", "Muslim Aid", "Catholic Relief Services",
    "Caritas Internationalis", "ACTED", "Action Against Hunger", "Action contre la Faim", "Concern Worldwide",
    "Plan International", "Humanity & Inclusion", "Medair", "Samaritan's Purse", "Lutheran World Federation",
    "Christian Aid", "Tearfund", "Welthungerhilfe", "Terre des Hommes", "COOPI Cooperazione Internazionale",
    "INTERSOS", "Première Urgence Internationale", "Solidarités International", "HelpAge International",
    "Relief International", "International Medical Corps", "ALIMA", "Mines Advisory Group", "The HALO Trust",
    "Geneva Call", "Centre for Humanitarian Dialogue", "Conciliation Resources", "Search for Common Ground",
    "Kenya Red Cross Society", "Somali Red Crescent Society", "Syrian Arab Red Crescent",
    "Palestine Red Crescent Society", "Afghan Red Crescent Society", "Yemen Red Crescent Society",
    "Lebanese Red Cross", "Nigerian Red Cross Society", "SOS Children's Villages", "Handicap International",
    "World Food Programme", "United Nations Children's Fund", "Office of the UN High Commissioner for Refugees",
    "UN Relief and Works Agency for Palestine Refugees", "International Organization for Migration",
    "Aga Khan Foundation", "BRAC", "Mercy Malaysia", "Human Appeal", "Penny Appeal", "Qatar Red Crescent",
    "Emirates Red Crescent", "Turkish Red Crescent", "Hand in Hand for Syria", "Syria Civil Defence",
    "Syrian American Medical Society", "Union of Medical Care and Relief Organizations", "Care Somalia",
    "Somali Women Development Centre", "Wajir South Development Association", "Arid Lands Development Focus",
    "Mandera Peace and Development Committee", "Garissa Youth Football Club", "Kakuma Refugee Teachers Association",
    "Baidoa Farmers Cooperative", "Maiduguri Traders Association", "Borno Women Widows Association",
    "Mogadishu Fishermen Cooperative", "Beledweyne Water Users Association", "Tripoli Neighbourhood Council",
    "Idlib Teachers Union", "Gao Pastoralists Association", "Kidal Community Radio", "Mopti Rice Growers Union",
    "Diffa Mothers Club", "Cabo Delgado Fishermen Association", "Pemba Youth Choir", "Kandahar Midwives Association",
    "Herat Carpet Weavers Cooperative", "Jalalabad Cricket Club", "Sanaa Water Committee", "Hodeidah Bakers Union",
    "Taiz Teachers Syndicate", "Aden University Students Union", "Gaza Fishermen Syndicate",
    "Khan Younis Farmers Cooperative", "Nablus Chamber of Commerce", "Bekaa Valley Olive Growers", "Tyre Scouts Group",
    "Marawi Women Peace Network", "Cotabato Farmers Association", "Mindanao Peoples Caucus", "Jaffna Fishermen Society",
    "Diyarbakir Bar Association", "Mosul Heritage Association", "Kirkuk Youth Parliament", "Raqqa Civil Council",
)  # fmt: skip

_TERROR = re.compile(r"SDGT|SDT|FTO|Al-Qaida|Taliban|Somalia|Terror|ISIL|EU-TERR|Hamas|\bUN (Al|Ta|So)", re.I)


def name_key(name: str) -> str:
    """Folded identity of a name: same key = the same name spelled differently."""
    bare = re.sub(r"\([^()]*\)", " ", name)
    return " ".join(sorted(phonetic(t) for t in name_tokens(normalise_name(bare))))


@dataclass(frozen=True)
class Query:
    text: str
    category: str
    expected: tuple[str, str] | None  # (list id, entry id); None for negatives
    source: str = ""


@dataclass
class EvalSet:
    queries: list[Query]
    held_out: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    relevant: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)


def _is_terror_org(entry: Designation, list_id: str) -> bool:
    if entry.type != "organisation" or any("vessel" in h or "aircraft" in h or "Ship" in h for h in entry.history):
        return False
    if list_id.startswith("eu-"):
        return True
    return bool(_TERROR.search(" ".join([entry.scope_note or "", *entry.history])))


def _good_source(name: str) -> bool:
    toks = name_tokens(normalise_name(name))
    return bool(toks) and sum(len(t) for t in toks) >= 7 and (len(toks) >= 2 or len(toks[0]) >= 7) and len(toks) <= 8


_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("aa", "a"), ("e", "i"), ("i", "e"), ("o", "u"),
    ("u", "o"), ("q", "k"), ("y", "i"), ("ah", "a"), ("ph", "f"), ("sh", "ch"), ("kh", "h"), ("dh", "d"),
)  # fmt: skip


def _translit(name: str, rng: random.Random) -> str | None:
    low = name.lower()
    rules = [r for r in _TRANSLIT_RULES if r[0] in low]
    if not rules:
        return None
    a, b = rng.choice(rules)
    positions = [m.start() for m in re.finditer(re.escape(a), low)]
    pos = rng.choice(positions)
    return name[:pos] + b + name[pos + len(a) :]


def _drop_al(name: str) -> str:
    dropped = re.sub(r"\b(?:al|el|ul)[-\s]+", "", name, flags=re.I).strip()
    return dropped if dropped != name and dropped else "al-" + name


def _word_order(name: str, rng: random.Random) -> str | None:
    words = re.sub(r"[-,]", " ", name).split()
    if len(words) < 2:
        return None
    shuffled = words[:]
    for _ in range(5):
        rng.shuffle(shuffled)
        if shuffled != words:
            return " ".join(shuffled)
    return " ".join(reversed(words))


def _typo(name: str, rng: random.Random) -> str | None:
    words = [(m.start(), m.group()) for m in re.finditer(r"[A-Za-z]{5,}", name)]
    if not words:
        return None
    start, word = max(words, key=lambda w: len(w[1]))
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "swap", "ins"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "sub":
        new = word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    elif op == "del":
        new = word[:i] + word[i + 1 :]
    elif op == "swap":
        new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        new = word[:i] + rng.choice(letters) + word[i:]
    return name[:start] + new + name[start + len(word) :]


# How a name is disguised (test data: screening folds these through the TR39 table, not through these maps)
_CYRILLIC = dict(zip("aceopxyABEHKMOPCTX", "асеорхуАВЕНКМОРСТХ", strict=True))
_GREEK = dict(zip("ABEHIKMNOPTXYZoiv", "ΑΒΕΗΙΚΜΝΟΡΤΧΥΖοιν", strict=True))
_DIGITS = {"o": "0", "l": "1", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7"}
_DOTLESS = {"i": "ı", "I": "İ"}


def _lookalikes(name: str, table: dict[str, str], rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(name) if c in table]
    if not spots:
        return None
    chosen = set(rng.sample(spots, max(1, len(spots) // 2)))
    return "".join(table[c] if i in chosen else c for i, c in enumerate(name))


def _digits(name: str, rng: random.Random) -> str | None:
    words = [(m.start(), m.group()) for m in re.finditer(r"[A-Za-z]{5,}", name)]
    if not words:
        return None
    start, word = max(words, key=lambda w: len(w[1]))
    letters = sorted({c.lower() for c in word} & set(_DIGITS))
    if not letters:
        return None
    letter = rng.choice(letters)
    new = "".join(_DIGITS[c.lower()] if c.lower() == letter else c for c in word)
    changed = sum(a != b for a, b in zip(new, word, strict=True))
    return name[:start] + new + name[start + len(word) :] if changed <= 2 else None


def _invisible(name: str, rng: random.Random) -> str | None:
    words = [m for m in re.finditer(r"[^\W\d_]{4,}", name)]
    if not words:
        return None
    m = rng.choice(words)
    cut = m.start() + rng.randrange(1, len(m.group()))
    return name[:cut] + rng.choice(["\u200b", "\u00ad", "\u200d"]) + name[cut:]


def disguise(name: str, rng: random.Random) -> str | None:
    """``name`` with look-alike letters, digits, a dotless i or an invisible character (``None`` if none fits)."""
    how = rng.choice(["cyrillic", "greek", "digits", "dotless", "invisible"])
    tries: dict[str, Callable[[], str | None]] = {
        "cyrillic": lambda: _lookalikes(name, _CYRILLIC, rng), "greek": lambda: _lookalikes(name, _GREEK, rng),
        "digits": lambda: _digits(name, rng), "dotless": lambda: _lookalikes(name, _DOTLESS, rng),
        "invisible": lambda: _invisible(name, rng),
    }  # fmt: skip
    return tries[how]() or tries["cyrillic"]()


def build_eval_set(
    lists: Sequence[DesignationList], *, sources: int = 240, held_out: int = 60, seed: int = 7
) -> EvalSet:
    """Deterministic labelled queries from ``lists`` (see module docstring)."""
    rng = random.Random(seed)
    disguiser = random.Random(seed + 1)
    pool: list[tuple[str, str, str]] = []  # (list id, entry id, name)
    by_name: dict[str, set[tuple[str, str]]] = {}
    entries: dict[tuple[str, str], Designation] = {}
    for lst in lists:
        for e in lst.entries:
            entries[(lst.id, e.id)] = e
            for n in e.names():
                key = name_key(n)
                by_name.setdefault(key, set()).add((lst.id, e.id))
            if _is_terror_org(e, lst.id):
                pool.extend((lst.id, e.id, n) for n in e.names() if _good_source(n))
    pool.sort()
    rng.shuffle(pool)
    queries: list[Query] = []
    for lid, eid, name in pool[:sources]:
        exp = (lid, eid)
        variants: list[tuple[str, str | None]] = [
            ("alias", name.title().replace("-", " ")),
            ("translit", _translit(name, rng)),
            ("drop_al", _drop_al(name)),
            ("word_order", _word_order(name, rng)),
            ("typo", _typo(name, rng)),
            ("disguise", disguise(name, disguiser)),
        ]
        queries.extend(Query(text, cat, exp, name) for cat, text in variants if text)
    # held-out aliases: a name whose entry has another spelling of it (same first letters, similar tokens)
    out = EvalSet(queries)
    chosen = 0
    for lid, eid, name in pool[sources:]:
        if chosen >= held_out:
            break
        e = entries[(lid, eid)]
        toks = set(name_tokens(normalise_name(name)))
        siblings = [
            n for n in e.names()
            if n != name and normalise_name(n) != normalise_name(name)
            and len(toks & set(name_tokens(normalise_name(n)))) >= max(1, len(toks) - 1)
        ]  # fmt: skip
        if not siblings or (lid, eid) in out.held_out:
            continue
        out.held_out[(lid, eid)] = {name}
        out.queries.append(Query(name, "held_out", (lid, eid), name))
        chosen += 1
    out.queries.extend(Query(n, "negative", None) for n in NEGATIVES)
    # relevance: the expected entry plus every entry sharing one of its names (same group, other list)
    for q in out.queries:
        if q.expected and q.expected not in out.relevant:
            rel = {q.expected}
            for n in entries[q.expected].names():
                if n in out.held_out.get(q.expected, set()):
                    continue
                rel |= by_name.get(name_key(n), set())
            out.relevant[q.expected] = rel
    return out


def without_held_out(
    lists: Sequence[DesignationList], held_out: dict[tuple[str, str], set[str]]
) -> list[DesignationList]:
    """Copies of ``lists`` with the held-out names removed from their entries."""
    out = []
    for lst in lists:
        entries = []
        for e in lst.entries:
            drop = held_out.get((lst.id, e.id))
            if drop:
                names = [n for n in e.names() if n not in drop]
                e = e.model_copy(update={"name": names[0], "aliases": names[1:]})
            entries.append(e)
        out.append(lst.model_copy(update={"entries": entries}))
    return out


@dataclass
class Scores:
    recall: float
    precision: float
    positives: int
    found: int
    true_matches: int
    false_matches: int
    by_category: dict[str, tuple[int, int]]
    misses: list[Query]
    false_alarms: list[tuple[Query, str, str]]

    def summary(self) -> str:
        cats = ", ".join(f"{c} {f}/{n}" for c, (f, n) in sorted(self.by_category.items()))
        return (f"recall {self.recall:.3f} ({self.found}/{self.positives}), precision {self.precision:.3f} "
                f"({self.true_matches}/{self.true_matches + self.false_matches}); {cats}")


def evaluate(
    ev: EvalSet,
    screen: Callable[[Query], Iterable[tuple[str, str, bool, str]]],
) -> Scores:
    """Score ``screen(query) -> [(list id, entry id, match, matched name), ...]`` on ``ev``."""
    found = tp = fp = positives = 0
    cats: dict[str, list[int]] = {}
    misses: list[Query] = []
    alarms: list[tuple[Query, str, str]] = []
    for q in ev.queries:
        results = [(lid, eid, name) for lid, eid, match, name in screen(q) if match]
        c = cats.setdefault(q.category, [0, 0])
        if q.expected is None:
            fp += len(results)
            c[0] += int(not results)
            c[1] += 1
            alarms.extend((q, f"{lid}/{eid}", name) for lid, eid, name in results)
            continue
        positives += 1
        c[1] += 1
        hit = any((lid, eid) == q.expected for lid, eid, _ in results)
        found += hit
        c[0] += hit
        if not hit:
            misses.append(q)
        rel = ev.relevant[q.expected]
        for lid, eid, name in results:
            if (lid, eid) in rel:
                tp += 1
            else:
                fp += 1
                alarms.append((q, f"{lid}/{eid}", name))
    return Scores(
        recall=found / positives if positives else 0.0,
        precision=tp / (tp + fp) if tp + fp else 1.0,
        positives=positives, found=found, true_matches=tp, false_matches=fp,
        by_category={k: (v[0], v[1]) for k, v in cats.items()},
        misses=misses, false_alarms=alarms,
    )  # fmt: skip
