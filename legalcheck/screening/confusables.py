"""Disguised names: look-alike letters from other scripts, digits for letters, invisible and bidi characters.

"Hаmas" with a Cyrillic ``а``, "HΑMΑS" with a Greek Alpha, "Hizba11ah" and "Hızballah" look like the names on
the lists but are different strings. Before names are compared, both sides are folded to a skeleton:

* **format characters** (Unicode category Cf: zero-width spaces and joiners, soft hyphens, bidi controls) are
  removed (:func:`strip_format`);
* **look-alike letters** are replaced by the Latin letter they are confusable with, from the Unicode TR39
  confusables table as shipped by the ``confusable_homoglyphs`` package (:func:`fold_confusables`). Only
  characters whose TR39 prototype is made of Latin letters are folded; Arabic script is left alone (it is handled
  by the transliteration in :mod:`.normalise`, review only). Upper-case look-alikes of ``I`` (Greek Iota,
  Cyrillic ``І``), whose TR39 prototype is a lower-case ``l``, fold to ``I``; prototypes that are Latin small
  capitals or kra (Cyrillic ``н`` -> ``ʜ``, ``к`` -> ``ĸ``) fold to the plain letter;
* **digits used as letters** (:func:`fold_digits`): in a word of 3+ letters with more letters than digits,
  ``0 1 3 4 5 7 8`` are read as ``o l e a s t b`` ("hizba11ah" -> "hizballah"; 0 and 1 from TR39, the others are
  the usual substitutions). Numbers standing alone and codes such as "M23" are not touched.
  :func:`digit_readings` gives the other reading of ``1`` (``i``), which the screener also tries.

:func:`folding_notes` says what was folded in a query, for the explanation of a match. :func:`bidi_controls`
finds the bidirectional controls that make a name display differently from how it is stored (an engagement file
with one is bad input; ``screen`` flags it for review), and :func:`displayed_form` gives the order a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

# U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, LRM/RLM, ARABIC LETTER MARK
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_RTL_OPENERS = frozenset("\u202e\u202b\u2067")  # RLO, RLE, RLI: what follows is laid out right to left
_CLOSERS = frozenset("\u202c\u2069")  # PDF, PDI
DIGIT_LETTERS = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}
# Terminal escape sequences (CSI, OSC, two-character escapes): removed whole, not only their ESC
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]")
_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"[0134578]")
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")
# One-stroke letters without a dot that the packaged TR39 data reads as "i": they look like "l" (or "I")
_DOTLESS = {"\u04cf": "l", "\u04c0": "I"}  # Cyrillic palochka, small and capital
_SMALL_CAPITAL_BLOCKS = ((0x0250, 0x02AF), (0x1D00, 0x1D2B), (0xA720, 0xA7FF))  # IPA, phonetic, Latin Extended-D
_ARABIC_BLOCKS = ((0x0600, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _ARABIC_BLOCKS)


_TABLE: dict[str, str] | None = None


def _latin_prototypes() -> dict[str, str]:
    """The table of :func:`latin_prototypes_table`, built once per process (or given by the compiled rule
    snapshot, see :func:`seed_latin_prototypes`)."""
    global _TABLE
    if _TABLE is None:
        _TABLE = latin_prototypes_table()
    return _TABLE


def seed_latin_prototypes(table: dict[str, str]) -> None:
    """Use ``table`` (as built by :func:`latin_prototypes_table` from the same data) instead of building it."""
    global _TABLE
    if _TABLE is None and isinstance(table, dict):
        _TABLE = table


def confusables_data_stamp() -> str:
    """Release (its .dist-info folder) and size of the installed TR39 data, without importing it (part of the
    snapshot key). Not the file's modification time: that differs between two installations of one release, so the
    snapshot packaged at build time (built beside another installation) never matched the user's."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("confusable_homoglyphs")
    if spec is None or not spec.origin:
        return "absent"
    folder = os.path.dirname(spec.origin)
    size = os.stat(os.path.join(folder, "confusables.json")).st_size
    parent = os.path.dirname(folder)
    releases = sorted(n for n in os.listdir(parent) if n.startswith("confusable_homoglyphs-") and n.endswith("-info"))
    return f"{size}:{','.join(releases) or 'unknown'}"


def latin_prototypes_table() -> dict[str, str]:
    """Character -> the Latin letters it is confusable with (TR39 prototype), for non-ASCII, non-Arabic sources.

    ``confusable_homoglyphs`` stores TR39 ``confusables.txt`` as a symmetric map (a source lists its prototype, a
    prototype lists its sources). A TR39 source has exactly one prototype and never is one itself, so a character
    listing exactly one entry that is made of ASCII letters is a source of that prototype.
    """
    from confusable_homoglyphs.confusables import confusables_data

    out: dict[str, str] = {}
    for ch, entries in confusables_data.items():
        if len(ch) != 1 or ch.isascii() or _is_arabic(ch) or len(entries) != 1:
            continue
        proto = _small_capital(
            "".join(c for c in unicodedata.normalize("NFD", entries[0]["c"]) if not unicodedata.combining(c))
        )
        if not proto.isascii() or not proto.isalpha():
            continue
        if proto == "rn":
            proto = "m"  # TR39 writes m as "rn"; a look-alike of m is an m
        elif proto == "l" and unicodedata.category(ch) == "Lu":
            proto = "I"  # capital Iota, Cyrillic capital I: TR39's prototype for I is l
        out[ch] = proto
    out.update(_DOTLESS)
    for lo, hi in _SMALL_CAPITAL_BLOCKS:  # small capitals TR39 leaves out ("ʜᴀᴍᴀꜱ"): the letter itself
        for cp in range(lo, hi + 1):
            m = _SMALL_CAPITAL.fullmatch(unicodedata.name(chr(cp), ""))
            if m:
                out.setdefault(chr(cp), m.group(1).lower())
    return out


def _small_capital(proto: str) -> str:
    """TR39 prototypes that are Latin small capitals (Cyrillic ``н`` -> ``ʜ``) or kra (``к`` -> ``ĸ``) as letters."""
    if len(proto) != 1 or proto.isascii():
        return proto
    name = unicodedata.name(proto, "")
    m = _SMALL_CAPITAL.fullmatch(name)
    if m:
        return m.group(1).lower()
    return "k" if name == "LATIN SMALL LETTER KRA" else proto


# Unicode's Default_Ignorable_Code_Point characters that are not format characters (Cf): they draw nothing, so a
# name can hide them (combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other
# variation selectors); DerivedCoreProperties.txt, Unicode 15.
_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF))


def _invisible(c: str) -> bool:
    """A format character (Cf), a control character other than the whitespace ones (tab, newline, CR), another
    default-ignorable character, or a private-use or unassigned code point (no name is written with one)."""
    cat = unicodedata.category(c)
    if cat in ("Cf", "Co", "Cn") or (cat == "Cc" and c not in "\t\n\r"):
        return True
    cp = ord(c)
    return cp >= 0x034F and any(lo <= cp <= hi for lo, hi in _IGNORABLE)


def strip_format(text: str) -> str:
    """``text`` without terminal escape sequences (``ESC [ 0 m``), control characters (Cc: NUL, BEL, ESC...) and
    format characters (Cf: zero-width, soft hyphen, bidi controls), so none of them can split or hide a name."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c for c in _ESCAPE.sub("", text) if not _invisible(c))


def fold_confusables(text: str) -> str:
    """Replace letters that look like Latin letters (TR39) by those letters; ASCII and Arabic are left alone.

    Expects decomposed text (NFKD): accented Latin letters are already base letter + combining mark.
    """
    if text.isascii():
        return text
    table: dict[str, str] | None = None
    out: list[str] = []
    for ch in text:
        if ch.isascii() or unicodedata.combining(ch):
            out.append(ch)
            continue
        if table is None:
            table = _latin_prototypes()
        out.append(table.get(ch, ch))
    return "".join(out)


def _digit_word(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    digits = sum(c in DIGIT_LETTERS for c in word)
    return digits > 0 and letters >= 3 and letters > digits


def fold_digits(text: str) -> str:
    """Read digits as letters inside words that are mostly letters ("hizba11ah" -> "hizballah")."""
    if not _DIGIT.search(text):
        return text
    return _WORD.sub(lambda m: _fold_word(m.group()) if _digit_word(m.group()) else m.group(), text)


def _fold_word(word: str) -> str:
    return "".join(DIGIT_LETTERS.get(c, c) for c in word)


def digit_readings(text: str) -> list[str]:
    """Other readings of ``text`` for screening: ``1`` as ``i`` where :func:`fold_digits` reads it as ``l``."""
    if "1" not in text:
        return []
    alt = _WORD.sub(lambda m: m.group().replace("1", "i") if _digit_word(m.group()) else m.group(), text)
    return [alt] if alt != text else []


def lookalike_readings(text: str) -> list[str]:
    """Other readings of ``text`` for screening: look-alikes of the dotless one-stroke letters (Cyrillic ``ӏ``,
    Greek ``Ι``...) read as ``i`` where they are read as ``l``, and as ``l`` where they are read as ``I``: the eye
    cannot tell which a dotless stroke stands for ("Hӏzballah" is "Hizballah", "aΙ-Qaida" is "al-Qaida")."""
    if text.isascii():
        return []
    table = _latin_prototypes()
    swap = {"l": "i", "I": "l"}
    alt = "".join(swap.get(table.get(c, ""), c) if not c.isascii() else c for c in text)
    return [alt] if alt != text else []


def bidi_controls(text: str) -> list[str]:
    """The bidirectional control characters in ``text``, as ``U+202E RIGHT-TO-LEFT OVERRIDE`` (in order, once)."""
    found = dict.fromkeys(c for c in text if c in BIDI_CONTROLS)
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'BIDI CONTROL')}" for c in found]


def displayed_form(text: str) -> str | None:
    """What a reader sees when ``text`` has right-to-left overrides/embeddings/isolates (None when it has none).

    Approximation of the Unicode bidi algorithm sufficient for disguises: the characters after an RLO, RLE or RLI,
    up to its PDF/PDI or the end, are shown in reverse order ("\\u202esamaH" is shown as "Hamas").
    """
    if not any(c in _RTL_OPENERS for c in text):
        return None
    out: list[str] = []
    run: list[str] | None = None
    for ch in text:
        if ch in _RTL_OPENERS:
            if run is not None:
                out.extend(reversed(run))
            run = []
        elif ch in _CLOSERS and run is not None:
            out.extend(reversed(run))
            run = None
        elif ch not in BIDI_CONTROLS:
            (run if run is not None else out).append(ch)
    if run is not None:
        out.extend(reversed(run))
    return "".join(out)


def folding_notes(text: str) -> list[str]:
    """What :func:`strip_format`, :func:`fold_confusables` and :func:`fold_digits` changed in ``text``, in words."""
    if text.isascii() and text.isprintable() and not _DIGIT.search(text):
        return []
    notes: list[str] = []
    if _ESCAPE.search(text):
        notes.append("terminal escape sequences removed")
    fmt = dict.fromkeys(c for c in _ESCAPE.sub("", text) if _invisible(c))
    if fmt:
        notes.append(
            "invisible characters removed: "
            + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in fmt)
        )
    decomposed = unicodedata.normalize("NFKD", strip_format(text))
    folded = {c: fold_confusables(c) for c in dict.fromkeys(decomposed) if not c.isascii()}
    looks = [f"{c!r} ({unicodedata.name(c, '?')}) as {r!r}" for c, r in folded.items() if r != c]
    if looks:
        notes.append("look-alike letters read as Latin: " + ", ".join(looks))
    words = [w for w in _WORD.findall(fold_confusables(decomposed)) if _digit_word(w)]
    if words:
        digits = dict.fromkeys(c for w in words for c in w if c in DIGIT_LETTERS)
        notes.append("digits read as letters: " + ", ".join(f"{d!r} as {DIGIT_LETTERS[d]!r}" for d in digits))
    return notes
