"""Opening hours: what editors write ("mon-fri: 8am-6pm", "sat: closed", "sun: 24 hours",
"fri: 18:00-02:00") becomes one typed weekly table that pages, JSON-LD and listings all format."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import messages as msg
from .schema import INVALID, Date, Field, ListOf, Reader, Record, Text
from .yamlsrc import MappingNode, Node, ScalarNode, SequenceNode

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALIASES = {
    **{d: i for i, d in enumerate(DAYS)},
    **{n.lower(): i for i, n in enumerate(DAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_GROUPS = {
    "daily": range(7),
    "everyday": range(7),
    "every day": range(7),
    "weekdays": range(5),
    "weekends": range(5, 7),
    "weekend": range(5, 7),
}
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?|a|p)?$", re.IGNORECASE
)
_RANGES = re.compile(r"\s*[,;&]\s*|\s+and\s+")  # the ranges of one day: "8am-noon, 1pm-5pm"
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.IGNORECASE)
ALL_DAY_WORDS = {"24 hours", "24hours", "24h", "24/7", "open 24 hours", "all day"}
CLOSED_WORDS = {"closed", "off", "none"}


@dataclass(frozen=True)
class TimeRange:
    """Minutes after midnight; closing at midnight is 1440. `closes` < `opens` runs past midnight."""

    opens: int
    closes: int

    @property
    def overnight(self) -> bool:
        return self.closes < self.opens

    def display(self) -> str:
        return f"{format_time(self.opens)} – {format_time(self.closes)}"


@dataclass(frozen=True)
class DayHours:
    day: int
    ranges: tuple[TimeRange, ...] = ()
    all_day: bool = False

    @property
    def closed(self) -> bool:
        return not self.all_day and not self.ranges

    @property
    def name(self) -> str:
        return DAY_NAMES[self.day]

    def display(self) -> str:
        if self.all_day:
            return "Open 24 hours"
        if not self.ranges:
            return "Closed"
        return ", ".join(r.display() for r in self.ranges)


@dataclass(frozen=True)
class Closure:
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class Hours:
    days: tuple[DayHours, ...]
    closures: tuple[Closure, ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        """(day name, text) for a table: days with equal hours stay separate rows for screen readers."""
        return [(d.name, d.display()) for d in self.days]


def day_runs(hours: Hours, text: Callable[[DayHours], str]) -> list[tuple[int, int, str]]:
    """(first day, last day, text) for each run of consecutive days with the same text; days
    whose text is empty (closed) are left out: one line of hours says each run once."""
    runs: list[tuple[int, int, str]] = []
    for d in hours.days:
        said = text(d)
        if runs and said and runs[-1][2] == said and runs[-1][1] == d.day - 1:
            runs[-1] = (runs[-1][0], d.day, said)
        elif said:
            runs.append((d.day, d.day, said))
    return runs


def format_time(minutes: int) -> str:
    minutes %= 1440
    h, m = divmod(minutes, 60)
    if minutes == 0:
        return "midnight"
    if minutes == 720:
        return "noon"
    suffix = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}"


def iso_time(minutes: int) -> str:
    h, m = divmod(minutes % 1440, 60)
    return f"{h:02d}:{m:02d}"


def parse_time(text: str) -> int | None:
    t = text.strip().lower()
    if t == "noon":
        return 720
    if t == "midnight":
        return 0
    m = _TIME.match(t)
    if not m:
        return None
    h, mins, ap = int(m["h"]), int(m["m"] or 0), (m["ap"] or "").replace(".", "")
    if mins > 59:
        return None
    if ap:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ap.startswith("p") else 0)
    elif h == 24 and mins == 0:
        return 1440
    elif h > 23:
        return None
    return h * 60 + mins


def parse_ranges(text: str) -> tuple[TimeRange, ...] | str | None:
    """'8:00-12:00, 13:00-17:00' → ranges; 'closed' → (); '24 hours' → 'all'; None if unreadable."""
    low = " ".join(text.lower().split())
    if low in CLOSED_WORDS:
        return ()
    if low in ALL_DAY_WORDS:
        return "all"
    ranges = []
    for part in _RANGES.split(low):
        bits = _RANGE_SPLIT.split(part)
        if len(bits) != 2:
            return None
        opens, closes = parse_time(bits[0]), parse_time(bits[1])
        if opens is None or closes is None:
            return None
        if _looks_like_pm(bits, opens, closes):
            closes += 720  # "9-5" means 9 AM to 5 PM, not overnight to 5 AM
        ranges.append(TimeRange(opens, closes or 1440))
    return tuple(ranges)


def _looks_like_pm(bits: list[str], opens: int, closes: int) -> bool:
    no_marker = not re.search(r"[ap]", " ".join(bits), re.IGNORECASE)
    twelve_hour = not bits[1].startswith("0") and closes < 720
    return no_marker and twelve_hour and closes < opens < closes + 720


#: A time without am/pm and without a 24-hour sign: "5", "5:30".
_TWELVE_HOUR = re.compile(r"(?:1[0-2]|[1-9])(?::[0-5]\d)?")
_MARKED = re.compile(r"[ap]\.?m?\.?$", re.IGNORECASE)


def _half_marked(text: str) -> str:
    """The time of a range that has no am/pm while the other has one ("9am-5": "5"), else ""."""
    for part in _RANGES.split(text.strip()):
        bits = [b.strip() for b in _RANGE_SPLIT.split(part)]
        if len(bits) == 2:
            marked = [bool(_MARKED.search(b)) for b in bits]
            bare = bits[marked.index(False)] if marked[0] != marked[1] else ""
            if bare and _TWELVE_HOUR.fullmatch(bare):
                return bare
    return ""


def _overlapping(ranges: tuple[TimeRange, ...]) -> bool:
    """Two ranges of one day share time (a range that closes after midnight ends the next day)."""
    spans = sorted((r.opens, r.closes if r.closes > r.opens else r.closes + 1440) for r in ranges)
    return any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


def _day_keys(text: str) -> list[int] | None:
    low = " ".join(text.lower().split())
    if low in _GROUPS:
        return list(_GROUPS[low])
    bits = _RANGE_SPLIT.split(low)
    if len(bits) == 1:
        return [_ALIASES[low]] if low in _ALIASES else None
    if len(bits) == 2 and bits[0] in _ALIASES and bits[1] in _ALIASES:
        a, b = _ALIASES[bits[0]], _ALIASES[bits[1]]
        return list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(0, b + 1))
    return None


_CLOSURE = Record(
    "a closure",
    {"date": Field(Date(), required=True), "note": Field(Text("Thanksgiving Day"), default="")},
    "\n  - date: 2026-11-26\n    note: Thanksgiving Day",
)


class HoursKind:
    """Reads the `hours:` block: day keys or ranges mapping to times, plus optional `closures:`."""

    expected = "a block of days and times"
    example = "\n  mon-fri: 8am-6pm\n  sat: 9am-1pm\n  sun: closed"

    def describe(self) -> str:
        return self.expected

    def read(self, node: Node, key: str, r: Reader) -> Hours | object:
        if not isinstance(node, MappingNode):
            return r.error(node, *msg.wrong_shape(key, self.expected, f"hours:{self.example}"))
        days: dict[int, DayHours] = {}
        closures: tuple[Closure, ...] = ()
        ok = True
        for k, v in node.value:
            name = str(k.value)
            if name == "closures":
                rows = ListOf(_CLOSURE).read(v, "closures", r)
                if rows is INVALID:
                    ok = False
                    continue
                closures = tuple(Closure(x["date"], x["note"]) for x in rows if x["date"])
                today = r.facts.get("today")
                for x in rows:
                    if today is not None and x["date"] and x["date"] < today:
                        r.warn(
                            x.nodes["date"],
                            msg.PAST_CLOSURE.format(date=x["date"].isoformat()),
                            msg.PAST_CLOSURE_HINT,
                        )
                continue
            wanted = _day_keys(name)
            if wanted is None:
                r.error(k, msg.BAD_HOURS_DAY.format(value=name), msg.BAD_HOURS_DAY_HINT)
                ok = False
                continue
            value = self._read_value(v, r)
            if value is None:
                ok = False
                continue
            for day in wanted:
                if day in days:
                    r.error(k, msg.HOURS_OVERLAP.format(day=DAY_NAMES[day]), msg.HOURS_OVERLAP_HINT)
                    ok = False
                if value == "all":
                    days[day] = DayHours(day, (), True)
                else:
                    days[day] = DayHours(day, value)
        if not ok:
            return INVALID
        return Hours(tuple(days.get(d, DayHours(d)) for d in range(7)), closures)

    def _read_value(self, node: Node, r: Reader) -> tuple[TimeRange, ...] | str | None:
        if isinstance(node, SequenceNode):
            parts = [n.value for n in node.value if isinstance(n, ScalarNode)]
            if len(parts) != len(node.value):
                r.error(node, msg.BAD_HOURS.format(value="…"), msg.BAD_HOURS_HINT)
                return None
            text = ", ".join(parts)
        elif isinstance(node, ScalarNode):
            text = node.value
            if node.tag.endswith(":bool") or text.lower() in ("no", "false"):
                text = "closed"
        else:
            r.error(node, msg.BAD_HOURS.format(value="…"), msg.BAD_HOURS_HINT)
            return None
        value = parse_ranges(text)
        if value is None:
            r.error(node, msg.BAD_HOURS.format(value=text), msg.BAD_HOURS_HINT)
            return None
        if value != "all":
            unmarked = _half_marked(text)
            if unmarked:  # "9am-5": 5am (open all night) or 5pm? Only the editor knows
                r.error(
                    node,
                    msg.HOURS_HALF_MARKED.format(value=text, time=unmarked),
                    msg.HOURS_HALF_MARKED_HINT,
                )
                return None
            for rng in value:
                if rng.opens == rng.closes:
                    r.error(node, msg.EMPTY_RANGE.format(value=text), msg.EMPTY_RANGE_HINT)
                    return None
            if _overlapping(value):
                r.error(
                    node, msg.HOURS_RANGES_OVERLAP.format(value=text), msg.HOURS_RANGES_OVERLAP_HINT
                )
                return None
        return value
