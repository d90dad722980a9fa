import datetime as dt

from helpers import make_project

from site_builder.model import load
from site_builder.problems import Problems

TODAY = dt.date(2026, 12, 2)


def load_project(tmp_path, centers_yaml: str | None = None):
    files = {"centers.yaml": centers_yaml} if centers_yaml else {}
    root = make_project(tmp_path, files)
    problems = Problems(root=root)
    return load(root, TODAY, problems), problems


MIN = """
defaults:
  base_url: https://{slug}.example.org
  privacy_notice_url: https://example.org/npp/
  insurance:
    medicaid: true
    plans: [Aetna]
centers:
"""

ONE = """
  - name: {name}
    phones: {{main: (626) 555-0140}}
    locations:
      - {{street: {street}, city: {city}, state: CA, zip: "91101"}}
"""


def test_defaults_merge_deeply_and_lists_replace(tmp_path) -> None:
    text = (
        MIN
        + ONE.format(name="A Place", street="1 Main St", city="Pasadena")
        + """    insurance:
      plans: [Blue Shield]
      sliding_scale: true
"""
    )
    model, problems = load_project(tmp_path, text)
    assert not problems.items, [p.render() for p in problems.items]
    c = model.centers[0]
    assert c.insurance.medicaid and c.insurance.sliding_scale  # merged from both
    assert c.insurance.plans == ("Blue Shield",)  # a list replaces
    assert c.base_url == "https://a-place.example.org/"  # {slug} filled in, trailing slash
    assert c.privacy_notice_url == "https://example.org/npp/"


def test_slugs_are_derived_and_clashes_add_city_then_street(tmp_path) -> None:
    text = (
        MIN
        + "".join(
            ONE.format(name="Hope Center", street=s, city=c)
            for s, c in (
                ("1 Main St", "Pasadena"),
                ("2 Oak Ave", "Glendale"),
                ("3 Elm St", "Glendale"),
            )
        )
        + ONE.format(name="Centro Ñuñoa São José", street="4 Pine St", city="Reno")
    )
    model, problems = load_project(tmp_path, text)
    assert not problems.errors
    assert [c.slug for c in model.centers] == [
        "hope-center",
        "hope-center-glendale",
        "hope-center-glendale-3-elm-st",
        "centro-nunoa-sao-jose",
    ]


def test_location_ids_and_services(tmp_path) -> None:
    model, problems = load_project(tmp_path)
    assert not problems.items, [p.render() for p in problems.items]
    valley, river = model.centers
    assert valley.locations[0].id == "pasadena"
    assert river.locations[0].id == "portland-20-river-rd"  # from city and street
    assert valley.offers("iop") and not river.offers("iop")
    assert river.phone.tel == "tel:+15035550187;ext=12"  # admissions preferred, extension kept
    assert river.theme == "sage" and valley.theme == "default"
    assert valley.entity == "Test Valley Health, Inc." and river.entity == "Test River Clinic"


def test_every_problem_is_collected_in_one_run(tmp_path) -> None:
    text = (
        MIN
        + """
  - name: Bad One
    phones: {main: 555-12}
    locations:
      - {street: 1 Main St, city: Pasadena, state: XX, zip: "123"}
    services: [group-therpy]
    credentials:
      - {type: carf, number: "9", expires: 2020-01-01}
"""
    )
    _, problems = load_project(tmp_path, text)
    messages = [p.message for p in problems.errors]
    assert "phone '555-12' is not a valid US number" in messages
    assert "'XX' is not a US state" in messages
    assert any("ZIP code '123'" in m for m in messages)
    assert "'group-therpy' is not a service in the catalog" in messages
    assert any("expired on 2020-01-01" in m for m in messages)
    hint = next(p.hint for p in problems.errors if "group-therpy" in p.message)
    assert hint == "did you mean 'group-therapy'?"


def test_draft_center_missing_compliance_facts_only_warns(tmp_path) -> None:
    text = """centers:
  - name: Draft Place
    draft: true
    phones: {main: (626) 555-0140}
    locations:
      - {street: 1 Main St, city: Pasadena, state: CA, zip: "91101"}
"""
    model, problems = load_project(tmp_path, text)
    assert not problems.errors
    assert {p.message for p in problems.warnings} >= {
        "draft center: base_url is still missing (the site builds for preview; --strict will not publish it)",
        "draft center: privacy_notice_url is still missing (the site builds for preview; --strict will not publish it)",
    }


def test_dhcs_license_in_california_needs_number_and_lookup(tmp_path) -> None:
    text = (
        MIN
        + ONE.format(name="A Place", street="1 Main St", city="Pasadena")
        + """    credentials:
      - {type: state-license, issuer: DHCS, expires: 2029-01-01}
"""
    )
    _, problems = load_project(tmp_path, text)
    assert {p.message for p in problems.errors} == {
        "a California DHCS license needs 'number'",
        "a California DHCS license needs 'lookup_url'",
    }
