"""The editor built for publishing (`site-builder admin`): its own folder beside the centers'
sites, never inside one; Decap's GitHub back end with the editorial workflow; noindex and its own
Content Security Policy; `admin` reserved as a slug."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import cli, make_project, run_build

from site_builder.admin import bundle, publish


def test_the_published_admin_is_its_own_folder_with_github_and_review(tmp_path: Path) -> None:
    if bundle.decap_dir() is None:
        pytest.skip("Decap is not installed (npm ci --prefix tools/decap)")
    root = make_project(tmp_path)
    out = root / "output"
    run_build(root)
    sites = {p.name for p in out.iterdir() if not p.name.startswith((".", "_"))}
    folder = publish.write(root, out, "example/clinics", "main")
    assert folder == out / "admin"
    cfg = yaml.safe_load((folder / "config.yml").read_text())
    assert cfg["backend"] == {"name": "github", "repo": "example/clinics", "branch": "main"}
    assert cfg["publish_mode"] == "editorial_workflow"
    assert "centers" not in [c["name"] for c in cfg["collections"]]  # see publish.py
    index = (folder / "index.html").read_text()
    assert 'content="noindex, nofollow"' in index and "Content-Security-Policy" in index
    assert "https://api.github.com" in index and 'data-mode="publish"' in index
    headers = (folder / "_headers").read_text()
    assert "X-Robots-Tag: noindex" in headers and "frame-ancestors 'none'" in headers
    assert (folder / "decap/decap-cms.js").is_file() and (folder / "decap/LICENSE").is_file()
    assert "MIT" in (folder / "decap/LICENSE").read_text()
    for site in sites:  # no center's site holds any of it
        names = {p.name for p in (out / site).rglob("*")}
        assert not names & {"decap-cms.js", "config.yml", "admin.js"}, site
        assert not (out / site / "admin").exists()
    run_build(root)  # a later build leaves the admin folder alone
    assert (folder / "index.html").is_file()


def test_admin_is_a_reserved_slug(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    text = (root / "centers.yaml").read_text().replace("slug: valley", "slug: admin")
    (root / "centers.yaml").write_text(text)
    result = run_build(root, write=False)
    assert any("'admin' is reserved" in p.message for p in result.problems)


def test_the_admin_command_needs_a_repository(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = cli(root, "admin")
    assert run.code == 2 and "--repo owner/name" in run.err
