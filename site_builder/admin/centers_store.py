"""Each center of centers.yaml as one Decap entry, `centers.yaml/<slug>.json`, and back.

centers.yaml stays the one file a project keeps its centers in (with `settings:`, `defaults:` and
comments). The editor sees one entry per block of `centers:`; saving one changes only that block's
lines: the block is cut out, loaded with ruamel.yaml's round-trip loader, changed where the form
differs (yamledit.py) and put back, so every other line of the file keeps its bytes. Each entry's
version is the hash of its block's text, so two editors changing different centers never clash,
and an editor saving a center someone else changed since is refused (store.py)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import yaml
from slugify import slugify

from ..center_schema import CENTER
from ..hours import HoursKind
from ..schema import Bool, Float, Int, Kind, ListOf, Record
from . import yamledit
from .config import CENTERS_FOLDER

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CannotEdit(Exception):
    """centers.yaml is in a shape the editor cannot change safely (the message says why)."""


@dataclass(frozen=True)
class Block:
    slug: str
    start: int  # line index of the item's "- "
    end: int  # line index after its last line (trailing blank and comment lines left out)
    indent: int  # column of the item's keys
    text: str  # the block's lines, as in the file
    node: yaml.Node

    @property
    def path(self) -> str:
        return f"{CENTERS_FOLDER}/{self.slug}.json"

    @property
    def version(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(frozen=True)
class Index:
    lines: list[str]  # with their line ends
    blocks: tuple[Block, ...]
    end: int  # where a new center goes: after the last block (or after `centers:`)
    indent: int

    def find(self, slug: str) -> Block | None:
        return next((b for b in self.blocks if b.slug == slug), None)


def index(text: str) -> Index:
    lines = text.splitlines(keepends=True)
    try:
        root = yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError as exc:
        raise CannotEdit(
            "centers.yaml cannot be read as it is now (the preview says where): fix it, then save"
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise CannotEdit("centers.yaml has no centers: block yet")
    centers = next((v for k, v in root.value if k.value == "centers"), None)
    if centers is None or not isinstance(centers, yaml.SequenceNode):
        raise CannotEdit("centers.yaml has no list under centers:")
    if centers.flow_style:
        raise CannotEdit("centers.yaml writes its centers in [ ] brackets: write one per block")
    items = list(centers.value)
    starts = [_dash_line(lines, n) for n in items]
    blocks, taken = [], set()
    for i, node in enumerate(items):
        stop = starts[i + 1] if i + 1 < len(items) else _end_line(node)
        while stop > starts[i] + 1 and _blank_or_comment(lines[stop - 1]):
            stop -= 1
        slug = _slug(node, i, taken)
        indent = node.start_mark.column
        blocks.append(Block(slug, starts[i], stop, indent, "".join(lines[starts[i] : stop]), node))
    if blocks:
        end, indent = blocks[-1].end, blocks[-1].indent
    else:
        end = centers.end_mark.line + (1 if centers.end_mark.column else 0)
        indent = 4
    return Index(lines, tuple(blocks), end, indent)


def _dash_line(lines: list[str], node: yaml.Node) -> int:
    """The item's first line, `  - name: …` (its "- " and first key on one line)."""
    line, column = node.start_mark.line, node.start_mark.column
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise CannotEdit(
            f"the center at centers.yaml line {line + 1} is not a block of keys: fix it, then save"
        )
    if lines[line][:column].strip() != "-":
        raise CannotEdit(
            f"write the center at centers.yaml line {line + 1} as '- name: …' on one line, then save"
        )
    return line


def _end_line(node: yaml.Node) -> int:
    return node.end_mark.line + (1 if node.end_mark.column else 0)


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _slug(node: yaml.MappingNode, i: int, taken: set[str]) -> str:
    values = {k.value: v for k, v in node.value if isinstance(v, yaml.ScalarNode)}
    slug = values["slug"].value if "slug" in values else slugify(values.get("name", _Empty).value)
    slug = slug or f"center-{i + 1}"
    if slug in taken:
        slug = f"{slug}-{i + 1}"
    taken.add(slug)
    return slug


class _Empty:
    value = ""


# --- a block as the form's data --------------------------------------------------------------------


def entry(block: Block) -> dict[str, Any]:
    """The Decap entry: the block's own values (not `defaults:`) as JSON, typed by the schema."""
    return {"data": json.dumps(to_form(block.node, CENTER), indent=2), "file": file_of(block)}


def file_of(block: Block) -> dict[str, Any]:
    return {"path": block.path, "id": block.version}


def to_form(node: yaml.Node, kind: Kind | None) -> Any:
    if isinstance(node, yaml.MappingNode):
        if isinstance(kind, HoursKind):
            raw = {k.value: to_form(v, None) for k, v in node.value}
            if "closures" in raw:
                from ..hours import _CLOSURE

                closures = next(v for k, v in node.value if k.value == "closures")
                raw["closures"] = to_form(closures, ListOf(_CLOSURE))
            return yamledit.hours_to_form(raw)
        fields = kind.fields if isinstance(kind, Record) else None
        return {
            k.value: to_form(v, fields[k.value].kind if fields else None)
            for k, v in node.value
            if fields is None or k.value in fields  # a key the schema lacks: the validator says so
        }
    if isinstance(node, yaml.SequenceNode):
        item = kind.item if isinstance(kind, ListOf) else None
        return [to_form(v, item) for v in node.value]
    text = node.value
    if isinstance(kind, Bool):
        low = text.strip().lower()
        return True if low in Bool.TRUE else False if low in Bool.FALSE else text
    if isinstance(kind, (Int, Float)):
        try:
            return int(text) if isinstance(kind, Int) else float(text)
        except ValueError:
            return text
    return text


# --- the form's data back into the file -----------------------------------------------------------


def updated(idx: Index, block: Block | None, data: dict[str, Any]) -> str:
    """centers.yaml with `block` (None: a new center at the end) made to say `data`."""
    if block is None:
        doc = yamledit.fresh(data, CENTER)
        text = yamledit.dump(doc, yamledit.STYLES[0])
        new_lines = _indent(text, idx.indent)
        at = idx.end
        return (
            "".join(idx.lines[:at])
            + _ensure_newline(idx.lines[:at])
            + new_lines
            + "".join(idx.lines[at:])
        )
    inner = _dedent(block.text, block.indent)
    doc, style = yamledit.load(inner)
    if not isinstance(doc, dict):
        raise CannotEdit(
            f"the center at centers.yaml line {block.start + 1} is not a block of keys"
        )
    if not yamledit.apply(doc, data, CENTER):
        return "".join(idx.lines)
    new_lines = _indent(yamledit.dump(doc, style), block.indent)
    return "".join(idx.lines[: block.start]) + new_lines + "".join(idx.lines[block.end :])


def removed(idx: Index, block: Block) -> str:
    return "".join(idx.lines[: block.start]) + "".join(idx.lines[block.end :])


def _dedent(text: str, indent: int) -> str:
    """The block as a document of its own: its "- " becomes spaces, then `indent` comes off."""
    lines = text.splitlines(keepends=True)
    first = lines[0]
    dash = first.index("-")
    lines[0] = first[:dash] + " " + first[dash + 1 :]
    out = []
    for line in lines:
        lead = len(line) - len(line.lstrip(" "))
        out.append(line[min(lead, indent) :])
    return "".join(out)


def _indent(text: str, indent: int) -> str:
    pad = " " * indent
    lines = [pad + line if line.strip() else line for line in text.splitlines(keepends=True)]
    first = lines[0]
    lines[0] = first[: indent - 2] + "- " + first[indent:]
    return "".join(lines)


def _ensure_newline(lines: list[str]) -> str:
    return "" if not lines or lines[-1].endswith("\n") else "\n"


def parse_form(raw: str) -> dict[str, Any]:
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise CannotEdit("the editor sent a center that is not a block of keys")
    return data
