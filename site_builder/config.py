"""Project-wide settings: the `settings:` block of centers.yaml, each with a sensible default."""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import wordlists
from .schema import Bool, Choice, Field, Int, ListOf, MapOf, Reader, Record, Slug, Text, Url
from .yamlsrc import Node


@dataclass(frozen=True)
class Readability:
    warn_above: int = 8
    error_above: int = 10


@dataclass(frozen=True)
class Wording:
    """Word lists for the content checks; each replaces the default list when given."""

    claim_errors: tuple[str, ...] = wordlists.CLAIM_ERRORS
    claim_warnings: tuple[str, ...] = wordlists.CLAIM_WARNINGS
    safe_messaging: tuple[str, ...] = wordlists.SAFE_MESSAGING
    jargon: tuple[tuple[str, str], ...] = tuple(wordlists.JARGON.items())
    acronyms: tuple[tuple[str, str], ...] = tuple(wordlists.ACRONYMS.items())
    sentence_words: int = 25


@dataclass(frozen=True)
class Directory:
    """The network directory: one more site, listing every published center (directory.py)."""

    slug: str
    name: str
    base_url: str


@dataclass(frozen=True)
class SiteConfig:
    language: str = "en"
    jobs: int = 0  # 0: one worker per core
    readability: Readability = Readability()
    credential_warning_days: int = 60
    review_max_age_months: int = 12
    untranslated: str = "note"
    allowed_names: tuple[str, ...] = ()
    wording: Wording = Wording()
    search: bool = True  # a search page and a Pagefind index in every site (search.py)
    directory: Directory | None = None

    @property
    def workers(self) -> int:
        return self.jobs or (os.cpu_count() or 1)


_READABILITY = Record(
    "readability",
    {
        "warn_above": Field(
            Int(1, 20, "8"), default=8, doc="Warn when a page's grade is above this."
        ),
        "error_above": Field(
            Int(1, 20, "10"), default=10, doc="Fail when a page's grade is above this."
        ),
    },
)

_WORDING = Record(
    "checks",
    {
        "claim_errors": Field(ListOf(Text("cure")), doc="Claims that fail the build."),
        "claim_warnings": Field(ListOf(Text("best")), doc="Claims that warn."),
        "safe_messaging": Field(ListOf(Text("commit suicide")), doc="Wording to avoid (warnings)."),
        "jargon": Field(MapOf(Text("use"), "\n    utilize: use"), doc="Hard word: plain word."),
        "acronyms": Field(
            MapOf(Text("intensive outpatient program"), "\n    IOP: intensive outpatient program"),
            doc="Acronyms to spell out on first use.",
        ),
        "sentence_words": Field(Int(5, 100, "25"), default=25, doc="Warn on longer sentences."),
    },
)

_DIRECTORY = Record(
    "directory",
    {
        "slug": Field(
            Slug(), required=True, doc="The directory's folder in output/; no center may use it."
        ),
        "name": Field(Text("Find care near you"), required=True, doc="The directory's name."),
        "base_url": Field(
            Url(), required=True, doc="Where the directory is published (its canonical URLs)."
        ),
    },
    "\n    slug: find-care\n    name: Find care near you\n    base_url: https://find.example.org/",
)

SETTINGS = Record(
    "settings",
    {
        "language": Field(Text("en"), default="en", doc="Language of the sites (BCP 47 code)."),
        "jobs": Field(Int(0, 256, "2"), default=0, doc="Worker processes; 0 means one per core."),
        "readability": Field(_READABILITY, doc="Reading-grade thresholds."),
        "credential_warning_days": Field(
            Int(0, 3650, "60"), default=60, doc="Warn this many days before a credential expires."
        ),
        "untranslated": Field(
            Choice("note", "warning", "error"),
            default="note",
            doc="How a page with no translation in a language of the site is reported: note "
            "(never fails), warning (fails --strict) or error.",
        ),
        "review_max_age_months": Field(
            Int(1, 120, "12"), default=12, doc="Warn when last_reviewed is older than this."
        ),
        "allowed_names": Field(
            ListOf(Text("Bridge to Recovery")),
            default=(),
            doc="Center names that are also ordinary phrases in shared pages.",
        ),
        "checks": Field(_WORDING, doc="Word lists for the content checks."),
        "search": Field(
            Bool(),
            default=True,
            doc="A search page in every site, indexed with Pagefind at build time; false: none.",
        ),
        "directory": Field(
            _DIRECTORY,
            doc="A network directory site listing every published center (off when left out).",
        ),
    },
    "\n  jobs: 2",
)


def read_settings(node: Node | None, r: Reader) -> SiteConfig:
    if node is None:
        return SiteConfig()
    rec = SETTINGS.read(node, "settings", r)
    if not rec:
        return SiteConfig()
    read = rec["readability"]
    readability = Readability(read["warn_above"], read["error_above"]) if read else Readability()
    w = rec["checks"]
    base = Wording()
    wording = (
        Wording(
            claim_errors=tuple(w["claim_errors"])
            if w["claim_errors"] is not None
            else base.claim_errors,
            claim_warnings=tuple(w["claim_warnings"])
            if w["claim_warnings"] is not None
            else base.claim_warnings,
            safe_messaging=tuple(w["safe_messaging"])
            if w["safe_messaging"] is not None
            else base.safe_messaging,
            jargon=tuple(w["jargon"].items()) if w["jargon"] is not None else base.jargon,
            acronyms=tuple(w["acronyms"].items()) if w["acronyms"] is not None else base.acronyms,
            sentence_words=w["sentence_words"],
        )
        if w
        else base
    )
    return SiteConfig(
        wording=wording,
        language=rec["language"],
        jobs=rec["jobs"],
        readability=readability,
        credential_warning_days=rec["credential_warning_days"],
        review_max_age_months=rec["review_max_age_months"],
        untranslated=rec["untranslated"],
        allowed_names=tuple(rec["allowed_names"]),
        search=rec["search"],
        directory=_directory(rec["directory"]),
    )


def _directory(rec) -> Directory | None:  # type: ignore[no-untyped-def]
    if not rec or not rec.ok:
        return None
    return Directory(rec["slug"], rec["name"], rec["base_url"])
