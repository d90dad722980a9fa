"""centers.yaml → list[Center]: the schema of a center, its validation and its domain objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from slugify import slugify

from . import messages as msg
from . import slugs, yamlsrc
from .hours import Hours, HoursKind
from .numbers import PUBLIC_E164, SHORT_CODES
from .phones import Phone, parse_phone
from .problems import Mark, Problems, did_you_mean
from .schema import (
    INVALID,
    Bool,
    Choice,
    Custom,
    Date,
    Field,
    Float,
    ListOf,
    Reader,
    Rec,
    Record,
    Scalar,
    Slug,
    Text,
    Url,
)
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
CREDENTIAL_TYPES = ("joint-commission", "carf", "legitscript", "naatp", "state-license", "other")
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
    type: str
    name: str
    number: str
    issuer: str
    expires: dt.date | None
    scope: tuple[str, ...]
    form: str
    lookup_url: str
    mark: Mark

    def covers(self, location_id: str) -> bool:
        return not self.scope or location_id in self.scope


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
        hint = did_you_mean(text, catalog) or msg.UNKNOWN_SERVICE_HINT_NONE.format(
            choices=", ".join(sorted(catalog))
        )
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


def _center_phone(text: str) -> Phone | tuple[str, str]:
    if "".join(ch for ch in text if ch.isdigit()) in SHORT_CODES:
        return msg.CRISIS_NUMBER_AS_CENTER.format(value=text), msg.CRISIS_NUMBER_AS_CENTER_HINT
    return parse_phone(text)


PHONE = Custom(_center_phone, "a phone number", "(626) 555-0123")

_PHONES = Record(
    "phones",
    {
        "main": Field(PHONE, doc="The center's main number."),
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
            doc="Who issued it (DHCS for California's Department of Health Care Services).",
        ),
        "expires": Field(Date(), doc="Last day it is valid."),
        "scope": Field(
            ListOf(Slug()),
            default=(),
            doc="Location ids and/or service ids it covers (default: the whole center).",
        ),
        "form": Field(
            Choice("license", "certification"), default="license", doc="license or certification."
        ),
        "lookup_url": Field(Url(), default="", doc="Where the public can verify it."),
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
            doc="Licenses and accreditations; an expired one is an error.",
        ),
        "insurance": Field(_INSURANCE, doc="Plans, Medicaid, Medicare, sliding scale, self-pay."),
        "languages": Field(
            ListOf(Text("English")), default=("English",), doc="Languages spoken with patients."
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
    for node in cf.centers:
        merged = yamlsrc.merge(cf.defaults, node) if isinstance(node, MappingNode) else node
        rec = CENTER.read(merged, "center", r)
        if rec is INVALID:
            continue
        center = _center(rec, r)
        if center is not None:
            centers.append(center)
    return _unique_slugs(centers, r)


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
    )


def _phones(rec: Rec, r: Reader) -> Phones:
    p = rec["phones"]
    if not p:
        return Phones()
    phones = Phones(p["main"], p["admissions"], p["tty"], p["fax"])
    if p.ok and not (phones.main or phones.admissions):
        r.problems.add(p.mark, msg.NO_MAIN_PHONE, msg.NO_MAIN_PHONE_HINT)
    for key in ("main", "admissions", "tty", "fax"):
        value = p[key]
        if value and value.e164 in PUBLIC_E164:
            r.problems.add(
                p.marks[key],
                msg.CRISIS_NUMBER_AS_CENTER.format(value=value),
                msg.CRISIS_NUMBER_AS_CENTER_HINT,
            )
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
        if loc["phone"] and loc["phone"].e164 in PUBLIC_E164:
            r.problems.add(
                loc.marks["phone"],
                msg.CRISIS_NUMBER_AS_CENTER.format(value=loc["phone"]),
                msg.CRISIS_NUMBER_AS_CENTER_HINT,
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
    name = c["name"] or CREDENTIAL_NAMES.get(c["type"] or "other", "Credential")
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
    in_ca = any(loc.state == "CA" for loc in locations)
    if c.ok and in_ca and (c["issuer"] or "").upper() == "DHCS":
        for key in ("number", "expires", "lookup_url"):
            if not c[key]:
                r.problems.add(
                    c.mark,
                    msg.DHCS_NEEDS.format(form=c["form"], key=key),
                    msg.DHCS_NEEDS_HINT.format(form=c["form"], key=key),
                )
    return Credential(
        type=c["type"] or "other",
        name=name,
        number=c["number"],
        issuer=c["issuer"],
        expires=expires,
        scope=tuple(c["scope"]),
        form=c["form"],
        lookup_url=c["lookup_url"],
        mark=c.mark,
    )


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
            taken[slug] = c.mark
            c = replace(c, slug=slug)
        out.append(replace(c, base_url=_base_url(c.base_url, c.slug)))
    return out


def _base_url(url: str, slug: str) -> str:
    if not url:
        return url
    url = url.replace("{slug}", slug)
    return url if url.endswith("/") else url + "/"
