"""The schema of a center in centers.yaml: one Record per block (CENTER, _LOCATION, _CREDENTIAL …)
and every key's doc, from which docs/centers.md is written (reference.py). The kinds of value only
centers have (ServiceId, PHONE, EMAIL, STATE, ZIP) are in center_kinds.py."""

from __future__ import annotations

from . import credential_types, languages
from .center_kinds import EMAIL, PHONE, STATE, ZIP, ServiceId
from .centers import ADDICTION_MEDICINES, AFTER_HOURS, AGES, CREATIVE_KINDS
from .hours import HoursKind
from .images import ImageBlock, ImagePath
from .schema import (
    Bool,
    Choice,
    Date,
    Field,
    Float,
    Int,
    ListOf,
    Record,
    Slug,
    Text,
    Url,
)

CREDENTIAL_TYPES = credential_types.TYPES
CREDENTIAL_FORMS = credential_types.FORMS

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
        "state": Field(STATE, required=True, doc="Two-letter state code."),
        "zip": Field(
            ZIP,
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
        "photo": Field(
            ImageBlock("photo"),
            doc="A photo of the place (src, alt): shown on its page and its card.",
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
#: A person's credential: typed like the center's (a state license, or another license or
#: certification), with the letters written after the name.
_STAFF_CREDENTIAL = Record(
    "a staff credential",
    {
        "type": Field(
            Choice("state-license", "other"),
            required=True,
            doc="state-license, or other (a certification from a board).",
        ),
        "letters": Field(
            Text("LMFT"), required=True, doc="The letters written after the name, like LMFT."
        ),
        **{k: v for k, v in _CREDENTIAL.fields.items() if k in ("name", "issuer", "expires")},
        "number": Field(Text("LMFT 12345"), default="", doc="License or certification number."),
        "form": Field(
            Choice("license", "certification"),
            doc="license or certification (default for state-license: license; other: required).",
        ),
        "lookup_url": _CREDENTIAL.fields["lookup_url"],
    },
    "\n  - type: state-license\n    letters: LMFT\n    issuer: California Board of Behavioral Sciences",
)
_STAFF = Record(
    "a staff member",
    {
        "name": Field(Text("Ana Reyes"), required=True, doc="The person's name."),
        "role": Field(
            Text("Therapist"), required=True, doc="What they do here, like Therapist or Nurse."
        ),
        "credentials": Field(
            ListOf(_STAFF_CREDENTIAL),
            default=(),
            doc="Their licenses and certifications; an expired one is an error.",
        ),
        "languages": Field(
            ListOf(Text("Spanish")),
            default=(),
            doc="Languages they speak with patients; each must be in the center's languages.",
        ),
        "photo": Field(ImageBlock("portrait"), doc="Their photo (src, alt or decorative)."),
        "bio": Field(
            Text("Ana helps adults with worry and low mood."),
            default="",
            doc="Two or three plain sentences about their work (at most 400 characters).",
        ),
    },
    "\n  - name: Ana Reyes\n    role: Therapist",
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
        "logo": Field(
            ImagePath("logo"),
            doc="The logo file (PNG with a clear background is best), shown beside the name; "
            "the site's icons are made from it.",
        ),
        "hero": Field(
            ImageBlock("hero"), doc="The home page's picture (src, and alt or decorative: true)."
        ),
        "staff": Field(
            ListOf(_STAFF), default=(), doc="The team: an Our team page with a card for each."
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
