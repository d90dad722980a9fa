"""The claims check: a page names a service, population, language, telehealth or substance-use
care only for the centers whose facts support it; general passages are left alone."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from helpers import edit, make_project, run_build

from site_builder import claims
from site_builder.claims import Vocabulary, source_line
from site_builder.markdown import CLOSE, OPEN
from site_builder.sandbox import GENERAL_CLOSE, GENERAL_OPEN

VOCAB = Vocabulary.of(
    [
        ("iop", "Intensive Outpatient Program (IOP)", "IOP", ()),
        ("php", "Partial Hospitalization Program (PHP)", "PHP", ("day treatment",)),
    ]
)


def _center(**kw: object) -> SimpleNamespace:
    facts = {
        "services": (),
        "ages": (),
        "languages": ("English",),
        "treats_substance_use": False,
        "telehealth": False,
    }
    facts.update(kw)
    c = SimpleNamespace(**facts)
    c.offers = lambda s: s in c.services
    c.speaks = lambda lang: lang in c.languages
    return c


def _terms(text: str, center: SimpleNamespace) -> list[str]:
    return [f.term for f in VOCAB.unsupported(text, center)]


def test_services_named_by_title_acronym_and_terms() -> None:
    text = "Our intensive outpatient program (IOP) and day treatment."
    assert _terms(text, _center()) == ["intensive outpatient program", "day treatment", "IOP"]
    assert _terms(text, _center(services=("iop", "php"))) == []


def test_acronyms_match_only_in_capitals_and_whole_words() -> None:
    assert _terms("a php script, an iopener, IOPs", _center()) == []


def test_facts_ages_and_languages() -> None:
    text = "Help with alcohol and cravings, for teens, by telehealth, in Spanish."
    found = _terms(text, _center())
    assert found == ["alcohol", "cravings", "teens", "telehealth", "Spanish"]
    everything = _center(
        treats_substance_use=True, ages=("teens",), telehealth=True, languages=("Spanish",)
    )
    assert _terms(text, everything) == []


def test_general_passages_link_targets_and_values_are_passed_over() -> None:
    text = (
        f"{GENERAL_OPEN}A partial hospitalization program (PHP) is a day program.{GENERAL_CLOSE}"
        f" See [this page](services/php.md). Call {OPEN}0{CLOSE}."
    )
    assert _terms(text, _center()) == []


def test_each_paragraph_is_read_once_across_a_pages_variants(monkeypatch) -> None:
    vocab = Vocabulary.of([("iop", "Intensive Outpatient Program (IOP)", "IOP", ())])
    read: list[str] = []
    scan = vocab._scan
    monkeypatch.setattr(vocab, "_scan", lambda text: read.append(text) or scan(text))
    shared, iop = "We see adults.", "Ask about our IOP."
    one = vocab.scan(f"{shared}\n\n{iop}")
    two = vocab.scan(f"Hello.\n\n{shared}\n\n{iop}")
    assert read == [shared, iop, "Hello."]  # the shared paragraphs are not read again
    assert [(f.term, f.start) for f in one] == [("IOP", len(shared) + 2 + 14)]
    assert [(f.term, f.start) for f in two] == [("IOP", 8 + len(shared) + 2 + 14)]
    text = f"{GENERAL_OPEN}An IOP is a program.\n\nIt meets often.{GENERAL_CLOSE}\n\n{iop}"
    assert [f.term for f in vocab.scan(text)] == ["IOP"]  # a general passage spans paragraphs


def test_source_line_finds_the_sentence() -> None:
    source = "{% if x %}\nIntro.\n{% endif %}\nWe run an IOP here.\nAlso an IOP there."
    rendered = "\nWe run an IOP here.\nAlso an IOP there."
    found = VOCAB.scan(rendered)
    assert [source_line(source, 10, rendered, f) for f in found] == [13, 14]


def _problems(root: Path) -> list:
    result = run_build(root)
    return [p for p in result.problems if "the center's facts do not include" in p.message]


def test_a_false_claim_is_an_error_at_its_line_for_that_center_only(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "Bring your insurance card.", "Ask about our IOP.")
    found = _problems(root)
    assert len(found) == 1
    p = found[0]
    assert (p.mark.file, p.mark.line, p.centers) == ("content/first-visit.md", 8, ("river",))
    assert 'center.offers("iop")' in p.hint and p.is_error


def test_conditioned_and_general_text_is_left_alone(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "Bring your insurance card.",
        '{% if center.offers("iop") %}Ask about our IOP.{% endif %}\n\n'
        "{% general %}An intensive outpatient program (IOP) meets a few days a week."
        "{% endgeneral %}",
    )
    assert _problems(root) == []
    (root / "content" / "programs-explained.md").write_text(
        "---\ntitle: Kinds of programs\ngeneral: true\n---\n"
        "A partial hospitalization program and an IOP differ in hours.\n",
        encoding="utf-8",
    )
    assert _problems(root) == []


def test_front_matter_claims_are_checked_per_center(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "title: Your first visit", "title: Your first IOP visit")
    found = _problems(root)
    assert [(p.mark.line, p.centers) for p in found] == [(2, ("river",))]
    assert "{% else %}" in found[0].hint
    edit(
        root,
        "content/first-visit.md",
        "title: Your first IOP visit",
        "title: '{% if center.offers(\"iop\") %}Your first IOP visit{% else %}Your first visit{% endif %}'",
    )
    assert _problems(root) == []


def test_substance_use_words_need_the_fact(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "Bring your insurance card.", "We help with alcohol use.")
    assert {p.centers for p in _problems(root)} == {("river", "valley")}
    edit(
        root,
        "centers.yaml",
        "    slug: valley\n",
        "    slug: valley\n    treats_substance_use: true\n    part2_notice_url: https://valley.example.org/part2/\n",
    )
    assert {p.centers for p in _problems(root)} == {("river",)}


def test_a_center_name_in_front_matter_is_not_a_claim(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "  - name: Test River Clinic", "  - name: River Adolescent Clinic")
    edit(
        root,
        "content/first-visit.md",
        "title: Your first visit",
        "title: 'Visit {{ center.name }}'",
    )
    assert _problems(root) == []


def _facts(**kw: object) -> SimpleNamespace:
    """A center with the facts the newer claims read: insurance, walk-in, hours, medicines."""
    c = _center(**kw)
    c.insurance = SimpleNamespace(medicare=kw.get("medicare", False), medicaid=False)
    c.crisis = SimpleNamespace(walk_in=kw.get("walk_in"))
    c.open_all_hours = kw.get("open_all_hours", False)
    c.prescribes = lambda m: m in kw.get("medicines", ())
    return c


def test_insurance_walk_in_hours_and_medicines_need_the_facts() -> None:
    text = (
        "We accept Medicare. Walk in any time. We are open 24/7. We offer methadone. "
        "We treat children of all ages. Our staff speak French."
    )
    found = _terms(text, _facts())
    assert found == [
        "accept Medicare",
        "Walk in any time",
        "open 24/7",
        "We offer methadone",
        "We treat children",
        "French",
    ]
    everything = _facts(
        medicare=True,
        walk_in="Mon–Fri 9am–5pm",
        open_all_hours=True,
        medicines=("methadone",),
        ages=("children",),
        languages=("French",),
    )
    assert _terms(text, everything) == []


def test_care_no_fact_can_support_is_a_claim_for_every_center() -> None:
    """Detox was a word of substance-use care: its hint then had the editor publish "we offer
    detox" for every center that treats substance use. No field says a center offers detox."""
    text = "We offer detox on site. Our residential program is next door."
    center = _facts(treats_substance_use=True, services=("iop",))
    found = VOCAB.unsupported(text, center)
    assert [(f.term, f.claim.kind, f.claim.key) for f in found] == [
        ("We offer detox", "nowhere", "detox"),
        ("Our residential", "nowhere", "residential"),
    ]
    message, hint = claims.message(found[0])
    assert "detox" in message and "content/services/detox.md" in hint
    assert 'center.offers("detox")' in hint and "treats_substance_use" not in hint
    assert _terms(text, _facts(services=("detox", "residential"))) == []  # once they are services


def test_a_negated_sentence_is_not_a_claim() -> None:
    text = "We do not accept Medicare. We don't offer methadone. We never offer detox on site."
    assert _terms(text, _facts(treats_substance_use=True)) == []
    spanish = Vocabulary.of([], "es")
    center = _facts(treats_substance_use=True)
    said = "No aceptamos Medicare. Nunca ofrecemos desintoxicación. Aceptamos Medicare."
    assert [f.term for f in spanish.unsupported(said, center)] == ["Aceptamos Medicare"]


def test_a_false_detox_claim_gets_a_hint_that_does_not_publish_it(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "Bring your insurance card.", "We offer detox on site.")
    found = _problems(root)
    assert found and all(p.is_error for p in found)
    assert {c for p in found for c in p.centers} == {"valley", "river"}  # whatever their facts
    assert all("content/services/detox.md" in p.hint for p in found)


def test_a_claim_wrapped_across_a_line_is_read() -> None:
    """'intensive outpatient\\nprogram' (a line wrapped in the Markdown) ended the build with a
    KeyError: the words were looked up as written, line break and all."""
    text = "Our intensive outpatient\nprogram and day\n  treatment."
    assert _terms(text, _center()) == ["intensive outpatient\nprogram", "day\n  treatment"]
