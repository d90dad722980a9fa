"""A center's domain objects — Center, Location, Credential, Phones … — frozen, with the small facts
pages ask of them. centers.yaml is read into them by center_load.py against center_schema.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote_plus

from . import messages as msg
from .hours import DayHours, Hours, day_runs
from .images import Image
from .phones import Phone
from .problems import Mark
from .states import MEDICAID_NAMES, STATE_NAMES
from .states import US_STATES as US_STATES  # re-exported: importer.py checks state codes with it


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
        """(field, text) of what is given; templates label each field in their language
        (the theme strings access_parking, access_wheelchair, access_transit, access_notes)."""
        pairs = [
            ("parking", self.parking),
            ("wheelchair", self.wheelchair),
            ("transit", self.transit),
            ("notes", self.notes),
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
    photo: Image | None = None  # a photo of the place (its door, its waiting room)

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
    #: A person's credential: the letters written after their name ("LMFT"); "" for a center's.
    letters: str = ""

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
    parts = []
    for first, last, text in day_runs(hours, _short_day):
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
class Staff:
    """A person of the center's team, as the team page shows them: credentials are typed and
    checked like the center's own (an expired license is an error), languages are among the
    center's."""

    name: str
    role: str
    credentials: tuple[Credential, ...]
    languages: tuple[str, ...]
    photo: Image | None
    bio: str
    mark: Mark

    @property
    def letters(self) -> str:
        """The letters after the name, from the credentials that give them: 'LMFT, CADC'."""
        return ", ".join(dict.fromkeys(c.letters for c in self.credentials if c.letters))


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
    logo: Image | None = None  # shown beside the name; the site's icons are made from it
    hero: Image | None = None  # the home page's picture
    staff: tuple[Staff, ...] = ()  # the "Our team" page and cards

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
    def open_all_hours(self) -> bool:
        """Some location is open 24 hours on all seven days: what "open 24/7" on a page claims."""
        return any(
            loc.hours is not None and {d.day for d in loc.hours.days if d.all_day} == set(range(7))
            for loc in self.locations
        )

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
