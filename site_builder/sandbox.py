"""The Jinja that content may use. Pages are written by editors (soon in a browser) and built by CI
holding deploy credentials, so content is untrusted input: it renders in Jinja's immutable sandbox
(no underscored attributes, no callables we did not expose, no changing data), with no template
loader (no include, import or extends of files), and only the small language a page needs — facts,
`if`, `for` over facts, a few filters. What a page cannot do is refused when it is compiled, at its
line, in plain English; the few runtime refusals (the sandbox's) get the same message.

Bounds: a content template cannot run for long or grow without limit. It has no `range`, no
macros or recursion, no `~`; list literals hold only constants, loops nest at most two deep, the
operators that grow text or lists are capped, and every render has a budget of characters that
each loop pass and each printed value spends."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import jinja_mistakes
from . import messages as msg

#: Filters a page may use: none of them can make text grow without bound.
FILTERS = frozenset(
    {
        "capitalize",
        "default",
        "d",
        "first",
        "last",
        "join",
        "length",
        "count",
        "lower",
        "upper",
        "title",
        "trim",
        "sort",
        "unique",
        "list",
        "reject",
        "select",
        "selectattr",
        "rejectattr",
        "map",
        "min",
        "max",
        "sum",
        "int",
        "float",
        "round",
        "abs",
        "wordcount",
        "reverse",
        "escape",
        "e",
    }
)
#: Nodes a page may contain. Anything else (include, import, extends, macro, call blocks, filter
#: blocks, with-blocks of templates, autoescape switches) reaches outside the page.
ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.For,
    nodes.Assign,
    nodes.With,
    nodes.Name,
    nodes.Const,
    nodes.List,
    nodes.Tuple,
    nodes.Dict,
    nodes.Pair,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.Call,
    nodes.Keyword,
    nodes.Filter,
    nodes.Test,
    nodes.CondExpr,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Compare,
    nodes.Operand,
    nodes.Add,
    nodes.Sub,
    nodes.Mul,
    nodes.Div,
    nodes.FloorDiv,
    nodes.Mod,
    nodes.ExprStmt,
    nodes.Scope,
    nodes.ScopedEvalContextModifier,
)
#: The one thing a page may call: methods of the center (`center.offers("iop")`) and of its
#: parts. Builtins and globals are not exposed at all.
CALLABLE_ROOTS = frozenset({"center"})
MAX_LOOP_DEPTH = 2
MAX_TEXT = 10_000  # characters (or items) a +, * or ** may produce
BUDGET = 1_000_000  # characters one render may print, loop passes included
BUDGET_KEY = "__sb_budget"  # the render context's budget: a one-item list, spent in place
_INTERNAL_NAMES = frozenset({"self", "caller", "varargs", "kwargs", BUDGET_KEY})
_BOUNDED = "sb_bounded"  # the filter the parser wraps around every loop's sequence
MAX_SOURCE = 200_000  # characters of Jinja in one fragment
#: Marks around a `{% general %}` passage in rendered content (private-use characters, never
#: typed); the claims check reads them, and they are removed before Markdown sees the text.
GENERAL_OPEN, GENERAL_CLOSE = "\ue010", "\ue011"


class Refused(Exception):
    """A page's Jinja does something pages may not do; `line` is within the fragment."""

    def __init__(self, message: str, hint: str, line: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


class GeneralExtension(Extension):
    """`{% general %}…{% endgeneral %}`: a passage that describes care in general (what
    residential care is, how to choose a program), not what this center offers. The claims check
    passes over it; on the page it is just its text."""

    tags = {"general"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneral",), drop_needle=True)
        return nodes.Scope(
            [
                nodes.Output([nodes.TemplateData(GENERAL_OPEN)], lineno=lineno),
                *body,
                nodes.Output([nodes.TemplateData(GENERAL_CLOSE)], lineno=lineno),
            ],
            lineno=lineno,
        )


def strip_general(text: str) -> str:
    """The text as Markdown reads it: without the marks of general passages."""
    return (
        text.replace(GENERAL_OPEN, "").replace(GENERAL_CLOSE, "") if GENERAL_OPEN in text else text
    )


class ContentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the operators that can multiply text capped."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, asked once per (type, name): it depends on nothing else (a leading
        underscore, a function's or frame's internals, a method that changes a list or dict), and
        every `center.…` in every page of every center asks it."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError(msg.SANDBOX_LIMIT)
            return left**right
        if operator_ == "+":
            if _size(left) + _size(right) > MAX_TEXT:
                raise SecurityError(msg.SANDBOX_LIMIT)
            return operator.add(left, right)
        if _product_size(left, right) > MAX_TEXT:
            raise SecurityError(msg.SANDBOX_LIMIT)
        return operator.mul(left, right)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every page's Jinja is checked before it is compiled, and every loop is bounded."""
        try:
            tree = super()._parse(source, name, filename)
        except TemplateSyntaxError as exc:  # the usual mistakes, with the exact fix
            explained = jinja_mistakes.explain(exc, source)
            if explained is None:
                raise
            raise Refused(*explained, exc.lineno or 1) from exc
        _refuse(tree, source)
        bare = jinja_mistakes.bare_names(tree)
        if bare is not None:
            call, word, line = bare
            raise Refused(
                msg.JINJA_BARE_NAME.format(call=call, name=word),
                msg.JINJA_BARE_NAME_HINT.format(call=call, name=word),
                line,
            )
        for loop in tree.find_all(nodes.For):
            cost = 1 + sum(len(d.data) for d in loop.find_all(nodes.TemplateData))
            loop.iter = nodes.Filter(
                loop.iter, _BOUNDED, [nodes.Const(cost)], [], None, None, lineno=loop.lineno
            )
        return tree


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _product_size(left: Any, right: Any) -> int:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            return len(seq) * max(n, 0)
    return 0


def spend(context: Any, amount: int) -> None:
    """Take `amount` from this render's budget; a render without one (a theme) is not counted."""
    budget = context.get(BUDGET_KEY) if context is not None else None
    if budget is not None:
        budget[0] -= amount
        if budget[0] < 0:
            raise SecurityError(msg.SANDBOX_LIMIT)


@pass_context
def _bounded(context: Any, seq: Any, cost: int) -> Iterator[Any]:
    for item in seq:
        spend(context, cost)
        yield item


@pass_context
def _counted(context: Any, value: Any) -> Any:
    spend(context, len(str(value)))
    return value


def new_budget() -> list[int]:
    return [BUDGET]


def content_environment(autoescape: bool = True) -> ContentEnvironment:
    """The Environment for page bodies and FAQ answers (autoescape on: values become HTML) and,
    with autoescape off, for front matter (plain text the theme escapes once)."""
    env = ContentEnvironment(
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=[GeneralExtension],
        finalize=_counted,
    )
    env.globals.clear()  # no range, lipsum, cycler, joiner, namespace, dict
    env.filters = {k: v for k, v in env.filters.items() if k in FILTERS}
    env.filters[_BOUNDED] = _bounded
    return env


def _refuse(tree: nodes.Template, source: str) -> None:
    """Refuse, at its line, what a page may not do (raises Refused)."""
    if len(source) > MAX_SOURCE:
        raise Refused(msg.SANDBOX_TOO_LONG, msg.SANDBOX_TOO_LONG_HINT, 1)
    for node, depth in _walk(tree, 0):
        line = getattr(node, "lineno", 1) or 1
        if not isinstance(node, ALLOWED_NODES):
            raise Refused(msg.SANDBOX_TAG.format(what=_describe(node)), msg.SANDBOX_TAG_HINT, line)
        if isinstance(node, nodes.For) and depth > MAX_LOOP_DEPTH:
            raise Refused(msg.SANDBOX_LOOPS, msg.SANDBOX_LOOPS_HINT, line)
        if isinstance(node, nodes.For) and node.recursive:
            raise Refused(msg.SANDBOX_LOOPS, msg.SANDBOX_LOOPS_HINT, line)
        if isinstance(node, nodes.Name) and node.name in _INTERNAL_NAMES:
            raise Refused(msg.SANDBOX_REACH, msg.SANDBOX_REACH_HINT, line)
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise Refused(msg.SANDBOX_REACH, msg.SANDBOX_REACH_HINT, line)
        if (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            raise Refused(msg.SANDBOX_REACH, msg.SANDBOX_REACH_HINT, line)
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            raise Refused(msg.SANDBOX_FILTER.format(name=node.name), msg.SANDBOX_FILTER_HINT, line)
        if isinstance(node, nodes.Call) and _root(node.node) not in CALLABLE_ROOTS:
            raise Refused(msg.SANDBOX_CALL, msg.SANDBOX_CALL_HINT, line)
        if isinstance(node, nodes.Call) and (node.dyn_args or node.dyn_kwargs):
            raise Refused(msg.SANDBOX_CALL, msg.SANDBOX_CALL_HINT, line)
        if isinstance(node, (nodes.List, nodes.Tuple)) and not all(
            isinstance(item, nodes.Const) for item in node.items
        ):
            raise Refused(msg.SANDBOX_LIST, msg.SANDBOX_LIST_HINT, line)
        if isinstance(node, nodes.Dict) and not all(
            isinstance(p.key, nodes.Const) and isinstance(p.value, nodes.Const) for p in node.items
        ):
            raise Refused(msg.SANDBOX_LIST, msg.SANDBOX_LIST_HINT, line)


def _walk(node: nodes.Node, loops: int) -> Iterator[tuple[nodes.Node, int]]:
    depth = loops + 1 if isinstance(node, nodes.For) else loops
    yield node, depth
    for child in node.iter_child_nodes():
        yield from _walk(child, depth)


def _root(node: nodes.Node) -> str:
    """The name an attribute chain starts from: 'center' for center.location("x").phone."""
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else ""


def _describe(node: nodes.Node) -> str:
    names = {
        nodes.Include: "{% include %}",
        nodes.Import: "{% import %}",
        nodes.FromImport: "{% from … import %}",
        nodes.Extends: "{% extends %}",
        nodes.Macro: "{% macro %}",
        nodes.CallBlock: "{% call %}",
        nodes.FilterBlock: "{% filter %}",
        nodes.Block: "{% block %}",
        nodes.AssignBlock: "{% set %}…{% endset %}",
        nodes.EvalContextModifier: "{% autoescape %}",
        nodes.Concat: "~ (joining text)",
    }
    for kind, text in names.items():
        if isinstance(node, kind):
            return text
    return type(node).__name__


def is_refusal(exc: BaseException) -> bool:
    """A refusal of the sandbox at render time (an underscored name reached through a variable,
    a budget spent): the editor's, reported like a refusal at compile time."""
    return isinstance(exc, SecurityError)
