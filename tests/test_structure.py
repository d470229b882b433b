"""The code stays easy to change: short functions, small engine classes, no import cycle, no copied blocks.

Limits (issue 10): no function in legalcheck/ over 60 lines; no class in legalcheck/engine/ over 150 lines; no
cycle among legalcheck modules through module-level imports; no block of 6 or more identical non-trivial lines
in two modules (compared after stripping indentation, ignoring blank lines, comments and imports).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "legalcheck"
MAX_FUNCTION = 60
MAX_ENGINE_CLASS = 150
BLOCK = 6


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if ".venv" in path.parts or "_data" in path.parts:
            continue
        out[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return out


def _length(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined,operator]


def _where(path: Path, node: ast.AST, name: str) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name} ({_length(node)} lines)"  # type: ignore[attr-defined]


def test_no_function_is_over_60_lines() -> None:
    long = [_where(path, n, n.name)
            for path, tree in _modules().values() for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and _length(n) > MAX_FUNCTION]
    assert long == [], "split these functions (at most 60 lines each):\n" + "\n".join(long)


def test_no_engine_class_is_over_150_lines() -> None:
    big = [_where(path, n, n.name)
           for name, (path, tree) in _modules().items() if name.startswith("legalcheck.engine")
           for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and _length(n) > MAX_ENGINE_CLASS]
    assert big == [], "split these engine classes (at most 150 lines each):\n" + "\n".join(big)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports_graph() -> dict[str, set[str]]:
    """Module -> legalcheck modules it imports at module level (imports inside functions run later: no cycle)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, (path, tree) in mods.items():
        is_package = path.name == "__init__.py"
        for node in tree.body:
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            for t in targets:
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    graph[name].add(t)
                # importing a.b.c first runs the package a.b (unless the importer is inside it)
                parent = t.rpartition(".")[0]
                while parent.count(".") >= 1 and not (name == parent or name.startswith(parent + ".")):
                    graph[name].add(parent)
                    parent = parent.rpartition(".")[0]
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*stack[stack.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_cycle_among_legalcheck_modules() -> None:
    graph = _imports_graph()
    assert graph["legalcheck.engine.finding"] >= {"legalcheck.engine.reach", "legalcheck.models.runtime"}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle (module-level imports): " + " -> ".join(cycle or [])


def _trivial(line: str) -> bool:
    """Lines that say nothing on their own: brackets, bare keywords, docstring quotes, short fragments."""
    return len(line) < 12 or line.strip("()[]{},:;'\" ") in ("", "else", "try", "finally", "pass", "return")


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "import ", "from ")):
            continue
        out.append((no, line))
    return out


def _copied_blocks(texts: dict[str, str]) -> list[str]:
    """Every run of BLOCK consecutive normalised lines (at least half of them non-trivial) seen in two modules."""
    seen: dict[tuple[str, ...], set[str]] = defaultdict(set)
    where: dict[tuple[tuple[str, ...], str], int] = {}
    for name, text in texts.items():
        lines = _lines(text)
        for i in range(len(lines) - BLOCK + 1):
            window = tuple(text for _, text in lines[i:i + BLOCK])
            if sum(not _trivial(t) for t in window) * 2 < BLOCK:
                continue
            seen[window].add(name)
            where.setdefault((window, name), lines[i][0])
    out = []
    for window, names in seen.items():
        if len(names) > 1:
            at = ", ".join(f"{n}:{where[(window, n)]}" for n in sorted(names))
            out.append(f"{at}: {window[0][:80]!r} ...")
    return sorted(out)


def test_the_checks_find_what_they_look_for() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    body = "\n".join(f"    total_{i} = compute_something(value_{i}, other)" for i in range(6))
    copied = _copied_blocks({"m1": f"def f():\n{body}\n", "m2": f"# a comment\n\ndef g():\n{body}\n"})
    assert copied == ["m1:2, m2:4: 'total_0 = compute_something(value_0, other)' ..."]
    assert _copied_blocks({"m1": "x = 1\n" * 6, "m2": "x = 1\n" * 6}) == []  # trivial lines only


def test_no_block_of_six_lines_is_copied_between_modules() -> None:
    copied = _copied_blocks({name: path.read_text(encoding="utf-8") for name, (path, _) in _modules().items()})
    assert copied == [], "blocks of 6+ identical lines in two modules (share a function instead):\n" + "\n".join(
        copied[:30])
