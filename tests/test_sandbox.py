"""Content is untrusted: the classic template-injection payloads must never run, never publish the
program's insides, and each gives a plain error at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TODAY, cli, edit, make_project, run_build
from jinja2 import TemplateSyntaxError

from site_builder import sandbox

#: Payloads from public server-side template injection write-ups, and our own bounds.
PAYLOADS = [
    "{{ center.__class__ }}",
    "{{ center.__class__.__mro__ }}",
    "{{ center.name.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ center.offers.__globals__ }}",
    "{{ center.offers.__func__.__globals__['os'] }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{{ center|attr('__class__') }}",
    "{{ center['__class__'] }}",
    "{% set x = '__cla' + 'ss__' %}{{ center[x] }}",
    "{% include '/etc/passwd' %}",
    "{% import 'base.html' as b %}",
    "{% extends 'default/base.html' %}",
    "{% from 'x' import y %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ range(100000) | list }}",
    "{{ 'x' * 100000000 }}",
    "{{ 9 ** 9999999 }}",
    "{% set s = 'xxxxxxxxxx' * 1000 %}{% for a in s|list %}{% for b in s|list %}{{ s }}{% endfor %}{% endfor %}",
    "{% for a in center.name %}{% for b in center.name %}{% for c in center.name %}x{% endfor %}{% endfor %}{% endfor %}",
    "{{ center.name.format.__self__ }}",
    "{{ 'a' ~ 'b' }}",
    "{% set l = [center, center] %}{{ l }}",
    "{{ center.name.format('{0.__class__}', center) }}",
]


def _render(source: str) -> str:
    env = sandbox.content_environment()

    class Center:
        name = "Test Center"

        def offers(self, service: str) -> bool:
            return service == "iop"

    return env.from_string(source).render(center=Center(), **{sandbox.BUDGET_KEY: [sandbox.BUDGET]})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_never_runs(payload: str) -> None:
    try:
        out = _render(payload)
    except (sandbox.Refused, TemplateSyntaxError):
        return  # refused when compiled
    except Exception as exc:  # refused or undefined at render time
        assert "uid=" not in str(exc)
        return
    # whatever renders must not show the program's insides
    assert "class" not in out and "module" not in out and "uid=" not in out, out


def test_facts_still_work() -> None:
    text = (
        '{% if center.offers("iop") %}IOP{% endif %} {{ center.name | upper }} '
        '{% for s in ["a", "b"] %}{{ s }}{% endfor %} {% general %}all{% endgeneral %}'
    )
    assert sandbox.strip_general(_render(text)) == "IOP TEST CENTER ab all"


def test_general_marks_the_passage() -> None:
    out = _render("x {% general %}residential care{% endgeneral %} y")
    assert out == f"x {sandbox.GENERAL_OPEN}residential care{sandbox.GENERAL_CLOSE} y"


@pytest.mark.parametrize(
    "payload, message",
    [
        ("{{ center.__class__.__mro__ }}", "reaches into the program"),
        ("{% include 'default/../../../../etc/passwd' %}", "pages cannot use {% include %}"),
        ("{{ lipsum.__globals__ }}", "reaches into the program"),
        ("{{ cycler() }}", "pages can only call the center's own questions"),
        ("{{ center|attr('__class__') }}", "the filter 'attr' is not available"),
        ("{{ 'x' * 100000000 }}", "too long to build safely"),
    ],
)
def test_build_reports_payload_at_its_line(tmp_path: Path, payload: str, message: str) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "\n---\n",
        f"\n---\nFirst line.\n\n{payload}\n",
    )
    run = cli(root, "build", "--today", TODAY)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert message in run.err
    assert "content/first-visit.md:" in run.err
    assert "__mro__" not in run.out and "<class" not in run.err
    assert not (root / "output" / "valley").exists()


def test_refused_payload_points_at_the_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    text = (root / "content/first-visit.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    (root / "content/first-visit.md").write_text(
        f"{head}\n---\nLine one.\n\nLine three {{{{ center.__class__ }}}}.\n{body}",
        encoding="utf-8",
    )
    body_line = head.count("\n") + 3  # the line after the closing ---
    result = run_build(root)
    found = [p for p in result.problems if "reaches into the program" in p.message]
    assert found and found[0].mark.file == "content/first-visit.md"
    assert found[0].mark.line == body_line + 2


def test_front_matter_is_sandboxed(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "title:", 'title: "{{ center.__class__ }}"\nx_old:')
    edit(root, "content/first-visit.md", "x_old:", "description:")
    result = run_build(root)
    assert any("reaches into the program" in p.message for p in result.problems)


def test_attribute_safety_is_jinjas_answer_asked_once_per_type_and_name() -> None:
    """The sandbox keeps Jinja's answer per (type, name); the answers stay Jinja's, the second time
    too (a cached "safe" must never turn an unsafe attribute safe)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    ours, jinja = sandbox.content_environment(), ImmutableSandboxedEnvironment()

    def f() -> None: ...

    cases = [
        ([], "append"), ([], "index"), ({}, "update"), ({}, "get"), (set(), "add"),
        ("text", "upper"), ("text", "__class__"), (f, "__globals__"), (f, "__code__"),
        (f.__call__, "__self__"), (str, "mro"), (1, "real"), (object(), "_private"),
        (ours, "is_safe_attribute"),
    ]  # fmt: skip
    for _ in range(2):
        for obj, attr in cases:
            value = getattr(obj, attr, None)
            expected = jinja.is_safe_attribute(obj, attr, value)
            assert ours.is_safe_attribute(obj, attr, value) is expected, (obj, attr)
    assert not ours.is_safe_attribute([], "append", None)
    assert not ours.is_safe_attribute("x", "__class__", None)
