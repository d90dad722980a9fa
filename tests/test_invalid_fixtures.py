"""One folder per editor mistake under fixtures/invalid/<case>/: `case.yaml` says how to break the
base project and which problems (file, line, message, hint) the editor must see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import REPO, TODAY, cli, edit, make_project

CASES = sorted(
    p for p in (REPO / "tests" / "fixtures" / "invalid").iterdir() if (p / "case.yaml").is_file()
)


def apply_case(case: Path, tmp_path: Path) -> tuple[Path, dict]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    root = make_project(tmp_path)
    for e in spec.get("edits", []):
        edit(root, e["file"], e["replace"], e["with"])
    for rel, text in (spec.get("files") or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, text in (spec.get("files_latin1") or {}).items():  # as an old Windows editor saves
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1"))
    for rel in spec.get("delete", []):
        (root / rel).unlink()
    return root, spec


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    root, spec = apply_case(case, tmp_path)
    args = ["build", "--today", TODAY, *spec.get("args", [])]
    run = cli(root, *args)
    expected_code = spec.get("exit", 1)
    assert run.code == expected_code, run.err
    assert "Traceback" not in run.err + run.out
    for want in spec["expect"]:
        where = f"{want['file']}:{want['line']}" + (f":{want['col']}" if "col" in want else "")
        lines = [
            ln
            for ln in run.err.splitlines()
            if ln.startswith(where + ":") or ln.startswith(where + " ")
        ]
        assert lines, f"no problem at {where} in:\n{run.err}"
        block = run.err[run.err.index(lines[0]) :]
        block = block.split("\n\n")[0]
        assert want["message"] in block, f"{want['message']!r} not in:\n{block}"
        if "hint" in want:
            assert want["hint"] in block, f"hint {want['hint']!r} not in:\n{block}"
        if "severity" in want:
            assert f": {want['severity']}: " in lines[0]
    for words in spec.get("absent", []):
        assert words not in run.err, run.err
    if "errors" in spec:  # the mistake is reported once, with nothing that follows from it
        n = spec["errors"]
        assert re.search(rf"\b{n} errors?\b", run.out + run.err), run.err
    if expected_code == 1 and "build" in args:
        assert not (root / "output" / "valley").exists(), "a failed build must write no site"
