"""The phrase rules of the wording check (claims, safe messaging, jargon, crisis facts) and the one
pattern that tells a line holds none of them, so most lines are searched once instead of once a rule."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .. import messages as msg
from .. import wordlists
from ..config import Wording
from ..problems import Severity

PRESS_3 = re.compile(r"\bpress(?:ing)?\s+(?:3|three)\b", re.I)
OLD_LIFELINE = re.compile(r"273[-. ]?(?:8255|talk)", re.I)


def phrase_re(phrase: str) -> re.Pattern[str]:
    """The phrase as a whole word (or number), in any case."""
    left = r"(?<![\w#])" if phrase[0].isalnum() or phrase[0] == "#" else ""
    right = r"(?![\w%])" if phrase[-1].isalnum() or phrase[-1] == "%" else ""
    return re.compile(left + re.escape(phrase) + right, re.I)


#: Fixed patterns: (pattern, message, hint, severity). Messages may use {phrase}, the matched text.
FIXED = (
    (PRESS_3, msg.PRESS_3, msg.PRESS_3_HINT, Severity.ERROR),
    (OLD_LIFELINE, msg.OLD_LIFELINE, msg.OLD_LIFELINE_HINT, Severity.WARNING),
)


Rule = tuple[re.Pattern[str], str, str, Severity]


@functools.lru_cache(maxsize=8)
def rules(w: Wording) -> tuple[list[Rule], re.Pattern[str], re.Pattern[str]]:
    """The phrase rules of these word lists, the success-rate rule, and one pattern that matches
    where any of them does (all are case-insensitive)."""
    out: list[Rule] = list(FIXED)
    out += [(phrase_re(p), msg.CLAIM, msg.CLAIM_HINT, Severity.ERROR) for p in w.claim_errors]
    out += [
        (phrase_re(p), msg.CLAIM_SOFT, msg.CLAIM_SOFT_HINT, Severity.WARNING)
        for p in w.claim_warnings
    ]
    out += [
        (phrase_re(p), msg.SAFE_MESSAGING, msg.SAFE_MESSAGING_HINT, Severity.WARNING)
        for p in w.safe_messaging
    ]
    out += [
        (phrase_re(word), msg.JARGON, msg.JARGON_HINT.format(plain=plain), Severity.WARNING)
        for word, plain in w.jargon
    ]
    success = phrase_re(wordlists.SUCCESS_RATE)
    literal = [
        *w.claim_errors,
        *w.claim_warnings,
        *w.safe_messaging,
        *(word for word, _ in w.jargon),
        wordlists.SUCCESS_RATE,
    ]
    patterns = [_trie(p.lower() for p in literal), *(rx.pattern for rx, *_ in FIXED)]
    return out, success, re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _trie(phrases: Iterable[str]) -> str:
    """A pattern matching wherever one of the phrases starts (their word edges left to the rules):
    the phrases as a tree of shared beginnings, so at each position the engine follows one branch
    per character instead of trying every phrase. A phrase that begins another ends its branch."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            if "" in node:
                break  # a shorter phrase already matches here
            node = node.setdefault(ch, {})
        else:
            node.clear()
            node[""] = {}

    def pattern(node: dict) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + pattern(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return pattern(tree) if tree else "(?!)"
