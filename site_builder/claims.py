"""The claims check: a page may name a service, a population, a language, telehealth,
substance-use care, an insurance, walk-in help, 24-hour opening or an addiction medicine only for a
center whose facts support it; care no fact can support (detox, a live-in program) for none.

The vocabulary is data: each service page names itself (its title, its acronym, its `terms:`), and
data/claims.yaml lists the words of the center facts. Text is read once per distinct text (a page's
Jinja rendered for a center, with `{{ … }}` values left out), giving the claims it makes; each
center then only looks its claims up in its facts. Passages inside `{% general %}` and pages with
`general: true` describe care in general and are passed over."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import messages as msg
from .languages import DEFAULT, word_data
from .markdown import CLOSE, OPEN
from .sandbox import GENERAL_CLOSE, GENERAL_OPEN

DATA = Path(__file__).resolve().parent / "data" / "claims.yaml"

#: What the scan passes over: general passages, link targets, tags, placeholders of values.
_SKIP = re.compile(
    f"{GENERAL_OPEN}.*?(?:{GENERAL_CLOSE}|$)|\\]\\([^)]*\\)|<[^>]*>|{OPEN}\\d+{CLOSE}", re.S
)


_PARAGRAPH = re.compile("\n\n")


@dataclass(frozen=True)
class Claim:
    #: "service", "fact", "age", "language", "medicine", or "nowhere": care that no field of
    #: centers.yaml can say a center offers (it needs a service page first)
    kind: str
    #: the service id, the Center field (a path: "insurance.medicare"), the age group, the
    #: language, the medicine, or for "nowhere" the service id a page for it would have
    key: str
    what: str  # how the hint names what is missing
    fix: str  # the Jinja that makes the sentence conditional

    def supported_by(self, center: Any) -> bool:
        if self.kind == "service":
            return bool(center.offers(self.key))
        if self.kind == "age":
            return self.key in center.ages
        if self.kind == "language":
            return bool(center.speaks(self.key))
        if self.kind == "medicine":
            return bool(center.prescribes(self.key))
        if self.kind == "nowhere":
            return bool(center.offers(self.key))  # once a service page makes it a service
        value = center
        for name in self.key.split("."):
            value = getattr(value, name, False)
        return bool(value)


#: The sections of the data that list terms by the key of one fact: (section, kind, how the hint
#: names it, the question a page asks the center).
_KEYED = (
    ("medicines", "medicine", "the medicine '{}' (addiction_medicines:)", "prescribes"),
    ("ages", "age", "the age group '{}' (ages:)", "serves"),
)


@dataclass(frozen=True)
class Found:
    claim: Claim
    term: str  # as written in the page
    start: int  # offset in the text that was read


class Vocabulary:
    """Every claim word of the project, compiled into two patterns (any case; capitals only)."""

    def __init__(self, words: dict[str, Claim], negations: Iterable[str] = ()) -> None:
        self.words = words
        folded: dict[str, Claim] = {}
        exact: dict[str, Claim] = {}
        for word, claim in words.items():
            if word.isupper() and len(word) > 1:
                exact[word] = claim
            else:
                folded[word.casefold()] = claim
        self._folded, self._exact = folded, exact
        #: a word right after one of these is not a claim ("we do not accept Medicare"): looked
        #: at only where a word matched, so the scan of every paragraph costs nothing more
        self._negations = tuple(f"{n.casefold()} " for n in negations)
        self._pattern_folded = _alternation(folded, re.I)
        self._pattern_exact = _alternation(exact, 0)
        self._memo: dict[str, tuple[Found, ...]] = {}
        self._paragraphs: dict[str, tuple[Found, ...]] = {}

    @classmethod
    def of(
        cls, services: Iterable[tuple[str, str, str, tuple[str, ...]]], lang: str = DEFAULT
    ) -> Vocabulary:
        """From the catalog's (id, title, acronym, terms) in one language, and that language's
        data (data/claims.yaml for English, the file data/languages.yaml names for the rest)."""
        words: dict[str, Claim] = {}
        data = _data() if lang == DEFAULT else word_data(lang, "claims")
        for key, fact in data.get("facts", {}).items():
            claim = Claim("fact", key, fact["what"], fact["fix"])
            for term in fact["terms"]:
                words[term] = claim
        for section, kind, what, call in _KEYED:
            for key, terms in data.get(section, {}).items():
                claim = Claim(
                    kind,
                    key,
                    what.format(key),
                    f'{{% if center.{call}("{key}") %}} … {{% endif %}}',
                )
                for term in terms:
                    words[term] = claim
        for service, care in data.get("not_in_facts", {}).items():
            claim = Claim(
                "nowhere",
                service,
                care["what"],
                f'{{% if center.offers("{service}") %}} … {{% endif %}}',
            )
            for term in care["terms"]:
                words[term] = claim
        names = data.get("languages", ())  # a list of names, or words → the names centers use
        for word in names:
            language = names[word] if isinstance(names, dict) else word
            words[word] = Claim(
                "language",
                language,
                f"staff who speak {language} (languages:)",
                f'{{% if center.speaks("{language}") %}} … {{% endif %}}',
            )
        for service, title, acronym, terms in services:
            claim = Claim(
                "service",
                service,
                f"the service '{service}' (services:)",
                f'{{% if center.offers("{service}") %}} … {{% endif %}}',
            )
            for term in (_plain_title(title), acronym, *terms):
                if term:
                    words[term] = claim
        return cls(words, data.get("negations", ()))

    def scan(self, text: str) -> tuple[Found, ...]:
        """The claims a text makes, once per distinct text. The variants of a page differ in a
        few paragraphs, so each paragraph is read once too (no claim spans a blank line)."""
        hit = self._memo.get(text)
        if hit is None:
            readable = _SKIP.sub(lambda m: " " * len(m.group(0)), text)
            found: list[Found] = []
            at = 0
            for para in _PARAGRAPH.split(readable):
                if para.strip():
                    claims = self._paragraphs.get(para)
                    if claims is None:
                        claims = self._paragraphs[para] = tuple(self._scan(para))
                    found += (replace(f, start=f.start + at) for f in claims)
                at += len(para) + 2
            hit = self._memo[text] = tuple(found)
        return hit

    def _scan(self, readable: str) -> Iterable[Found]:
        for pattern, words, key in (
            (self._pattern_folded, self._folded, str.casefold),
            (self._pattern_exact, self._exact, str),
        ):
            for m in pattern.finditer(readable) if pattern is not None else ():
                before = readable[max(0, m.start() - 12) : m.start()].casefold()
                if not before.endswith(self._negations):  # (() matches nothing)
                    term = " ".join(m.group(0).split())  # "group\ntherapy": a line wrapped
                    yield Found(words[key(term)], m.group(0), m.start())

    def unsupported(self, text: str, center: Any) -> list[Found]:
        """The claims of `text` that `center`'s facts do not support, one per claim and term."""
        seen: set[tuple[Claim, str]] = set()
        out = []
        for f in self.scan(text):
            key = (f.claim, f.term.casefold())
            if key not in seen and not f.claim.supported_by(center):
                seen.add(key)
                out.append(f)
        return out


def message(found: Found, front_matter: bool = False) -> tuple[str, str]:
    """The problem's message and hint; front matter is one line, so its fix is an if/else."""
    fix = found.claim.fix
    if found.claim.kind == "nowhere":
        hint = msg.CLAIM_NO_FACT_HINT.format(service=found.claim.key, fix=fix)
        return msg.CLAIM_UNSUPPORTED.format(term=found.term, what=found.claim.what), hint
    if front_matter:
        hint = msg.CLAIM_IN_FRONT_MATTER_HINT.format(fix=fix.replace(" … ", "…{% else %}…"))
    else:
        hint = msg.CLAIM_UNSUPPORTED_HINT.format(fix=fix)
    return msg.CLAIM_UNSUPPORTED.format(term=found.term, what=found.claim.what), hint


def source_line(source: str, first_line: int, text: str, found: Found) -> int:
    """The line of `source` (a fragment starting at `first_line`) that wrote the claim found in
    its rendered `text`: the line holding the words around it, else the first with the term."""
    lines = source.split("\n")
    start, end = found.start, found.start + len(found.term)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    around = _SKIP.sub("\n", text[line_start : line_end if line_end >= 0 else len(text)])
    snippet = next((s for s in around.split("\n") if found.term in s), found.term).strip()
    for needle in (snippet, found.term):
        for i, line in enumerate(lines):
            if needle and needle in line:
                return first_line + i
    term = found.term.casefold()
    for i, line in enumerate(lines):
        if term in line.casefold():
            return first_line + i
    return first_line


def _alternation(words: dict[str, Claim], flags: int) -> re.Pattern[str] | None:
    """One pattern for all the words, whole words only."""
    if not words:
        return None
    ordered = sorted(words, key=lambda w: (-len(w), w))  # longest first: "group therapy" wins
    body = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in ordered)
    return re.compile(f"(?<![\\w-])(?:{body})(?![\\w-])", flags)


def _plain_title(title: str) -> str:
    """'Intensive Outpatient Program (IOP)' names the service as 'Intensive Outpatient Program';
    a title with Jinja in it varies per center and names nothing by itself."""
    if "{" in title:
        return ""
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).strip()


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
