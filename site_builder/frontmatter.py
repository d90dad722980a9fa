"""Front matter per center: `title`, `description`, `nav`, `summary` and FAQ questions may use the
same Jinja as the body (`{% if center.treats_substance_use %}…`), so one page can say what is true
of each center. They are compiled once per page in the content sandbox (plain text: the theme
escapes them) and rendered per center only when they hold Jinja; a page without any is shared."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2

from . import messages as msg
from .content import Page
from .markdown import CLOSE, OPEN
from .problems import Mark
from .sandbox import (
    BUDGET_KEY,
    Refused,
    content_environment,
    is_refusal,
    new_budget,
    strip_general,
)

#: The front-matter keys that may vary per center.
DYNAMIC = ("title", "description", "nav", "summary")


def has_jinja(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


@dataclass(frozen=True)
class Issue:
    """A problem in a page's front matter, before it is quoted and tied to a center."""

    mark: Mark
    message: str
    hint: str


@dataclass
class _Compiled:
    fields: dict[str, jinja2.Template] = field(default_factory=dict)
    questions: dict[int, jinja2.Template] = field(default_factory=dict)
    when: Any = None  # the compiled `when:` expression, if the page has one
    #: the same templates with each {{ value }} left out, for the claims check: a center's own
    #: name ("Sunrise Adolescent Center") is not a claim the page makes
    marked: dict[tuple[str, int], jinja2.Template] = field(default_factory=dict)


class FrontMatter:
    """The compiled front-matter templates of every page that has any, each page compiled when
    first asked about (checked, planned or rendered)."""

    def __init__(self, pages: list[Page], previous: FrontMatter | None = None) -> None:
        """With `previous` (the dev server's last build), a page that is the same keeps what was
        compiled for it, its issues included: a save compiles the pages it changed only."""
        self.env = previous.env if previous is not None else content_environment(autoescape=False)
        self.marked_env = (
            previous.marked_env if previous is not None else self.env.overlay(finalize=_left_out)
        )
        self._pages = {(page.source, page.id): page for page in pages}
        #: pages whose `when:` could not be read: left out (the build stops on the error anyway),
        #: so it is one message, not one more from every check of the page
        self.bad_when: set[str] = set()
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        #: each page as compiled: (the page, its issues, whether its `when:` was bad)
        self._seen: dict[tuple[str, str], tuple[Page, list[Issue], bool]] = {}
        self._known = previous._seen if previous is not None else {}
        self._known_compiled = previous._compiled if previous is not None else {}
        self._issues: list[Issue] = []  # the page being compiled: what went wrong

    def issues(self, page: Page) -> list[Issue]:
        """What the page's front matter cannot be compiled for (compiling it if not yet done)."""
        return self._compiled_page(page)[1]

    def _compiled_page(self, page: Page) -> tuple[Page, list[Issue], bool]:
        key = (page.source, page.id)
        seen = self._seen.get(key)
        if seen is not None:
            return seen
        page = self._pages.get(key, page)  # as written (a center's copy has its values filled in)
        kept = self._known.get(key)
        if kept is not None and kept[0] == page:
            if kept[2]:
                self.bad_when.add(page.source)
            if key in self._known_compiled:
                self._compiled[key] = self._known_compiled[key]
            self._seen[key] = kept
            return kept
        self._issues = []
        was_bad = page.source in self.bad_when
        self._compile_page(page)
        bad = page.source in self.bad_when and not was_bad
        self._seen[key] = seen = (page, self._issues, bad)
        return seen

    def _get(self, page: Page) -> _Compiled | None:
        key = (page.source, page.id)
        if key not in self._seen:  # (asked for every page of every center: one lookup)
            self._compiled_page(page)
        return self._compiled.get(key)

    def _compile_page(self, page: Page) -> None:
        c = _Compiled()
        for key in DYNAMIC:
            text = getattr(page, key)
            if has_jinja(text):
                t = self._compile(text, Mark(page.source, page.line_of(key)))
                if t is not None:
                    c.fields[key] = t
                    c.marked[(key, 0)] = self.marked_env.from_string(text)
        for i, item in enumerate(page.faq):
            if has_jinja(item.question):
                t = self._compile(item.question, Mark(page.source, _question_line(item)))
                if t is not None:
                    c.questions[i] = t
                    c.marked[("faq", i)] = self.marked_env.from_string(item.question)
        if page.when:
            c.when = self._compile_when(page.when, Mark(page.source, page.line_of("when")))
        if c.fields or c.questions or c.when is not None:
            self._compiled[(page.source, page.id)] = c

    def _compile(self, text: str, mark: Mark) -> jinja2.Template | None:
        return self._reported(self.env.from_string, text, mark)

    def _reported(self, compile: Callable[[str], Any], text: str, mark: Mark) -> Any:
        """`compile(text)`, or None after the one message for code the sandbox refuses or Jinja
        cannot read."""
        try:
            return compile(text)
        except Refused as exc:
            self._issues.append(Issue(mark, exc.message, exc.hint))
        except jinja2.TemplateSyntaxError as exc:
            self._issues.append(
                Issue(mark, msg.JINJA_SYNTAX.format(error=exc.message), msg.JINJA_SYNTAX_HINT)
            )
        return None

    def _compile_when(self, text: str, mark: Mark) -> Any:
        names = set(re.findall(r"(?<![.\w])([A-Za-z_]\w*)(?!\s*[(.\w])", text))
        names -= {
            "center",
            "numbers",
            "and",
            "or",
            "not",
            "true",
            "false",
            "True",
            "False",
            "in",
            "is",
        }
        strings = set(re.findall(r"[\"']([^\"']*)[\"']", text))
        names = {n for n in names if not any(n in x for x in strings)}
        if names:  # "when: telehealth": a fact is always center.<fact>
            name = sorted(names)[0]
            self._issues.append(
                Issue(
                    mark,
                    msg.WHEN_NOT_A_FACT.format(name=name),
                    msg.WHEN_NOT_A_FACT_HINT.format(name=name),
                )
            )
            self.bad_when.add(mark.file)
            return None
        when = self._reported(
            lambda t: self.env.compile_expression(t, undefined_to_none=False), text, mark
        )
        if when is None:
            self.bad_when.add(mark.file)
        return when

    def applies(self, page: Page, context: dict[str, Any]) -> bool:
        """Whether the center gets the page: its `when:` holds. A `when:` that fails to evaluate
        keeps the page, so its error is reported on it (for_center) rather than dropped."""
        c = self._get(page)
        if page.source in self.bad_when:  # its error is reported: nothing follows from it
            return False
        if c is None or c.when is None:
            return True
        try:
            return bool(c.when(**context, **{BUDGET_KEY: new_budget()}))
        except Exception:
            return True

    def claim_texts(self, page: Page, context: dict[str, Any]) -> dict[tuple[str, int], str]:
        """The dynamic fields as this center reads them with every {{ value }} left out, by
        (key, FAQ index); what fails to render is reported by for_center, so it is skipped here."""
        c = self._get(page)
        out: dict[tuple[str, int], str] = {}
        for where, t in c.marked.items() if c else ():
            try:
                out[where] = t.render({**context, BUDGET_KEY: new_budget()})
            except Exception:  # noqa: S112 - the same error is reported once, by for_center
                continue
        return out

    def dynamic(self, page: Page) -> bool:
        return self._get(page) is not None

    def for_center(self, page: Page, context: dict[str, Any]) -> tuple[Page, list[Issue]]:
        """The page with its front matter as this center reads it, and what went wrong."""
        c = self._get(page)
        if c is None:
            return page, []
        issues: list[Issue] = []
        values: dict[str, Any] = {}
        if c.when is not None:
            try:
                bool(c.when(**context, **{BUDGET_KEY: new_budget()}))
            except Exception as exc:
                mark = Mark(page.source, page.line_of("when"))
                if isinstance(exc, jinja2.UndefinedError):
                    message = msg.JINJA_UNDEFINED.format(name=_name(str(exc)))
                    issues.append(Issue(mark, message, msg.JINJA_UNDEFINED_HINT))
                else:
                    message = msg.JINJA_ERROR_FRONT.format(error=exc)
                    issues.append(Issue(mark, message, msg.JINJA_ERROR_HINT))
        for key, t in c.fields.items():
            text = self._render(t, context, Mark(page.source, page.line_of(key)), issues)
            values[key] = text if text is not None else ""
        if c.questions:
            items = list(page.faq)
            for i, t in c.questions.items():
                text = self._render(t, context, Mark(page.source, _question_line(items[i])), issues)
                items[i] = replace(items[i], question=text or "")
            values["faq"] = tuple(items)
        return replace(page, **values), issues

    @staticmethod
    def _render(
        t: jinja2.Template, context: dict[str, Any], mark: Mark, issues: list[Issue]
    ) -> str | None:
        try:
            return " ".join(strip_general(t.render({**context, BUDGET_KEY: new_budget()})).split())
        except Exception as exc:  # the editor's Jinja, reported at the key's line
            if is_refusal(exc):
                issues.append(Issue(mark, msg.SANDBOX_REACH, msg.SANDBOX_REACH_HINT))
            elif isinstance(exc, jinja2.UndefinedError):
                issues.append(
                    Issue(
                        mark,
                        msg.JINJA_UNDEFINED.format(name=_name(str(exc))),
                        msg.JINJA_UNDEFINED_HINT,
                    )
                )
            else:
                issues.append(
                    Issue(mark, msg.JINJA_ERROR_FRONT.format(error=exc), msg.JINJA_ERROR_HINT)
                )
            return None


def _name(text: str) -> str:
    """'center.nmae' from Jinja's "'… object' has no attribute 'nmae'", else the undefined name."""
    m = re.search(r"has no attribute '([^']+)'", text)
    if m:
        return f"center.{m.group(1)}" if "Center" in text else m.group(1)
    m = re.search(r"'([^']+)' is undefined", text)
    return m.group(1) if m else text


def _question_line(item: Any) -> int:
    return item.question_line or item.line


def _left_out(value: Any) -> str:
    """A value in front matter, for the claims check: a placeholder its scan passes over."""
    return f"{OPEN}0{CLOSE}"
