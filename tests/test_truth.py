"""Every sentence true for its center (issue 14): the sample sites, built, read as the people they
serve. Each test names the fact in centers.yaml that a page must follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import TODAY, edit, make_project, run_build, sample_project

from site_builder.model import load, today_from
from site_builder.numbers import NUMBERS
from site_builder.render import Renderer
from site_builder.sandbox import (
    BUDGET_KEY,
    GENERAL_CLOSE,
    GENERAL_OPEN,
    content_environment,
    new_budget,
)

SLUGS = ("sunrise-recovery", "harbor-light", "cedar-grove")
#: Words that say a site speaks of alcohol or drug care ("recovery" is also said of mental health).
SUBSTANCE_USE = re.compile(
    r"\b(addictions?|substance[ -]use|alcohol|drugs?|drinking|cravings?|relapses?|sober|sobriety|"
    r"detox|opioids?|overdos\w*|naloxone|methadone|buprenorphine|naltrexone|acamprosate)\b",
    re.I,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("truth"))
    result = run_build(root)
    assert not result.problems, "\n".join(p.render() for p in result.problems)
    return root


def page(root: Path, slug: str, path: str) -> BeautifulSoup:
    file = (
        root / "output" / slug / path / "index.html"
        if path
        else root / "output" / slug / "index.html"
    )
    return BeautifulSoup(file.read_text(), "html.parser")


def text(root: Path, slug: str, path: str) -> str:
    return " ".join(page(root, slug, path).find("main").get_text(" ").split())


def has_page(root: Path, slug: str, path: str) -> bool:
    return (root / "output" / slug / path / "index.html").is_file()


def _model(root: Path):  # type: ignore[no-untyped-def]
    return load(root, today_from(TODAY))


# --- the crisis strip and crisis page (item 6) -----------------------------------------------------


def test_the_crisis_strip_labels_the_centers_line_with_its_hours(built: Path) -> None:
    model = _model(built)
    for center in model.centers:
        for path in ("", "faq", "services/group-therapy", "locations/" + center.locations[0].id):
            strip = page(built, center.slug, path).select_one("aside.crisis")
            words = " ".join(strip.get_text(" ").split())
            assert center.line_hours_text and center.line_hours_text in words, (center.slug, words)
            assert "We are not an emergency service." in words
            assert "When we are closed, call or text 988." in words
            call = strip.select_one(".crisis-center")
            assert call is not None and call["href"] == center.phone.tel
            assert strip.find("a", string="What we offer in a crisis") is not None
    harbor = " ".join(
        page(built, "harbor-light", "").select_one("aside.crisis").get_text(" ").split()
    )
    assert "during office hours (Mon 9am–5pm, Tue–Thu 9am–noon and 1pm–8:30pm" in harbor
    assert "walk in" not in harbor  # Harbor Light has no walk-in hours
    cedar = " ".join(
        page(built, "cedar-grove", "").select_one("aside.crisis").get_text(" ").split()
    )
    assert "Talk with Cedar Grove Behavioral Health (staff answer Mon–Fri 8am–8pm, Sat 9am–1pm):" in cedar
    assert "You can walk in for urgent help Mon–Fri 8am–noon." in cedar


def test_the_crisis_page_says_what_this_center_offers_and_when(built: Path) -> None:
    sunrise = text(built, "sunrise-recovery", "crisis")
    assert "walk in" not in sunrise.lower() or "Mon–Fri 9am–5pm" in sunrise
    assert "urgent help Mon–Fri 9am–5pm" in sunrise
    assert "our Pasadena clinic at 1200 E Colorado Blvd, Suite 200, Pasadena, CA 91106" in sunrise
    assert "We offer same-day visits" not in sunrise or "same-day" in sunrise
    assert "an answering service takes your call" in sunrise
    harbor = text(built, "harbor-light", "crisis")
    assert "We do not have walk-in hours or same-day crisis visits." in harbor
    assert "you can leave a message" in harbor
    assert "We check messages the next morning we are open." in harbor
    cedar = text(built, "cedar-grove", "crisis")
    assert "your call goes to a clinician on call" in cedar
    for slug in SLUGS:
        words = text(built, slug, "crisis")
        assert "We are not an emergency service" in words
        assert "Lock up medicines" in words and "Store guns locked and unloaded" in words


def test_means_safety_is_linked_where_self_harm_is_discussed(built: Path) -> None:
    for slug, path in (
        ("harbor-light", "services/dbt"),
        ("harbor-light", "services/adolescents"),
        ("harbor-light", "helping-a-family-member"),
        ("sunrise-recovery", "services/crisis-stabilization"),
    ):
        links = [a["href"] for a in page(built, slug, path).find("main").find_all("a", href=True)]
        assert "/crisis/#make-your-home-safer" in links, (slug, path)


# --- pages that exist only where a fact supports them (items 6 and 7) -----------------------------


def test_pages_exist_only_for_the_centers_whose_facts_support_them(built: Path) -> None:
    model = _model(built)
    for center in model.centers:
        su = center.treats_substance_use
        assert has_page(built, center.slug, "overdose-safety") == su, center.slug
        meds = su and center.offers("medication-management")
        assert has_page(built, center.slug, "medicines-for-addiction") == meds, center.slug
        assert has_page(built, center.slug, "telehealth") == center.telehealth, center.slug
        for always in ("crisis", "getting-started", "helping-a-family-member", "your-rights"):
            assert has_page(built, center.slug, always), (center.slug, always)
    assert not has_page(built, "harbor-light", "overdose-safety")
    assert not has_page(built, "cedar-grove", "telehealth")


def test_the_overdose_page_covers_naloxone_tolerance_and_not_using_alone(built: Path) -> None:
    words = text(built, "cedar-grove", "overdose-safety")
    for want in (
        "call 911",
        "Since 2023, you can buy naloxone nasal spray without a prescription",
        "After a break",
        "Never use alone",
        "Will not wake up",
    ):
        assert want.lower() in words.lower(), want
    for slug, path in (
        ("sunrise-recovery", "services/peer-support"),
        ("sunrise-recovery", "faq"),
        ("cedar-grove", "services/iop"),
    ):
        links = [a["href"] for a in page(built, slug, path).find("main").find_all("a", href=True)]
        assert "/overdose-safety/" in links, (slug, path)


def test_the_medicines_page_names_the_medicines_and_what_this_center_offers(built: Path) -> None:
    words = text(built, "sunrise-recovery", "medicines-for-addiction")
    for medicine in ("Buprenorphine", "Methadone", "Naltrexone", "Acamprosate"):
        assert medicine in words
    assert "lower the risk of dying from an overdose" in words
    assert "only given at a licensed opioid treatment program" in words
    assert "You do not have to be in counseling to get medicine from us." in words
    offers = words.split("What we offer", 1)[1].split("Counseling is your choice", 1)[0]
    assert "Acamprosate, for alcohol use disorder." in offers  # Sunrise prescribes it
    cedar = text(built, "cedar-grove", "medicines-for-addiction")
    offers = cedar.split("What we offer", 1)[1].split("Counseling is your choice", 1)[0]
    assert "Acamprosate" not in offers and "Buprenorphine, for opioid use disorder." in offers
    assert "We do not give methadone." in offers


# --- a mental-health-only center (item 5) ---------------------------------------------------------


def test_a_mental_health_only_center_speaks_of_substance_use_only_in_general_passages(
    built: Path,
) -> None:
    """Harbor Light treats mental health only: every page, as that center reads it (title,
    description, summary, FAQ questions and answers, body), names alcohol or drug care only inside
    {% general %} passages."""
    model = _model(built)
    center = model.center("harbor-light")
    assert center is not None and not center.treats_substance_use
    renderer = Renderer(model)
    env = content_environment()
    general = re.compile(re.escape(GENERAL_OPEN) + ".*?" + re.escape(GENERAL_CLOSE), re.S)
    seen = 0
    for p in renderer.pages_of(center).values():
        pieces = [p.title, p.description, p.summary, p.nav, *(i.question for i in p.faq)]
        for source in (p.body, *(i.answer for i in p.faq)):
            ctx = {"center": center, "numbers": NUMBERS, BUDGET_KEY: new_budget()}
            rendered = env.from_string(source).render(ctx)
            seen += rendered.count(GENERAL_OPEN)
            pieces.append(general.sub("", rendered))
        for piece in pieces:
            m = SUBSTANCE_USE.search(piece)
            assert m is None, (
                f"{p.source}: '{m.group(0)}' in: {piece[max(0, m.start() - 80) : m.end() + 80]}"
            )
    assert seen > 5  # the general passages are there; they are the only place these words live
    home = page(built, "harbor-light", "")
    assert home.find("h1").get_text() == "Outpatient mental health care"
    assert "substance use" not in home.find("meta", attrs={"name": "description"})["content"]
    assert "Part 2" not in home.find("footer").get_text()


def test_substance_use_centers_say_so_on_their_home_pages(built: Path) -> None:
    for slug in ("sunrise-recovery", "cedar-grove"):
        home = page(built, slug, "")
        assert home.find("h1").get_text() == "Outpatient mental health and addiction care"
        assert "alcohol or drugs" in text(built, slug, "")


# --- languages, ages, telehealth, creative therapies ----------------------------------------------


def test_languages_are_said_only_as_the_center_states_them(built: Path) -> None:
    sunrise = text(built, "sunrise-recovery", "faq")
    assert "Our staff speak English, Spanish and Armenian." in sunrise
    harbor_contact = text(built, "harbor-light", "contact")
    assert "Languages our staff speak with you: English." in harbor_contact
    for path in ("", "faq", "contact", "getting-started", "first-visit"):
        assert "Spanish" not in text(built, "harbor-light", path), path


def test_a_center_that_states_no_languages_gets_no_language_sentence(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    edit(
        root,
        "centers.yaml",
        "    languages:\n      - English\n    telehealth: true\n",
        "    telehealth: true\n",
    )
    result = run_build(root)
    assert not result.problems, "\n".join(p.render() for p in result.problems)
    assert "Our staff speak" not in text(root, "harbor-light", "faq")
    assert "Languages our staff speak" not in text(root, "harbor-light", "contact")
    assert "interpreter at no cost" in text(root, "harbor-light", "faq")


def test_teen_content_only_where_teens_are_served(built: Path) -> None:
    assert "When the person in care is a teen" in text(built, "harbor-light", "faq")
    for slug in ("sunrise-recovery", "cedar-grove"):
        assert not re.search(r"\bteens?\b", text(built, slug, "faq")), slug
        assert "Rules for teens" not in text(built, slug, "your-rights")


def test_telehealth_is_offered_only_by_centers_that_offer_it(built: Path) -> None:
    cedar = text(built, "cedar-grove", "faq")
    assert "Not at this time. All of our visits are in person." in cedar
    assert "telehealth" not in cedar.lower()
    harbor = text(built, "harbor-light", "telehealth")
    assert "you need to be in Nevada at the time of your visit" in harbor


def test_art_or_music_therapy_only_when_a_credentialed_therapist_leads_it(built: Path) -> None:
    words = text(built, "cedar-grove", "services/holistic")
    assert "Art therapy: using art" in words and "credentialed art therapist" in words
    assert "Music group:" in words and "It is not music therapy" in words
    assert "Music therapy:" not in words


# --- money and rights ------------------------------------------------------------------------------


def test_medicaid_is_named_as_each_state_names_it(built: Path) -> None:
    assert "We accept Medi-Cal, California's Medicaid program." in text(
        built, "sunrise-recovery", "paying-for-care"
    )
    assert "We accept Oregon Health Plan, Oregon's Medicaid program." in text(
        built, "cedar-grove", "billing-rights"
    )
    assert "We accept Nevada Medicaid, Nevada's Medicaid program." in text(
        built, "harbor-light", "paying-for-care"
    )


def test_billing_rights_say_when_the_no_surprises_act_does_not_protect_you(built: Path) -> None:
    soup = page(built, "harbor-light", "billing-rights")
    words = text(built, "harbor-light", "billing-rights")
    assert "When the law does not protect you" in words
    assert "If you choose to see a clinician who is out of your plan's network" in words
    assert "To learn the rules in Nevada" in words
    assert soup.find("a", href=NUMBERS.no_surprises.tel) is not None


def test_the_nondiscrimination_notice_names_the_coordinator_and_where_to_complain(
    built: Path,
) -> None:
    words = text(built, "cedar-grove", "nondiscrimination")
    assert "Section 1557 Coordinator" in words and "civilrights@cedar-grove.example.org" in words
    assert "Attn. Grievances, 3300 SE Division St, Portland, OR 97202" in words
    assert "reasonable changes" in words and "in a timely manner" in words
    assert "200 Independence Avenue SW, Room 509F" in words
    harbor = text(built, "harbor-light", "nondiscrimination")
    assert "Office Manager, Harbor Light Counseling, 2100 Kietzke Ln, Reno, NV 89502" in harbor
    assert "by email" not in harbor  # Harbor Light gives its coordinator no email


def test_the_rights_page_gives_the_grievance_process_and_the_overseers(built: Path) -> None:
    cedar = text(built, "cedar-grove", "your-rights")
    assert "Client Rights Coordinator" in cedar and "within 14 days" in cedar
    assert "certifies our program" in cedar  # its state certification
    assert "fair hearing" in cedar  # accepts Medicaid
    harbor = text(built, "harbor-light", "your-rights")
    assert "accredits us" in harbor  # CARF
    assert "Nevada Revised Statutes 129.030" in harbor


def _teen_site(tmp_path: Path, state: str, city: str, zip_code: str, su: bool) -> str:
    root = make_project(tmp_path)
    edit(
        root,
        "centers.yaml",
        '        state: CA\n        zip: "91101"\n',
        f'        state: {state}\n        zip: "{zip_code}"\n',
    )
    edit(root, "centers.yaml", "        city: Pasadena\n", f"        city: {city}\n")
    extra = "    ages: [teens, adults]\n"
    if su:
        extra += (
            "    treats_substance_use: true\n    part2_notice_url: https://valley.example.org/p2/\n"
        )
    edit(
        root,
        "centers.yaml",
        "    entity: Test Valley Health, Inc.\n",
        "    entity: Test Valley Health, Inc.\n" + extra,
    )
    (root / "content/your-rights.md").write_text(
        (Path(__file__).resolve().parents[1] / "content/your-rights.md").read_text()
    )
    for name in ("nondiscrimination", "billing-rights", "privacy"):
        (root / f"content/{name}.md").write_text(f"---\ntitle: {name}\n---\nA page about {name}.\n")
    result = run_build(root)
    errors = [p for p in result.problems if p.severity.name == "ERROR"]
    assert not errors, "\n".join(p.render() for p in errors)
    return text(root, "valley", "your-rights")


@pytest.mark.parametrize(
    ("state", "city", "zip_code", "wants"),
    [
        (
            "CA",
            "Pasadena",
            "91101",
            ["12 or older", "Family Code section 6924", "Family Code section 6929"],
        ),
        ("OR", "Portland", "97202", ["14 or older", "Oregon Revised Statutes 109.675", "109.680"]),
        (
            "NV",
            "Reno",
            "89502",
            ["Nevada Revised Statutes 129.030", "Nevada Revised Statutes 129.050"],
        ),
        ("TX", "Austin", "78701", ["The rules in Texas are not listed here yet. Please ask us"]),
    ],
)
def test_teen_consent_rules_follow_the_centers_state(
    tmp_path: Path, state: str, city: str, zip_code: str, wants: list[str]
) -> None:
    words = _teen_site(tmp_path, state, city, zip_code, su=True)
    for want in wants:
        assert want in words, (state, want)
    assert "we need the teen's written OK to share their records" in words  # Part 2


def test_teen_substance_use_consent_is_left_out_for_a_mental_health_only_center(
    tmp_path: Path,
) -> None:
    words = _teen_site(tmp_path, "CA", "Pasadena", "91101", su=False)
    assert "Family Code section 6924" in words and "6929" not in words
    assert "written OK to share their records" not in words


# --- the notices (issue 15) ------------------------------------------------------------------------


def test_every_notice_link_points_at_a_page_the_build_writes(built: Path) -> None:
    model = _model(built)
    for center in model.centers:
        urls = [center.privacy_notice_url]
        if center.treats_substance_use:
            urls.append(center.part2_notice_url)
        for url in urls:
            assert url.startswith(center.base_url), url
            path = url[len(center.base_url) :].strip("/")
            assert has_page(built, center.slug, path), url
            assert "This is sample text." in text(built, center.slug, path)


# --- the `when:` front matter ----------------------------------------------------------------------


def test_a_page_with_when_is_built_only_where_it_holds(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/valley-only.md": '---\ntitle: Only some\nwhen: center.offers("iop")\n---\n'
            "A page for the centers that run an intensive program.\n"
        },
    )
    result = run_build(root)
    assert not [p for p in result.problems if p.severity.name == "ERROR"]
    assert has_page(root, "valley", "valley-only") and not has_page(root, "river", "valley-only")


def test_a_misspelt_when_is_an_error_at_its_line_and_the_page_is_kept(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/bad.md": "---\ntitle: Bad\nwhen: center.treats_substanse_use\n---\nSome text here.\n"
        },
    )
    result = run_build(root, write=False)
    errors = [p for p in result.problems if p.mark.file == "content/bad.md"]
    assert errors and errors[0].mark.line == 3
    assert "center.treats_substanse_use" in errors[0].message
