"""EU consolidated annex CSV (one file per CELEX act, as in OpenSanctions' ``journal_sanctions`` data).

Columns used: celex, recordId, programKey, annex, startDate, schema, name, alias (``;``-separated),
weakAlias (``;``-separated, exact match only), previousName. The list id is ``eu-<celex>`` in lower
case (``eu-32002r0881``). Not an official EU format: a transcription of the EUR-Lex consolidated text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ..errors import InputError
from ..models.designations import DesignationList
from .common import (
    DATE_NOT_PUBLISHED,
    NOT_PUBLISHED_NOTE,
    build_list,
    check_size,
    clean,
    csv_guard,
    csv_text,
    dedupe,
    designation,
    parse_date,
    publication_date,
    slug,
)

REQUIRED = ("celex", "recordId", "schema", "name", "alias", "startDate")
TITLES = {
    "32001R2580": "EU terrorist list (Council Regulation (EC) No 2580/2001, CP 931)",
    "32002R0881": "EU ISIL (Da'esh) and Al-Qaida list (Council Regulation (EC) No 881/2002)",
    "32016R1686": "EU autonomous ISIL (Da'esh) and Al-Qaida list (Council Regulation (EU) 2016/1686)",
    "32010R0356": "EU Somalia regime (Council Regulation (EU) No 356/2010)",
    "32011R0753": "EU Afghanistan / Taliban regime (Council Regulation (EU) No 753/2011)",
    "32024R0386": "EU Hamas and Palestinian Islamic Jihad regime (Council Regulation (EU) 2024/386)",
}


def _split(value: str) -> list[str]:
    return [clean(v) for v in value.split(";") if clean(v)]


def read_eu(path: Path, as_of: dt.date | None = None) -> DesignationList:
    check_size(path)
    reader = csv.DictReader(io.StringIO(csv_text(path), newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError.single(str(path), "not an EU annex CSV: missing columns", line=1, expected=", ".join(missing))
    entries = []
    celex = ""
    seen: set[str] = set()
    for row in csv_guard(path, reader):
        line = reader.line_num
        name = clean(row["name"])
        if not name:
            raise InputError.single(str(path), "row without a name", line=line)
        celex = celex or clean(row["celex"])
        if clean(row["celex"]) != celex:
            raise InputError.single(str(path), "several CELEX numbers in one file", line=line, found=row["celex"])
        rid = clean(row["recordId"])
        eid = f"r{slug(rid)}" if rid else slug(name)
        base, n = eid, 2
        while eid in seen:
            eid, n = f"{base}-{n}", n + 1
        seen.add(eid)
        strong = dedupe([*_split(row.get("alias") or ""), *_split(row.get("previousName") or "")], exclude=[name])
        weak = dedupe(_split(row.get("weakAlias") or ""), exclude=[name, *strong])
        listed = parse_date(row.get("startDate"))
        history = [f"EU programme {clean(row.get('programKey'))}, annex {clean(row.get('annex'))}"]
        if listed is None:
            history.append(NOT_PUBLISHED_NOTE + (f" (startDate {row['startDate']!r})" if row.get("startDate") else ""))
        entries.append(designation(
            id=eid, name=name, aliases=strong, weak_aliases=weak,
            type="person" if row["schema"] == "Person" else "organisation",
            reference=f"{celex} record {rid}" if rid else None,
            listed_from=(listed or DATE_NOT_PUBLISHED).isoformat(), history=history,
            sources=[{"title": f"EUR-Lex CELEX {celex} (consolidated annex)",
                      "url": f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"}],
        ))  # fmt: skip
    if not celex:
        raise InputError.single(str(path), "no rows")
    meta = {
        "id": f"eu-{celex.lower()}",
        "title": TITLES.get(celex, f"EU sanctions annex, CELEX {celex}"),
        "jurisdiction": "EU",
        "kind": "sanctions",
        "authority": "Council of the European Union",
        "legal_basis": f"CELEX {celex}",
        "url": f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}",
        "as_of": publication_date(None, as_of, "eu-csv", str(path)).isoformat(),
        "description": "Every annex entry of the imported CSV (a transcription of the EUR-Lex consolidated text, "
        "not an official EU format).",
    }
    return build_list(meta, entries, str(path))
