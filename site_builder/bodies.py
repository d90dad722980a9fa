"""Page bodies and FAQ answers: each compiled once (in the content sandbox), each distinct
skeleton converted to HTML once (see markdown.py), then per center the values filled in, the links
resolved and the claims checked. Worker processes share converted skeletons through a folder."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from slugify import slugify

from . import claims, mdlimits
from . import messages as msg
from .centers import Center
from .claims import Vocabulary
from .content import Page
from .markdown import (
    Converter,
    Fragment,
    Slots,
    compile_fragment,
    inline_safe,
    render_direct,
    render_skeleton,
    skeleton_environment,
    substitute,
)
from .model import SiteModel
from .numbers import NUMBERS
from .postprocess import LINK_TOKEN, Processed, process, process_tree
from .problems import Mark, Problem, Severity, did_you_mean
from .rendered import AnchorRef, CenterResult
from .sandbox import Refused, content_environment, is_refusal
from .siteview import SiteView


class Bodies:
    """What is computed once per build for page bodies: compiled fragments (each when first
    checked or rendered) and converted skeletons. With `previous` (the dev server), unchanged
    fragments keep both."""

    def __init__(
        self, model: SiteModel, claims_words: dict[str, Vocabulary], previous: Bodies | None
    ) -> None:
        self.model = model
        self.claims = claims_words
        self.content_env = content_environment()  # the sandbox: content is untrusted
        self.skel_env = skeleton_environment(self.content_env)
        self.converter = Converter()
        self.fragments: dict[tuple[str, int], Fragment] = {}
        self._processed: dict[tuple[str, int, str], tuple[str, Processed, Slots]] = {}
        self._previous = previous.fragments if previous is not None else {}
        if previous is not None:
            self._processed = previous._processed
        self.known_ids = frozenset(p.id for p in model.content.all_pages)
        #: the problem of each fragment that did not compile, by (file, line)
        self._failures: dict[tuple[str, int], Problem] = {}
        #: a folder where worker processes share converted skeletons (set by the build)
        self.share: Path | None = None
        self.content_files = dict(model.content.files)

    def check(self, page: Page) -> list[Problem]:
        """What the page's Jinja (body and FAQ answers) cannot be compiled for: a syntax error, or
        code the sandbox refuses. A fragment is compiled when first checked or rendered, so a
        build that renders one page compiles that page only; the build checks every page whose
        source it has not checked before (build.py), the dev server every page (cheap: unchanged
        fragments are kept)."""
        frags = [
            self._fragment(page.source, page.body_line, page.body),
            *(self._fragment(page.source, item.line, item.answer) for item in page.faq),
        ]
        return [p for f in frags if (p := self._failures.get((f.file, f.line))) is not None]

    def _fragment(self, file: str, line: int, source: str) -> Fragment:
        key = (file, line)
        frag = self.fragments.get(key)
        old = self._previous.get(key) if frag is None else None
        if old is not None and old.source == source and not old.failed:
            self.fragments[key] = frag = old
        if frag is None:
            frag = Fragment(source, file, line)
            try:
                compile_fragment(frag, self.content_env, self.skel_env)
            except Refused as exc:
                self._failures[key] = problem(
                    Mark(file, line + exc.line - 1), exc.message, exc.hint, self.model
                )
                frag.source, frag.direct, frag.skeleton, frag.failed = "", None, None, True
            except jinja2.TemplateSyntaxError as exc:
                unclosed = _unclosed_block(source)
                if unclosed and "Unexpected end of template" in (exc.message or ""):
                    tag, at = unclosed
                    mark = Mark(file, line + at - 1)
                    message, hint = (
                        msg.JINJA_UNCLOSED.format(tag=tag),
                        msg.JINJA_UNCLOSED_HINT.format(tag=tag),
                    )
                else:
                    mark = Mark(file, line + (exc.lineno or 1) - 1)
                    message, hint = (
                        msg.JINJA_SYNTAX.format(error=exc.message),
                        msg.JINJA_SYNTAX_HINT,
                    )
                self._failures[key] = problem(mark, message, hint, self.model)
                frag.source, frag.direct, frag.skeleton, frag.failed = "", None, None, True
            self.fragments[key] = frag
        return frag

    def fragment_html(
        self, frag: Fragment, page: Page, center: Center, ctx: dict[str, Any], out: CenterResult
    ) -> tuple[str, Processed]:
        """The fragment's HTML for this center, with link tokens still in it."""
        try:
            skel = render_skeleton(frag, ctx)
        except Exception as exc:  # a Jinja runtime error is the editor's, reported at its line
            out.problems.append(self._runtimeproblem(exc, frag, center))
            return "", Processed("", (), ())
        if not page.general:
            for found in self.claims[page.lang].unsupported(skel.marked, center):
                line = claims.source_line(frag.source, frag.line, skel.marked, found)
                message, hint = claims.message(found)
                out.problems.append(
                    problem(Mark(frag.file, line), message, hint, self.model, center.slug)
                )
        html, processed, slots = self._convert(frag, page.id, skel.text)
        for line, message, hint in processed.unsafe:
            out.problems.append(
                problem(Mark(frag.file, line), message, hint, self.model, center.slug)
            )
        if inline_safe(html, skel.values, processed.dynamic, slots):
            return substitute(processed.html, skel.values, processed.dynamic), processed
        try:
            text = render_direct(frag, ctx)
        except Exception as exc:
            out.problems.append(self._runtimeproblem(exc, frag, center))
            return "", Processed("", (), ())
        processed = self._convert(frag, page.id, text)[1]
        for line, message, hint in processed.unsafe:  # a value can make the Markdown too hard
            out.problems.append(
                problem(Mark(frag.file, line), message, hint, self.model, center.slug)
            )
        return processed.html, processed

    def _convert(self, frag: Fragment, page_id: str, text: str) -> tuple[str, Processed, Slots]:
        key = (frag.file, frag.line, text)
        hit = self._processed.get(key)
        if hit is None:
            hit = self._shared(key, page_id) if self.share else None
            if hit is None:
                excess = mdlimits.check(text)  # sources were checked at load; Jinja adds text
                if excess is None:
                    html, processed = self.converter.convert_visiting(
                        text,
                        lambda tree, stashed: process_tree(
                            tree, stashed, frag.source, frag.line, page_id, self.known_ids
                        ),
                    )
                    if processed is None:
                        processed = process(html, frag.source, frag.line, page_id, self.known_ids)
                    else:
                        processed = dataclasses.replace(processed, html=html)
                else:
                    last = frag.source.count("\n") + 1
                    line = frag.line + min(excess.line, last) - 1
                    found = ((line, excess.message, excess.hint),)
                    html, processed = "", Processed("", (), (), (), found)
                hit = (html, processed, Slots.of(html))
                if self.share:
                    self._publish(key, page_id, hit)
            self._processed[key] = hit
        return hit

    # Worker processes meet mostly the same skeletons; converting one costs ~5 ms, so each is
    # converted once and published in this build's staging folder for the other workers.

    def _share_path(self, key: tuple[str, int, str], page_id: str) -> Path:
        assert self.share is not None
        digest = hashlib.sha256(f"{key[0]}\0{key[1]}\0{page_id}\0{key[2]}".encode()).hexdigest()
        return self.share / digest

    def _shared(self, key: tuple[str, int, str], page_id: str) -> tuple | None:
        try:
            return pickle.loads(self._share_path(key, page_id).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def _publish(self, key: tuple[str, int, str], page_id: str, hit: tuple) -> None:
        path = self._share_path(key, page_id)
        tmp = path.with_name(f"{path.name}.{os.getpid()}")
        try:
            tmp.write_bytes(pickle.dumps(hit, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # sharing is an optimisation: a worker that cannot publish converts alone

    def _runtimeproblem(self, exc: Exception, frag: Fragment, center: Center) -> Problem:
        line = frag.line + _template_lineno(exc) - 1
        if is_refusal(exc):
            limit = str(exc) == msg.SANDBOX_LIMIT
            return problem(
                Mark(frag.file, line),
                msg.SANDBOX_LIMIT if limit else msg.SANDBOX_REACH,
                msg.SANDBOX_LIMIT_HINT if limit else msg.SANDBOX_REACH_HINT,
                self.model,
                center.slug,
            )
        if isinstance(exc, jinja2.UndefinedError):
            owner, name = _undefined_name(str(exc))
            hint = msg.JINJA_UNDEFINED_HINT
            if not owner:
                hint = did_you_mean(name, ("center", "numbers")) or hint
            if owner:
                choices = [
                    a
                    for a in dir(center if owner == "center" else NUMBERS)
                    if not a.startswith("_")
                ]
                hint = did_you_mean(name, choices) or hint
                name = f"{owner}.{name}"
            return problem(
                Mark(frag.file, line),
                msg.JINJA_UNDEFINED.format(name=name),
                hint,
                self.model,
                center.slug,
            )
        return problem(
            Mark(frag.file, line),
            msg.JINJA_ERROR.format(center=center.name, error=exc),
            msg.JINJA_ERROR_HINT,
            self.model,
            center.slug,
        )

    def resolve_links(
        self,
        html: str,
        processed: Processed,
        page: Page,
        frag: Fragment,
        site: SiteView,
        out: CenterResult,
    ) -> str:
        def sub(m: re.Match[str]) -> str:
            ref = processed.links[int(m.group(1))]
            if ref.kind == "file":
                from_root = posixpath.normpath(ref.href.split("#")[0].lstrip("/"))
                for target in (ref.target, from_root):
                    if target in self.content_files:
                        return site.urls.file(target)
                out.problems.append(
                    problem(
                        Mark(frag.file, ref.line),
                        msg.MISSING_FILE.format(target=ref.href),
                        msg.MISSING_FILE_HINT,
                        self.model,
                        site.center.slug,
                    )
                )
                return ref.href
            if ref.kind == "anchor" or ref.target in site.pages:
                return (
                    site.urls.page(ref.target, ref.anchor)
                    if ref.kind == "page"
                    else f"#{ref.anchor}"
                )
            if ref.target in site.fallback:  # not translated: the page in the default language
                return site.fallback[ref.target] + (f"#{ref.anchor}" if ref.anchor else "")
            service = ref.target.split("/", 1)[1] if ref.target.startswith("services/") else ""
            if service and service in self.model.content.catalog:
                message = msg.LINK_NOT_OFFERED.format(target=ref.href)
                hint = msg.LINK_NOT_OFFERED_HINT.format(service=service)
            else:
                message, hint = msg.BROKEN_LINK.format(target=ref.href), msg.BROKEN_LINK_HINT
            out.problems.append(
                problem(Mark(frag.file, ref.line), message, hint, self.model, site.center.slug)
            )
            return ref.href

        return LINK_TOKEN.sub(sub, html)

    def page_body(
        self, page: Page, center: Center, site: SiteView, out: CenterResult, reads: Any = None
    ) -> tuple[str, list, list[AnchorRef]]:
        """The page's Markdown and FAQ answers as HTML for this center, links resolved, and its
        links into anchors (checked once every page is rendered). `reads`: the center as the
        page's language says its facts (languages.CenterIn), else the center itself."""
        md_ctx = {"center": reads if reads is not None else center, "numbers": NUMBERS}
        pieces = [(self._fragment(page.source, page.body_line, page.body), None)]
        pieces += [
            (self._fragment(page.source, item.line, item.answer), item.question)
            for item in page.faq
        ]
        body, faq, refs = "", [], []
        for frag, question in pieces:
            html, processed = self.fragment_html(frag, page, center, md_ctx, out)
            html = self.resolve_links(html, processed, page, frag, site, out)
            for ref in processed.links:
                if ref.anchor and (ref.kind == "anchor" or ref.target in site.pages):
                    refs.append((frag.file, ref.line, ref.target, ref.anchor))
            if question is None:
                body = html
            else:
                faq.append((question, Markup(html), anchor(question)))
        return body, faq, refs


def problem(
    mark: Mark,
    message: str,
    hint: str,
    model: SiteModel,
    center: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(mark, message, hint, severity, model.quote(mark), (center,) if center else ())


@functools.lru_cache(maxsize=8192)
def anchor(text: str) -> str:
    """An id from a heading or question; the same few hundred texts come back for every center."""
    return slugify(text)


_BLOCK_TAG = re.compile(r"{%-?\s*(\w+)")
_OPENERS = ("if", "for", "with", "block", "macro", "filter", "call", "raw", "general")


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost {% if/for … %} left open, with its 1-based line (Jinja only says 'end of file')."""
    stack: list[tuple[str, int]] = []
    for m in _BLOCK_TAG.finditer(source):
        word, line = m.group(1), source.count("\n", 0, m.start()) + 1
        if word in _OPENERS:
            stack.append((word, line))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1] if stack else None


def _template_lineno(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _undefined_name(text: str) -> tuple[str, str]:
    """('center', 'nmae') from Jinja's "'…Center object' has no attribute 'nmae'"."""
    m = re.search(r"'[\w.]*\.(\w+) object' has no attribute '([^']+)'", text)
    if m:
        owner = {"Center": "center", "Numbers": "numbers"}.get(m.group(1), "")
        return owner, m.group(2)
    m = re.search(r"'([^']+)' is undefined", text)
    return "", m.group(1) if m else text
