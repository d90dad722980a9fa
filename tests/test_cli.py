import json
import re
from pathlib import Path

import pytest
from helpers import TODAY, cli, edit, make_project

from site_builder import cli as cli_mod


def test_build_prints_progress_and_one_closing_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = cli(root, "build", "--today", TODAY)
    assert run.code == 0, run.err
    assert "[1/2] valley" in run.err and "[2/2] river" in run.err
    assert re.search(r"^Built 2 centers, \d+ pages, 0 warnings in \d+\.\d s$", run.err, re.M)
    assert (root / "output/valley/index.html").is_file()


def test_quiet_prints_only_the_closing_line(tmp_path: Path) -> None:
    run = cli(make_project(tmp_path), "build", "--today", TODAY, "--quiet")
    assert run.code == 0 and run.err.strip().count("\n") == 0 and run.err.startswith("Built")


def test_center_option_builds_only_those(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = cli(root, "build", "--today", TODAY, "--center", "river")
    assert run.code == 0
    assert (root / "output/river").is_dir() and not (root / "output/valley").exists()


def test_unknown_center_is_a_usage_error(tmp_path: Path) -> None:
    run = cli(make_project(tmp_path), "build", "--center", "rivr")
    assert run.code == 2
    assert "no center with the slug 'rivr'" in run.err and "did you mean 'river'?" in run.err


def test_bad_option_is_a_usage_error(tmp_path: Path) -> None:
    assert cli(make_project(tmp_path), "build", "--no-such-flag").code == 2
    assert cli(make_project(tmp_path / "b"), "build", "--today", "tomorrow").code == 2


def test_check_writes_no_site_but_the_report(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = cli(root, "check", "--today", TODAY)
    assert run.code == 0 and run.err.strip().endswith("s")
    assert sorted(p.name for p in (root / "output").iterdir()) == ["_report"]
    report = json.loads((root / "output/_report/report.json").read_text())
    assert report["ok"] and report["centers"] == 2


def test_errors_exit_1_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "main: (626) 555-0140", "main: 555-12")
    for command in ("build", "check"):
        run = cli(root, command, "--today", TODAY)
        assert run.code == 1
        assert "centers.yaml:16:13: error: phone '555-12' is not a valid US number" in run.err
        assert "Traceback" not in run.err
    assert not (root / "output/valley").exists()


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "expires: 2030-01-31", "expires: 2027-01-15")  # within 60 days
    run = cli(root, "build", "--today", TODAY)
    assert run.code == 0 and "1 warning" in run.err
    strict = cli(root, "build", "--today", TODAY, "--strict")
    assert strict.code == 1 and "nothing was written" in strict.err


def test_json_format_for_ci(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "      - iop\n", "      - ipo\n")
    run = cli(root, "check", "--today", TODAY, "--format", "json")
    assert run.code == 1
    data = json.loads(run.out)
    (problem,) = data["problems"]
    assert problem["file"] == "centers.yaml" and problem["line"] == 27 and problem["col"] == 9
    assert problem["hint"] == "did you mean 'iop'?" and problem["severity"] == "error"


def test_missing_centers_file_is_explained(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "centers.yaml").unlink()
    run = cli(root, "build")
    assert run.code == 1 and "there is no centers.yaml" in run.err


def test_internal_errors_never_show_a_traceback_unless_debug(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    root = make_project(tmp_path)

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli_mod, "build", boom)
    assert cli_mod.main(["build", "--project", str(root)]) == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: kaboom)" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        cli_mod.main(["build", "--project", str(root), "--debug"])


def test_html_report_lists_findings_per_page_and_center(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "A list of your medicines.",
        "We utilize a list of your medicines.",
    )
    run = cli(root, "check", "--today", TODAY)
    assert run.code == 0  # a warning only
    html = (root / "output/_report/index.html").read_text()
    assert "content/first-visit.md" in html and "&#39;utilize&#39; is jargon" in html
    assert '<a href="../valley/first-visit/index.html">valley</a>' in html
    assert "<caption>Summary</caption>" in html
