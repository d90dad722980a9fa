"""Themes: one Jinja Environment per build over every theme, inheritance, strings and assets.

Template names carry their theme ("calm/page.html"). A theme's own `{% extends "base.html" %}`
resolves within its chain: project `templates/` > the theme > its parent > … . A theme can reach
its parent's version of the same file explicitly: `{% extends "default/base.html" %}`."""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
    select_autoescape,
)
from jinja2.loaders import split_template_path

from . import messages as msg
from .problems import Mark, Problems, closest, suggest
from .schema import Field, Reader, Record, Text
from .yamlsrc import MappingNode, ScalarNode, load

THEME_FILE = "theme.yaml"
_THEME = Record(
    "theme.yaml",
    {
        "name": Field(Text("Calm"), default=""),
        "description": Field(Text(), default=""),
        "extends": Field(Text("default"), default=""),
    },
)


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    parent: str
    description: str


@dataclass(frozen=True)
class Asset:
    logical: str  # "css/site.css"
    published: str  # "assets/css/site.3f2a1b4c.css"
    data: bytes
    source: str = ""  # "themes/default/static/css/site.css"


class StringMistake(Exception):
    """A theme text that is missing or cannot take the values the theme gives it (`{Number}` for
    `{number}`): one problem at the text's own line, the same for every page that shows it."""

    def __init__(self, where: Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = where, message, hint

    @classmethod
    def of(cls, where: Mark, key: str, exc: Exception, given: list[str]) -> StringMistake:
        if isinstance(exc, KeyError) and exc.args:
            return cls(
                where,
                msg.STRING_VALUES.format(key=key, name=f"{{{exc.args[0]}}}"),
                msg.STRING_VALUES_HINT.format(given=", ".join(f"{{{g}}}" for g in given)),
            )
        # {} or a lone brace: what the strings check says about it (checks/__init__.py)
        return cls(
            where,
            msg.STRING_WRITTEN.format(key=key, what=msg.STRING_BRACES),
            msg.STRING_BRACES_HINT,
        )


class ThemeSet:
    """Every theme of the project, resolved once: chains, strings, assets, the Environment."""

    def __init__(
        self, themes_dir: Path, project_templates: Path, root: Path, problems: Problems
    ) -> None:
        self.root = root
        self.themes: dict[str, Theme] = {}
        self.project_templates = project_templates
        if themes_dir.is_dir():
            for d in sorted(
                p for p in themes_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
            ):
                self.themes[d.name] = self._read_theme(d, problems)
        self.chains = {name: self._chain(name, problems) for name in self.themes}
        self.env = Environment(
            loader=_ChainLoader(self),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.do"],
            auto_reload=False,  # one build never sees a template change; serve makes a new set
        )
        self.env.join_path = self._join_path  # type: ignore[method-assign]
        self._strings: dict[str, dict[str, str]] = {}
        self._where: dict[tuple[str, str], Mark] = {}  # (theme:language, key) → its line
        self._refs: dict[str, list[str | None]] = {}  # a template source -> the templates it names
        self._assets: dict[str, dict[str, Asset]] = {}
        self._problems = problems
        #: Fingerprinted names let hosts cache assets for a year; the dev server turns it off so
        #: a CSS edit only replaces that file instead of changing every page that links it.
        self.fingerprint = True

    # --- discovery -----------------------------------------------------------------------------

    def _read_theme(self, d: Path, problems: Problems) -> Theme:
        cfg = d / THEME_FILE
        parent, desc = ("" if d.name == "default" else "default"), ""
        if cfg.is_file():
            rel = cfg.relative_to(self.root).as_posix()
            node = load(cfg.read_text(encoding="utf-8"), rel, problems)
            if node is not None:
                rec = _THEME.read(node, "theme", Reader(rel, problems))
                parent = rec["extends"] if "extends" in rec.marks else parent
                desc = rec["description"]
        return Theme(d.name, d, parent, desc)

    def _chain(self, name: str, problems: Problems) -> tuple[Theme, ...]:
        chain: list[Theme] = []
        current: str = name
        while current:
            theme = self.themes.get(current)
            if theme is None:
                problems.add(
                    Mark(f"themes/{chain[-1].name}/{THEME_FILE}" if chain else f"themes/{name}"),
                    msg.UNKNOWN_THEME.format(value=current),
                    msg.UNKNOWN_THEME_HINT_NONE.format(choices=", ".join(sorted(self.themes))),
                )
                break
            if theme in chain:
                problems.add(Mark(f"themes/{name}/{THEME_FILE}"), msg.THEME_LOOP.format(value=name))
                break
            chain.append(theme)
            current = theme.parent
        return tuple(chain)

    # --- templates -----------------------------------------------------------------------------

    def search_path(self, theme: str) -> list[Path]:
        dirs = [self.project_templates] if self.project_templates.is_dir() else []
        return dirs + [t.path / "templates" for t in self.chains.get(theme, ())]

    def _join_path(self, template: str, parent: str) -> str:
        first = template.split("/", 1)[0]
        if first in self.themes and "/" in template:
            return template
        return f"{parent.split('/', 1)[0]}/{template}"

    def template_name(self, theme: str, layout: str) -> str:
        return f"{theme}/{layout}.html"

    def template_names(self) -> list[str]:
        """Every template name any theme can resolve ("default/partials/footer.html")."""
        folders = [self.project_templates, *(t.path / "templates" for t in self.themes.values())]
        rels = {
            f.relative_to(folder).as_posix()
            for folder in folders
            if folder.is_dir()
            for f in folder.rglob("*.html")
        }
        return [f"{theme}/{rel}" for theme in sorted(self.themes) for rel in sorted(rels)]

    def compile_all(self, themes: set[str]) -> None:
        """Compile the templates of `themes` now rather than when first rendered: the dev server's
        own process does it while its first build renders in workers (their compiled templates
        stay in them), so the first save does not wait ~0.1 s for it. One that does not compile
        is left for the render to report."""
        for name in self.template_names():
            if name.split("/", 1)[0] in themes:
                with contextlib.suppress(Exception):
                    self.env.get_template(name)

    def has_template(self, theme: str, name: str) -> bool:
        return any((d / name).is_file() for d in self.search_path(theme))

    def dependencies(self, name: str) -> set[str]:
        """Every template `name` pulls in (extends, include, import), for the dev server."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
            except TemplateNotFound:
                continue
            for ref in meta.find_referenced_templates(self.env.parse(source)):
                if ref:
                    todo.append(self._join_path(ref, current))
        return seen

    def sources(self, names: list[str]) -> dict[str, str] | None:
        """The source of every template `names` pull in (extends, include, import), by name, for
        the incremental engine's keys; None when one names another by a value (`{% include x %}`):
        it may pull in any template."""
        out: dict[str, str] = {}
        todo = list(names)
        while todo:
            current = todo.pop()
            if current in out:
                continue
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
            except TemplateNotFound:
                out[current] = ""  # (rendering it reports the theme error)
                continue
            out[current] = source
            refs = self._refs.get(source)
            if refs is None:
                try:
                    refs = list(meta.find_referenced_templates(self.env.parse(source)))
                except TemplateSyntaxError:  # (rendering a page made with it reports it)
                    refs = [None]
                self._refs[source] = refs
            if None in refs:
                return None
            todo += [self._join_path(ref, current) for ref in refs if ref]
        return out

    # --- strings -------------------------------------------------------------------------------

    def strings(self, theme: str, language: str = "en") -> dict[str, str]:
        """The theme's text catalogue for a language, parents first, children overriding."""
        key = f"{theme}:{language}"
        if key not in self._strings:
            merged: dict[str, str] = {}
            for t in reversed(self.chains.get(theme, ())):
                path = t.path / "strings" / f"{language}.yaml"
                if path.is_file():
                    rel = path.relative_to(self.root).as_posix()
                    node = load(path.read_text(encoding="utf-8"), rel, self._problems)
                    if isinstance(node, MappingNode):
                        for k, v in node.value:
                            if isinstance(v, ScalarNode):
                                merged[k.value] = v.value
                                self._where[(key, k.value)] = Mark(rel, k.start_mark.line + 1)
            self._strings[key] = merged
        return self._strings[key]

    def translator(self, theme: str, language: str = "en") -> Callable[..., str]:
        """`t(key, **values)`. A key another language lacks falls back to English, so one
        missing key is one error (checks.missing_strings), not a failed page on every site."""
        table = self.strings(theme, language)
        if language != "en":
            table = {**self.strings(theme, "en"), **table}

        def t(key: str, **values: object) -> str:
            if key not in table:  # one problem, at a misspelt key when there is one
                # every language falls back to English: the key belongs in en.yaml, so the
                # problem is there, at the key it is misspelt as (the same for every language)
                close = closest(key, self.strings(theme, "en"))
                near = suggest(close)
                where = self._where.get((f"{theme}:en", close[0] if len(close) == 1 else ""))
                where = where or Mark(f"themes/{theme}/strings/en.yaml")
                raise StringMistake(
                    where,
                    msg.MISSING_STRING.format(key=key),
                    f"{msg.MISSING_STRING_HINT.format(key=key)}{'; ' + near if near else ''}",
                )
            text = table[key]
            try:
                return text.format(**values) if values else text
            except (KeyError, IndexError, ValueError) as exc:
                where = self._where.get((f"{theme}:{language}", key)) or self._where.get(
                    (f"{theme}:en", key), Mark(f"themes/{theme}/strings/{language}.yaml")
                )
                raise StringMistake.of(where, key, exc, sorted(values)) from None

        return t

    # --- assets --------------------------------------------------------------------------------

    def assets(self, theme: str) -> dict[str, Asset]:
        """Static files of the chain (child wins), fingerprinted so they can be cached for a year."""
        if theme not in self._assets:
            found: dict[str, Path] = {}
            for t in reversed(self.chains.get(theme, ())):
                static = t.path / "static"
                if static.is_dir():
                    for f in sorted(static.rglob("*")):
                        if f.is_file() and not f.name.startswith("."):
                            found[f.relative_to(static).as_posix()] = f
            out: dict[str, Asset] = {}
            for logical, f in sorted(found.items()):
                data = f.read_bytes()
                digest = hashlib.sha256(data).hexdigest()[:10]
                stem, ext = posixpath.splitext(logical)
                source = (
                    f.relative_to(self.root).as_posix() if f.is_relative_to(self.root) else str(f)
                )
                published = (
                    f"assets/{stem}.{digest}{ext}" if self.fingerprint else f"assets/{logical}"
                )
                out[logical] = Asset(logical, published, data, source)
            self._assets[theme] = out
        return self._assets[theme]


class _ChainLoader(BaseLoader):
    def __init__(self, themes: ThemeSet) -> None:
        self.themes = themes

    def get_source(self, environment: Environment, template: str):  # type: ignore[no-untyped-def]
        theme, _, name = template.partition("/")
        # Names stay inside the theme folders: no "..", no absolute path, no link out of them.
        parts = split_template_path(name)  # raises TemplateNotFound on ".." segments
        for d in self.themes.search_path(theme):
            path = d.joinpath(*parts)
            if path.is_file() and path.resolve().is_relative_to(d.resolve()):
                source = path.read_text(encoding="utf-8")
                mtime = path.stat().st_mtime
                return (
                    source,
                    str(path),
                    lambda p=path, m=mtime: p.is_file() and p.stat().st_mtime == m,
                )
        raise TemplateNotFound(template)
