"""A SAMHSA treatment-locator listing (JSON or CSV) → one `Imported` center per usable record.

Reading the file (header names compared without case, spaces or punctuation; JSON numbers kept as
their source text), cleaning each value, and mapping a record to a center or to the reasons it is
skipped, with notes. The rules are in docs/importing.md; importer.py runs the import as a whole."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from . import textformats
from .centers import US_STATES
from .import_messages import (
    BAD_PHONE,
    BAD_STATE,
    BAD_ZIP,
    FORMULA,
    HALF_GEO,
    MISSING_COLUMNS,
    NO_CITY,
    NO_GEO,
    NO_INPUT,
    NO_NAME,
    NO_PHONE,
    NO_STATE,
    NO_STREET,
    NO_ZIP,
    NOT_A_LIST,
    NOT_A_RECORD,
    PO_BOX,
    PUBLIC_PHONE,
    UNREADABLE_CSV,
    UNREADABLE_JSON,
)
from .numbers import PUBLIC_E164
from .phones import Phone, parse_phone

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
