"""The two projects a benchmark run builds: a site_builder project with the first N imported centers,
and a Hugo project that builds the same pages for the same centers (see hugo/ and README.md)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import yaml

from site_builder.numbers import NUMBERS
from site_builder.phones import parse_phone

ROOT = Path(__file__).resolve().parent.parent  # the site_builder project (content/, themes/)
HERE = Path(__file__).resolve().parent
LISTING = ROOT.parent / "shared" / "data" / "facilities-mental-health-ca-nv-or.json"

BASE_URL = "https://example.org/{slug}/"
PRIVACY_URL = "https://example.org/privacy-practices/"
PART2_URL = "https://example.org/part2-notice/"
FOOTER_FROM = 90  # pages ordered 90 and up (without a nav label) are the footer's legal links


# --- the site_builder project -------------------------------------------------------------------


def import_listing(builder: list[str], listing: Path, work: Path) -> list[dict]:
    """Every center of the listing, through the real importer (`site-builder import`)."""
    out = work / "imported.yaml"
    proc = subprocess.run(
        [*builder, "import", str(listing), "--format", "samhsa-locator", "--output", str(out)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"site-builder import failed ({proc.returncode}):\n{proc.stderr}")
    return yaml.safe_load(out.read_text(encoding="utf-8"))["centers"]


def service_catalog() -> list[str]:
    return sorted(p.stem for p in (ROOT / "content" / "services").glob("*.md"))


#: Words in a center's name that the claims check reads as a claim (front matter such as
#: "… at {{ center.name }}"), and the fact that makes the claim true in the benchmark's copy.
NAME_FACTS = {
    "adolescent": ("ages", "teens"),
    "teen": ("ages", "teens"),
    "youth": ("ages", "teens"),
    "senior": ("ages", "older-adults"),
    "older adult": ("ages", "older-adults"),
    "addiction": ("treats_substance_use", True),
    "dbt": ("services", "dbt"),
    "iop": ("services", "iop"),
    "php": ("services", "php"),
    "hmong": ("languages", "Hmong"),
}


def with_services(centers: list[dict], catalog: list[str]) -> list[dict]:
    """The benchmark's own copy of the imported centers, made publishable: `draft` dropped and each
    center given a deterministic, varied subset of the catalog (3 to 14 services; DECISIONS allows
    this in the benchmark's copy, never in an import), with the facts those services need and
    the facts its name states (NAME_FACTS)."""
    out = []
    for i, center in enumerate(centers):
        c = {k: v for k, v in center.items() if k != "draft"}
        picked = set(random.Random(i).sample(catalog, 3 + i % 12))
        name = str(c.get("name", "")).lower()
        for word, (key, value) in NAME_FACTS.items():
            if re.search(rf"\b{word}", name):
                if key == "services":
                    picked.add(str(value))
                elif key in ("ages", "languages"):
                    c[key] = sorted({*c.get(key, ()), value})
                else:
                    c[key] = value
        if "adolescents" in picked or "teens" in c.get("ages", ()):
            c["ages"] = sorted({*c.get("ages", ()), "teens", "adults"})
        if picked & {"iop", "php"}:  # their pages describe the groups they hold
            picked.add("group-therapy")
        if "crisis-stabilization" in picked:
            c["crisis"] = {**c.get("crisis", {}), "same_day": True}
        if "co-occurring" in picked:
            c["treats_substance_use"] = True
        if c.get("treats_substance_use"):
            c.setdefault("part2_notice_url", PART2_URL)
        if "languages" in c and "English" not in c["languages"]:
            c["languages"] = ["English", *c["languages"]]
        c["services"] = [s for s in catalog if s in picked]
        out.append(c)
    return out


#: The network directory the benchmark's projects build (issue 18), beside the centers.
DIRECTORY = {"slug": "find-care", "name": "Find care near you", "base_url": "https://example.org/"}


def write_project(project: Path, centers: list[dict], find_care: bool = True) -> None:
    """centers.yaml plus copies of the sample project's content/ (without content/centers/, whose
    folders are for the three sample centers) and themes/. `find_care`: with search in every site
    and the network directory (the default), else with neither (`search: false`, no directory)."""
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "content", project / "content", ignore=_skip_centers)
    shutil.copytree(ROOT / "themes", project / "themes")
    doc = {
        "settings": {
            "language": "en",
            **({"directory": DIRECTORY} if find_care else {"search": False}),
        },
        "defaults": {"base_url": BASE_URL, "privacy_notice_url": PRIVACY_URL},
        "centers": centers,
    }
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
    (project / "centers.yaml").write_text(text, encoding="utf-8")


def _skip_centers(folder: str, names: list[str]) -> list[str]:
    return ["centers"] if Path(folder) == ROOT / "content" else []


def append_sentence(project: Path, n: int) -> None:
    """Edit (c): one more sentence at the end of content/first-visit.md (plain, grade-2 words)."""
    path = project / "content" / "first-visit.md"
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nWe are glad you called, and we hope to see you soon ({n}).\n")


_MAIN_PHONE = re.compile(r"^(\s+main: )(.+)$")


def edit_phone(project: Path, slug: str) -> str:
    """Edit (d): change one center's main phone in place (same line count): the last digit of the
    number goes up by one, staying a valid US number. Returns the new number."""
    path = project / "centers.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  slug: {slug}")
    for i in range(start, len(lines)):
        m = _MAIN_PHONE.match(lines[i])
        if m:
            number, sep, ext = m.group(2).partition(" x")
            for step in range(1, 10):
                last = (int(number[-1]) + step) % 10
                candidate = f"{number[:-1]}{last}{sep}{ext}"
                if not isinstance(parse_phone(candidate), tuple):
                    lines[i] = m.group(1) + candidate
                    path.write_text("\n".join(lines), encoding="utf-8")
                    return candidate
            break
    raise SystemExit(f"could not change the main phone of {slug} in {path}")


# --- the Hugo project ---------------------------------------------------------------------------
#
# Hugo's fastest method for this job (DECISIONS.md, "Measuring"): one build, a content adapter that
# emits a page per (center, page), each shared page's Markdown rendered once and the center's values
# substituted. site_builder's content uses Jinja ({{ center.phone }}, {% if center.offers("iop") %});
# Hugo cannot run Jinja, so each page is cut here into segments, each with the conditions it sits
# under. Hugo evaluates the conditions per (center, page), renders each distinct variant's Markdown
# once (partialCached) and substitutes the values, the same work site_builder does per center.

_TAG = re.compile(r"({%.*?%}|{{.*?}})", re.S)
_LINK = re.compile(r"\]\(([a-z0-9/-]+)\.md\)")
_OFFERS = re.compile(r'^center\.offers\("([a-z0-9-]+)"\)$')
_FACT = re.compile(r"^center\.[a-z0-9_.]+$")

#: Values substituted per center, by the Jinja expression that prints them (whitespace removed).
VALUES = (
    "center.name",
    "center.phone",
    "center.phone.tel",
    "center.privacy_notice_url",
    "center.part2_notice_url",
    'center.languages|join(",")',
    'center.insurance.plans|join(",")',
    "center.insurance.notes",
    "plan",
)


@dataclass
class Segments:
    """Markdown cut at the Jinja tags: texts, each with the clauses it sits under."""

    items: list[dict] = field(default_factory=list)
    facts: set[str] = field(default_factory=set)  # center facts the conditions test
    loops: set[str] = field(default_factory=set)  # facts iterated over: at most one item allowed


def segments(source: str, here: str) -> Segments:
    """Cut one Jinja+Markdown source. `here` is the page's folder ("" or "services/") for links."""
    out = Segments()
    stack: list[dict] = []
    for token in _TAG.split(source):
        if not token:
            continue
        if token.startswith("{{"):
            _add(out, stack, _value(token[2:-2].strip()))
        elif token.startswith("{%"):
            _statement(token[2:-2].strip(), stack, out)
        else:
            _add(out, stack, _LINK.sub(lambda m: f"](QQbaseQQ{_link(here, m[1])})", token))
    if stack:
        raise SystemExit(f"unclosed Jinja block in {source[:60]!r}")
    return out


def _link(here: str, target: str) -> str:
    path = target if "/" in target else here + target
    return "" if path == "index" else path + "/"


def _add(out: Segments, stack: list[dict], text: str) -> None:
    clauses = [dict(c) for c in stack]
    if out.items and out.items[-1]["c"] == clauses:
        out.items[-1]["t"] += text
    else:
        out.items.append({"t": text, "c": clauses})


def _value(expr: str) -> str:
    key = re.sub(r"\s+", "", expr)
    if key in VALUES:
        return f"QQV{VALUES.index(key)}QQ"
    if key.startswith("numbers."):
        value: object = NUMBERS
        for part in key.split(".")[1:]:
            value = getattr(value, part)
        return str(value)
    raise SystemExit(f"the Hugo translation does not know the Jinja value {{{{ {expr} }}}}")


def _statement(stmt: str, stack: list[dict], out: Segments) -> None:
    word, _, rest = stmt.partition(" ")
    if word == "if":
        stack.append({"any": [_atom(a.strip(), out) for a in rest.split(" or ")], "neg": False})
    elif word == "else" and stack:
        stack[-1]["neg"] = not stack[-1]["neg"]
    elif word in ("endif", "endfor") and stack:
        stack.pop()
    elif word == "for" and re.fullmatch(r"[a-z_]+ in center\.[a-z_.]+", rest):
        fact = rest.split(" in ")[1]
        stack.append({"any": [_atom(fact, out)], "neg": False})
        out.loops.add(fact.removeprefix("center."))
    else:
        raise SystemExit(f"the Hugo translation does not know the Jinja statement {{% {stmt} %}}")


def _atom(cond: str, out: Segments) -> str:
    m = _OFFERS.match(cond)
    if m:
        return f"offers:{m[1]}"
    if _FACT.match(cond):
        out.facts.add(cond.removeprefix("center."))
        return f"fact:{cond.removeprefix('center.')}"
    raise SystemExit(f"the Hugo translation does not know the Jinja condition {cond!r}")


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _date(value: object) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def shared_pages(content: Path) -> tuple[list[dict], dict[str, dict], Segments]:
    """(pages, services by id, every fact tested or iterated over) from the project's content/."""
    pages, services, used = [], {}, Segments()

    def cut(source: str, here: str) -> list[dict]:
        seg = segments(source, here)
        used.facts |= seg.facts
        used.loops |= seg.loops
        return seg.items

    for path in sorted(content.glob("*.md")):
        meta, body = _front_matter(path)
        pages.append(
            {
                "id": path.stem,
                "path": "" if path.stem == "index" else f"{path.stem}/",
                "title": meta["title"],
                "description": meta.get("description", ""),
                "nav": meta.get("nav", ""),
                "order": meta.get("order", 50),
                "layout": "center-home" if path.stem == "index" else meta.get("layout", "page"),
                "reviewed": _date(meta.get("last_reviewed")),
                "reviewed_by": meta.get("reviewed_by", ""),
                "segs": cut(body, ""),
                "faq": [
                    {"q": i["question"], "segs": cut(i["answer"], "")} for i in meta.get("faq", [])
                ],
            }
        )
    pages.sort(key=lambda p: (p["order"], p["id"]))
    for path in sorted((content / "services").glob("*.md")):
        meta, body = _front_matter(path)
        services[path.stem] = {
            "id": path.stem,
            "path": f"services/{path.stem}/",
            "title": meta["title"],
            "description": meta.get("description", ""),
            "summary": meta.get("summary", ""),
            "category": meta.get("category", "therapy"),
            "order": meta.get("order", 50),
            "reviewed": _date(meta.get("last_reviewed")),
            "reviewed_by": meta.get("reviewed_by", ""),
            "segs": cut(body, "services/"),
        }
    return pages, services, used


def _fact(center: dict, path: str) -> object:
    value: object = center
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def hugo_center(center: dict, used: Segments) -> dict:
    """One center as the Hugo project's data: its facts, the conditions that hold for it and the
    values (in VALUES order) the layouts substitute."""
    c = {**center, "privacy_notice_url": center.get("privacy_notice_url", PRIVACY_URL)}
    for fact in used.loops:
        if len(_fact(c, fact) or ()) > 1:
            raise SystemExit(f"{c['slug']}: the Hugo translation repeats no loop ({fact})")
    phone = parse_phone(str(c["phones"]["main"]))
    assert not isinstance(phone, tuple), c["phones"]["main"]
    flags = [f"offers:{s}" for s in c.get("services", [])]
    flags += [f"fact:{f}" for f in sorted(used.facts) if _fact(c, f)]
    insurance = c.get("insurance") or {}
    values = {
        "center.name": c["name"],
        "center.phone": phone.display,
        "center.phone.tel": phone.tel,
        "center.privacy_notice_url": c["privacy_notice_url"],
        "center.part2_notice_url": c.get("part2_notice_url", ""),
        'center.languages|join(",")': ", ".join(c.get("languages", [])),
        'center.insurance.plans|join(",")': ", ".join(insurance.get("plans", [])),
        "center.insurance.notes": insurance.get("notes", ""),
        "plan": "".join(insurance.get("plans", [])),
    }
    slug = c["slug"]
    return {
        "slug": slug,
        "name": c["name"],
        "entity": c.get("entity", c["name"]),
        "phone": phone.display,
        "tel": phone.tel,
        "base": f"/{slug}/",
        "url": BASE_URL.replace("{slug}", slug),
        "privacy_notice_url": c["privacy_notice_url"],
        "services": c.get("services", []),
        "locations": [
            {
                "id": loc["id"],
                "name": loc.get("name", ""),
                "street": loc["street"],
                "city": loc["city"],
                "state": loc["state"],
                "zip": loc["zip"],
                "lat": (loc.get("geo") or {}).get("latitude", ""),
                "lon": (loc.get("geo") or {}).get("longitude", ""),
            }
            for loc in c["locations"]
        ],
        "flagset": dict.fromkeys(flags, True),
        "values": [values[k] for k in VALUES],
    }


def _taglines() -> dict[str, list[dict]]:
    data = yaml.safe_load((files("site_builder") / "data" / "taglines.yaml").read_text("utf-8"))
    out = {}
    for state, codes in data["states"].items():
        out[state] = []
        for code in codes:
            lang = data["languages"][code]
            before, _, after = lang["tagline"].partition("{phone}")
            out[state].append(
                {
                    "lang": code,
                    "native": lang["native"],
                    "dir": lang.get("dir", "ltr"),
                    "before": before,
                    "after": after,
                    "reviewed": bool(lang.get("reviewed", False)),
                }
            )
    return out


def write_hugo_project(project: Path, source: Path, centers: list[dict]) -> None:
    """A Hugo project for the same centers: benchmarks/hugo/ (config, content adapter, layouts),
    the default theme's CSS and strings, and the pages and centers as JSON data files."""
    shutil.copytree(HERE / "hugo", project)
    pages, services, used = shared_pages(source / "content")
    theme = source / "themes" / "default"
    (project / "assets" / "css").mkdir(parents=True)
    shutil.copy(theme / "static" / "css" / "site.css", project / "assets" / "css" / "site.css")
    data = project / "data"
    data.mkdir()
    shutil.copy(theme / "strings" / "en.yaml", data / "strings.yaml")
    site = {
        "nav": [{"id": p["id"], "label": p["nav"], "path": p["path"]} for p in pages if p["nav"]],
        "footer": [
            {"label": p["title"], "path": p["path"]}
            for p in pages
            if p["order"] >= FOOTER_FROM and not p["nav"]
        ],
        "categories": [
            {"id": "therapy", "label": "Therapy"},
            {"id": "program", "label": "Programs"},
            {"id": "medical", "label": "Medical care"},
            {"id": "support", "label": "Support"},
            {"id": "specialized", "label": "Programs for specific groups"},
        ],
        "first_visit": next(p["title"] for p in pages if p["id"] == "first-visit"),
        "service_order": [s["id"] for s in sorted(services.values(), key=_by_order)],
        "numbers": {
            n: {"text": str(getattr(NUMBERS, n)), "tel": getattr(NUMBERS, n).tel}
            for n in ("lifeline", "emergency", "samhsa_helpline", "samhsa_tty")
        }
        | {"crisis_text_line": {"text": "741741", "sms": NUMBERS.crisis_text_line.sms}},
        "lifeline_sms": NUMBERS.lifeline.sms,
        "chat_url": NUMBERS.lifeline_chat_url,
    }
    for name, value in (
        ("site", site),
        ("pages", pages),
        ("services", services),
        ("taglines", _taglines()),
        ("centers", [hugo_center(c, used) for c in centers]),
    ):
        (data / f"{name}.json").write_text(json.dumps(value, ensure_ascii=False), "utf-8")


def _by_order(s: dict) -> tuple:
    return (s["order"], s["id"])
