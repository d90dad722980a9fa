"""Editing in the browser, without a browser: the Decap config is the schema's, a save changes only
what the editor changed, two editors never overwrite each other silently, the local back end
refuses what it must (test_admin_publish.py: the admin built for publishing)."""

from __future__ import annotations

import difflib
import json
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, make_project, run_build, sample_project

from site_builder.admin import api, config
from site_builder.admin.store import Refused, Store
from site_builder.center_schema import CENTER
from site_builder.content import FRONT_MATTER
from site_builder.hours import HoursKind
from site_builder.images import ImageBlock, ImagePath
from site_builder.schema import Bool, Choice, Custom, Date, Int, ListOf, Record, Slug, Url
from site_builder.states import US_STATES

PROJECT = config.Project(("group-therapy", "iop"), (("valley", "Test Valley Clinic"),), ("es",))


def _collection(name: str) -> dict[str, Any]:
    return next(c for c in config.collections(PROJECT) if c["name"] == name)


# --- the config is the schema's ------------------------------------------------------------------


def _check_fields(
    record: Record, fields: list[dict[str, Any]], required_ok: bool, path: str
) -> None:
    """Every key of the record, in order, with its doc as the hint, required as the schema says
    (inside a block that may be left out, nothing is demanded), and the widget of its kind."""
    names = [f["name"] for f in fields]
    assert names == list(record.fields), path
    for f in fields:
        spec = record.fields[f["name"]]
        where = f"{path}.{f['name']}"
        assert f.get("hint", "") == spec.doc, where
        assert f["required"] == (spec.required and required_ok), where
        _check_kind(spec.kind, f, required_ok and spec.required, where)


def _check_kind(kind: Any, f: dict[str, Any], inner_ok: bool, where: str) -> None:
    if isinstance(kind, ImageBlock):  # its file is chosen from (or uploaded to) images/
        assert f["widget"] == "object" and f["fields"][0]["widget"] == "image", where
        rest = Record(kind.name, {k: v for k, v in kind.fields.items() if k != "src"})
        _check_fields(rest, f["fields"][1:], inner_ok, where)
    elif isinstance(kind, Record):
        assert f["widget"] == "object", where
        _check_fields(kind, f["fields"], inner_ok, where)
    elif isinstance(kind, HoursKind):
        assert f["widget"] == "object", where
        assert [x["name"] for x in f["fields"]] == ["open", "closures"], where
    elif isinstance(kind, ImagePath):
        assert f["widget"] == "image", where
    elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
        assert f["widget"] == "list", where
        _check_fields(kind.item, f["fields"], True, where + "[]")  # an item exists once added
    elif isinstance(kind, ListOf) and isinstance(kind.item, Choice):
        assert f["widget"] == "select" and f["multiple"], where
        assert f["options"] == list(kind.item.choices), where
    elif isinstance(kind, ListOf) and type(kind.item).__name__ == "ServiceId":
        assert f["widget"] == "select" and f["multiple"] and f["options"] == list(PROJECT.catalog)
    elif isinstance(kind, ListOf):
        assert f["widget"] == "list" and "field" in f, where
    elif type(kind).__name__ == "ServiceId":
        assert f["widget"] == "select" and f["options"] == list(PROJECT.catalog), where
    elif isinstance(kind, Choice):
        assert f["widget"] == "select" and f["options"] == list(kind.choices), where
    elif isinstance(kind, Bool):
        assert f["widget"] == "boolean", where
    elif isinstance(kind, Int):
        assert f["widget"] == "number" and f["value_type"] == "int", where
    elif isinstance(kind, Date):
        assert f["widget"] == "datetime" and f["format"] == "YYYY-MM-DD", where
    elif isinstance(kind, Custom) and kind.expected == "a state code":
        assert f["widget"] == "select" and set(f["options"]) == set(US_STATES), where
    elif isinstance(kind, (Slug, Url, Custom)):  # phones, ZIP codes, emails, slugs, addresses
        assert f["widget"] == "string" and f["pattern"], where
    else:
        assert f["widget"] in ("string", "text", "number"), where


def test_the_centers_collection_is_the_schema_of_a_center() -> None:
    centers = _collection("centers")
    assert centers["folder"] == config.CENTERS_FOLDER and centers["format"] == "json"
    _check_fields(CENTER, centers["fields"], True, "center")


def test_phones_zip_states_and_hours_get_patterns_selects_and_hints() -> None:
    fields = {f["name"]: f for f in _collection("centers")["fields"]}
    main = next(f for f in fields["phones"]["fields"] if f["name"] == "main")
    pattern, message = main["pattern"]
    for good in ("(626) 555-0123", "626-555-0123", "+1 626 555 0123", "626.555.0123 x12"):
        assert re.search(pattern, good), good
    assert not re.search(pattern, "555-12") and "(626) 555-0123" in message
    location = {f["name"]: f for f in fields["locations"]["fields"]}
    assert re.search(location["zip"]["pattern"][0], "02134")
    assert not re.search(location["zip"]["pattern"][0], "2134")
    assert "CA" in location["state"]["options"] and location["state"]["widget"] == "select"
    rows = location["hours"]["fields"][0]
    days, times = (x["pattern"] for x in rows["fields"])
    assert re.search(days[0], "mon-fri") and re.search(times[0], "9am-5:30pm, 6pm-8pm")
    assert "mon-fri" in rows["hint"]
    credential = {f["name"]: f for f in fields["credentials"]["fields"]}
    assert "joint-commission" in credential["type"]["options"] and credential["type"]["required"]


def test_every_page_collection_is_the_front_matter_schema() -> None:
    for name, left_out in (
        ("pages", config.SERVICE_ONLY + config.TRANSLATION_ONLY),
        ("services", config.TRANSLATION_ONLY),
        ("center-valley", config.SERVICE_ONLY + config.TRANSLATION_ONLY),
        ("pages-es", config.SERVICE_ONLY),
        ("services-es", ()),
    ):
        fields = _collection(name)["fields"]
        assert fields[-1]["name"] == "body" and fields[-1]["modes"] == ["raw"]
        record = Record(
            "front matter", {k: v for k, v in FRONT_MATTER.fields.items() if k not in left_out}
        )
        if name.startswith("services"):  # the home page's card needs both (content.parse_page)
            for f in fields:
                if f["name"] in config.SERVICE_REQUIRED:
                    assert f["required"]
                    f["required"] = False
        _check_fields(record, fields[:-1], True, name)


def test_field_descriptions_are_the_same_as_docs_centers_md() -> None:
    docs = {}
    text = (REPO / "docs/centers.md").read_text(encoding="utf-8")
    table = text.split("## Every key of a center", 1)[1].split("\n## ", 1)[0]
    for line in table.splitlines():
        m = re.match(r"\| `([^`]+)` \|.*\| (.*) \|$", line)
        if m:
            docs.setdefault(m.group(1), m.group(2))

    def walk(fields: list[dict[str, Any]], prefix: str) -> None:
        for f in fields:
            key = prefix + f["name"]
            if key in docs and "hint" in f:
                assert f["hint"] == docs[key], key
            if f["widget"] == "object" and key.split(".")[-1] != "hours":
                walk(f["fields"], key + ".")
            elif f["widget"] == "list" and "fields" in f and key.split(".")[-1] != "open":
                walk(f["fields"], key + "[].")

    walk(_collection("centers")["fields"], "")
    assert docs["phones.main"] and docs["locations[].zip"]


def test_the_served_config_speaks_to_our_server_and_is_valid_yaml() -> None:
    text = config.dump(
        config.decap_config(PROJECT, config.local_backend(), "http://127.0.0.1:8000/")
    )
    data = yaml.safe_load(text)
    assert data["backend"] == {"name": "proxy", "proxy_url": "/admin/api/v1", "branch": "main"}
    assert data["media_folder"] == "images" and "&id" not in text
    assert text.startswith("# Generated by site-builder")


# --- saves change only what was edited -----------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return sample_project(tmp_path)


def _entry(store: Store, path: str) -> tuple[dict[str, Any], str]:
    e = store.entry(path)
    return json.loads(e["data"]), e["file"]["id"]


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def _centers(store: Store) -> list[str]:
    return [e["file"]["path"] for e in store.entries(config.CENTERS_FOLDER, "json", 1)]


def test_saving_one_center_changes_only_its_lines(sample: Path) -> None:
    store = Store(sample)
    before = (sample / "centers.yaml").read_text()
    path = _centers(store)[1]
    data, version = _entry(store, path)
    old_phone = data["phones"]["main"]
    data["phones"]["main"] = "(775) 555-0199"
    store.save(path, json.dumps(data), version, False)
    after = (sample / "centers.yaml").read_text()
    assert [" ".join(line.split()) for line in _diff(before, after)] == [
        f"- main: {old_phone}",
        "+ main: (775) 555-0199",
    ]
    assert after.count("#") == before.count("#")  # every comment kept


def test_a_new_key_goes_at_the_end_of_its_center(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    before = (root / "centers.yaml").read_text()
    data, version = _entry(store, "centers.yaml/valley.json")
    data["tagline"] = "Care close to home"
    store.save("centers.yaml/valley.json", json.dumps(data), version, False)
    assert _diff(before, (root / "centers.yaml").read_text()) == [
        "+    tagline: Care close to home"
    ]
    assert "tagline" not in (root / "centers.yaml").read_text().split("slug: river")[1]


def test_an_untouched_center_is_written_back_byte_for_byte(sample: Path) -> None:
    store = Store(sample)
    before = (sample / "centers.yaml").read_text()
    for path in _centers(store):
        data, version = _entry(store, path)
        store.save(path, json.dumps(data), version, False)
    assert (sample / "centers.yaml").read_text() == before


def test_clearing_a_field_removes_it_and_unset_checkboxes_add_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    before = (root / "centers.yaml").read_text()
    data, version = _entry(store, "centers.yaml/valley.json")
    data["entity"] = ""
    data["telehealth"] = False  # as an untouched checkbox sends it
    data["faq_schema"] = True
    data["insurance"] = {"medicaid": False, "plans": []}
    store.save("centers.yaml/valley.json", json.dumps(data), version, False)
    assert _diff(before, (root / "centers.yaml").read_text()) == [
        "-    entity: Test Valley Health, Inc."
    ]


def test_hours_rows_become_day_keys(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    data, version = _entry(store, "centers.yaml/valley.json")
    assert data["locations"][0]["hours"] == {"open": [{"days": "mon-fri", "times": "9am-5pm"}]}
    data["locations"][0]["hours"]["open"].append({"days": "sat", "times": "10am-2pm"})
    store.save("centers.yaml/valley.json", json.dumps(data), version, False)
    text = (root / "centers.yaml").read_text()
    assert "          mon-fri: 9am-5pm\n          sat: 10am-2pm\n" in text
    assert run_build(root, write=False).errors == 0


def test_a_new_center_is_added_after_the_others_and_a_deleted_one_goes(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    before = (root / "centers.yaml").read_text()
    center = {
        "name": "Hill Clinic",
        "slug": "hill",
        "privacy_notice_url": "https://hill.example.org/npp/",
        "phones": {"main": "(626) 555-0177"},
        "locations": [{"street": "5 Hill Rd", "city": "Pasadena", "state": "CA", "zip": "91103"}],
        "telehealth": False,
    }
    path, version = store.save("centers.yaml/hill.json", json.dumps(center), None, True)
    assert path == "centers.yaml/hill.json"
    after = (root / "centers.yaml").read_text()
    assert (
        after.startswith(before.rstrip("\n")) and "  - name: Hill Clinic\n    slug: hill\n" in after
    )
    assert "telehealth" not in after.split("Hill Clinic")[1]
    with pytest.raises(Refused, match="already exists"):
        store.save("centers.yaml/hill.json", json.dumps(center), None, True)
    store.delete("centers.yaml/hill.json", version)
    assert (root / "centers.yaml").read_text() == before


def test_a_page_save_keeps_front_matter_comments_and_untouched_text(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    page = root / "content/first-visit.md"
    page.write_text(page.read_text().replace("order: 30", "order: 30  # after the home page"))
    before = page.read_text()
    store = Store(root)
    version = store.entry("content/first-visit.md")["file"]["id"]
    _, body = before.split("---\n", 2)[1:]
    decap = (  # as Decap writes it: its own key order and quoting, the body without a blank line
        "---\ntitle: 'Your first visit'\nnav: First visit\norder: 30\nlast_reviewed: 2026-11-20\n"
        "reviewed_by: Test team\ndescription: ''\n---\n"
        + body.replace("card.", "card and a friend.")
    )
    store.save("content/first-visit.md", decap, version, False)
    assert _diff(before, page.read_text()) == [
        "-Bring your insurance card.",
        "+Bring your insurance card and a friend.",
    ]


# --- two editors ---------------------------------------------------------------------------------


def test_a_save_over_someone_elses_change_is_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    a, a_version = _entry(store, "centers.yaml/valley.json")
    b, b_version = _entry(store, "centers.yaml/valley.json")
    a["phones"]["main"] = "(626) 555-0111"
    store.save("centers.yaml/valley.json", json.dumps(a), a_version, False)
    b["phones"]["main"] = "(626) 555-0122"
    status, answer = api.handle(
        store,
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"path": "centers.yaml/valley.json", "raw": json.dumps(b)}],
                "assets": [],
                "versions": {"centers.yaml/valley.json": b_version},
            },
        },
    )
    assert status == 409 and "changed by someone else" in answer["error"]
    assert "(626) 555-0111" in (root / "centers.yaml").read_text()
    # another center saved meanwhile is no conflict: each center is its own entry
    river, river_version = _entry(store, "centers.yaml/river.json")
    river["tagline"] = "By the river"
    store.save("centers.yaml/river.json", json.dumps(river), river_version, False)
    # a page changed in a text editor after the editor loaded it
    version = store.entry("content/faq.md")["file"]["id"]
    (root / "content/faq.md").write_text((root / "content/faq.md").read_text() + "\nMore.\n")
    with pytest.raises(Refused, match="changed by someone else"):
        store.save("content/faq.md", "---\ntitle: FAQ\n---\nMine.\n", version, False)
    assert "More." in (root / "content/faq.md").read_text()


def test_a_save_without_the_loaded_version_is_refused(tmp_path: Path) -> None:
    store = Store(make_project(tmp_path))
    status, answer = api.handle(
        store,
        {
            "action": "persistEntry",
            "params": {"dataFiles": [{"path": "content/faq.md", "raw": "x"}]},
        },
    )
    assert status == 409 and "reload" in answer["error"]


# --- what the back end refuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "../outside.md",
        "content/../centers.yaml",
        "centers.yaml",
        "themes/default/templates/base.html",
        "content/evil.py",
        "content/.hidden.md",
        "/etc/passwd",
        "images/x.html",
    ],
)
def test_only_pages_and_pictures_inside_the_project(tmp_path: Path, path: str) -> None:
    store = Store(make_project(tmp_path))
    with pytest.raises(Refused):
        store.save(path, "x", None, True)


def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "content/linked").symlink_to(outside)
    with pytest.raises(Refused, match="out of the project"):
        Store(root).save("content/linked/page.md", "---\ntitle: x\n---\n", None, True)
    assert not list(outside.iterdir())


def test_uploads_go_to_the_image_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    png = (REPO / "images/harbor-light/logo.png").read_bytes()
    import base64

    status, answer = api.handle(
        store,
        {
            "action": "persistMedia",
            "params": {
                "asset": {
                    "path": "images/door.png",
                    "content": base64.b64encode(png).decode(),
                    "encoding": "base64",
                }
            },
        },
    )
    assert status == 200 and answer["path"] == "images/door.png"
    assert (root / "images/door.png").read_bytes() == png
    listed = api.handle(store, {"action": "getMedia", "params": {"mediaFolder": "images"}})[1]
    assert [m["path"] for m in listed] == ["images/door.png"]


def _wsgi(
    app: Any, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "wsgi.input": BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "127.0.0.1:8000",
    }
    for k, v in headers.items():
        environ[k] = v
    got: dict[str, Any] = {}

    def start(status: str, hdrs: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = status, dict(hdrs)

    data = b"".join(app(environ, start))
    return got["status"], got["headers"], data


def test_the_admin_answers_only_its_own_page_and_address(tmp_path: Path) -> None:
    from site_builder.admin.app import AdminApp
    from site_builder.devsite import DevSite

    site = DevSite(make_project(tmp_path))
    try:
        app = AdminApp(site)
        info = json.dumps({"action": "info"}).encode()
        ok = _wsgi(app, "POST", "/admin/api/v1", info, CONTENT_TYPE="application/json")
        assert ok[0].startswith("200") and json.loads(ok[2])["type"] == "local_fs"
        form = _wsgi(app, "POST", "/admin/api/v1", info, CONTENT_TYPE="text/plain")
        assert form[0].startswith("415")  # what a page on another site can send without asking
        other = _wsgi(
            app,
            "POST",
            "/admin/api/v1",
            info,
            CONTENT_TYPE="application/json",
            HTTP_ORIGIN="https://evil.example",
        )
        assert other[0].startswith("403")
        rebound = _wsgi(app, "GET", "/admin/config.yml", HTTP_HOST="evil.example:8000")
        assert rebound[0].startswith("403")  # a name rebound to 127.0.0.1
        status, headers, page = _wsgi(app, "GET", "/admin/")
        assert status.startswith("200") and "noindex" in headers["X-Robots-Tag"]
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert b'<meta name="robots" content="noindex' in page
        assert not re.search(rb"(src|href)=\"(https?:)?//", page)  # nothing from elsewhere
    finally:
        site.close()


def test_a_save_that_changes_nothing_answers_at_once(tmp_path: Path) -> None:
    import time

    from site_builder.admin.app import AdminApp
    from site_builder.devsite import DevSite

    site = DevSite(make_project(tmp_path))
    try:
        app = AdminApp(site)
        entry = app.store.entry("content/faq.md")
        body = {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"path": "content/faq.md", "raw": entry["data"]}],
                "versions": {"content/faq.md": entry["file"]["id"]},
            },
        }
        started = time.monotonic()
        status, answer = api.handle(app.store, body, app.after_write)
        assert status == 200 and answer["versions"]["content/faq.md"] == entry["file"]["id"]
        assert time.monotonic() - started < 2  # no rebuild to wait for
    finally:
        site.close()


def test_a_new_page_is_written_without_empty_fields_and_can_be_deleted(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    store = Store(root)
    decap = (  # a new entry as Decap writes it: every field of the form, most of them empty
        "---\ntitle: Support groups\ndescription: ''\nsummary: ''\nnav: Groups\norder: 45\n"
        "layout: ''\nrequires: ''\nlast_reviewed: ''\nfaq: []\ngeneral: false\n---\n"
        "Families are part of recovery.\n"
    )
    path, version = store.save("content/support-groups.md", decap, None, True)
    assert (root / path).read_text() == (
        "---\ntitle: Support groups\nnav: Groups\norder: 45\n---\nFamilies are part of recovery.\n"
    )
    assert run_build(root, write=False).errors == 0
    with pytest.raises(Refused, match="changed by someone else"):
        store.delete(path, "an older version")
    store.delete(path, version)
    assert not (root / path).exists()
