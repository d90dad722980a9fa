from pathlib import Path

from helpers import cli, make_project, run_build

from site_builder.content import collect, parse_page
from site_builder.problems import Problems


def test_front_matter_body_line_and_faq(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    content = collect(root / "content", root, Problems(root=root))
    pages = {p.id: p for p in content.shared}
    faq = pages["faq"]
    assert faq.layout == "faq" and faq.nav == "FAQ"
    assert [f.question for f in faq.faq] == ["Do I need a referral?", "Is it private?"]
    assert faq.faq[0].answer == "No. Call {{ center.phone }} to ask."
    assert faq.faq[0].line == 8 and faq.faq[1].line == 11  # where each answer's text starts
    visit = pages["first-visit"]
    assert visit.body_line == 8 and visit.body.startswith("Bring your insurance card.")
    assert visit.last_reviewed.isoformat() == "2026-11-20"
    assert pages["index"].layout == "home" and pages["index"].url == ""
    assert pages["services/iop"].service == "iop" and pages["services/iop"].url == "services/iop/"
    assert set(content.catalog) == {"group-therapy", "iop"}


def test_per_center_pages_replace_and_add(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/centers/river/first-visit.md": "---\ntitle: River first visit\n---\nRiver text.\n",
            "content/centers/river/events.md": "---\ntitle: Events\n---\nOnly at River.\n",
        },
    )
    content = collect(root / "content", root, Problems(root=root))
    river = {p.id: p for p in content.pages_for("river")}
    valley = {p.id: p for p in content.pages_for("valley")}
    assert river["first-visit"].title == "River first visit"
    assert "events" in river and "events" not in valley
    assert valley["first-visit"].title == "Your first visit"
    assert set(content.catalog) == {"group-therapy", "iop"}  # per-center pages never add services


def test_page_without_front_matter_says_how_to_start_one() -> None:
    problems = Problems()
    assert parse_page("Just text\n", "content/x.md", "x.md", "", problems) is None
    (p,) = problems.items
    assert p.message == "this page has no front matter"
    assert "title: Your page title" in p.hint
    problems = Problems()
    assert parse_page("---\nnav: X\n---\nText\n", "content/x.md", "x.md", "", problems) is None
    assert problems.items[0].message == "front matter is missing 'title'"


def test_unknown_front_matter_key_points_at_its_line() -> None:
    problems = Problems()
    text = "---\ntitle: A\nlast_reviewd: 2026-01-01\n---\nBody\n"
    assert parse_page(text, "content/x.md", "x.md", "", problems) is None
    (p,) = problems.items
    assert (p.mark.line, p.mark.col) == (3, 1)
    assert p.hint == "did you mean 'last_reviewed'?"
    assert p.source_line == "last_reviewd: 2026-01-01"


def test_symlinks_out_of_the_project_are_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2", encoding="utf-8")
    outside_md = tmp_path / "outside.md"
    outside_md.write_text("---\ntitle: Outside\n---\nHello from outside.\n", encoding="utf-8")
    (root / "content" / "notes.txt").symlink_to(secret)
    (root / "content" / "outside.md").symlink_to(outside_md)
    result = run_build(root)
    refused = sorted(p.mark.file for p in result.problems if "outside the project" in p.message)
    assert refused == ["content/notes.txt", "content/outside.md"]
    assert result.failed
    for p in (root / "output").rglob("*"):
        if p.is_file():
            assert b"hunter2" not in p.read_bytes()


def test_symlinks_inside_the_project_still_work(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "map.txt").write_text("directions", encoding="utf-8")
    (root / "content" / "map.txt").symlink_to(root / "shared" / "map.txt")
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems]
    slug = result.model.centers[0].slug  # type: ignore[union-attr]
    assert (root / "output" / slug / "map.txt").read_text(encoding="utf-8") == "directions"


def test_a_byte_order_mark_does_not_hide_the_front_matter(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    page = root / "content/first-visit.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]


def test_a_page_saved_under_another_ending_is_named(tmp_path: Path) -> None:
    """'groups.markdown' or 'groups.MD' was passed over without a word: no page, no message."""
    page = "---\ntitle: Groups\n---\nWe meet on Tuesdays.\n"
    names = ("groups.markdown", "Family.MD", "visit.md.txt")
    root = make_project(tmp_path, {f"content/{n}": page for n in names})
    problems = Problems(root=root)
    collect(root / "content", root, problems)
    found = {(p.mark.file, p.hint) for p in problems.items if "is not read as a page" in p.message}
    assert found == {
        ("content/groups.markdown", "rename it to groups.md"),
        ("content/Family.MD", "rename it to Family.md"),
        ("content/visit.md.txt", "rename it to visit.md"),
    }
    assert all(p.severity.value == "warning" for p in problems.items)


def test_a_centers_page_named_almost_like_a_shared_one_is_a_warning(tmp_path: Path) -> None:
    """'frist-visit.md' in content/centers/valley/ was published as a second visit page (with the
    shared one), and the only message was about two pages with one title."""
    page = "---\ntitle: Valley's first visit\n---\nWelcome to Valley.\n"
    root = make_project(
        tmp_path,
        {
            "content/centers/valley/frist-visit.md": page,
            "content/centers/valley/family-night.md": page.replace("first visit", "family night"),
        },
    )
    result = run_build(root)
    found = [(p.mark.file, p.severity.value, p.hint) for p in result.problems]
    assert found == [
        (
            "content/centers/valley/frist-visit.md",
            "warning",
            "to show valley its own version of that page instead, name this file first-visit.md;"
            " if it is meant as a page of its own, give it a name less like the shared one",
        )
    ]


def test_files_that_cannot_be_pages_are_named_and_lock_files_passed_over(tmp_path: Path) -> None:
    """A name that is not UTF-8 hung every page of the preview and ended `check` as an internal
    error; a link to nothing, or an editor's lock file (.#page.md), made the preview say "could
    not rebuild … save again"."""
    import os

    root = make_project(tmp_path)
    content = root / "content"
    (content / "first-visit.md").rename(os.fsdecode(bytes(content / "caf") + b"\xe9.md"))
    (content / "gone.md").symlink_to(content / "nowhere.md")
    (content / ".#faq.md").symlink_to("user@host.1234:1700000000")
    problems = Problems(root=root)
    collect(content, root, problems)
    found = sorted((p.mark.file, p.message) for p in problems.items)
    assert found == [
        (
            "content/caf\ufffd.md",
            "this file's name is not UTF-8 text, so it cannot be part of a web address",
        ),
        ("content/gone.md", "site-builder cannot open this file"),
    ]
    run = cli(root, "check", "--today", "2026-12-02")
    assert run.code == 1 and "internal error" not in run.err and "Traceback" not in run.err


def test_a_folder_that_cannot_be_opened_is_named(tmp_path: Path, monkeypatch) -> None:
    """Its pages were passed over without a word, and every center offering one of its services
    had an error instead (191 of them for content/services/ in the sample)."""
    import os

    import site_builder.content as content_mod

    root = make_project(tmp_path)
    services = root / "content/services"
    scandir = os.scandir

    def refuse(path):  # what a folder without read permission does (the tests run as root)
        if Path(path) == services:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(content_mod.os, "scandir", refuse)
    problems = Problems(root=root)
    collect(root / "content", root, problems)
    assert [(p.mark.file, p.message) for p in problems.items] == [
        ("content/services", "site-builder cannot open this folder, so none of its pages are read")
    ]
