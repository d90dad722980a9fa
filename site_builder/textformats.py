"""Writers for the plain-text files of a site (`_headers`, `robots.txt`, the sitemap, the listings
CSV): each value goes through the escaper of its format, so no value — whatever reached it from
centers.yaml, a page or `site-builder import` — can end its line, add a header or a directive,
close an element or run as a spreadsheet formula.

Values are validated where they are read (a web address is one token: schema.Url); these writers
are the second wall, and refuse (ValueError, a bug) what they cannot write safely."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

#: Header names are RFC 9110 tokens.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: Characters that end or fold a header line, or are not text at all.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")
#: What a URL keeps as written; everything else (spaces, controls, quotes, < >, non-ASCII) is
#: percent-encoded (RFC 3986 reserved and unreserved characters, and % itself).
_URL_SAFE = ":/?#[]@!$&()*+,;=%~-._"


def header_block(path: str, headers: Iterable[tuple[str, str]]) -> list[str]:
    """A Netlify / Cloudflare Pages `_headers` block: the path pattern, then `  Name: value` lines."""
    if _CONTROL.search(path) or path != path.strip() or not path:
        raise ValueError(f"unsafe _headers path {path!r}")
    lines = [path]
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or _CONTROL.search(value) or value != value.strip():
            raise ValueError(f"unsafe _headers line {name!r}: {value!r}")
        lines.append(f"  {name}: {value}")
    return lines


def csp_source(url: str) -> str:
    """A URL as one CSP source expression: `;` and `,` (which end a directive or a policy) are
    percent-encoded as the CSP spec asks; whitespace, quotes and controls are refused."""
    if not url or re.search(r"[\s'\"\x00-\x1f\x7f]", url):
        raise ValueError(f"unsafe Content-Security-Policy source {url!r}")
    return url.replace(";", "%3B").replace(",", "%2C")


def url_text(url: str) -> str:
    """A URL with every character that could end a line or an element percent-encoded."""
    return quote(url, safe=_URL_SAFE)


def line_value(url: str) -> str:
    """A URL for a line-based file (robots.txt): one token, never a line break."""
    return url_text(url)


def xml_text(text: str) -> str:
    """Text content of an XML element; characters XML 1.0 cannot hold are refused."""
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text):
        raise ValueError(f"text XML cannot hold: {text!r}")
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


#: A cell starting with one of these is read as a formula by spreadsheet programs (OWASP, "CSV
#: Injection"); tab and carriage return too, since some programs skip them first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A plain number (an E.164 phone like +16265550123) is no formula: it stays as written.
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a `'` before it
    (OWASP's recommendation). Quoting of commas, quotes and line breaks is the csv module's."""
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
