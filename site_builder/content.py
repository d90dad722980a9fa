"""content/ → Content: every page, shared and per-center overrides, pages in other languages and the
files beside them, with symbolic links that leave the project refused. Reading one file is
page_file.py's; the Page type is page.py's (both names are kept importable from here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import languages
from . import messages as msg
from .page import CATEGORY_NAMES, CENTERS_DIR, DEFAULT_LANGUAGE, SERVICES_DIR, Page
from .page_file import FRONT_MATTER, parse_page
from .problems import Mark, Problems, Severity
from .yamlsrc import decode

#: Importable from here as before: the type, the folders, the schema and the reader of one page.
__all__ = [
    "CATEGORY_NAMES",
    "CENTERS_DIR",
    "FRONT_MATTER",
    "SERVICES_DIR",
    "Content",
    "Page",
    "collect",
    "parse_page",
    "read_page",
]


@dataclass(frozen=True)
class Content:
    shared: tuple[Page, ...]
    per_center: dict[str, tuple[Page, ...]]
    #: Files beside the pages (images, documents), published at the same path on every site.
    files: tuple[tuple[str, bytes], ...] = ()
    #: Service pages that did not load (their problems are reported): still services, so a
    #: mistake in one page is one message, not one more for every center that offers it.
    failed_services: tuple[str, ...] = ()
    #: Pages in other languages (content/<code>/), each the twin of the page with its id.
    translated: tuple[Page, ...] = ()
    #: The sources of pages that did not load (reported): a twin of one is not an orphan.
    failed_pages: tuple[str, ...] = ()

    @property
    def all_pages(self) -> tuple[Page, ...]:
        """Every source page, in every language and for every center."""
        return (
            *self.shared,
            *(p for ps in self.per_center.values() for p in ps),
            *self.translated,
        )

    @property
    def catalog(self) -> dict[str, Page]:
        """The service catalog is the set of shared service pages: ids are their file names."""
        return {p.service: p for p in self.shared if p.service}

    def pages_for(self, slug: str, lang: str = DEFAULT_LANGUAGE) -> list[Page]:
        """Shared pages with this center's overrides and additions in place (sorted by id); in
        another language, the translated ones."""
        if lang == DEFAULT_LANGUAGE:
            shared, own = self.shared, self.per_center.get(slug, ())
        else:
            shared = tuple(p for p in self.translated if p.lang == lang and not p.center)
            own = tuple(p for p in self.translated if p.lang == lang and p.center == slug)
        pages = {p.id: p for p in shared}
        for p in own:
            pages[p.id] = p
        return [pages[k] for k in sorted(pages)]


def collect(content_dir: Path, root: Path, problems: Problems, memo: dict | None = None) -> Content:
    """Every page of content/. With `memo` (the dev server's), a file whose size and modification
    time are unchanged keeps its parsed Page instead of being read again."""
    shared: list[Page] = []
    per_center: dict[str, list[Page]] = {}
    failed: list[str] = []
    failed_pages: list[str] = []
    translated: list[Page] = []
    other_languages = set(languages.known()) - {DEFAULT_LANGUAGE}
    if not (content_dir / "index.md").is_file():
        problems.add(Mark(_rel(content_dir / "index.md", root)), msg.NO_INDEX, msg.NO_INDEX_HINT)
    outside = _links_out(content_dir, root, problems)
    every = sorted(content_dir.rglob("*"))  # (walked once: the dev server collects on each save)
    outside |= _unusable(every, content_dir, root, problems, outside)
    for path in sorted(content_dir.rglob("*.md")):
        if path in outside or _hidden(path, content_dir):
            continue  # (.#page.md: an editor's lock file, never a page)
        rel_parts = path.relative_to(content_dir).parts
        center, lang = "", DEFAULT_LANGUAGE
        if rel_parts[0] in other_languages and len(rel_parts) > 1:
            lang, rel_parts = rel_parts[0], rel_parts[1:]
        if rel_parts[0] == CENTERS_DIR and len(rel_parts) > 2:
            center, rel_parts = rel_parts[1], rel_parts[2:]
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        cached = memo.get(path) if memo is not None else None
        if cached is not None and cached[0] == signature:
            page = cached[1]
        else:
            page = read_page(path, "/".join(rel_parts), center, root, problems, lang)
            if memo is not None and page is not None and not problems.has_errors():
                memo[path] = (signature, page)
        if page is None:
            failed_pages.append(_rel(path, root))
            if not center and len(rel_parts) == 2 and rel_parts[0] == SERVICES_DIR:
                failed += [path.stem, path.stem.lower()]  # IOP.md: centers' "iop" is no new error
            continue
        if lang != DEFAULT_LANGUAGE:
            translated.append(page)
            continue
        (per_center.setdefault(center, []) if center else shared).append(page)
    for p in every:
        page_name = _named_like_a_page(p.name)
        if page_name and p.is_file() and p not in outside and not _hidden(p, content_dir):
            problems.add(
                Mark(_rel(p, root)),
                msg.NOT_A_PAGE_NAME.format(name=p.name),
                msg.NOT_A_PAGE_NAME_HINT.format(name=page_name),
                Severity.WARNING,
            )
    files = tuple(
        (p.relative_to(content_dir).as_posix(), p.read_bytes())
        for p in every
        if p.is_file()
        and p not in outside
        and p.suffix != ".md"
        and not _hidden(p, content_dir)
        and p.relative_to(content_dir).parts[0] != CENTERS_DIR
    )
    return Content(
        tuple(shared),
        {k: tuple(v) for k, v in sorted(per_center.items())},
        files,
        tuple(sorted(set(failed))),
        tuple(translated),
        tuple(failed_pages),
    )


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.txt")


def _named_like_a_page(name: str) -> str:
    """The name a Markdown file saved under another ending should have ("faq.MD", "faq.markdown",
    "faq.md.txt" → "faq.md"), else "": only files ending in .md are read as pages."""
    low = name.lower()
    for suffix in _MARKDOWN_SUFFIXES:
        if low.endswith(suffix) and not name.endswith(".md") and len(name) > len(suffix):
            return name[: -len(suffix)] + ".md"
    return ""


def _hidden(path: Path, content_dir: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(content_dir).parts)


def _unusable(
    every: list[Path], content_dir: Path, root: Path, problems: Problems, skip: set[Path]
) -> set[Path]:
    """Files that cannot be pages or published files, each reported once: a name that is not
    UTF-8 text (it cannot be a web address, nor be printed), or a file that cannot be opened."""
    out: set[Path] = set()
    for path in every:
        if path in skip or _hidden(path, content_dir):
            continue
        rel = _rel(path, root)
        if path.is_dir():  # (rglob passes over what is in a folder it cannot read, silently)
            try:
                with os.scandir(path):
                    pass
            except OSError:
                problems.add(Mark(rel), msg.FOLDER_UNREADABLE, msg.FOLDER_UNREADABLE_HINT)
            continue
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(rel).decode("utf-8", "replace")
            problems.add(Mark(shown), msg.FILE_NAME_NOT_UTF8, msg.FILE_NAME_NOT_UTF8_HINT)
            out.add(path)
            continue
        try:
            with open(path, "rb"):
                pass
        except OSError:  # no permission, or a link to nothing (a broken symlink)
            problems.add(Mark(rel), msg.FILE_UNREADABLE, msg.FILE_UNREADABLE_HINT)
            out.add(path)
    return out


def _links_out(content_dir: Path, root: Path, problems: Problems) -> set[Path]:
    """Symbolic links in content/ that lead out of the project: never read, never published (a
    link to /etc/passwd or to another project's page would be published as ours). Links to
    folders are not followed at all, so one that would hide pages is reported too."""
    found: set[Path] = set()
    project = root.resolve()
    for path in sorted(content_dir.rglob("*")):
        if not path.is_symlink():
            continue
        rel = _rel(path, root)
        target = path.resolve()
        if not target.is_relative_to(project):
            found.add(path)
            problems.add(Mark(rel), msg.SYMLINK_OUTSIDE.format(path=rel), msg.SYMLINK_OUTSIDE_HINT)
        elif target.is_dir():
            problems.add(
                Mark(rel),
                msg.SYMLINK_FOLDER.format(path=rel),
                msg.SYMLINK_FOLDER_HINT,
                Severity.WARNING,
            )
    return found


def read_page(
    path: Path,
    rel_id: str,
    center: str,
    root: Path,
    problems: Problems,
    lang: str = DEFAULT_LANGUAGE,
) -> Page | None:
    rel = _rel(path, root)
    text = decode(path.read_bytes(), rel, problems)
    if text is None:
        return None
    return parse_page(text, rel, rel_id, center, problems, lang)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
