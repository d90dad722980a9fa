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


# The pass runs on Markdown's own tree; only a fragment with raw HTML is parsed again. Both must
# find the same links, anchors and targets, and write the same marks, for any Markdown.
SAMPLES = [
    "# Who it helps\n\n## Who it helps\n\n### Visit \ue0000\ue001\n",
    "Call [us](tel:+16265550123) or [read](first-visit.md#what) or [go](https://x.org/a?b=1&c=2).",
    "Write to <help@example.org> or see <https://example.org/>.",
    "## Costs {#costs}\n\nSee [below](#costs) and ![Our waiting room](room.jpg).",
    "[Your plan](\ue0000\ue001) and [ours](https://x.org/\ue0001\ue001).",
    "Term\n:   A definition with a [link](services/iop.md).[^1]\n\n[^1]: A note.",
    "| a | b |\n|---|---|\n| [x](/contact/) | \\*not em\\* |\n",
    "- one [a](faq.md)\n- two [a](faq.md)\n",
]


def _both(text: str) -> tuple:
    from site_builder.markdown import Converter
    from site_builder.postprocess import process_tree

    html, tree = Converter().convert_visiting(
        text, lambda root, stashed: process_tree(root, stashed, text, 5, "services/iop", KNOWN)
    )
    plain_html = Converter().convert(text)
    return tree, process(plain_html, text, 5, "services/iop", KNOWN), html


def test_the_tree_pass_finds_what_the_html_pass_finds() -> None:
    for text in SAMPLES:
        tree, parsed, html = _both(text)
        assert tree is not None, text
        assert (tree.links, tree.anchors, tree.dynamic) == (
            parsed.links,
            parsed.anchors,
            parsed.dynamic,
        ), text
        for mark in ("rel=", "\ue002", 'id="'):
            assert html.count(mark) == parsed.html.count(mark), (text, mark)


def test_raw_html_and_unsafe_fragments_take_the_html_pass() -> None:
    for text in ("<details><summary>More</summary>Text</details>", "[x](javascript:alert(1))"):
        tree, parsed, _ = _both(text)
        assert tree is None, text
    assert parsed.unsafe  # the unsafe link is still an error, found by the HTML pass
