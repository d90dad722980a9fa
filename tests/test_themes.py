from pathlib import Path

import pytest
from helpers import edit, make_project, run_build, sample_project

from site_builder.problems import Problems
from site_builder.themes import ThemeSet


def themes(root: Path) -> ThemeSet:
    return ThemeSet(root / "themes", root / "templates", root, Problems(root=root))


def test_child_theme_inherits_and_overrides(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    ts = themes(root)
    assert [t.name for t in ts.chains["sage"]] == ["sage", "default"]
    # sage overrides one partial; everything else comes from default
    src, filename, _ = ts.env.loader.get_source(ts.env, "sage/partials/cta.html")
    assert "cta-sage" in src and "/sage/" in filename
    _, filename, _ = ts.env.loader.get_source(ts.env, "sage/base.html")
    assert "/default/" in filename
    # strings merge along the chain; assets too, child files added to the parent's
    assert ts.strings("sage")["skip_to_content"] == "Skip to main content"
    shared = {"css/site.css", "css/find.css", "js/search.js", "js/directory.js"}
    assert set(ts.assets("default")) == shared
    assert set(ts.assets("sage")) == shared | {"css/theme.css"}


def test_assets_are_fingerprinted_by_content(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    a = themes(root).assets("default")["css/site.css"].published
    css = root / "themes/default/static/css/site.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    b = themes(root).assets("default")["css/site.css"].published
    assert a != b and a.startswith("assets/css/site.") and a.endswith(".css")


def test_project_templates_override_a_single_template(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"templates/partials/cta.html": '<section class="cta"><p>Project override</p></section>\n'},
    )
    result = run_build(root)
    assert not result.failed
    for slug in ("valley", "river"):
        html = (root / "output" / slug / "first-visit/index.html").read_text()
        assert "Project override" in html


def test_dependencies_follow_extends_and_includes(tmp_path: Path) -> None:
    ts = themes(make_project(tmp_path))
    deps = ts.dependencies("sage/service.html")
    assert {
        "sage/service.html",
        "sage/page.html",
        "sage/base.html",
        "sage/partials/crisis.html",
        "sage/partials/cta.html",
    } <= deps


def test_a_missing_theme_string_is_a_theme_error(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"templates/partials/cta.html": "{{ t('no_such_key') }}\n"})
    result = run_build(root)
    assert result.failed
    assert any("no text for 'no_such_key'" in p.message for p in result.problems)


def _lines(problems) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(p.mark.file, p.mark.line, p.message) for p in problems]


def test_each_theme_text_mistake_is_one_problem_at_its_line(tmp_path: Path) -> None:
    """A wrong name, an emptied text and {{ }} in strings/en.yaml: one problem each, at the text's
    line, never a failed template on every page of every site."""
    root = sample_project(tmp_path)
    en = "themes/default/strings/en.yaml"
    edit(root, en, 'crisis_call: "Call {number}"', 'crisis_call: "Call {Number}"')
    edit(root, en, "crisis_label: Help now", 'crisis_label: ""')
    edit(root, en, 'call_us: "Call {phone}"', 'call_us: "Call {{ phone }}"')
    result = run_build(root)
    assert result.failed
    assert _lines(result.problems) == [
        (en, 3, "the theme text 'crisis_label' is empty, so the page would show nothing there"),
        (en, 5, "the theme text 'crisis_call' asks for {Number}, which the theme does not give it"),
        (
            en,
            17,
            "the theme text 'call_us' has {{ }} or a lone brace: theme texts take values as "
            "{name} with one pair of braces",
        ),
    ]
    assert result.problems[1].hint.startswith("use only {number}")


def test_a_misspelt_key_is_blamed_where_it_is_misspelt(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    edit(
        root,
        "themes/default/strings/en.yaml",
        "crisis_chat: Chat online",
        "crisis_chta: Chat online",
    )
    result = run_build(root)
    (found,) = result.problems  # not also "crisis_chta is missing from es.yaml": a wrong fix
    assert (found.mark.file, found.mark.line) == ("themes/default/strings/en.yaml", 7)
    assert found.message == "the theme has no text for 'crisis_chat'"
    assert "did you mean 'crisis_chta'?" in found.hint
    root = sample_project(tmp_path / "es")
    edit(root, "themes/default/strings/es.yaml", "crisis_chat:", "crisis_chta:")
    result = run_build(root)  # the Spanish file's misspelling: its text is missing there
    assert any(
        p.message == "the theme text 'crisis_chat' is missing from themes/default/strings/es.yaml"
        for p in result.problems
    )


@pytest.mark.parametrize("theme", ["default", "sage", "harbor"])
def test_every_shipped_theme_builds(tmp_path: Path, theme: str) -> None:
    root = make_project(tmp_path)
    text = (root / "centers.yaml").read_text().replace("theme: sage", f"theme: {theme}")
    (root / "centers.yaml").write_text(text)
    assert not run_build(root).failed


def test_template_names_cannot_leave_the_theme_folders(tmp_path: Path) -> None:
    import jinja2

    root = tmp_path / "p"
    (root / "themes" / "default" / "templates").mkdir(parents=True)
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    themes = ThemeSet(root / "themes", root / "templates", root, Problems(root=root))
    for name in (
        "default/../../../secret.html",
        "default/../../secret.html",
        "default//etc/passwd",
    ):
        with pytest.raises(jinja2.TemplateNotFound):
            themes.env.get_template(name)
    page = themes.env.from_string('{% include "default/../../../secret.html" %}')
    with pytest.raises(jinja2.TemplateNotFound):
        page.render()


def test_a_template_that_does_not_compile_is_one_error_at_its_line(tmp_path: Path) -> None:
    """It ended the build as "internal error … a bug in site-builder", naming no file."""
    from site_builder.devsite import DevSite

    root = make_project(tmp_path)
    edit(root, "themes/default/templates/page.html", "{{ page.title }}", "{{ page.title }")
    result = run_build(root, jobs=2)
    assert result.failed and not (root / "output/valley").exists()
    found = [p for p in result.problems if p.is_error]
    assert [(p.mark.file, p.mark.line) for p in found] == [
        ("themes/default/templates/page.html", 5)
    ]
    assert "cannot be read: unexpected '}'" in found[0].message
    assert "{{ page.title }" in found[0].source_line
    site = DevSite(root, today="2026-12-02")  # the preview says the same, before rendering
    try:
        site.build_all()
        assert [(p.mark.file, p.mark.line) for p in site.problems if p.is_error] == [
            ("themes/default/templates/page.html", 5)
        ]
    finally:
        site.close()


def test_a_template_that_fails_as_it_renders_is_named_at_its_line(tmp_path: Path) -> None:
    """It was an error at 'centers.yaml' with no line, once for every page of every center, its
    message carrying the template's absolute path."""
    root = make_project(tmp_path)
    edit(root, "themes/default/templates/page.html", "{{ page.title }}", "{{ center.phonee }}")
    result = run_build(root)
    found = [p for p in result.problems if p.is_error]
    assert [(p.mark.file, p.mark.line, p.centers) for p in found] == [
        ("themes/default/templates/page.html", 5, ("river", "valley"))
    ]
    assert found[0].message == (
        "the theme's template failed: 'site_builder.centers.Center object' has no attribute"
        " 'phonee'"
    )
    assert str(tmp_path) not in found[0].message
