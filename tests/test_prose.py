"""Running text is read from Markdown's tree, or from the HTML when the page holds raw HTML:
the two readings must agree."""

from site_builder.checks.prose import _parsed, running_text
from site_builder.markdown import Converter

TEXT = """# Getting started

Call us to set up a first visit. We will ask a few questions.

- Bring your ID card.
- Bring a list of your medicines and how much you take.

Where we are:

- Fresno
- Modesto

| Plan | Notes |
|---|---|
| Medi-Cal | We take it. |

> A quote with **bold** words and an e-mail: <help@example.org>.

Term
:   What the term means, in plain words.
"""


def test_tree_and_html_readings_agree() -> None:
    html, tree = Converter().convert_visiting(TEXT, lambda root, stashed: root)
    from_tree = list(running_text(tree))
    assert from_tree == list(running_text(_parsed(html)))
    assert from_tree == [
        "Call us to set up a first visit. We will ask a few questions.",
        "Bring your ID card.",
        "Bring a list of your medicines and how much you take.",
        "Where we are:",
        "A quote with bold words and an e-mail: help@example.org .",
        "What the term means, in plain words.",
    ]


def test_raw_html_is_read_from_the_written_page() -> None:
    text = "We are open on <b>weekdays</b> for walk-in visits."
    html, stashed = Converter().convert_visiting(text, lambda root, stashed: stashed)
    assert stashed
    assert list(running_text(_parsed(html))) == ["We are open on weekdays for walk-in visits."]
