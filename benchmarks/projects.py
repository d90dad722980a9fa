"""The site_builder project a benchmark run builds: the first N imported centers, made publishable
in the benchmark's own copy. The Hugo project that builds the same pages is hugo_data.py's."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import yaml

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


#: The share of the benchmark's centers whose staff speak Spanish (so they get a Spanish site): the
#: SAMHSA listing carries no language facts, and more than a quarter of Californians speak Spanish
#: at home.
SPANISH_SHARE = 0.25


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
        if random.Random(f"spanish-{i}").random() < SPANISH_SHARE:  # the importer sets no languages
            c["languages"] = sorted({*c.get("languages", ()), "Spanish"})
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
    """content/centers/ and content/<language>/centers/: the sample centers' own pages."""
    here = Path(folder)
    top = here == ROOT / "content" or here.parent == ROOT / "content"
    return ["centers"] if top and "centers" in names else []


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
