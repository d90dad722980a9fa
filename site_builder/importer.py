"""`site-builder import`: a treatment-locator listing (JSON or CSV) → draft centers in centers.yaml.

One center per listing record. The importer writes only what the listing says (name, operating
entity, phone, address, geocode) and marks every center `draft: true`; it never adds services,
hours, credentials or notice links. The rules for names, duplicates and slugs are in
docs/importing.md.

Wiring (cli.py): `importer.add_parser(subparsers)` adds the subcommand; `importer.run(args)` runs
it and returns the exit code."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import yaml
from slugify import slugify

from . import slugs, textformats
from .centers import US_STATES
from .numbers import PUBLIC_E164
from .phones import Phone, parse_phone

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
FORMATS = ("samhsa-locator",)

# --- messages: every sentence `import` prints ----------------------------------------------------

HELP = "turn a treatment-locator listing (JSON or CSV) into draft centers in centers.yaml"
HELP_FILE = "the listing: a JSON list of records or a CSV file with a header row"
HELP_FORMAT = "the listing's format (samhsa-locator: Name, Street, City, State, ZipCode, Phone, …)"
HELP_OUTPUT = "the centers.yaml to write (default: centers.yaml in the current folder)"
HELP_FORCE = "replace the centers of an existing file; its settings: and defaults: are kept"
HELP_APPEND = "add the listing's centers to those of an existing file"
HELP_DEBUG = "show Python tracebacks for internal errors"

NO_INPUT = "cannot read {path}: {why}"
UNREADABLE_JSON = "{path} is not valid JSON (line {line}, column {col}: {why})"
NOT_A_LIST = '{path} must hold a list of records, like [{{"Name": …}}, …]'
UNREADABLE_CSV = "{path} could not be read as CSV: {why}"
MISSING_COLUMNS = "{path} has no {columns} column; the samhsa-locator format needs {needed}"
EMPTY_LISTING = "{path} holds no records; nothing was written"
NOTHING_IMPORTED = "no record of {path} could be imported; nothing was written"
EXISTS = (
    "{path} already exists; nothing was written. Use --force to replace its centers (its "
    "settings: and defaults: are kept) or --append to add to them"
)
EXISTING_BAD = "{path} could not be read as YAML ({why}); fix it or move it away, then import again"
EXISTING_TOO_DEEP = "its values are nested hundreds of levels deep"
EXISTING_SHAPE = (
    "{path} does not have the usual shape (settings:, defaults: and a block list under "
    "centers:), so it cannot be kept; fix it or move it away, then import again"
)
CANNOT_WRITE = "cannot write {path}: {why}"

RECORD_SKIPPED = "{where}: skipped: {why}"
RECORD_NOTE = "{where}: note: {why}"
WHERE = "{file}: record {n}"
WHERE_NAMED = "{file}: record {n} ({name})"

NOT_A_RECORD = "not a record (expected an object with Name, Street, City, State, ZipCode, Phone)"
NO_NAME = "it has no name"
NO_STREET = "it has no street address"
NO_CITY = "it has no city"
NO_STATE = "it has no state"
BAD_STATE = "state '{value}' is not a US state or territory"
NO_ZIP = "it has no ZIP code"
BAD_ZIP = "ZIP code '{value}' is not 5 digits or ZIP+4"
NO_PHONE = "it has no phone number, and every center needs one"
BAD_PHONE = "phone '{value}' is not a valid US number"
PUBLIC_PHONE = "phone '{value}' is a public crisis or help line, not the center's own number"
DUPLICATE = "same name and address as record {n}"
ALREADY_THERE = "already in {path} as '{slug}' (same name and address); left as it is"
PO_BOX = "the street is a post-office box ('{value}'); ask the center for its street address"
FORMULA = (
    "the {field} starts with '{start}', which spreadsheet programs read as a formula "
    "('{value}'); check it with the center (the listings export writes it as text)"
)
NO_GEO = "latitude/longitude '{lat}', '{lng}' are not a position on Earth; imported without geo"
HALF_GEO = "only one of latitude and longitude is given; imported without geo"

DONE = "{verb} {count} center{s} {to} {path} ({read} record{rs} read, {skipped} skipped{notes})"
NOTHING_NEW = "nothing to add: every record of {src} is already in {path}; nothing was written"
DONE_NOTES = ", {n} note{s}"
DONE_ALREADY = ", {n} already there"
REMOVED = "{n} center{s} of the old {path} {verb} not in the listing and {pron} removed: {slugs}"
KEPT = "{n} slug{s} kept from the old {path} (same name and address)"
DRAFTS = (
    "every imported center is a draft: the build warns until it has base_url and "
    "privacy_notice_url, and --strict refuses to publish it"
)

HEADER = """\
# centers.yaml — centers imported by `site-builder import --format {fmt}`
# from {source}.
# The reference for every key is docs/centers.md; the import rules are in docs/importing.md.
# Every imported center is a draft: the listing gives no services, hours, credentials or notice
# links, so none are written here. Ask each center (by phone), add what it tells you, then
# remove `draft: true`. `site-builder build --strict` refuses to publish a draft.
"""
NEW_SETTINGS = """\
settings:
  language: en
"""
NEW_DEFAULTS = """\
# Merged into every center. Add the address the sites will be published at once you know it,
# for example  base_url: https://example.org/{slug}/
defaults: {}
"""
APPENDED = "# added by `site-builder import --format {fmt}` from {source}"

# --- the command ---------------------------------------------------------------------------------


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `import FILE --format samhsa-locator [--output centers.yaml] [--force | --append]`."""
    p = subparsers.add_parser("import", help=HELP, description=HELP)
    p.add_argument("file", type=Path, metavar="FILE", help=HELP_FILE)
    p.add_argument("--format", required=True, choices=FORMATS, help=HELP_FORMAT)
    p.add_argument(
        "--output", type=Path, default=Path("centers.yaml"), metavar="FILE", help=HELP_OUTPUT
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help=HELP_FORCE)
    mode.add_argument("--append", action="store_true", help=HELP_APPEND)
    p.add_argument("--debug", action="store_true", help=HELP_DEBUG)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Import `args.file` into `args.output`; report to `out` (stderr). Returns the exit code."""
    out = out or sys.stderr

    def say(line: str) -> None:
        print(line, file=out)

    src: Path = args.file
    dest: Path = args.output
    if not src.is_file():
        say(NO_INPUT.format(path=src, why="no such file"))
        return EXIT_USAGE
    listing = read_listing(src)
    if isinstance(listing, str):
        say(listing)
        return EXIT_PROBLEMS
    if not listing:
        say(EMPTY_LISTING.format(path=src))
        return EXIT_PROBLEMS

    existing: Existing | None = None
    if dest.exists():
        if not (args.force or args.append):
            say(EXISTS.format(path=dest))
            return EXIT_USAGE
        try:
            existing = read_existing(dest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            say(EXISTING_BAD.format(path=dest, why=exc))
            return EXIT_PROBLEMS
        if isinstance(existing, str):
            say(existing.format(path=dest))
            return EXIT_PROBLEMS

    result = import_records(listing, src.name, existing, append=bool(args.append), dest=dest)
    for line in result.lines:
        say(line)
    if not result.centers and not result.skipped and result.already:
        say(NOTHING_NEW.format(src=src, path=dest))
        return EXIT_OK
    if not result.centers:
        say(NOTHING_IMPORTED.format(path=src))
        return EXIT_PROBLEMS

    source = src.name
    if existing is not None and args.append:
        text = existing.appended(result.centers, APPENDED.format(fmt=args.format, source=source))
    else:
        text = render_file(result.centers, args.format, source, existing)
    try:
        _write_atomic(dest, text)
    except OSError as exc:
        say(CANNOT_WRITE.format(path=dest, why=exc.strerror or exc))
        return EXIT_PROBLEMS

    if existing is not None and args.force:
        if result.kept:
            say(KEPT.format(n=result.kept, s=_s(result.kept), path=dest))
        if result.removed:
            n = len(result.removed)
            say(
                REMOVED.format(
                    n=n,
                    s=_s(n),
                    path=dest,
                    verb="is" if n == 1 else "are",
                    pron="was" if n == 1 else "were",
                    slugs=", ".join(result.removed),
                )
            )
    notes = DONE_NOTES.format(n=result.notes, s=_s(result.notes)) if result.notes else ""
    if result.already:
        notes = DONE_ALREADY.format(n=result.already) + notes
    n = len(result.centers)
    say(
        DONE.format(
            verb="Added" if args.append and existing is not None else "Imported",
            to="to" if args.append and existing is not None else "into",
            count=n,
            s=_s(n),
            path=dest,
            read=len(listing),
            rs=_s(len(listing)),
            skipped=result.skipped,
            notes=notes,
        )
    )
    say(DRAFTS)
    return EXIT_PROBLEMS if result.skipped else EXIT_OK


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _write_atomic(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading the listing -------------------------------------------------------------------------


class _Number(str):
    """A JSON number kept as its source text (so 37.351479 stays exactly as given)."""


# Header names, compared without case, spaces or punctuation → our field.
COLUMNS = {
    "name": "name",
    "street": "street",
    "city": "city",
    "state": "state",
    "zipcode": "zip",
    "zip": "zip",
    "phone": "phone",
    "latitude": "latitude",
    "lat": "latitude",
    "longitude": "longitude",
    "lon": "longitude",
    "lng": "longitude",
}
REQUIRED_COLUMNS = ("Name", "Street", "City", "State", "ZipCode", "Phone")


def _column(header: str) -> str | None:
    return COLUMNS.get(re.sub(r"[^a-z]", "", str(header).lower()))


def read_listing(path: Path) -> list[object] | str:
    """The raw records (dicts keyed by our field names), or a message saying why not."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return NO_INPUT.format(path=path, why=exc.strerror or exc)
    except UnicodeDecodeError:
        return NO_INPUT.format(path=path, why="it is not UTF-8 text")
    is_json = path.suffix.lower() == ".json" or (
        path.suffix.lower() != ".csv" and text.lstrip()[:1] in ("[", "{")
    )
    return _read_json(text, path) if is_json else _read_csv(text, path)


def _read_json(text: str, path: Path) -> list[object] | str:
    try:
        data = json.loads(text, parse_float=_Number, parse_int=_Number)
    except json.JSONDecodeError as exc:
        return UNREADABLE_JSON.format(path=path, line=exc.lineno, col=exc.colno, why=exc.msg)
    if not isinstance(data, list):
        return NOT_A_LIST.format(path=path)
    out: list[object] = []
    for item in data:
        if isinstance(item, dict):
            rec: dict[str, object] = {}
            for k, v in item.items():
                col = _column(k)
                if col and col not in rec:
                    rec[col] = v
            out.append(rec)
        else:
            out.append(item)
    return out


def _read_csv(text: str, path: Path) -> list[object] | str:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        return UNREADABLE_CSV.format(path=path, why=exc)
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        return []
    cols = [_column(h) for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if _column(c) not in cols]
    if missing:
        return MISSING_COLUMNS.format(
            path=path, columns=" or ".join(missing), needed=", ".join(REQUIRED_COLUMNS)
        )
    out: list[object] = []
    for row in rows[1:]:
        rec: dict[str, object] = {}
        for col, cell in zip(cols, row, strict=False):
            if col and col not in rec:
                rec[col] = cell
        out.append(rec)
    return out


# --- mapping one record --------------------------------------------------------------------------

# fmt: off
STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "puerto rico": "PR", "guam": "GU", "virgin islands": "VI", "us virgin islands": "VI",
    "american samoa": "AS", "northern mariana islands": "MP",
}
# fmt: on

# A name part before ": " that ends in one of these words is a long name the listing wrapped, not
# an "Organization: Program" pair ("Catholic Charities of: Santa Clara County").
CONNECTORS = frozenset({"and", "&", "of", "at", "for", "the", "to", "in", "with", "on"})
PO_BOX_RE = re.compile(r"\b(p\.?\s*o\.?\s*box|post\s+office\s+box)\b", re.IGNORECASE)
DBA_RE = re.compile(r"^(dba|d/b/a|d\.b\.a\.)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Imported:
    """One center as the importer writes it."""

    record: int
    name: str
    entity: str
    phone: str
    street: str
    city: str
    state: str
    zip: str
    latitude: str = ""
    longitude: str = ""
    slug: str = ""

    @property
    def location_id(self) -> str:
        return slugify(f"{self.city} {self.street}")

    @property
    def key(self) -> tuple[str, ...]:
        return address_key(self.name, self.street, self.city, self.state, self.zip)


def address_key(name: str, street: str, city: str, state: str, zip_: str) -> tuple[str, ...]:
    """What "same name and address" compares: case, spacing and ZIP+4 do not count."""

    def norm(s: str) -> str:
        return " ".join(str(s or "").split()).casefold()

    return (norm(name), norm(street), norm(city), norm(state), norm(zip_)[:5])


def clean(value: object) -> str:
    """Text as the listing means it: `\\/` unescaped, runs of spaces collapsed, ends trimmed."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\\/", "/").split())


def split_name(raw: str) -> tuple[str, str]:
    """(center name, operating entity) from a listing name; see docs/importing.md."""
    name = clean(raw)
    if ": " not in name:
        return name, name
    org, program = (part.strip() for part in name.split(": ", 1))
    if not org or not program:
        whole = (org or program).rstrip(":").strip()
        return whole, whole
    if org.split()[-1].lower() in CONNECTORS:
        whole = f"{org} {program}"
        return whole, whole
    dba = DBA_RE.match(program)
    if dba and program[dba.end() :].strip():
        return program[dba.end() :].strip(), org
    return f"{org}: {program}", org


def state_code(value: str) -> str | None:
    code = value.strip().upper().replace(".", "")
    if code in US_STATES:
        return code
    return STATE_NAMES.get(" ".join(value.lower().replace(".", "").split()))


def zip_code(value: object) -> str | None:
    """5 digits or ZIP+4. A JSON number lost its leading zeros, so it is padded back to 5."""
    text = clean(value)
    if isinstance(value, _Number) and re.fullmatch(r"\d{1,5}", text):
        text = text.zfill(5)
    if re.fullmatch(r"\d{9}", text):
        text = f"{text[:5]}-{text[5:]}"
    return text if re.fullmatch(r"\d{5}(-\d{4})?", text) else None


def _coordinate(value: object, limit: float) -> str | None:
    text = clean(value)
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or not -limit <= number <= limit:  # NaN or off the globe
        return None
    return text if re.fullmatch(r"-?\d+(\.\d+)?", text) else repr(number)


def map_record(n: int, raw: object) -> tuple[Imported | None, list[str], list[str]]:
    """(center or None, reasons it was skipped, notes). Reasons are plain sentences."""
    if not isinstance(raw, dict):
        return None, [NOT_A_RECORD], []
    reasons: list[str] = []
    notes: list[str] = []
    name, entity = split_name(clean(raw.get("name")))
    if not name:
        reasons.append(NO_NAME)
    street, city = clean(raw.get("street")), clean(raw.get("city"))
    if not street:
        reasons.append(NO_STREET)
    if not city:
        reasons.append(NO_CITY)
    state_text = clean(raw.get("state"))
    state = state_code(state_text) if state_text else None
    if not state_text:
        reasons.append(NO_STATE)
    elif state is None:
        reasons.append(BAD_STATE.format(value=state_text))
    zip_text = clean(raw.get("zip"))
    zip_ = zip_code(raw.get("zip")) if zip_text else None
    if not zip_text:
        reasons.append(NO_ZIP)
    elif zip_ is None:
        reasons.append(BAD_ZIP.format(value=zip_text))
    phone = clean(raw.get("phone"))
    if not phone:
        reasons.append(NO_PHONE)
    else:
        parsed = parse_phone(phone)
        if not isinstance(parsed, Phone):
            reasons.append(BAD_PHONE.format(value=phone))
        elif parsed.e164 in PUBLIC_E164:
            reasons.append(PUBLIC_PHONE.format(value=phone))
    lat_text, lng_text = clean(raw.get("latitude")), clean(raw.get("longitude"))
    lat = lng = ""
    if lat_text and lng_text:
        la, lo = _coordinate(lat_text, 90), _coordinate(lng_text, 180)
        if la is None or lo is None or (float(la) == 0 and float(lo) == 0):
            notes.append(NO_GEO.format(lat=lat_text, lng=lng_text))
        else:
            lat, lng = la, lo
    elif lat_text or lng_text:
        notes.append(HALF_GEO)
    if street and PO_BOX_RE.search(street):
        notes.append(PO_BOX.format(value=street))
    for field_name, value in (("name", name), ("street", street), ("city", city)):
        if textformats.csv_cell(value) != value:
            notes.append(FORMULA.format(field=field_name, start=value[0], value=value))
    if reasons:
        return None, reasons, notes
    center = Imported(
        record=n,
        name=name,
        entity=entity,
        phone=phone,
        street=street,
        city=city,
        state=state or "",
        zip=zip_ or "",
        latitude=lat,
        longitude=lng,
    )
    return center, [], notes


# --- slugs ---------------------------------------------------------------------------------------


def derive_slug(name: str, city: str, street: str, taken: set[str]) -> str:
    return slugs.derive(name, city, street, taken)


# --- the import as a whole -----------------------------------------------------------------------


@dataclass
class Result:
    centers: list[Imported] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    skipped: int = 0
    notes: int = 0
    already: int = 0  # --append: records whose center is in the file already
    kept: int = 0
    removed: list[str] = field(default_factory=list)


def import_records(
    records: list[object],
    source: str,
    existing: Existing | None = None,
    append: bool = False,
    dest: Path | None = None,
) -> Result:
    """Map every record, drop duplicates and give each center its slug."""
    result = Result()
    seen: dict[tuple[str, ...], int] = {}
    mapped: list[Imported] = []
    old = existing.centers if existing else []
    old_by_key: dict[tuple[str, ...], list[str]] = {}
    for c in old:
        old_by_key.setdefault(c.key, []).append(c.slug)
    for n, raw in enumerate(records, 1):
        center, reasons, notes = map_record(n, raw)
        name = clean(raw.get("name")) if isinstance(raw, dict) else ""
        where = (WHERE_NAMED if name else WHERE).format(file=source, n=n, name=name)
        if center is not None and center.key in seen:
            reasons = [DUPLICATE.format(n=seen[center.key])]
            center = None
        if center is not None and append and center.key in old_by_key:
            slug = old_by_key[center.key][0]
            why = ALREADY_THERE.format(path=dest or "centers.yaml", slug=slug)
            result.lines.append(RECORD_NOTE.format(where=where, why=why))
            result.already += 1
            seen[center.key] = n
            continue
        for note in notes:
            result.lines.append(RECORD_NOTE.format(where=where, why=note))
        result.notes += len(notes)
        if center is None:
            result.lines.append(RECORD_SKIPPED.format(where=where, why="; ".join(reasons)))
            result.skipped += 1
            continue
        seen[center.key] = n
        mapped.append(center)

    taken: set[str] = set()
    slugs: dict[int, str] = {}
    if append:
        taken.update(c.slug for c in old)
    elif old:  # --force: the same name and address keeps its slug
        for c in mapped:
            mine = old_by_key.get(c.key)
            if mine:
                slugs[c.record] = mine.pop(0)
                taken.add(slugs[c.record])
        result.kept = len(slugs)
        result.removed = [s for left in old_by_key.values() for s in left]
    for c in mapped:
        if c.record not in slugs:
            slugs[c.record] = derive_slug(c.name, c.city, c.street, taken)
            taken.add(slugs[c.record])
    result.centers = [replace(c, slug=slugs[c.record]) for c in mapped]
    return result


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
            slug = derive_slug(name, city, street, taken)
            taken.add(slug)
        key = address_key(name, street, city, text(loc, "state").upper(), text(loc, "zip"))
        out.append(OldCenter(slug, key))
    return out
