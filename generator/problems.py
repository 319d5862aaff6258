"""Problems found in user input, collected as values and never raised one at a time."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.control_characters import visible
from generator.labels import SEVERITY_LABELS
from generator.problem_codes import PROBLEM_CODES


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the user's files: where it is, what it is, how to fix it.

    `line` and `column` are 1-based; 0 means "the whole file" (or unknown).
    """

    file: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def as_text(self) -> str:
        """The problem as printed: one line, and an indented hint line."""
        text = f"{self.location}: {SEVERITY_LABELS[self.severity]} {self.code}: {self.message}"
        if self.hint:
            text += f"\n    ヒント: {self.hint}"
        return visible(text)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def make_problem(
    code: str,
    file: str | Path,
    line: int = 0,
    column: int = 0,
    *,
    hint: str = "",
    **values: object,
) -> Problem:
    """Build a problem from its code; the message template comes from the code catalogue."""
    spec = PROBLEM_CODES[code]
    # A value echoed from the user's files never carries an escape sequence or control.
    values = {name: visible(v) if isinstance(v, str) else v for name, v in values.items()}
    # Details passed in often end with 。 already; the template adds its own.
    message = spec.message.format(**values).replace("。。", "。")
    return Problem(
        file=str(file),
        line=line,
        column=column,
        code=code,
        severity=Severity(spec.severity),
        message=message,
        hint=visible(hint) or spec.hint.format(**values),
    )


# In text output, at most this many problems of one code are printed; the rest are counted.
SHOWN_PER_CODE = 10


def problem_lines(problems: Sequence[Problem], *, shown: int = SHOWN_PER_CODE) -> list[str]:
    """The problems as printed, in their order: past `shown` of one code, one line counts the rest.

    10,000 duplicate rows are 10 located problems and a count, not 30,000 lines; the
    JSON output (`Report.as_json`) keeps every one.
    """
    totals = Counter(problem.code for problem in problems)
    printed: Counter[str] = Counter()
    lines = []
    for problem in problems:
        printed[problem.code] += 1
        if printed[problem.code] <= shown:
            lines.append(problem.as_text())
        if printed[problem.code] == shown and totals[problem.code] > shown:
            rest = totals[problem.code] - shown
            lines.append(
                f"（{problem.code} はほかに {rest:,} 件あります。すべての場所は --format json で表示できます。）"
            )
    return lines


@dataclass
class Report:
    """Every problem found in one run, with the verdict they imply."""

    problems: list[Problem] = field(default_factory=list)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    def is_valid(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def sorted(self) -> list[Problem]:
        """Every distinct problem in order: the list that is printed, and that counts are taken from.

        Two problems are one when they say the same thing at the same place; two at one
        place with different messages (a missing policy for each of several pillars) are two.
        """
        unique = {(p.file, p.line, p.column, p.code, p.message): p for p in self.problems}
        return sorted(unique.values(), key=lambda p: (p.file, p.line, p.column, p.code, p.message))

    def as_json(self) -> str:
        """The problems and the verdict: publishable as is, and publishable under --strict."""
        return json.dumps(
            {
                "publishable": self.is_valid(strict=False),
                "publishable_strict": self.is_valid(strict=True),
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.sorted()],
            },
            ensure_ascii=False,
            indent=2,
        )
