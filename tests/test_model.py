"""Loading the project: one mistake, one message — what follows from it is not reported again."""

from __future__ import annotations

from pathlib import Path

from helpers import edit, make_project, run_build


def test_a_misspelt_key_in_a_service_page_is_one_message(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/services/iop.md", "order: 20", "ordr: 20")
    result = run_build(root)
    errors = [(p.mark.file, p.message) for p in result.problems if p.is_error]
    assert errors == [("content/services/iop.md", "'ordr' is not a key front matter understands")]


def test_a_misspelt_key_on_a_center_does_not_blame_its_folder(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"content/centers/valley/extra.md": "---\ntitle: Extra\n---\nMore.\n"}
    )
    edit(root, "centers.yaml", "    entity: Test Valley Health, Inc.", "    entitty: Test Valley")
    result = run_build(root)
    files = sorted({p.mark.file for p in result.problems if p.is_error})
    assert files == ["centers.yaml"], [p.message for p in result.problems]


def test_service_terms_lead_the_hint(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/services/adolescents.md": (
                "---\ntitle: Programs for young people\nsummary: Care for ages 13 to 17.\n"
                "category: specialized\nterms:\n  - teens\n  - teen program\n---\nFor teens.\n"
            )
        },
    )
    edit(
        root,
        "centers.yaml",
        "      - group-therapy\n      - iop\n",
        "      - group-therapy\n      - Teens\n",
    )
    result = run_build(root)
    found = [p for p in result.problems if "'Teens' is not a service" in p.message]
    assert found and found[0].hint == "did you mean 'adolescents'?"


def test_a_renamed_service_file_is_one_message(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "content/services/iop.md").rename(root / "content/services/IOP.md")
    result = run_build(root)
    errors = [(p.mark.file, p.message) for p in result.problems if p.is_error]
    assert len(errors) == 1 and errors[0][0] == "content/services/IOP.md", errors


def test_a_when_without_center_is_one_message(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"content/video.md": "---\ntitle: Video visits\nwhen: telehealth\n---\nBy video.\n"},
    )
    result = run_build(root)
    errors = [(p.mark.file, p.mark.line) for p in result.problems if p.is_error]
    assert errors == [("content/video.md", 3)]
