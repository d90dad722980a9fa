"""Find care in a real browser (issue 18): search each sample site with its own Pagefind index,
filter the network directory by service and language, and find the nearest center to a ZIP code —
and no request leaves the local server in any of them (Playwright's request log of the whole
browser context, workers included).

The sample project is built once; each site's folder is served by http.server on 127.0.0.1.
Debian's chromium, driven by Playwright; never `playwright install`. Without chromium or
Playwright these tests skip with a one-line reason; under CI=true that is a failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import chromium, needs_browser, run_build, sample_project, served_folders

pytestmark = pytest.mark.browser
DIRECTORY = "find-care"
#: (site, words for a service it offers, that service's page, words for one it does not offer,
#: that service's page on a site that has it)
SEARCHES = [
    (
        "sunrise-recovery",
        "partial hospitalization",
        "/services/php/",
        "dialectical",
        "/services/dbt/",
    ),
    (
        "harbor-light",
        "dialectical behavior",
        "/services/dbt/",
        "partial hospitalization",
        "/services/php/",
    ),
    ("cedar-grove", "veterans military", "/services/veterans/", "dialectical", "/services/dbt/"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = sample_project(tmp_path_factory.mktemp("find-care"))
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    slugs = [s for s, *_ in SEARCHES] + [DIRECTORY]
    with served_folders({slug: root / "output" / slug for slug in slugs}) as urls:
        yield urls


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: object, served: dict[str, str]) -> Iterator[object]:
    """A page whose context logs every request it makes; after the test, each one must have
    gone to one of the local servers."""
    context = browser.new_context()  # type: ignore[attr-defined]
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    local = tuple(f"{u}/" for u in served.values())
    assert requests, "the test made no request"
    outside = [
        u for u in requests if not u.startswith(local) and not u.startswith(("data:", "blob:"))
    ]
    assert not outside, f"requests left the local server: {outside}"
    assert not errors, errors


def _search(page: object, base: str, words: str) -> list[str]:
    page.goto(f"{base}/search/")  # type: ignore[attr-defined]
    box = page.locator("#search-input")  # type: ignore[attr-defined]
    box.fill(words)
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('[data-search-status]').textContent.trim() !== ''", timeout=15000
    )
    return page.locator("[data-search-results] a").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.mark.parametrize(("slug", "offered", "page_path", "absent", "absent_path"), SEARCHES)
def test_search_finds_what_the_site_offers_and_never_what_it_does_not(
    page: object,
    served: dict[str, str],
    slug: str,
    offered: str,
    page_path: str,
    absent: str,
    absent_path: str,
) -> None:
    base = served[slug]
    found = _search(page, base, offered)
    assert page_path in found, f"{slug}: searching {offered!r} gave {found}"
    assert all(not p.startswith("/search/") and p != "/404.html" for p in found)
    missing = _search(page, base, absent)
    assert absent_path not in missing, f"{slug}: searching {absent!r} gave {missing}"
    titles = page.locator("[data-search-results] a").all_inner_texts()  # type: ignore[attr-defined]
    assert not any(absent.split()[0].lower() in t.lower() for t in titles), titles


def test_search_in_spanish_reads_the_spanish_index(page: object, served: dict[str, str]) -> None:
    found = _search(page, served["sunrise-recovery"].rstrip("/") + "/es", "hospitalización parcial")
    assert found and all(p.startswith("/es/") for p in found), found


def _visible_cards(page: object) -> set[str]:
    return set(
        page.locator("[data-cards] > li:not([hidden])").evaluate_all(  # type: ignore[attr-defined]
            "cards => cards.map(c => c.dataset.center)"
        )
    )


def test_directory_filters_by_service_and_language(page: object, served: dict[str, str]) -> None:
    page.goto(served[DIRECTORY] + "/")  # type: ignore[attr-defined]
    everyone = {"sunrise-recovery", "harbor-light", "cedar-grove"}
    assert _visible_cards(page) == everyone
    page.select_option("#filter-service", "dbt")  # type: ignore[attr-defined]
    assert _visible_cards(page) == {"harbor-light"}
    page.select_option("#filter-service", "")  # type: ignore[attr-defined]
    page.select_option("#filter-language", "spanish")  # type: ignore[attr-defined]
    assert _visible_cards(page) == {"sunrise-recovery", "cedar-grove"}
    page.select_option("#filter-service", "veterans")  # type: ignore[attr-defined]
    assert _visible_cards(page) == {"cedar-grove"}
    # the same lists as plain pages, for a browser without JavaScript and for search engines
    page.goto(served[DIRECTORY] + "/languages/vietnamese/")  # type: ignore[attr-defined]
    listed = page.locator(".directory-list > li").evaluate_all(
        "cs => cs.map(c => c.dataset.center)"
    )  # type: ignore[attr-defined]
    assert listed == ["cedar-grove"]


@pytest.mark.parametrize(
    ("zip_code", "nearest"),
    [("91101", "sunrise-recovery"), ("89501", "harbor-light"), ("97201", "cedar-grove")],
)
def test_directory_finds_the_nearest_center_to_a_zip_code(
    page: object, served: dict[str, str], zip_code: str, nearest: str
) -> None:
    page.goto(served[DIRECTORY] + "/find/")  # type: ignore[attr-defined]
    page.fill("#zip-input", zip_code)  # type: ignore[attr-defined]
    page.click("[data-nearest-go]")  # type: ignore[attr-defined]
    first = page.locator("[data-nearest-results] > li").first  # type: ignore[attr-defined]
    first.wait_for(timeout=10000)
    assert first.get_attribute("data-center") == nearest
    assert "miles" in first.inner_text()


def test_directory_without_javascript_lists_centers_by_state(
    browser: object, served: dict[str, str]
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto(served[DIRECTORY] + "/find/")
    assert p.locator("[data-nearest]").is_hidden()
    p.select_option("#state-select", "NV")
    p.click(".directory-state-form button")
    p.wait_for_url("**/states/?state=NV")
    assert p.locator("#state-nv .directory-list > li").evaluate_all(
        "cs => cs.map(c => c.dataset.center)"
    ) == ["harbor-light"]
    context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_axe_finds_no_violations_on_the_directory_and_search_results(
    browser: object, served: dict[str, str]
) -> None:
    """axe-core on every directory page kind, and on a search page and the find page showing
    results (the states the scripts make)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        needs_browser("axe-playwright-python is not installed (pip install -e '.[test]')")
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.add_init_script(Axe().axe_script)
    p = context.new_page()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    failures = []

    def check(label: str) -> None:
        for v in p.evaluate("(options) => axe.run(document, options)", options)["violations"]:
            where = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            failures.append(f"{label}: {v['id']} ({v['impact']}): {v['help']} at {where}")

    d = served[DIRECTORY]
    for path in (
        "/",
        "/services/dbt/",
        "/cities/reno-nv/",
        "/languages/spanish/",
        "/states/",
        "/404.html",
    ):
        p.goto(d + path)
        check(path)
    p.goto(d + "/find/")
    p.fill("#zip-input", "89501")
    p.click("[data-nearest-go]")
    p.locator("[data-nearest-results] > li").first.wait_for()
    check("/find/ with results")
    _search(p, served["harbor-light"], "dialectical")
    check("harbor-light /search/ with results")
    context.close()
    assert not failures, "\n".join(failures)
