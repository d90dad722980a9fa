"""Structured data, search basics and hosting files, tested on built output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace as dc_replace
from pathlib import Path

import extruct
import pytest
from bs4 import BeautifulSoup
from helpers import edit, make_project, read_site, run_build, sample_project
from schema_vocab import Vocabulary

from site_builder import seo, textformats
from site_builder.model import load
from site_builder.urls import Urls

SLUGS = ("sunrise-recovery", "harbor-light", "cedar-grove")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("seo"))
    result = run_build(root)
    assert not result.problems, "\n".join(p.render() for p in result.problems)
    return root / "output"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary()


def html_pages(out: Path, slug: str) -> dict[str, str]:
    site = out / slug
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.html"))}


def english_pages(out: Path, slug: str) -> dict[str, str]:
    """The site's pages in English (the Spanish twins under es/ are tested in test_languages)."""
    return {rel: html for rel, html in html_pages(out, slug).items() if not rel.startswith("es/")}


def graph(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.find_all("script", type="application/ld+json")
    return [n for b in blocks for n in json.loads(b.string)["@graph"]]


def nodes_of(graph_: list[dict], kind: str) -> list[dict]:
    return [n for n in graph_ if n.get("@type") == kind]


def test_every_node_on_every_page_is_valid_schema_org(built: Path, vocab: Vocabulary) -> None:
    types_seen = set()
    for slug in SLUGS:
        for rel, html in html_pages(built, slug).items():
            for node in graph(html):
                types_seen.add(node["@type"])
                assert vocab.check(node) == [], f"{slug}/{rel}"
    assert {
        "MedicalClinic",
        "MedicalOrganization",
        "WebSite",
        "BreadcrumbList",
        "FAQPage",
        "MedicalWebPage",
        "WebPage",
    } <= types_seen


def test_the_checker_refuses_bad_terms(vocab: Vocabulary) -> None:
    assert vocab.check({"@type": "MedicalClinic", "aspect": "x"})  # superseded by mainContentOfPage
    assert vocab.check(
        {"@type": "MedicalClinic", "medicalSpecialty": "https://schema.org/Addiction"}
    )
    assert vocab.check({"@type": "WebSite", "availableService": []})
    assert vocab.check({"@type": "Clinic"})


def test_location_pages_have_one_clinic_node_equal_to_the_visible_facts(built: Path) -> None:
    ids = set()
    for slug in SLUGS:
        for rel, html in english_pages(built, slug).items():
            clinics = nodes_of(graph(html), "MedicalClinic")
            if not rel.startswith("locations/"):
                assert not clinics, rel
                continue
            (clinic,) = clinics
            assert clinic["@id"] not in ids
            ids.add(clinic["@id"])
            soup = BeautifulSoup(html, "html.parser")
            address = " ".join(soup.select_one("main address").get_text(" ").split())
            a = clinic["address"]
            for part in (
                a["streetAddress"].split(", ")[0],
                a["addressLocality"],
                a["addressRegion"],
                a["postalCode"],
            ):
                assert part in address
            phone = soup.select_one("main .phone-line a")
            assert phone["href"].split(";")[0] == "tel:" + clinic["telephone"]
            assert clinic["url"] == soup.find("link", rel="canonical")["href"]
            assert clinic["medicalSpecialty"] == "https://schema.org/Psychiatric"
            listed = [a.get_text() for a in soup.select("#services + ul a")]
            assert [s["name"] for s in clinic["availableService"]] == listed
            assert "aggregateRating" not in clinic and "review" not in clinic
            rows = {
                th.get_text(): td.get_text()
                for th, td in zip(
                    soup.select("table.hours tbody th"),
                    soup.select("table.hours tbody td"),
                    strict=True,
                )
            }
            assert_hours_match(clinic["openingHoursSpecification"], rows)
    assert len(ids) == 4


def _to_minutes(text: str) -> int:
    if text == "noon":
        return 720
    if text == "midnight":
        return 0
    m = re.fullmatch(r"(\d+):(\d\d) (AM|PM)", text)
    h = int(m.group(1)) % 12 + (12 if m.group(3) == "PM" else 0)
    return h * 60 + int(m.group(2))


def assert_hours_match(specs: list[dict], rows: dict[str, str]) -> None:
    expected: dict[str, list[tuple[int, int]]] = {day: [] for day in rows}
    for day, text in rows.items():
        if text == "Open 24 hours":
            expected[day] = [(0, 23 * 60 + 59)]
        elif text != "Closed":
            for span in text.split(", "):
                a, b = span.split(" – ")
                expected[day].append((_to_minutes(a), _to_minutes(b)))
    got: dict[str, list[tuple[int, int]]] = {day: [] for day in rows}
    for s in specs:
        if "validFrom" in s:
            assert s["opens"] == s["closes"] == "00:00"
            continue
        for iri in s["dayOfWeek"]:
            h1, m1 = map(int, s["opens"].split(":"))
            h2, m2 = map(int, s["closes"].split(":"))
            got[iri.rsplit("/", 1)[1]].append((h1 * 60 + m1, h2 * 60 + m2))
    assert {d: sorted(v) for d, v in got.items()} == {d: sorted(v) for d, v in expected.items()}


def test_overnight_and_24_hours(built: Path) -> None:
    html = (built / "cedar-grove/locations/portland/index.html").read_text()
    (clinic,) = nodes_of(graph(html), "MedicalClinic")
    specs = clinic["openingHoursSpecification"]
    sat = next(s for s in specs if "https://schema.org/Saturday" in s["dayOfWeek"])
    sun = next(s for s in specs if "https://schema.org/Sunday" in s["dayOfWeek"])
    assert (sat["opens"], sat["closes"]) == ("00:00", "23:59")
    assert (sun["opens"], sun["closes"]) == ("16:00", "01:00")  # closes before it opens: next day


def test_dated_closures(built: Path) -> None:
    html = (built / "sunrise-recovery/locations/pasadena/index.html").read_text()
    (clinic,) = nodes_of(graph(html), "MedicalClinic")
    closed = [s for s in clinic["openingHoursSpecification"] if "validFrom" in s]
    assert [c["validFrom"] for c in closed] == ["2026-12-25", "2027-01-01"]


def test_organization_carries_contact_points_and_no_ratings(built: Path) -> None:
    (org,) = nodes_of(graph((built / "cedar-grove/index.html").read_text()), "MedicalOrganization")
    kinds = {c["contactType"]: c["telephone"] for c in org["contactPoint"]}
    assert kinds == {"admissions": "+15035550187", "customer service": "+15035550180"}
    assert "aggregateRating" not in org and "review" not in org


def test_the_main_line_is_a_contact_point_beside_admissions_and_tty(built: Path) -> None:
    (org,) = nodes_of(
        graph((built / "sunrise-recovery/contact/index.html").read_text()), "MedicalOrganization"
    )
    kinds = {c["contactType"]: c["telephone"] for c in org["contactPoint"]}
    assert kinds == {
        "admissions": "+16265550123",
        "customer service": "+16265550140",  # phones.main
        "TTY": "+16265550149",
    }
    assert org["telephone"] == "+16265550123"  # the click-to-call number stays admissions


def test_faq_page_markup_equals_the_visible_text_once_per_site(built: Path) -> None:
    for slug in SLUGS:
        pages = english_pages(built, slug)
        faq_pages = [rel for rel, html in pages.items() if nodes_of(graph(html), "FAQPage")]
        assert faq_pages == ["faq/index.html"]
        soup = BeautifulSoup(pages["faq/index.html"], "html.parser")
        (node,) = nodes_of(graph(pages["faq/index.html"]), "FAQPage")
        visible = [
            (i.find("h2").get_text(), " ".join(i.select_one(".faq-answer").get_text(" ").split()))
            for i in soup.select(".faq-item")
        ]
        marked = [(q["name"], q["acceptedAnswer"]["text"]) for q in node["mainEntity"]]
        assert marked == visible and len(marked) >= 10


def test_faq_schema_can_be_switched_off(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    text = (root / "centers.yaml").read_text().replace("  faq_schema: true", "  faq_schema: false")
    (root / "centers.yaml").write_text(text)
    run_build(root)
    html = (root / "output/harbor-light/faq/index.html").read_text()
    assert not nodes_of(graph(html), "FAQPage")
    assert len(BeautifulSoup(html, "html.parser").select(".faq-item")) >= 10


def test_health_pages_show_and_mark_up_their_review(built: Path) -> None:
    html = (built / "harbor-light/services/dbt/index.html").read_text()
    (node,) = nodes_of(graph(html), "MedicalWebPage")
    assert (
        node["lastReviewed"] == "2026-12-01"
        and node["reviewedBy"]["name"] == "Clinical content team"
    )
    assert "Last reviewed on December 1, 2026 by Clinical content team." in html


def test_breadcrumbs_and_website(built: Path) -> None:
    g = graph((built / "harbor-light/services/dbt/index.html").read_text())
    (crumbs,) = nodes_of(g, "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]][0] == "Home"
    assert crumbs["itemListElement"][-1]["item"] == "https://harbor-light.example.org/services/dbt/"
    (site,) = nodes_of(g, "WebSite")
    assert site["url"] == "https://harbor-light.example.org/"


def test_an_independent_extractor_finds_the_nodes(built: Path) -> None:
    html = (built / "sunrise-recovery/locations/glendale/index.html").read_text()
    data = extruct.extract(
        html, base_url="https://sunrise-recovery.example.org/", syntaxes=["json-ld", "opengraph"]
    )
    types = {n["@type"] for block in data["json-ld"] for n in block["@graph"]}
    assert {"MedicalClinic", "BreadcrumbList", "WebSite", "MedicalOrganization"} <= types
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:url"] == "https://sunrise-recovery.example.org/locations/glendale/"


def test_canonical_description_and_social_tags_on_every_page(built: Path) -> None:
    for slug in SLUGS:
        descriptions = {}
        for rel, html in english_pages(built, slug).items():
            soup = BeautifulSoup(html, "html.parser")
            if rel == "404.html":
                assert soup.find("link", rel="canonical") is None
                continue
            canonical = soup.find("link", rel="canonical")["href"]
            assert canonical == f"https://{slug}.example.org/" + (
                "" if rel == "index.html" else rel.removesuffix("index.html")
            )
            desc = soup.find("meta", attrs={"name": "description"})["content"]
            assert 20 < len(desc) <= 170, rel
            descriptions.setdefault(desc, rel)
            assert soup.find("meta", property="og:title")["content"] == soup.title.get_text()
            assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        assert len(descriptions) == len(english_pages(built, slug)) - 1  # unique


def test_sitemap_lists_canonical_urls_with_lastmod_never_the_clock(built: Path) -> None:
    xml = (built / "harbor-light/sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    pages = html_pages(built, "harbor-light")
    assert len(locs) == len(pages) - 1 and "404" not in xml
    for loc in locs:
        soup = BeautifulSoup(
            pages[loc.removeprefix("https://harbor-light.example.org/") + "index.html"],
            "html.parser",
        )
        assert soup.find("link", rel="canonical")["href"] == loc
    assert (
        "<loc>https://harbor-light.example.org/services/dbt/</loc><lastmod>2026-12-01</lastmod>"
        in xml
    )
    robots = (built / "harbor-light/robots.txt").read_text()
    assert "Sitemap: https://harbor-light.example.org/sitemap.xml" in robots


def test_listings_export_matches_the_pages(built: Path) -> None:
    data = json.loads((built / "sunrise-recovery/listings.json").read_text())
    rows = list(csv.DictReader(io.StringIO((built / "sunrise-recovery/listings.csv").read_text())))
    assert (
        [r["phone"] for r in rows]
        == [r["phone"] for r in data["locations"]]
        == ["+16265550123", "+18185550162"]
    )
    for row in data["locations"]:
        html = (
            built
            / "sunrise-recovery"
            / (row["url"].removeprefix("https://sunrise-recovery.example.org/") + "index.html")
        ).read_text()
        soup = BeautifulSoup(html, "html.parser")
        text = soup.select_one("main").get_text(" ")
        assert row["street"].split(", ")[0] in text and row["zip"] in text
        for part in row["hours"].split("; "):
            day, hours = part.split(": ", 1)
            assert f"{day} {hours}" in " ".join(text.split())
        assert (
            "Mental health clinic" in row["categories"]
            and "Addiction treatment center" in row["categories"]
        )


def test_headers_file(built: Path) -> None:
    text = (built / "harbor-light/_headers").read_text()
    assert "Content-Security-Policy: default-src 'self';" in text
    assert "Referrer-Policy: strict-origin-when-cross-origin" in text
    assert "X-Content-Type-Options: nosniff" in text
    assert "camera=(), microphone=(), geolocation=()" in text
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in text


def test_generated_compliance_pages(built: Path) -> None:
    lang = BeautifulSoup(
        (built / "harbor-light/language-assistance/index.html").read_text(), "html.parser"
    )
    items = lang.select("ul.taglines li")
    assert len(items) == 15 and all(i.get("lang") and i.get("dir") for i in items)
    assert all("(775) 555-0150" in i.get_text() for i in items)
    creds = (built / "sunrise-recovery/credentials/index.html").read_text()
    assert "190123AP" in creds and "June 30, 2029" in creds and "548812" in creds
    for slug in SLUGS:
        for rel, html in english_pages(built, slug).items():
            footer = BeautifulSoup(html, "html.parser").find("footer")
            hrefs = [a["href"] for a in footer.find_all("a")]
            assert "/nondiscrimination/" in hrefs and "/language-assistance/" in hrefs, rel
            assert "/billing-rights/" in hrefs and "/privacy/" in hrefs
            assert (
                "tel:+18006624357" in hrefs
                and "tel:+18004874889" in hrefs
                and "sms:741741" in hrefs
            )


def test_california_dhcs_line_on_every_page(built: Path) -> None:
    for rel, html in english_pages(built, "sunrise-recovery").items():
        assert "Licensed by the State Department of Health Care Services." in html, rel
        assert "190123AP" in html
    for rel, html in english_pages(built, "harbor-light").items():
        assert "State Department of Health Care Services" not in html, rel


def test_404_works_at_any_depth(built: Path) -> None:
    html = (built / "harbor-light/404.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["a", "link"], href=True):
        href = tag["href"]
        assert href.startswith(("/", "https://", "tel:", "sms:", "#")), href


def test_outputs_are_deterministic(built: Path, tmp_path: Path) -> None:
    again = sample_project(tmp_path)
    run_build(again)
    for slug in SLUGS:
        assert read_site(again / "output", slug) == read_site(built, slug)


# --- nothing a value holds can break out of the file it is written into ---------------------------

PAYLOAD = "Valley <!--<script> & </script> Clinic"


def test_json_ld_cannot_hide_the_page(tmp_path: Path) -> None:
    """`<!--<script>` in a JSON-LD value used to leave every page of the site blank in Chromium:
    the HTML parser (html5lib parses as browsers do) must still find <main> and the crisis strip."""
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "  - name: Test Valley Clinic\n", f'  - name: "{PAYLOAD}"\n')
    edit(
        root,
        "centers.yaml",
        "    entity: Test Valley Health, Inc.\n",
        f'    entity: "{PAYLOAD}"\n    tagline: "Care <!--<script> for all"\n',
    )
    result = run_build(root)
    assert not result.failed, "\n".join(p.render() for p in result.problems)
    pages = html_pages(root / "output", "valley")
    assert len(pages) > 5
    for rel, html in pages.items():
        soup = BeautifulSoup(html, "html5lib")
        assert soup.find("main") is not None, rel
        assert soup.select_one("aside.crisis a[href='tel:988']") is not None, rel
        for block in soup.find_all("script", type="application/ld+json"):
            assert not re.search("[<>&]", block.string), rel
        if rel != "404.html":  # the 404 page has no structured data
            nodes = graph(html)
            assert PAYLOAD in {n.get("name") for n in nodes} | {n.get("legalName") for n in nodes}


def test_text_file_writers_cannot_be_broken_out_of() -> None:
    with pytest.raises(ValueError):
        textformats.header_block("/*", [("Access-Control-Allow-Origin", "x\r\nSet-Cookie: a=b")])
    with pytest.raises(ValueError):
        textformats.header_block("/*", [("X-Evil\nSet-Cookie", "1")])
    with pytest.raises(ValueError):
        textformats.header_block("/\n/*", [("Cache-Control", "no-store")])
    assert textformats.header_block("/a/*", [("X-Frame-Options", "DENY")]) == [
        "/a/*",
        "  X-Frame-Options: DENY",
    ]
    for bad in ("https://a.example\n", "https://a.example 'unsafe-inline'", "'self'", ""):
        with pytest.raises(ValueError):
            textformats.csp_source(bad)
    assert textformats.csp_source("https://a.example/x;y,z") == "https://a.example/x%3By%2Cz"
    assert textformats.line_value("https://a.example/\nSitemap: https://evil/") == (
        "https://a.example/%0ASitemap:%20https://evil/"
    )
    assert textformats.xml_text("https://a.example/?a=1&b=<2>") == (
        "https://a.example/?a=1&amp;b=&lt;2&gt;"
    )
    with pytest.raises(ValueError):
        textformats.xml_text("a\x0bb")


def test_headers_and_robots_refuse_values_that_slipped_past_validation(tmp_path: Path) -> None:
    """Validation refuses these (fixtures url-*); were one to slip through, the writers must still
    not write a header or a robots.txt line of its own."""
    root = make_project(tmp_path)
    center = load(root, dt.date(2026, 12, 2)).centers[0]
    evil = dc_replace(
        center, allowed_origins=("https://a.example\nAccess-Control-Allow-Origin: *",)
    )
    with pytest.raises(ValueError):
        seo.headers_file(evil, Urls("https://valley.example.org/"))
    robots = seo.robots(center, Urls("https://valley.example.org/\nSitemap: https://evil/"))
    assert robots.decode().count("\n") == 4 and "Sitemap: https://evil/" not in robots.decode()
    text = seo.headers_file(center, Urls("https://valley.example.org/")).decode()
    assert all(line.startswith(("/", "  ")) for line in text.splitlines())


def test_listings_csv_neutralises_formulas(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "  - name: Test Valley Clinic\n", '  - name: "=1+2"\n')
    edit(
        root,
        "centers.yaml",
        "      - id: pasadena\n",
        '      - id: pasadena\n        name: "@SUM(A1)"\n',
    )
    edit(root, "centers.yaml", "street: 10 Main St", 'street: "-10 Main St"')
    edit(root, "centers.yaml", "city: Pasadena", 'city: "+Pasadena"')
    result = run_build(root)
    assert not result.failed, "\n".join(p.render() for p in result.problems)
    out = root / "output/valley"
    rows = list(csv.DictReader(io.StringIO((out / "listings.csv").read_text())))
    assert rows[0]["name"] == "'=1+2"
    assert rows[0]["location"] == "'@SUM(A1)"
    assert rows[0]["street"] == "'-10 Main St"
    assert rows[0]["city"] == "'+Pasadena"
    assert rows[0]["phone"] == "+16265550140"  # a plain number is no formula
    data = json.loads((out / "listings.json").read_text())  # JSON is not read as formulas
    assert data["locations"][0]["name"] == "=1+2"
    assert [textformats.csv_cell(v) for v in ("\tx", "\rx", "-1.5", "a=b", "")] == [
        "'\tx",
        "'\rx",
        "-1.5",
        "a=b",
        "",
    ]
