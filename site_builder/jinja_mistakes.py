"""The Jinja mistakes editors make in pages, told in their terms with the exact fix: `{% else if %}`
for `{% elif %}`, an `{% endif %}` with no `{% if %}`, an `{% endfor %}` closing an `{% if %}`, curly quotes a word processor put in, and a
service named without quotes in `center.offers(iop)`. Jinja's own words for these ("expected
token 'end of statement block', got 'if'") name the parser's state, not the fix.

The content Environment (sandbox.py) calls `explain` when a page's code does not parse and
`bare_names` on what parses, and raises sandbox.Refused with the result."""

from __future__ import annotations

import re

from jinja2 import TemplateSyntaxError, nodes
from jinja2.meta import find_undeclared_variables

from . import messages as msg

_ELSE_IF = re.compile(r"\{%-?\s*(?:else\s*if|elseif|elsif|else-if)\b\s*(.*?)\s*-?%\}")
_CURLY = "\u201c\u201d\u2018\u2019\u201e\u201a\u2032\u2033"
_STRAIGHT = str.maketrans({c: '"' if c in "\u201c\u201d\u201e\u2033" else "'" for c in _CURLY})
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_EXAMPLE = '{% if center.offers("iop") %}'
#: The names a page's code may use without defining them (sandbox.py exposes only these).
_GIVEN = {"center", "numbers"}


def explain(exc: TemplateSyntaxError, source: str) -> tuple[str, str] | None:
    """(message, hint) for a syntax error an editor is likely to have made, else None."""
    lines = source.splitlines()
    line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
    error = exc.message or ""
    else_if = _ELSE_IF.search(line)
    if else_if:
        cond = else_if.group(1) or "center.telehealth"
        return msg.JINJA_ELSE_IF, msg.JINJA_ELSE_IF_HINT.format(fixed=f"{{% elif {cond} %}}")
    wrong = re.match(
        r"Encountered unknown tag '(end(\w+))'\..*innermost block that needs to be closed is "
        r"'(\w+)'",
        error,
        re.S,
    )
    if wrong:
        tag, opener, open_block = wrong.groups()
        return (
            msg.JINJA_WRONG_END.format(tag=tag, opener=opener, open=open_block),
            msg.JINJA_WRONG_END_HINT.format(tag=tag, opener=opener, open=open_block),
        )
    stray = re.fullmatch(r"Encountered unknown tag '(end\w+)'\.", error)
    if stray:
        tag = stray.group(1)
        return (
            msg.JINJA_STRAY_END.format(tag=tag, opener=tag[3:]),
            msg.JINJA_STRAY_END_HINT.format(tag=tag, opener=tag[3:]),
        )
    curly = re.match(r"unexpected char '(.)'", error)
    if curly and curly.group(1) in _CURLY:
        code = next((c for c in _CODE.findall(line) if curly.group(1) in c), _EXAMPLE)
        return msg.JINJA_CURLY_QUOTES, msg.JINJA_CURLY_QUOTES_HINT.format(
            fixed=code.translate(_STRAIGHT)
        )
    return None


def bare_names(tree: nodes.Template) -> tuple[str, str, int] | None:
    """A call on the center with a word that is not in quotes, like center.offers(iop): Jinja
    reads `iop` as a value the page never defined. (call, name, line) of the first, or None."""
    suspects = [
        (call, method.attr, arg.name)
        for call in tree.find_all(nodes.Call)
        if isinstance(method := call.node, nodes.Getattr)
        and isinstance(method.node, nodes.Name)
        and method.node.name == "center"
        for arg in call.args
        if isinstance(arg, nodes.Name)
    ]
    if not suspects:  # (the usual page: working out what it leaves undeclared costs a compile)
        return None
    undeclared = find_undeclared_variables(tree) - _GIVEN
    for call, attr, name in suspects:
        if name in undeclared:
            return f"center.{attr}", name, call.lineno
    return None
