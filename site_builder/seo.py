"""What search engines and listing services read: JSON-LD, sitemap, robots, the listings export and
the hosting headers. Every fact comes from the same objects (and formatters) the pages show."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from . import textformats
from .centers import Center, Location
from .content import Page
from .hours import Hours, iso_time
from .urls import Urls

SCHEMA = "https://schema.org/"
DAY_IRIS = tuple(
    SCHEMA + d
    for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
_TAGS = re.compile(r"<[^>]+>")




def encode(node: dict) -> str:
    """One node as compact JSON that is safe inside a script element: `<`, `>` and `&` as JSON
    escapes (the recipe of Django's json_script), so no value can close the script element or
    open a comment (`<!--<script>` would hide the rest of the page in a browser)."""
    text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(graph: list[dict | str]) -> Markup:
    """One JSON-LD block per page. Nodes shared by every page of a center (the site and the
    organization) may come already encoded, so they are encoded once per center."""
    parts = ",\n".join(n if isinstance(n, str) else encode(n) for n in graph)
    return Markup(
        '<script type="application/ld+json">\n{"@context":"https://schema.org","@graph":[\n'
        + parts
        + "\n]}\n</script>"
    )


def org_id(urls: Urls) -> str:
    return urls.site_root() + "#organization"


def clinic_id(urls: Urls, location_id: str) -> str:
    """One clinic, one @id in every language (its page in the site's first language, like the
    organization's): the Spanish location page describes the same clinic as the English one."""
    return urls.site_root() + Urls.page_path(f"locations/{location_id}") + "#clinic"


def organization(center: Center, urls: Urls) -> dict:
    points = []
    for kind, phone in (
        ("admissions", center.phones.admissions),
        ("customer service", center.phones.main),
    ):
        if phone:
            points.append(
                {
                    "@type": "ContactPoint",
                    "contactType": kind,
                    "telephone": phone.e164,
                    "availableLanguage": list(center.languages),
                }
            )
    if center.phones.tty:
        points.append(
            {"@type": "ContactPoint", "contactType": "TTY", "telephone": center.phones.tty.e164}
        )
    node: dict = {
        "@type": "MedicalOrganization",
        "@id": org_id(urls),
        "name": center.name,
        "legalName": center.entity,
        "url": urls.absolute("index"),
        "telephone": center.phone.e164,
        "contactPoint": points,
    }
    if center.social:
        node["sameAs"] = [url for _, url in center.social]
    return node


def website(center: Center, urls: Urls, languages: tuple[str, ...] = ("en",)) -> dict:
    """One node for the site in all its languages (its pages say which is theirs)."""
    return {
        "@type": "WebSite",
        "@id": urls.site_root() + "#website",
        "name": center.name,
        "url": urls.absolute("index"),
        "inLanguage": languages[0] if len(languages) == 1 else list(languages),
        "publisher": {"@id": org_id(urls)},
    }


def postal_address(loc: Location) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(loc.street_lines),
        "addressLocality": loc.city,
        "addressRegion": loc.state,
        "postalCode": loc.zip,
        "addressCountry": "US",
    }


def opening_hours(hours: Hours) -> list[dict]:
    """Days with the same hours share one specification; closed days are left out (Google's rule);
    24 hours is 00:00–23:59; a range that closes before it opens runs past midnight."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for day in hours.days:
        if day.closed:
            continue
        spans = (
            (("00:00", "23:59"),)
            if day.all_day
            else tuple((iso_time(r.opens), _closes(r.closes)) for r in day.ranges)
        )
        groups.setdefault(spans, []).append(DAY_IRIS[day.day])
    specs = []
    for spans, days in groups.items():
        for opens, closes in spans:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": opens,
                    "closes": closes,
                }
            )
    for c in hours.closures:
        day = c.date.isoformat()
        specs.append(
            {
                "@type": "OpeningHoursSpecification",
                "opens": "00:00",
                "closes": "00:00",
                "validFrom": day,
                "validThrough": day,
            }
        )
    return specs


def _closes(minutes: int) -> str:
    return "23:59" if minutes == 1440 else iso_time(minutes)


def clinic(center: Center, loc: Location, urls: Urls, services: Iterable[Page]) -> dict:
    page_id = f"locations/{loc.id}"
    phone = loc.phone or center.phone
    node: dict = {
        "@type": "MedicalClinic",
        "@id": clinic_id(urls, loc.id),
        "name": center.name,
        "url": urls.absolute(page_id),
        "telephone": phone.e164,
        "address": postal_address(loc),
        "medicalSpecialty": SCHEMA + "Psychiatric",
        "parentOrganization": {"@id": org_id(urls)},
        "hasMap": loc.map_links[0][1],
        "availableService": [
            {"@type": "MedicalTherapy", "name": s.title, "url": urls.absolute(s.id)}
            for s in services
        ],
    }
    if loc.geo:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": loc.geo.latitude,
            "longitude": loc.geo.longitude,
        }
    if loc.hours:
        node["openingHoursSpecification"] = opening_hours(loc.hours)
    return node


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, 1)
        ],
    }


def web_page(page: Page, urls: Urls, center: Center, faq: list[tuple[str, str]] | None) -> dict:
    """The page's own node: FAQPage (when switched on), MedicalWebPage for reviewed health pages,
    else WebPage. lastReviewed/reviewedBy are WebPage properties, shown on the page too."""
    if faq and center.faq_schema:
        kind = "FAQPage"
    elif page.last_reviewed:
        kind = "MedicalWebPage"
    else:
        kind = "WebPage"
    node: dict = {
        "@type": kind,
        "@id": urls.absolute(page.id) + "#webpage",
        "url": urls.absolute(page.id),
        "name": page.title,
        "isPartOf": {"@id": urls.site_root() + "#website"},
        "inLanguage": page.lang,
    }
    if page.last_reviewed:
        node["lastReviewed"] = page.last_reviewed.isoformat()
        node["reviewedBy"] = {"@type": "Organization", "name": page.reviewed_by or center.entity}
    if kind == "MedicalWebPage":
        node["medicalAudience"] = {"@type": "Patient"}
    if kind == "FAQPage":
        node["mainEntity"] = [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in faq or []
        ]
    return node


def visible_text(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(_TAGS.sub(" ", html)).split())


# --- files -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: dt.date | None
    #: the same page in each language of the site, (hreflang, URL), itself included
    twins: tuple[tuple[str, str], ...] = ()


def sitemap(entries: list[SitemapEntry]) -> bytes:
    """Every page; a page in several languages lists them all as alternates (Google's sitemap
    form of hreflang), each page of the set listing the same set."""
    multilingual = any(e.twins for e in entries)
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if multilingual:
        urlset += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', urlset + ">"]
    for e in sorted(entries, key=lambda e: e.url):
        lastmod = f"<lastmod>{e.lastmod.isoformat()}</lastmod>" if e.lastmod else ""
        loc = textformats.xml_text(textformats.url_text(e.url))
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{textformats.xml_text(lang)}"'
            f' href="{textformats.xml_text(textformats.url_text(url))}"/>'
            for lang, url in e.twins
        )
        lines.append(f"  <url><loc>{loc}</loc>{lastmod}{alternates}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(center: Center, urls: Urls) -> bytes:
    if center.draft:  # a draft is for review, not for search engines
        return b"User-agent: *\nDisallow: /\n"
    sitemap_url = textformats.line_value(urls.absolute("index") + "sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


def csp(center: Center | None) -> str:
    """`center` None: the network directory (directory.py), which allows nothing more. Scripts
    may compile WebAssembly ('wasm-unsafe-eval'): Pagefind's search runs as WebAssembly loaded
    from the site's own pagefind/ folder; it allows no script from anywhere else."""
    origins = center.allowed_origins if center else ()
    extra = " ".join(sorted(textformats.csp_source(u) for u in origins))
    form = (
        textformats.csp_source(center.form_endpoint.url)
        if center and center.form_endpoint and center.form_endpoint.hipaa_covered
        else ""
    )
    src = f"'self' {extra}".strip()
    policy = (
        f"default-src 'self'; img-src {src} data:; style-src {src}; "
        f"script-src {src} 'wasm-unsafe-eval'; font-src {src}; "
        f"connect-src 'self'; frame-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
        f"form-action {('self ' + form).strip() if form else chr(39) + 'none' + chr(39)}; object-src 'none'"
    ).replace("form-action self ", "form-action 'self' ")
    if center is None:  # the directory's form that lists centers by state goes to its own page
        policy = policy.replace("form-action 'none'", "form-action 'self'")
    return policy


HEADERS = (
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("X-Frame-Options", "DENY"),
)


def header_rules(center: Center | None, urls: Urls) -> list[tuple[str, list[tuple[str, str]]]]:
    base = urls.base_path
    return [
        (f"{base}*", [("Content-Security-Policy", csp(center)), *HEADERS]),
        (f"{base}assets/*", [("Cache-Control", "public, max-age=31536000, immutable")]),
        (f"{base}*.html", [("Cache-Control", "public, max-age=0, must-revalidate")]),
        (f"{base}", [("Cache-Control", "public, max-age=0, must-revalidate")]),
    ]


def headers_file(center: Center | None, urls: Urls) -> bytes:
    """Netlify / Cloudflare Pages `_headers`: one path pattern per block, indented headers."""
    out = []
    for path, headers in header_rules(center, urls):
        out += textformats.header_block(path, headers)
    return ("\n".join(out) + "\n").encode()


LISTING_FIELDS = (
    "name",
    "location",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "url",
    "categories",
    "hours",
)


def listings(center: Center, urls: Urls, categories: list[str]) -> tuple[bytes, bytes]:
    """One row per location with the facts the location page shows, formatted by the same code."""
    rows = []
    for loc in center.locations:
        hours = "; ".join(f"{d}: {t}" for d, t in loc.hours.rows()) if loc.hours else ""
        rows.append(
            {
                "name": center.name,
                "location": loc.name,
                "street": ", ".join(loc.street_lines),
                "city": loc.city,
                "state": loc.state,
                "zip": loc.zip,
                "phone": (loc.phone or center.phone).e164,
                "url": urls.absolute(f"locations/{loc.id}"),
                "categories": "; ".join(categories),
                "hours": hours,
            }
        )
    data = (
        json.dumps({"center": center.slug, "locations": rows}, ensure_ascii=False, indent=2) + "\n"
    )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=LISTING_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: textformats.csv_cell(v) for k, v in row.items()} for row in rows)
    return data.encode(), buf.getvalue().encode()
