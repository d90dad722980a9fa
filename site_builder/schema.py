"""A small typed schema over YAML nodes: one reader per kind of value, unknown keys refused.

The schema is data (fields with kinds, examples and docs), so it can later drive scaffolding, a
browser CMS config and the reference docs without a second copy of the rules."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urlsplit

from . import messages as msg
from .problems import Mark, Problems, did_you_mean
from .yamlsrc import MappingNode, Node, ScalarNode, SequenceNode, mark_of


class _Invalid:
    """Returned by a reader that reported a problem, so callers skip the value without raising."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


@dataclass
class Reader:
    """What a kind needs while it reads: the file, the collector and project facts (catalog, today)."""

    file: str
    problems: Problems
    facts: Mapping[str, Any] = field(default_factory=dict)

    def mark(self, node: Node) -> Mark:
        return mark_of(self.file, node)

    def error(self, node: Node, message: str, hint: str = "") -> Any:
        self.problems.add(self.mark(node), message, hint)
        return INVALID

    def warn(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.warn(self.mark(node), message, hint)


class Kind:
    """One kind of value. `read` returns the Python value or INVALID (after reporting)."""

    expected = "a value"
    example = ""

    def read(self, node: Node, key: str, r: Reader) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return self.expected


class Scalar(Kind):
    """A single value. We read the raw text so YAML's type guessing never changes it."""

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if not isinstance(node, ScalarNode):
            if (
                isinstance(node, MappingNode)
                and node.value
                and isinstance(node.value[0][0], MappingNode)
            ):
                # `nav: {{ center.city }}` unquoted: YAML reads {{ … }} as a key inside a key
                return r.error(node, msg.YAML_BARE_JINJA, msg.YAML_BARE_JINJA_HINT)
            return r.error(node, *msg.wrong_shape(key, self.expected, self.example))
        text = node.value.strip()
        if text == "" or (node.tag.endswith(":null") and node.style is None):
            return r.error(node, msg.EMPTY.format(key=key), msg.EMPTY_HINT)
        if not node.style and node.end_mark.line > node.start_mark.line and " - " in text:
            # "- a\n    - b": YAML reads the over-indented item as more words of the one above
            line = node.end_mark.line + (0 if node.end_mark.column else -1)
            r.problems.add(
                Mark(r.file, line + 1, 1), msg.LIST_ITEM_INDENTED, msg.LIST_ITEM_INDENTED_HINT
            )
            return INVALID
        return self.parse(text, node, key, r)

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        return text


class Text(Scalar):
    expected = "a piece of text"
    example = "Sunrise Recovery Center"

    def __init__(self, example: str = "") -> None:
        if example:
            self.example = example


class Bool(Scalar):
    expected = "true or false"
    example = "true"
    TRUE = {"true", "yes", "on"}
    FALSE = {"false", "no", "off"}

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        low = text.lower()
        if low in self.TRUE:
            return True
        if low in self.FALSE:
            return False
        return r.error(
            node, msg.BAD_BOOL.format(key=key, value=text), msg.BAD_BOOL_HINT.format(key=key)
        )


class Int(Scalar):
    expected = "a whole number"

    def __init__(self, low: int | None = None, high: int | None = None, example: str = "1") -> None:
        self.low, self.high, self.example = low, high, example

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        if not re.fullmatch(r"-?\d+", text):
            return r.error(
                node,
                msg.BAD_INT.format(key=key, value=text),
                f"write it like {key}: {self.example}",
            )
        value = int(text)
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            return r.error(
                node,
                msg.BAD_INT_RANGE.format(key=key, low=self.low, high=self.high, value=value),
                f"write it like {key}: {self.example}",
            )
        return value


class Float(Scalar):
    expected = "a number"

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        try:
            return float(text)
        except ValueError:
            return r.error(node, *msg.wrong_shape(key, "a number in decimal degrees", "34.14778"))


class Date(Scalar):
    expected = "a date"
    example = "2027-06-30"

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return r.error(node, msg.BAD_DATE.format(key=key, value=text), date_hint(text))


def date_hint(text: str) -> str:
    """What is wrong with a year-month-day date that is not one: the month or the day."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not found:
        return msg.BAD_DATE_HINT
    year, month, day = map(int, found.groups())
    if not 1 <= month <= 12:
        return msg.BAD_DATE_MONTH_HINT.format(month=month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return msg.BAD_DATE_DAY_HINT.format(month=name, year=year, days=days, day=day)
    return msg.BAD_DATE_HINT  # 2027-6-30: the month and day need two digits


class Choice(Scalar):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.expected = "one of " + ", ".join(choices)
        self.example = choices[0]

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        if text in self.choices:
            return text
        hint = did_you_mean(text.lower(), self.choices) or f"use one of: {', '.join(self.choices)}"
        return r.error(node, msg.BAD_CHOICE.format(value=text, key=key), hint)


class Slug(Scalar):
    expected = "a slug"
    example = "sunrise-recovery"

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        if text[:1] in ("_", "."):
            return r.error(node, msg.RESERVED_SLUG.format(value=text), msg.RESERVED_SLUG_HINT)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text):
            return r.error(node, msg.BAD_SLUG.format(value=text), msg.BAD_SLUG_HINT)
        return text


class Url(Scalar):
    expected = "a web address"
    example = "https://example.org/privacy"

    def __init__(self, allow_slug: bool = False) -> None:
        self.allow_slug = allow_slug

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        bad = _bad_url_character(text)
        if bad:  # it would break out of _headers, robots.txt or an attribute: one token only
            return r.error(node, *msg.bad_url_character(bad))
        probe = text.replace("{slug}", "slug") if self.allow_slug else text
        parts = urlsplit(probe)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return r.error(node, msg.BAD_URL.format(value=text), msg.BAD_URL_HINT)
        if self.allow_slug:
            for name in re.findall(r"\{(\w*)\}", text):
                if name != "slug":
                    return r.error(
                        node,
                        msg.BASE_URL_PLACEHOLDER.format(name=name),
                        msg.BASE_URL_PLACEHOLDER_HINT,
                    )
        if not _host_ok(parts):
            return r.error(node, msg.BAD_URL.format(value=text), msg.BAD_URL_HINT)
        if parts.scheme == "http":
            r.warn(node, msg.INSECURE_URL.format(value=text), msg.INSECURE_URL_HINT)
        return text


def _bad_url_character(text: str) -> str:
    """The first character no web address may hold as written: whitespace, control and
    invisible format characters, quotes, angle brackets and backslashes."""
    for ch in text:
        if ch in "\"'`<>\\" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            return ch
    return ""


_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.?|\[[0-9A-Fa-f:.]+\]")


def _host_ok(parts: SplitResult) -> bool:
    """A host name (or an IP address) and, if any, a port: nothing that could end a CSP source."""
    host, port = parts.netloc.rpartition("@")[2], ""
    if ":" in host and not host.endswith("]"):
        host, _, port = host.rpartition(":")
    return bool(_HOST.fullmatch(host)) and (port == "" or port.isdigit() and int(port) < 65536)


class Custom(Scalar):
    """A scalar parsed by a domain function `(text) -> value | (message, hint)`."""

    def __init__(
        self,
        parse: Callable[[str], Any],
        expected: str,
        example: str,
        typing: tuple[str, str] | None = None,
    ) -> None:
        self._parse, self.expected, self.example = parse, expected, example
        #: (regular expression, hint) that guides typing in the admin editor's form; `parse`
        #: still has the last word.
        self.typing = typing

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        value = self._parse(text)
        if isinstance(value, tuple):
            return r.error(node, *value)
        return value


def plural(expected: str) -> str:
    """'a piece of text' → 'pieces of text', 'an email address' → 'email addresses': what a
    list of values of a kind holds, for "'terms' should be a list of pieces of text"."""
    if expected.startswith("one of "):
        return f"values, each {expected}"
    if expected == "true or false":
        return "true or false values"
    for article in ("a ", "an "):
        if expected.startswith(article):
            expected = expected[len(article) :]
            break
    else:
        return f"pieces of {expected}"  # "Markdown text"
    head, sep, rest = expected.partition(" of ")
    if not sep:
        head, sep, rest = expected.partition(" to ")
    word = head.rsplit(" ", 1)
    last = word[-1]
    last += "es" if last.endswith(("s", "x", "ch", "sh")) else "s"
    return " ".join([*word[:-1], last]) + sep + rest


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0, example: str = "") -> None:
        self.item, self.min_items = item, min_items
        self.expected = (
            "a list" if isinstance(item, Record) else f"a list of {plural(item.expected)}"
        )
        listed = item.example.lstrip().startswith("- ")  # a Record's example is a list item
        self.example = example or (item.example if listed else f"\n  - {item.example}")

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if isinstance(node, ScalarNode) and node.value.strip() == "" and self.min_items == 0:
            return ()
        if isinstance(node, MappingNode) and isinstance(self.item, Record):
            return r.error(node, *msg.list_without_dash(key, f"{key}:{self.example}"))
        if not isinstance(node, SequenceNode):
            return r.error(node, *msg.wrong_shape(key, self.expected, f"{key}:{self.example}"))
        if len(node.value) < self.min_items:
            return r.error(
                node, *msg.wrong_shape(key, f"a list with at least {self.min_items} item", "")
            )
        values = [self.item.read(item, key, r) for item in node.value]
        return tuple(v for v in values if v is not INVALID)


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class Rec:
    """A read mapping: values by key, plus each key's mark for cross-field checks."""

    values: dict[str, Any]
    marks: dict[str, Mark]
    nodes: dict[str, Node]
    mark: Mark
    ok: bool = True

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


class Record(Kind):
    def __init__(self, name: str, fields: dict[str, Field], example: str = "") -> None:
        self.name, self.fields = name, fields
        self.expected = "a block of keys"
        self.example = example

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and node.value.strip() == "":
                node = MappingNode("tag:yaml.org,2002:map", [], node.start_mark, node.end_mark)
            else:
                return r.error(node, *msg.wrong_shape(key, self.expected, self.example))
        values: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        nodes: dict[str, Node] = {}
        ok = True
        for k, v in node.value:
            name = k.value if isinstance(k, ScalarNode) else str(k.value)
            spec = self.fields.get(name)
            if spec is None:
                r.error(
                    k,
                    *msg.unknown_key(
                        name, self.name, did_you_mean(name, self.fields), list(self.fields)
                    ),
                )
                ok = False
                continue
            value = spec.kind.read(v, name, r)
            marks[name], nodes[name] = r.mark(v), v
            if value is INVALID:
                ok = False
                value = spec.default
            values[name] = value
        for name, spec in self.fields.items():
            if name in values:
                continue
            if spec.required:
                r.error(node, *msg.missing_key(name, self.name, f"{name}: {spec.kind.example}"))
                ok = False
            values[name] = spec.default
        return Rec(values, marks, nodes, r.mark(node), ok)


class MapOf(Kind):
    """A block of free keys to values of one kind (word lists like jargon: plain word)."""

    def __init__(self, value: Kind, example: str = "") -> None:
        self.value = value
        self.expected = f"a block of 'word: {value.expected}' lines"
        self.example = example

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if not isinstance(node, MappingNode):
            return r.error(node, *msg.wrong_shape(key, self.expected, f"{key}:{self.example}"))
        out: dict[str, Any] = {}
        for k, v in node.value:
            value = self.value.read(v, str(k.value), r)
            if value is not INVALID:
                out[str(k.value)] = value
        return out
