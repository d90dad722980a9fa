from site_builder import yamlsrc
from site_builder.problems import Problems


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    problems = Problems()
    yamlsrc.load("a: 1\nb: 2\na: 3\n", "x.yaml", problems)
    (p,) = problems.items
    assert (p.mark.line, p.mark.col) == (3, 1)
    assert p.message == "'a' is written twice in the same block (first on line 1)"


def test_syntax_errors_become_problems_with_plain_hints() -> None:
    cases = {
        "a:\n\tb: 1\n": "indented with a tab",
        "title: Care: what to expect\n": "a colon in this line confuses YAML",
        'a: "open\nb: 2\n': "quote",
        "a: *star\n": "reference",
    }
    for text, expected in cases.items():
        problems = Problems()
        assert yamlsrc.load(text, "x.yaml", problems) is None
        (p,) = problems.items
        assert expected in p.message + p.hint, (text, p.render())
        assert p.mark.line >= 1


def test_merge_keeps_marks_of_each_side() -> None:
    problems = Problems()
    base = yamlsrc.load("a: {x: 1, y: 2}\nlist: [1, 2]\n", "d.yaml", problems)
    over = yamlsrc.load("a: {y: 3}\nlist: [9]\nz: 1\n", "c.yaml", problems)
    merged = yamlsrc.merge(base, over)
    a = yamlsrc.get(merged, "a")
    assert {k.value: v.value for k, v in a.value} == {"x": "1", "y": "3"}
    assert [n.value for n in yamlsrc.get(merged, "list").value] == ["9"]
    assert yamlsrc.get(merged, "z").value == "1"
