"""A project with each kind of mistake the output checks find: in a shared page, in a center's
own page, in a center's free-text fields and form/origin settings, in a theme's templates and CSS,
and in the network directory's pages.
Its problems are recorded in fixtures/output_mistakes.json (see test_output_checks.py)."""

from __future__ import annotations

from pathlib import Path

from helpers import edit, make_project

SHARED = """---
title: Mistakes
---
## Calling

Call [our other line](tel:+12135550100) or 213-555-0101 today.
The old line 1-800-273-8255 is gone.

<img src="https://cdn.example.com/x.png">

<img src="/pixel.gif" width="1" height="1" alt="">

<form action="https://forms.example.com/x" method="post"><input name="a"></form>

Read [click here](first-visit.md) or [More](contact.md).

#### Deep heading

# Second main

Call {{ center.phone }} or [text us]({{ center.phone.sms }}).
"""

TWIN = """---
title: Mistakes
---
Same title as another page. Ask the [front desk](contact.md).
"""

OWN = """---
title: Valley only
---
Call the old desk at 626-555-0177 or [here](tel:+16265550178).
"""

CTA = """<section class="cta cta-sage" aria-labelledby="cta-title">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<div class="container narrow">
<h2 id="cta-title">{{ t("contact_cta_title") }}</h2>
<img src="/static/x.png">
<p>{{ t("contact_cta_body") }} <a href="{{ url('contact') }}">Learn more</a></p>
<p class="actions"><a class="button button-primary" href="{{ center.phone.tel }}">{{ t("call_us", phone=center.phone) }}</a></p>
<form action="/send" method="get"><input name="q" aria-label="Search"></form>
</div>
</section>
"""


DIRECTORY_HOME = """{% extends "directory/base.html" %}
{% block title %}{{ directory.name }}{% endblock %}
{% block main %}
<h1>{{ directory.name }}</h1>
<p>Call 213-555-0103 or <a href="tel:+16265550140">the valley desk</a>.</p>
<img src="https://maps.example.com/tile.png" alt="A map">
<form action="https://forms.example.com/find" method="post"><input name="zip" aria-label="ZIP"></form>
<form action="/find/" method="get"><input name="q" aria-label="Find"></form>
{% endblock %}
"""


def mistakes_project(tmp_path: Path) -> Path:
    root = make_project(
        tmp_path,
        {
            "content/mistakes.md": SHARED,
            "content/mistakes-twin.md": TWIN,
            "content/centers/valley/valley-only.md": OWN,
            "themes/sage/templates/partials/cta.html": CTA,
            "themes/default/templates/directory/home.html": DIRECTORY_HOME,
        },
    )
    css = root / "themes/sage/static/css/theme.css"
    css.write_text(
        "@import url(https://fonts.example.com/x.css);\n" + css.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    edit(
        root,
        "centers.yaml",
        "settings:\n  language: en\n",
        "settings:\n  language: en\n  directory:\n    slug: find-care\n    name: Find care\n"
        "    base_url: https://find-care.example.org/\n",
    )
    edit(
        root,
        "centers.yaml",
        "    privacy_notice_url: https://valley.example.org/npp/\n",
        "    privacy_notice_url: https://valley.example.org/npp/\n"
        "    tagline: Call 213-555-0102 any time\n"
        "    allowed_origins: [https://cdn.example.com]\n"
        "    form_endpoint: {url: https://secure.example.net/in, hipaa_covered: true}\n",
    )
    edit(
        root,
        "centers.yaml",
        "    privacy_notice_url: https://river.example.org/npp/\n",
        "    privacy_notice_url: https://river.example.org/npp/\n"
        "    tagline: Not the old 1-800-273-8255 line\n"
        "    form_endpoint: {url: https://forms.example.com/x, hipaa_covered: false}\n",
    )
    edit(
        root,
        "centers.yaml",
        '        zip: "97202"\n',
        '        zip: "97202"\n'
        "        accessibility:\n          notes: Ring 503-555-0199 at the gate\n",
    )
    return root
