"""The languages a site can have besides its default, from data/languages.yaml, and the
formatting of dates, times and hours in each (Babel). A language is data, not code: which centers
get it follows from their facts (staff who speak it, or `site_languages:`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .hours import day_runs

DATA = Path(__file__).parent / "data"
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # as centers list it under `languages:` ("Spanish")
    native: str  # its own name, for the switcher ("Español")
    locale: str  # Babel's ("es_US")
    readability: str = ""  # a textstat formula where higher is easier
    warn_below: float = 0.0
    error_below: float = 0.0
    words: str = ""  # data file of the wording checks' lists
    claims: str = ""  # data file of the claims check's words
    facts: dict[str, Any] = field(default_factory=dict)  # words for a center's facts


ENGLISH = Language(DEFAULT, "English", "English", "en_US")


@cache
def known() -> dict[str, Language]:
    """Every language a site can have, by code (the default, English, first)."""
    data = yaml.safe_load((DATA / "languages.yaml").read_text(encoding="utf-8")) or {}
    out = {DEFAULT: ENGLISH}
    for code, d in data.items():
        out[code] = Language(code, **d)
    return out


def get(code: str) -> Language:
    return known().get(code, ENGLISH)


def of_center(center: Any, default: str = DEFAULT) -> tuple[str, ...]:
    """The languages of a center's site: the default, then each language its staff speak (or
    that `site_languages:` names), in the order of data/languages.yaml."""
    named = set(getattr(center, "site_languages", ()) or ())
    return (default,) + tuple(
        code
        for code, lang in known().items()
        if code != default and (code in named or center.speaks(lang.name))
    )


@cache
def word_data(code: str, kind: str) -> dict[str, Any]:
    """A language's data file of `kind` ("words" or "claims"); {} when it has none."""
    lang = get(code)
    name = getattr(lang, kind)
    path = DATA / name if name else None
    if path is None or not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


class Formats:
    """Dates, times and hours in one language, for the templates (`fmt`). English keeps the
    site's own forms ("9:00 AM – 5:00 PM", "December 25, 2026"); another language gets its
    locale's from Babel ("9:00 a.m.", "25 de diciembre de 2026") and its words from the theme's
    strings (`t`): hours_closed, hours_all_day, every_day."""

    def __init__(self, code: str, t: Callable[..., str] | None = None) -> None:
        self.code = code
        self.locale = get(code).locale
        self.t = t

    @property
    def _default(self) -> bool:
        return self.code == DEFAULT

    def date(self, value: dt.date) -> str:
        if self._default:
            return value.strftime("%B %-d, %Y")
        return _long_date(value, self.locale)

    def time(self, minutes: int) -> str:
        return _short_time(minutes % (24 * 60), self.locale)

    def day(self, index: int, width: str = "wide") -> str:
        """0 = Monday."""
        from babel.dates import get_day_names

        name = str(get_day_names(width, locale=self.locale)[index])
        return name.capitalize() if width == "wide" else name

    def hours_rows(self, hours: Any) -> list[tuple[str, str]]:
        """(day, text) for each day of a week of hours (hours.Hours)."""
        if self._default:
            return hours.rows()
        return [(self.day(d.day), self._day_text(d, " – ")) for d in hours.days]

    def short_hours(self, hours: Any) -> str:
        """A week of hours in one line, days with equal hours joined ("lun.–jue. 8:00 a.m.–…")."""
        if hours is None:
            return ""
        if self._default:
            from .centers import short_hours

            return short_hours(hours)
        parts = []
        for first, last, text in day_runs(hours, self._runs_text):
            if first == 0 and last == 6:
                days = self._word("every_day")
            elif first == last:
                days = self.day(first, "abbreviated")
            else:
                days = f"{self.day(first, 'abbreviated')}–{self.day(last, 'abbreviated')}"
            parts.append(f"{days} {text}")
        return ", ".join(parts)

    def _runs_text(self, d: Any) -> str:
        return "" if d.closed else self._day_text(d, "–")

    def _day_text(self, d: Any, dash: str) -> str:
        if d.all_day:
            return self._word("hours_all_day")
        if d.closed:
            return self._word("hours_closed")
        return ", ".join(f"{self.time(r.opens)}{dash}{self.time(r.closes)}" for r in d.ranges)

    def _word(self, key: str) -> str:
        return self.t(key) if self.t is not None else key


def _joined(words: list[str], and_: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {and_} " + words[-1]


class CenterIn:
    """A center as a page in another language reads it: the same facts and questions
    (`offers`, `serves`, `phone` …), with the texts made from them in that language (ages,
    staff languages, hours). Pages stay the same code in every language."""

    def __init__(self, center: Any, fmt: Formats) -> None:
        self._center, self._fmt = center, fmt
        lang = get(fmt.code)
        self._and = str(lang.facts.get("and", "and"))
        self._ages = dict(lang.facts.get("ages", {}))
        names = word_data(fmt.code, "claims").get("languages", {})
        self._names: dict[str, str] = {}
        for word, english in names.items() if isinstance(names, dict) else ():
            self._names.setdefault(str(english).casefold(), str(word))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._center, name)

    def __str__(self) -> str:
        return str(self._center)

    @property
    def ages_text(self) -> str:
        return _joined([self._ages.get(a, a) for a in self._center.ages], self._and)

    @property
    def languages_text(self) -> str:
        words = [self._names.get(x.casefold(), x) for x in self._center.languages]
        return _joined(words, self._and)

    @property
    def line_hours_text(self) -> str:
        return self._fmt.short_hours(self._center.line_hours)

    @property
    def crisis(self) -> Any:
        return _CrisisIn(self._center.crisis, self._fmt)


class _CrisisIn:
    def __init__(self, crisis: Any, fmt: Formats) -> None:
        self._crisis, self._fmt = crisis, fmt

    def __getattr__(self, name: str) -> Any:
        return getattr(self._crisis, name)

    @property
    def walk_in_text(self) -> str:
        return self._fmt.short_hours(self._crisis.walk_in) if self._crisis.walk_in else ""


def reader(center: Any, code: str, t: Callable[..., str] | None = None) -> Any:
    """The center as pages in `code` see it: itself in the default language."""
    return center if code == DEFAULT else CenterIn(center, Formats(code, t))


@cache
def _names() -> dict[str, str]:
    """Every way a language is written that means one name: its English name in any case, and
    its own name ("Español", "español") → the English name centers list ("Spanish")."""
    out: dict[str, str] = {}
    english = [
        str(x) for x in (word_data(DEFAULT, "claims") or _base_claims()).get("languages", ())
    ]
    for name in english:
        out[name.casefold()] = name
    for lang in known().values():
        out[lang.name.casefold()] = lang.name
        out[lang.native.casefold()] = lang.name
        names = word_data(lang.code, "claims").get("languages", {})
        for word, name in names.items() if isinstance(names, dict) else ():
            out.setdefault(str(word).casefold(), str(name))
    return out


def _base_claims() -> dict[str, Any]:
    path = DATA / "claims.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def language_names() -> tuple[str, ...]:
    """Every language name the project knows as centers list them ("Spanish", "Farsi" …)."""
    return tuple(sorted(set(_names().values())))


def language_name(text: str) -> str:
    """A staff language as centers should list it: "spanish" and "Español" are "Spanish"."""
    return _names().get(" ".join(text.split()).casefold(), text.strip())


# Babel formats a date in ~60 µs; every page of a Spanish site shows one (its review date) and
# every hours table the same few times: each is formatted once per process.
@cache
def _long_date(value: dt.date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(value, format="long", locale=locale)


@cache
def _short_time(minutes: int, locale: str) -> str:
    from babel.dates import format_time

    h, m = divmod(minutes, 60)
    return format_time(dt.time(h, m), format="short", locale=locale)
