"""Size, count and expansion limits checked before work starts (figures in docs/reliability.md)."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

MAX_ACTIVITY_COUNTERPARTS = 20_000  # activity-counterpart pairs of one engagement (each is assessed: ~7 KB, ~0.15 ms)
MAX_ACTIVITY_PERFORMERS = 10_000  # activities x distinct staff (nationality, residence) performing each (~1 ms)
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 200  # a member may expand to at most 200 times its compressed size (XLSX text: 5-20x)


def check_zip_expansion(path: Path, limit: int) -> None:
    """Refuse a zip container (an XLSX workbook) that is not one, or whose members declare more than ``limit``
    bytes uncompressed, too many members or an implausible compression ratio (a decompression bomb).

    The declared sizes are what ``zipfile`` enforces while reading (it stops at a member's declared size), so
    checking them bounds the work before any member is decompressed.
    """
    import zipfile  # (imported here: a check of an engagement file, which reads the limits above, needs no zipfile)

    file = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError.single(file, f"not a valid .xlsx file ({exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError.single(file, "workbook has too many parts", expected=f"at most {MAX_ZIP_MEMBERS}",
                                found=str(len(infos)))
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise InputError.single(file, "workbook expands to too much data (a decompression bomb?)",
                                expected=f"at most {limit} bytes uncompressed", found=f"{total} bytes")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise InputError.single(file, f"workbook part {i.filename!r} expands implausibly (a decompression bomb?)",
                                    expected=f"at most {MAX_ZIP_RATIO}x its compressed size",
                                    found=f"{i.file_size // max(i.compress_size, 1)}x")

# The web app (legalcheck serve): the largest request body accepted, and the largest form field that carries an
# engagement file back and forth. A plan of MAX_ROWS rows fits well within the first.
MAX_REQUEST_BYTES = 16 * 1024 * 1024
MAX_FORM_FIELD_BYTES = 5 * 1024 * 1024
MAX_SCREEN_NAMES = 200
