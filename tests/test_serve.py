"""The dev server, as an editor uses it: a real `site-builder serve` process on a free port."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, TODAY, edit, make_project, sample_project

ROOT_TIMEOUT = 30


class Server:
    def __init__(self, root: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "site_builder",
                "serve",
                "--project",
                str(root),
                "--port",
                "0",
                "--today",
                TODAY,
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        first = self.proc.stdout.readline() if self.proc.stdout else ""
        assert first.startswith("Building the preview"), first  # before the first build
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        while re.fullmatch(r"  \d+ of \d+ centers\n", line):  # a long first build's progress
            line = self.proc.stdout.readline() if self.proc.stdout else ""
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if not m:
            self.stop()
            raise AssertionError(f"serve did not start: {line}")
        self.url = m.group(1)
        #: what it prints after starting (each save's problems), read as it comes: a pipe no one
        #: reads fills up, and the server would wait on it
        self.printed: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.printed.append(line)

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            with e:  # (closed now, not when a collection finds it: a warning in another test)
                return e.code, e.headers.get("Content-Type", ""), e.read().decode()

    def wait_for(self, path: str, predicate, timeout: float = ROOT_TIMEOUT) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        status, body = 0, ""
        while time.monotonic() < deadline:
            status, _, body = self.get(path)
            if predicate(status, body):
                return status, body
            time.sleep(0.05)
        raise AssertionError(f"{path} never matched; last status {status}:\n{body[:2000]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture
def server(tmp_path: Path):
    root = make_project(tmp_path)
    srv = Server(root)
    srv.root = root  # type: ignore[attr-defined]
    yield srv
    srv.stop()


def test_index_lists_the_centers_and_pages_are_served(server) -> None:
    status, ctype, body = server.get("/")
    assert status == 200 and ctype.startswith("text/html")
    assert '<a href="/valley/">Test Valley Clinic</a>' in body and "Pasadena" in body
    status, ctype, body = server.get("/valley/services/iop/")
    assert status == 200 and "Intensive outpatient program" in body
    assert 'href="/valley/first-visit/"' in body  # links work under /<slug>/
    status, ctype, _ = server.get("/valley/assets/css/site.css")
    assert status == 200 and ctype.startswith("text/css")


def test_markdown_and_centers_yaml_edits_show_up(server) -> None:
    edit(
        server.root,
        "content/first-visit.md",
        "Bring your insurance card.",
        "Bring your insurance card and a friend.",
    )
    server.wait_for("/river/first-visit/", lambda s, b: "and a friend" in b)
    server.wait_for("/valley/first-visit/", lambda s, b: "and a friend" in b)
    edit(
        server.root, "centers.yaml", "entity: Test Valley Health, Inc.", "entity: Valley Care Group"
    )
    server.wait_for("/valley/", lambda s, b: "Valley Care Group" in b)
    assert "Valley Care Group" not in server.get("/river/")[2]


def test_a_broken_yaml_shows_the_problem_and_a_fix_brings_the_page_back(server) -> None:
    edit(server.root, "centers.yaml", "main: (626) 555-0140", "main: 555-12")
    status, body = server.wait_for(
        "/valley/first-visit/", lambda s, b: "site-builder-problems" in b
    )
    assert (
        "centers.yaml:16:13" in body
        and "not a valid US number" in body
        and "(626) 555-0123" in body
    )
    assert "Bring your insurance card." in body  # the last good page stays under the problems
    edit(server.root, "centers.yaml", "main: 555-12", "main: (626) 555-0141")
    status, body = server.wait_for(
        "/valley/first-visit/",
        lambda s, b: "site-builder-problems" not in b and "(626) 555-0141" in b,
    )
    assert status == 200


def test_yaml_syntax_error_at_start_gives_a_problems_page(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "centers.yaml", "    slug: valley\n", "    slug: valley\n\tentity: x\n")
    srv = Server(root)
    try:
        status, _, body = srv.get("/valley/")
        assert "indented with a tab" in body and "centers.yaml:13" in body
        edit(root, "centers.yaml", "\tentity: x\n", "")
        srv.wait_for("/valley/", lambda s, b: s == 200 and "Welcome" in b)
    finally:
        srv.stop()


def test_deleted_and_renamed_pages(server) -> None:
    (server.root / "content/events.md").write_text("---\ntitle: Events\n---\nA walk in the park.\n")
    server.wait_for("/valley/events/", lambda s, b: s == 200 and "A walk in the park." in b)
    (server.root / "content/events.md").rename(server.root / "content/news.md")
    server.wait_for("/valley/events/", lambda s, b: s == 404)
    server.wait_for("/valley/news/", lambda s, b: s == 200 and "A walk in the park." in b)
    (server.root / "content/news.md").unlink()
    status, body = server.wait_for("/valley/news/", lambda s, b: s == 404)
    assert "We could not find that page" in body


def test_a_link_to_a_deleted_page_is_shown_as_a_problem(server) -> None:
    (server.root / "content/privacy.md").unlink()  # the FAQ links to it
    status, body = server.wait_for("/valley/faq/", lambda s, b: "site-builder-problems" in b)
    assert "content/faq.md:11" in body and "privacy.md" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../etc/passwd",
        "/valley/../../etc/passwd",
        "/valley/%2e%2e/%2e%2e/etc/passwd",
        "/valley/%252e%252e/x",
        "/valley/..%2f..%2fcenters.yaml",
    ],
)
def test_paths_that_leave_the_site_are_refused(server, path: str) -> None:
    import http.client

    conn = http.client.HTTPConnection(server.url.split("//")[1].rstrip("/"), timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    assert resp.status in (403, 404) and "root:" not in body and "centers:" not in body


def test_live_reload_script_only_in_served_pages(server) -> None:
    """livereload's own script, from our origin, in served pages only."""
    assert '<script src="/livereload.js?port=' in server.get("/valley/")[2]
    status, ctype, script = server.get("/livereload.js")
    assert status == 200 and "javascript" in ctype and "LiveReload" in script
    from helpers import run_build

    run_build(server.root)
    for page in (server.root / "output").rglob("*.html"):
        assert "livereload" not in page.read_text()


def test_binds_to_localhost_by_default(server) -> None:
    assert server.url.startswith("http://127.0.0.1:")


def test_the_page_reloads_itself_in_a_browser(server) -> None:
    pw = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server.url + "valley/first-visit/")
            page.wait_for_function(
                "() => document.body.innerText.includes('Bring your insurance card.')"
            )
            time.sleep(0.3)  # let the page's livereload socket connect
            edit(
                server.root,
                "content/first-visit.md",
                "Bring your insurance card.",
                "Bring your photo card.",
            )
            page.wait_for_function(
                "() => document.body.innerText.includes('Bring your photo card.')", timeout=15000
            )
        finally:
            browser.close()


def _reloads(server, saves, settle: float = 1.0) -> list[dict]:
    """What livereload.js in a browser would be told: connect to /livereload, do its handshake
    (hello, then info with the page's URL), run each save (waiting for its reload), then collect
    any further messages for `settle` seconds."""
    import asyncio
    import json

    from tornado.websocket import websocket_connect

    async def run() -> list[dict]:
        ws = await websocket_connect(server.url.replace("http://", "ws://") + "livereload")
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        await ws.write_message(json.dumps(hello))
        assert json.loads(await ws.read_message())["command"] == "hello"
        await ws.write_message(json.dumps({"command": "info", "url": server.url + "valley/"}))
        await asyncio.sleep(0.2)
        messages = []
        for save in saves:
            save()
            messages.append(json.loads(await asyncio.wait_for(ws.read_message(), 30)))
        try:
            while True:
                messages.append(json.loads(await asyncio.wait_for(ws.read_message(), settle)))
        except asyncio.TimeoutError:
            pass
        ws.close()
        with contextlib.suppress(asyncio.TimeoutError):  # until closed: no socket left behind
            while await asyncio.wait_for(ws.read_message(), 5) is not None:
                pass
        return messages

    return asyncio.run(run())


def test_livereload_tells_the_page_to_reload_once_per_save(server) -> None:
    """livereload's protocol: one reload message per save, after the rebuild is finished (the
    page then shows the change), and a second quick save is not dropped (livereload's own poll
    ignores a change within 3 s of the last reload)."""

    def save(text: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            path = server.root / "content/first-visit.md"
            body = path.read_text()
            path.write_text(re.sub(r"Bring your [a-z ]+card\.", f"Bring your {text} card.", body))

        return run

    messages = _reloads(server, [save("photo"), save("bus")])
    assert [m["command"] for m in messages] == ["reload", "reload"], messages
    assert "Bring your bus card." in server.get("/valley/first-visit/")[2]


def test_after_the_reload_every_center_shows_the_save(server) -> None:
    """The center a browser shows is rendered and reloaded first; a page of another center asked
    for right after the reload shows the save too (it waits for that center when it is not
    rendered yet: test_engine.py holds the waiting itself, here it is the whole server)."""
    path = server.root / "content/first-visit.md"

    def save() -> None:
        path.write_text(path.read_text() + "\nWe keep a quiet room for you.\n")

    messages = _reloads(server, [save], settle=0.0)
    assert [m["command"] for m in messages] == ["reload"], messages
    assert "We keep a quiet room for you." in server.get("/river/first-visit/")[2]
    assert "We keep a quiet room for you." in server.get("/valley/first-visit/")[2]


# --- many clients, browsers that hang up, files beside the pages (issue 15) ----------------------


def _port(server) -> int:
    return int(server.url.rstrip("/").rsplit(":", 1)[1])


def test_200_concurrent_clients_are_all_answered(server) -> None:
    """A listen queue of 5 (the standard library's default) drops connections in a burst."""
    import shutil
    import socket
    import threading

    if shutil.which("ss"):
        listing = subprocess.run(
            ["ss", "-ltnH", f"sport = :{_port(server)}"], capture_output=True, text=True
        ).stdout.split()
        assert int(listing[2]) >= 200  # a listening socket's Send-Q is its queue length
    request = "GET /valley/first-visit/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    start, answers = threading.Barrier(200), []

    def client() -> None:
        start.wait()
        try:
            with socket.create_connection(("127.0.0.1", _port(server)), timeout=20) as s:
                s.sendall(request.encode())
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            answers.append(data.split(b"\r\n", 1)[0])
        except OSError as exc:
            answers.append(repr(exc).encode())

    threads = [threading.Thread(target=client) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [b"HTTP/1.1 200 OK"] * 200


def test_a_browser_hanging_up_mid_response_prints_nothing(server) -> None:
    import socket
    import struct

    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", _port(server)), timeout=5)
        s.sendall(b"GET /valley/first-visit/ HTTP/1.1\r\nHost: x\r\n\r\n")
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()  # a reset, as a browser closing the tab sends
    assert server.get("/valley/")[0] == 200  # still serving
    server.proc.terminate()
    output, _ = server.proc.communicate(timeout=10)
    assert "Traceback" not in output and "Error" not in output, output


def test_a_new_file_beside_the_pages_is_served_after_the_next_rebuild(server) -> None:
    images = server.root / "content/images"
    images.mkdir(exist_ok=True)
    (images / "door.png").write_bytes(b"PNG first")
    server.wait_for("/valley/images/door.png", lambda s, b: s == 200)
    server.wait_for("/river/images/door.png", lambda s, b: s == 200)
    (images / "door.png").write_bytes(b"PNG second, longer")
    server.wait_for("/valley/images/door.png", lambda s, b: s == 200 and "second" in b)
    (images / "door.png").unlink()
    server.wait_for("/valley/images/door.png", lambda s, b: s == 404)


def test_search_index_is_served_and_follows_edits(server) -> None:
    """The dev server serves each site's search index under /<slug>/pagefind/, made from the
    pages it serves when a search first asks for it, and made again after an edit changes a
    page's indexed text."""
    status, ctype, script = server.get("/valley/pagefind/pagefind.js")
    assert status == 200 and "javascript" in ctype and "pagefind_version" in script
    assert server.get("/valley/pagefind/pagefind-ui.js")[0] == 404  # never published
    _, _, entry = server.get("/valley/pagefind/pagefind-entry.json")
    assert '"page_count"' in entry
    assert server.get("/valley/pagefind/pagefind-entry.json")[2] == entry  # made once
    assert server.get("/river/pagefind/pagefind-entry.json")[2] != entry  # each site its own
    edit(
        server.root,
        "content/first-visit.md",
        "Bring your insurance card.",
        "Bring your insurance card and a friend.",
    )
    server.wait_for("/valley/first-visit/", lambda s, b: "and a friend" in b)
    server.wait_for("/valley/pagefind/pagefind-entry.json", lambda s, b: s == 200 and b != entry)


def test_search_works_in_the_preview(tmp_path: Path) -> None:
    """The search page of a site in `serve` finds its pages, at their /<slug>/ addresses."""
    pw = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    srv = Server(sample_project(tmp_path))
    try:
        with pw.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(srv.url + "harbor-light/search/")
                page.locator("#search-input").fill("dialectical behavior")
                page.wait_for_function(
                    "document.querySelector('[data-search-status]').textContent.trim() !== ''",
                    timeout=30000,
                )
                found = page.locator("[data-search-results] a").evaluate_all(
                    "links => links.map(a => new URL(a.href).pathname)"
                )
                assert "/harbor-light/services/dbt/" in found, found
                assert not errors, errors
            finally:
                browser.close()
    finally:
        srv.stop()


_SECOND_SIGNAL = """
import os, signal, sys, time
from site_builder import cli, devsite

close = devsite.DevSite.close


def close_after_a_second_signal(self):
    print("temporary", self.tmp, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)  # `timeout` signals the process, then its group
    time.sleep(0.3)
    close(self)


devsite.DevSite.close = close_after_a_second_signal
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_second_signal_during_the_clean_up_does_not_cut_it_short(tmp_path: Path) -> None:
    """Stopped with a signal, `serve` removes its temporary folder and says it stopped, once, even
    when a second signal comes while it cleans up (Ctrl+C pressed twice, `timeout`). Before, that
    signal ended the clean-up with `build`'s message and left the folder behind."""
    import signal

    root = make_project(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SECOND_SIGNAL, "serve", "--project", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    while line and "Serving" not in line:
        line = proc.stdout.readline()
    assert "Serving" in line, line
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert out.count("site-builder: stopped") == 1 and "Traceback" not in out, out
    assert "still in place" not in out, out  # (build's words, about its output folder)
    m = re.search(r"temporary (\S+)", out)
    assert m and not Path(m.group(1)).exists(), out


def test_a_long_first_build_says_how_far_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    from site_builder.serve import _every

    say = _every(0.0)
    for done in (1, 2, 3):
        say(done, 3)
    assert capsys.readouterr().out == "  1 of 3 centers\n  2 of 3 centers\n"  # not when done
    quiet = _every(60.0)  # a small project is built before the first line is due
    quiet(1, 3)
    assert capsys.readouterr().out == ""


_STOPPED_WHILE_STARTING = """
import sys
from site_builder import cli, devsite, serve

init = devsite.DevSite.__init__


def told_init(self, *a, **k):
    init(self, *a, **k)
    print("temporary", self.tmp, flush=True)


def stopped(root):
    raise KeyboardInterrupt  # Ctrl+C while the preview looks at the project's files


devsite.DevSite.__init__ = told_init
serve.snapshot = stopped
sys.exit(cli.main(sys.argv[1:]))
"""


def test_stopped_while_starting_leaves_no_temporary_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", _STOPPED_WHILE_STARTING, "serve", "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    m = re.search(r"temporary (\S+)", run.stdout)
    assert m and not Path(m.group(1)).exists(), run.stdout


def test_each_save_prints_its_new_problems_and_when_the_errors_are_gone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The terminal said only counts at the start ("see the browser"), then nothing at all."""
    from site_builder.problems import Mark, Problem, Severity
    from site_builder.serve import _report

    broken = Problem(
        Mark("content/faq.md", 4),
        "'center.phonee' is not something a page can use",
        "write center.phone",
    )
    note = Problem(Mark("content/faq.md", 9), "a long sentence", "split it", Severity.WARNING)
    _report([note], [])
    first = capsys.readouterr().out
    assert "content/faq.md:9: warning: a long sentence" in first and "0 errors, 1 warnings" in first
    _report([note], [note])
    assert capsys.readouterr().out == ""  # nothing new, nothing said
    _report([broken, note], [note])
    out = capsys.readouterr().out
    assert "content/faq.md:4: error: 'center.phonee'" in out and "fix: write center.phone" in out
    assert "1 errors, 1 warnings: the pages shown are the last that built without one" in out
    assert "a long sentence" not in out  # printed before
    _report([note], [broken, note])
    assert capsys.readouterr().out == "0 errors, 1 warnings: all saved\n"
    many = [Problem(Mark("content/faq.md", n), f"problem {n}", "") for n in range(1, 14)]
    _report(many, [])
    out = capsys.readouterr().out
    assert "problem 10" in out and "problem 11" not in out and "and 3 more: see the browser" in out


def test_a_folder_without_its_slash_is_redirected_within_the_preview(server) -> None:
    """'//valley/faq' was redirected to '//valley/faq/', which a browser reads as the host
    'valley'."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(server.url)
    for path in ("/valley/faq", "//valley/faq", "/valley//faq"):
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert (r.status, r.getheader("Location")) == (301, "/valley/faq/"), path
        finally:
            conn.close()


def test_pages_built_with_errors_say_so_not_that_they_are_the_last_good_build(
    tmp_path: Path,
) -> None:
    """Started with a page that fails for a center, the preview served that page as built and
    said "this page is the last good build", though there had never been one."""
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "Bring your insurance card.", "Call {{ center.phonee }}.")
    srv = Server(root)
    try:
        status, _, body = srv.get("/valley/first-visit/")
        assert status == 200 and "this page was built with them and may be wrong" in body
        assert "last good build" not in body
        edit(root, "content/first-visit.md", "Call {{ center.phonee }}.", "Bring your card.")
        srv.wait_for("/valley/first-visit/", lambda status, body: "Bring your card." in body)
        edit(
            root,
            "content/faq.md",
            "Do I need a referral?",
            "Do I need a referral, {{ center.nmae }}?",
        )
        srv.wait_for("/valley/faq/", lambda status, body: "the last good build" in body)
    finally:
        srv.stop()


def test_a_save_prints_only_what_it_changed(capsys: pytest.CaptureFixture[str]) -> None:
    """The problems printed at the start are not printed again by the first save."""
    from types import SimpleNamespace

    from site_builder.problems import Mark, Problem, Severity
    from site_builder.serve import _report, _reporting

    old = Problem(Mark("content/faq.md", 9), "a long sentence", "split it", Severity.WARNING)
    new = Problem(Mark("content/faq.md", 3), "a new mistake", "fix it")
    site = SimpleNamespace(problems=[])
    site.rebuild_safely = lambda paths: setattr(site, "problems", [new, old])
    save = _reporting(site)  # made before the first build, as serve makes it
    site.problems = [old]  # the first build's
    _report(site.problems, [])  # printed at the start
    capsys.readouterr()
    save({"content/faq.md"})
    out = capsys.readouterr().out
    assert "a new mistake" in out and "a long sentence" not in out
