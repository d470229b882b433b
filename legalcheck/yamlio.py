"""Safe YAML/JSON loading that remembers where every value came from.

* Only the YAML core schema (safe loading). Anchors and aliases are expanded under a
  budget of values, so a "billion laughs" document is refused, not expanded.
* Files above a size limit are refused before they are parsed.
* Duplicate mapping keys and very deep nesting are errors.
* Every value's line is kept in a ``LineMap`` so that schema errors can say
  ``file:line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]


class LineMap:
    """Maps a path inside a document (keys and list indexes) to a 1-based line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._lines: dict[PathKey, int] = {}

    def set(self, path: PathKey, line: int) -> None:
        self._lines[path] = line

    def line(self, path: PathKey) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self._lines:
                return self._lines[p]
            if not p:
                return None
            p = p[:-1]


MAX_NODES = 500_000
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))

_ComposeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Builder:
    """Turns composed nodes into Python values; aliases are expanded under a node budget."""

    def __init__(self) -> None:
        self.nodes_built = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def construct_object(self, node: yaml.Node, deep: bool = True) -> Any:
        return self.constructor.construct_object(node, deep=deep)


def _construct(node: yaml.Node, path: PathKey, lines: LineMap, file: str, loader: _Builder) -> Any:
    loader.nodes_built += 1
    if loader.nodes_built > MAX_NODES:
        raise InputError.single(
            file,
            f"document expands to more than {MAX_NODES} values (a YAML alias bomb?); refused",
            line=node.start_mark.line + 1,
        )
    if len(path) > MAX_DEPTH:
        raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels", line=node.start_mark.line + 1)
    lines.set(path, node.start_mark.line + 1)
    _check_tag(node, file)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            _check_tag(key_node, file)
            key = _scalar(key_node, file, loader)
            if isinstance(key, (dict, list)):
                raise InputError.single(file, "mapping keys must be plain values", line=key_node.start_mark.line + 1)
            skey = str(key) if not isinstance(key, str) else key
            if skey == "<<":
                raise InputError.single(file, "YAML merge keys (<<) are not allowed", line=key_node.start_mark.line + 1)
            if skey in out:
                raise InputError.single(
                    file,
                    f"duplicate key {skey!r}",
                    line=key_node.start_mark.line + 1,
                    field=".".join(map(str, path)) or None,
                )
            out[skey] = _construct(value_node, (*path, skey), lines, file, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, (*path, i), lines, file, loader) for i, child in enumerate(node.value)]
    return _scalar(node, file, loader)


def _scalar(node: yaml.Node, file: str, loader: _Builder) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError, AttributeError, yaml.YAMLError) as exc:
        # an impossible date such as 2024-02-30, a 5000-digit number, text under an explicit !!timestamp
        text = str(getattr(node, "value", ""))
        shown = repr(text if len(text) <= 60 else text[:40] + "...") + (f" ({len(text)} characters)"
                                                                         if len(text) > 60 else "")
        line = node.start_mark.line + 1
        raise InputError.single(file, f"invalid value {shown}: {_reason(exc)}", line=line) from None


def _check_tag(node: yaml.Node, file: str) -> None:
    """Only the plain YAML core types: ``!!binary``, ``!!python/...``, ``!!set`` and custom tags are refused."""
    if node.tag not in ALLOWED_TAGS:
        tag = node.tag.replace(_CORE, "!!")
        raise InputError.single(file, f"YAML tag {tag!r} is not allowed (only plain strings, numbers, dates, "
                                "booleans, lists and mappings)", line=node.start_mark.line + 1)


def check_readable(path: Path, max_bytes: int) -> None:
    """``path`` is a regular file of at most ``max_bytes`` (else bad input naming the file)."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError.single(file, f"cannot read file: {exc.strerror or exc}") from None
    if not path.is_file():
        raise InputError.single(file, "not a regular file")
    if size > max_bytes:
        raise InputError.single(file, "file too large", expected=f"at most {max_bytes} bytes", found=f"{size} bytes")


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    check_readable(path, max_bytes)
    return decode_text(path.read_bytes(), str(path), max_bytes)


def decode_text(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    """The text of a document received as bytes (a file's or a request's), with the same checks as a file."""
    if len(raw) > max_bytes:
        raise InputError.single(file, "file too large", expected=f"at most {max_bytes} bytes",
                                found=f"{len(raw)} bytes")
    if b"\x00" in raw:
        raise InputError.single(file, "binary data (NUL bytes) is not a YAML or JSON document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(file, f"not UTF-8 text (byte {exc.start})") from None


def load_document(path: Path, max_bytes: int = MAX_BYTES) -> tuple[Any, LineMap]:
    """Load one YAML (or JSON, which is YAML) document with its line map."""
    text = read_text(path, max_bytes)
    return parse_document(text, str(path))


def parse_document(text: str, file: str) -> tuple[Any, LineMap]:
    lines = LineMap(file)
    if file.endswith(".json"):
        data = parse_json(text, file)
        _check_depth(data, file)
        try:  # JSON is (almost always) YAML: compose it again only to learn each value's line
            _, lines = parse_document(text, file + ".as-yaml")
            lines.file = file
        except InputError:
            lines = LineMap(file)
        return data, lines
    loader = _ComposeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        data = _construct(node, (), lines, file, _Builder())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        msg = exc.problem or exc.context or "YAML syntax error"
        if "nesting depth" in msg:  # libyaml's own depth limit (PyYAML >= 6.0.4)
            raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels ({msg})", line=line) from None
        raise InputError.single(file, f"YAML syntax error: {msg}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.single(file, f"YAML error: {exc}") from None
    except RecursionError:
        raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    return data, lines


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_json(text: str, file: str) -> Any:
    """Strict JSON: duplicate keys (last one would silently win), over-long numbers and deep nesting are errors."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError.single(file, f"JSON syntax error: {exc.msg}", line=exc.lineno) from None
    except _DuplicateKey as exc:
        key = str(exc.args[0])
        raise InputError.single(file, f"duplicate key {key!r} (the last one would silently win)",
                                line=_second_key_line(text, key)) from None
    except RecursionError:
        raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # int() refuses numbers of more than 4300 digits
        raise InputError.single(file, f"invalid number: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "digits" in text and "integer" in text:
        return "a number with more than 4300 digits"
    if isinstance(exc, AttributeError | TypeError):
        return "not a value of its tagged type"
    return text[:200]


def _second_key_line(text: str, key: str) -> int | None:
    """The duplicate's line: from the YAML reading of the same text (exact), else the second ``"key":``."""
    import re

    try:
        parse_document(text, "<json-as-yaml>")
    except InputError as exc:
        p = exc.problems[0]
        if p.message.startswith("duplicate key") and p.line is not None:
            return p.line
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, hits[1]) + 1 if len(hits) > 1 else None


def _check_depth(data: Any, file: str) -> None:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def iter_yaml_files(directory: Path) -> Iterator[Path]:
    for p in sorted(directory.rglob("*")):
        if p.suffix in {".yaml", ".yml"} and p.is_file():
            yield p
