"""Cycles in ``part_of`` links (a group that would be part of its own part): refused in designation data and in
engagements, so that nothing that follows the links can go round for ever or read a group as a part of its part."""

from __future__ import annotations

from collections.abc import Iterable


def cycles(links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The cycles of the directed links ``(part, whole)``: each a sorted list of the keys that reach one another
    (a key linked to itself is a cycle of one), the cycles in order of their first key."""
    succ: dict[str, set[str]] = {}
    for part, whole in links:
        succ.setdefault(part, set()).add(whole)
    reach = {k: _reachable(k, succ) for k in succ}
    out: list[list[str]] = []
    seen: set[str] = set()
    for k in sorted(succ):
        if k in seen or k not in reach[k]:
            continue
        members = sorted(m for m in reach[k] if m in reach and k in reach[m])
        seen.update(members)
        out.append(members)
    return out


def _reachable(start: str, succ: dict[str, set[str]]) -> set[str]:
    """Every key reachable from ``start`` by one or more links (``start`` itself only through a cycle)."""
    found: set[str] = set()
    todo = list(succ.get(start, ()))
    while todo:
        k = todo.pop()
        if k not in found:
            found.add(k)
            todo.extend(succ.get(k, ()))
    return found
