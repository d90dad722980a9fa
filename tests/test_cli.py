import errno
import json
import re
import socket
from pathlib import Path

import pytest
from helpers import TODAY, Run, cli, edit, full_disk, make_project, read_site, run_in

from site_builder import cli as cli_mod
from site_builder import serve as serve_mod
from site_builder import write as write_mod


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
    # a folder without centers.yaml is not a project: the command line is wrong (exit 2), and
    # nothing is written into it (not even output/_report)
    assert run.code == 2 and "there is no centers.yaml" in run.err
    assert not (root / "output").exists()


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


def test_a_stopped_command_says_what_is_left_only_for_build(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """'the last complete sites are still in place' is true of `build`'s output folder; the
    preview has none."""
    root = make_project(tmp_path)

    def stopped(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_mod, "build", stopped)
    assert cli_mod.main(["build", "--project", str(root)]) == 130
    assert "still in place" in capsys.readouterr().err
    monkeypatch.setattr(serve_mod, "serve", stopped)  # (cli imports it when serving)
    assert cli_mod.main(["serve", "--project", str(root)]) == 130
    assert capsys.readouterr().err == "site-builder: stopped\n"


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


# --- bad command-line values, the project root and the output folder (issue 15) -----------------


def _usage_error(run: Run, *words: str) -> None:
    assert run.code == 2, run.err
    assert "Traceback" not in run.err and "internal error" not in run.err
    for w in words:
        assert w in run.err, run.err


@pytest.mark.parametrize("port", ["70000", "-1", "abc", "65536"])
def test_an_unusable_port_is_a_usage_error(tmp_path: Path, port: str) -> None:
    run = cli(make_project(tmp_path), "serve", "--port", port)
    _usage_error(run, f"'{port}' is not a port you can use", "--port 8000")


def test_a_port_in_use_is_a_usage_error_before_any_build(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        run = cli(root, "serve", "--port", port)
    _usage_error(run, f"port {port} is already in use", "--port 0")
    assert "Serving" not in run.out


def test_a_host_this_computer_lacks_is_a_usage_error(tmp_path: Path) -> None:
    run = cli(make_project(tmp_path), "serve", "--port", "0", "--host", "192.0.2.1")
    _usage_error(run, "no address '192.0.2.1'", "leave --host out")


def test_project_paths_that_are_not_projects_are_usage_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    missing = tmp_path / "no-such-folder"
    run = run_in(tmp_path, "build", "--project", str(missing))
    _usage_error(run, f"the project folder {missing} does not exist")
    assert not missing.exists()  # no report written into a folder that was not there
    run = run_in(tmp_path, "build", "--project", str(root / "centers.yaml"))
    _usage_error(run, "is a file, not a folder")
    run = run_in(root, "check", "--project", "content")
    _usage_error(run, "there is no centers.yaml in content", "use --project .")
    assert not (root / "content/output").exists()


def test_an_unreadable_project_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    root = make_project(tmp_path)
    monkeypatch.setattr(cli_mod.os, "access", lambda path, mode: Path(path) != root)
    assert cli_mod.main(["build", "--project", str(root)]) == 2
    assert f"you do not have permission to read {root}" in capsys.readouterr().err


def test_output_folders_that_cannot_be_used_are_usage_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (tmp_path / "a-file").write_text("x")
    for output in (tmp_path / "a-file", tmp_path / "a-file/sites"):
        run = cli(root, "build", "--output", str(output))
        _usage_error(run, f"{tmp_path / 'a-file'} is a file", "--output DIR")
    run = cli(root, "build", "--output", "content/sites")
    _usage_error(run, "inside the project's content/ folder")
    run = cli(root, "build", "--output", str(tmp_path))
    _usage_error(run, "holds the project itself")
    assert not (root / "content/sites").exists() and not (tmp_path / "valley").exists()


def test_an_output_folder_inside_another_builds_output_is_refused(tmp_path: Path) -> None:
    """`--output output/valley` wrote every site and the report inside Valley's site, and the
    next plain build left them there to be published with it."""
    root = make_project(tmp_path)
    assert cli(root, "build", "--today", TODAY).code == 0
    before = sorted(p.name for p in (root / "output/valley").iterdir())
    for output in ("output/valley", "output/new/sites"):
        run = cli(root, "build", "--today", TODAY, "--output", output)
        _usage_error(run, f"--output {output} is inside output, where a build wrote its sites")
    assert sorted(p.name for p in (root / "output/valley").iterdir()) == before
    assert not (root / "output/new").exists()
    assert cli(root, "build", "--today", TODAY, "--output", str(tmp_path / "elsewhere")).code == 0


@pytest.mark.parametrize("folder", ["content", "content/services"])
def test_a_command_run_inside_the_project_finds_its_root(tmp_path: Path, folder: str) -> None:
    root = make_project(tmp_path)
    run = run_in(root / folder, "build", "--today", TODAY)
    assert run.code == 0, run.err
    assert "using the project in" in run.err
    assert (root / "output/valley/index.html").is_file()
    assert not (root / folder / "output").exists()  # never into the content tree


def test_a_command_run_outside_any_project_refuses(tmp_path: Path) -> None:
    empty = tmp_path / "somewhere"
    empty.mkdir()
    run = run_in(empty, "build")
    _usage_error(run, f"there is no centers.yaml in {empty} or in any folder above it")
    assert list(empty.iterdir()) == []


def test_import_run_inside_the_project_never_writes_into_content(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    listing = Path(__file__).parent / "fixtures/samhsa-sample.json"
    before = (root / "centers.yaml").read_text()
    run = run_in(root / "content", "import", str(listing), "--format", "samhsa-locator")
    assert run.code == 2 and "centers.yaml" in run.err  # the project's: it exists, --force needed
    assert not (root / "content/centers.yaml").exists()
    assert (root / "centers.yaml").read_text() == before


def test_a_file_in_place_of_a_center_folder_is_named(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "output").mkdir()
    (root / "output/river").write_text("my notes")
    run = cli(root, "build", "--today", TODAY)
    assert run.code == 1 and "Traceback" not in run.err
    assert (
        "output/river is a file, but the site of 'river' needs a folder there: "
        "move or delete the file output/river, then build again"
    ) in run.err
    assert ".staging" not in run.err
    assert (root / "output/river").read_text() == "my notes"
    assert not (root / "output/.staging").exists()


def test_a_full_disk_names_the_file_and_leaves_the_sites_whole(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    root = make_project(tmp_path)
    assert cli_mod.main(["build", "--project", str(root), "--today", TODAY, "--quiet"]) == 0
    before = read_site(root / "output", "valley")
    edit(root, "centers.yaml", "entity: Test Valley Health, Inc.", "entity: Valley Care Group")
    full_disk(monkeypatch, write_mod)
    code = cli_mod.main(["build", "--project", str(root), "--today", TODAY, "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "write :" not in err
    assert re.search(r"the disk is full: site-builder could not write \S*output/valley/\S+", err)
    assert "free some space" in err and ".staging" not in err
    assert read_site(root / "output", "valley") == before
    assert not (root / "output/.staging").exists()  # the staging's space is given back


def test_an_error_without_a_file_name_names_the_output_folder(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    root = make_project(tmp_path)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli_mod, "build", full)
    assert cli_mod.main(["build", "--project", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"could not write {root / 'output'}:" in err


def test_a_negative_number_of_workers_is_refused(tmp_path) -> None:
    from helpers import cli, make_project

    run = cli(make_project(tmp_path), "build", "--jobs", "-1")
    assert run.code == 2 and "is not a number of worker processes" in run.err


def test_a_today_on_a_day_the_month_lacks_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = cli(root, "check", "--today", "2026-11-31")
    _usage_error(run, "--today '2026-11-31' is not a date", "November 2026 has 30 days")


def test_serve_with_an_unknown_center_names_the_closest_before_serving(tmp_path: Path) -> None:
    run = cli(make_project(tmp_path), "serve", "--center", "valey", "--port", "0", "--today", TODAY)
    _usage_error(run, "there is no center with the slug 'valey'", "did you mean 'valley'?")
    assert "Serving" not in run.out


def test_no_command_prints_the_commands_and_exits_2(tmp_path: Path) -> None:
    run = run_in(tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("usage: site-builder COMMAND [options]\n")
    for command in ("build", "check", "serve", "import", "admin"):
        assert f"\n  {command} " in run.err, run.err
    assert "site-builder COMMAND --help" in run.err and "required" not in run.err


def test_a_worker_that_dies_ends_the_build_with_a_plain_message(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """A worker killed mid-build (the out-of-memory killer, kill -9) must not leave the build
    waiting for ever: one plain message, the internal exit code, the published sites untouched."""
    import os

    from site_builder import build as build_mod

    root = make_project(tmp_path)
    assert cli_mod.main(["build", "--project", str(root), "--today", TODAY, "--quiet"]) == 0
    before = read_site(root / "output", "valley")
    capsys.readouterr()
    edit(root, "content/contact.md", "Call us", "Please call us")  # both centers render again
    parent = os.getpid()

    def dies(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            os._exit(9)  # as kill -9 would: no clean-up, no exception
        raise AssertionError("rendered outside the workers")

    monkeypatch.setattr(build_mod.engine, "render", dies)  # (the workers are forked: they see it)
    args = ["build", "--project", str(root), "--today", TODAY, "--quiet", "--jobs", "2"]
    code = cli_mod.main(args)
    err = capsys.readouterr().err
    assert code == cli_mod.EXIT_INTERNAL
    assert "a worker process stopped before it finished" in err and "Traceback" not in err
    assert read_site(root / "output", "valley") == before
    assert not (root / "output/.staging").exists()


def test_a_failing_worker_stops_the_others_before_the_staging_is_thrown_away(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """One center fails in its worker (a full disk) while the other is still being written in
    another: the build waits for that one to end and starts none after it, then throws the
    staging away — no worker writes into it afterwards — and names the full disk."""
    import time

    from site_builder import build as build_mod

    root = make_project(tmp_path)
    assert cli_mod.main(["build", "--project", str(root), "--today", TODAY, "--quiet"]) == 0
    before = {s: read_site(root / "output", s) for s in ("valley", "river")}
    capsys.readouterr()
    edit(root, "content/contact.md", "Call us", "Please call us")  # both centers render again
    real_stage = build_mod.stage_center

    def stage(output: Path, result, stats):  # type: ignore[no-untyped-def]
        if result.slug == "valley":
            raise OSError(errno.ENOSPC, "No space left on device", str(output / "valley/x.html"))
        time.sleep(0.8)  # still writing when valley has failed
        return real_stage(output, result, stats)

    monkeypatch.setattr(build_mod, "stage_center", stage)  # (the forked workers see it)
    args = ["build", "--project", str(root), "--today", TODAY, "--quiet", "--jobs", "2"]
    code = cli_mod.main(args)
    err = capsys.readouterr().err
    time.sleep(1.2)  # a worker left running would have written by now
    assert code == 1 and "Traceback" not in err and "the disk is full" in err
    assert {s: read_site(root / "output", s) for s in before} == before
    assert not (root / "output/.staging").exists()
