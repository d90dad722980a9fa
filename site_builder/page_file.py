"""One file of content/ → Page: UTF-8 decoding, the front matter between '---' lines and its
schema (FRONT_MATTER, also read by the admin editor and docs), the Markdown bounds, and the checks
that belong to a single page. Walking the folder and per-center overrides are content.py's."""

from __future__ import annotations

import re

from . import mdlimits, yamlsrc
from . import messages as msg
from .page import (
    CATEGORIES,
    DEFAULT_LANGUAGE,
    LAYOUTS,
    PAGE_ID,
    PLAIN_KEYS,
    SERVICES_DIR,
    TITLE_LONG,
    FaqItem,
    Page,
    text_has_jinja,
)
from .problems import Mark, Problems, Severity
from .schema import (
    Bool,
    Choice,
    Date,
    Field,
    Int,
    ListOf,
    Reader,
    Rec,
    Record,
    Scalar,
    Slug,
    Text,
)
from .yamlsrc import MappingNode, ScalarNode


class _Body(Scalar):
    """FAQ answers: Markdown text; keep it verbatim (block scalars keep their line breaks)."""

    expected = "Markdown text"
    example = "|\n      Yes. Call us to ask."


_FAQ_ITEM = Record(
    "a question",
    {
        "question": Field(
            Text("Do I need a referral?"),
            required=True,
            doc="The question, as a reader would ask it.",
        ),
        "answer": Field(_Body(), required=True, doc="The answer, in Markdown; Jinja allowed."),
    },
    "\n  - question: Do I need a referral?\n    answer: No. You can call us yourself.",
)

FRONT_MATTER = Record(
    "front matter",
    {
        "title": Field(Text("Group therapy"), required=True, doc="The page heading."),
        "description": Field(Text(), default="", doc="Meta description (50–160 characters)."),
        "summary": Field(Text(), default="", doc="One or two sentences for cards."),
        "nav": Field(Text("Your first visit"), default="", doc="Main-menu label."),
        "order": Field(
            Int(-1000, 1000, "10"), default=100, doc="Sort order in menus and lists, low first."
        ),
        "layout": Field(Choice(*LAYOUTS), default="", doc="Template; chosen for you by default."),
        "category": Field(
            Choice(*CATEGORIES), default="", doc="Service pages: the group on the home page."
        ),
        "acronym": Field(Text("IOP"), default="", doc="Short form of a service name."),
        "requires": Field(
            Text("iop"), default="", doc="Build the page only for centers offering this service."
        ),
        "when": Field(
            Text("center.treats_substance_use"),
            default="",
            doc="Build the page only for centers where this is true, like "
            "center.treats_substance_use or center.telehealth.",
        ),
        "last_reviewed": Field(Date(), doc="When a clinician last reviewed the page."),
        "reviewed_by": Field(Text("Clinical content team"), default="", doc="Who reviewed it."),
        "updated": Field(Date(), doc="When the page last changed (sitemap)."),
        "faq": Field(ListOf(_FAQ_ITEM), default=(), doc="FAQ page: questions and answers."),
        "terms": Field(
            ListOf(Text("partial hospitalization")),
            default=(),
            doc="Service pages: other words that name the service, for the claims check.",
        ),
        "general": Field(
            Bool(),
            default=False,
            doc="The page describes care in general, not what the center offers (claims check).",
        ),
        "slug": Field(
            Slug(),
            default="",
            doc="Pages in content/<language>/ only: the last part of the address in that language.",
        ),
    },
    "\n---\ntitle: Group therapy\n---",
)


def parse_page(
    text: str,
    rel: str,
    rel_id: str,
    center: str,
    problems: Problems,
    lang: str = DEFAULT_LANGUAGE,
) -> Page | None:
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")  # Windows editors' line ends and BOM
    problems.remember_source(rel, text)
    too_big = mdlimits.check_size(text)
    if too_big:
        problems.add(Mark(rel, too_big.line), too_big.message, too_big.hint)
        return None
    page_id = rel_id.removesuffix(".md")
    parts = page_id.split("/")
    service = ""
    if parts[0] == SERVICES_DIR and len(parts) == 2:
        service = parts[1]
        if service == "index":  # the list of services is made for each center
            problems.add(Mark(rel, 1), msg.SERVICES_INDEX, msg.SERVICES_INDEX_HINT)
            return None
        if not PAGE_ID.fullmatch(service):
            problems.add(Mark(rel, 1), msg.SERVICE_ID.format(value=service), msg.SERVICE_ID_HINT)
            return None
    bad = next((part for part in parts if not PAGE_ID.fullmatch(part)), None)
    if bad is not None and not service:  # the file name is the page's address
        problems.add(
            Mark(rel, 1),
            msg.PAGE_FILE_NAME.format(value=bad),
            msg.PAGE_FILE_NAME_HINT.format(suggestion=_slugged(bad)),
        )
        return None
    fm_node, body, body_line = _split(text, rel, problems)
    if fm_node is False:
        return None
    r = Reader(rel, problems)
    if fm_node is None:
        if not text.startswith("---"):
            problems.add(Mark(rel, 1, 1), msg.NO_FRONT_MATTER, msg.NO_FRONT_MATTER_HINT)
            return None
        fm_node = MappingNode("tag:yaml.org,2002:map", [], _zero_mark(), _zero_mark())
    if not isinstance(fm_node, MappingNode):
        problems.add(
            yamlsrc.mark_of(rel, fm_node),
            msg.FRONT_MATTER_NOT_MAPPING,
            msg.FRONT_MATTER_NOT_MAPPING_HINT,
        )
        return None
    rec = FRONT_MATTER.read(fm_node, "front matter", r)
    if not rec.ok or not all(item.ok for item in rec["faq"]):  # (an FAQ item lacks a key)
        return None
    if not _within_bounds(rel, body, body_line, rec["faq"], problems):
        return None
    layout = rec["layout"] or _default_layout(page_id, service)
    faq = tuple(
        FaqItem(item["question"], item["answer"], _answer_line(item), item.marks["question"].line)
        for item in rec["faq"]
    )
    if rec["slug"] and lang == DEFAULT_LANGUAGE:
        problems.add(
            Mark(rel, page_line(rec, "slug")), msg.SLUG_NOT_TRANSLATED, msg.SLUG_NOT_TRANSLATED_HINT
        )
    if service and not center:  # the cards on the home page show both
        for key in ("summary", "category"):
            if not rec[key]:
                problems.add(
                    Mark(rel, page_line(rec, "title")),
                    msg.SERVICE_NEEDS.format(key=key),
                    msg.SERVICE_NEEDS_HINT.format(key=key),
                )
    seen_questions: dict[str, int] = {}
    for item in faq:  # one anchor per question: the same question twice is one link for both
        first = seen_questions.setdefault(
            " ".join(item.question.split()).casefold(), item.question_line
        )
        if first != item.question_line:
            problems.add(
                Mark(rel, item.question_line),
                msg.FAQ_TWICE.format(line=first),
                msg.FAQ_TWICE_HINT,
            )
    if len(rec["title"]) > TITLE_LONG and not text_has_jinja(rec["title"]):
        problems.add(
            Mark(rel, page_line(rec, "title")),
            msg.TITLE_LONG.format(n=len(rec["title"]), limit=TITLE_LONG),
            msg.TITLE_LONG_HINT,
            Severity.WARNING,
        )
    if not body.strip() and not rec["faq"] and layout in ("page", "service"):
        problems.add(Mark(rel, body_line), msg.EMPTY_BODY, msg.EMPTY_BODY_HINT, Severity.WARNING)
    for key in PLAIN_KEYS:  # published as written: a {{ }} here would appear on the page
        if "{{" in rec[key] or "{%" in rec[key]:
            problems.add(
                Mark(rel, page_line(rec, key)),
                msg.FRONT_MATTER_PLAIN_JINJA.format(key=key),
                msg.FRONT_MATTER_PLAIN_JINJA_HINT,
            )
    return Page(
        id=page_id,
        source=rel,
        body=body,
        body_line=body_line,
        title=rec["title"],
        description=rec["description"],
        summary=rec["summary"],
        nav=rec["nav"],
        order=rec["order"],
        layout=layout,
        category=rec["category"] or ("therapy" if service else ""),
        acronym=rec["acronym"],
        requires=rec["requires"] or service,
        when=rec["when"],
        last_reviewed=rec["last_reviewed"],
        reviewed_by=rec["reviewed_by"],
        updated=rec["updated"],
        faq=faq,
        service=service if not center else "",
        center=center,
        mark=Mark(rel, 1, 1),
        key_lines=tuple((k, m.line) for k, m in rec.marks.items()),
        terms=tuple(rec["terms"]),
        general=rec["general"],
        lang=lang,
        slug=rec["slug"] if lang != DEFAULT_LANGUAGE else "",
    )


def _slugged(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "my-page"


def page_line(rec: Rec, key: str) -> int:
    return rec.marks[key].line if key in rec.marks else 1


def _default_layout(page_id: str, service: str) -> str:
    if page_id == "index":
        return "home"
    if service:
        return "service"
    return "page"


def _split(text: str, rel: str, problems: Problems):  # type: ignore[no-untyped-def]
    """Front matter between '---' lines; returns (node | None | False on error, body, body line)."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = re.search(r"^---[ \t]*$", text[4:], re.M)
    if end is None:
        problems.add(Mark(rel, 1, 1), msg.NO_FRONT_MATTER_END, msg.NO_FRONT_MATTER_END_HINT)
        return False, "", 1
    fm = text[4 : 4 + end.start()]
    node = yamlsrc.load(fm, rel, problems, line_offset=1)
    if node is None and fm.strip():
        return False, "", 1
    body_start = 4 + end.end() + 1
    body_line = text[:body_start].count("\n") + 1
    return node, text[body_start:], body_line


def _within_bounds(
    rel: str, body: str, body_line: int, faq: tuple[Rec, ...], problems: Problems
) -> bool:
    """The body and FAQ answers are Markdown Python-Markdown can convert in time (mdlimits.py)."""
    ok = True
    for text, first in ((body, body_line), *((i["answer"], _answer_line(i)) for i in faq)):
        excess = mdlimits.check(text)
        if excess:
            problems.add(Mark(rel, first + excess.line - 1), excess.message, excess.hint)
            ok = False
    return ok


def _answer_line(item: Rec) -> int:
    """The line where the answer's text starts: below the `|` of a block scalar."""
    node = item.nodes.get("answer")
    if node is None:
        return item.mark.line
    block = isinstance(node, ScalarNode) and node.style in ("|", ">")
    return item.marks["answer"].line + (1 if block else 0)


def _zero_mark():  # type: ignore[no-untyped-def]
    import yaml

    return yaml.Mark("", 0, 0, 0, None, None)
