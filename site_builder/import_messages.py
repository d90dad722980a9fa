"""Every sentence `site-builder import` prints, and the text it writes into centers.yaml, in one
place (as messages.py is for the build): plain English, read, reviewed and translated as a set."""

from __future__ import annotations

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
