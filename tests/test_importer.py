"""`site-builder import --format samhsa-locator`: mapping, names, slugs, --force/--append, reports.

The subcommand is not wired into cli.py yet, so these tests parse arguments with a local parser
built from importer.add_parser and call importer.run."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import REPO, TODAY

from site_builder import importer
from site_builder.build import BuildOptions, build
from site_builder.model import load, today_from
from site_builder.phones import parse_phone

SAMPLE = REPO / "tests" / "fixtures" / "samhsa-sample.json"
RECORDS = json.loads(SAMPLE.read_text(encoding="utf-8"))

CSV = """\
NAME,street,City,STATE,Zip,Phone,LATITUDE,longitude
"Harbor Clinic: Adult Services",12 Main St,Eugene,Oregon,97401,541-555-0100 ext 7,44.05207,-123.08675
,1 First St,Reno,NV,89501,775-555-0101,,
No Phone Clinic,2 Second St,Reno,NV,89501,555-12,,
No City Clinic,3 Third St,,NV,89501,775-555-0103,,
Bad State Clinic,4 Fourth St,Reno,XX,89501,775-555-0104,,
Bad Zip Clinic,5 Fifth St,Reno,NV,8950,775-555-0105,,
Crisis Line Clinic,6 Sixth St,Reno,NV,89501,1-800-662-4357,,
"Harbor Clinic: Adult Services",12 Main St,Eugene,OR,97401,541-555-0100,,
"""


def parse(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="site-builder")
    importer.add_parser(p.add_subparsers(dest="command", required=True))
    return p.parse_args(["import", *argv])


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = importer.run(parse(*argv), out)
    return code, out.getvalue()


def do_import(dest: Path, src: Path = SAMPLE, *flags: str) -> tuple[int, str]:
    return run(str(src), "--format", "samhsa-locator", "--output", str(dest), *flags)


def centers_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["centers"]


def by_name(centers: list[dict], name: str) -> list[dict]:
    return [c for c in centers if c["name"] == name]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("imp") / "centers.yaml"
    code, out = do_import(dest)
    assert code == 0, out
    return dest, out


# --- mapping ---------------------------------------------------------------------------------------


def test_every_field_is_mapped_and_nothing_invented(imported) -> None:
    dest, out = imported
    doc = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert list(doc) == ["settings", "defaults", "centers"]
    centers = doc["centers"]
    assert len(centers) == len(RECORDS) == 51
    assert centers[0] == {
        "name": "Bill Wilson Center: Admin and Crisis Residential Program",
        "slug": "bill-wilson-center-admin-and-crisis-residential-program",
        "entity": "Bill Wilson Center",
        "draft": True,
        "phones": {"main": "408-243-0222"},
        "locations": [
            {
                "id": "santa-clara-3490-the-alameda",
                "street": "3490 The Alameda",
                "city": "Santa Clara",
                "state": "CA",
                "zip": "95050",
                "geo": {"latitude": 37.351479, "longitude": -121.950818},
            }
        ],
    }
    for c in centers:
        assert c["draft"] is True
        assert set(c) <= {"name", "slug", "entity", "draft", "phones", "locations"}
        (loc,) = c["locations"]
        assert isinstance(loc["zip"], str) and len(loc["zip"]) == 5
        assert loc["state"] in ("CA", "NV", "OR")
    text = dest.read_text(encoding="utf-8")
    assert 'zip: "95050"' in text
    body = text[text.index("\ncenters:") :]
    for key in ("services:", "hours:", "credentials:", "privacy_notice_url:", "base_url:"):
        assert key not in body


def test_geo_is_kept_exactly_as_given(imported) -> None:
    dest, _ = imported
    text = dest.read_text(encoding="utf-8")
    for r in RECORDS:
        assert f"latitude: {r['Latitude']}" in text and f"longitude: {r['Longitude']}" in text
    assert "longitude: -121.8985\n" in text  # 4 decimals stay 4: the build warns, we never pad


def test_phone_extensions_are_kept(imported) -> None:
    dest, _ = imported
    (side,) = by_name(centers_of(dest), "Side by Side")
    assert side["phones"]["main"] == "510-727-9401 x132"
    phone = parse_phone(side["phones"]["main"])
    assert phone.extension == "132" and phone.e164 == "+15107279401"
    with_ext = [r["Phone"] for r in RECORDS if " x" in r["Phone"]]
    assert len(with_ext) == 7
    mains = {c["phones"]["main"] for c in centers_of(dest)}
    assert set(with_ext) <= mains


def test_escaped_slashes_are_unescaped(imported) -> None:
    dest, _ = imported
    assert any("\\/" in r["Name"] for r in RECORDS)  # the listing really holds a backslash
    text = dest.read_text(encoding="utf-8")
    assert "\\" not in text
    names = {c["name"] for c in centers_of(dest)}
    assert "Mills/Peninsula Health Servs" in names
    assert "Momentum for Mental Health: Full Service Partnership/Residential" in names
    assert "Hathaway/Sycamores Child/Family Servs" in names


@pytest.mark.parametrize(
    ("raw", "name", "entity"),
    [
        ("Evolve Treatment Centers: San Jose", "Evolve Treatment Centers: San Jose", "Evolve Treatment Centers"),
        ("Santa Clara Valley Medical Center", "Santa Clara Valley Medical Center", "Santa Clara Valley Medical Center"),
        ("Catholic Charities of: Santa Clara County", "Catholic Charities of Santa Clara County", "Catholic Charities of Santa Clara County"),
        ("Muir Wood Adolescent and: Family Services", "Muir Wood Adolescent and Family Services", "Muir Wood Adolescent and Family Services"),
        ("Good Samaritan Hospital at: Mission Oaks Campus", "Good Samaritan Hospital at Mission Oaks Campus", "Good Samaritan Hospital at Mission Oaks Campus"),
        ("Gate of Recovery Inc: DBA Vantage Point Recovery", "Vantage Point Recovery", "Gate of Recovery Inc"),
        ("VA Northern CA HCS\\/Sacramento VAMC: Oakland Behavioral Health Clinic", "VA Northern CA HCS/Sacramento VAMC: Oakland Behavioral Health Clinic", "VA Northern CA HCS/Sacramento VAMC"),
        ("  Two  Spaces:  Program ", "Two Spaces: Program", "Two Spaces"),
    ],
)  # fmt: skip
def test_name_split(raw: str, name: str, entity: str) -> None:
    assert importer.split_name(raw) == (name, entity)


def test_split_names_in_the_written_file(imported) -> None:
    dest, _ = imported
    centers = centers_of(dest)
    (cc,) = by_name(centers, "Catholic Charities of Santa Clara County")
    assert "entity" not in cc  # entity = name is the schema's default, so it is not written
    (vp,) = by_name(centers, "Vantage Point Recovery")
    assert vp["entity"] == "Gate of Recovery Inc"
    felton = by_name(centers, "Felton Institute: reMIND")
    assert [c["entity"] for c in felton] == ["Felton Institute", "Felton Institute"]


# --- slugs -----------------------------------------------------------------------------------------


def test_one_center_per_record_and_slugs_unique(imported) -> None:
    dest, _ = imported
    centers = centers_of(dest)
    slugs = [c["slug"] for c in centers]
    assert len(set(slugs)) == len(slugs) == len(RECORDS)
    uplift = [c["slug"] for c in by_name(centers, "Uplift Family Services")]
    assert uplift == [
        "uplift-family-services",
        "uplift-family-services-campbell",
        "uplift-family-services-los-gatos",
        "uplift-family-services-sacramento",
        "uplift-family-services-sacramento-3951-performance-drive",
        "uplift-family-services-los-angeles",
        "uplift-family-services-lynwood",
    ]
    muir = [c["slug"] for c in by_name(centers, "Muir Wood Adolescent and Family Services")]
    assert muir == [
        "muir-wood-adolescent-and-family-services",
        "muir-wood-adolescent-and-family-services-petaluma",
    ]


def test_slugs_follow_the_rule_centers_py_uses(imported, tmp_path: Path) -> None:
    """Without the written slugs, centers.py derives exactly the same ones."""
    dest, _ = imported
    text = "".join(
        line
        for line in dest.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.lstrip().startswith("slug:")
    )
    root = tmp_path / "p"
    shutil.copytree(REPO / "tests/fixtures/base/content", root / "content")
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "centers.yaml").write_text(text, encoding="utf-8")
    model = load(root, today_from(TODAY))
    assert [c.slug for c in model.centers] == [c["slug"] for c in centers_of(dest)]


def test_same_input_same_bytes_and_slugs(imported, tmp_path: Path) -> None:
    dest, _ = imported
    again = tmp_path / "again.yaml"
    assert do_import(again)[0] == 0
    assert again.read_bytes() == dest.read_bytes()


def test_force_keeps_slugs_when_the_listing_changes_order(imported, tmp_path: Path) -> None:
    dest, _ = imported
    work = tmp_path / "centers.yaml"
    shutil.copy(dest, work)
    reordered = tmp_path / "reordered.json"
    reordered.write_text(json.dumps(RECORDS[::-1]), encoding="utf-8")
    code, out = do_import(work, reordered, "--force")
    assert code == 0, out
    before = {(c["name"], c["locations"][0]["street"]): c["slug"] for c in centers_of(dest)}
    after = {(c["name"], c["locations"][0]["street"]): c["slug"] for c in centers_of(work)}
    assert after == before
    assert "51 slugs kept" in out
    # a fresh import of the reordered listing would hand the bare slug to another record
    fresh = tmp_path / "fresh.yaml"
    do_import(fresh, reordered)
    assert (
        centers_of(fresh)[-1]["name"] == "Bill Wilson Center: Admin and Crisis Residential Program"
    )
    assert (
        by_name(centers_of(fresh), "Uplift Family Services")[0]["slug"] == "uplift-family-services"
    )
    assert (
        by_name(centers_of(fresh), "Uplift Family Services")[0]["locations"][0]["city"] == "Lynwood"
    )


# --- an existing centers.yaml ----------------------------------------------------------------------

EXISTING = """\
# our network
settings:
  language: en
  # two workers on the office laptop
  jobs: 2

# shared by every center
defaults:
  base_url: https://{slug}.example.net/
  faq_schema: false

centers:
  - name: Side by Side
    slug: side-by-side-hayward
    phones:
      main: (510) 555-0100
    locations:
      - street: 22245 Main Street
        city: Hayward
        state: CA
        zip: "94541"
  - name: Uplift Family Services
    phones:
      main: (408) 555-0100
    locations:
      - street: 1 Elsewhere Road
        city: San Jose
        state: CA
        zip: "95126"
  - name: Closed Clinic
    slug: closed-clinic
    phones:
      main: (408) 555-0101
    locations:
      - street: 9 Gone Way
        city: San Jose
        state: CA
        zip: "95126"
"""


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    dest.write_text(EXISTING, encoding="utf-8")
    code, out = do_import(dest)
    assert code == 2
    assert f"{dest} already exists; nothing was written. Use --force" in out
    assert dest.read_text(encoding="utf-8") == EXISTING


def test_force_and_append_exclude_each_other() -> None:
    with pytest.raises(SystemExit) as exc:
        parse(str(SAMPLE), "--format", "samhsa-locator", "--force", "--append")
    assert exc.value.code == 2


def test_force_keeps_settings_defaults_and_matching_slugs(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    dest.write_text(EXISTING, encoding="utf-8")
    side = next(r for r in RECORDS if r["Name"] == "Side by Side")
    assert side["Street"] == "22245 Main Street"  # the same name and address as the old center
    code, out = do_import(dest, SAMPLE, "--force")
    assert code == 0, out
    text = dest.read_text(encoding="utf-8")
    settings = EXISTING[EXISTING.index("settings:") : EXISTING.index("\n# shared")]
    defaults = EXISTING[EXISTING.index("# shared") : EXISTING.index("\ncenters:")]
    assert settings in text and defaults in text
    doc = yaml.safe_load(text)
    assert doc["settings"] == {"language": "en", "jobs": 2}
    assert doc["defaults"] == {"base_url": "https://{slug}.example.net/", "faq_schema": False}
    centers = doc["centers"]
    assert len(centers) == len(RECORDS)
    assert by_name(centers, "Side by Side")[0]["slug"] == "side-by-side-hayward"
    # the old Uplift center is at another address: not the same center, its slug is freed
    assert by_name(centers, "Uplift Family Services")[0]["slug"] == "uplift-family-services"
    assert not by_name(centers, "Closed Clinic")
    assert "1 slug kept" in out
    assert "2 centers of the old" in out and "uplift-family-services, closed-clinic" in out


def test_append_adds_with_slugs_unique_across_both(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    dest.write_text(EXISTING, encoding="utf-8")
    code, out = do_import(dest, SAMPLE, "--append")
    assert code == 0, out
    text = dest.read_text(encoding="utf-8")
    assert text.startswith(EXISTING)  # the old file is kept byte for byte
    centers = centers_of(dest)
    assert len(centers) == 3 + len(RECORDS) - 1  # Side by Side is already there
    assert "already in" in out and "'side-by-side-hayward'" in out
    slugs = [c.get("slug") for c in centers]
    new = slugs[3:]
    assert "uplift-family-services" not in new  # the old Uplift center derives that one
    assert (
        by_name(centers, "Uplift Family Services")[1]["slug"] == "uplift-family-services-san-jose"
    )
    assert len(set(new)) == len(new) and not set(new) & {"side-by-side-hayward", "closed-clinic"}
    assert "Added 50 centers to" in out
    # appending the same listing again changes nothing
    code, out = do_import(dest, SAMPLE, "--append")
    assert code == 0 and "nothing to add" in out
    assert dest.read_text(encoding="utf-8") == text


def test_append_matches_the_lists_indentation(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    flat = (
        "centers:\n"
        "- name: Closed Clinic\n"
        "  phones: {main: (408) 555-0101}\n"
        "  locations:\n"
        "  - {street: 9 Gone Way, city: San Jose, state: CA, zip: '95126'}\n"
        "# the end\n"
    )
    dest.write_text(flat, encoding="utf-8")
    assert do_import(dest, SAMPLE, "--append")[0] == 0
    text = dest.read_text(encoding="utf-8")
    assert text.startswith(flat[: flat.index("# the end")])
    assert "\n- name: Side by Side\n  slug: side-by-side\n" in text
    assert len(centers_of(dest)) == 1 + len(RECORDS)


def test_an_unreadable_existing_file_is_left_alone(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    dest.write_text("settings:\n  language: [en\n", encoding="utf-8")
    code, out = do_import(dest, SAMPLE, "--force")
    assert code == 1 and "could not be read as YAML" in out
    assert dest.read_text(encoding="utf-8") == "settings:\n  language: [en\n"


def test_an_existing_file_nested_too_deep_is_left_alone(tmp_path: Path) -> None:
    dest = tmp_path / "centers.yaml"
    text = "settings:\n  x: " + "[" * 3000 + "]" * 3000 + "\ncenters: []\n"
    dest.write_text(text, encoding="utf-8")
    code, out = do_import(dest, SAMPLE, "--append")  # was an internal error (RecursionError)
    assert code == 1 and "nested hundreds of levels deep" in out
    assert dest.read_text(encoding="utf-8") == text


# --- CSV and records that cannot be mapped ---------------------------------------------------------


def test_csv_with_unmappable_records(tmp_path: Path) -> None:
    src = tmp_path / "listing.csv"
    src.write_text(CSV, encoding="utf-8")
    dest = tmp_path / "centers.yaml"
    code, out = do_import(dest, src)
    assert code == 1
    skipped = [line for line in out.splitlines() if ": skipped: " in line]
    assert skipped == [
        "listing.csv: record 2: skipped: it has no name",
        "listing.csv: record 3 (No Phone Clinic): skipped: phone '555-12' is not a valid US number",
        "listing.csv: record 4 (No City Clinic): skipped: it has no city",
        "listing.csv: record 5 (Bad State Clinic): skipped: state 'XX' is not a US state or territory",
        "listing.csv: record 6 (Bad Zip Clinic): skipped: ZIP code '8950' is not 5 digits or ZIP+4",
        "listing.csv: record 7 (Crisis Line Clinic): skipped: phone '1-800-662-4357' is a public "
        "crisis or help line, not the center's own number",
        "listing.csv: record 8 (Harbor Clinic: Adult Services): skipped: same name and address "
        "as record 1",
    ]
    assert "Imported 1 center into" in out and "(8 records read, 7 skipped)" in out
    (c,) = centers_of(dest)
    assert c["name"] == "Harbor Clinic: Adult Services" and c["entity"] == "Harbor Clinic"
    assert c["phones"]["main"] == "541-555-0100 ext 7"
    loc = c["locations"][0]
    assert (loc["state"], loc["zip"], loc["city"]) == ("OR", "97401", "Eugene")
    assert loc["geo"] == {"latitude": 44.05207, "longitude": -123.08675}


def test_every_reason_of_a_record_on_one_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text(json.dumps([{"Name": "X", "State": "Calif", "ZipCode": "abc"}, 7]), "utf-8")
    code, out = do_import(tmp_path / "c.yaml", src)
    assert code == 1 and not (tmp_path / "c.yaml").exists()
    assert (
        "bad.json: record 1 (X): skipped: it has no street address; it has no city; state "
        "'Calif' is not a US state or territory; ZIP code 'abc' is not 5 digits or ZIP+4; it has "
        "no phone number, and every center needs one"
    ) in out
    assert "bad.json: record 2: skipped: not a record" in out
    assert "no record of" in out and "nothing was written" in out


def test_po_box_is_imported_with_a_note(imported) -> None:
    dest, out = imported
    assert "(Haven of Hope Inc): note: the street is a post-office box ('P.O. Box 610')" in out
    assert "Box Springs Road" not in out
    assert by_name(centers_of(dest), "Haven of Hope Inc")[0]["locations"][0]["street"] == (
        "P.O. Box 610"
    )


def test_missing_input_and_missing_columns(tmp_path: Path) -> None:
    assert do_import(tmp_path / "c.yaml", tmp_path / "nope.json")[0] == 2
    src = tmp_path / "l.csv"
    src.write_text("Name,City\nA,B\n", encoding="utf-8")
    code, out = do_import(tmp_path / "c.yaml", src)
    assert code == 1 and "has no Street or State or ZipCode or Phone column" in out


def test_zip_and_state_forms() -> None:
    assert importer.zip_code(importer._Number("2134")) == "02134"  # a JSON number lost its 0
    assert importer.zip_code("2134") is None  # text is taken as written: reported, not guessed
    assert importer.zip_code("972051234") == "97205-1234"
    assert importer.state_code("nevada") == "NV" and importer.state_code("or") == "OR"
    assert importer.state_code("Calif") is None


@pytest.mark.parametrize(
    "value",
    ["no", "yes", "95050", "null", "~", "a: b", "#1 Clinic", "- x", "O'Brien House", "3:30",
     "2026-12-02", "Care & Co", "*star", "trailing:", "Tab\there", 'Say "hi"', "café"],
)  # fmt: skip
def test_quote_reads_back_as_the_same_string(value: str) -> None:
    assert yaml.safe_load(f"k: {importer.quote(value)}") == {"k": value}


# --- the result builds -----------------------------------------------------------------------------


def test_the_imported_subset_builds_with_zero_errors(imported, tmp_path: Path) -> None:
    dest, _ = imported
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("centers"))
    shutil.copytree(REPO / "themes", root / "themes")
    shutil.copy(dest, root / "centers.yaml")
    result = build(BuildOptions(root, root / "output", today=TODAY))
    errors = [p.render() for p in result.problems if p.is_error]
    assert not errors, "\n".join(errors)
    assert result.centers == len(RECORDS) and result.warnings >= 2 * len(RECORDS)
    assert (root / "output/side-by-side/index.html").is_file()
    strict = build(BuildOptions(root, root / "output", today=TODAY, strict=True, write=False))
    assert strict.failed  # drafts are never published


def test_import_is_a_site_builder_command(tmp_path) -> None:
    import subprocess
    import sys

    from helpers import REPO

    out = tmp_path / "centers.yaml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "import",
            str(REPO / "tests/fixtures/samhsa-sample.json"),
            "--format",
            "samhsa-locator",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text().count("draft: true") >= 40


def test_formulas_from_a_listing_are_neutralised_in_the_listings_csv(tmp_path: Path) -> None:
    """A public listing can hold `=HYPERLINK(…)` or `@SUM(…)`: the import keeps the text as given
    (it is the listing's fact), and the listings export writes it so no spreadsheet runs it."""
    from helpers import make_project

    root = make_project(tmp_path)
    listing = tmp_path / "listing.json"
    record = {
        "Name": '=HYPERLINK("https://evil.example/","Call us")',
        "Street": "+1 Main St",
        "City": "@Reno",
        "State": "NV",
        "ZipCode": "89501",
        "Phone": "775-555-0101",
    }
    listing.write_text(json.dumps([record]), encoding="utf-8")
    code, out = do_import(root / "centers.yaml", listing, "--force")
    assert code == 0, out
    assert "the name starts with '=', which spreadsheet programs read as a formula" in out
    assert "the city starts with '@'" in out
    (center,) = centers_of(root / "centers.yaml")
    assert center["name"] == record["Name"]
    result = build(BuildOptions(root, root / "output", today=TODAY))
    assert not result.errors, "\n".join(p.render() for p in result.problems)
    rows = list(
        csv.DictReader(io.StringIO((root / "output" / center["slug"] / "listings.csv").read_text()))
    )
    assert rows[0]["name"] == "'" + record["Name"]
    assert rows[0]["street"] == "'+1 Main St"
    assert rows[0]["city"] == "'@Reno"
    assert rows[0]["phone"] == "+17755550101"
