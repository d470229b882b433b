"""UN Security Council Consolidated List (``consolidated.xml``, sc-sanctions.xsd).

Parsed with ``defusedxml`` (entity expansion, external entities and DTDs are refused). Individuals and
entities both become entries; ids are the UN reference numbers (``QDe.115`` -> ``qde.115``).
Aliases of quality ``Good``, ``a.k.a.`` and ``f.k.a.`` are strong; ``Low`` quality aliases are weak
(exact match only). ``NAME_ORIGINAL_SCRIPT`` is kept as a strong alias (Arabic-script matching).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from ..errors import InputError
from ..models.designations import DesignationList
from .common import build_list, check_size, clean, dedupe, designation, parse_date, publication_date

LIST_ID = "un-consolidated"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
LIST_NAMES = {
    "Al-Qaida": "ISIL (Da'esh) and Al-Qaida sanctions list (res. 1267/1989/2253)",
    "Taliban": "1988 sanctions list (Taliban)",
    "Somalia": "Al-Shabaab sanctions list (res. 751/2713)",
}


def _text(el: Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(tag)
    return clean(child.text) if child is not None and child.text else ""


def read_un(path: Path, as_of: dt.date | None = None) -> DesignationList:
    check_size(path)
    try:
        root = DET.parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        raise InputError.single(str(path), f"unsafe XML refused: {exc}") from None
    except DET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError.single(str(path), f"XML syntax error: {exc}", line=line) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise InputError.single(str(path), "not a UN consolidated list", expected="<CONSOLIDATED_LIST>",
                                found=f"<{root.tag}>")
    generated = parse_date((root.get("dateGenerated") or "")[:10])
    entries = []
    seen: set[str] = set()
    for kind, tag in (("person", "INDIVIDUAL"), ("organisation", "ENTITY")):
        entries += [_entry(el, kind, tag, seen, str(path)) for el in root.iter(tag)]
    meta = {
        "id": LIST_ID,
        "title": "United Nations Security Council Consolidated List",
        "jurisdiction": "UN",
        "kind": "sanctions",
        "authority": "United Nations Security Council (sanctions committees)",
        "legal_basis": "UN Charter Chapter VII; resolutions 1267/1989/2253 (ISIL/Al-Qaida), 1988 (Taliban), "
        "751/2713 (Al-Shabaab) and other regimes",
        "url": URL,
        "as_of": publication_date(generated, as_of, "un-xml", str(path)).isoformat(),
        "description": "Every individual and entity of the imported consolidated.xml; the UN list of each entry "
        "is in its scope_note.",
    }
    return build_list(meta, entries, str(path))


def _entry(el: Element, kind: str, tag: str, seen: set[str], file: str) -> dict[str, Any]:
    """One ``INDIVIDUAL`` or ``ENTITY`` as a designation entry (``seen``: ids already taken, updated)."""
    ref = _text(el, "REFERENCE_NUMBER")
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not ref or not name:
        raise InputError.single(file, f"{tag} without reference number or name", found=_text(el, "DATAID"))
    strong: list[str] = []
    weak: list[str] = []
    for al in el.iter(f"{tag}_ALIAS"):
        alias = _text(al, "ALIAS_NAME")
        if alias:
            (weak if _text(al, "QUALITY").lower() == "low" else strong).append(alias)
    original = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        strong.append(original)
    listed = parse_date(_text(el, "LISTED_ON"))
    if listed is None:
        raise InputError.single(file, f"{ref}: LISTED_ON missing or not a date")
    un_list = _text(el, "UN_LIST_TYPE")
    history = [f"UN sanctions list: {LIST_NAMES.get(un_list, un_list)}"]
    history += [f"updated {d}" for d in (clean(v.text) for v in el.iterfind("LAST_DAY_UPDATED/VALUE")) if d]
    eid = ref.lower().replace(" ", "-")
    if eid in seen:
        eid = f"{eid}-{_text(el, 'DATAID')}"
    seen.add(eid)
    aliases = dedupe(strong, exclude=[name])
    return designation(
        id=eid, name=name, aliases=aliases, weak_aliases=dedupe(weak, exclude=[name, *aliases]),
        type=kind, reference=ref, listed_from=listed.isoformat(), scope_note=f"UN {un_list} list",
        history=history,
        sources=[{"title": f"UN Security Council Consolidated List ({ref})", "url": URL,
                  **({"quote": _text(el, "COMMENTS1")[:2000]} if _text(el, "COMMENTS1") else {})}],
    )  # fmt: skip
