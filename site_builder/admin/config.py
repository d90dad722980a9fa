"""Decap CMS's config.yml, generated from the schema that validates centers.yaml and front matter —
never written by hand, so the editor's forms cannot drift from the validator.

One collection per kind of content (shared pages, services, each center's own pages, pages in
another language, centers), one widget per kind of value (`widget()`), every field's `doc` as its
hint (the same words as docs/centers.md), `required` from the schema. Patterns only guide typing;
the validator has the last word, and its message shows beside the preview after each save."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .. import languages
from .. import messages as msg
from ..center_kinds import STATE, ServiceId
from ..center_schema import CENTER
from ..content import CENTERS_DIR, FRONT_MATTER, SERVICES_DIR
from ..hours import HoursKind
from ..images import ImageBlock, ImagePath
from ..schema import (
    Bool,
    Choice,
    Custom,
    Date,
    Field,
    Float,
    Int,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    Url,
)
from ..states import US_STATES

#: Centers are blocks of centers.yaml, shown to Decap as one entry each in this folder (which does
#: not exist on disk: the local back end reads and writes the blocks; see store.py).
CENTERS_FOLDER = "centers.yaml"
#: Where uploaded pictures go: the image pipeline's source folder (logo, hero, staff, photos).
MEDIA_FOLDER = "images"
API_PATH = "/admin/api/v1"

#: Front matter keys that only some collections show (each collection's fields are FRONT_MATTER's,
#: in order, less these): service cards and claims terms on service pages, a translated address
#: in another language.
SERVICE_ONLY = ("category", "acronym", "terms")
TRANSLATION_ONLY = ("slug",)
#: content.parse_page requires these of a shared service page (its card on the home page).
SERVICE_REQUIRED = ("summary", "category")
#: Text fields edited in a box of several lines.
LONG_TEXT = ("bio", "notes", "description", "summary", "after_hours_note", "address")
BODY_HINT = (
    'Markdown, with center facts like {{ center.phone }} and {% if center.offers("iop") %} … '
    "{% endif %} (see docs/content-guide.md). Problems show beside the preview after you save."
)
_LABEL_WORDS = {"url": "URL", "tty": "TTY", "zip": "ZIP", "faq": "FAQ", "id": "ID"}
_SLUG = (r"^[a-z0-9]+(-[a-z0-9]+)*$", msg.BAD_SLUG_HINT)
_URL = (r"^https?://[^\s\"'<>\\]+$", msg.BAD_URL_HINT)
_DAYS = (r"^[A-Za-z ]+(\s*(-|–|—|to)\s*[A-Za-z]+)?$", msg.BAD_HOURS_DAY_HINT)
_TIMES = (r"^[0-9A-Za-z:.,;&/ –—-]+$", msg.BAD_HOURS_HINT)


@dataclass(frozen=True)
class Project:
    """What the config needs to know about the project: the service catalog (file names in
    content/services/), the centers (slug, name) and the languages with a content folder."""

    catalog: tuple[str, ...]
    centers: tuple[tuple[str, str], ...]
    languages: tuple[str, ...] = ()


def label(name: str) -> str:
    words = [_LABEL_WORDS.get(w, w) for w in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def widget(kind: Kind, name: str, project: Project) -> dict[str, Any]:
    """The Decap widget (and its options) for one kind of value of the schema."""
    if isinstance(kind, ImageBlock):
        return _object(kind, project, image_src=True)
    if isinstance(kind, Record):
        return _object(kind, project)
    if isinstance(kind, HoursKind):
        return _hours()
    if isinstance(kind, ImagePath):
        return {"widget": "image", "choose_url": False}
    if isinstance(kind, ListOf):
        return _list(kind, name, project)
    if isinstance(kind, ServiceId):
        return {"widget": "select", "options": list(project.catalog)}
    if isinstance(kind, Choice):
        return {"widget": "select", "options": list(kind.choices)}
    if isinstance(kind, Bool):
        return {"widget": "boolean"}
    if isinstance(kind, Int):
        out: dict[str, Any] = {"widget": "number", "value_type": "int", "step": 1}
        out.update({k: v for k, v in (("min", kind.low), ("max", kind.high)) if v is not None})
        return out
    if isinstance(kind, Float):
        return {"widget": "number", "value_type": "float", "step": 0.00001}
    if isinstance(kind, Date):
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
            "default": "",
        }
    if kind is STATE:
        return {"widget": "select", "options": sorted(US_STATES)}
    if isinstance(kind, Custom) and kind.typing:  # the form the validator itself holds
        pattern, hint = kind.typing
        return {"widget": "string", "pattern": [f"^{pattern}$", hint]}
    if isinstance(kind, Slug):
        return {"widget": "string", "pattern": list(_SLUG)}
    if isinstance(kind, Url):
        return {"widget": "string", "pattern": list(_URL)}
    if isinstance(kind, Text):
        return {"widget": "text" if name in LONG_TEXT else "string"}
    if type(kind).__name__ == "_Body":  # FAQ answers: Markdown, kept exactly as typed
        return {"widget": "text"}
    raise TypeError(f"no Decap widget for {type(kind).__name__} (field {name})")


def field(name: str, spec: Field, project: Project, required: bool | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "label": label(name)}
    out.update(widget(spec.kind, name, project))
    out["required"] = spec.required if required is None else required
    if out["widget"] == "object" and out["required"]:
        out["collapsed"] = False  # what every center must give is open to see
    elif out["widget"] == "object":
        _optional_inside(out)
    if spec.doc:
        out["hint"] = spec.doc
    if isinstance(spec.kind, Bool):
        out["default"] = bool(spec.default)
    return out


def _optional_inside(block: dict[str, Any]) -> None:
    """A block that may be left out: Decap would still demand its required keys (form_endpoint's
    url, geo's latitude) of every center, so the form asks for none; the validator still says
    which one is missing when the block is given without it."""
    for f in block["fields"]:
        f["required"] = False
        if f["widget"] == "object":
            _optional_inside(f)


def _object(record: Record, project: Project, image_src: bool = False) -> dict[str, Any]:
    fields = [field(n, s, project) for n, s in record.fields.items()]
    if image_src:  # the picture's file: chosen from (or uploaded to) the media folder
        fields[0].update({"widget": "image", "choose_url": False})
        fields[0].pop("pattern", None)
    return {"widget": "object", "collapsed": True, "fields": fields}


def _list(kind: ListOf, name: str, project: Project) -> dict[str, Any]:
    item = kind.item
    if isinstance(item, Record):
        out = {**_object(item, project), "widget": "list"}
        first = next(iter(item.fields))
        out["summary"] = "{{fields." + first + "}}"
        if kind.min_items:
            out["min"] = kind.min_items
        return out
    if isinstance(item, (Choice, ServiceId)):
        return {**widget(item, name, project), "multiple": True}
    inner = widget(item, name, project)
    return {"widget": "list", "field": {"name": "item", "label": label(name), **inner}}


def _hours() -> dict[str, Any]:
    """Hours are a block of day keys (any range: mon-fri, mon-thu, weekends); the form shows them
    as rows of days and times (store.py turns rows into keys and back), and the closures."""
    return {
        "widget": "object",
        "collapsed": True,
        "fields": [
            {
                "name": "open",
                "label": "Days and times",
                "widget": "list",
                "summary": "{{fields.days}}: {{fields.times}}",
                "fields": [
                    {"name": "days", "label": "Days", "widget": "string", "pattern": list(_DAYS)},
                    {
                        "name": "times",
                        "label": "Times",
                        "widget": "string",
                        "pattern": list(_TIMES),
                    },
                ],
                "required": False,
                "hint": "One row per day or range of days: mon-fri 8am-6pm, sat closed, sun 24 hours.",
            },
            {
                "name": "closures",
                "label": "Closures",
                "widget": "list",
                "summary": "{{fields.date}} {{fields.note}}",
                "fields": [
                    {
                        "name": "date",
                        "label": "Date",
                        **widget(Date(), "date", Project((), ())),
                        "required": True,
                    },
                    {"name": "note", "label": "Note", "widget": "string", "required": False},
                ],
                "required": False,
                "hint": "Dated days off, like a holiday.",
            },
        ],
    }


def front_matter_fields(
    project: Project, leave_out: tuple[str, ...] = (), required: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    fields = [
        field(n, s, project, True if n in required else None)
        for n, s in FRONT_MATTER.fields.items()
        if n not in leave_out
    ]
    body = {"name": "body", "label": "Page text", "widget": "markdown", "modes": ["raw"]}
    return [*fields, {**body, "required": False, "hint": BODY_HINT}]


def center_fields(project: Project) -> list[dict[str, Any]]:
    return [field(n, s, project) for n, s in CENTER.fields.items()]


def _pages(name: str, label_: str, folder: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "label": label_,
        "label_singular": "page",
        "folder": folder,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": True,
        "identifier_field": "title",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "fields": fields,
    }


def collections(project: Project) -> list[dict[str, Any]]:
    pages = front_matter_fields(project, SERVICE_ONLY + TRANSLATION_ONLY)
    out = [
        _pages("pages", "Pages (every center)", "content", pages),
        {
            **_pages(
                "services",
                "Services",
                f"content/{SERVICES_DIR}",
                front_matter_fields(project, TRANSLATION_ONLY, SERVICE_REQUIRED),
            ),
            "label_singular": "service",
        },
        {
            "name": "centers",
            "label": "Centers",
            "label_singular": "center",
            "folder": CENTERS_FOLDER,
            "extension": "json",
            "format": "json",
            "create": True,
            "delete": True,
            "identifier_field": "name",
            "slug": "{{slug}}",
            "summary": "{{name}}",
            "fields": center_fields(project),
        },
    ]
    for slug, name in project.centers:
        out.append(
            _pages(
                f"center-{slug}", f"Pages only for {name}", f"content/{CENTERS_DIR}/{slug}", pages
            )
        )
    for code in project.languages:
        lang = languages.known()[code]
        translated = front_matter_fields(project, SERVICE_ONLY)
        out.append(_pages(f"pages-{code}", f"Pages in {lang.name}", f"content/{code}", translated))
        services = front_matter_fields(project, (), SERVICE_REQUIRED)
        folder = f"content/{code}/{SERVICES_DIR}"
        out.append(_pages(f"services-{code}", f"Services in {lang.name}", folder, services))
    return out


def decap_config(
    project: Project, backend: dict[str, Any], site_url: str = "", editorial: bool = False
) -> dict[str, Any]:
    config: dict[str, Any] = {"backend": backend}
    if editorial:
        config["publish_mode"] = "editorial_workflow"
    config.update(
        {
            "media_folder": MEDIA_FOLDER,
            "public_folder": MEDIA_FOLDER,
            "locale": "en",
            "slug": {"encoding": "ascii", "clean_accents": True},
        }
    )
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    config["collections"] = collections(project)
    return config


def local_backend() -> dict[str, Any]:
    """`site-builder serve`: our own server speaks Decap's local proxy protocol (api.py)."""
    return {"name": "proxy", "proxy_url": API_PATH, "branch": "main"}


def github_backend(repo: str, branch: str = "main", base_url: str = "") -> dict[str, Any]:
    out = {"name": "github", "repo": repo, "branch": branch}
    if base_url:
        out["base_url"] = base_url  # the OAuth provider that signs editors in to GitHub
    return out


def dump(config: dict[str, Any]) -> str:
    head = (
        "# Generated by site-builder from the schema (site_builder/admin/config.py): do not edit.\n"
    )
    return head + yaml.dump(config, Dumper=_Plain, sort_keys=False, allow_unicode=True, width=100)


class _Plain(yaml.SafeDumper):
    """Every collection written out in full: no `&id001` anchors for the fields they share."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
