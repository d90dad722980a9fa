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


def test_a_missing_dash_is_one_message_and_the_items_are_read_apart() -> None:
    def read(text: str) -> tuple[list[tuple[int, str]], object]:
        problems = Problems()
        node = yamlsrc.load(text, "x.yaml", problems)
        return [(p.mark.line, p.message) for p in problems.items], node.value[0][1]

    found, centers = read("centers:\n  - name: A\n    slug: a\n    name: B\n    slug: b\n")
    assert found == [
        (
            4,
            "this center has no '- ' in front of it, so it was read as part of the center above (line 2)",
        )
    ]
    assert isinstance(centers, yamlsrc.SequenceNode) and len(centers.value) == 2
    found, faq = read("faq:\n  question: a\n  answer: b\n  question: c\n  answer: d\n")
    assert [line for line, _ in found] == [2] and len(faq.value) == 2
    # a block that is not a list, given twice, stays a repeated-key mistake
    found, _ = read("phones:\n  main: 1\n  tty: 2\n  main: 3\n  tty: 4\n")
    assert [m for _, m in found] == [
        "'main' is written twice in the same block (first on line 2)",
        "'tty' is written twice in the same block (first on line 3)",
    ]


def test_a_quote_mistake_is_named_at_its_own_line() -> None:
    """YAML gives up lines later, where a later quote closes the value, and said "the
    indentation here does not line up" there: the wrong line and the wrong fix."""
    cases = {
        'centers:\n  - name: "Sunrise Recovery\n    city: Pasadena\n    zip: "91106"\n    x: y\n': 2,
        "hours:\n  closures:\n    - note: 'New Year's Day'\n      date: 2027-01-01\n": 3,
        'a: 1\ntagline: "Outpatient care" in the Valley\nb: 2\n': 2,
    }
    for text, line in cases.items():
        problems = Problems()
        assert yamlsrc.load(text, "x.yaml", problems) is None
        (p,) = problems.items
        assert p.mark.line == line, (text, p.render())
        assert "does not end with it, or has another" in p.message
        assert "wrap the value in the other kind" in p.hint
    fine = 'a: \'it\'\'s\'\nb: "say \\"hi\\""  # a comment\nc: "Room #5"\n'
    problems = Problems()
    assert yamlsrc.load(fine, "x.yaml", problems) is not None and not problems.items


def test_jinja_at_the_start_of_a_value_asks_for_quotes() -> None:
    """'nav: {{ center.city }} visit' was "the indentation here does not line up"; alone, "'nav'
    should be a piece of text … write it like Your first visit"."""
    from site_builder.schema import Reader, Text

    for text in (
        "nav: {{ center.city }} visit\n",
        "nav: {% if center.telehealth %}Visit{% endif %}\n",
    ):
        problems = Problems()
        assert yamlsrc.load(text, "x.yaml", problems) is None
        (p,) = problems.items
        assert (p.mark.line, p.message) == (
            1,
            "a value that starts with {{ or {% must be in quotes",
        )
    problems = Problems()
    node = yamlsrc.load("nav: {{ center.city }}\n", "x.yaml", problems)
    assert node is not None and not problems.items
    Text("Your first visit").read(node.value[0][1], "nav", Reader("x.yaml", problems))
    (p,) = problems.items
    assert p.message == "a value that starts with {{ or {% must be in quotes"
    answer = "answer: |\n  {% if center.telehealth %}Ask.{% endif %}\n  Phone: {{ center.phone }}\n"
    problems = Problems()
    assert yamlsrc.load(answer, "x.yaml", problems) is not None and not problems.items
