"""The build's record (manifest.py): each site's entry read back as the build wrote it, and an
entry this version cannot read makes its site again instead of failing or reporting half of it."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import make_project, run_build

from site_builder import engine, manifest
from site_builder.problems import Mark, Problem, Severity

#: a warning each center's site has (a vague link, found in the built page): kept in its entry
WARNED = "\nTo read our answers, [click here](faq.md).\n"


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    page = root / "content/first-visit.md"
    page.write_text(page.read_text(encoding="utf-8") + WARNED, encoding="utf-8")
    return root


def test_an_entry_survives_the_record() -> None:
    problem = Problem(Mark("content/faq.md", 3, 2), "m", "h", Severity.WARNING, "src", ("valley",))
    pieces = engine.Pieces(
        "f", {"faq": "1"}, {"faq": [problem]}, {}, [("faq/index.html", "FAQ", "faq")]
    )
    entry = manifest.Entry("k", 12, (problem,), pieces)
    assert manifest.Entry.from_dict(json.loads(json.dumps(entry.as_dict()))) == entry
    assert manifest.Entry.from_dict(manifest.Entry("k", 3).as_dict()) == manifest.Entry("k", 3)


def test_an_entry_it_cannot_read_has_no_key() -> None:
    for bad in (
        {"key": "k", "pages": 3, "problems": [{"oops": 1}]},
        {"key": "k", "pages": "many"},
        {"key": "k", "problems": "text"},
    ):
        assert manifest.Entry.from_dict(bad) == manifest.Entry(), bad
    # pieces it cannot read: the key and problems stand, the next render is a whole one
    entry = manifest.Entry.from_dict({"key": "k", "pages": 1, "problems": [], "pieces": {"x": 1}})
    assert entry == manifest.Entry("k", 1)


def test_a_record_read_and_written_again_is_the_same(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_build(root).warnings
    record = root / "output" / manifest.MANIFEST
    entries = manifest.read(root / "output")
    assert set(entries) == {"valley", "river"}
    assert all(e.key and e.pages and e.pieces is not None for e in entries.values())
    assert any(e.problems for e in entries.values())
    again = tmp_path / "again"
    again.mkdir()
    manifest.write(again, entries)
    assert (again / manifest.MANIFEST).read_bytes() == record.read_bytes()


def test_a_damaged_entry_makes_its_site_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = run_build(root)
    record = root / "output" / manifest.MANIFEST
    data = json.loads(record.read_text(encoding="utf-8"))
    data["centers"]["valley"]["problems"] = [{"oops": 1}]  # a record some other version wrote
    record.write_text(json.dumps(data), encoding="utf-8")
    again = run_build(root)
    assert not again.failed
    assert [o.slug for o in again.outcomes if o.cached] == ["river"]  # valley: made again
    assert [p.render() for p in again.problems] == [p.render() for p in first.problems]
    valley = manifest.read(root / "output")["valley"]
    assert valley.key and valley.problems  # whole again


def test_an_old_record_lists_slugs_only(tmp_path: Path) -> None:
    (tmp_path / manifest.MANIFEST).write_text('{"centers": ["valley", 3]}', encoding="utf-8")
    assert manifest.read(tmp_path) == {"valley": manifest.Entry()}
