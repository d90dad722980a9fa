"""Words for content/: front matter, a page's {{ }} and {% %} code and its sandbox, raw HTML, the
Markdown limits, and the theme's templates and strings."""

from __future__ import annotations

# --- content -------------------------------------------------------------------------------------

NO_FRONT_MATTER_END = "the front matter starting on line 1 is never closed"
NO_FRONT_MATTER_END_HINT = "add a line with just --- after the last front matter line"
FRONT_MATTER_NOT_MAPPING = "the front matter should be 'key: value' lines"
FRONT_MATTER_NOT_MAPPING_HINT = "write it like title: Group therapy"
DUPLICATE_URL = "two pages would be published at '{url}' (the other is {other})"
DUPLICATE_URL_HINT = "rename or move one of the files"
DUPLICATE_PAGE_SLUG_HINT = "give each page its own slug: (the slug: line sets the page's address)"
OVERRIDE_UNKNOWN_CENTER = "{folder}{value}/ is for a center that is not in centers.yaml"
OVERRIDE_UNKNOWN_CENTER_HINT = (
    "rename the folder to the center's slug; or, if that center is gone, move the folder out of"
    " content/"
)
OWN_PAGE_NEAR_SHARED = (
    "this is a new page of {slug}'s own, beside the shared content/{shared}.md it is named like"
)
OWN_PAGE_NEAR_SHARED_HINT = (
    "to show {slug} its own version of that page instead, name this file {shared}.md; if it is"
    " meant as a page of its own, give it a name less like the shared one"
)
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
JINJA_ELSE_IF = "{% else if %} is written {% elif %} in a page's code"  # (not a template)
JINJA_ELSE_IF_HINT = "write {fixed} (elif, one word)"
JINJA_WRONG_END = "this {{% {tag} %}} closes a {{% {opener} %}}, but the block still open here is a {{% {open} %}}"
JINJA_WRONG_END_HINT = (
    "write {{% end{open} %}} to close the {{% {open} %}} (each {{% {open} %}} ends with its own "
    "{{% end{open} %}}; a {{% {tag} %}} belongs only after a {{% {opener} %}})"
)
JINJA_STRAY_END = "this {{% {tag} %}} has no {{% {opener} %}} above it to close"
JINJA_STRAY_END_HINT = (
    "remove this {{% {tag} %}}, or add the {{% {opener} … %}} it belongs to where that part starts"
)
JINJA_CURLY_QUOTES = "this code has curly quotes (“ ” or ‘ ’), which code cannot read"
JINJA_CURLY_QUOTES_HINT = (
    "write it with straight quotes: {fixed} (a word processor curls them as you type; paste "
    "code as plain text)"
)
JINJA_BARE_NAME = (
    "'{name}' needs quotes: {call}({name}) reads {name} as a value the page never set, not as a name"
)
JINJA_BARE_NAME_HINT = 'write {call}("{name}")'
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
CLAIM_NO_FACT_HINT = (
    "no fact in centers.yaml can say a center offers this: for the centers that do, add a page"
    " for it, content/services/{service}.md, list {service} under their services:, and wrap the"
    " sentence in {fix}; or, if the passage explains care in general, put it inside"
    " {{% general %}} … {{% endgeneral %}}"
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

FILE_NAME_NOT_UTF8 = "this file's name is not UTF-8 text, so it cannot be part of a web address"
FILE_NAME_NOT_UTF8_HINT = "rename it with plain letters, digits and dashes, like cafe.md"
FILE_UNREADABLE = "site-builder cannot open this file"
FILE_UNREADABLE_HINT = (
    "if it is a link, point it at a file that exists; else give it back read permission (on"
    " Linux or macOS: chmod a+r FILE), or move it out of content/"
)
FOLDER_UNREADABLE = "site-builder cannot open this folder, so none of its pages are read"
FOLDER_UNREADABLE_HINT = "give it back permission to be read (on Linux or macOS: chmod a+rx FOLDER)"
NOT_A_PAGE_NAME = "'{name}' is not read as a page: only files whose names end in .md are"
NOT_A_PAGE_NAME_HINT = "rename it to {name}"
THEME_ERROR = "the theme's template failed: {error}"
THEME_SYNTAX = "this theme template cannot be read: {error}"
THEME_ERROR_HINT = "this is a problem in the theme, not in your content: tell whoever maintains it"
THEME_LOOP = "theme '{value}' extends itself through its parents"
STRING_VALUES = "the theme text '{key}' asks for {name}, which the theme does not give it"
STRING_VALUES_HINT = "use only {given}, spelled exactly as here, each in one pair of braces"
STRING_WRITTEN = "the theme text '{key}' {what}"
STRING_EMPTY = "is empty, so the page would show nothing there"
STRING_EMPTY_HINT = "write the text back (strings/en.yaml has every text in English)"
STRING_BRACES = "has {{ }} or a lone brace: theme texts take values as {name} with one pair of braces"
STRING_BRACES_HINT = "write the value's name in one pair of braces, like {phone}; a brace of its own cannot be shown"
MISSING_STRING = "the theme has no text for '{key}'"
MISSING_STRING_HINT = "add '{key}' to the theme's strings/en.yaml"

UNKNOWN_OFFERS = 'center.offers("{value}") names a service that is not in the catalog'
UNKNOWN_SPEAKS = 'center.speaks("{value}") names a language no center lists, so it is never true'
UNKNOWN_SPEAKS_AS = 'centers list it as {name}: write center.speaks("{name}")'
UNKNOWN_SPEAKS_HINT = 'write the language as centers list it under languages:, like center.speaks("Spanish")'
NO_FRONT_MATTER = "this page has no front matter"
NO_FRONT_MATTER_HINT = "start the file with three lines: ---, then title: Your page title, then ---"

MISSING_FILE = "the file '{target}' is not in content/"
MISSING_FILE_HINT = "put the file in content/ (for example content/images/) and link it from there, like ![The front door](images/door.jpg)"

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
