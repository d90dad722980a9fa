"""The Hugo project of a benchmark run: the same pages as site_builder's for the same centers, in
every language each center's site has (English, and Spanish under es/ for the centers whose staff
speak it), built with Hugo's fastest method for this job (DECISIONS.md, "Measuring").

One build, a content adapter (hugo/content/_content.gotmpl) that emits a page per (center,
language, page). site_builder's content holds Jinja (`{{ center.phone }}`, `{% if
center.offers("iop") %}`, `{% for plan in center.insurance.plans %}`); Hugo cannot run Jinja, so
each source is cut here into segments at its tags, each segment with the conditions it sits under
(a condition is one Jinja expression, `elif` and `else` folded into it) and each printed value a
placeholder. The conditions and values are evaluated here once per (center, language) with
site_builder's own centers and sandbox, which is the data Hugo is given, like the facts in
centers.yaml. Hugo decides per (center, page) which segments the center keeps (the variant),
renders each distinct variant's Markdown once per build (partialCached) and substitutes the
center's values: the work site_builder does per center."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape

from site_builder import languages
from site_builder import model as sb_model
from site_builder.numbers import NUMBERS
from site_builder.sandbox import BUDGET_KEY, content_environment, new_budget

HERE = Path(__file__).resolve().parent
LANGS = ("en", "es")  # the languages the translation knows (content/<code>/ for the others)
FOOTER_FROM = 90  # pages ordered 90 and up (without a nav label) are the footer's legal links
CATEGORIES = ("therapy", "program", "medical", "support", "specialized")
LOCALES = {"en": "en_US", "es": "es_US"}

_TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})", re.S)
_LINK = re.compile(r"\]\(((?:\.\./)?[a-z0-9/-]+)\.md(#[a-z0-9-]+)?\)")
_STRING = re.compile(r"(\"[^\"]*\"|'[^']*')")
_NAME = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\b")
_CENTER = re.compile(r"(?<![.\w])center\b")


# --- Jinja to segments --------------------------------------------------------------------------


def parse(source: str) -> list:
    """The Jinja of one source as a tree: ("text", s), ("out", expr), ["if", [[test|None, body]…]],
    ["for", var, iter, body], ("set", name, expr); `{% general %}` passages are just their body."""
    root: list = []
    stack: list[tuple[Any, list]] = [(None, root)]
    for token in _TAG.split(source):
        if not token or token.startswith("{#"):
            continue
        body = stack[-1][1]
        if token.startswith("{{"):
            body.append(("out", token[2:-2].strip()))
            continue
        if not token.startswith("{%"):
            body.append(("text", token))
            continue
        stmt = token[2:-2].strip(" -\n")
        word, _, rest = stmt.partition(" ")
        rest = rest.strip()
        node = stack[-1][0]
        if word == "if":
            new: list = ["if", [[rest, []]]]
            body.append(new)
            stack.append((new, new[1][-1][1]))
        elif word in ("elif", "else") and node and node[0] == "if":
            node[1].append([rest if word == "elif" else None, []])
            stack[-1] = (node, node[1][-1][1])
        elif word == "for" and (m := re.fullmatch(r"(\w+) in (.+)", rest)):
            new = ["for", m[1], m[2], []]
            body.append(new)
            stack.append((new, new[3]))
        elif word == "general":
            new = ["general", []]
            body.append(new)
            stack.append((new, new[1]))
        elif word == "set" and (m := re.fullmatch(r"(\w+)\s*=\s*(.+)", rest, re.S)):
            body.append(("set", m[1], m[2]))
        elif word in ("endif", "endfor", "endgeneral") and node and node[0] == word[3:]:
            stack.pop()
        else:
            raise SystemExit(f"the Hugo translation does not know the Jinja statement {token!r}")
    if len(stack) > 1:
        raise SystemExit(f"unclosed Jinja block in {source[:60]!r}")
    return root


def _subst(expr: str, env: dict[str, str]) -> str:
    """`expr` with the names `set` or a loop bound replaced by what they stand for."""
    if not env:
        return expr
    parts = _STRING.split(expr)
    for i in range(0, len(parts), 2):
        parts[i] = _NAME.sub(lambda m: env.get(m[1], m[1]), parts[i])
    return "".join(parts)


def _per_center(expr: str) -> bool:
    return any(_CENTER.search(p) for p in _STRING.split(expr)[::2])


class Translator:
    """Cuts sources into segments. Conditions and values are Jinja expressions, numbered across
    the whole project (the same expression, the same number), evaluated per (center, language)."""

    def __init__(self, contexts: list[dict]) -> None:
        self.env = content_environment(autoescape=False)
        self.contexts = contexts  # every (center, language), for the length of loops over facts
        self.conds: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self._compiled: dict[str, Any] = {}

    def cut(self, source: str, link=None) -> dict:
        """{"segs": [{"t": text, "c": [condition ids]}], "vals": [value ids used]}. `link(target,
        anchor)` rewrites a link to a content page (Markdown sources only)."""
        out: dict = {"segs": [], "vals": []}
        self._flatten(parse(source), {}, (), out, link)
        out["vals"] = sorted(set(out["vals"]), key=int)
        return out

    def _add(self, out: dict, conds: tuple, text: str) -> None:
        segs = out["segs"]
        if segs and segs[-1]["c"] == list(conds):
            segs[-1]["t"] += text
        else:
            segs.append({"t": text, "c": list(conds)})

    def _flatten(self, nodes, env, conds, out, link) -> None:
        for node in nodes:
            kind = node[0]
            if kind == "text":
                text = node[1]
                if link is not None:
                    text = _LINK.sub(lambda m: f"]({link(m[1], m[2] or '')})", text)
                self._add(out, conds, text)
            elif kind == "out":
                expr = _subst(node[1], env)
                if _per_center(expr):
                    vid = self.values.setdefault(expr, str(len(self.values)))
                    out["vals"].append(vid)
                    self._add(out, conds, f"QQV{vid}QQ")
                else:
                    value = str(self.evaluate(expr, {}))
                    self._add(out, conds, str(escape(value)) if link else value)
            elif kind == "general":
                self._flatten(node[1], env, conds, out, link)
            elif kind == "set":  # (under a condition it holds for the rest of that branch)
                env[node[1]] = f"({_subst(node[2], env)})"
            elif kind == "if":
                prior: list[str] = []
                for test, body in node[1]:
                    parts = [f"({_subst(test, env)})"] if test is not None else []
                    parts += [f"not {p}" for p in prior]
                    if test is not None:
                        prior.append(f"({_subst(test, env)})")
                    expr = " and ".join(parts) or "true"
                    if not _per_center(expr):
                        if self.evaluate(expr, {}):
                            self._flatten(body, env, conds, out, link)
                        continue
                    cid = self.conds.setdefault(expr, str(len(self.conds)))
                    self._flatten(body, dict(env), (*conds, cid), out, link)
            elif kind == "for":
                var, seq = node[1], _subst(node[2], env)
                if not _per_center(seq):
                    for item in self.evaluate(seq, {}):
                        self._flatten(node[3], {**env, var: json.dumps(item)}, conds, out, link)
                    continue
                longest = max((self._length(seq, ctx) for ctx in self.contexts), default=0)
                for i in range(longest):  # unrolled: item i is kept when the list is that long
                    cid = self.conds.setdefault(f"({seq})|length > {i}", str(len(self.conds)))
                    item = {**env, var: f"({seq})[{i}]"}
                    self._flatten(node[3], item, (*conds, cid), out, link)

    def _length(self, seq: str, ctx: dict) -> int:
        try:
            return len(list(self.evaluate(seq, ctx)))
        except jinja2.UndefinedError:
            return 0

    def evaluate(self, expr: str, ctx: dict) -> Any:
        fn = self._compiled.get(expr)
        if fn is None:
            fn = self._compiled[expr] = self.env.compile_expression(expr, undefined_to_none=False)
        return fn(numbers=NUMBERS, **{BUDGET_KEY: new_budget()}, **ctx)

    def facts(self, ctx: dict) -> tuple[dict[str, bool], dict[str, str]]:
        """The conditions that hold for one (center, language) and its values, by id."""
        flags, values = {}, {}
        for expr, cid in self.conds.items():
            try:
                if self.evaluate(expr, ctx):
                    flags[cid] = True
            except jinja2.UndefinedError:  # an item past the end of an unrolled loop
                pass
        for expr, vid in self.values.items():
            try:
                value = self.evaluate(expr, ctx)
                values[vid] = "" if value is None else str(value)
            except jinja2.UndefinedError:  # (its segment is not kept)
                values[vid] = ""
        return flags, values


# --- the content --------------------------------------------------------------------------------


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _sources(content: Path) -> dict[str, dict[str, tuple[dict, str]]]:
    """Per language, every shared page and service page by id ("faq", "services/iop")."""
    out: dict[str, dict[str, tuple[dict, str]]] = {}
    for lang in LANGS:
        folder = content if lang == "en" else content / lang
        pages = {}
        for path in sorted([*folder.glob("*.md"), *(folder / "services").glob("*.md")]):
            pid = path.relative_to(folder).with_suffix("").as_posix()
            pages[pid] = _front_matter(path)
        out[lang] = pages
    for lang in LANGS[1:]:  # a page with no English page is not published
        out[lang] = {pid: v for pid, v in out[lang].items() if pid in out["en"]}
    return out


def _path(pid: str, lang: str, meta: dict) -> str:
    """The page's address inside its language's site: '' (home), 'faq/', 'services/iop/'."""
    path = "" if pid == "index" else pid
    if lang != "en" and meta.get("slug") and path:
        parent = posixpath.dirname(path)
        path = f"{parent}/{meta['slug']}" if parent else meta["slug"]
    return path + "/" if path else ""


class Project:
    """The project's pages and centers as Hugo's data."""

    def __init__(self, source: Path, today: dt.date) -> None:
        self.model = sb_model.load(source, today)
        if self.model.problems.has_errors():
            raise SystemExit(
                f"the benchmark project does not load: {self.model.problems.errors[:3]}"
            )
        self.sources = _sources(source / "content")
        self.paths = {
            lang: {pid: _path(pid, lang, meta) for pid, (meta, _) in pages.items()}
            for lang, pages in self.sources.items()
        }
        self.contexts = []  # (center, language, context)
        for center in self.model.centers:
            for lang in languages.of_center(center):
                if lang in LANGS:
                    t = self.model.themes.translator(center.theme, lang)
                    reads = languages.reader(center, lang, t)
                    self.contexts.append((center, lang, {"center": reads}))
        self.tr = Translator([ctx for _, _, ctx in self.contexts])

    def _link(self, lang: str, here: str):
        def link(target: str, anchor: str) -> str:
            pid = posixpath.normpath(posixpath.join(here, target))
            if pid in self.paths[lang]:
                return f"QQbaseQQ{self.paths[lang][pid]}{anchor}"
            if pid in self.paths["en"]:  # not translated: the English page
                return f"QQrootQQ{self.paths['en'][pid]}{anchor}"
            raise SystemExit(f"the Hugo translation cannot resolve the link {target}.md")

        return link

    def _text(self, out: dict, key: str, text: str) -> None:
        """A front-matter text: plain, or segments when it holds Jinja."""
        if "{{" in text or "{%" in text:
            cut = self.tr.cut(text)
            out[f"{key}_segs"], out[f"{key}_vals"] = cut["segs"], cut["vals"]
            out[key] = ""
        else:
            out[key] = text

    def _page(self, lang: str, pid: str) -> dict:
        meta, body = self.sources[lang][pid]
        here = posixpath.dirname(pid) + "/" if "/" in pid else ""
        link = self._link(lang, here)
        cut = self.tr.cut(body, link)
        reviewed = meta.get("last_reviewed")
        page = {
            "id": pid,
            "key": f"{lang}:{pid}",
            "path": self.paths[lang][pid],
            "paths": {
                code: ("" if code == "en" else f"{code}/") + self.paths[code][pid]
                for code in LANGS
                if pid in self.paths[code]
            },
            "order": meta.get("order", 50),
            "nav": meta.get("nav", ""),
            "reviewed": languages.Formats(lang).date(reviewed) if reviewed else "",
            "reviewed_by": meta.get("reviewed_by", ""),
            "reviewed_iso": reviewed.isoformat() if reviewed else "",
            "segs": cut["segs"],
            "vals": cut["vals"],
        }
        self._text(page, "title", str(meta["title"]))
        self._text(page, "description", str(meta.get("description", "")))
        for key in ("nav", "summary"):
            if "{" in str(meta.get(key, "")):
                raise SystemExit(f"{lang}/{pid}: the Hugo translation has no per-center {key}")
        if pid.startswith("services/"):
            page |= {
                "summary": meta.get("summary", ""),
                "category": meta.get("category", "therapy"),
                "layout": "service",
            }
            return page
        when = [f'center.offers("{meta["requires"]}")'] if meta.get("requires") else []
        when += [f"({meta['when']})"] if meta.get("when") else []
        page["when"] = (
            self.tr.conds.setdefault(" and ".join(when), str(len(self.tr.conds))) if when else ""
        )
        page["layout"] = "center-home" if pid == "index" else meta.get("layout", "page")
        page["faq"] = []
        for i, item in enumerate(meta.get("faq", [])):
            answer = self.tr.cut(item["answer"], link)
            q = {"key": f"{lang}:{pid}:faq{i}", "segs": answer["segs"], "vals": answer["vals"]}
            self._text(q, "q", str(item["question"]))
            page["faq"].append(q)
        return page

    def pages(self) -> tuple[dict, dict]:
        """(pages by language, in menu order; services by language and id)."""
        pages, services = {}, {}
        for lang in LANGS:
            ids = self.sources[lang]
            shared = [self._page(lang, pid) for pid in ids if not pid.startswith("services/")]
            pages[lang] = sorted(shared, key=lambda p: (p["order"], p["id"]))
            services[lang] = {
                pid.split("/", 1)[1]: self._page(lang, pid)
                for pid in ids
                if pid.startswith("services/")
            }
        return pages, services

    def centers(self) -> list[dict]:
        facts: dict[tuple[str, str], tuple[dict, dict]] = {}
        languages_text: dict[tuple[str, str], str] = {}
        for center, lang, ctx in self.contexts:
            facts[(center.slug, lang)] = self.tr.facts(ctx)
            languages_text[(center.slug, lang)] = str(ctx["center"].languages_text)
        out = []
        for center in self.model.centers:
            if center.phone_hours or any(loc.hours for loc in center.locations):
                raise SystemExit(f"{center.slug}: the Hugo translation shows no hours")
            langs = [lang for lang in languages.of_center(center) if lang in LANGS]
            phone = center.phone
            out.append(
                {
                    "slug": center.slug,
                    "name": center.name,
                    "entity": center.entity,
                    "phone": str(phone),
                    "tel": phone.tel,
                    "e164": phone.tel.removeprefix("tel:"),
                    "base": f"/{center.slug}/",
                    "url": center.base_url,
                    "privacy_notice_url": center.privacy_notice_url,
                    "part2_notice_url": (
                        center.part2_notice_url if center.treats_substance_use else ""
                    ),
                    "languages": list(center.languages),
                    "services": list(center.services),
                    "state": center.state,
                    "locations": [
                        {
                            "id": loc.id,
                            "title": loc.name or f"{loc.city}, {loc.state}",
                            "name": loc.name,
                            "street_lines": list(loc.street_lines),
                            "street": ", ".join(loc.street_lines),
                            "city": loc.city,
                            "state": loc.state,
                            "zip": loc.zip,
                            "one_line": loc.one_line,
                            "maps": [{"label": a, "href": b} for a, b in loc.map_links],
                            "lat": loc.geo.latitude if loc.geo else "",
                            "lon": loc.geo.longitude if loc.geo else "",
                        }
                        for loc in center.locations
                    ],
                    "languages_text": {lang: languages_text[(center.slug, lang)] for lang in langs},
                    "langs": langs,
                    "bilingual": len(langs) > 1,
                    "flags": {lang: facts[(center.slug, lang)][0] for lang in langs},
                    "values": {lang: facts[(center.slug, lang)][1] for lang in langs},
                }
            )
        return out


def _taglines() -> dict[str, list[dict]]:
    from importlib.resources import files

    data = yaml.safe_load((files("site_builder") / "data" / "taglines.yaml").read_text("utf-8"))
    out = {}
    for state, codes in data["states"].items():
        out[state] = []
        for code in codes:
            lang = data["languages"][code]
            before, _, after = lang["tagline"].partition("{phone}")
            out[state].append(
                {
                    "lang": code,
                    "native": lang["native"],
                    "dir": lang.get("dir", "ltr"),
                    "before": before,
                    "after": after,
                    "reviewed": bool(lang.get("reviewed", False)),
                }
            )
    return out


def _site(lang: str, pages: list[dict], services: dict[str, dict], strings: dict) -> dict:
    """What every page of one language shares: menus, service groups, public numbers."""
    prefix = "" if lang == "en" else f"{lang}/"
    n = NUMBERS
    return {
        "lang": lang,
        "prefix": prefix,
        "locale": LOCALES[lang],
        "native": languages.get(lang).native,
        "nav": [{"id": p["id"], "label": p["nav"], "path": p["path"]} for p in pages if p["nav"]],
        "footer": [
            {"label": p["title"], "path": p["path"]}
            for p in pages
            if p["order"] >= FOOTER_FROM and not p["nav"]
        ],
        "categories": [{"id": c, "label": strings[f"category_{c}"]} for c in CATEGORIES],
        "first_visit": next(p["title"] for p in pages if p["id"] == "first-visit"),
        "first_visit_path": next(p["path"] for p in pages if p["id"] == "first-visit"),
        "crisis_path": next(p["path"] for p in pages if p["id"] == "crisis"),
        "contact_title": next(p["title"] for p in pages if p["id"] == "contact"),
        "contact_path": next(p["path"] for p in pages if p["id"] == "contact"),
        "service_order": [
            s for s, _ in sorted(services.items(), key=lambda kv: (kv[1]["order"], kv[0]))
        ],
        "numbers": {
            k: {"text": str(getattr(n, k)), "tel": getattr(n, k).tel}
            for k in ("lifeline", "emergency", "samhsa_helpline", "samhsa_tty")
        }
        | {"crisis_text_line": {"text": str(n.crisis_text_line), "sms": n.crisis_text_line.sms}},
        "lifeline_sms": n.lifeline.sms,
        "chat_url": n.lifeline_chat_url_es if lang == "es" else n.lifeline_chat_url,
        "spanish_option": str(n.lifeline_spanish_option),
        "spanish_keyword": str(n.lifeline_spanish_keyword),
    }


def write_hugo_project(project: Path, source: Path, today: str) -> dict:
    """A Hugo project for the centers of the site_builder project `source`: benchmarks/hugo/
    (config, content adapter, layouts), the default theme's CSS and strings, and the pages and
    centers as JSON data files. Returns a few counts for the report."""
    shutil.copytree(HERE / "hugo", project)
    built = Project(source, dt.date.fromisoformat(today))
    pages, services = built.pages()
    centers = built.centers()  # after pages(): every condition and value is known
    theme = source / "themes" / "default"
    (project / "assets" / "css").mkdir(parents=True)
    shutil.copy(theme / "static" / "css" / "site.css", project / "assets" / "css" / "site.css")
    strings = {
        lang: {
            **yaml.safe_load((theme / "strings" / "en.yaml").read_text("utf-8")),
            **yaml.safe_load((theme / "strings" / f"{lang}.yaml").read_text("utf-8")),
        }
        for lang in LANGS
    }
    data = project / "data"
    data.mkdir()
    for name, value in (
        ("strings", strings),
        ("site", {lang: _site(lang, pages[lang], services[lang], strings[lang]) for lang in LANGS}),
        ("pages", pages),
        ("services", services),
        ("taglines", _taglines()),
        ("centers", centers),
    ):
        (data / f"{name}.json").write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    return {
        "conditions": len(built.tr.conds),
        "values": len(built.tr.values),
        "bilingual_centers": sum(c["bilingual"] for c in centers),
    }
