"""Words for centers.yaml: a center's facts, phones, hours, credentials, slugs, drafts, and the
pictures and staff it names."""

from __future__ import annotations

# --- centers -------------------------------------------------------------------------------------

NO_CENTERS = "centers.yaml has no centers"
NO_CENTERS_HINT = "add a 'centers:' list with at least one center (see README.md, 'Add a center')"
NO_FILE = "there is no centers.yaml in {root}"
NO_FILE_HINT = "run site-builder from your project folder, or create centers.yaml (see README.md)"

BAD_PHONE = "phone '{value}' is not a valid US number"
BAD_PHONE_HINT = "write it like (626) 555-0123, with the area code; add an extension as x123"
NOT_US_PHONE = "phone '{value}' is not a US number"
NOT_US_PHONE_HINT = "centers need a US number with area code, like (626) 555-0123"
NO_MAIN_PHONE = "this center has no main or admissions phone"
NO_MAIN_PHONE_HINT = "add phones: main: (626) 555-0123 — every page shows it as click-to-call"
CRISIS_NUMBER_AS_CENTER = "'{value}' is a public crisis or help line, not this center's own number"
CRISIS_NUMBER_AS_CENTER_HINT = (
    "the crisis strip already shows it on every page; give the center's own phone number here"
)

BAD_STATE = "'{value}' is not a US state"
BAD_STATE_HINT = "write the two-letter postal code, like CA, NV or OR"
BAD_ZIP = "ZIP code '{value}' should be 5 digits (or ZIP+4, like 97205-1234)"
BAD_ZIP_HINT = "write it like 97205; put it in quotes if it starts with 0, like '02134'"
BAD_LAT = "latitude {value} is outside -90 to 90"
BAD_LNG = "longitude {value} is outside -180 to 180"
GEO_HINT = "write geo as latitude and longitude in decimal degrees, like 34.14778 and -118.14452"
GEO_PRECISION = "geo {key} {value} has fewer than 5 decimal places"
GEO_PRECISION_HINT = "map services place the pin more exactly with 5 or more decimals"

NO_SERVICES = (
    "this center lists no services, so its site will have no service pages, no list of care on "
    "its home page, and none of the pages that need a service"
)
NO_SERVICES_HINT = (
    "list what it offers under services:, like services: [{example}] (the choices are the file "
    "names in content/services/); if it offers care that is not there yet, add a page for it in "
    "content/services/ and list that"
)
UNKNOWN_SERVICE = "'{value}' is not a service in the catalog"
SERVICES_ON_ONE_LINE = "'{value}' is several services on one line"
SERVICES_ON_ONE_LINE_HINT = "give each its own line in the list: {lines}"
UNKNOWN_SERVICE_HINT_NONE = "the services are the files in content/services/: {choices}"
LOCATION_SERVICE_NOT_OFFERED = "this location lists '{value}', which the center does not offer"
LOCATION_SERVICE_NOT_OFFERED_HINT = "add '{value}' to the center's services, or remove it here"

DUPLICATE_SLUG = "two centers have the slug '{value}' (the other is on line {line})"
DUPLICATE_SLUG_HINT = "give one of them its own slug: it becomes the folder and web address"
DUPLICATE_LOCATION_ID = "two locations of this center have the id '{value}'"
DUPLICATE_LOCATION_ID_HINT = "give one of them its own id, like id: downtown"
RESERVED_SLUG = "slug '{value}' is reserved for site_builder's own files"
RESERVED_SLUG_HINT = "choose another slug; slugs cannot be 'admin' (the editor's folder) or start with '_' or '.'"

UNKNOWN_THEME = "there is no theme called '{value}'"
UNKNOWN_THEME_HINT_NONE = "the themes are the folders in themes/: {choices}"

NO_BASE_URL = "this center has no base_url"
NO_BASE_URL_HINT = (
    "add the public address of its site, like base_url: https://sunrise.example.org/ "
    "(in defaults: you may write https://example.org/{slug}/)"
)
BASE_URL_PLACEHOLDER = "base_url has '{{{name}}}' but only '{{slug}}' can be filled in"
BASE_URL_PLACEHOLDER_HINT = "write {slug} where the center's slug belongs, or the full address"

NO_PRIVACY_NOTICE = "this center has no privacy_notice_url"
NO_PRIVACY_NOTICE_HINT = (
    "HIPAA asks every clinic's site to link its Notice of Privacy Practices: add "
    "privacy_notice_url: https://… (the address of the notice)"
)
NO_PART2_NOTICE = "this center treats substance use but has no part2_notice_url"
NO_PART2_NOTICE_HINT = (
    "add part2_notice_url: https://… — the notice federal rules (42 CFR Part 2) ask "
    "substance use programs to give"
)
DRAFT_MISSING = "draft center: {what} is still missing (the site builds for preview; --strict will not publish it)"
DRAFT_MISSING_HINT = "ask the center for it by phone, then add it and remove 'draft: true'"

EXPIRED_CREDENTIAL = "{name} {number} expired on {date}"
EXPIRED_CREDENTIAL_HINT = (
    "update 'expires' after renewal, or remove the credential: the site must not show an "
    "expired license or accreditation"
)
EXPIRING_CREDENTIAL = "{name} {number} expires on {date}, in {days} days"
EXPIRING_CREDENTIAL_HINT = "renew it and update 'expires' before then"
CREDENTIAL_SCOPE = (
    "credential scope '{value}' is neither a location id nor a service of this center"
)
DHCS_NEEDS = "a California DHCS {form} needs '{key}'"
DHCS_NEEDS_HINT = (
    "California law asks the site to show the DHCS {form} number and expiry and link to the "
    "state's lookup page: add {key}"
)

BAD_HOURS_DAY = "'{value}' is not a day of the week"
BAD_HOURS_DAY_HINT = "use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily"
BAD_HOURS = "hours '{value}' could not be read"
BAD_HOURS_HINT = "write hours like 8:00-17:00, 8am-5pm, closed, or 24 hours"
BAD_TIME = "'{value}' is not a time of day"
HOURS_OVERLAP = "'{day}' is given twice in these hours"
HOURS_OVERLAP_HINT = "give each day once; a range like mon-fri already covers each day in it"
HOURS_HALF_MARKED = "in hours '{value}', '{time}' has no am or pm"
HOURS_HALF_MARKED_HINT = "write am or pm on both times, like 9am-5pm, or use 24-hour times like 9:00-17:00"
HOURS_RANGES_OVERLAP = "hours '{value}' overlap"
HOURS_RANGES_OVERLAP_HINT = "give each stretch of time once, like 8am-noon, 1pm-5pm"
PAST_CLOSURE = "the closure on {date} is in the past, and pages still list it"
PAST_CLOSURE_HINT = "remove it from closures: (a closure is a day ahead the center is closed)"
EMPTY_RANGE = "hours '{value}' open and close at the same time"
EMPTY_RANGE_HINT = "for a day that is open all day write '24 hours'; for a day off write closed"

# --- credentials typed honestly, public lines, second sites (centers.py) -------------------------
CREDENTIAL_NEEDS_FORM = "this credential of type 'other' does not say what it is"
CREDENTIAL_NEEDS_FORM_HINT = (
    "add form: license, certification, accreditation or membership: the page says "
    "'Licensed by', 'Certified by', 'Accredited by' or 'Member of' from it"
)
CREDENTIAL_WRONG_FORM = "'{type}' credentials are not {form}s: {issuer} does not grant them"
CREDENTIAL_WRONG_FORM_HINT = (
    "write form: {form}, or leave form out: calling it something else misstates it to the public"
)
CREDENTIAL_NEEDS_ISSUER = "this '{type}' credential does not say who issued it"
CREDENTIAL_NEEDS_ISSUER_HINT = (
    "add issuer:, like issuer: DHCS or issuer: Oregon Health Authority: the page says "
    "'Licensed by' and the issuer's name"
)
DHCS_FORM = "a California DHCS credential must be a license or a certification, not form: {form}"
DHCS_FORM_HINT = (
    "write form: license or form: certification, as on the DHCS paper: the site must say "
    "'Licensed by' or 'Certified by the State Department of Health Care Services'"
)
PUBLIC_LINE_AS_CENTER_HINT = (
    "give the center's own phone number here; this number is a public line ({line}) that the "
    "site already shows where it belongs"
)
SLUG_DISAMBIGUATED = (
    "this center has no slug and '{base}' is already used (line {line}), so its site got the "
    "slug '{slug}'"
)
SLUG_DISAMBIGUATED_HINT = (
    "write slug: for both centers, like slug: {slug} here, so their web addresses never move "
    "when a center is added, renamed or removed"
)

DRAFT_STRICT = "'{name}' is a draft: --strict (publishing) does not build drafts"
DRAFT_STRICT_HINT = "check its facts with the center, then remove 'draft: true'"

CENTERS_NOT_LIST = "'centers' should be a list of centers"
CENTERS_NOT_LIST_HINT = "start each center with '- name:' under 'centers:'"

# --- center facts the pages need (ages, languages, telehealth, crisis, civil rights) -------------

OWN_FACT_IN_DEFAULTS = "'{key}' cannot be set in defaults: it is {what}, which each center must state"
OWN_FACT_IN_DEFAULTS_HINT = (
    "a value in defaults: would be published for every center, true or not: move '{key}' into "
    "the block of each center it is true for"
)
UNKNOWN_AGE_IN_PAGE = "'{value}' is not an age group; center.serves() knows {choices}"
UNKNOWN_CREATIVE_IN_PAGE = "'{value}' is not a creative therapy; use one of {choices}"
BAD_EMAIL = "'{value}' is not an email address"
BAD_EMAIL_HINT = "write it like civilrights@example.org"
WALK_IN_LOCATION_UNKNOWN = "walk_in_location '{value}' is not one of this center's location ids"
WALK_IN_LOCATION_UNKNOWN_HINT = "use one of: {choices}"
WALK_IN_LOCATION_ALONE = "walk_in_location is set, but there are no walk_in hours"
WALK_IN_LOCATION_ALONE_HINT = (
    "add walk_in: with the days and times people may walk in, or remove walk_in_location"
)
AFTER_HOURS_NOTE_ALONE = "after_hours_note is set, but after_hours is not"
AFTER_HOURS_NOTE_ALONE_HINT = (
    "add after_hours: answering-service, on-call-clinician, voicemail or none, so pages can say "
    "what a caller gets"
)
CRISIS_SERVICE_WITHOUT_FACTS = (
    "this center offers crisis-stabilization, but crisis: gives neither walk_in hours nor "
    "same_day: true"
)
CRISIS_SERVICE_WITHOUT_FACTS_HINT = (
    "the crisis page tells people when they can come: add crisis: walk_in: (hours) or "
    "same_day: true, or remove crisis-stabilization from services"
)
TEEN_SERVICE_WITHOUT_AGE = "this center offers adolescents (programs for teens), but ages: does not list teens"
TEEN_SERVICE_WITHOUT_AGE_HINT = "add teens under ages:, or remove adolescents from services"
UNKNOWN_MEDICINE_IN_PAGE = "'{value}' is not one of the addiction medicines; use one of {choices}"
MEDICINES_WITHOUT_SERVICE = (
    "addiction_medicines is set, but this center does not both treat substance use and offer "
    "medication-management"
)
MEDICINES_WITHOUT_SERVICE_HINT = (
    "add treats_substance_use: true and medication-management under services, or remove "
    "addiction_medicines"
)
CO_OCCURRING_WITHOUT_SU = (
    "this center offers co-occurring (mental health and substance use care together), but "
    "treats_substance_use is not true"
)
CO_OCCURRING_WITHOUT_SU_HINT = (
    "add treats_substance_use: true (and part2_notice_url), or remove co-occurring from services"
)

# --- images (images.py): the logo, photos and staff pictures named in centers.yaml -------------
IMAGE_PATH = "'{value}' is not a path inside the project"
IMAGE_PATH_HINT = (
    "put the picture in the project's images/ folder and write its path from the project's top "
    "folder, like images/sunrise-recovery/front-door.jpg"
)
IMAGE_MISSING = "there is no image file at '{value}'"
IMAGE_MISSING_HINT = (
    "check the spelling of the path (capital letters count) or add the file; paths start at the "
    "project's top folder, like images/sunrise-recovery/front-door.jpg"
)
IMAGE_TOO_BIG = "the image '{value}' is {size:.1f} MB, more than the {limit:.0f} MB a source may be"
IMAGE_TOO_BIG_HINT = (
    "save a smaller copy, 2,000 pixels wide is plenty (JPEG for photos, PNG for a logo): "
    "site-builder makes the sizes phones and screens need from it"
)
IMAGE_TOO_MANY_PIXELS = (
    "the image '{value}' is {width:,}×{height:,} pixels, more than {side:,} pixels on a side"
)
IMAGE_UNREADABLE = "'{value}' is not an image site-builder can read"
IMAGE_DAMAGED = "'{value}' is damaged or cut short: its picture cannot be read to the end"
IMAGE_DAMAGED_HINT = "copy or upload the picture again from where it came from, or export it again"
IMAGE_FORMAT = "'{value}' is a {format} image; a source must be JPEG, PNG or WebP"
IMAGE_FORMAT_HINT = (
    "open it in any photo program and save or export it as JPEG (photos) or PNG (a logo)"
)
IMAGE_SMALL = "the image '{value}' is only {width}×{height} pixels: it will look blurry"
IMAGE_SMALL_HINT = "use a source at least {need}"
IMAGE_NEEDS_BLOCK = "{key} needs the picture's file and its alt text, each on its own line"
IMAGE_NEEDS_BLOCK_HINT = (
    "write it as a block:\n  src: images/sunrise-recovery/front-door.jpg\n"
    "  alt: The green front door of the clinic"
)
IMAGE_NO_ALT = "{key} has no alt text"
IMAGE_NO_ALT_HINT = (
    "add alt: with what the picture shows, for people who cannot see it (like 'The green front "
    "door of the clinic'); if it only decorates, write decorative: true instead"
)
IMAGE_ALT_AND_DECORATIVE = "a decorative picture has no alt text, but this one has both"
IMAGE_ALT_AND_DECORATIVE_HINT = (
    "keep alt: if the picture tells something the words beside it do not; otherwise remove alt:"
)
IMAGE_LOGO_SHAPE = "{key} is the path to the logo file, on one line"
IMAGE_LOGO_HINT = (
    "write it like logo: images/sunrise-recovery/logo.png (the logo sits beside the center's "
    "name, so it needs no alt text)"
)
STAFF_LANGUAGE = "{name} speaks {value}, but the center's languages: do not list it"
STAFF_LANGUAGE_HINT = (
    "add {value} to the center's languages: (the languages staff speak with patients), or take "
    "it off this person's list"
)
STAFF_BIO_LONG = "this bio is {count} characters long; the team page shows short ones"
STAFF_BIO_LONG_HINT = "keep it to two or three plain sentences (at most 400 characters)"
