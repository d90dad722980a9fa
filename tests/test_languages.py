"""Languages as a dimension of the page plan: a Spanish twin of each translated page under /es/,
the switcher, hreflang both ways, the sitemap's alternates, Spanish formats and checks, and a
report of the pages not translated."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, edit, make_project, run_build

from site_builder import languages

ES_INDEX = (
    "---\ntitle: Bienvenidos\nnav: Inicio\norder: 0\n---\n"
    "Bienvenidos a {{ center.name }}. Lea sobre [su primera visita](first-visit.md) y las"
    " [preguntas](faq.md).\n"
)
ES_VISIT = (
    "---\ntitle: Su primera visita\nslug: primera-visita\nnav: Primera visita\norder: 30\n"
    "last_reviewed: 2026-11-20\nreviewed_by: Equipo clínico\n---\n"
    "Traiga su tarjeta del seguro.\n\n## Qué traer\n\nUna lista de sus medicinas.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The test project with Valley's staff speaking Spanish and two pages translated."""
    root = make_project(
        tmp_path, {"content/es/index.md": ES_INDEX, "content/es/first-visit.md": ES_VISIT}
    )
    edit(
        root,
        "centers.yaml",
        "    entity: Test Valley Health, Inc.\n",
        "    entity: Test Valley Health, Inc.\n    languages:\n      - English\n      - Spanish\n",
    )
    for theme in (root / "themes").iterdir():  # the real Spanish strings, where a theme has them
        src = REPO / "themes" / theme.name / "strings" / "es.yaml"
        if src.is_file():
            shutil.copy(src, theme / "strings" / "es.yaml")
    return root


def _page(root: Path, path: str) -> str:
    return (root / "output" / path).read_text(encoding="utf-8")


def _alternates(html: str) -> set[tuple[str, str]]:
    return set(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_spanish_twin_pages_are_built_for_spanish_speaking_centers(project: Path) -> None:
    result = run_build(project)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    es = _page(project, "valley/es/primera-visita/index.html")
    assert '<html lang="es">' in es
    assert "Su primera visita" in es
    for path in (
        "index.html",
        "404.html",
        "credentials/index.html",
        "locations/pasadena/index.html",
    ):
        assert (project / "output/valley/es" / path).is_file(), path
    assert not (project / "output/river/es").exists()  # River's staff do not speak Spanish


def test_hreflang_is_reciprocal_with_x_default(project: Path) -> None:
    run_build(project)
    en = _alternates(_page(project, "valley/first-visit/index.html"))
    es = _alternates(_page(project, "valley/es/primera-visita/index.html"))
    want = {
        ("en", "https://valley.example.org/first-visit/"),
        ("es", "https://valley.example.org/es/primera-visita/"),
        ("x-default", "https://valley.example.org/first-visit/"),
    }
    assert en == es == want
    assert _alternates(_page(project, "river/first-visit/index.html")) == set()


def test_the_switcher_points_at_the_same_page_in_the_other_language(project: Path) -> None:
    run_build(project)
    en = _page(project, "valley/first-visit/index.html")
    es = _page(project, "valley/es/primera-visita/index.html")
    assert '<a href="/es/primera-visita/" hreflang="es" lang="es">Español</a>' in en
    assert '<a href="/first-visit/" hreflang="en" lang="en">English</a>' in es


def test_links_between_translated_pages_and_to_untranslated_ones(project: Path) -> None:
    run_build(project)
    home = _page(project, "valley/es/index.html")
    assert 'href="/es/primera-visita/"' in home  # the Spanish twin
    assert 'href="/faq/"' in home  # not translated: the English page, never a broken link


def test_untranslated_pages_are_reported_as_notes(project: Path) -> None:
    result = run_build(project)
    notes = [p for p in result.problems if "has no Spanish version" in p.message]
    assert {p.mark.file for p in notes} >= {"content/faq.md", "content/contact.md"}
    assert all(p.severity.value == "note" and p.centers == ("valley",) for p in notes)
    assert not result.failed
    report = json.loads(_page(project, "_report/report.json"))
    assert report["notes"] == len(notes)
    strict = run_build(project, strict=True)
    assert not strict.failed  # a note never fails --strict unless a setting says so
    edit(project, "centers.yaml", "  language: en\n", "  language: en\n  untranslated: warning\n")
    assert run_build(project, strict=True).failed


def test_the_sitemap_lists_both_languages_with_alternates(project: Path) -> None:
    run_build(project)
    sitemap = _page(project, "valley/sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    assert "<loc>https://valley.example.org/es/primera-visita/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="es" href="https://valley.example.org/es/primera-visita/"/>'
        in sitemap
    )


def test_json_ld_says_each_page_language_and_keeps_one_organization(project: Path) -> None:
    run_build(project)
    html = _page(project, "valley/es/primera-visita/index.html")
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    nodes = {n["@type"]: n for n in data["@graph"]}
    assert nodes["MedicalWebPage"]["inLanguage"] == "es"
    assert nodes["MedicalOrganization"]["@id"] == "https://valley.example.org/#organization"
    assert nodes["WebSite"]["inLanguage"] == ["en", "es"]
    clinics = []
    for path in ("valley/locations/pasadena/index.html", "valley/es/locations/pasadena/index.html"):
        block = re.search(r'ld\+json">(.*?)</script>', _page(project, path), re.S)
        clinics += [
            n for n in json.loads(block.group(1))["@graph"] if n["@type"] == "MedicalClinic"
        ]  # type: ignore[union-attr]
    english, spanish = clinics  # one clinic, one @id; each page has its own address
    assert (
        english["@id"] == spanish["@id"] == "https://valley.example.org/locations/pasadena/#clinic"
    )
    assert spanish["url"] == "https://valley.example.org/es/locations/pasadena/"


def test_hours_and_dates_are_formatted_in_spanish(project: Path) -> None:
    run_build(project)
    loc = _page(project, "valley/es/locations/pasadena/index.html").replace("\u202f", " ")
    assert "9:00 a.m. – 5:00 p.m." in loc and "Lunes" in loc
    visit = _page(project, "valley/es/primera-visita/index.html")
    assert "20 de noviembre de 2026" in visit


def test_a_missing_theme_string_names_the_key_and_file(project: Path) -> None:
    path = project / "themes/default/strings/es.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^main_menu:.*\n", "", text), encoding="utf-8")
    result = run_build(project)
    found = [p for p in result.problems if "'main_menu' is missing" in p.message]
    assert found and found[0].mark.file == "themes/default/strings/es.yaml" and found[0].is_error


def test_spanish_claims_and_readability(project: Path) -> None:
    (project / "content/es/first-visit.md").write_text(
        ES_VISIT.replace("Traiga su tarjeta del seguro.", "Le garantizamos una cura."),
        encoding="utf-8",
    )
    result = run_build(project)
    claims = [p for p in result.problems if p.mark.file == "content/es/first-visit.md"]
    assert any("garantizamos" in p.message or "cura" in p.message for p in claims), [
        p.message for p in claims
    ]


def test_reading_ease_uses_the_spanish_formula(tmp_path: Path) -> None:
    from site_builder.checks import wording
    from site_builder.config import SiteConfig
    from site_builder.content import parse_page
    from site_builder.markdown import Converter
    from site_builder.problems import Problems

    hard = " ".join(
        ["La implementación interdisciplinaria de intervenciones psicoterapéuticas"
         " individualizadas requiere consideraciones metodológicas extraordinariamente"
         " complejas."] * 8
    )  # fmt: skip
    page = parse_page(
        f"---\ntitle: Prueba\n---\n{hard}\n", "content/es/x.md", "x", "", Problems(), "es"
    )
    assert page is not None
    found = wording.check_page(
        page, SiteConfig(), Converter(), [], __import__("datetime").date(2026, 12, 2)
    )
    assert any("Fernández" in p.message or "fernandez_huerta" in p.message for p in found)


def test_a_language_is_data() -> None:
    spanish = languages.known()["es"]
    assert (spanish.name, spanish.native, spanish.locale) == ("Spanish", "Español", "es_US")


def test_the_dev_server_serves_and_reloads_spanish_pages(project: Path) -> None:
    from test_serve import Server

    srv = Server(project)
    try:
        srv.wait_for(
            "/valley/es/primera-visita/", lambda s, b: s == 200 and "Su primera visita" in b
        )
        page = project / "content/es/first-visit.md"
        page.write_text(ES_VISIT.replace("Traiga su tarjeta", "Traiga su identificación"), "utf-8")
        srv.wait_for("/valley/es/primera-visita/", lambda s, b: "Traiga su identificación" in b)
        theme = project / "themes/default/templates/page.html"
        theme.write_text(
            theme.read_text(encoding="utf-8").replace("<h1>", '<h1 class="x-new">'), "utf-8"
        )
        srv.wait_for("/valley/es/primera-visita/", lambda s, b: 'class="x-new"' in b)
    finally:
        srv.stop()


def test_facts_read_in_the_page_language(project: Path) -> None:
    from site_builder.languages import reader

    result = run_build(project)
    valley = next(c for c in result.model.centers if c.slug == "valley")  # type: ignore[union-attr]
    es = reader(valley, "es")
    assert es.languages_text == "inglés y español"
    assert es.offers("iop") and es.name == valley.name  # the same facts and questions
    assert "9:00" in es.line_hours_text and "Mon" not in es.line_hours_text


def test_a_language_written_in_its_own_name_or_lower_case_is_understood(project: Path) -> None:
    edit(project, "centers.yaml", "      - Spanish\n", "      - español\n")
    result = run_build(project)
    valley = next(c for c in result.model.centers if c.slug == "valley")  # type: ignore[union-attr]
    assert valley.languages == ("English", "Spanish")
    assert (project / "output/valley/es/index.html").is_file()


def test_two_pages_with_one_slug_are_blamed_on_the_slug_line(project: Path) -> None:
    """The slug: sets a translated page's address: the fix is a slug of its own, not a rename."""
    (project / "content/es/faq.md").write_text(
        "---\ntitle: Preguntas\nslug: primera-visita\n---\nPregúntenos lo que quiera.\n",
        encoding="utf-8",
    )
    result = run_build(project)
    (found,) = [p for p in result.problems if "two pages would be published" in p.message]
    assert found.mark.line == 3  # the slug: line of one of the two pages
    assert found.mark.file in ("content/es/first-visit.md", "content/es/faq.md")
    assert found.hint.startswith("give each page its own slug:")


def test_one_line_hours_in_spanish_join_days_with_equal_hours() -> None:
    """The header's line of hours: runs of days with the same hours said once, closed days left
    out, a whole week as the theme's words for it."""
    from site_builder.hours import HoursKind
    from site_builder.problems import Problems
    from site_builder.schema import Reader
    from site_builder.yamlsrc import load as yload

    words = {"every_day": "Todos los días", "hours_closed": "Cerrado"}
    fmt = languages.Formats("es", words.__getitem__)

    def line(text: str) -> str:
        node = yload(text, "x.yaml", Problems())
        hours = HoursKind().read(node, "hours", Reader("x.yaml", Problems()))
        return fmt.short_hours(hours).replace("\u202f", " ").replace("\xa0", " ")

    assert line("mon-thu: 8am-8pm\nfri: 8am-6pm\nsat: closed\nsun: 8am-6pm") == (
        "lun–jue 8:00 a.m.–8:00 p.m., vie 8:00 a.m.–6:00 p.m., dom 8:00 a.m.–6:00 p.m."
    )
    assert line("daily: 9-5") == "Todos los días 9:00 a.m.–5:00 p.m."


def test_a_broken_english_page_is_one_error_not_one_more_about_its_twin(project: Path) -> None:
    """The twin was said to have no English page (and the hint was to add the page that is
    there), beside the English page's own error."""
    text = (project / "content/first-visit.md").read_text(encoding="utf-8")
    (project / "content/first-visit.md").write_text("---\n" + text, encoding="utf-8")
    result = run_build(project)
    assert result.failed
    assert not [p for p in result.problems if "has no English page" in p.message]
    assert [p.mark.file for p in result.problems] == ["content/first-visit.md"]


def test_a_language_a_page_asks_about_must_be_one_centers_can_list(tmp_path: Path) -> None:
    """center.speaks("Spansh") or ("Español") was never true, and nothing said so: the sentence
    was dropped for every center."""
    body = (
        '{% if center.speaks("Spansh") %}Hablamos.{% endif %}\n'
        '{% if center.speaks("Español") %}Sí.{% endif %}\n'
        '{% if center.speaks("korean") or center.speaks("Spanish") %}Yes.{% endif %}\n'
    )
    page = f"---\ntitle: Languages\n---\n{body}"
    root = make_project(tmp_path, {"content/languages-we-speak.md": page})
    result = run_build(root)
    found = [(p.mark.line, p.message, p.hint) for p in result.problems if p.is_error]
    assert found == [
        (
            4,
            'center.speaks("Spansh") names a language no center lists, so it is never true',
            "did you mean 'Spanish'?",
        ),
        (
            5,
            'center.speaks("Español") names a language no center lists, so it is never true',
            'centers list it as Spanish: write center.speaks("Spanish")',
        ),
    ]


def test_a_centers_pages_in_another_language_follow_its_slug(project: Path) -> None:
    """After a slug was renamed and its folder content/centers/<slug>/ with it, the Spanish
    folder was left behind without a word about it, and its pages were not published."""
    page = "---\ntitle: Family night\n---\nCome with your family.\n"
    for folder in ("content/centers/vally", "content/es/centers/vally"):
        (project / folder).mkdir(parents=True)
        (project / folder / "family-night.md").write_text(page, encoding="utf-8")
    result = run_build(project)
    found = sorted((p.mark.file, p.message, p.hint) for p in result.problems)
    assert found == [
        (
            f"content/{lang}centers/vally/family-night.md",
            f"content/{lang}centers/vally/ is for a center that is not in centers.yaml",
            "did you mean 'valley'? rename the folder to the center's slug; or, if that center"
            " is gone, move the folder out of content/",
        )
        for lang in ("", "es/")
    ]
