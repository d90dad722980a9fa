"""Colour contrast computed from the colours a theme's CSS really uses, without a browser.

Custom properties are resolved along the theme chain (parent CSS first, child overrides). Every rule
that sets a text colour is paired with its background: its own, the background of the container its
selector starts in (`.crisis a` → `.crisis`), or — for generic rules like `a` — the page and every
light container (cards, hero, call-to-action). Focus outlines need 3:1 against the same backgrounds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import messages as msg
from ..problems import Mark, Problem
from ..themes import Asset

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECL = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)")
_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})\b", re.I)
NAMED = {"white": "#ffffff", "black": "#000000"}


@dataclass(frozen=True)
class Rule:
    selector: str
    decls: dict[str, str]
    file: str
    line: int


def parse(assets: list[Asset]) -> tuple[dict[str, str], list[Rule]]:
    props: dict[str, str] = {}
    rules: list[Rule] = []
    for a in assets:
        css = re.sub(
            r"/\*.*?\*/",
            lambda m: "\n" * m.group(0).count("\n"),
            a.data.decode("utf-8"),
            flags=re.S,
        )
        for m in _RULE.finditer(css):
            selector = " ".join(m.group(1).split())
            if selector.startswith("@"):
                selector = selector.split("{")[-1].strip()
            decls = {
                d.group(1).strip().lower(): d.group(2).strip() for d in _DECL.finditer(m.group(2))
            }
            line = css.count("\n", 0, m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())) + 1
            if selector == ":root":
                props.update({k: v for k, v in decls.items() if k.startswith("--")})
            else:
                rules.append(Rule(selector, decls, a.source or a.logical, line))
    return props, rules


def resolve(value: str, props: dict[str, str], depth: int = 0) -> str | None:
    if depth > 10:
        return None
    m = _VAR.search(value)
    if m:
        inner = props.get(m.group(1)) or m.group(2)
        return resolve(inner, props, depth + 1) if inner else None
    hexm = _HEX.search(value)
    if hexm:
        h = hexm.group(0).lower()
        return "#" + "".join(c * 2 for c in h[1:]) if len(h) == 4 else h
    word = value.strip().lower().split()[0] if value.strip() else ""
    return NAMED.get(word)


def luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _bg(rule: Rule, props: dict[str, str]) -> str | None:
    for key in ("background-color", "background"):
        if key in rule.decls:
            return resolve(rule.decls[key], props)
    return None


def check_theme(theme: str, assets: list[Asset]) -> list[Problem]:
    props, rules = parse(assets)
    page_bg = resolve("var(--color-bg)", props) or "#ffffff"
    containers: dict[
        str, tuple[str, bool]
    ] = {}  # first selector token -> (background, sets own colour)
    for r in rules:
        bg = _bg(r, props)
        for sel in r.selector.split(","):
            sel = sel.strip()
            if bg and " " not in sel and not re.search(r"[:>+~]", sel):
                containers[sel] = (bg, "color" in r.decls)
    light = sorted({bg for bg, own in containers.values() if not own} | {page_bg})
    out: list[Problem] = []
    seen: set[tuple] = set()
    for r in rules:
        for sel in (s.strip() for s in r.selector.split(",")):
            first = sel.split(" ")[0].split(":")[0]
            own_bg = _bg(r, props)
            context = containers.get(first)
            if own_bg:
                backgrounds = [own_bg]
            elif context and (context[1] or " " in sel):
                backgrounds = [context[0]]
            else:
                backgrounds = light
            for prop, need, what in (
                ("color", 4.5, "text"),
                ("outline-color", 3.0, "focus ring"),
                ("outline", 3.0, "focus ring"),
            ):
                fg = resolve(r.decls[prop], props) if prop in r.decls else None
                if not fg or (theme, sel, prop) in seen:
                    continue
                seen.add((theme, sel, prop))
                value, bg = min((ratio(fg, bg), bg) for bg in backgrounds)  # the worst pair
                if value < need:
                    out.append(
                        Problem(
                            Mark(r.file, r.line),
                            msg.LOW_CONTRAST.format(
                                what=f"{what} of '{sel}'", fg=fg, bg=bg, ratio=value, need=need
                            ),
                            msg.LOW_CONTRAST_HINT,
                        )
                    )
    return out
