"""Words for reading YAML and for the kinds of value any key can hold (text, dates, web addresses,
numbers, choices), with the bounds on input: shared by centers.yaml, front matter and theme files."""

from __future__ import annotations

import re

import yaml

# --- YAML ----------------------------------------------------------------------------------------

YAML_QUOTE = "this value starts with {quote} but does not end with it, or has another {quote} inside"
YAML_QUOTE_HINT = (
    "end the value with the same quote mark; for a quote mark inside it, wrap the value in the"
    " other kind, like note: \"New Year's Day\" or tagline: 'Care \"close to home\"'"
)
YAML_BARE_JINJA = "a value that starts with {{ or {% must be in quotes"
YAML_BARE_JINJA_HINT = (
    "wrap the whole value in double quotes, like nav: \"{{ center.city }} visit\" (inside, use"
    " single quotes: center.offers('iop'))"
)
YAML_UNREADABLE = "this file could not be read as YAML ({error})"
YAML_UNREADABLE_HINT = "check the file is plain text saved as UTF-8"


def yaml_syntax(exc: yaml.MarkedYAMLError, text: str, where: yaml.Mark | None) -> tuple[str, str]:
    problem = (exc.problem or exc.context or "").strip()
    line = ""
    if where is not None:
        lines = text.splitlines()
        if where.line < len(lines):
            line = lines[where.line]
    if "\\t" in problem or "'\\t'" in problem or "\t" in line[: (where.column + 1) if where else 0]:
        return (
            "this line is indented with a tab",
            "YAML needs spaces for indenting: replace the tab with spaces",
        )
    if "mapping values are not allowed" in problem:
        return (
            "a colon in this line confuses YAML",
            "check that this line is indented like the keys around it, and wrap a value that "
            "itself contains ': ' in quotes, like title: \"Care: what to expect\"",
        )
    if "could not find expected ':'" in problem or "simple key" in problem:
        return (
            "YAML expected 'key: value' on this line",
            "add a colon and a space after the key, or join a value that ran onto this line",
        )
    if "end of stream" in problem and ("quoted" in (exc.context or "") or '"' in line):
        return (
            "a quote was opened and never closed",
            "add the closing quote mark at the end of the value",
        )
    if "expected <block end>" in problem or "expected <block" in problem or "indent" in problem:
        return (
            "the indentation here does not line up",
            "indent this line with the same number of spaces as the other keys at its level",
        )
    if "found undefined alias" in problem or "alias" in problem:
        return (
            "a value starts with '*', which YAML reads as a reference",
            'wrap the value in quotes, like "*Open late"',
        )
    if re.search(r"found character '[@`%]'", problem):
        return (
            "a value starts with a character YAML reserves",
            "wrap the whole value in quotes",
        )
    return (f"YAML could not read this line: {problem or exc}", "check the spacing and quotes here")


def duplicate_key(key: str, first_line: int) -> tuple[str, str]:
    return (
        f"'{key}' is written twice in the same block (first on line {first_line})",
        "keep one of them; YAML would silently use only the last",
    )


def dashless_item(item: str, key: str, above: int) -> tuple[str, str]:
    return (
        f"this {item} has no '- ' in front of it, so it was read as part of the {item} above "
        f"(line {above})",
        f"put '- ' back before {key}: on this line, with the '-' lined up under the one on line "
        f"{above}: each {item} in the list starts with its own '- '",
    )


def dashless_list(key: str, item: str, first: str, lines: list[int]) -> tuple[str, str]:
    where = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
    return (
        f"the {item}s under '{key}:' have no '- ' in front of them, so they were read as one {item}",
        f"start each {item} with '- ' (before {first}: on lines {where}) and indent its other "
        f"lines two more spaces, so that '{key}' is a list",
    )


# --- schema --------------------------------------------------------------------------------------


def unknown_key(key: str, where: str, suggestion: str, allowed: list[str]) -> tuple[str, str]:
    hint = suggestion or f"the keys {where} can have are: {', '.join(sorted(allowed))}"
    return (f"'{key}' is not a key {where} understands", hint)


def missing_key(key: str, where: str, example: str) -> tuple[str, str]:
    return (f"{where} is missing '{key}'", f"add it, like {example}" if example else "add it")


def wrong_shape(key: str, expected: str, example: str) -> tuple[str, str]:
    return (f"'{key}' should be {expected}", f"write it like {example}" if example else "")


def list_without_dash(key: str, example: str) -> tuple[str, str]:
    return (
        f"'{key}' should be a list, but this has no '- ' in front of it",
        f"start each one with '- ' and indent its other lines two more spaces, like {example}",
    )


EMPTY = "'{key}' is empty"
EMPTY_HINT = "write a value after the colon, or remove the line"

BAD_BOOL = "'{key}' should be true or false, not '{value}'"
BAD_BOOL_HINT = "write {key}: true or {key}: false"

BAD_INT = "'{key}' should be a whole number, not '{value}'"
BAD_INT_RANGE = "'{key}' should be between {low} and {high}, not {value}"

BAD_DATE = "'{key}' should be a date, not '{value}'"
BAD_DATE_HINT = "write dates as year-month-day, like 2027-06-30"
BAD_DATE_DAY_HINT = "{month} {year} has {days} days, so there is no {month} {day}: check the day"
BAD_DATE_MONTH_HINT = (
    "there is no month {month}: write year-month-day, with the month (01 to 12) second, "
    "like 2027-06-30"
)

BAD_URL = "'{value}' is not a full web address"
BAD_URL_HINT = "write the whole address, starting with https://, like https://example.org/privacy"
INSECURE_URL = "'{value}' starts with http:// — visitors' browsers will warn that it is not secure"
INSECURE_URL_HINT = "use the https:// address"

BAD_CHOICE = "'{value}' is not one of the values '{key}' can take"

BAD_SLUG = "slug '{value}' can only use lowercase letters, digits and dashes"
BAD_SLUG_HINT = "write it like sunrise-recovery (it becomes part of the web address)"

# --- bounds on input, and values that could break out of a file (limits, escaping) ------------

YAML_TOO_BIG = "this file is {size:,} characters long, more than site-builder reads ({limit:,})"
YAML_TOO_BIG_HINT = (
    "remove what does not belong in it: a centers.yaml for 800 centers is about 350,000 characters"
)
YAML_TOO_DEEP = "values here are nested more than {limit} levels deep"
YAML_TOO_DEEP_HINT = (
    "close each [ and {{ you open and check the indentation: a center's facts are never more "
    "than a few levels deep"
)
YAML_ALIAS_LOOP = "this value contains itself through a YAML alias (*name), so it never ends"
YAML_ALIAS_LOOP_HINT = (
    "remove the *name that points back to the value marked &name, or write the values out in full"
)
YAML_ALIAS_BOMB = "the YAML aliases (*name) here would repeat values more than {limit:,} times"
YAML_ALIAS_BOMB_HINT = "write the values out instead of repeating them with &name and *name"


def yaml_too_big(size: int, limit: int) -> tuple[str, str]:
    return YAML_TOO_BIG.format(size=size, limit=limit), YAML_TOO_BIG_HINT


def yaml_too_deep(limit: int) -> tuple[str, str]:
    return YAML_TOO_DEEP.format(limit=limit), YAML_TOO_DEEP_HINT.format()


def yaml_alias_loop() -> tuple[str, str]:
    return YAML_ALIAS_LOOP, YAML_ALIAS_LOOP_HINT


def yaml_alias_bomb(limit: int) -> tuple[str, str]:
    return YAML_ALIAS_BOMB.format(limit=limit), YAML_ALIAS_BOMB_HINT


URL_CHARACTER = "this web address has {what} in it"
URL_CHARACTER_HINT = (
    "write the address as one piece with no spaces, line breaks, quotes or < >, like "
    "https://example.org/privacy (a space inside an address is written %20)"
)
_URL_CHARACTERS = {
    "\n": "a line break",
    "\r": "a line break",
    "\t": "a tab",
    " ": "a space",
    '"': "a quote mark",
    "'": "a quote mark",
    "`": "a quote mark",
    "<": "a '<'",
    ">": "a '>'",
    "\\": "a backslash",
}


def bad_url_character(char: str) -> tuple[str, str]:
    what = _URL_CHARACTERS.get(char) or (
        "a space" if char.isspace() else "an invisible control character"
    )
    return URL_CHARACTER.format(what=what), URL_CHARACTER_HINT


NOT_UTF8_AT = "this line has a character that is not UTF-8 text (the byte 0x{byte:02X})"
NOT_UTF8_AT_HINT = (
    "save the file as UTF-8 in your editor (Save As, then choose the encoding UTF-8), then check "
    "that characters like é and ’ on this line still look right"
)
