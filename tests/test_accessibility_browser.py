"""Accessibility in a real browser (issue 6): axe-core, reflow, tap targets, keyboard, screenshots.

The sample project is built once into a temporary folder; each center's folder is served by a small
threaded http.server on 127.0.0.1 and checked in Debian's chromium, driven by Playwright. axe-core
comes from the `axe-playwright-python` package (it ships axe.min.js). Never `playwright install`.

Without chromium or Playwright these tests skip with a one-line reason; under CI=true that is a failure.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import REPO, chromium, needs_browser, run_build, sample_project, served_folders

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 1280)
SHOT_WIDTHS = (390, 1280)
SHOTS = REPO / "test-artifacts" / "screenshots"
SLUGS = [c["slug"] for c in yaml.safe_load((REPO / "centers.yaml").read_text("utf-8"))["centers"]]
# Body classes written by the theme's layouts; one page of each goes into the screenshots.
PAGE_TYPES = {
    "home": "home",
    "services": "services",
    "service": "service",
    "faq": "faq",
    "contact": "contact",
    "location": "location",
    "team": "team",
    "credentials": "credentials",
    "language": "language",
    "page": "page",
    "404": "not-found",
}

# What counts as a tap target, and what sits in running text (WCAG 2.5.8's inline exception).
TARGETS = "a[href], button, input, select, textarea, summary, [tabindex]"
TABBABLE = (
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), '
    'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'
)
TEXT_BLOCKS = "p, li, dd, dt, td, th, caption, blockquote, figcaption"

# Shared helpers injected into every page: colours, rectangles, what is rendered.
JS_LIB = r"""
window.__a11y = (() => {
  const rendered = (el) => {
    const cs = getComputedStyle(el);
    if (cs.visibility !== "visible" || cs.display === "none") return false;
    // inside a closed <details> (the folded crisis options and menu on phones) nothing shows
    if (el.checkVisibility && !el.checkVisibility()) return false;
    return el.getClientRects().length > 0;
  };
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // The first opaque background colour at or above el (the page is white below everything).
  const backgroundOf = (el) => {
    for (; el && el.nodeType === 1; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const describe = (el) => {
    const text = (el.innerText || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return `<${el.tagName.toLowerCase()}${cls}> "${text.slice(0, 60)}"`;
  };
  const overlap = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0.5 && h > 0.5;
  };
  return { rendered, parse, contrast, backgroundOf, describe, overlap };
})();
"""

# Every tap target at least 24x24, unless it is an inline link in a sentence (WCAG 2.5.8 exception).
JS_TARGETS = r"""
([TARGETS, TEXT_BLOCKS]) => {
  const { rendered, describe } = window.__a11y;
  const inText = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    if (!block || !block.matches(TEXT_BLOCKS)) return false;
    // Running text: at least two words in the block that are not themselves in a target.
    let text = "";
    const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const owner = walk.currentNode.parentElement.closest(TARGETS);
      if (!owner || !block.contains(owner)) text += " " + walk.currentNode.data;
    }
    return (text.match(/\p{L}{2,}/gu) || []).length >= 2;
  };
  const bad = [];
  for (const el of document.querySelectorAll(TARGETS)) {
    if (!rendered(el) || inText(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 24 || r.height < 24) bad.push(`${describe(el)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`);
  }
  return bad;
}
"""

# Before tabbing: number the tabbable elements and remember how each looks without focus.
JS_PREPARE = r"""
(TABBABLE) => {
  const { rendered } = window.__a11y;
  const els = [...document.querySelectorAll(TABBABLE)].filter(rendered);
  window.__tabbables = els;
  window.__covers = [...document.querySelectorAll("body *")].filter((e) =>
    ["sticky", "fixed"].includes(getComputedStyle(e).position));
  window.__unfocused = els.map((el) => {
    const cs = getComputedStyle(el);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join("|");
  });
  return els.length;
}
"""

# After each Tab: which element has focus, is its focus visible with 3:1 contrast, is it covered?
JS_FOCUSED = r"""
() => {
  const { parse, contrast, backgroundOf, describe, overlap } = window.__a11y;
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { index: -1 };
  const index = window.__tabbables.indexOf(el);  // -2 below: focusable, but not in TABBABLE
  const name = describe(el);
  const problems = [];
  const cs = getComputedStyle(el);
  const now = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join("|");
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow !== "none";
  if (index >= 0 && (now === window.__unfocused[index] || !(outline || shadow))) {
    problems.push(`${name}: no visible focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})`);
  }
  const r = el.getBoundingClientRect();
  if (outline) {
    // Check the ring against what is really behind the middle of each side of it: the element's
    // own background for a ring drawn inside it, else whatever the page shows around it.
    const ring = parse(cs.outlineColor);
    const d = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) / 2;
    const points = [
      [r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
      [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d],
    ];
    let worst = null;
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const under = d < 0 ? el : document.elementsFromPoint(x, y).find((e) => e !== el && !el.contains(e));
      if (!under) continue;
      const bg = backgroundOf(under);
      const ratio = contrast(ring, bg);
      if (!worst || ratio < worst.ratio) worst = { ratio, bg };
    }
    if (worst && worst.ratio < 3) {
      const { r: br, g: bgr, b: bb } = worst.bg;
      problems.push(`${name}: focus ring ${cs.outlineColor} on rgb(${br}, ${bgr}, ${bb}) has contrast ${worst.ratio.toFixed(2)}:1 (need 3:1)`);
    }
  }
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) {
    problems.push(`${name}: focused but outside the viewport`);
  }
  for (const cover of window.__covers) {
    const pos = getComputedStyle(cover).position;
    if (cover.contains(el)) continue;
    if (overlap(r, cover.getBoundingClientRect())) problems.push(`${name}: hidden behind ${pos} ${describe(cover)}`);
  }
  return { index: index === -1 ? -2 : index, name, problems };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        import axe_playwright_python  # noqa: F401
    except ImportError:
        needs_browser("axe-playwright-python is not installed (pip install -e '.[test]')")
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Path]]]:
    """Build the sample project; serve each center's folder. slug -> (base URL, folder)."""
    root = sample_project(tmp_path_factory.mktemp("a11y"))
    result = run_build(root)
    assert not result.failed, "the sample project does not build:\n" + "\n".join(
        f"{p.mark.file}:{p.mark.line}: {p.message}" for p in result.problems
    )
    folders = {slug: root / "output" / slug for slug in SLUGS}
    with served_folders(folders) as urls:
        yield {slug: (urls[slug], folders[slug]) for slug in SLUGS}


def pages_of(folder: Path) -> list[str]:
    """Every page of a built site as a URL path: /, /faq/, /services/iop/, /404.html."""
    paths = []
    for f in sorted(folder.rglob("*.html")):
        rel = f.relative_to(folder).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def html_of(folder: Path, path: str) -> str:
    rel = path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/")
    return (folder / rel).read_text("utf-8")


def layout_of(folder: Path, path: str) -> str:
    m = re.search(r'<body class="layout-([\w-]+)"', html_of(folder, path))
    return m.group(1) if m else ""


def report(title: str, failures: list[str]) -> str:
    return f"{title}: {len(failures)} problem(s)\n  " + "\n  ".join(failures)


@pytest.mark.browser
@pytest.mark.parametrize("slug", SLUGS)
def test_axe_finds_no_violations_on_any_page(browser, sites, slug: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base, folder = sites[slug]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(
        Axe().axe_script
    )  # the package's axe.min.js, in every page before it loads
    page = context.new_page()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    failures = []
    for path in pages_of(folder):
        page.goto(base + path, wait_until="load")
        results = page.evaluate("(options) => axe.run(document, options)", options)
        for v in results["violations"]:
            nodes = "\n      ".join(
                f"{' '.join(n['target'])}: {n['html'][:160]}\n        {n.get('failureSummary', '').strip()}"
                for n in v["nodes"]
            )
            failures.append(f"{path}  {v['id']} ({v['impact']}): {v['help']}\n      {nodes}")
    context.close()
    assert not failures, report(f"axe-core {', '.join(AXE_TAGS)} on {slug}", failures)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", SLUGS)
def test_reflow_tap_targets_and_focus_not_obscured(browser, sites, slug: str, width: int) -> None:
    """No sideways scrolling; targets >= 24x24; Tab reaches everything, visibly and uncovered."""
    base, folder = sites[slug]
    context = browser.new_context(viewport={"width": width, "height": 800}, reduced_motion="reduce")
    context.add_init_script(JS_LIB)
    page = context.new_page()
    failures = []
    for path in pages_of(folder):
        page.goto(base + path, wait_until="load")
        where = f"{path} at {width}px"
        scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll[0] > scroll[1]:
            failures.append(f"{where}: scrolls sideways (scrollWidth {scroll[0]} > {scroll[1]})")
        failures += [
            f"{where}: tap target {t}" for t in page.evaluate(JS_TARGETS, [TARGETS, TEXT_BLOCKS])
        ]
        count = page.evaluate(JS_PREPARE, TABBABLE)
        seen: set[int] = set()
        for step in range(count + 3):
            page.keyboard.press("Tab")
            state = page.evaluate(JS_FOCUSED)
            if state["index"] == -1 or state["index"] in seen:
                break  # back to the document (or round again): the walk is complete
            if state["index"] == -2:
                failures.append(
                    f"{where}: Tab reached {state['name']}, which TABBABLE does not list"
                )
                continue
            if step == 0 and "skip-link" not in state["name"]:
                failures.append(f"{where}: first Tab focused {state['name']}, not the skip link")
            seen.add(state["index"])
            failures += [f"{where}: {p}" for p in state["problems"]]
        if len(seen) != count:
            missed = page.evaluate(
                "(seen) => window.__tabbables.filter((e, i) => !seen.includes(i)).map(window.__a11y.describe)",
                sorted(seen),
            )
            failures.append(f"{where}: Tab never reached {', '.join(missed)}")
    context.close()
    assert not failures, report(f"layout and keyboard checks on {slug} at {width}px", failures)


@pytest.mark.browser
@pytest.mark.parametrize("slug", SLUGS)
def test_skip_link_moves_focus_to_main(browser, sites, slug: str) -> None:
    base, folder = sites[slug]
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    failures = []
    page = context.new_page()
    for path in pages_of(folder):
        page.goto(base + path, wait_until="load")
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return [e.className, r.top >= 0 && r.bottom <= innerHeight && r.height > 0]; }"
        )
        if first != ["skip-link", True]:
            failures.append(f"{path}: first Tab focused class={first[0]!r}, visible={first[1]}")
            continue
        page.keyboard.press("Enter")
        focused = page.evaluate(
            "() => document.activeElement.tagName + '#' + document.activeElement.id"
        )
        if focused != "MAIN#main":
            failures.append(f"{path}: Enter on the skip link focused {focused}, not <main id=main>")
    context.close()
    assert not failures, report(f"skip link on {slug}", failures)


@pytest.mark.browser
@pytest.mark.parametrize("slug", SLUGS)
def test_screenshots_of_every_page_type(browser, sites, slug: str) -> None:
    """Full-page screenshots for people to look at, kept in test-artifacts/screenshots/."""
    base, folder = sites[slug]
    chosen: dict[str, str] = {}
    for path in pages_of(folder):
        layout = layout_of(folder, path)
        for name, body_class in PAGE_TYPES.items():
            if layout == body_class and name not in chosen:
                chosen[name] = path
    assert set(chosen) == set(PAGE_TYPES), (
        f"{slug} lacks page types {set(PAGE_TYPES) - set(chosen)}"
    )
    out = SHOTS / slug
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for width in SHOT_WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 844 if width < 800 else 900}
        )
        page = context.new_page()
        for name, path in chosen.items():
            page.goto(base + path, wait_until="load")
            page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert len(list(out.glob("*.png"))) == len(PAGE_TYPES) * len(SHOT_WIDTHS)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_site_has_an_honest_accessibility_statement(sites, slug: str) -> None:
    """Linked from every page; says what software checked and what a person must check; no claim."""
    _, folder = sites[slug]
    statement = folder / "accessibility" / "index.html"
    assert statement.is_file(), f"{slug} has no accessibility statement page"
    text = " ".join(re.sub(r"<[^>]+>", " ", statement.read_text("utf-8")).split())
    for needed in (
        "WCAG",
        "2.2",
        "Level AA",
        "axe",
        "keyboard",
        "200%",
        "400%",
        "screen reader",
        "Tab key",
    ):
        assert needed in text, f"{slug}'s accessibility statement does not mention {needed!r}"
    for claim in ("fully conform", "fully compliant", "meets all", "is fully accessible"):
        assert claim not in text.lower(), f"{slug}'s accessibility statement claims {claim!r}"
    for path in pages_of(folder):
        # the statement, or its Spanish twin on the Spanish pages
        assert re.search(
            r'href="[^"]*/(accessibility|es/accesibilidad)/"', html_of(folder, path)
        ), f"{slug}{path} does not link to the accessibility statement"


# --- the mobile-first rules (issue 17): first screen, length, footer, pictures ----------------------

#: Phone and desk viewports: where <main> must start, and where the h1 must end.
PHONE, SMALL, WIDE = (390, 844), (320, 568), (1280, 900)
MAIN_TOP_MAX = 220  # px from the top of a 390×844 page
FOOTER_MAX = 700  # px tall at 390
CREDENTIALS_MAX = 2 * 844  # the credentials page within two phone screens

JS_LAYOUT = r"""
() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height, width: r.width }; };
  const shown = (el) => !!el && el.checkVisibility() && el.getClientRects().length > 0;
  const strip = document.querySelector("aside.crisis");
  const centerTel = document.querySelector(".crisis-center").getAttribute("href");
  const onFirstScreen = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
  const imgs = [...document.images].map((img) => {
    const r = img.getBoundingClientRect();
    return {
      src: img.getAttribute("src"),
      width: +img.getAttribute("width"), height: +img.getAttribute("height"),
      shownRatio: r.width && r.height ? r.width / r.height : 0, fit: getComputedStyle(img).objectFit,
      top: r.top + scrollY, lazy: img.loading === "lazy", alt: img.getAttribute("alt"),
    };
  });
  return {
    main: box(document.querySelector("main")),
    h1: box(document.querySelector("h1")),
    strip: box(strip),
    footer: box(document.querySelector("footer.site-footer")),
    page: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    crisisOptions: [...strip.querySelectorAll(".crisis-inner a")].filter(shown).map((a) => a.getAttribute("href")),
    summaryShown: shown(strip.querySelector("summary")),
    menuShown: shown(document.querySelector(".menu-button")),
    navShown: [...document.querySelectorAll(".main-nav a")].filter(shown).length,
    navServices: [...document.querySelectorAll(".main-nav a")].some((a) => /\/services\/$/.test(a.getAttribute("href"))),
    centerCalls: [...document.querySelectorAll(`aside.crisis a[href="${centerTel}"], header a[href="${centerTel}"]`)]
      .filter((a) => shown(a) && onFirstScreen(a)).length,
    callHours: (document.querySelector(".call-hours") || {}).textContent || "",
    faq: [...document.querySelectorAll(".faq-item")].map((d) => [d.tagName, d.open]),
    serviceCards: [...document.querySelectorAll(".service-card")].map((c) => c.innerText.trim().split("\n").length),
    imgs,
  };
}
"""

#: Each picture brought into view (lazy ones load then) and decoded: what the browser chose.
JS_LOADED = r"""
async () => {
  const out = [];
  for (const img of document.images) {
    img.scrollIntoView({ block: "center" });
    try { await img.decode(); } catch (e) { /* reported below as not loaded */ }
    out.push({ src: img.getAttribute("src"), current: img.currentSrc, natural: img.naturalWidth });
  }
  scrollTo(0, 0);
  return out;
}
"""

#: Every folded part opened (the crisis options, the menu, the FAQ): still no sideways scroll.
JS_OPENED = r"""
() => { document.querySelectorAll("details").forEach((d) => { d.open = true; });
  return document.documentElement.scrollWidth; }
"""

#: Layout shifts while the page loads (the pictures carry width and height, so none).
JS_SHIFT = r"""
() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 50);
})
"""


def _page_per_type(folder: Path) -> dict[str, str]:
    """One URL path per layout, English first; the Spanish home too when the site has one."""
    chosen: dict[str, str] = {}
    for path in pages_of(folder):
        if path.startswith(("/es/", "/search/")):  # (search is its own page, with its own tests)
            continue
        chosen.setdefault(layout_of(folder, path), path)
    if (folder / "es" / "index.html").is_file():
        chosen["home (es)"] = "/es/"
    return chosen


@pytest.mark.browser
@pytest.mark.parametrize("slug", SLUGS)
def test_content_first_short_pages_and_pictures_on_every_page_type(
    browser, sites, slug: str
) -> None:
    """At 390×844 <main> starts within 220 px and the center's number shows once; at 320×568 the
    h1 is wholly on the first screen; the crisis strip is one row on phones and every option on
    wide screens; the footer is at most 700 px at 390; the credentials page fits two phone screens;
    FAQ answers fold; no empty service card; every picture loads as WebP, in its own proportions,
    with no layout shift, lazily below the fold; nothing is asked of another origin."""
    base, folder = sites[slug]
    chosen = _page_per_type(folder)
    assert {"home", "service", "services", "faq", "team", "credentials", "location"} <= set(chosen)
    failures: list[str] = []
    foreign: set[str] = set()
    views = {}
    for size in (PHONE, SMALL, WIDE):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, reduced_motion="reduce"
        )
        page = context.new_page()
        page.on("request", lambda r: foreign.add(r.url) if not r.url.startswith(base) else None)
        views[size] = (context, page)
    for name, path in chosen.items():
        for size, (_, page) in views.items():
            page.goto(base + path, wait_until="load")
            m = page.evaluate(JS_LAYOUT)
            where = f"{name} {path} at {size[0]}×{size[1]}"
            if m["scrollWidth"] > size[0]:
                failures.append(f"{where}: scrolls sideways ({m['scrollWidth']} px)")
            if size == PHONE:
                if m["main"]["top"] > MAIN_TOP_MAX:
                    failures.append(
                        f"{where}: <main> starts at {m['main']['top']:.0f} px (> {MAIN_TOP_MAX})"
                    )
                if m["strip"]["height"] > 56 or not m["summaryShown"] or m["crisisOptions"]:
                    failures.append(
                        f"{where}: the crisis strip is not one folded row ({m['strip']['height']:.0f} px, options shown: {m['crisisOptions']})"
                    )
                if m["centerCalls"] != 1 or not m["callHours"].strip():
                    failures.append(
                        f"{where}: the center's number shows {m['centerCalls']} times on the first screen (hours: {m['callHours']!r})"
                    )
                if not m["menuShown"] or m["navShown"] or not m["navServices"]:
                    failures.append(
                        f"{where}: the menu is not folded behind its button, or has no Services"
                    )
                if m["footer"]["height"] > FOOTER_MAX:
                    failures.append(
                        f"{where}: the footer is {m['footer']['height']:.0f} px tall (> {FOOTER_MAX})"
                    )
                if name == "credentials" and m["page"] > CREDENTIALS_MAX:
                    failures.append(f"{where}: {m['page']} px long, more than two phone screens")
                shift = page.evaluate(JS_SHIFT)
                if shift > 0.01:
                    failures.append(f"{where}: layout shift {shift:.3f} while loading")
            if size == SMALL and (m["h1"]["top"] < 0 or m["h1"]["bottom"] > SMALL[1]):
                failures.append(
                    f"{where}: the h1 ends at {m['h1']['bottom']:.0f} px, below the first screen"
                )
            if size == WIDE:
                hrefs = m["crisisOptions"]
                chat = len(hrefs) > 3 and "988lifeline.org" in hrefs[2]
                if (
                    m["summaryShown"]
                    or hrefs[:2] != ["tel:988", "sms:988"]
                    or not chat
                    or hrefs[3] != "tel:911"
                ):
                    failures.append(f"{where}: the crisis options are not all shown: {hrefs}")
                if m["menuShown"] or m["navShown"] < 3 or m["centerCalls"] != 1:
                    failures.append(
                        f"{where}: the menu is not open, or the number shows {m['centerCalls']} times"
                    )
            if any(tag != "DETAILS" or is_open for tag, is_open in m["faq"]):
                failures.append(f"{where}: FAQ answers are not folded in <details>")
            if any(lines < 2 for lines in m["serviceCards"]):
                failures.append(f"{where}: a service card has no summary")
            for img in m["imgs"]:
                what = f"{where}: <img src={img['src']}>"
                if not img["width"] or not img["height"] or img["alt"] is None:
                    failures.append(f"{what} has no width, height or alt")
                elif (
                    img["shownRatio"]
                    and img["fit"] != "cover"
                    and abs(img["shownRatio"] - img["width"] / img["height"]) > 0.02
                ):
                    failures.append(f"{what} is shown out of proportion")
                below = img["top"] > 2 * size[1]
                if below and not img["lazy"]:
                    failures.append(f"{what} is below the fold ({img['top']:.0f} px) but not lazy")
                if img["top"] < size[1] / 2 and img["lazy"] and size != SMALL:
                    failures.append(f"{what} is on the first screen but lazy")
            if size == SMALL and page.evaluate(JS_OPENED) > SMALL[0]:
                failures.append(
                    f"{where}: scrolls sideways once the crisis options and menu are open"
                )
            if size == PHONE:
                for img in page.evaluate(JS_LOADED):
                    if not img["natural"] or not img["current"].endswith(".webp"):
                        failures.append(
                            f"{where}: <img src={img['src']}> did not load as WebP ({img['current']})"
                        )
    for context, _ in views.values():
        context.close()
    if foreign:
        failures.append(f"requests to another origin: {sorted(foreign)}")
    assert not failures, report(f"mobile-first rules on {slug}", failures)
