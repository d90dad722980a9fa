"""The documented nginx snippet, served by a real nginx (Debian package) over a built site: the
headers of `_headers` arrive, assets are cached for a year, and a missing URL gets the 404 page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO, run_build, sample_project

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed; .ci/run installs the Debian package")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    root = sample_project(tmp)
    assert not run_build(root).failed
    conf_dir = tmp / "conf"
    (conf_dir / "site-builder").mkdir(parents=True)
    for name in (
        "site-builder.conf",
        "security-headers.conf",
        "directory.conf",
        "directory-headers.conf",
    ):
        shutil.copy(REPO / "deploy/nginx" / name, conf_dir / "site-builder" / name)
    port, port2 = _free_port(), _free_port()
    mime = "/etc/nginx/mime.types"
    conf = conf_dir / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
master_process off;
user root;
error_log {tmp}/error.log;
pid {tmp}/nginx.pid;
events {{}}
http {{
    {"include " + mime + ";" if Path(mime).exists() else ""}
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root}/output/harbor-light;
        include site-builder/site-builder.conf;
    }}
    server {{
        listen 127.0.0.1:{port2};
        root {root}/output/find-care;
        include site-builder/directory.conf;
    }}
}}
"""
    )
    proc = subprocess.Popen(
        [NGINX, "-p", str(conf_dir), "-c", str(conf)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        proc.wait()
        pytest.fail(f"nginx did not start: {proc.stdout.read().decode() if proc.stdout else ''}")
    yield f"http://127.0.0.1:{port}", root / "output/harbor-light", f"http://127.0.0.1:{port2}"
    proc.terminate()
    proc.wait(timeout=10)
    if proc.stdout:
        proc.stdout.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        with e:  # (closed now, not when a collection finds it)
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def expected_headers(site: Path) -> dict[str, str]:
    block = (site / "_headers").read_text().split("\n/")[0]
    return {
        k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in block.splitlines()[1:])
    }


def test_pages_get_every_security_header(server) -> None:
    base, site, _ = server
    status, headers, body = fetch(base + "/services/dbt/")
    assert status == 200 and b"<h1>" in body
    for name, value in expected_headers(site).items():
        assert headers.get(name) == value, name
    assert headers["cache-control"] == "public, max-age=0, must-revalidate"


def test_assets_are_cached_for_a_year(server) -> None:
    base, site, _ = server
    css = next((site / "assets/css").glob("site.*.css")).name
    status, headers, _ = fetch(f"{base}/assets/css/{css}")
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-type"].startswith("text/css")


def test_missing_url_at_any_depth_gets_the_404_page(server) -> None:
    base, site, _ = server
    for path in ("/nope", "/services/nope/", "/a/b/c/d"):
        status, headers, body = fetch(base + path)
        assert status == 404
        assert body == (site / "404.html").read_bytes()
        assert headers["content-security-policy"].startswith("default-src 'self'")


def test_private_files_are_not_served(server) -> None:
    base, _, _ = server
    assert fetch(base + "/_headers")[0] == 404


def test_the_directory_gets_its_own_headers_and_its_404(server) -> None:
    """The directory's forms go to its own pages: its CSP says form-action 'self', as its
    `_headers` file does; everything else is the same as a center's."""
    _, site, base = server
    directory = site.parent / "find-care"
    status, headers, body = fetch(base + "/find/")
    assert status == 200 and b"<form" in body
    for name, value in expected_headers(directory).items():
        assert headers.get(name) == value, name
    assert "form-action 'self'" in headers["content-security-policy"]
    status, _, body = fetch(base + "/nope/")
    assert status == 404 and body == (directory / "404.html").read_bytes()
    assert fetch(base + "/_headers")[0] == 404
