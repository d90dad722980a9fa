"""Every sentence an editor reads, in one place: plain English, second person, the fix first.

Kept together so they can be read, reviewed and later translated as a set."""

from __future__ import annotations

import re

import yaml

# --- YAML ----------------------------------------------------------------------------------------

YAML_UNREADABLE = "this file could not be read as YAML ({error})"
YAML_UNREADABLE_HINT = "check the file is plain text saved as UTF-8"


def yaml_syntax(exc: yaml.MarkedYAMLError, text: str, where: yaml.Mark | None) -> tuple[str, str]:
    problem = (exc.problem or exc.context or "").strip()
    line = ""
    if where is not None:
        lines = text.splitlines()
        if where.line < len(lines):
            line = lines[where.line]
    if "\\t" in problem or "'\\t'" in problem or "\t" in line[: (where.column + 1) if where else 0]:
        return (
            "this line is indented with a tab",
            "YAML needs spaces for indenting: replace the tab with spaces",
        )
    if "mapping values are not allowed" in problem:
        return (
            "a colon in this line confuses YAML",
            "check that this line is indented like the keys around it, and wrap a value that "
            "itself contains ': ' in quotes, like title: \"Care: what to expect\"",
        )
    if "could not find expected ':'" in problem or "simple key" in problem:
        return (
            "YAML expected 'key: value' on this line",
            "add a colon and a space after the key, or join a value that ran onto this line",
        )
    if "end of stream" in problem and ("quoted" in (exc.context or "") or '"' in line):
        return (
            "a quote was opened and never closed",
            "add the closing quote mark at the end of the value",
        )
    if "expected <block end>" in problem or "expected <block" in problem or "indent" in problem:
        return (
            "the indentation here does not line up",
            "indent this line with the same number of spaces as the other keys at its level",
        )
    if "found undefined alias" in problem or "alias" in problem:
        return (
            "a value starts with '*', which YAML reads as a reference",
            'wrap the value in quotes, like "*Open late"',
        )
    if re.search(r"found character '[@`%]'", problem):
        return (
            "a value starts with a character YAML reserves",
            "wrap the whole value in quotes",
        )
    return (f"YAML could not read this line: {problem or exc}", "check the spacing and quotes here")


def duplicate_key(key: str, first_line: int) -> tuple[str, str]:
    return (
        f"'{key}' is written twice in the same block (first on line {first_line})",
        "keep one of them; YAML would silently use only the last",
    )


# --- schema --------------------------------------------------------------------------------------


def unknown_key(key: str, where: str, suggestion: str, allowed: list[str]) -> tuple[str, str]:
    hint = suggestion or f"the keys {where} can have are: {', '.join(sorted(allowed))}"
    return (f"'{key}' is not a key {where} understands", hint)


def missing_key(key: str, where: str, example: str) -> tuple[str, str]:
    return (f"{where} is missing '{key}'", f"add it, like {example}" if example else "add it")


def wrong_shape(key: str, expected: str, example: str) -> tuple[str, str]:
    return (f"'{key}' should be {expected}", f"write it like {example}" if example else "")


EMPTY = "'{key}' is empty"
EMPTY_HINT = "write a value after the colon, or remove the line"

BAD_BOOL = "'{key}' should be true or false, not '{value}'"
BAD_BOOL_HINT = "write {key}: true or {key}: false"

BAD_INT = "'{key}' should be a whole number, not '{value}'"
BAD_INT_RANGE = "'{key}' should be between {low} and {high}, not {value}"

BAD_DATE = "'{key}' should be a date, not '{value}'"
BAD_DATE_HINT = "write dates as year-month-day, like 2027-06-30"

BAD_URL = "'{value}' is not a full web address"
BAD_URL_HINT = "write the whole address, starting with https://, like https://example.org/privacy"
INSECURE_URL = "'{value}' starts with http:// — visitors' browsers will warn that it is not secure"
INSECURE_URL_HINT = "use the https:// address"

BAD_CHOICE = "'{value}' is not one of the values '{key}' can take"

BAD_SLUG = "slug '{value}' can only use lowercase letters, digits and dashes"
BAD_SLUG_HINT = "write it like sunrise-recovery (it becomes part of the web address)"

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

UNKNOWN_SERVICE = "'{value}' is not a service in the catalog"
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
EMPTY_RANGE = "hours '{value}' open and close at the same time"
EMPTY_RANGE_HINT = "for a day that is open all day write '24 hours'; for a day off write closed"

# --- content -------------------------------------------------------------------------------------

NO_FRONT_MATTER_END = "the front matter starting on line 1 is never closed"
NO_FRONT_MATTER_END_HINT = "add a line with just --- after the last front matter line"
FRONT_MATTER_NOT_MAPPING = "the front matter should be 'key: value' lines"
FRONT_MATTER_NOT_MAPPING_HINT = "write it like title: Group therapy"
NOT_UTF8 = "this file is not saved as UTF-8 text"
NOT_UTF8_HINT = "save it again as UTF-8 in your editor"
DUPLICATE_URL = "two pages would be published at '{url}' (the other is {other})"
DUPLICATE_URL_HINT = "rename or move one of the files"
OVERRIDE_UNKNOWN_CENTER = "content/centers/{value}/ is for a center that is not in centers.yaml"
OVERRIDE_UNKNOWN_CENTER_HINT = "rename the folder to the center's slug"
SERVICE_ID = "'{value}' cannot be a service id: use lowercase letters, digits and dashes"
SERVICE_ID_HINT = "rename the file, like content/services/family-therapy.md"
BAD_LAYOUT = "there is no layout '{value}' in the theme"
REQUIRES_UNKNOWN = "'requires: {value}' names a service that is not in the catalog"
NO_INDEX = "content/index.md is missing: every site needs a home page"
NO_INDEX_HINT = "create content/index.md with a title and a welcome paragraph"

JINJA_SYNTAX = "this page's {{{{ }}}} or {{% %}} code could not be read: {error}"
JINJA_SYNTAX_HINT = "check that every {% if %} has an {% endif %} and every {{ has a }}"
JINJA_UNCLOSED = "this {{% {tag} %}} is never closed"
JINJA_UNCLOSED_HINT = "add {{% end{tag} %}} where the part that depends on it ends"
JINJA_UNDEFINED = "'{name}' is not something a page can use here"
JINJA_UNDEFINED_HINT = (
    "see docs/content-guide.md for the center facts you can use, like {{ center.name }}"
)
JINJA_ERROR = "this page's code failed for {center}: {error}"
JINJA_ERROR_HINT = "check the {{ }} and {% %} parts of this line"

# --- the content sandbox (sandbox.py): what a page's {{ }} and {% %} may not do ---------------
SANDBOX_REACH = "this expression reaches into the program, which pages may not do"
SANDBOX_REACH_HINT = (
    "pages can use center facts like {{ center.phone }} or {% if center.offers(\"iop\") %};"
    " remove the part with _ or the call"
)
SANDBOX_TAG = "pages cannot use {what}"
SANDBOX_TAG_HINT = (
    "a page may use {{ … }}, {% if %}, {% for %}, {% set %} and {% general %}; pieces shared"
    " by many pages belong in the theme's templates"
)
SANDBOX_CALL = "pages can only call the center's own questions, like center.offers(\"iop\")"
SANDBOX_CALL_HINT = (
    "use center facts like {{ center.phone }}, {% if center.offers(\"iop\") %} or"
    " {% if center.serves(\"teens\") %}; other functions are not available in pages"
)
SANDBOX_FILTER = "the filter '{name}' is not available in pages"
SANDBOX_FILTER_HINT = "use one of: join, lower, upper, title, capitalize, default, length, first, last, sort"
SANDBOX_LOOPS = "loops in a page can nest at most two deep and cannot call themselves"
SANDBOX_LOOPS_HINT = "list the facts with one {% for %} loop, or move the layout into the theme"
SANDBOX_TOO_LONG = "this page's {{ }} and {% %} code is too long to build safely"
SANDBOX_TOO_LONG_HINT = "split the page into shorter pages"
SANDBOX_LIST = "lists in a page can hold only plain values, like [\"a\", \"b\"]"
SANDBOX_LIST_HINT = "write the values out, or use a list the center has, like center.services"
SANDBOX_LIMIT = "this code makes the page too long to build safely"
SANDBOX_LIMIT_HINT = "write the text out instead of repeating it with * or **"
SYMLINK_OUTSIDE = "'{path}' is a link to a file outside the project, which the build will not publish"
SYMLINK_OUTSIDE_HINT = "copy the file into content/ instead of linking to it"
SYMLINK_FOLDER = "'{path}' is a link to a folder; the build does not look inside linked folders"
SYMLINK_FOLDER_HINT = "move the folder into content/ instead of linking to it"
CLAIM_UNSUPPORTED = "this page says '{term}', but the center's facts do not include {what}"
CLAIM_UNSUPPORTED_HINT = (
    "show it only to centers it is true for: wrap it in {fix}; or, if the center does offer it,"
    " add it to the center in centers.yaml; or, if the passage explains care in general, put it"
    " inside {{% general %}} … {{% endgeneral %}}"
)
CLAIM_IN_FRONT_MATTER_HINT = (
    "give each kind of center its own words, like \"{fix}\" (in quotes); or, if the"
    " center does offer it, add it to the center in centers.yaml"
)
HTML_TAG = "pages cannot hold <{tag}> (it could run code or load another site)"
HTML_TAG_HINT = (
    "remove it; write the text in Markdown, and ask a developer to add anything interactive to"
    " the theme"
)
HTML_ATTRIBUTE = "pages cannot give <{tag}> the attribute '{attr}'"
HTML_ATTRIBUTE_HINT = "remove the attribute; pages may use id, class, title, lang and the usual link and image attributes"
HTML_URL = "the link '{url}' is not a web, email, phone or text link"
HTML_URL_HINT = "link to a page like [your first visit](first-visit.md), or to https://…, mailto:, tel: or sms:"
EMPTY_ALT = "this image has no alt text"
EMPTY_ALT_HINT = (
    "say what it shows: ![The green front door of the clinic](images/door.jpg); if it is only"
    " decoration, mark it: ![](images/line.png){: .decorative}"
)
LIST_ITEM_INDENTED = "this list item is indented more than the item above it, so it was read as part of that item"
LIST_ITEM_INDENTED_HINT = "line up its '-' with the '-' of the item above it"
SERVICE_NEEDS = "this service page has no '{key}', so its card on the home page would be empty"
SERVICE_NEEDS_HINT = (
    "add {key}: to the front matter (summary: one plain sentence; category: therapy, program,"
    " medical, support or specialized)"
)
UNCLOSED_LINK = "this link is never closed: '{text}' has no ')' at its end"
UNCLOSED_LINK_HINT = "end the link with ')', like [your first visit](first-visit.md)"
SLUG_NOT_TRANSLATED = "slug: is only for pages in another language (content/es/…)"
SLUG_NOT_TRANSLATED_HINT = "rename the file instead: its name is the page's address"
UNTRANSLATED = "this page has no {language} version, so the {language} site does not have it"
UNTRANSLATED_HINT = (
    "add {path} when it is translated; until then, links to it from translated pages go to"
    " this page"
)
READING_EASE = "this page reads harder than it should: {formula} reading ease {score:.0f}, below {limit}"
MISSING_STRING_IN = "the theme text '{key}' is missing from {file}"
MISSING_STRING_IN_HINT = "add {key}: with its translation of the text in strings/{default}.yaml"
SERVICES_INDEX = "content/services/ holds one file per service; the list of services is made for you"
SERVICES_INDEX_HINT = (
    "move this page's text to content/index.md (the home page lists the services) or to a page of"
    " its own outside services/, and delete content/services/index.md"
)
PAGE_FILE_NAME = "the file name '{value}' cannot be part of a web address"
PAGE_FILE_NAME_HINT = "rename it with lowercase letters, digits and dashes only, like {suggestion}.md"
FAQ_TWICE = "this question is already asked on line {line}"
FAQ_TWICE_HINT = "keep one of the two, or make the questions different"
TITLE_LONG = "this title is {n} characters long; search results and browser tabs cut it off after about {limit}"
TITLE_LONG_HINT = "say it in fewer words; put the rest in description:"
EMPTY_BODY = "this page has no text below its front matter"
EMPTY_BODY_HINT = "write the page's text under the second ---, or delete the page if it is not ready"
ALT_SAYS_NOTHING = "this image's alt text does not say what it shows"
NO_ENGLISH_TWIN = "this page has no English page at {path}, so it is not published"
NO_ENGLISH_TWIN_HINT = (
    "a translated page is published beside its English page: name it like that page, or add"
    " {path} too"
)
BAD_JOBS = "'{value}' is not a number of worker processes"
BAD_JOBS_HINT = "write a whole number like --jobs 2, or --jobs 0 for one per core"
WHEN_NOT_A_FACT = "'{name}' is not a fact of the center here"
WHEN_NOT_A_FACT_HINT = "facts start with center., like when: center.{name}"
JINJA_ERROR_FRONT = "this page's front matter code failed: {error}"
FRONT_MATTER_PLAIN_JINJA = "'{key}' is plain text: {{{{ }}}} and {{% %}} are not read here"
FRONT_MATTER_PLAIN_JINJA_HINT = (
    "write the text without {{ }} or {% %}; only title, description, nav, summary and FAQ"
    " questions can use center facts"
)

BROKEN_LINK = "the link to '{target}' goes to a page that does not exist"
BROKEN_LINK_HINT = "check the file name; links to pages look like [text](first-visit.md)"
LINK_NOT_OFFERED = "the link to '{target}' goes to a service page this center does not have"
LINK_NOT_OFFERED_HINT = (
    'wrap the link in {{% if center.offers("{service}") %}} … {{% endif %}} so it only shows '
    "for centers that offer it"
)
BROKEN_ANCHOR = "the link to '#{anchor}' points at a heading that is not on that page"
BROKEN_ANCHOR_HINT = "check the heading text; anchors are the heading in lowercase with dashes"

# --- themes --------------------------------------------------------------------------------------

THEME_ERROR = "the theme's template failed: {error}"
THEME_ERROR_HINT = "this is a problem in the theme, not in your content: tell whoever maintains it"
THEME_LOOP = "theme '{value}' extends itself through its parents"
MISSING_STRING = "the theme has no text for '{key}'"
MISSING_STRING_HINT = "add '{key}' to the theme's strings/en.yaml"

# --- output --------------------------------------------------------------------------------------

ESCAPES_OUTPUT = "the path '{value}' would be written outside the site's folder"
ESCAPES_OUTPUT_HINT = "use only letters, digits and dashes in slugs and page names"

UNKNOWN_CENTER_ARG = "there is no center with the slug '{value}'"
UNKNOWN_CENTER_ARG_HINT = "the centers are: {choices}"

# --- content checks ------------------------------------------------------------------------------

READING_GRADE = "this page reads at grade {grade:.1f}, above the limit of {limit}"
READING_GRADE_HINT = (
    "use shorter sentences and everyday words; the hardest sentences are {sentences}"
)
LONG_SENTENCE = "a sentence of {words} words (more than {limit})"
LONG_SENTENCE_HINT = "split it into two or three shorter ones: \u201c{start}\u201d"
ACRONYM = "'{acronym}' is used before it is spelled out"
ACRONYM_HINT = "write it out the first time, like \u201c{meaning} ({acronym})\u201d"
CLAIM = "'{phrase}' is a claim a clinic must not make"
CLAIM_HINT = (
    "treatment cannot promise results, and claims like this break advertising rules: describe "
    "what the care involves instead"
)
CLAIM_SOFT = "'{phrase}' is a claim that needs care"
CLAIM_SOFT_HINT = "say what is true and checkable instead, like how long a program lasts"
SUCCESS_RATE = "a success rate is given without a source"
SUCCESS_RATE_HINT = "link the study or report in the same sentence, or leave the number out"
SAFE_MESSAGING = "'{phrase}' goes against safe messaging about suicide and overdose"
SAFE_MESSAGING_HINT = (
    "leave out methods and dramatic words; say \u201cdied by suicide\u201d and point to help"
)
JARGON = "'{phrase}' is jargon"
JARGON_HINT = "write \u201c{plain}\u201d instead"
PRESS_3 = "988 no longer has a 'press 3' option (it ended in July 2025)"
PRESS_3_HINT = "remove the 'press 3' instruction; call or text 988 still works for everyone"
OLD_LIFELINE = "the old Lifeline number is shown instead of 988"
OLD_LIFELINE_HINT = (
    "write {{ numbers.lifeline }} (988): it is shorter and works for calls and texts"
)
TYPED_PHONE = "the phone number '{value}' is typed into a shared page"
TYPED_PHONE_HINT = (
    "every center would show this number: write {{ center.phone }} for the center's own number, "
    "or a help line from docs/content-guide.md like {{ numbers.samhsa_helpline }}"
)
TYPED_SHORT = "'{value}' is typed into a shared page"
TYPED_SHORT_HINT = "write {{{{ {var} }}}} so the number comes from the vetted table"
TYPED_NAME = "the center name '{value}' is typed into a shared page"
TYPED_NAME_HINT = (
    "every center would show this name: write {{ center.name }}, or add the phrase to "
    "settings: allowed_names if it is an ordinary phrase"
)
PDF_LINK = "the link to '{target}' opens a PDF"
PDF_LINK_HINT = "PDFs are hard to read on phones and with screen readers: make it a page if you can"
STALE_REVIEW = "this page was last reviewed on {date}, {months} months ago"
STALE_REVIEW_HINT = "ask a clinician to review it, then update last_reviewed and reviewed_by"

# --- output checks -------------------------------------------------------------------------------

FOREIGN_NUMBER = "the number '{value}' on this page is not one of this center's numbers"
FOREIGN_NUMBER_HINT = (
    "use {{ center.phone }} or a help line from docs/content-guide.md; numbers of other centers "
    "or unknown numbers send callers to the wrong place"
)
OLD_LIFELINE_OUT = "the old Lifeline number 1-800-273-8255 is shown"
THIRD_PARTY = "this page loads '{url}' from another site"
THIRD_PARTY_HINT = (
    "a clinic's pages load nothing from other companies (it would tell them who reads about "
    "treatment): host the file with the theme, or add its origin to allowed_origins"
)
TRACKER = "this page contains tracking code ({what})"
TRACKER_HINT = "remove it: trackers on health pages share visitors' health interests with companies"
FORM = "this page has a form, and this center has no HIPAA-covered form endpoint"
FORM_HINT = (
    "link to the phone number instead, or set form_endpoint: url: https://… and "
    "hipaa_covered: true for a service under a business associate agreement"
)
FORM_TARGET = "this form sends to '{action}', not to the center's HIPAA-covered endpoint"
FORM_TARGET_HINT = 'point the form at form_endpoint.url and use method="post"'
NO_ALT = "an image has no alt text"
NO_ALT_HINT = 'describe it: ![Front door of the clinic](door.jpg), or alt="" if it is decoration'
H1_COUNT = "this page has {count} main headings (h1); it needs exactly one"
H1_COUNT_HINT = "the title is the page's h1: start headings in the page at ## (h2)"
SKIPPED_HEADING = "the heading '{text}' skips from level {a} to level {b}"
SKIPPED_HEADING_HINT = "use one more # than the heading above it, not more"
EMPTY_TITLE = "this page has an empty title"
DUPLICATE_TITLE = "the title '{title}' is used by more than one page ({other})"
DUPLICATE_TITLE_HINT = "give each page its own title so search results and tabs tell them apart"
VAGUE_LINK = "the link text '{text}' does not say where it goes"
VAGUE_LINK_HINT = "name the place, like [read about your first visit](first-visit.md)"
NO_LANG = "this page has no language set (<html lang>)"
LOW_CONTRAST = "{what}: {fg} on {bg} has contrast {ratio:.2f}:1, below {need}:1"
LOW_CONTRAST_HINT = "darken the text or lighten the background in the theme's CSS custom properties"

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
UNKNOWN_OFFERS = 'center.offers("{value}") names a service that is not in the catalog'
NO_FRONT_MATTER = "this page has no front matter"
NO_FRONT_MATTER_HINT = "start the file with three lines: ---, then title: Your page title, then ---"
CENTERS_NOT_LIST = "'centers' should be a list of centers"
CENTERS_NOT_LIST_HINT = "start each center with '- name:' under 'centers:'"
MISSING_FILE = "the file '{target}' is not in content/"
MISSING_FILE_HINT = "put the file in content/ (for example content/images/) and link it from there, like ![The front door](images/door.jpg)"

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

# --- bounds on input, and values that could break out of a file (limits, escaping) ------------

YAML_TOO_BIG = "this file is {size:,} characters long, more than site-builder reads ({limit:,})"
YAML_TOO_BIG_HINT = (
    "remove what does not belong in it: a centers.yaml for 800 centers is about 350,000 characters"
)
YAML_TOO_DEEP = "values here are nested more than {limit} levels deep"
YAML_TOO_DEEP_HINT = (
    "close each [ and {{ you open and check the indentation: a center's facts are never more "
    "than a few levels deep"
)
YAML_ALIAS_LOOP = "this value contains itself through a YAML alias (*name), so it never ends"
YAML_ALIAS_LOOP_HINT = (
    "remove the *name that points back to the value marked &name, or write the values out in full"
)
YAML_ALIAS_BOMB = "the YAML aliases (*name) here would repeat values more than {limit:,} times"
YAML_ALIAS_BOMB_HINT = "write the values out instead of repeating them with &name and *name"


def yaml_too_big(size: int, limit: int) -> tuple[str, str]:
    return YAML_TOO_BIG.format(size=size, limit=limit), YAML_TOO_BIG_HINT


def yaml_too_deep(limit: int) -> tuple[str, str]:
    return YAML_TOO_DEEP.format(limit=limit), YAML_TOO_DEEP_HINT.format()


def yaml_alias_loop() -> tuple[str, str]:
    return YAML_ALIAS_LOOP, YAML_ALIAS_LOOP_HINT


def yaml_alias_bomb(limit: int) -> tuple[str, str]:
    return YAML_ALIAS_BOMB.format(limit=limit), YAML_ALIAS_BOMB_HINT


URL_CHARACTER = "this web address has {what} in it"
URL_CHARACTER_HINT = (
    "write the address as one piece with no spaces, line breaks, quotes or < >, like "
    "https://example.org/privacy (a space inside an address is written %20)"
)
_URL_CHARACTERS = {
    "\n": "a line break",
    "\r": "a line break",
    "\t": "a tab",
    " ": "a space",
    '"': "a quote mark",
    "'": "a quote mark",
    "`": "a quote mark",
    "<": "a '<'",
    ">": "a '>'",
    "\\": "a backslash",
}


def bad_url_character(char: str) -> tuple[str, str]:
    what = _URL_CHARACTERS.get(char) or (
        "a space" if char.isspace() else "an invisible control character"
    )
    return URL_CHARACTER.format(what=what), URL_CHARACTER_HINT


NOT_UTF8_AT = "this line has a character that is not UTF-8 text (the byte 0x{byte:02X})"
NOT_UTF8_AT_HINT = (
    "save the file as UTF-8 in your editor (Save As, then choose the encoding UTF-8), then check "
    "that characters like é and ’ on this line still look right"
)
PAGE_TOO_BIG = "this page is {size:,} characters long, more than the {limit:,} a page can have"
PAGE_TOO_BIG_HINT = (
    "split it into several pages and link them: a page this long is hard to read on a phone anyway"
)
MARKDOWN_RUN = "this line has a run of {count:,} Markdown characters like * _ [ ] ( ) \\"
MARKDOWN_RUN_HINT = (
    "remove the run; to show one of these characters as it is, put a backslash before it, like \\*"
)
MARKDOWN_BRACKETS = (
    "this paragraph has {count:,} [ and < characters, more than Markdown can read in time"
)
MARKDOWN_BRACKETS_HINT = (
    "remove the stray [ and < characters, or split the text into shorter paragraphs with a blank "
    "line between them"
)
MARKDOWN_MARKS = (
    "this text has {count:,} of the characters * _ \\ < and &, more than Markdown can read in time"
)
MARKDOWN_MARKS_HINT = (
    "remove the stray characters: bold and italic text need only a few * or _ around words, and "
    "a page only a little HTML"
)
MARKDOWN_FENCES = (
    "this page has {count:,} lines starting with ``` or ~~~, more than Markdown can read in time"
)
MARKDOWN_FENCES_HINT = (
    "remove the stray ``` and ~~~ lines: a code block needs one line to open it and one to close it"
)
MARKDOWN_BLOCKS = (
    "this page has more than {limit:,} paragraphs, more than Markdown can read in time"
)
MARKDOWN_BLOCK_LINES = (
    "this part of the page has {lines:,} lines with no blank line between them, more than "
    "the {limit:,} Markdown can read in time"
)
MARKDOWN_BLOCK_LINES_HINT = (
    "put a blank line between paragraphs, headings and lists: Markdown reads each part on its own"
)
MARKDOWN_NESTING = (
    "this line nests lists or quotes {depth} levels deep, more than the {limit} allowed"
)
MARKDOWN_NESTING_HINT = (
    "remove the extra > marks or spaces at the start of the line: each level of a list needs "
    "only 4 spaces"
)

# --- the command line, the output folder and the preview server (cli.py, write.py, serve.py) ---
# Shown as "site-builder: <message>: <hint>", exit 2 for the command line, 1 for the disk.

BAD_PORT = "'{value}' is not a port you can use"
BAD_PORT_HINT = "give a number from 1024 to 65535, like --port 8000, or --port 0 to pick a free one"
PORT_IN_USE = "port {port} is already in use, perhaps by another preview that is still running"
PORT_IN_USE_HINT = (
    "stop the other preview (Ctrl+C in its window), or use another port: --port 8001, or "
    "--port 0 to pick a free one"
)
PORT_DENIED = "you are not allowed to use port {port} on this computer"
PORT_DENIED_HINT = "ports below 1024 need administrator rights: use --port 8000"
BAD_HOST = "this computer has no address '{host}' to show the preview on"
BAD_HOST_HINT = "leave --host out to show the preview on this computer only (127.0.0.1)"
SERVE_REQUEST_FAILED = "the preview could not answer one request ({error})"

NO_PROJECT = "there is no centers.yaml in {folder} or in any folder above it"
NO_PROJECT_HINT = (
    "go to your project's folder (the one that holds centers.yaml) and run the command there, "
    "or name that folder with --project DIR"
)
USING_PROJECT = "using the project in {root} (the nearest folder above with centers.yaml)"
PROJECT_MISSING = "the project folder {path} does not exist"
PROJECT_MISSING_HINT = (
    "check the spelling after --project: it names the folder that holds centers.yaml"
)
PROJECT_NOT_FOLDER = "--project {path} is a file, not a folder"
PROJECT_NOT_FOLDER_HINT = "name the folder that holds centers.yaml, like --project ~/clinic-sites"
PROJECT_UNREADABLE = "you do not have permission to read {path}"
PROJECT_UNREADABLE_HINT = (
    "ask whoever manages this computer to give you read access, or work on your own copy "
    "of the project"
)
PROJECT_NO_CENTERS = "there is no centers.yaml in {path}"
PROJECT_ABOVE_HINT = "the project is the folder above, so use --project {root}"
PROJECT_NO_CENTERS_HINT = (
    "name the folder that holds centers.yaml; to start a project, write one (README.md, "
    "'Add a center') or make one with site-builder import"
)

OUTPUT_IS_FILE = "{path} is a file, so the sites cannot be written into a folder there"
OUTPUT_IS_FILE_HINT = (
    "name a folder with --output DIR (it is made if it does not exist), or move the file away"
)
OUTPUT_NOT_WRITABLE = "you do not have permission to write to {path}"
OUTPUT_NOT_WRITABLE_HINT = (
    "name a folder you can write to with --output DIR, or leave --output out to use the "
    "project's output/ folder"
)
OUTPUT_IN_SOURCES = (
    "--output {path} is inside the project's {part}/ folder: the next build would publish the "
    "sites as part of every site"
)
OUTPUT_IN_SOURCES_HINT = (
    "leave --output out to use the project's output/ folder, or name a folder outside {part}/"
)
OUTPUT_HOLDS_PROJECT = (
    "--output {path} holds the project itself: the sites would be written among its files"
)
OUTPUT_HOLDS_PROJECT_HINT = (
    "leave --output out to use the project's output/ folder, or name an empty folder"
)
OUTPUT_BLOCKED = "{path} is a file, but the site of '{slug}' needs a folder there"
OUTPUT_BLOCKED_HINT = "move or delete the file {path}, then build again"

DISK_FULL = "the disk is full: site-builder could not write {path}"
DISK_FULL_HINT = (
    "free some space on the disk (or build onto another disk with --output DIR), then build "
    "again; every site in the output folder is still complete"
)
CANNOT_READ_WRITE = "site-builder could not read or write {path} ({reason})"
CANNOT_READ_WRITE_HINT = (
    "check that the folder exists and that you may write to it, then run the command again"
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

# --- search (search.py) and the network directory (directory.py) ------------------------------
SEARCH_MISSING = "site search could not be built: Pagefind is not installed"
SEARCH_MISSING_HINT = (
    "install site-builder again with  python -m pip install -e .  (it brings Pagefind), or "
    "switch search off with  search: false  under settings: in centers.yaml"
)
SEARCH_FAILED = "site search could not be built for this site: Pagefind stopped ({reason})"
SEARCH_FAILED_HINT = (
    "build again; if it keeps happening, switch search off with  search: false  under "
    "settings: in centers.yaml and send this message to the developers"
)
DIRECTORY_SLUG_TAKEN = "slug '{value}' is the network directory's folder (settings: directory:)"
DIRECTORY_SLUG_TAKEN_HINT = (
    "give this center another slug, or give the directory another slug under settings: "
    "directory:"
)
DIRECTORY_NO_CENTERS = "the network directory lists no center: every center is a draft"
DIRECTORY_NO_CENTERS_HINT = "publish a center (remove draft: true), or remove settings: directory:"
DIRECTORY_NO_PLACE = "the directory cannot place '{value}' on the map: its ZIP code is unknown"
DIRECTORY_NO_PLACE_HINT = (
    "check the location's zip:, or add geo: with its latitude and longitude; until then the "
    "directory lists the center by state but not by distance"
)
