"""Words in a counterpart's name that say what it is, when the file does not (``counterparts[].kind``).

"Ministry of Public Health (Taliban)" is screened as the Taliban (its bracketed part is searched on its own), but
the name says it is a ministry: an administration the group runs, not the group's fighters, and whether dealing
with it is dealing with the group is the de facto question each rule answers in its own way. "Hamas Youth Wing"
matches nothing as a whole, but it names a listed group and says it is a part of it. These tables are the words
that say so; they decide no outcome — they only make the tool ask (``kind``, ``part_of``) instead of assuming.

Words are compared after :func:`~legalcheck.screening.normalise.normalise_name` (lower case, ASCII-folded,
apostrophes dropped): English, French, Spanish and common transliterations of Arabic, Pashto and Somali terms.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .matcher import _BRACKETS, NameMatch
from .normalise import STOPWORDS, name_tokens, normalise_name

# Words that say a counterpart is an administration, a facility or an intermediary (engine NOT_THE_GROUP kinds).
INSTITUTION_WORDS: dict[str, frozenset[str]] = {
    "administration": frozenset(
        "ministry ministries minister ministere ministerio department directorate authority authorities "
        "administration government governorate municipality municipal council court courts police office bureau "
        "commission agency customs tax taxes revenue treasury governor mayor district emirate "
        "wizara wizarat wazarat wezarat baladiya baladiyya idara idarat hukuma hukumat diwan dawawin maktab "
        "riyasat hisbah hisba wasarada maamulka".split()
    ),
    "facility": frozenset(
        "hospital hospitals clinic clinics school schools university college prison jail port airport crossing "
        "warehouse market dispensary hopital escuela mustashfa madrasa madrasah jamiaa isbitaal".split()
    ),
    "intermediary": frozenset("bank hawala exchange broker contractor company transporter".split()),
}

# Words that say a counterpart is a part of a group: a wing, front, branch or arm (round 5: they named nothing).
PART_WORDS = frozenset(
    "wing wings youth youths women womens student students media charity charities foundation front branch "
    "brigade brigades battalion battalions arm league union association society relief committee movement "
    "section division unit units cell cells faction jinah jinaah shabiba".split()
)


def institution_word(name: str, listed: list[str]) -> tuple[str, str] | None:
    """The first word of ``name`` that says it is an institution (with the kind it suggests), unless a name it
    was matched to (``listed``) has that word too: "Mujahidin Shura Council" named as itself is the group.
    (A pure function of its text: remembered, since every rule of every check asks it of each counterpart.)"""
    return _institution_word(name, tuple(listed))


@lru_cache(maxsize=4096)
def _institution_word(name: str, listed: tuple[str, ...]) -> tuple[str, str] | None:
    theirs = {t for n in listed for t in name_tokens(normalise_name(n))}
    for tok in name_tokens(normalise_name(name)):
        if tok in theirs:
            continue
        for kind, words in INSTITUTION_WORDS.items():
            if tok in words:
                return tok, kind
    return None


def part_words(name: str) -> list[str]:
    """The words of ``name`` that say it is a part of a group (a wing, youth or women's branch, media arm...)."""
    return [t for t in name_tokens(normalise_name(name)) if t in PART_WORDS or t in _ANY_INSTITUTION]


_ANY_INSTITUTION = frozenset().union(*INSTITUTION_WORDS.values())

# Words that name no group on their own, though some are translations of listed names ("the Youth" is al-Shabaab,
# "the Base" al-Qaida, "Supporters" Ansar): a name made only of them is not identified by matching them.
GENERIC_WORDS = (
    PART_WORDS
    | _ANY_INSTITUTION
    | frozenset(
        "base bases resistance supporters partisans party parties army armies group groups organisation "
        "organization network people peoples popular national forces force fighters soldiers guard guards "
        "the al el".split()
    )
)


def only_generic(name: str) -> bool:
    """Whether every word of ``name`` (articles aside) is a generic word that names no group on its own."""
    tokens = name_tokens(normalise_name(name))
    return bool(tokens) and all(t in GENERIC_WORDS for t in tokens)


def generic_demoted(matches: list[NameMatch]) -> list[NameMatch]:
    """``matches`` with every strong match whose query is only generic words made a candidate for review
    (``match`` false): "Youth" matched al-Shabaab ("the Youth") and "Resistance Movement" Hamas, and a counterpart
    of that name was dealt with as the listed group. A person decides (``designated_part``)."""
    if not any(m.match and only_generic(m.query) for m in matches):
        return matches
    return [
        _for_review(m, f"{m.query!r} is only generic words, which name no group on their own: a person must decide "
                       "whether it is this group")
        if m.match and only_generic(m.query)
        else m
        for m in matches
    ]


def _for_review(m: NameMatch, why: str) -> NameMatch:
    """``m`` made a candidate for review (``match`` false), its explanation ending with why."""
    return m.replace(match=False, explanation=f"{m.explanation}; but {why}")


def named_within(screen: Callable[[str], list[NameMatch]], name: str, max_words: int = 12) -> list[NameMatch]:
    """The listed groups whose name or alias is a run of words inside ``name`` (not the whole of it), one per
    group: "Hamas Youth Wing" matches nothing as a whole, but it names Hamas. ``screen`` is the screener's
    :meth:`~legalcheck.screening.Screener.screen`. Runs of generic words only ("Youth") are not searched."""
    words = normalise_name(name).split()
    if not 2 <= len(words) <= max_words:
        return []
    found: dict[str, NameMatch] = {}
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):  # listed names inside are short
            span = " ".join(words[i:j])
            if j - i == len(words) or only_generic(span) or all(w in STOPWORDS for w in words[i:j]):
                continue
            for m in screen(span):
                key = m.designation.entity or m.designation.name
                if m.match and m.score >= 0.95 and key not in found:
                    found[key] = m
    return list(found.values())


def within_text(name: str, within: list[NameMatch]) -> str:
    """What the memo says of a name that matched nothing but names listed groups (``named_within``)."""
    groups = "; ".join(f"{m.designation.name} (on {m.list_id}, matched by the words '{m.query}')" for m in within[:3])
    parts = part_words(name)
    quoted = ", ".join(repr(p) for p in parts)
    said = f" and words that say it is a part or an institution of a group ({quoted})" if parts else ""
    return (
        f"its name contains the name of a listed group: {groups}{said}. If it is a wing, front, branch, youth or "
        "women's organisation, media arm, charity or administration of that group, that group's listing may "
        "reach it: name the group as a counterpart and set part_of (and kind); if it is unrelated, give its "
        "own name in full and say so"
    )


def bracket_demoted(
    matches: list[NameMatch], names: list[str], screen: Callable[[str], list[NameMatch]]
) -> list[NameMatch]:
    """``matches`` with every strong match that rests only on a bracketed part of a name made a candidate for review,
    when the name outside the brackets is not a name of that group: "Yazidi Survivors (Daesh)" is named after a
    group, not that group ("Kurdistan Workers' Party (PKK)" is, both ways). An institution's name is left as it is:
    the de facto step asks its kind ("Ministry of Health (Taliban)")."""
    outers = [o for n in names if (o := _BRACKETS.sub(" ", n).strip()) != n]
    whole = {*names, *outers}
    risky = [m for m in matches if m.match and m.query not in whole]
    if not risky or not outers or any(institution_word(n, []) for n in names):
        return matches
    theirs = {x.designation.entity or x.designation.name for o in outers if o for x in screen(o)}
    return [
        _for_review(m, f"only the bracketed {m.query!r} matches it, and the name outside the brackets "
                       f"({', '.join(repr(o) for o in outers)}) is not a name of this group: a person must decide "
                       "whether the counterpart is this group or only named after it")
        if m in risky and (m.designation.entity or m.designation.name) not in theirs
        else m
        for m in matches
    ]
