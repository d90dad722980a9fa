"""Problems are values: every stage returns them instead of raising, so one run reports them all."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # reported, never fails a build (an untranslated page, by default)


@dataclass(frozen=True, order=True)
class Mark:
    """Where something came from: a file and a 1-based line and column (0 when unknown)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing an editor should fix: what is wrong, where, and how to fix it."""

    mark: Mark
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    source_line: str = ""
    centers: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def key(self) -> tuple:
        return (self.mark, self.message, self.hint, self.severity.value)

    def render(self) -> str:
        lines = [f"{self.mark}: {self.severity.value}: {self.message}"]
        if self.source_line.strip():
            lines.append(f"    {self.mark.line:>4} | {self.source_line.rstrip()}")
            if self.mark.col:
                lines.append("         | " + " " * (self.mark.col - 1) + "^")
        if self.hint:
            lines.append("    fix: " + self.hint.replace("\n", "\n         "))
        if self.centers:
            lines.append(f"    in: {', '.join(self.centers)}")
        return "\n".join(lines)

    @classmethod
    def from_dict(cls, d: dict) -> Problem:
        """A problem as `as_dict` wrote it into one of the build's records."""
        return cls(
            Mark(d["file"], d.get("line", 0), d.get("col", 0)),
            d["message"],
            d.get("hint", ""),
            Severity(d.get("severity", "error")),
            d.get("source", ""),
            tuple(d.get("centers", ())),
        )

    def as_dict(self) -> dict:
        return {
            "file": self.mark.file,
            "line": self.mark.line,
            "col": self.mark.col,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "source": self.source_line.rstrip(),
            "centers": list(self.centers),
        }


@dataclass
class Problems:
    """A collector that stages append to; reading source lines lazily so marks can quote them."""

    items: list[Problem] = field(default_factory=list)
    _lines: dict[str, list[str]] = field(default_factory=dict)
    root: Path | None = None

    def add(
        self,
        mark: Mark,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        center: str | None = None,
    ) -> None:
        self.items.append(
            Problem(
                mark,
                message,
                hint,
                severity,
                self.quote(mark),
                (center,) if center else (),
            )
        )

    def warn(self, mark: Mark, message: str, hint: str = "", center: str | None = None) -> None:
        self.add(mark, message, hint, Severity.WARNING, center)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def remember_source(self, file: str, text: str) -> None:
        self._lines[file] = text.splitlines()

    def quote(self, mark: Mark) -> str:
        if not mark.line:
            return ""
        lines = self._lines.get(mark.file)
        if lines is None and self.root is not None:
            path = self.root / mark.file
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            self._lines[mark.file] = lines
        if lines and 0 < mark.line <= len(lines):
            return lines[mark.line - 1]
        return ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.is_warning]

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)


def merge_duplicates(problems: Iterable[Problem]) -> list[Problem]:
    """The same problem found in many centers is one message that lists them (sorted, stable)."""
    merged: dict[tuple, Problem] = {}
    for p in problems:
        k = p.key()
        if k in merged:
            old = merged[k]
            centers = tuple(sorted(set(old.centers) | set(p.centers)))
            merged[k] = Problem(
                old.mark, old.message, old.hint, old.severity, old.source_line, centers
            )
        else:
            merged[k] = p
    return sorted(merged.values(), key=lambda p: (p.mark.file, p.mark.line, p.mark.col, p.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean …?' phrase for a misspelt key or id, or '' when nothing is close."""
    return suggest(closest(word, choices))


def suggest(close: list[str]) -> str:
    """'did you mean 'a' or 'b'?' for what `closest` found, or ''."""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""


def closest(word: str, choices: Iterable[str]) -> list[str]:
    """The values a misspelt key or id most likely meant (one, or up to three about as close).

    Suggesting a *different real value* leads an editor to a wrong fix, so: the same word in
    another case or spacing wins; then a unique value that starts with what was typed (or that
    it starts with); then the closest spelling, naming every value about as close."""
    options = sorted(set(choices))
    folded = {fold(c): c for c in options}
    typed = fold(word)
    if not typed or not options:
        return []
    if typed in folded:
        return [folded[typed]]
    if len(typed) >= 4:
        starts = [c for f, c in folded.items() if f.startswith(typed) or typed.startswith(f)]
        if len(starts) == 1:
            return starts
    near = [c for f, c in folded.items() if _one_edit(typed, f)]  # nva → nav, ipo → iop
    if len(near) == 1:
        return near
    scored = sorted(
        ((difflib.SequenceMatcher(None, typed, f).ratio(), c) for f, c in folded.items()),
        key=lambda rc: (-rc[0], rc[1]),
    )
    best = scored[0][0]
    if best < (0.7 if len(typed) <= 5 else 0.6):  # short words are close to many others
        return []
    return [c for ratio, c in scored if best - ratio < 0.05][:3]


def fold(text: str) -> str:
    """A word as editors mean it: any case, spaces, hyphens or underscores."""
    return "-".join(text.casefold().replace("_", " ").replace("-", " ").split())


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped (a typo, not another word)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
