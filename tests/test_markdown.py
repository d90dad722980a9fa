"""The oracle: the shared conversion equals Jinja-then-Markdown done for each center on its own."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from helpers import TODAY, sample_project

from site_builder.markdown import (
    Converter,
    Fragment,
    compile_fragment,
    inline_safe,
    render_direct,
    render_skeleton,
    skeleton_environment,
    substitute,
)
from site_builder.model import load, today_from
from site_builder.numbers import NUMBERS
from site_builder.phones import parse_phone
from site_builder.postprocess import process
from site_builder.render import Renderer


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = sample_project(tmp_path_factory.mktemp("md"))
    model = load(root, today_from(TODAY))
    assert not model.problems.errors
    return model


def convert_both(renderer: Renderer, frag: Fragment, center) -> tuple[str, str, bool]:
    """Both paths through Markdown and the BeautifulSoup pass (rel, heading ids, link tokens)."""
    ctx = {"center": center, "numbers": NUMBERS}
    skel = render_skeleton(frag, ctx)
    html = renderer.bodies.converter.convert(skel.text)
    shared = process(html, frag.source, frag.line, "page", renderer.bodies.known_ids)
    direct_html = Converter().convert(render_direct(frag, ctx))
    direct = process(direct_html, frag.source, frag.line, "page", renderer.bodies.known_ids)
    fast = substitute(shared.html, skel.values, shared.dynamic)
    return _same_form(fast), _same_form(direct.html), inline_safe(html, skel.values, shared.dynamic)


def _same_form(html: str) -> str:
    """Both serialised the same way (the shared path escapes a value's quotes, BeautifulSoup
    writes them bare: the same text). Heading ids are left out: on the shared path they come
    from the heading without its values, so they are the same for every center, by design."""
    return re.sub(r'<(h[1-6]) id="[^"]*"', r"<\1", str(BeautifulSoup(html, "html.parser")))


def test_every_sample_page_and_center_matches_the_direct_path(sample) -> None:
    renderer = Renderer(sample)
    assert renderer.compile_problems(list(sample.content.all_pages)) == []  # (compiles them all)
    checked = shared_hits = 0
    for frag in renderer.bodies.fragments.values():
        for center in sample.centers:
            fast, direct, safe = convert_both(renderer, frag, center)
            if safe:
                assert fast == direct, frag.file
                shared_hits += 1
            checked += 1
    assert checked > 90
    # plain values share the conversion, outbound URLs in links (privacy notices) included
    assert shared_hits >= 0.97 * checked


NASTY = [
    "A*B Clinic",
    "Under_score Place",
    "[Bracket] Care",
    "AT&T <Recovery>",
    "Line\nbreak",
    "1. Numbered",
    "# Heading",
    "Two  spaces",
    "Back`tick",
    "Quote \"and\" 'apostrophe'",
    "Pipe | table",
]


@pytest.mark.parametrize("name", NASTY)
def test_values_that_could_change_parsing_take_the_direct_path(sample, name: str) -> None:
    renderer = Renderer(sample)
    center = replace(sample.centers[0], name=name)
    sources = [
        "Welcome to {{ center.name }}.",
        "{{ center.name }}\n\nMore text.",
        "| a | b |\n|---|---|\n| {{ center.name }} | x |",
        "`{{ center.name }}` and [x]({{ center.name }})",
        "- item {{ center.name }}\n- other",
    ]
    env = renderer.bodies.content_env
    for src in sources:
        frag = Fragment(src, "t.md", 1)
        compile_fragment(frag, env, skeleton_environment(env))
        fast, direct, safe = convert_both(renderer, frag, center)
        if safe:
            assert fast == direct, (name, src)


def test_a_phone_in_a_link_target_is_substituted_exactly(sample) -> None:
    renderer = Renderer(sample)
    phone = parse_phone("(626) 555-0143 x12")
    center = replace(sample.centers[0], phones=replace(sample.centers[0].phones, admissions=phone))
    frag = Fragment("[Call {{ center.phone }}]({{ center.phone.tel }})", "t.md", 1)
    compile_fragment(frag, renderer.bodies.content_env, renderer.bodies.skel_env)
    fast, direct, safe = convert_both(renderer, frag, center)
    assert safe and fast == direct
    assert 'href="tel:+16265550143;ext=12"' in fast and "(626) 555-0143 ext. 12" in fast


@pytest.mark.parametrize(
    ("url", "rel"),
    [
        ("https://example.org/notice/", True),
        ("//example.org/notice/", True),
        ("tel:+16265550143", False),
        ("mailto:care@example.org", False),
    ],
)
def test_a_link_made_of_a_value_gets_the_rel_of_its_target(sample, url: str, rel: bool) -> None:
    renderer = Renderer(sample)
    center = replace(sample.centers[0], privacy_notice_url=url)
    frag = Fragment("Read [our notice]({{ center.privacy_notice_url }}).", "t.md", 1)
    compile_fragment(frag, renderer.bodies.content_env, renderer.bodies.skel_env)
    fast, direct, safe = convert_both(renderer, frag, center)
    assert safe and fast == direct
    assert ('rel="noopener noreferrer"' in fast) is rel


def test_a_value_that_makes_a_page_link_takes_the_direct_path(sample) -> None:
    renderer = Renderer(sample)
    center = replace(sample.centers[0], privacy_notice_url="contact.md")
    frag = Fragment("Read [our notice]({{ center.privacy_notice_url }}).", "t.md", 1)
    compile_fragment(frag, renderer.bodies.content_env, renderer.bodies.skel_env)
    assert not convert_both(renderer, frag, center)[2]


def test_markdown_is_converted_once_per_distinct_skeleton(sample, monkeypatch) -> None:
    renderer = Renderer(sample)
    calls: list[str] = []
    original = renderer.bodies.converter.convert_visiting
    monkeypatch.setattr(
        renderer.bodies.converter,
        "convert_visiting",
        lambda text, visit: calls.append(text) or original(text, visit),
    )
    for center in sample.centers:
        renderer.render_center(center)
    # never the same skeleton of the same fragment twice (two pages may share a text: each is
    # converted once, as its links carry their own lines)
    assert len(calls) == len(renderer.bodies._processed)
    pages = sum(1 for f in renderer.bodies.fragments.values())
    assert len(calls) < pages * len(sample.centers)  # shared, not once per center
