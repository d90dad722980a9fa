"""End to end on the shipped sample project: real content, real themes, real output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import TODAY, read_site, run_build, sample_project

from site_builder import messages as msg
from site_builder.model import load, today_from

SLUGS = ("sunrise-recovery", "harbor-light", "cedar-grove")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("e2e"))
    result = run_build(root)
    assert not result.problems, "\n".join(p.render() for p in result.problems)
    return root


def pages(root: Path, slug: str) -> dict[str, BeautifulSoup]:
    site = root / "output" / slug
    return {
        p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(), "html.parser")
        for p in sorted(site.rglob("*.html"))
    }


def test_each_center_gets_a_complete_site(built: Path) -> None:
    for slug in SLUGS:
        site = built / "output" / slug
        for rel in (
            "index.html",
            "404.html",
            "faq/index.html",
            "contact/index.html",
            "privacy/index.html",
            "accessibility/index.html",
            "nondiscrimination/index.html",
            "first-visit/index.html",
            "paying-for-care/index.html",
            "outpatient-vs-inpatient/index.html",
        ):
            assert (site / rel).is_file(), f"{slug}/{rel}"
    assert (built / "output/sunrise-recovery/locations/pasadena/index.html").is_file()
    assert (built / "output/sunrise-recovery/locations/glendale/index.html").is_file()


def test_service_pages_only_for_offered_services(built: Path) -> None:
    model = load(built, today_from(TODAY))
    catalog = set(model.content.catalog)
    assert len(catalog) >= 17
    for center in model.centers:
        site = built / "output" / center.slug / "services"
        have = {p.name for p in site.iterdir() if p.is_dir()}  # (index.html: the services index)
        assert have == set(center.services), center.slug
        assert not (catalog - set(center.services)) & have


def test_no_page_links_to_a_page_its_center_lacks(built: Path) -> None:
    for slug in SLUGS:
        site = built / "output" / slug
        for rel, soup in pages(built, slug).items():
            for a in soup.find_all("a", href=True):
                href = a["href"]
                if href.startswith("/"):
                    path = href.split("#")[0]
                    target = site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
                    assert target.is_file(), f"{slug}/{rel} links to missing {href}"


def test_tel_links_are_e164_and_text_is_national(built: Path) -> None:
    allowed_short = {"tel:988", "tel:911"}
    for slug in SLUGS:
        for _rel, soup in pages(built, slug).items():
            for a in soup.select('a[href^="tel:"]'):
                assert a["href"] in allowed_short or re.fullmatch(
                    r"tel:\+1\d{10}(;ext=\d+)?", a["href"]
                ), a["href"]
    home = pages(built, "cedar-grove")["index.html"]
    call = home.select_one(".crisis-center")
    assert call["href"] == "tel:+15035550187;ext=12" and call.get_text() == "(503) 555-0187 ext. 12"


def test_crisis_strip_comes_first_in_the_same_order_on_every_page(built: Path) -> None:
    for slug in SLUGS:
        expected: dict[bool, list[str]] = {}  # per language: English pages, Spanish pages
        for rel, soup in pages(built, slug).items():
            strip = soup.select_one("aside.crisis")
            main = soup.find("main")
            assert strip is not None and main is not None, rel
            assert strip.sourceline < main.sourceline
            hrefs = [a["href"] for a in strip.find_all("a")]
            assert hrefs[:4] == ["tel:988", "sms:988", "https://988lifeline.org/chat/", "tel:911"]
            spanish = str(rel).startswith("es/")
            expected.setdefault(spanish, hrefs)
            assert hrefs == expected[spanish], rel


def test_footer_names_entity_and_every_location(built: Path) -> None:
    model = load(built, today_from(TODAY))
    for center in model.centers:
        for rel, soup in pages(built, center.slug).items():
            footer = soup.find("footer").get_text(" ", strip=True)
            assert center.entity in footer, rel
            for loc in center.locations:
                assert loc.street in footer and loc.zip in footer
                assert str(loc.phone or center.phone) in footer


def test_pages_are_accessible_basics(built: Path) -> None:
    for slug in SLUGS:
        for rel, soup in pages(built, slug).items():
            assert soup.html["lang"] == ("es" if str(rel).startswith("es/") else "en")
            assert len(soup.find_all("h1")) == 1, rel
            assert soup.select_one("a.skip-link")["href"] == "#main"
            levels = [int(h.name[1]) for h in soup.find_all(re.compile("^h[1-6]$"))]
            for a, b in zip(levels, levels[1:], strict=False):
                assert b <= a + 1, f"{slug}/{rel} skips from h{a} to h{b}"
            assert not soup.find_all(["iframe", "form"])
            scripts = soup.find_all("script")
            assert all(  # data, not code; but the search page's own script, from the site itself
                s.get("type") == "application/ld+json"
                or (
                    str(rel).endswith("search/index.html")
                    and s.get("src", "").startswith("/assets/js/search.")
                )
                for s in scripts
            ), rel


def test_nothing_is_loaded_from_another_origin(built: Path) -> None:
    for slug in SLUGS:
        for rel, soup in pages(built, slug).items():
            for tag in soup.find_all(["link", "img", "script", "source"]):
                ref = tag.get("href") or tag.get("src") or ""
                if (tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"])) or (
                    tag.name == "script" and not ref
                ):
                    continue
                assert ref.startswith("/") or tag.name == "source", f"{slug}/{rel}: {ref}"
                for candidate in (tag.get("srcset") or "").split(","):  # <img>, <source>
                    url = candidate.split()[0] if candidate.strip() else "/"
                    assert url.startswith("/"), f"{slug}/{rel}: {url}"
            for a in soup.select('a[href^="http"]'):
                assert a.get("rel") == ["noopener", "noreferrer"], f"{slug}/{rel}: {a}"


def test_overrides_win_and_additions_appear(built: Path) -> None:
    harbor = (built / "output/harbor-light/first-visit/index.html").read_text()
    sunrise = (built / "output/sunrise-recovery/first-visit/index.html").read_text()
    assert "Kietzke" in harbor and "Kietzke" not in sunrise
    assert (built / "output/cedar-grove/family-night/index.html").is_file()
    assert not (built / "output/harbor-light/family-night").exists()


def test_a_second_build_is_byte_identical(built: Path, tmp_path: Path) -> None:
    first = {s: read_site(built / "output", s) for s in SLUGS}
    again = sample_project(tmp_path)
    run_build(again)
    assert {s: read_site(again / "output", s) for s in SLUGS} == first


def test_faq_questions_and_answers_render(built: Path) -> None:
    soup = pages(built, "harbor-light")["faq/index.html"]
    items = soup.select(".faq-item")
    assert len(items) >= 10
    assert all(i.find("h2") and i.select_one(".faq-answer").get_text(strip=True) for i in items)


def test_location_page_has_address_hours_and_directions(built: Path) -> None:
    soup = pages(built, "sunrise-recovery")["locations/glendale/index.html"]
    assert soup.title.get_text() == "Glendale clinic – Sunrise Recovery Center – Glendale, CA"
    text = soup.get_text(" ", strip=True)
    assert "455 N Brand Blvd" in text and "(818) 555-0162" in text
    rows = {
        th.get_text(): td.get_text()
        for th, td in zip(
            soup.select("table.hours tbody th"), soup.select("table.hours tbody td"), strict=False
        )
    }
    assert rows["Monday"] == "10:00 AM – 7:00 PM" and rows["Friday"] == "Closed"
    maps = [a["href"] for a in soup.select("#directions ~ ul a")]
    assert any("openstreetmap.org" in m for m in maps)
    services = [a.get_text() for a in soup.select("#services + ul a")]
    assert len(services) == 4  # the location's own subset


def _credential_items(soup: BeautifulSoup) -> list[str]:
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select("li.credential")]
    return [i.replace(" .", ".") for i in items]


def test_credentials_are_named_for_what_they_are(built: Path) -> None:
    sunrise = pages(built, "sunrise-recovery")["credentials/index.html"]
    main = sunrise.find("main")
    text = main.get_text(" ", strip=True)
    assert "Type" not in text and not re.search(r"\bLicense\b", text)  # never "Type: License"
    items = _credential_items(main)
    assert items[0].startswith(
        "Licensed by the State Department of Health Care Services Outpatient treatment program"
        " license Number 190123AP, valid through June 30, 2029. Covers: Pasadena clinic."
    )
    assert items[1].startswith("Accredited by The Joint Commission")
    assert "Covers" not in items[1]  # the whole center: nothing to say
    links = {a.get_text(" ", strip=True): a["href"] for a in main.select("li.credential a")}
    assert (
        links[
            "Check it on The Joint Commission's Quality Check : Accredited by The Joint Commission"
        ]
        == "https://www.qualitycheck.org/"
    )
    assert "You can check each one with the group that issued it." in text
    harbor = pages(built, "harbor-light")["credentials/index.html"].find("main")
    assert _credential_items(harbor)[0].startswith("Accredited by CARF International")
    assert harbor.select_one("li.credential a")["href"] == "https://carf.org/providersearch/"


def test_memberships_are_apart_and_no_lookup_is_promised_that_does_not_exist(built: Path) -> None:
    main = pages(built, "cedar-grove")["credentials/index.html"].find("main")
    held, members = main.select("ul.credentials")
    assert _credential_items(held) == [
        "Certified by the Oregon Health Authority Behavioral health program certificate"
        " Number OR-BH-40212, valid through December 31, 2028."
    ]
    assert not held.find("a")  # Oregon has no public lookup, so no link and no promise of one
    intro = main.find("h1").find_next("p").get_text(" ", strip=True)
    assert intro == "These are the licenses and accreditations we hold."
    heading = main.find("h2", id="memberships")
    assert heading.get_text() == "Memberships" and heading.find_next("ul") is members
    assert "A membership is not a license or an accreditation." in heading.find_next("p").get_text()
    assert _credential_items(members)[0].startswith(
        "Member of the National Association of Addiction Treatment Providers (NAATP)"
    )
    assert members.find("a")["href"] == (
        "https://www.naatp.org/resources/addiction-industry-directory"
    )
    location = pages(built, "cedar-grove")["locations/portland/index.html"]
    badges = location.find("h2", id="credentials").find_next("ul")
    assert _credential_items(badges)[0].startswith("Certified by the Oregon Health Authority")
    assert "NAATP" not in badges.get_text()  # the membership is said apart, after the list
    member_line = badges.find_next("p")
    assert member_line.get_text(" ", strip=True).startswith(
        "Member of the National Association of Addiction Treatment Providers (NAATP)."
    )
    assert member_line.find("a")["href"] == "/credentials/#memberships"


def test_location_badges_show_only_what_covers_that_location(built: Path) -> None:
    site = pages(built, "sunrise-recovery")
    pasadena = _credential_items(site["locations/pasadena/index.html"])
    glendale = _credential_items(site["locations/glendale/index.html"])
    assert [i.split(" ")[0] for i in pasadena] == ["Licensed", "Accredited"]
    assert [i.split(" ")[0] for i in glendale] == ["Accredited"]  # the license is Pasadena's
    assert not any("Covers" in i for i in pasadena + glendale)


def test_the_main_line_is_shown_beside_the_admissions_line(built: Path) -> None:
    for slug, main in (("cedar-grove", "(503) 555-0180"), ("sunrise-recovery", "(626) 555-0140")):
        contact = pages(built, slug)["contact/index.html"].find("main")
        assert main in contact.get_text(" ", strip=True), slug


def test_base_path_serves_under_a_folder(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    text = (
        (root / "centers.yaml")
        .read_text()
        .replace(
            "base_url: https://{slug}.example.org/", "base_url: https://example.org/clinics/{slug}/"
        )
    )
    (root / "centers.yaml").write_text(text)
    run_build(root)
    soup = BeautifulSoup((root / "output/harbor-light/faq/index.html").read_text(), "html.parser")
    for tag in soup.find_all(["a", "link"], href=True):
        if tag["href"].startswith("/"):
            assert tag["href"].startswith("/clinics/harbor-light/"), tag
    assert (
        soup.find("link", rel="canonical")["href"]
        == "https://example.org/clinics/harbor-light/faq/"
    )


def many_centers(tmp_path: Path, n: int) -> Path:
    from helpers import make_project

    blocks = []
    for i in range(n):
        blocks.append(
            f"""  - name: Clinic Number {i}
    slug: clinic-{i:02d}
    privacy_notice_url: https://c{i}.example.org/npp/
    phones:
      main: (626) 555-01{i:02d}
    locations:
      - street: {100 + i} Main St
        city: Pasadena
        state: CA
        zip: "91101"
    services: [group-therapy{", iop" if i % 2 else ""}]
"""
        )
    text = "defaults:\n  base_url: https://{slug}.example.org/\ncenters:\n" + "".join(blocks)
    return make_project(tmp_path, {"centers.yaml": text})


def test_worker_processes_give_the_same_sites(tmp_path: Path) -> None:
    one = many_centers(tmp_path / "one", 10)
    two = many_centers(tmp_path / "two", 10)
    a = run_build(one, jobs=1)
    b = run_build(two, jobs=2)
    assert not a.failed and not b.failed and a.pages == b.pages > 0
    for i in range(10):
        slug = f"clinic-{i:02d}"
        assert read_site(one / "output", slug) == read_site(two / "output", slug)


def test_a_no_op_rebuild_skips_every_center_but_reports_its_problems(tmp_path: Path) -> None:
    root = many_centers(tmp_path, 10)
    text = (
        (root / "centers.yaml")
        .read_text()
        .replace("(626) 555-0103", "(626) 555-0103\n      tty: (626) 555-0199", 1)
    )
    (root / "centers.yaml").write_text(text)
    (root / "content/first-visit.md").write_text(
        (root / "content/first-visit.md").read_text() + "\nWe utilize care.\n"
    )
    first = run_build(root, jobs=2)
    assert first.warnings and not first.failed
    again = run_build(root, jobs=2)
    assert again.stats.unchanged_centers == 10 and again.stats.written == 0
    assert [p.render() for p in again.problems] == [p.render() for p in first.problems]
    assert run_build(root, strict=True).failed  # --strict sees the cached warnings too
    # one center's edit rebuilds that center only
    text = (root / "centers.yaml").read_text().replace("(626) 555-0105", "(626) 555-0155", 1)
    (root / "centers.yaml").write_text(text)
    third = run_build(root, jobs=2)
    assert third.stats.unchanged_centers == 9
    assert "(626) 555-0155" in (root / "output/clinic-05/index.html").read_text()


def _site_files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of every center's folder: (inode, bytes), to see which were rewritten."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(output.rglob("*"))
        if p.is_file() and not p.relative_to(output).as_posix().startswith((".", "_"))
    }


def test_a_markdown_edit_rebuilds_that_page_only_and_equals_a_fresh_build(tmp_path: Path) -> None:
    root = many_centers(tmp_path / "a", 10)
    page = root / "content/first-visit.md"
    page.write_text(page.read_text() + "\n## Parking\n\nThere is free parking.\n")
    faq = root / "content/faq.md"
    faq.write_text(faq.read_text() + "\nRead about [parking](first-visit.md#parking).\n")
    assert not run_build(root, jobs=2).problems
    before = _site_files(root / "output")
    page.write_text(
        page.read_text().replace("free parking", "free parking nearby") + "We utilize care.\n"
    )
    edited = run_build(root, jobs=2)
    assert not edited.failed
    after = _site_files(root / "output")
    changed = {k for k in after if after[k] != before.get(k)}
    index = {k for k in changed if "/pagefind/" in k}  # each site's search index is made again
    assert {k.split("/")[0] for k in index} == {f"clinic-{i:02d}" for i in range(10)}
    assert changed - index == {f"clinic-{i:02d}/first-visit/index.html" for i in range(10)}
    # no other file was touched, not even rewritten with the same bytes
    assert all(after[k][0] == before[k][0] for k in after if k not in changed)
    assert any(
        p.mark.file == "content/first-visit.md" and "utilize" in p.message for p in edited.problems
    )
    # the same project built from nothing gives the same files and the same problems
    fresh = tmp_path / "b" / "project"
    fresh.mkdir(parents=True)
    for name in ("centers.yaml", "content", "themes"):
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, fresh / name)
    clean = run_build(fresh, jobs=2)
    assert {k: v[1] for k, v in _site_files(fresh / "output").items()} == {
        k: v[1] for k, v in after.items()
    }
    assert [p.render() for p in clean.problems] == [p.render() for p in edited.problems]
    assert (fresh / "output/_report/report.json").read_bytes() == (
        root / "output/_report/report.json"
    ).read_bytes()
    # removing the anchor the FAQ links to is an error of the FAQ, though only the other page
    # is rebuilt; the build fails and leaves the site as it was
    page.write_text(page.read_text().replace("## Parking", "## Where to park"))
    broken = run_build(root, jobs=2)
    assert broken.failed
    assert any(p.mark.file == "content/faq.md" and "parking" in p.message for p in broken.problems)
    assert _site_files(root / "output") == after
    page.write_text(page.read_text().replace("## Where to park", "## Parking"))
    fixed = run_build(root, jobs=2)
    assert not fixed.failed and not any(p.mark.file == "content/faq.md" for p in fixed.problems)


def test_an_interrupted_partial_commit_is_finished_on_the_next_run(tmp_path: Path) -> None:
    from site_builder.write import PATCH, STAGING, recover

    out = tmp_path / "output"
    (out / "a/page").mkdir(parents=True)
    (out / "a/page/index.html").write_text("old")
    (out / "a/other.html").write_text("other")
    staging = out / STAGING
    (staging / PATCH).mkdir(parents=True)
    (staging / PATCH / "a.0").write_text("new")
    (staging / f"{PATCH}.json").write_text(json.dumps({"a": [["page/index.html", "a.0"]]}))
    recover(out)  # killed after the journal was written, before the file moved
    assert (out / "a/page/index.html").read_text() == "new"
    assert (out / "a/other.html").read_text() == "other"
    assert not (staging / f"{PATCH}.json").exists()


def test_a_template_that_reads_another_pages_markdown_rebuilds_with_it(tmp_path: Path) -> None:
    root = many_centers(tmp_path, 8)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/home.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>'
        '<p>{{ site.pages["first-visit"].body | length }} letters on the first visit</p>'
        "{% endblock %}\n"
    )
    assert not run_build(root, jobs=2).failed
    page = root / "content/first-visit.md"
    page.write_text(page.read_text() + "\nOne more sentence.\n")
    assert not run_build(root, jobs=2).failed
    home = (root / "output/clinic-03/index.html").read_text()
    assert "letters on the first visit" in home
    fresh = tmp_path / "fresh" / "project"
    fresh.mkdir(parents=True)
    for name in ("centers.yaml", "content", "themes", "templates"):
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, fresh / name)
    assert not run_build(fresh, jobs=2).failed
    assert (fresh / "output/clinic-03/index.html").read_text() == home


def test_jinja_mistakes_stop_the_build_before_rendering_also_when_their_page_is_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's Jinja is compiled when the build first meets its source (or renders it): a
    rebuild after one edit compiles that page only, and a page's mistake found earlier is still
    reported, before anything renders."""
    from site_builder import bodies

    root = many_centers(tmp_path, 3)
    assert not run_build(root, jobs=1).failed
    checked: list[str] = []
    original = bodies.Bodies.check
    monkeypatch.setattr(
        bodies.Bodies,
        "check",
        lambda self, page: checked.append(page.source) or original(self, page),
    )
    faq = root / "content/faq.md"
    faq.write_text(faq.read_text().replace("common questions.", "common {% if x %}questions.", 1))
    page = root / "content/first-visit.md"
    page.write_text(page.read_text() + "\nWe are glad you called.\n")
    before = _site_files(root / "output")
    for attempt in range(2):
        checked.clear()
        broken = run_build(root, jobs=1)
        assert broken.failed and _site_files(root / "output") == before
        found = [p for p in broken.problems if p.mark.file == "content/faq.md" and p.is_error]
        assert [p.message for p in found] == [msg.JINJA_UNCLOSED.format(tag="if")], attempt
        assert not found[0].centers  # one mistake of the page, not one per center
        # the first time, the two edited pages only; then the results kept in output/
        assert checked == (["content/faq.md", "content/first-visit.md"] if not attempt else [])
    faq.write_text(faq.read_text().replace("common {% if x %}questions.", "common questions.", 1))
    checked.clear()
    fixed = run_build(root, jobs=1)
    assert not fixed.failed and checked == ["content/faq.md"]
