"""Pictures and icons (images.py): sources checked at their centers.yaml line, published as
responsive, fingerprinted WebP with a fallback, <img> with width, height, alt, srcset, sizes and
lazy loading; favicon.ico and apple-touch-icon.png from the logo, a theme icon or a drawn default;
the team page and the services index only for centers whose facts call for them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import edit, make_project, run_build, sample_project
from PIL import Image

from site_builder import images

SLUGS = ("sunrise-recovery", "harbor-light", "cedar-grove")


def _picture(path: Path, size: tuple[int, int], fmt: str = "JPEG", color=(40, 120, 110)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "RGBA" if fmt == "PNG" else "RGB"
    fill = (*color, 255) if mode == "RGBA" else color
    Image.new(mode, size, fill).save(path, format=fmt)


def _project(tmp_path: Path, block: str = "", extra: dict[str, str] | None = None) -> Path:
    """The base fixture with `block` added to the first center (valley), after its tagline line."""
    root = make_project(tmp_path, extra)
    _picture(root / "images/valley/logo.png", (200, 200), "PNG")
    _picture(root / "images/valley/hero.jpg", (1600, 1000))
    _picture(root / "images/valley/door.jpg", (1200, 800))
    _picture(root / "images/valley/ana.jpg", (600, 800))
    if block:
        edit(
            root,
            "centers.yaml",
            "    entity: Test Valley Health, Inc.\n",
            "    entity: Test Valley Health, Inc.\n" + block,
        )
    return root


BRAND = """    logo: images/valley/logo.png
    hero:
      src: images/valley/hero.jpg
      alt: Drawing of the valley at sunrise
    languages: [English, Spanish]
    staff:
      - name: Ana Reyes
        role: Therapist
        credentials:
          - type: state-license
            letters: LMFT
            issuer: California Board of Behavioral Sciences
            number: "LMFT 1"
            expires: 2029-01-31
        languages: [Spanish]
        photo:
          src: images/valley/ana.jpg
          decorative: true
        bio: Ana helps adults with worry and low mood.
"""


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.mark.file}:{p.mark.line}: {p.message}" for p in result.problems if p.is_error]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("img"))  # (with the sample images)
    result = run_build(root)
    assert not result.failed, _errors(result)
    return root / "output"


def test_every_sample_site_has_icons_from_its_logo(sample: Path) -> None:
    for site in (sample / slug for slug in SLUGS):
        with Image.open(site / "favicon.ico") as ico:
            assert ico.format == "ICO" and ico.info["sizes"] >= {(16, 16), (32, 32), (48, 48)}
        with Image.open(site / "apple-touch-icon.png") as touch:
            assert (
                touch.size == (180, 180) and touch.mode == "RGB"
            )  # no transparency: iOS fills it black
        head = (site / "index.html").read_text("utf-8")
        assert 'rel="icon" href="/favicon.ico"' in head and 'rel="apple-touch-icon"' in head


def test_every_img_has_size_alt_srcset_and_a_webp_source(sample: Path) -> None:
    seen = 0
    for page in sorted(p for slug in SLUGS for p in (sample / slug).rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        site = sample / page.relative_to(sample).parts[0]
        for img in soup.find_all("img"):
            seen += 1
            where = f"{page.relative_to(sample)}: {img}"
            assert img.has_attr("alt") and img.get("width") and img.get("height"), where
            picture = img.parent
            assert picture.name == "picture", where
            source = picture.find("source")
            assert source["type"] == "image/webp", where
            for srcset in (img["srcset"], source["srcset"]):
                for candidate in srcset.split(","):
                    url = candidate.split()[0]
                    assert re.fullmatch(
                        r"/assets/img/[a-z0-9-]+-\d+\.[0-9a-f]{10}\.(webp|jpg|png)", url
                    ), url
                    assert (site / url.lstrip("/")).is_file(), url
            with Image.open(site / img["src"].lstrip("/")) as im:  # the attributes are the file's
                assert (str(im.width), str(im.height)) == (img["width"], img["height"]), where
            if "hero" in img["src"] or "logo" in img["src"]:
                assert img.get("loading") != "lazy", where  # the first screen's pictures
    assert seen > 50


def test_published_files_carry_no_metadata_and_are_smaller(sample: Path) -> None:
    folder = sample / "sunrise-recovery/assets/img"
    hero = sorted(folder.glob("hero-800.*.webp"))
    assert hero
    with Image.open(hero[0]) as im:
        assert im.size == (800, 500) and not im.info.get("exif")
    assert max(f.stat().st_size for f in folder.iterdir()) < 150_000


def test_team_and_services_pages_only_where_the_facts_call_for_them(tmp_path: Path) -> None:
    root = _project(tmp_path, BRAND)
    result = run_build(root)
    assert not result.failed, _errors(result)
    team = (root / "output/valley/team/index.html").read_text("utf-8")
    soup = BeautifulSoup(team, "html.parser")
    assert soup.h1.get_text() == "Our team"
    card = soup.select_one(".staff-card")
    assert "Ana Reyes" in card.get_text() and ", LMFT" in card.get_text()
    assert (
        "Speaks Spanish" in card.get_text() and "valid through January 31, 2029" in card.get_text()
    )
    assert card.find("img")["alt"] == ""  # decorative: true
    assert not (root / "output/river/team").exists()  # no staff: no team page, no link to one
    assert "/team/" not in (root / "output/river/index.html").read_text("utf-8")
    for slug in ("valley", "river"):
        index = BeautifulSoup(
            (root / f"output/{slug}/services/index.html").read_text(), "html.parser"
        )
        assert index.select(".service-card") and index.h1.get_text() == "Our services"
        nav = [
            a["href"]
            for a in BeautifulSoup(
                (root / f"output/{slug}/index.html").read_text(), "html.parser"
            ).select(".main-nav a")
        ]
        assert "/services/" in nav
    home = (root / "output/valley/index.html").read_text("utf-8")
    assert 'alt="Drawing of the valley at sunrise"' in home and 'fetchpriority="high"' in home


def test_a_site_without_a_logo_gets_the_theme_icon_else_a_drawn_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _picture(root / "themes/sage/icon.png", (256, 256), "PNG", color=(200, 30, 30))
    result = run_build(root)
    assert not result.failed, _errors(result)
    with Image.open(root / "output/river/apple-touch-icon.png") as im:  # sage: its icon, red
        assert im.convert("RGB").getpixel((90, 90)) == (200, 30, 30)
    with Image.open(root / "output/valley/apple-touch-icon.png") as im:  # default: drawn, teal
        r, g, b = im.convert("RGB").getpixel((30, 90))
        assert (r, g, b) == images.default_icon().convert("RGB").resize((180, 180)).getpixel(
            (30, 90)
        ) or g > r


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        (
            "    logo: images/valley/nothere.png\n",
            14,
            "there is no image file at 'images/valley/nothere.png'",
        ),
        ("    logo: ../outside.png\n", 14, "'../outside.png' is not a path inside the project"),
        ("    hero:\n      src: images/valley/hero.jpg\n", 15, "hero has no alt text"),
        (
            "    hero:\n      src: images/valley/hero.jpg\n      alt: A valley\n      decorative: true\n",
            17,
            "a decorative picture has no alt text, but this one has both",
        ),
        (
            "    hero: images/valley/hero.jpg\n",
            14,
            "hero needs the picture's file and its alt text",
        ),
        (
            "    logo: images/valley/anim.gif\n",
            14,
            "'images/valley/anim.gif' is a GIF image; a source must be JPEG, PNG or WebP",
        ),
        (
            "    languages: [English]\n    staff:\n      - name: Ana\n        role: Therapist\n        languages: [Spanish]\n",
            18,
            "Ana speaks Spanish, but the center's languages: do not list it",
        ),
        (
            "    staff:\n      - name: Ana\n        role: Therapist\n        credentials:\n"
            "          - {type: state-license, letters: LMFT, issuer: BBS, expires: 2020-01-31}\n",
            18,
            "Ana's LMFT  expired on 2020-01-31",
        ),
    ],
)
def test_a_mistake_in_a_picture_is_one_error_at_its_line(
    tmp_path: Path, block: str, line: int, message: str
) -> None:
    root = _project(tmp_path, block)
    Image.new("P", (10, 10)).save(root / "images/valley/anim.gif", format="GIF")
    result = run_build(root)
    errors = _errors(result)
    assert result.failed and any(f"centers.yaml:{line}:" in e and message in e for e in errors), (
        errors
    )


def test_a_picture_cut_short_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A copy that stopped half way opens, and failed only when its pixels were read: the build
    ended with "could not read or write output", naming no file, with a hint about the folder."""
    root = _project(tmp_path, "    hero:\n      src: images/valley/cut.jpg\n      alt: A valley\n")
    data = (root / "images/valley/hero.jpg").read_bytes()
    (root / "images/valley/cut.jpg").write_bytes(data[: len(data) // 3])
    result = run_build(root)
    errors = _errors(result)
    assert result.failed and len(errors) == 1, errors
    assert "centers.yaml:15:" in errors[0] and "'images/valley/cut.jpg' is damaged" in errors[0]
    assert not (root / "output/valley").exists()


def test_an_oversized_source_is_an_error_not_a_slow_build(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path, "    logo: images/valley/logo.png\n")
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    errors = _errors(run_build(root))
    assert any("centers.yaml:14:" in e and "MB, more than the" in e for e in errors), errors
    monkeypatch.setattr(images, "MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setattr(images, "MAX_SIDE", 100)
    errors = _errors(run_build(root))
    assert any("200×200 pixels, more than 100 pixels on a side" in e for e in errors), errors


def test_a_changed_picture_rebuilds_its_center(tmp_path: Path) -> None:
    root = _project(tmp_path, "    logo: images/valley/logo.png\n")
    assert not run_build(root).failed
    before = (root / "output/valley/favicon.ico").read_bytes()
    _picture(root / "images/valley/logo.png", (200, 200), "PNG", color=(220, 120, 20))
    assert not run_build(root).failed
    assert (root / "output/valley/favicon.ico").read_bytes() != before


def test_rendering_is_deterministic() -> None:
    im = images.default_icon()
    one, two = io.BytesIO(), io.BytesIO()
    im.save(one, format="PNG")
    images.default_icon().save(two, format="PNG")
    assert one.getvalue() == two.getvalue()
