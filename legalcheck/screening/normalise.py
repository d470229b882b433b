"""Name normalisation: case, punctuation, diacritics, hyphenation, Arabic script, token forms.

Three layers, each documented in ``docs/screening.md``:

* :func:`normalise_name` - format characters removed, look-alike letters and digits folded
  (:mod:`.confusables`), then case-folded, diacritic-free text with punctuation and hyphens turned into
  spaces and apostrophes removed (``"Harakat al-Shabaab"`` -> ``"harakat al shabaab"``). Arabic-script
  letters are normalised (harakat, tatweel and hamza seats removed, alef/ya/ta marbuta variants unified)
  but stay in Arabic script, so an Arabic query matches an Arabic name on a list exactly.
* :func:`name_tokens` - the normalised tokens minus articles and connectives (``al``, ``el``, ``ash``,
  ``the``, ``of``...), so "dropped al-" and "the" do not change a name.
* :func:`phonetic` and :func:`skeleton` - token forms used to compare transliteration variants
  (``hezbollah`` / ``hizballah``, ``qaeda`` / ``qaida``) and to block candidates in the index.

Arabic script is transliterated by a small, conservative letter table (:func:`transliterate_arabic`).
Short vowels are not written in Arabic, so the result is a consonant sketch: it is only ever compared
through :func:`skeleton`, and such matches are capped below the match threshold (they go to review).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .confusables import fold_confusables, fold_digits, strip_format

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc\u02bb\u02be\u02bf"
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

# Arabic letter variants folded before comparison (applied after NFKD, which already strips harakat
# and splits hamza-carrying letters into base letter + combining hamza).
_ARABIC_FOLD = str.maketrans(
    {
        "\u0640": "",  # tatweel
        "\u0629": "\u0647",  # ta marbuta -> ha
        "\u0649": "\u064a",  # alef maqsura -> ya
        "\u06cc": "\u064a",  # Farsi ya -> ya
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0621": "",  # lone hamza
    }
)

# Conservative Arabic/Persian -> Latin letter table (consonants; long vowels as a/u/i).
_ARABIC_LATIN = {
    "\u0627": "a", "\u0628": "b", "\u062a": "t", "\u062b": "th", "\u062c": "j", "\u062d": "h",
    "\u062e": "kh", "\u062f": "d", "\u0630": "dh", "\u0631": "r", "\u0632": "z", "\u0633": "s",
    "\u0634": "sh", "\u0635": "s", "\u0636": "d", "\u0637": "t", "\u0638": "z", "\u0639": "",
    "\u063a": "gh", "\u0641": "f", "\u0642": "q", "\u0643": "k", "\u0644": "l", "\u0645": "m",
    "\u0646": "n", "\u0647": "h", "\u0648": "w", "\u064a": "y", "\u067e": "p", "\u0686": "ch",
    "\u0698": "zh", "\u06af": "g",
}  # fmt: skip

# Articles and connectives ignored when comparing tokens (Arabic article forms, English, French).
STOPWORDS = frozenset(
    "al el il ul ad ar as ash at ath az adh an ed er es esh et ez en "
    "wa wal wel w the of and for de la le les du des d l a an".split()
)

_VOWELS = set("aeiouy")


def _fold(text: str) -> str:
    text = fold_confusables(unicodedata.normalize("NFKD", strip_format(text)))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_ARABIC_FOLD).casefold()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    return text


def normalise_name(name: str) -> str:
    """Lower-case ASCII-folded form with punctuation and hyphens turned into spaces."""
    text = _PUNCT.sub(" ", fold_digits(_fold(name))).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def transliterate_arabic(text: str) -> str:
    """Letter-by-letter Latin sketch of Arabic script (non-Arabic characters pass through).

    ``و``/``ي`` are read as ``w``/``y`` at the start of a word and as ``u``/``i`` elsewhere; the article
    ``ال`` becomes a separate ``al`` token (later dropped as a stopword). Short vowels are unknown.
    """
    out: list[str] = []
    for word in normalise_name(text).split():
        if not has_arabic(word):
            out.append(word)
            continue
        if word.startswith("\u0627\u0644") and len(word) > 3:
            out.append("al")
            word = word[2:]
        letters: list[str] = []
        for i, ch in enumerate(word):
            if ch == "\u0648":
                letters.append("w" if i == 0 else "u")
            elif ch == "\u064a":
                letters.append("y" if i == 0 else "i")
            else:
                letters.append(_ARABIC_LATIN.get(ch, ch))
        out.append("".join(letters))
    return " ".join(out)


def name_tokens(normalised: str) -> list[str]:
    """Tokens of a normalised name without articles/connectives (all tokens if nothing else is left)."""
    tokens = normalised.split()
    kept = [t for t in tokens if t not in STOPWORDS]
    return kept or tokens


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """Transliteration-tolerant spelling: e->i, o->u, ou/oo->u, ee->i, ph->f, q->k, doubled letters once."""
    t = token.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ph", "f")
    t = t.replace("e", "i").replace("o", "u").replace("q", "k").replace("y", "i")
    out: list[str] = []
    for ch in t:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton (vowels dropped, doubles collapsed): ``hizballah`` and ``hezbollah`` -> ``hzblh``."""
    t = phonetic(token)
    out: list[str] = []
    for ch in t:
        if ch in _VOWELS:
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
