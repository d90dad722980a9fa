"""Words for the checks: what a page says (reading level, claims, typed numbers) and what a built
page does (numbers, third parties, forms, headings, contrast)."""

from __future__ import annotations

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
INDENTED_CODE = (
    "this line starts with a tab or four spaces, so the page shows it in a box as code, "
    "not as a sentence"
)
INDENTED_CODE_HINT = "remove the tab or spaces at the start of the line (indent only a list item's lines)"
PDF_LINK = "the link to '{target}' opens a PDF"
PDF_LINK_HINT = "PDFs are hard to read on phones and with screen readers: make it a page if you can"
FUTURE_DATE = "{key} is {date}, after today ({today}): the page would say so to readers"
FUTURE_DATE_HINT = "write the day it really happened as {key}: YYYY-MM-DD (a typo in the year?)"
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
WORDLESS_HEADING = "the heading '{text}' has no words: a screen reader reads out the symbols' names"
WORDLESS_HEADING_HINT = (
    "write a few words that say what this part is about (an emoji may follow them)"
)
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
