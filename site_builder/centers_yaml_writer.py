"""Imported centers → centers.yaml text: a new file, or merged into an existing one.

`render_file` writes a whole file (header, settings:, defaults:, centers:); with --force it keeps
the old file's settings: and defaults: blocks as written. `read_existing` reads an existing file
just enough for that and for --append (`Existing.appended` adds blocks at the end of its centers:
list, leaving the rest byte for byte), and gives each old center's slug and address key."""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from . import slugs
from .import_messages import (
    EXISTING_BAD,
    EXISTING_SHAPE,
    EXISTING_TOO_DEEP,
    HEADER,
    NEW_DEFAULTS,
    NEW_SETTINGS,
)
from .locator_records import Imported, address_key

# --- writing YAML --------------------------------------------------------------------------------

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def quote(value: str) -> str:
    """A YAML scalar that reads back as exactly this string: plain when safe, else double-quoted."""
    plain = (
        value
        and value == value.strip()
        and value[0] not in _INDICATORS
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and "\n" not in value
    )
    if plain:
        try:
            plain = yaml.safe_load(f"k: {value}") == {"k": value}
        except yaml.YAMLError:
            plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def emit_center(c: Imported, indent: int = 2) -> str:
    """One center as a block of the `centers:` list, `- ` at column `indent`."""
    pad = " " * indent
    lines = [f"{pad}- name: {quote(c.name)}", f"{pad}  slug: {c.slug}"]
    if c.entity and c.entity != c.name:
        lines.append(f"{pad}  entity: {quote(c.entity)}")
    lines += [
        f"{pad}  draft: true",
        f"{pad}  phones:",
        f"{pad}    main: {quote(c.phone)}",
        f"{pad}  locations:",
        f"{pad}    - id: {c.location_id}",
        f"{pad}      street: {quote(c.street)}",
        f"{pad}      city: {quote(c.city)}",
        f"{pad}      state: {c.state}",
        f'{pad}      zip: "{c.zip}"',
    ]
    if c.latitude and c.longitude:
        lines += [
            f"{pad}      geo:",
            f"{pad}        latitude: {c.latitude}",
            f"{pad}        longitude: {c.longitude}",
        ]
    return "\n".join(lines) + "\n"


def render_file(
    centers: list[Imported], fmt: str, source: str, existing: Existing | None = None
) -> str:
    """The whole centers.yaml: header, settings:, defaults: (kept from `existing`), centers:."""
    settings = existing.settings if existing and existing.settings else NEW_SETTINGS
    defaults = existing.defaults if existing and existing.defaults else NEW_DEFAULTS
    parts = [HEADER.format(fmt=fmt, source=source), settings, defaults]
    body = "centers:\n" + "".join(emit_center(c) for c in centers)
    return "\n".join(p.rstrip("\n") + "\n" for p in [*parts, body])


# --- an existing centers.yaml --------------------------------------------------------------------


@dataclass(frozen=True)
class OldCenter:
    slug: str
    key: tuple[str, ...]


@dataclass
class Existing:
    """What --force and --append need from an existing centers.yaml, kept as its own text."""

    lines: list[str]
    settings: str
    defaults: str
    centers: list[OldCenter]
    centers_span: tuple[int, int] | None  # lines [start, end) of the `centers:` block
    centers_indent: int | None  # column of the list's `- `, or None when the list is empty

    def appended(self, new: list[Imported], comment: str) -> str:
        """The file with the new centers added at the end of its `centers:` list."""
        lines = list(self.lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        indent = self.centers_indent if self.centers_indent is not None else 2
        block = [" " * indent + comment + "\n", *(emit_center(c, indent) for c in new)]
        if self.centers_span is None:  # no centers: key at all
            while lines and not lines[-1].strip():
                lines.pop()
            return "".join([*lines, "\n" if lines else "", "centers:\n", *block])
        start, end = self.centers_span
        if self.centers_indent is None:  # `centers:` with an empty value: write the block
            tail = ["\n", *lines[end:]] if end < len(lines) else []
            return "".join([*lines[:start], "centers:\n", *block, *tail])
        stop = end
        while stop > start and not lines[stop - 1].strip():
            stop -= 1
        tail = ["\n", *lines[end:]] if end < len(lines) else []
        return "".join([*lines[:stop], *block, *tail])


def read_existing(text: str) -> Existing | str:
    """Parse an existing centers.yaml enough to keep its blocks; a message (with {path}) if not."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        why = str(getattr(exc, "problem", "") or exc).strip()
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            why = f"line {mark.line + 1}: {why}"
        return EXISTING_BAD.replace("{why}", why.replace("{", "{{").replace("}", "}}"))
    except RecursionError:  # the pure-Python composer recurses once per level of nesting
        return EXISTING_BAD.replace("{why}", EXISTING_TOO_DEEP)
    lines = text.splitlines(keepends=True)
    if root is None:
        return Existing(lines, "", "", [], None, None)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return EXISTING_SHAPE
    keys = [(str(k.value), k.start_mark.line, v) for k, v in root.value]
    starts = []
    for _, line, _ in keys:  # a key's block starts at the comments written right above it
        s = line
        while s > 0 and lines[s - 1].startswith("#"):
            s -= 1
        starts.append(max(s, starts[-1] if starts else 0))
    spans = {
        name: (starts[i], starts[i + 1] if i + 1 < len(keys) else len(lines), line, value)
        for i, (name, line, value) in enumerate(keys)
    }

    def block(name: str) -> str:
        if name not in spans:
            return ""
        start, end, _, _ = spans[name]
        return "".join(lines[start:end]).rstrip("\n") + "\n"

    centers: list[OldCenter] = []
    span = indent = None
    if "centers" in spans:
        _, end, key_line, seq = spans["centers"]
        span = (key_line, end)
        if isinstance(seq, yaml.SequenceNode) and seq.value:
            if seq.flow_style:
                return EXISTING_SHAPE
            indent = seq.start_mark.column
            centers = _old_centers(seq)
        elif not (
            (isinstance(seq, yaml.ScalarNode) and seq.value == "")
            or (isinstance(seq, yaml.SequenceNode) and not seq.value)
        ):
            return EXISTING_SHAPE
    return Existing(lines, block("settings"), block("defaults"), centers, span, indent)


def _old_centers(seq: yaml.SequenceNode) -> list[OldCenter]:
    """Each center's slug (written, else derived as centers.py derives it) and address key."""

    def text(node: yaml.Node | None, key: str) -> str:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key and isinstance(v, yaml.ScalarNode):
                    return str(v.value).strip()
        return ""

    def first_location(node: yaml.Node) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == "locations" and isinstance(v, yaml.SequenceNode) and v.value:
                    return v.value[0]
        return None

    items = []
    for node in seq.value:
        loc = first_location(node)
        items.append((node, loc, text(node, "slug")))
    taken = {slug for _, _, slug in items if slug}
    out = []
    for node, loc, slug in items:
        name, street, city = text(node, "name"), text(loc, "street"), text(loc, "city")
        if not slug:
            slug = slugs.derive(name, city, street, taken)
            taken.add(slug)
        key = address_key(name, street, city, text(loc, "state").upper(), text(loc, "zip"))
        out.append(OldCenter(slug, key))
    return out
