"""Apply what an editor saved in Decap to YAML without losing anything else in it.

Decap sends a whole entry (a center, a page's front matter) as it holds it. We never write that
out as it is: we load the file's YAML with ruamel.yaml's round-trip loader (comments, key order,
quoting and flow style kept) and change only the values that differ, guided by the schema:

- a field the form shows, left empty, is removed (an editor cleared it); a key the schema does not
  know is never touched (the validator reports it; the form cannot show it);
- a field missing from the file stays missing when the form sends its default (an untouched
  checkbox writes nothing);
- a value equal to the old one as the validator reads it (`yes` and true, `0.5` and .5) keeps the
  old text; a changed string keeps the old quote style.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from ..hours import HoursKind
from ..schema import Bool, Date, Field, Float, Int, Kind, ListOf, Record

#: Indentation styles tried, first the project's own (`  - name:` under `centers:`).
STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


def yaml_rt(style: tuple[int, int, int] = STYLES[0]) -> YAML:
    y = YAML()  # round trip, YAML 1.2 (`no` and `9:30` stay text)
    y.preserve_quotes = True
    y.width = 100_000  # never fold a long line
    y.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return y


def load(text: str) -> tuple[Any, tuple[int, int, int]]:
    """The round-trip document, and the indentation style that writes it back unchanged (the
    first style when none does: the values and comments are kept, the spacing may change)."""
    for style in STYLES:
        doc = yaml_rt(style).load(text)
        if dump(doc, style) == text:
            return doc, style
    return yaml_rt().load(text), STYLES[0]


def dump(doc: Any, style: tuple[int, int, int]) -> str:
    out = io.StringIO()
    yaml_rt(style).dump(doc, out)
    return out.getvalue()


def empty(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == ():
        return True
    return isinstance(value, dict) and all(empty(v) for v in value.values())


def _is_default(value: Any, spec: Field) -> bool:
    default = spec.default
    if isinstance(default, tuple):
        default = list(default)
    return value == default


def apply(target: CommentedMap, new: dict[str, Any], record: Record) -> bool:
    """Make the fields of `record` in `target` say what `new` says; True if anything changed."""
    changed = False
    for name, spec in record.fields.items():
        value = new.get(name)
        if empty(value):
            if name in target and not empty(_plain(target[name])):
                del target[name]
                changed = True
            continue
        if name not in target:
            made = fresh(value, spec.kind)
            if not _is_default(value, spec) and not empty(_plain(made)):
                target[name] = made
                changed = True
            continue
        updated, did = update(target[name], value, spec.kind)
        if did:
            target[name] = updated
            changed = True
    return changed


def update(old: Any, new: Any, kind: Kind) -> tuple[Any, bool]:
    """(the value to keep, whether it changed): `old` changed in place where it is a block."""
    if isinstance(kind, Record) and isinstance(old, CommentedMap) and isinstance(new, dict):
        return old, apply(old, new, kind)
    if isinstance(kind, HoursKind) and isinstance(old, CommentedMap) and isinstance(new, dict):
        return old, _apply_hours(old, new)
    if isinstance(kind, ListOf) and isinstance(old, CommentedSeq) and isinstance(new, list):
        return old, _apply_list(old, new, kind.item)
    if isinstance(kind, (Record, HoursKind, ListOf)):
        return fresh(new, kind), True
    if same(old, new, kind):
        return old, False
    return scalar(new, kind, old), True


def _apply_list(old: CommentedSeq, new: list[Any], item: Kind) -> bool:
    changed = len(old) != len(new)
    for i, value in enumerate(new):
        if i < len(old):
            updated, did = update(old[i], value, item)
            if did:
                old[i] = updated
                changed = True
        else:
            old.append(fresh(value, item))
    del old[len(new) :]
    return changed


def _apply_hours(old: CommentedMap, new: dict[str, Any]) -> bool:
    """The form's rows of days and times, back into day keys (see hours_to_form)."""
    rows = [r for r in new.get("open") or () if not empty(r)]
    wanted = {str(r.get("days", "")).strip(): str(r.get("times", "")).strip() for r in rows}
    changed = False
    for key in [k for k in old if k != "closures" and str(k) not in wanted]:
        del old[key]
        changed = True
    for days, times in wanted.items():
        if days in old and _text(old[days]) == times:
            continue
        old[days] = scalar(times, None, old.get(days))
        changed = True
    from ..hours import _CLOSURE  # the closures' record, as the validator reads it

    closures = [c for c in new.get("closures") or () if not empty(c)]
    if not closures:
        if "closures" in old:
            del old["closures"]
            changed = True
    elif "closures" in old and isinstance(old["closures"], CommentedSeq):
        changed |= _apply_list(old["closures"], closures, _CLOSURE)
    else:
        old["closures"] = fresh(closures, ListOf(_CLOSURE))
        changed = True
    return changed


def fresh(value: Any, kind: Kind | None) -> Any:
    """A new YAML value from the form: empty and default fields left out."""
    if isinstance(kind, HoursKind) and isinstance(value, dict):
        out = CommentedMap()
        _apply_hours(out, value)
        return out
    if isinstance(kind, Record) and isinstance(value, dict):
        out = CommentedMap()
        apply(out, value, kind)
        return out
    if isinstance(kind, ListOf) and isinstance(value, list):
        return CommentedSeq([fresh(v, kind.item) for v in value if not empty(v)])
    if isinstance(value, dict):
        return CommentedMap((k, fresh(v, None)) for k, v in value.items() if not empty(v))
    if isinstance(value, list):
        return CommentedSeq(fresh(v, None) for v in value)
    return scalar(value, kind)


def scalar(value: Any, kind: Kind | None, old: Any = None) -> Any:
    """The value as YAML should hold it: a date as a date (written plain), text as text in the old
    quote style (YAML quotes text that would read as a number or a date by itself)."""
    if isinstance(kind, Date) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return value
    if isinstance(kind, Bool) and isinstance(value, str):
        return value.strip().lower() in Bool.TRUE
    if isinstance(value, str) and isinstance(old, ScalarString):
        return type(old)(value)
    return value


def same(old: Any, new: Any, kind: Kind | None) -> bool:
    """Equal as the validator reads them."""
    if isinstance(kind, Bool):
        return _truth(old) == _truth(new)
    if isinstance(kind, (Int, Float)):
        try:
            return float(old) == float(new)
        except (TypeError, ValueError):
            return _text(old) == _text(new)
    return _text(old) == _text(new)


def _truth(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    low = str(value).strip().lower()
    return True if low in Bool.TRUE else False if low in Bool.FALSE else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def hours_to_form(data: dict[str, Any]) -> dict[str, Any]:
    """Day keys → the form's rows: {"open": [{"days": "mon-fri", "times": "8am-6pm"}], …}."""
    rows = [{"days": str(k), "times": _text(v)} for k, v in data.items() if k != "closures"]
    out: dict[str, Any] = {"open": rows}
    if data.get("closures"):
        out["closures"] = data["closures"]
    return out
