import datetime as dt
from types import SimpleNamespace

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
    locations: [{{street: {street}, city: {city}, state: CA, zip: "91101"}}]
    services: [group-therapy]
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


def _creds(tmp_path, lines: str, state: str = "CA", city: str = "Pasadena"):
    text = (
        MIN
        + ONE.format(name="A Place", street="1 Main St", city=city).replace(
            "state: CA", f"state: {state}"
        )
        + "    credentials:\n"
        + lines
    )
    model, problems = load_project(tmp_path, text)
    return (model.centers[0].credentials if model and model.centers else ()), problems


def test_a_credentials_form_follows_its_type(tmp_path) -> None:
    creds, problems = _creds(
        tmp_path,
        """      - {type: state-license, issuer: Medical Board, number: "1"}
      - {type: joint-commission}
      - {type: carf}
      - {type: legitscript}
      - {type: naatp}
      - {type: other, issuer: County of Los Angeles, form: certification}
      - {type: joint-commission, form: certification}
""",
    )
    assert not problems.items, [p.render() for p in problems.items]
    assert [(c.form, c.issued_by) for c in creds] == [
        ("license", "Medical Board"),
        ("accreditation", "The Joint Commission"),
        ("accreditation", "CARF International"),
        ("certification", "LegitScript"),
        ("membership", "the National Association of Addiction Treatment Providers (NAATP)"),
        ("certification", "County of Los Angeles"),
        ("certification", "The Joint Commission"),
    ]
    assert [c.is_membership for c in creds] == [False] * 4 + [True] + [False] * 2


def test_a_credential_may_not_claim_a_form_its_issuer_does_not_grant(tmp_path) -> None:
    _, problems = _creds(
        tmp_path,
        """      - type: naatp
        form: accreditation
      - type: carf
        form: license
      - {type: other, issuer: Somebody}
      - {type: state-license, number: "1"}
""",
    )
    found = {(p.mark.line, p.message, p.hint) for p in problems.errors}
    naatp = "the National Association of Addiction Treatment Providers (NAATP)"
    assert found == {
        (
            16,
            f"'naatp' credentials are not accreditations: {naatp} does not grant them",
            "write form: membership, or leave form out: calling it something else misstates it"
            " to the public",
        ),
        (
            18,
            "'carf' credentials are not licenses: CARF International does not grant them",
            "write form: accreditation, or leave form out: calling it something else misstates"
            " it to the public",
        ),
        (
            19,
            "this credential of type 'other' does not say what it is",
            "add form: license, certification, accreditation or membership: the page says"
            " 'Licensed by', 'Certified by', 'Accredited by' or 'Member of' from it",
        ),
        (
            20,
            "this 'state-license' credential does not say who issued it",
            "add issuer:, like issuer: DHCS or issuer: Oregon Health Authority: the page says"
            " 'Licensed by' and the issuer's name",
        ),
    }


def test_lookups_come_from_the_vetted_table_and_a_credentials_own_wins(tmp_path) -> None:
    creds, problems = _creds(
        tmp_path,
        """      - {type: joint-commission}
      - {type: carf}
      - {type: naatp}
      - {type: carf, lookup_url: "https://carf.org/providersearch/?q=a-place"}
      - {type: legitscript, lookup_url: "https://example.org/our-seal"}
      - {type: state-license, issuer: Nevada Division of Public and Behavioral Health}
      - {type: state-license, issuer: DHCS, number: "1", expires: 2029-01-01}
""",
        state="NV",
        city="Reno",
    )
    assert not problems.errors, [p.render() for p in problems.errors]
    assert [(c.lookup_url, c.lookup_site) for c in creds] == [
        ("https://www.qualitycheck.org/", "The Joint Commission's Quality Check"),
        ("https://carf.org/providersearch/", "CARF's provider search"),
        (
            "https://www.naatp.org/resources/addiction-industry-directory",
            "NAATP's member directory",
        ),
        ("https://carf.org/providersearch/?q=a-place", "CARF's provider search"),
        ("https://example.org/our-seal", ""),  # its own address: "Check it with the issuer"
        (
            "https://nvdpbh.aithent.com/Protected/LIC/LicenseeSearch.aspx?Program=HF&PubliSearch=Y",
            "Nevada's license search",
        ),
        ("", ""),  # DHCS licenses in California only: a Nevada center gets no California link
    ]
    assert creds[5].issued_by == "the Nevada Division of Public and Behavioral Health"
    assert creds[6].issued_by == "DHCS"


def test_an_oregon_license_has_no_lookup_to_promise(tmp_path) -> None:
    creds, problems = _creds(
        tmp_path,
        "      - {type: state-license, issuer: Oregon Health Authority, form: certification}\n",
        state="OR",
        city="Portland",
    )
    assert not problems.errors
    (c,) = creds
    assert (c.form, c.issued_by, c.lookup_url) == (
        "certification",
        "the Oregon Health Authority",
        "",
    )


def test_dhcs_credentials_are_licensed_or_certified_and_keep_their_own_lookup(tmp_path) -> None:
    creds, problems = _creds(
        tmp_path,
        """      - type: state-license
        issuer: DHCS
        number: "190123AP"
        expires: 2029-06-30
        lookup_url: https://www.dhcs.ca.gov/provgovpart/Pages/Licensed-and-Certified-Facilities.aspx
      - type: other
        issuer: DHCS
        form: accreditation
        number: "2"
        expires: 2029-06-30
        lookup_url: https://www.dhcs.ca.gov/
""",
    )
    assert [(p.mark.line, p.message) for p in problems.errors] == [
        (
            22,
            "a California DHCS credential must be a license or a certification, not form:"
            " accreditation",
        )
    ]
    assert creds[0].issued_by == "the State Department of Health Care Services"
    assert creds[0].lookup_url.endswith("Licensed-and-Certified-Facilities.aspx")
    assert creds[0].lookup_site == "the DHCS website"


def test_scope_is_said_only_when_it_is_not_the_whole_center(tmp_path) -> None:
    text = (
        MIN
        + """
  - name: Two Places
    phones: {main: (626) 555-0140}
    services: [iop]
    locations:
      - {id: east, street: 1 Main St, city: Pasadena, state: CA, zip: "91101"}
      - {id: west, street: 2 Main St, city: Glendale, state: CA, zip: "91203"}
    credentials:
      - {type: carf, scope: [east, west]}
      - {type: carf, scope: [east]}
      - {type: carf, scope: [iop]}
"""
    )
    model, problems = load_project(tmp_path, text)
    assert not problems.errors, [p.render() for p in problems.errors]
    assert [c.scope for c in model.centers[0].credentials] == [(), ("east",), ("iop",)]


def test_a_public_line_is_never_a_centers_own_phone(tmp_path) -> None:
    typed = [
        "1-800-273-8255",
        "1-800-273-TALK",
        "988",
        "911",
        "741741",
        "1-800-662-4357",
        "1-800-487-4889",
        "1-800-985-3059",
        "1-800-368-1019",
        "1-800-537-7697",
    ]
    for i, number in enumerate(typed):
        text = MIN + ONE.format(name="A Place", street="1 Main St", city="Pasadena").replace(
            "main: (626) 555-0140", f"main: (626) 555-0140, admissions: '{number}'"
        )
        _, problems = load_project(tmp_path / str(i), text)
        (p,) = problems.errors
        assert (
            p.message == f"'{number}' is a public crisis or help line, not this center's own number"
        )
        assert p.hint.startswith("give the center's own phone number here")
        assert (p.mark.file, p.mark.line) == ("centers.yaml", 11)


def test_the_old_lifeline_names_itself_in_the_fix(tmp_path) -> None:
    text = MIN + ONE.format(name="A Place", street="1 Main St", city="Pasadena").replace(
        "main: (626) 555-0140", "main: 1-800-273-TALK"
    )
    _, problems = load_project(tmp_path, text)
    (p,) = problems.errors
    assert p.hint == (
        "give the center's own phone number here; this number is a public line (the old National"
        " Suicide Prevention Lifeline, now 988) that the site already shows where it belongs"
    )


def test_a_second_center_with_the_same_name_is_visible(tmp_path) -> None:
    text = (
        MIN
        + ONE.format(name="Hope Center", street="1 Main St", city="Pasadena")
        + ONE.format(name="Hope Center", street="2 Oak Ave", city="Glendale")
    )
    model, problems = load_project(tmp_path, text)
    assert not problems.errors
    assert [c.slug for c in model.centers] == ["hope-center", "hope-center-glendale"]
    (w,) = problems.warnings
    assert (w.mark.line, w.message, w.hint) == (
        15,
        "this center has no slug and 'hope-center' is already used (line 10), so its site got the"
        " slug 'hope-center-glendale'",
        "write slug: for both centers, like slug: hope-center-glendale here, so their web"
        " addresses never move when a center is added, renamed or removed",
    )


def test_a_location_with_a_mistake_is_one_error_not_more_where_it_is_named(tmp_path) -> None:
    """A bad state in a location also made its id unknown to walk_in_location and a
    credential's scope: two more errors, whose hints named the other location."""
    text = MIN + (
        "  - name: Hope Center\n"
        "    phones: {main: (626) 555-0140}\n"
        "    services: [group-therapy]\n"
        "    locations:\n"
        "      - {id: pasadena, street: 1 Main St, city: Pasadena, state: California, zip: '91101'}\n"
        "      - {id: glendale, street: 2 Oak Ave, city: Glendale, state: CA, zip: '91203'}\n"
        "    crisis:\n      walk_in: {mon-fri: 9am-5pm}\n      walk_in_location: pasadena\n"
        "    credentials:\n"
        "      - {type: state-license, issuer: BBS, number: '1', expires: 2030-01-01, scope: [pasadena]}\n"
    )
    _, problems = load_project(tmp_path, text)
    assert [(p.mark.line, p.message) for p in problems.errors] == [
        (13, "'California' is not a US state")
    ]


def test_two_centers_with_one_slug_get_a_hint_about_centers(tmp_path) -> None:
    """The hint was about pages ("give each page its own slug"): the page checks' message of the
    same name shadowed the centers' one in messages.py."""
    one = ONE.format(name="Hope Center", street="1 Main St", city="Pasadena")
    two = ONE.format(name="Hope Place", street="2 Oak Ave", city="Glendale")
    text = MIN + one + "    slug: hope\n" + two + "    slug: hope\n"
    _, problems = load_project(tmp_path, text)
    found = [p for p in problems.errors if "two centers have the slug 'hope'" in p.message]
    assert [p.hint for p in found] == [
        "give one of them its own slug: it becomes the folder and web address"
    ]


def test_no_message_name_is_defined_twice() -> None:
    """messages.py gathers every module of words/: a name in two of them, the later one wins."""
    import ast
    from collections import Counter
    from pathlib import Path

    import site_builder.words as words

    names = Counter(
        target.id
        for f in sorted(Path(words.__file__).parent.glob("*.py"))
        for node in ast.parse(f.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    )
    assert [n for n, count in names.items() if count > 1] == []


# --- the facts pages need (issue 14 item 2) -------------------------------------------------------

FACTS = """
defaults:
  base_url: https://{slug}.example.org
  privacy_notice_url: https://example.org/npp/
  nondiscrimination:
    coordinator: Civil Rights Coordinator
    address: 1 Main St, Pasadena, CA 91101
centers:
  - name: A Place
    phones: {main: (626) 555-0140}
    locations:
      - id: main
        street: 1 Main St
        city: Pasadena
        state: CA
        zip: "91101"
        hours: {mon-thu: 8am-8pm, fri: 8:00-12:00, sat: 24 hours}
    services: [group-therapy, iop]
    ages: [teens, adults, older-adults]
    languages: [English, Spanish]
    telehealth: yes
    crisis:
      walk_in: {mon-fri: 9am-5pm}
      walk_in_location: main
      same_day: true
      after_hours: answering-service
      after_hours_note: A clinician on call calls back urgent calls.
    creative_therapies: [art]
    creative_groups: [music]
    grievances:
      contact: Patient Advocate
      phone: (626) 555-0142
      answer_days: 30
  - name: Other Place
    phones: {main: (503) 555-0180}
    phone_hours: {mon-fri: 9am-5pm}
    locations:
      - {street: 2 Oak St, city: Portland, state: OR, zip: "97202"}
"""


def test_center_facts_are_read_into_typed_properties(tmp_path) -> None:
    model, problems = load_project(tmp_path, FACTS + "    services: [group-therapy]\n")
    assert not problems.items, [p.render() for p in problems.items]
    a, b = model.centers
    assert a.serves("teens") and a.serves("older-adults") and not a.serves("children")
    assert a.ages_text == "teens, adults and older adults"
    assert a.speaks("spanish") and a.speaks("English") and not a.speaks("Vietnamese")
    assert a.languages_text == "English and Spanish"
    assert a.telehealth and not b.telehealth
    assert a.crisis.walk_in_text == "Mon–Fri 9am–5pm"
    assert a.crisis.same_day and a.crisis.after_hours == "answering-service"
    assert a.walk_in_place is a.locations[0]
    assert a.creative_therapy("art") and not a.creative_therapy("music")
    assert a.creative_group("music") and not a.creative_group("art")
    assert a.grievances.contact == "Patient Advocate" and a.grievances.answer_days == 30
    assert a.nondiscrimination.coordinator == "Civil Rights Coordinator"  # from defaults:
    assert "+16265550142" in a.own_numbers  # the phone check accepts the grievance line
    # the line's hours: the first location's office hours unless phone_hours says otherwise
    assert a.line_hours_text == "Mon–Thu 8am–8pm, Fri 8am–noon, Sat 24 hours"
    assert b.phone_hours is not None and b.line_hours_text == "Mon–Fri 9am–5pm"
    assert a.medicaid_name == "Medi-Cal" and b.medicaid_name == "Oregon Health Plan"
    assert b.state_name == "Oregon"


def test_a_fact_not_stated_is_never_guessed(tmp_path) -> None:
    model, problems = load_project(tmp_path, FACTS)
    b = model.centers[1]
    assert b.languages == () and b.languages_text == "" and not b.speaks("English")
    assert b.ages == () and not any(b.serves(a) for a in ("children", "teens", "adults"))
    assert b.crisis.walk_in is None and not b.crisis.same_day and b.crisis.after_hours == ""
    assert b.walk_in_place is None and b.grievances is None
    assert not b.creative_therapy("art") and b.addiction_medicines == ()


def test_pages_asking_for_an_unknown_age_or_kind_get_an_error(tmp_path) -> None:
    import pytest

    model, _ = load_project(tmp_path, FACTS)
    a = model.centers[0]
    with pytest.raises(ValueError, match="'teen' is not an age group"):
        a.serves("teen")
    with pytest.raises(ValueError, match="not a creative therapy"):
        a.creative_therapy("poetry")
    with pytest.raises(ValueError, match="not one of the addiction medicines"):
        a.prescribes("suboxone")


def _problems_at(problems) -> dict[int, str]:
    return {p.mark.line: p.message for p in problems.errors}


def test_own_facts_in_defaults_are_errors_at_their_line(tmp_path) -> None:
    text = FACTS.replace(
        "  nondiscrimination:\n",
        "  languages: [English, Spanish]\n  ages: [adults]\n  telehealth: true\n"
        "  nondiscrimination:\n",
    )
    model, problems = load_project(tmp_path, text)
    lines = text.splitlines()
    errors = _problems_at(problems)
    for key in ("languages", "ages", "telehealth"):
        line = next(i for i, t in enumerate(lines, 1) if t.startswith(f"  {key}:"))
        assert f"'{key}' cannot be set in defaults:" in errors[line], errors
    assert len(problems.errors) == 3  # once each, not once per center
    hint = next(p.hint for p in problems.errors if "'languages'" in p.message)
    assert "move 'languages' into the block of each center" in hint
    # nondiscrimination may be shared: one coordinator can serve every center
    assert not any("nondiscrimination" in p.message for p in problems.errors)


def test_the_sample_defaults_give_no_center_its_own_facts() -> None:
    from pathlib import Path

    from site_builder.center_load import OWN_FACTS

    root = Path(__file__).resolve().parents[1]
    text = (root / "centers.yaml").read_text()
    defaults = text.split("\ndefaults:", 1)[1].split("\ncenters:", 1)[0]
    written = {
        ln.strip().split(":")[0]
        for ln in defaults.splitlines()
        if ln.startswith("  ") and not ln.startswith("   ")
    }
    assert not written & set(OWN_FACTS), written & set(OWN_FACTS)


def test_facts_are_validated_with_file_and_line(tmp_path) -> None:
    text = (
        FACTS.replace("ages: [teens, adults, older-adults]", "ages: [teens, adult]")
        .replace("after_hours: answering-service", "after_hours: answering service")
        .replace("walk_in_location: main", "walk_in_location: mian")
        .replace("answer_days: 30", "answer_days: soon")
        .replace(
            "  - name: Other Place\n", "  - name: Other Place\n    creative_therapies: [painting]\n"
        )
    )
    _, problems = load_project(tmp_path, text)
    lines = text.splitlines()

    def line_of(snippet: str) -> int:
        return next(i for i, t in enumerate(lines, 1) if snippet in t)

    errors = _problems_at(problems)
    assert "'adult'" in errors[line_of("ages: [teens, adult]")]
    assert "after_hours" in errors[line_of("after_hours: answering service")]
    assert "walk_in_location 'mian'" in errors[line_of("walk_in_location: mian")]
    assert "answer_days" in errors[line_of("answer_days: soon")]
    assert "painting" in errors[line_of("creative_therapies: [painting]")]
    hints = {p.mark.line: p.hint for p in problems.errors}
    assert "did you mean 'main'?" in hints[line_of("walk_in_location: mian")]


def test_facts_that_contradict_each_other_are_errors(tmp_path) -> None:
    text = FACTS.replace(
        "services: [group-therapy, iop]",
        "services: [group-therapy, iop]\n    addiction_medicines: [naltrexone]",
    )
    text = text.replace("ages: [teens, adults, older-adults]", "ages: [adults]")
    root = make_project(tmp_path, {"centers.yaml": text})
    for sid in ("adolescents", "co-occurring", "crisis-stabilization", "medication-management"):
        (root / "content/services" / f"{sid}.md").write_text(
            f"---\ntitle: {sid}\nsummary: A short summary of it.\ncategory: program\n---\nText.\n"
        )
    text = text.replace(
        "services: [group-therapy, iop]",
        "services: [group-therapy, iop, adolescents, co-occurring]",
    ).replace(
        "  - name: Other Place\n", "  - name: Other Place\n    services: [crisis-stabilization]\n"
    )
    (root / "centers.yaml").write_text(text)
    problems = Problems(root=root)
    load(root, TODAY, problems)
    messages = {p.message for p in problems.errors}
    assert messages == {
        "this center offers adolescents (programs for teens), but ages: does not list teens",
        "this center offers co-occurring (mental health and substance use care together), but "
        "treats_substance_use is not true",
        "this center offers crisis-stabilization, but crisis: gives neither walk_in hours nor "
        "same_day: true",
        "addiction_medicines is set, but this center does not both treat substance use and offer "
        "medication-management",
    }, messages


def test_short_hours_join_days_with_equal_hours() -> None:
    from site_builder.centers import short_hours
    from site_builder.hours import HoursKind
    from site_builder.schema import Reader
    from site_builder.yamlsrc import load as yload

    def hours(text: str) -> str:
        node = yload(text, "x.yaml", Problems())
        return short_hours(HoursKind().read(node, "hours", Reader("x.yaml", Problems())))

    assert hours("daily: 24 hours") == "Every day 24 hours"
    assert hours("mon-fri: 9-5\nsat: 10:30-14:00") == "Mon–Fri 9am–5pm, Sat 10:30am–2pm"
    assert hours("mon: 9am-noon, 1pm-5pm\nwed: 9am-noon, 1pm-5pm") == (
        "Mon 9am–noon and 1pm–5pm, Wed 9am–noon and 1pm–5pm"
    )
    assert hours("fri: 6pm-2am") == "Fri 6pm–2am"


def test_open_all_hours_needs_one_location_open_every_hour_of_the_week() -> None:
    from site_builder.centers import Center
    from site_builder.hours import HoursKind
    from site_builder.schema import Reader
    from site_builder.yamlsrc import load as yload

    def hours(text: str) -> object:
        node = yload(text, "x.yaml", Problems())
        return HoursKind().read(node, "hours", Reader("x.yaml", Problems()))

    def center(*weeks: str) -> SimpleNamespace:
        locations = [SimpleNamespace(hours=hours(w)) for w in weeks]
        return SimpleNamespace(locations=locations)

    always = Center.open_all_hours.fget  # type: ignore[attr-defined]
    assert always(center("mon-fri: 9-5", "daily: 24 hours"))
    assert not always(center("mon-sat: 24 hours\nsun: closed"))
    assert not always(center("daily: 8am-11pm"))


def test_centers_yaml_not_saved_as_utf8_is_an_error_at_its_line(tmp_path) -> None:
    """It named the file only, where a page named the line and the character."""
    text = MIN + ONE.format(name="Hope Caf\u00e9", street="1 Main St", city="Pasadena")
    root = make_project(tmp_path)
    (root / "centers.yaml").write_bytes(text.encode("latin-1"))
    problems = Problems(root=root)
    load(root, TODAY, problems)
    assert [(p.mark.file, p.mark.line, p.mark.col, p.message) for p in problems.errors] == [
        ("centers.yaml", 10, 19, "this line has a character that is not UTF-8 text (the byte 0xE9)")
    ]


def test_services_written_on_one_line_are_asked_one_per_line(tmp_path) -> None:
    """'- iop, dbt' was "'iop, dbt' is not a service … did you mean 'iop'?": the second would go."""
    text = MIN + ONE.format(name="Hope Center", street="1 Main St", city="Pasadena").replace(
        "services: [group-therapy]", "services:\n      - group-therapy, iop"
    )
    _, problems = load_project(tmp_path, text)
    assert [(p.message, p.hint) for p in problems.errors] == [
        (
            "'group-therapy, iop' is several services on one line",
            "give each its own line in the list: - group-therapy then - iop",
        )
    ]
