"""The Jinja2 environments of the Markdown and HTML memos: how each prints the view model's words.

Markdown escapes the free text in a phrase (``Free`` parts) and nothing else; HTML autoescapes everything, so free
text can never become markup. Neither decides what the memo says: that is the view model's job.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..paths import templates_dir
from .parts import Label, Status
from .text import md_text, plain_text

_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def safe_url(value: Any) -> str:
    """The URL when it is a plain http(s) URL, else an empty string (the template then prints no link)."""
    text = "" if value is None else str(value)
    return text if _SAFE_URL.match(text) else ""


def anchor(value: Any) -> str:
    """A stable, HTML-safe fragment identifier for a free-text id."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-")
    return text or "x"


def css_string(value: Any) -> str:
    """Free text as the body of a CSS string: every character but letters, digits and spaces is hex-escaped, so no
    value can close the string, the rule or the style element."""
    out = []
    for ch in plain_text(value):
        if ch == " " or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return "".join(out)


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Label | Status):
        return value.text
    return md_text(value)


def _html_finalize(value: Any) -> Any:
    if hasattr(value, "__html__"):  # markup a macro of the template made: already escaped
        return value
    if isinstance(value, Label | Status):
        return value.text
    return plain_text(value)


def bytecode_cache() -> Any:
    """Compiled templates kept in the user cache next to the rule snapshot (``templates/``, folder 0700, files
    0600), or None when the cache is off or the folder cannot be trusted or made. Jinja2 checks each file against
    the template's source; legalcheck also refuses files and folders that are links, not the user's own or writable
    by others (a compiled template is code), and ignores a cache it cannot write to."""
    import jinja2

    from ..usercache import cache_dir, private_folder, read_private

    base = cache_dir()
    if base is None or not (private_folder(base) and private_folder(base / "templates")):
        return None
    folder = base / "templates"

    class TrustedBytecodeCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            import io

            data = read_private(Path(self._get_cache_filename(bucket)))  # folder and file checked as read
            if data is not None:
                bucket.load_bytecode(io.BytesIO(data))

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a read-only or full cache: the template is simply compiled next time too
                pass

    return TrustedBytecodeCache(str(folder))


def environment(fmt: str, template_dir: Path | None = None) -> Any:
    import jinja2

    html = fmt == "html"
    env = jinja2.Environment(
        bytecode_cache=bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(template_dir or templates_dir())),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_html_finalize if html else _md_finalize,
    )
    env.tests["outcome"] = lambda v: isinstance(v, Label)
    env.tests["status"] = lambda v: isinstance(v, Status)
    env.filters["oclass"] = lambda o: "o-" + o.value.replace("_", "-")
    env.filters["url"] = safe_url
    env.filters["anchor"] = lambda v: anchor(plain_text(v))
    env.filters["css_string"] = css_string
    return env
