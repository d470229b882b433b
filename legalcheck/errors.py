"""Errors a user can act on: file, line, field, what was expected, what was found."""

from __future__ import annotations

from .records import Record


class Problem(Record):
    """One thing wrong with one input file."""

    _fields = ("file", "message", "line", "field", "expected", "found", "severity")

    def __init__(self, file: str, message: str, line: int | None = None, field: str | None = None,
                 expected: str | None = None, found: str | None = None, severity: str = "error") -> None:
        self.file = file
        self.message = message
        self.line = line
        self.field = field
        self.expected = expected
        self.found = found
        self.severity = severity  # error | warning | note (a note never fails, even under --strict)

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        parts = [f"{where}: {self.severity}:"]
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += f"; found {self.found})" if self.found is not None else ")"
        elif self.found is not None:
            text += f" (found {self.found})"
        return text


class InputError(Record, Exception):
    """Bad input: exit code 2, one clear message per problem, no traceback."""

    _fields = ("problems",)

    def __init__(self, problems: list[Problem] | None = None) -> None:
        self.problems = [] if problems is None else problems

    def __str__(self) -> str:
        return "\n".join(p.render() for p in self.problems)

    @classmethod
    def single(cls, file: str, message: str, **kw: object) -> InputError:
        return cls([Problem(file=file, message=message, **kw)])  # type: ignore[arg-type]
