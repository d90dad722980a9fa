"""centers.yaml → list[Center]: the schema of a center, its validation and its domain objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from slugify import slugify

from . import credential_types, languages, slugs, yamlsrc
from . import messages as msg
from .hours import DayHours, Hours, HoursKind
from .numbers import ALL as PUBLIC_NUMBERS
from .numbers import OLD_LIFELINE_E164, SHORT_CODES
from .phones import Phone, parse_phone
from .problems import Mark, Problems, did_you_mean, fold
from .schema import (
    INVALID,
    Bool,
    Choice,
    Custom,
    Date,
    Field,
    Float,
    Int,
    ListOf,
    Reader,
    Rec,
    Record,
    Scalar,
    Slug,
    Text,
    Url,
)
from .states import MEDICAID_NAMES, STATE_NAMES
from .yamlsrc import MappingNode, Node, SequenceNode

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
CREDENTIAL_TYPES = credential_types.TYPES
CREDENTIAL_FORMS = credential_types.FORMS
CREDENTIAL_NAMES = {
    "joint-commission": "Accredited by The Joint Commission",
    "carf": "Accredited by CARF",
    "legitscript": "LegitScript certified",
    "naatp": "Member of NAATP",
    "state-license": "State license",
    "other": "Credential",
}
RESERVED_PREFIXES = ("_", ".")


@dataclass(frozen=True)
class Geo:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Accessibility:
    parking: str = ""
    wheelchair: str = ""
    transit: str = ""
    notes: str = ""

    def items(self) -> list[tuple[str, str]]:
        pairs = [
            ("Parking", self.parking),
            ("Wheelchair access", self.wheelchair),
            ("Public transit", self.transit),
            ("Other notes", self.notes),
        ]
        return [(k, v) for k, v in pairs if v]


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    street: str
    street2: str
    city: str
    state: str
    zip: str
    geo: Geo | None
    phone: Phone | None
    hours: Hours | None
    accessibility: Accessibility
    services: tuple[str, ...]
    map_url: str
    mark: Mark

    @property
    def city_state(self) -> str:
        return f"{self.city}, {self.state}"

    @property
    def street_lines(self) -> tuple[str, ...]:
        return tuple(s for s in (self.street, self.street2) if s)

    @property
    def one_line(self) -> str:
        return ", ".join((*self.street_lines, self.city, f"{self.state} {self.zip}"))

    @property
    def map_links(self) -> tuple[tuple[str, str], ...]:
        """Directions as plain links: a map is a link, never an embed (no third-party request)."""
        q = quote_plus(self.one_line)
        links = []
        if self.map_url:
            links.append(("Our map listing", self.map_url))
        links += [
            ("Google Maps", f"https://www.google.com/maps/search/?api=1&query={q}"),
            ("Apple Maps", f"https://maps.apple.com/?q={q}"),
            ("OpenStreetMap", f"https://www.openstreetmap.org/search?query={q}"),
        ]
        return tuple(links)


@dataclass(frozen=True)
class Credential:
    """A license, certification, accreditation or membership (`form`), as the pages state it:
    "{Licensed|Certified|Accredited} by {issued_by}" or "Member of {issued_by}"."""

    type: str
    name: str
    number: str
    issuer: str
    expires: dt.date | None
    #: What it covers when that is not the whole center ("" scope = everything).
    scope: tuple[str, ...]
    form: str
    #: Where the public can check it: its own `lookup_url`, else the vetted address, else "".
    lookup_url: str
    mark: Mark
    #: The issuer as pages name it (the vetted name for a named type or a known state agency).
    issued_by: str = ""
    #: The lookup site's name for the link text ("The Joint Commission's Quality Check").
    lookup_site: str = ""

    def covers(self, location_id: str) -> bool:
        return not self.scope or location_id in self.scope

    @property
    def is_membership(self) -> bool:
        """A membership is not a check of quality: pages list it apart from the rest."""
        return self.form == "membership"


@dataclass(frozen=True)
class Insurance:
    plans: tuple[str, ...] = ()
    medicaid: bool = False
    medicare: bool = False
    sliding_scale: bool = False
    self_pay: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Phones:
    main: Phone | None = None
    admissions: Phone | None = None
    tty: Phone | None = None
    fax: Phone | None = None


@dataclass(frozen=True)
class FormEndpoint:
    url: str
    hipaa_covered: bool


AGES = ("children", "teens", "adults", "older-adults")
AFTER_HOURS = ("answering-service", "on-call-clinician", "voicemail", "none")
CREATIVE_KINDS = ("art", "music", "drama", "dance")
AGE_WORDS = {
    "children": "children",
    "teens": "teens",
    "adults": "adults",
    "older-adults": "older adults",
}
ADDICTION_MEDICINES = ("buprenorphine", "methadone", "naltrexone", "acamprosate", "disulfiram")
_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def short_hours(hours: Hours) -> str:
    """A week of hours in one short line for a label: 'Mon–Thu 8am–8pm, Fri 8am–6pm'.

    Days with the same hours are joined into ranges; closed days are left out."""
    runs: list[tuple[int, int, str]] = []
    for d in hours.days:
        text = _short_day(d)
        if runs and text and runs[-1][2] == text and runs[-1][1] == d.day - 1:
            runs[-1] = (runs[-1][0], d.day, text)
        elif text:
            runs.append((d.day, d.day, text))
    parts = []
    for first, last, text in runs:
        days = _SHORT_DAYS[first] if first == last else f"{_SHORT_DAYS[first]}–{_SHORT_DAYS[last]}"
        if first == 0 and last == 6:
            days = "Every day"
        parts.append(f"{days} {text}")
    return ", ".join(parts)


def _short_day(d: DayHours) -> str:
    if d.all_day:
        return "24 hours"
    return " and ".join(f"{_short_time(r.opens)}–{_short_time(r.closes)}" for r in d.ranges)


def _short_time(minutes: int) -> str:
    minutes %= 1440
    if minutes == 0:
        return "midnight"
    if minutes == 720:
        return "noon"
    h, m = divmod(minutes, 60)
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


@dataclass(frozen=True)
class Crisis:
    """What this center itself offers in a crisis; an empty Crisis states nothing (pages omit it)."""

    walk_in: Hours | None = None
    walk_in_location: str = ""
    same_day: bool = False
    after_hours: str = ""  # one of AFTER_HOURS, or "" when the center has not said
    after_hours_note: str = ""

    @property
    def walk_in_text(self) -> str:
        """The walk-in hours in one short line, like 'Mon–Fri 9am–5pm' ('' without walk-in)."""
        return short_hours(self.walk_in) if self.walk_in else ""


@dataclass(frozen=True)
class Nondiscrimination:
    """The Section 1557 coordinator (45 CFR 92.7) and where written grievances go."""

    coordinator: str
    address: str
    phone: Phone | None = None
    email: str = ""
    grievance_address: str = ""

    @property
    def grievance_to(self) -> str:
        return self.grievance_address or self.address


@dataclass(frozen=True)
class Grievances:
    """Who takes complaints about care, and how soon the center answers."""

    contact: str
    phone: Phone | None = None
    email: str = ""
    address: str = ""
    answer_days: int | None = None


@dataclass(frozen=True)
class Center:
    slug: str
    name: str
    entity: str
    tagline: str
    base_url: str
    theme: str
    phones: Phones
    locations: tuple[Location, ...]
    services: tuple[str, ...]
    credentials: tuple[Credential, ...]
    insurance: Insurance
    languages: tuple[str, ...]
    social: tuple[tuple[str, str], ...]
    privacy_notice_url: str
    part2_notice_url: str
    treats_substance_use: bool
    draft: bool
    faq_schema: bool
    allowed_origins: tuple[str, ...]
    form_endpoint: FormEndpoint | None
    mark: Mark
    slug_mark: Mark | None = None
    ages: tuple[str, ...] = ()
    telehealth: bool = False
    site_languages: tuple[str, ...] = ()
    crisis: Crisis = Crisis()
    creative_therapies: tuple[str, ...] = ()
    creative_groups: tuple[str, ...] = ()
    nondiscrimination: Nondiscrimination | None = None
    grievances: Grievances | None = None
    phone_hours: Hours | None = None
    addiction_medicines: tuple[str, ...] = ()

    def prescribes(self, medicine: str) -> bool:
        """True only when `addiction_medicines:` lists it (buprenorphine, naltrexone …)."""
        if medicine not in ADDICTION_MEDICINES:
            raise ValueError(
                msg.UNKNOWN_MEDICINE_IN_PAGE.format(
                    value=medicine, choices=", ".join(ADDICTION_MEDICINES)
                )
            )
        return medicine in self.addiction_medicines

    def serves(self, age: str) -> bool:
        """True only when the center states it serves this age group (`ages:`); never a guess."""
        if age not in AGES:
            raise ValueError(msg.UNKNOWN_AGE_IN_PAGE.format(value=age, choices=", ".join(AGES)))
        return age in self.ages

    def speaks(self, language: str) -> bool:
        """True only when `languages:` names it: the languages staff speak with patients."""
        want = language.strip().casefold()
        return any(lang.casefold() == want for lang in self.languages)

    def creative_therapy(self, kind: str) -> bool:
        """Art, music, drama or dance *therapy*: led by a credentialed creative arts therapist."""
        if kind not in CREATIVE_KINDS:
            raise ValueError(
                msg.UNKNOWN_CREATIVE_IN_PAGE.format(value=kind, choices=", ".join(CREATIVE_KINDS))
            )
        return kind in self.creative_therapies

    def creative_group(self, kind: str) -> bool:
        """Art, music, drama or dance groups led by other staff: never called therapy."""
        if kind not in CREATIVE_KINDS:
            raise ValueError(
                msg.UNKNOWN_CREATIVE_IN_PAGE.format(value=kind, choices=", ".join(CREATIVE_KINDS))
            )
        return kind in self.creative_groups

    @property
    def ages_text(self) -> str:
        """The age groups served as words: 'teens and adults' ('' when `ages:` is not given)."""
        words = [AGE_WORDS[a] for a in self.ages]
        if len(words) <= 1:
            return "".join(words)
        return ", ".join(words[:-1]) + " and " + words[-1]

    @property
    def languages_text(self) -> str:
        """'English, Spanish and Armenian' ('' when `languages:` is not given)."""
        langs = list(self.languages)
        if len(langs) <= 1:
            return "".join(langs)
        return ", ".join(langs[:-1]) + " and " + langs[-1]

    @property
    def walk_in_place(self) -> Location | None:
        """The location where walk-in crisis help is given (None without walk-in hours)."""
        if not self.crisis.walk_in:
            return None
        return self.location(self.crisis.walk_in_location) or (
            self.locations[0] if self.locations else None
        )

    @property
    def states(self) -> tuple[str, ...]:
        """Every state the center has a location in, in the order of its locations."""
        return tuple(dict.fromkeys(loc.state for loc in self.locations))

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state, self.state)

    @property
    def medicaid_name(self) -> str:
        """The state's own name for Medicaid (Medi-Cal, Oregon Health Plan), else 'Medicaid'."""
        return MEDICAID_NAMES.get(self.state, "Medicaid")

    @property
    def line_hours(self) -> Hours | None:
        """When the center's line is answered: `phone_hours:`, else the first location's hours."""
        if self.phone_hours is not None:
            return self.phone_hours
        return self.locations[0].hours if self.locations else None

    @property
    def line_hours_text(self) -> str:
        """Those hours in one short line, like 'Mon–Fri 9am–5pm' ('' when no hours are known)."""
        return short_hours(self.line_hours) if self.line_hours else ""

    @property
    def phone(self) -> Phone:
        """The click-to-call number every page shows: admissions first, else main."""
        return self.phones.admissions or self.phones.main  # type: ignore[return-value]

    @property
    def city(self) -> str:
        return self.locations[0].city if self.locations else ""

    @property
    def state(self) -> str:
        return self.locations[0].state if self.locations else ""

    @property
    def own_numbers(self) -> frozenset[str]:
        nums = [self.phones.main, self.phones.admissions, self.phones.tty, self.phones.fax]
        nums += [loc.phone for loc in self.locations]
        nums += [self.nondiscrimination.phone if self.nondiscrimination else None]
        nums += [self.grievances.phone if self.grievances else None]
        return frozenset(p.e164 for p in nums if p)

    def offers(self, service: str) -> bool:
        return service in self.services

    def location(self, location_id: str) -> Location | None:
        return next((loc for loc in self.locations if loc.id == location_id), None)


# --- schema ---------------------------------------------------------------------------------------


class ServiceId(Scalar):
    expected = "a service id"
    example = "group-therapy"

    def parse(self, text, node, key, r):  # type: ignore[no-untyped-def]
        catalog = r.facts.get("services", ())
        if text in catalog:
            return text
        alias = r.facts.get("service_terms", {}).get(fold(text))  # "teens" → adolescents
        hint = (
            f"did you mean '{alias}'?" if alias else did_you_mean(text, catalog)
        ) or msg.UNKNOWN_SERVICE_HINT_NONE.format(choices=", ".join(sorted(catalog)))
        return r.error(node, msg.UNKNOWN_SERVICE.format(value=text), hint)


def _state(text: str) -> str | tuple[str, str]:
    code = text.strip().upper()
    return code if code in US_STATES else (msg.BAD_STATE.format(value=text), msg.BAD_STATE_HINT)


def _zip(text: str) -> str | tuple[str, str]:
    import re

    return (
        text
        if re.fullmatch(r"\d{5}(-\d{4})?", text)
        else (msg.BAD_ZIP.format(value=text), msg.BAD_ZIP_HINT)
    )


#: Every public line by its number: the vetted table, plus the old Lifeline number, which still
#: connects but is not a center's own any more than 988 is.
_PUBLIC_LINES = {n.tel_target: n.label for n in PUBLIC_NUMBERS} | {
    OLD_LIFELINE_E164: "the old National Suicide Prevention Lifeline, now 988"
}


def _center_phone(text: str) -> Phone | tuple[str, str]:
    """A center's own number: a valid US number that is none of the public crisis and help lines."""
    digits = "".join(ch for ch in text if ch.isdigit())
    phone = parse_phone(text)
    line = digits if digits in SHORT_CODES else getattr(phone, "e164", "")
    if line in _PUBLIC_LINES:
        return (
            msg.CRISIS_NUMBER_AS_CENTER.format(value=text),
            msg.PUBLIC_LINE_AS_CENTER_HINT.format(line=_PUBLIC_LINES[line]),
        )
    return phone


PHONE = Custom(_center_phone, "a phone number", "(626) 555-0123")

_PHONES = Record(
    "phones",
    {
        "main": Field(
            PHONE, doc="The center's main number; shown on the contact page and in search data."
        ),
        "admissions": Field(PHONE, doc="Admissions line; shown as the click-to-call number."),
        "tty": Field(PHONE, doc="TTY line for callers who are deaf or hard of hearing."),
        "fax": Field(PHONE, doc="Fax number (shown as text, never as a link)."),
    },
    "\n  main: (626) 555-0123",
)
_GEO = Record(
    "geo",
    {
        "latitude": Field(Float(), required=True, doc="Decimal degrees north, like 34.14778."),
        "longitude": Field(
            Float(),
            required=True,
            doc="Decimal degrees east (negative in the US), like -118.14452.",
        ),
    },
    "\n  latitude: 34.14778\n  longitude: -118.14452",
)
_ACCESS = Record(
    "accessibility",
    {
        "parking": Field(Text(), default="", doc="Where to park, accessible spaces."),
        "wheelchair": Field(Text(), default="", doc="Step-free entrances, elevators, restrooms."),
        "transit": Field(Text(), default="", doc="Nearest bus or train stop."),
        "notes": Field(Text(), default="", doc="Anything else that helps people get in."),
    },
    "\n  wheelchair: Step-free entrance on Main Street",
)
_LOCATION = Record(
    "a location",
    {
        "id": Field(Slug(), doc="Stable id used in the location's web address."),
        "name": Field(
            Text("Downtown clinic"),
            default="",
            doc="A name for this location, like Downtown clinic.",
        ),
        "street": Field(Text("1200 E Colorado Blvd"), required=True, doc="Street address."),
        "street2": Field(Text("Suite 200"), default="", doc="Suite, floor or building."),
        "city": Field(Text("Pasadena"), required=True, doc="City."),
        "state": Field(
            Custom(_state, "a state code", "CA"), required=True, doc="Two-letter state code."
        ),
        "zip": Field(
            Custom(_zip, "a ZIP code", "91106"),
            required=True,
            doc="ZIP or ZIP+4; quote it if it starts with 0.",
        ),
        "geo": Field(_GEO, doc="latitude and longitude, 5 or more decimals."),
        "phone": Field(PHONE, doc="This location's own number, if it has one."),
        "hours": Field(
            HoursKind(),
            doc="Days to times: mon-fri: 8am-6pm, sat: closed, sun: 24 hours, fri: 6pm-2am; closures: dated days off.",
        ),  # type: ignore[arg-type]
        "accessibility": Field(_ACCESS, doc="parking, wheelchair, transit, notes."),
        "services": Field(ListOf(ServiceId()), doc="Services at this location (default: all)."),
        "map_url": Field(
            Url(),
            default="",
            doc="The location's own map listing (for example its Google Business Profile).",
        ),
    },
    "\n  - street: 1200 E Colorado Blvd\n    city: Pasadena\n    state: CA\n    zip: '91106'",
)
_CREDENTIAL = Record(
    "a credential",
    {
        "type": Field(
            Choice(*CREDENTIAL_TYPES), required=True, doc="What kind of credential it is."
        ),
        "name": Field(
            Text("Behavioral Health Care Accreditation"),
            default="",
            doc="Its name as the issuer writes it.",
        ),
        "number": Field(Text("12345"), default="", doc="License or accreditation number."),
        "issuer": Field(
            Text("DHCS"),
            default="",
            doc="Who issued it (DHCS for California's Department of Health Care Services); "
            "required for state-license and other.",
        ),
        "expires": Field(Date(), doc="Last day it is valid."),
        "scope": Field(
            ListOf(Slug()),
            default=(),
            doc="Location ids and/or service ids it covers (default: the whole center).",
        ),
        "form": Field(
            Choice(*CREDENTIAL_FORMS),
            doc="license, certification, accreditation or membership; default from type "
            "(state-license: license; joint-commission, carf: accreditation; legitscript: "
            "certification; naatp: membership; other: required).",
        ),
        "lookup_url": Field(
            Url(),
            default="",
            doc="Where the public can check it; default: the issuer's public lookup, if it has one.",
        ),
    },
    "\n  - type: carf\n    number: '12345'\n    expires: 2028-03-31",
)
_INSURANCE = Record(
    "insurance",
    {
        "plans": Field(
            ListOf(Text("Blue Shield of California")), default=(), doc="Insurance plans accepted."
        ),
        "medicaid": Field(Bool(), default=False, doc="Accepts Medicaid (Medi-Cal in California)."),
        "medicare": Field(Bool(), default=False, doc="Accepts Medicare."),
        "sliding_scale": Field(Bool(), default=False, doc="Offers fees based on income."),
        "self_pay": Field(Bool(), default=False, doc="Accepts people paying for themselves."),
        "notes": Field(
            Text(), default="", doc="Anything else about paying, in one or two sentences."
        ),
    },
    "\n  medicaid: true\n  plans:\n    - Aetna",
)
SOCIAL_NETWORKS = (
    "facebook",
    "instagram",
    "linkedin",
    "youtube",
    "x",
    "threads",
    "bluesky",
    "tiktok",
)
_SOCIAL = Record(
    "social",
    {k: Field(Url(), default="", doc=f"The center's own {k} page.") for k in SOCIAL_NETWORKS},
)
_FORM = Record(
    "form_endpoint",
    {
        "url": Field(Url(), required=True, doc="The HTTPS address forms post to."),
        "hipaa_covered": Field(
            Bool(), required=True, doc="True only under a business associate agreement."
        ),
    },
)


def _email(text: str) -> str | tuple[str, str]:
    import re

    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", text):
        return text
    return msg.BAD_EMAIL.format(value=text), msg.BAD_EMAIL_HINT


EMAIL = Custom(_email, "an email address", "civilrights@example.org")

_CRISIS = Record(
    "crisis",
    {
        "walk_in": Field(
            HoursKind(),  # type: ignore[arg-type]
            doc="Hours when people may walk in for urgent or crisis help without an appointment, "
            "written like location hours. Leave it out if there are none: pages then say to call.",
        ),
        "walk_in_location": Field(
            Slug(), doc="The location id where walk-in help is given (default: the first location)."
        ),
        "same_day": Field(
            Bool(),
            default=False,
            doc="True if the center offers same-day appointments for urgent needs.",
        ),
        "after_hours": Field(
            Choice(*AFTER_HOURS),
            default="",
            doc="What a caller gets when the center is closed. Left out: pages say nothing about it.",
        ),
        "after_hours_note": Field(
            Text("A counselor calls you back the next morning."),
            default="",
            doc="One plain sentence about after-hours calls, shown with after_hours.",
        ),
    },
    "\n  walk_in:\n    mon-fri: 9am-5pm\n  same_day: true\n  after_hours: answering-service",
)
_NONDISCRIMINATION = Record(
    "nondiscrimination",
    {
        "coordinator": Field(
            Text("Civil Rights Coordinator"),
            required=True,
            doc="Name or job title of the person who handles civil rights (Section 1557) questions.",
        ),
        "phone": Field(PHONE, doc="The coordinator's phone number."),
        "email": Field(EMAIL, default="", doc="The coordinator's email address."),
        "address": Field(
            Text("1200 E Colorado Blvd, Suite 200, Pasadena, CA 91106"),
            required=True,
            doc="The coordinator's mailing address, on one line.",
        ),
        "grievance_address": Field(
            Text(),
            default="",
            doc="Where written civil rights grievances go, if not to the coordinator's address.",
        ),
    },
    "\n  coordinator: Civil Rights Coordinator\n  address: 1200 E Colorado Blvd, Pasadena, CA 91106",
)
_GRIEVANCES = Record(
    "grievances",
    {
        "contact": Field(
            Text("Client Rights Advocate"),
            required=True,
            doc="Name or job title of the person who takes complaints about care.",
        ),
        "phone": Field(PHONE, doc="Their phone number (default: the center's number)."),
        "email": Field(EMAIL, default="", doc="Their email address."),
        "address": Field(Text(), default="", doc="Where to mail a written complaint, on one line."),
        "answer_days": Field(
            Int(1, 365, "30"), doc="The center answers a written complaint within this many days."
        ),
    },
    "\n  contact: Client Rights Advocate",
)

#: Facts a center must state for itself (DECISIONS.md, "Truth first"): `defaults:` may not give
#: them, because a value shared by every center is a guess about each one.
OWN_FACTS: dict[str, str] = {
    "name": "a center's name",
    "slug": "a center's web address",
    "phones": "a center's phone numbers",
    "locations": "where a center sees people",
    "services": "the services a center offers",
    "treats_substance_use": "whether a center treats substance use",
    "ages": "the ages a center serves",
    "languages": "the languages a center's staff speak with patients",
    "telehealth": "whether a center offers visits by video or phone",
    "crisis": "a center's walk-in hours and what callers get after hours",
    "phone_hours": "when a center's line is answered",
    "creative_therapies": "which creative therapies a center's credentialed therapists lead",
    "creative_groups": "which art or music groups a center runs",
    "addiction_medicines": "the medicines a center's prescribers offer",
}

CENTER = Record(
    "a center",
    {
        "name": Field(Text(), required=True, doc="The name as on the center's signs."),
        "slug": Field(
            Slug(), doc="Folder and web-address name; derived from the name if left out."
        ),
        "entity": Field(Text("Sunrise Health, Inc."), default="", doc="The operating company."),
        "tagline": Field(
            Text("Care that fits your life"),
            default="",
            doc="Short line under the name in the header and on the home page.",
        ),
        "base_url": Field(Url(allow_slug=True), default="", doc="Public address of the site."),
        "theme": Field(Text("default"), default="default", doc="Folder name in themes/."),
        "draft": Field(
            Bool(),
            default=False,
            doc="A draft may lack compliance facts (warnings); --strict refuses to publish it.",
        ),
        "phones": Field(
            _PHONES, required=True, doc="main and/or admissions (at least one), tty, fax."
        ),
        "locations": Field(
            ListOf(_LOCATION, min_items=1),
            required=True,
            doc="One or more places where the center sees people; each gets its own page.",
        ),
        "services": Field(
            ListOf(ServiceId()), default=(), doc="Service ids: the file names in content/services/."
        ),
        "credentials": Field(
            ListOf(_CREDENTIAL),
            default=(),
            doc="Licenses, certifications, accreditations and memberships; an expired one is an error.",
        ),
        "insurance": Field(_INSURANCE, doc="Plans, Medicaid, Medicare, sliding scale, self-pay."),
        "languages": Field(
            ListOf(Text("English")),
            default=(),
            doc="Languages staff speak with patients. No default: left out, pages say nothing about "
            "languages. Never in defaults:.",
        ),
        "ages": Field(
            ListOf(Choice(*AGES)),
            default=(),
            doc="Age groups served: children, teens, adults, older-adults. Left out: pages claim "
            "none. Never in defaults:.",
        ),
        "telehealth": Field(
            Bool(),
            default=False,
            doc="True if the center offers visits by video or phone. Never in defaults:.",
        ),
        "site_languages": Field(
            ListOf(Choice(*(c for c in languages.known() if c != languages.DEFAULT))),
            default=(),
            doc="Languages of the site besides English (es). Default: each language staff speak "
            "that the project has pages in.",
        ),
        "crisis": Field(
            _CRISIS,
            doc="What the center itself offers in a crisis: walk-in hours, same-day visits, "
            "after-hours calls. Never in defaults:.",
        ),
        "phone_hours": Field(
            HoursKind(),  # type: ignore[arg-type]
            doc="When staff answer the center's number (default: the first location's hours). "
            "Never in defaults:.",
        ),
        "creative_therapies": Field(
            ListOf(Choice(*CREATIVE_KINDS)),
            default=(),
            doc="Art, music, drama or dance therapy led by a credentialed creative arts therapist. "
            "Never in defaults:.",
        ),
        "creative_groups": Field(
            ListOf(Choice(*CREATIVE_KINDS)),
            default=(),
            doc="Art, music, drama or dance groups led by other staff; pages never call them "
            "therapy. Never in defaults:.",
        ),
        "addiction_medicines": Field(
            ListOf(Choice(*ADDICTION_MEDICINES)),
            default=(),
            doc="Medicines for opioid or alcohol use disorder the center's prescribers offer; "
            "methadone only for a certified opioid treatment program. Never in defaults:.",
        ),
        "nondiscrimination": Field(
            _NONDISCRIMINATION,
            doc="The civil rights (Section 1557) coordinator and where grievances go; may be in "
            "defaults: when one coordinator serves every center.",
        ),
        "grievances": Field(
            _GRIEVANCES,
            doc="Who takes complaints about care; may be in defaults: when one office takes them "
            "for every center.",
        ),
        "social": Field(
            _SOCIAL, doc="Links to the center's own social pages (plain links, no embeds)."
        ),
        "privacy_notice_url": Field(
            Url(),
            default="",
            doc="The HIPAA Notice of Privacy Practices; linked from every page. Required unless draft.",
        ),
        "part2_notice_url": Field(
            Url(),
            default="",
            doc="The 42 CFR Part 2 notice; required when treats_substance_use is true.",
        ),
        "treats_substance_use": Field(
            Bool(),
            default=False,
            doc="True for substance use programs: adds the Part 2 notice link.",
        ),
        "faq_schema": Field(
            Bool(), default=True, doc="Emit FAQPage structured data on the FAQ page."
        ),
        "allowed_origins": Field(
            ListOf(Url()), default=(), doc="Other sites pages may load from (empty: none)."
        ),
        "form_endpoint": Field(
            _FORM, doc="Only with a HIPAA-covered HTTPS endpoint may a page hold a form."
        ),
    },
)
TOP = ("settings", "defaults", "centers")


# --- loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentersFile:
    settings: Node | None
    defaults: Node | None
    centers: tuple[Node, ...]


def read_file(path: Path, rel: str, problems: Problems) -> CentersFile | None:
    if not path.is_file():
        problems.add(Mark(rel), msg.NO_FILE.format(root=path.parent), msg.NO_FILE_HINT)
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(Mark(rel), msg.NOT_UTF8, msg.NOT_UTF8_HINT)
        return None
    root = yamlsrc.load(text, rel, problems)
    if root is None:
        if not problems.has_errors():
            problems.add(Mark(rel), msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    if not isinstance(root, MappingNode):
        problems.add(yamlsrc.mark_of(rel, root), msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    for k, _ in root.value:
        if k.value not in TOP:
            problems.add(
                yamlsrc.mark_of(rel, k),
                *msg.unknown_key(k.value, "centers.yaml", did_you_mean(k.value, TOP), list(TOP)),
            )
    centers = yamlsrc.get(root, "centers")
    if isinstance(centers, MappingNode):
        problems.add(yamlsrc.mark_of(rel, centers), msg.CENTERS_NOT_LIST, msg.CENTERS_NOT_LIST_HINT)
        return None
    if not isinstance(centers, SequenceNode) or not centers.value:
        where = yamlsrc.mark_of(rel, centers) if centers is not None else Mark(rel, 1, 1)
        problems.add(where, msg.NO_CENTERS, msg.NO_CENTERS_HINT)
        return None
    return CentersFile(
        yamlsrc.get(root, "settings"), yamlsrc.get(root, "defaults"), tuple(centers.value)
    )


def read_centers(cf: CentersFile, r: Reader) -> list[Center]:
    """Validate every center (defaults merged in), then the rules that span centers (unique slugs)."""
    centers: list[Center] = []
    defaults = _own_facts_out_of_defaults(cf.defaults, r)
    for node in cf.centers:
        merged = yamlsrc.merge(defaults, node) if isinstance(node, MappingNode) else node
        rec = CENTER.read(merged, "center", r)
        if rec is INVALID:
            continue
        center = _center(rec, r)
        if center is not None:
            centers.append(center)
    return _unique_slugs(centers, r)


def _own_facts_out_of_defaults(defaults: Node | None, r: Reader) -> Node | None:
    """A fact each center must state for itself, written in `defaults:`, is an error at its line;
    it is then left out of the merge, so one mistake gives one message."""
    if not isinstance(defaults, MappingNode):
        return defaults
    kept = []
    for k, v in defaults.value:
        what = OWN_FACTS.get(str(k.value))
        if what is None:
            kept.append((k, v))
            continue
        r.error(
            k,
            msg.OWN_FACT_IN_DEFAULTS.format(key=k.value, what=what),
            msg.OWN_FACT_IN_DEFAULTS_HINT.format(key=k.value),
        )
    if len(kept) == len(defaults.value):
        return defaults
    return MappingNode(
        defaults.tag, kept, defaults.start_mark, defaults.end_mark, defaults.flow_style
    )


def _crisis(
    rec: Rec, r: Reader, locations: tuple[Location, ...], services: tuple[str, ...]
) -> Crisis:
    c = rec["crisis"]
    crisis = Crisis()
    if c:
        where = c["walk_in_location"] or ""
        if where and where not in {loc.id for loc in locations}:
            r.error(
                c.nodes["walk_in_location"],
                msg.WALK_IN_LOCATION_UNKNOWN.format(value=where),
                did_you_mean(where, [loc.id for loc in locations])
                or msg.WALK_IN_LOCATION_UNKNOWN_HINT.format(
                    choices=", ".join(loc.id for loc in locations)
                ),
            )
        if where and not c["walk_in"]:
            r.error(
                c.nodes["walk_in_location"],
                msg.WALK_IN_LOCATION_ALONE,
                msg.WALK_IN_LOCATION_ALONE_HINT,
            )
        if c["after_hours_note"] and not c["after_hours"]:
            r.error(
                c.nodes["after_hours_note"],
                msg.AFTER_HOURS_NOTE_ALONE,
                msg.AFTER_HOURS_NOTE_ALONE_HINT,
            )
        crisis = Crisis(
            walk_in=c["walk_in"] or None,
            walk_in_location=where or (locations[0].id if c["walk_in"] and locations else ""),
            same_day=bool(c["same_day"]),
            after_hours=c["after_hours"] or "",
            after_hours_note=c["after_hours_note"] or "",
        )
    if rec.ok and "crisis-stabilization" in services and not (crisis.walk_in or crisis.same_day):
        r.problems.add(
            rec.marks.get("crisis", rec.marks.get("services", rec.mark)),
            msg.CRISIS_SERVICE_WITHOUT_FACTS,
            msg.CRISIS_SERVICE_WITHOUT_FACTS_HINT,
        )
    return crisis


def _nondiscrimination(rec: Rec, r: Reader) -> Nondiscrimination | None:
    n = rec["nondiscrimination"]
    if not n:
        return None
    return Nondiscrimination(
        coordinator=n["coordinator"] or "",
        address=n["address"] or "",
        phone=n["phone"],
        email=n["email"] or "",
        grievance_address=n["grievance_address"] or "",
    )


def _grievances(rec: Rec, r: Reader) -> Grievances | None:
    g = rec["grievances"]
    if not g:
        return None
    return Grievances(
        contact=g["contact"] or "",
        phone=g["phone"],
        email=g["email"] or "",
        address=g["address"] or "",
        answer_days=g["answer_days"],
    )


def _center(rec: Rec, r: Reader) -> Center | None:
    today: dt.date = r.facts["today"]
    name = rec["name"] or ""
    draft = bool(rec["draft"])
    phones = _phones(rec, r)
    locations = _locations(rec, r)
    services = tuple(dict.fromkeys(rec["services"] or ()))
    loc_ids = {loc.id for loc in locations}
    creds = tuple(
        _credential(c, r, today, loc_ids, set(services), locations)
        for c in rec["credentials"] or ()
    )
    theme = rec["theme"]
    themes = r.facts.get("themes", ())
    if themes and theme not in themes:
        hint = did_you_mean(theme, themes) or msg.UNKNOWN_THEME_HINT_NONE.format(
            choices=", ".join(sorted(themes))
        )
        r.problems.add(rec.marks["theme"], msg.UNKNOWN_THEME.format(value=theme), hint)
    base_url = rec["base_url"]
    privacy, part2 = rec["privacy_notice_url"], rec["part2_notice_url"]
    treats_su = bool(rec["treats_substance_use"])
    for missing, what, message, hint in (
        (not base_url, "base_url", msg.NO_BASE_URL, msg.NO_BASE_URL_HINT),
        (not privacy, "privacy_notice_url", msg.NO_PRIVACY_NOTICE, msg.NO_PRIVACY_NOTICE_HINT),
        (
            treats_su and not part2,
            "part2_notice_url",
            msg.NO_PART2_NOTICE,
            msg.NO_PART2_NOTICE_HINT,
        ),
    ):
        if missing and rec.ok and draft:
            r.problems.warn(rec.mark, msg.DRAFT_MISSING.format(what=what), msg.DRAFT_MISSING_HINT)
        elif missing and rec.ok:
            r.problems.add(rec.mark, message, hint)
    ins = rec["insurance"]
    insurance = (
        Insurance(
            tuple(ins["plans"]),
            ins["medicaid"],
            ins["medicare"],
            ins["sliding_scale"],
            ins["self_pay"],
            ins["notes"],
        )
        if ins
        else Insurance()
    )
    social = rec["social"]
    form = rec["form_endpoint"]
    slug = rec["slug"] or ""
    if slug.startswith(RESERVED_PREFIXES):
        r.problems.add(
            rec.marks["slug"], msg.RESERVED_SLUG.format(value=slug), msg.RESERVED_SLUG_HINT
        )
    ages = tuple(dict.fromkeys(rec["ages"] or ()))
    if rec.ok and "adolescents" in services and "teens" not in ages:
        r.problems.add(
            rec.marks.get("ages", rec.marks.get("services", rec.mark)),
            msg.TEEN_SERVICE_WITHOUT_AGE,
            msg.TEEN_SERVICE_WITHOUT_AGE_HINT,
        )
    crisis = _crisis(rec, r, locations, services)
    if rec.ok and "co-occurring" in services and not treats_su:
        r.problems.add(
            rec.marks.get("services", rec.mark),
            msg.CO_OCCURRING_WITHOUT_SU,
            msg.CO_OCCURRING_WITHOUT_SU_HINT,
        )
    medicines = tuple(dict.fromkeys(rec["addiction_medicines"] or ()))
    if rec.ok and medicines and not (treats_su and "medication-management" in services):
        r.problems.add(
            rec.marks["addiction_medicines"],
            msg.MEDICINES_WITHOUT_SERVICE,
            msg.MEDICINES_WITHOUT_SERVICE_HINT,
        )
    nondiscrimination, grievances = _nondiscrimination(rec, r), _grievances(rec, r)
    if not rec.ok:
        return None
    return Center(
        slug=slug,
        name=name,
        entity=rec["entity"] or name,
        tagline=rec["tagline"],
        base_url=base_url,
        theme=theme,
        phones=phones,
        locations=locations,
        services=services,
        credentials=creds,
        insurance=insurance,
        languages=tuple(rec["languages"]),
        social=tuple((k, v) for k, v in social.values.items() if v) if social else (),
        privacy_notice_url=privacy,
        part2_notice_url=part2,
        treats_substance_use=treats_su,
        draft=draft,
        faq_schema=bool(rec["faq_schema"]),
        allowed_origins=tuple(rec["allowed_origins"]),
        form_endpoint=FormEndpoint(form["url"], form["hipaa_covered"]) if form else None,
        mark=rec.mark,
        slug_mark=rec.marks.get("slug"),
        ages=ages,
        telehealth=bool(rec["telehealth"]),
        site_languages=tuple(rec["site_languages"]),
        crisis=crisis,
        creative_therapies=tuple(dict.fromkeys(rec["creative_therapies"] or ())),
        creative_groups=tuple(dict.fromkeys(rec["creative_groups"] or ())),
        nondiscrimination=nondiscrimination,
        grievances=grievances,
        phone_hours=rec["phone_hours"] or None,
        addiction_medicines=medicines,
    )


def _phones(rec: Rec, r: Reader) -> Phones:
    p = rec["phones"]
    if not p:
        return Phones()
    phones = Phones(p["main"], p["admissions"], p["tty"], p["fax"])
    if p.ok and not (phones.main or phones.admissions):
        r.problems.add(p.mark, msg.NO_MAIN_PHONE, msg.NO_MAIN_PHONE_HINT)
    return phones


def _locations(rec: Rec, r: Reader) -> tuple[Location, ...]:
    services = tuple(rec["services"])
    out: list[Location] = []
    seen: dict[str, Mark] = {}
    for loc in rec["locations"] or ():
        if not loc.ok:
            continue
        loc_id = loc["id"] or slugify(f"{loc['city']} {loc['street']}")
        if loc_id in seen:
            r.problems.add(
                loc.mark,
                msg.DUPLICATE_LOCATION_ID.format(value=loc_id),
                msg.DUPLICATE_LOCATION_ID_HINT,
            )
        seen[loc_id] = loc.mark
        for sid, node in zip(
            loc["services"] or (), _items(loc.nodes.get("services")), strict=False
        ):
            if sid not in services:
                r.error(
                    node,
                    msg.LOCATION_SERVICE_NOT_OFFERED.format(value=sid),
                    msg.LOCATION_SERVICE_NOT_OFFERED_HINT.format(value=sid),
                )
        geo = loc["geo"]
        if geo and geo.ok:
            for key in ("latitude", "longitude"):
                text = geo.nodes[key].value
                if "." not in text or len(text.split(".")[1]) < 5:
                    r.warn(
                        geo.nodes[key],
                        msg.GEO_PRECISION.format(key=key, value=text),
                        msg.GEO_PRECISION_HINT,
                    )
            if not -90 <= geo["latitude"] <= 90:
                r.error(
                    geo.nodes["latitude"], msg.BAD_LAT.format(value=geo["latitude"]), msg.GEO_HINT
                )
            if not -180 <= geo["longitude"] <= 180:
                r.error(
                    geo.nodes["longitude"], msg.BAD_LNG.format(value=geo["longitude"]), msg.GEO_HINT
                )
        acc = loc["accessibility"]
        out.append(
            Location(
                id=loc_id,
                name=loc["name"],
                street=loc["street"],
                street2=loc["street2"],
                city=loc["city"],
                state=loc["state"],
                zip=loc["zip"],
                geo=Geo(geo["latitude"], geo["longitude"]) if geo and geo.ok else None,
                phone=loc["phone"],
                hours=loc["hours"],
                accessibility=Accessibility(**acc.values) if acc else Accessibility(),
                services=tuple(loc["services"]) if loc["services"] is not None else services,
                map_url=loc["map_url"],
                mark=loc.mark,
            )
        )
    return tuple(out)


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _credential(
    c: Rec,
    r: Reader,
    today: dt.date,
    loc_ids: set[str],
    services: set[str],
    locations: tuple[Location, ...],
) -> Credential:
    type_ = c["type"] or "other"
    kind = credential_types.CREDENTIAL_TYPES[type_]
    name = c["name"] or CREDENTIAL_NAMES.get(type_, "Credential")
    expires = c["expires"]
    if c.ok and expires is not None and expires < today:
        r.problems.add(
            c.marks["expires"],
            msg.EXPIRED_CREDENTIAL.format(name=name, number=c["number"], date=expires.isoformat()),
            msg.EXPIRED_CREDENTIAL_HINT,
        )
    elif c.ok and expires is not None and (expires - today).days <= r.facts.get("warning_days", 60):
        r.problems.warn(
            c.marks["expires"],
            msg.EXPIRING_CREDENTIAL.format(
                name=name, number=c["number"], date=expires.isoformat(), days=(expires - today).days
            ),
            msg.EXPIRING_CREDENTIAL_HINT,
        )
    for sid, node in zip(c["scope"] or (), _items(c.nodes.get("scope")), strict=False):
        if sid not in loc_ids and sid not in services:
            hint = (
                did_you_mean(sid, loc_ids | services)
                or f"location ids here: {', '.join(sorted(loc_ids))}"
            )
            r.error(node, msg.CREDENTIAL_SCOPE.format(value=sid), hint)
    form = c["form"] or kind.form
    issuer = c["issuer"] or ""
    if c.ok and not form:
        r.problems.add(c.mark, msg.CREDENTIAL_NEEDS_FORM, msg.CREDENTIAL_NEEDS_FORM_HINT)
    elif c.ok and form not in kind.forms:
        r.problems.add(
            c.marks["form"],
            msg.CREDENTIAL_WRONG_FORM.format(type=type_, form=form, issuer=kind.issuer),
            msg.CREDENTIAL_WRONG_FORM_HINT.format(form=kind.form),
        )
    if c.ok and not issuer and not kind.issuer:
        r.problems.add(
            c.mark,
            msg.CREDENTIAL_NEEDS_ISSUER.format(type=type_),
            msg.CREDENTIAL_NEEDS_ISSUER_HINT,
        )
    in_ca = any(loc.state == "CA" for loc in locations)
    if c.ok and in_ca and issuer.upper() == "DHCS":
        if form and form not in ("license", "certification"):
            r.problems.add(
                c.marks.get("form", c.mark), msg.DHCS_FORM.format(form=form), msg.DHCS_FORM_HINT
            )
        for key in ("number", "expires", "lookup_url"):
            if not c[key]:
                r.problems.add(
                    c.mark,
                    msg.DHCS_NEEDS.format(form=form or "license", key=key),
                    msg.DHCS_NEEDS_HINT.format(form=form or "license", key=key),
                )
    scope = tuple(c["scope"] or ())
    if set(scope) == loc_ids:
        scope = ()  # every location and no single service: the whole center, nothing to say
    states = {loc.state for loc in locations if not scope or loc.id in scope} or {
        loc.state for loc in locations
    }
    vetted = credential_types.lookup_for(type_, issuer, states)
    own = c["lookup_url"] or ""
    same_site = vetted is not None and (not own or _host(own) == _host(vetted.url))
    return Credential(
        type=type_,
        name=c["name"] or "",
        number=c["number"],
        issuer=issuer,
        expires=expires,
        scope=scope,
        form=form or "license",
        lookup_url=own or (vetted.url if vetted else ""),
        mark=c.mark,
        issued_by=credential_types.issuer_name(type_, issuer, states),
        lookup_site=vetted.site if vetted and same_site else "",
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.")


def _unique_slugs(centers: list[Center], r: Reader) -> list[Center]:
    """Explicit slugs must be unique; derived ones add the city, then the street, until unique."""
    from dataclasses import replace

    taken: dict[str, Mark] = {}
    for c in centers:
        if c.slug:
            where = c.slug_mark or c.mark
            if c.slug in taken:
                r.problems.add(
                    where,
                    msg.DUPLICATE_SLUG.format(value=c.slug, line=taken[c.slug].line),
                    msg.DUPLICATE_SLUG_HINT,
                )
            taken.setdefault(c.slug, where)
    out = []
    for c in centers:
        if not c.slug:
            first = c.locations[0] if c.locations else None
            slug = slugs.derive(
                c.name, first.city if first else "", first.street if first else "", taken
            )
            base = slugify(c.name)
            if base and slug != base and base in taken:
                # A second site appears at a derived address that moves if the other center goes.
                r.problems.warn(
                    c.mark,
                    msg.SLUG_DISAMBIGUATED.format(base=base, line=taken[base].line, slug=slug),
                    msg.SLUG_DISAMBIGUATED_HINT.format(slug=slug),
                )
            taken[slug] = c.mark
            c = replace(c, slug=slug)
        out.append(replace(c, base_url=_base_url(c.base_url, c.slug)))
    return out


def _base_url(url: str, slug: str) -> str:
    if not url:
        return url
    url = url.replace("{slug}", slug)
    return url if url.endswith("/") else url + "/"
