from site_builder.postprocess import LINK_TOKEN, classify, heading_id, process, resolve

KNOWN = frozenset({"index", "first-visit", "services/iop", "services/group-therapy"})


def test_heading_ids_are_unique_and_skip_placeholders() -> None:
    html = "<h2>Who it helps</h2><h2>Who it helps</h2><h3>Visit \ue0000\ue001</h3>"
    out = process(html, "", 1, "index", KNOWN)
    assert out.anchors == ("who-it-helps", "who-it-helps-2", "visit")
    assert 'id="who-it-helps-2"' in out.html


def test_outbound_links_get_rel_and_internal_links_become_tokens() -> None:
    src = "line one\n[a](https://x.org/)\n[b](first-visit.md#what)\n[c](tel:+16265550123)\n"
    html = '<p><a href="https://x.org/">a</a> <a href="first-visit.md#what">b</a> <a href="tel:+16265550123">c</a></p>'
    out = process(html, src, 10, "services/iop", KNOWN)
    assert 'rel="noopener noreferrer"' in out.html
    assert len(LINK_TOKEN.findall(out.html)) == 1
    kinds = [(ln.kind, ln.target, ln.anchor, ln.line) for ln in out.links]
    assert kinds == [
        ("external", "", "", 11),
        ("page", "first-visit", "what", 12),
        ("tel", "", "", 13),
    ]


def test_resolve_relative_root_and_site_paths() -> None:
    assert resolve("group-therapy.md", "services/iop", KNOWN) == "services/group-therapy"
    assert resolve("services/iop.md", "first-visit", KNOWN) == "services/iop"
    assert resolve("../first-visit.md", "services/iop", KNOWN) == "first-visit"
    assert resolve("/contact/", "index", KNOWN) == "contact"
    assert resolve("/", "faq", KNOWN) == "index"
    assert heading_id("Costs & insurance") == "costs-insurance"
    assert classify("#top", "faq", KNOWN, 1).kind == "anchor"
    assert classify("mailto:a@b.org", "faq", KNOWN, 1).kind == "mailto"
