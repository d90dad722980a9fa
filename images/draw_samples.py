"""Draw the sample centers' logos and pictures with Pillow: simple shapes in calm colours, made for
this project (no stock photos, no rights to worry about). The files in this folder were made by

    python3 images/draw_samples.py

and are committed; running it again gives the same bytes. The "photos" are drawings standing in for
a clinic's own photos, and their alt text in centers.yaml says so."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliased primitives

RGB = tuple[int, int, int]


def canvas(w: int, h: int, color: RGB | tuple[int, int, int, int]) -> Image.Image:
    mode = "RGBA" if len(color) == 4 else "RGB"
    return Image.new(mode, (w * SCALE, h * SCALE), color)


def s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def finish(im: Image.Image, w: int, h: int) -> Image.Image:
    return im.resize((w, h), Image.LANCZOS)


def sky(im: Image.Image, top: RGB, bottom: RGB, height: int) -> None:
    d = ImageDraw.Draw(im)
    for y in range(height * SCALE):
        f = y / (height * SCALE)
        d.line([(0, y), (im.width, y)], fill=tuple(round(a + (b - a) * f) for a, b in zip(top, bottom, strict=True)))


def hills(im: Image.Image, base: float, amp: float, color: RGB, seed: int, w: int, h: int) -> None:
    rnd = random.Random(seed)
    d = ImageDraw.Draw(im)
    phase = [rnd.uniform(0, 6.28) for _ in range(3)]
    import math

    pts = [(0.0, float(h))]
    for x in range(0, w + 20, 20):
        y = base + amp * (
            0.6 * math.sin(x / w * 3.1 + phase[0]) + 0.3 * math.sin(x / w * 7.3 + phase[1]) + 0.1 * math.sin(x / w * 17 + phase[2])
        )
        pts.append((float(x), y))
    pts.append((float(w), float(h)))
    d.polygon([(x * SCALE, y * SCALE) for x, y in pts], fill=color)


def save(im: Image.Image, path: Path, **kw: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    im.save(out, **kw)
    path.write_bytes(out.getvalue())
    print(f"{path.relative_to(HERE.parent)}: {im.width}×{im.height}, {len(out.getvalue()) // 1024} KB")


# --- logos: a mark on a transparent ground (the name is written beside it) ----------------------


def logo_sunrise() -> Image.Image:
    im = canvas(256, 256, (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle(s(8, 8, 248, 248), radius=56 * SCALE, fill=(11, 95, 102, 255))
    d.pieslice(s(58, 96, 198, 236), 180, 360, fill=(247, 196, 106, 255))
    for i, a in enumerate(range(200, 345, 29)):
        import math

        r1, r2 = 82, 104 if i % 2 else 96
        cx, cy = 128, 166
        x1, y1 = cx + r1 * math.cos(math.radians(a)), cy + r1 * math.sin(math.radians(a))
        x2, y2 = cx + r2 * math.cos(math.radians(a)), cy + r2 * math.sin(math.radians(a))
        d.line(s(x1, y1, x2, y2), fill=(247, 196, 106, 255), width=9 * SCALE)
    d.rectangle(s(40, 162, 216, 176), fill=(255, 255, 255, 255))
    d.rectangle(s(64, 190, 192, 200), fill=(227, 240, 238, 255))
    return finish(im, 256, 256)


def logo_harbor() -> Image.Image:
    im = canvas(256, 256, (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse(s(8, 8, 248, 248), fill=(29, 78, 137, 255))
    d.polygon(s(128, 96, 60, 72, 60, 120), fill=(245, 224, 170, 255))  # beams
    d.polygon(s(128, 96, 196, 72, 196, 120), fill=(245, 224, 170, 255))
    d.polygon(s(108, 206, 148, 206, 140, 96, 116, 96), fill=(250, 246, 236, 255))  # tower
    d.rectangle(s(112, 130, 144, 142), fill=(196, 69, 54, 255))
    d.rectangle(s(110, 166, 146, 178), fill=(196, 69, 54, 255))
    d.rectangle(s(112, 78, 144, 98), fill=(245, 224, 170, 255))  # lamp
    d.polygon(s(106, 80, 150, 80, 128, 58), fill=(250, 246, 236, 255))  # roof
    d.rectangle(s(56, 206, 200, 216), fill=(250, 246, 236, 255))
    return finish(im, 256, 256)


def logo_cedar() -> Image.Image:
    im = canvas(256, 256, (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle(s(8, 8, 248, 248), radius=120 * SCALE, fill=(232, 239, 226, 255))
    for i, (top, half) in enumerate(((40, 40), (78, 62), (118, 84))):
        d.polygon(s(128, top, 128 - half, top + 70, 128 + half, top + 70), fill=(47, 93, 58, 255) if i != 1 else (64, 118, 76, 255))
    d.rectangle(s(118, 188, 138, 216), fill=(120, 86, 56, 255))
    return finish(im, 256, 256)


# --- hero pictures -------------------------------------------------------------------------------


def hero_sunrise() -> Image.Image:
    w, h = 1600, 1000
    im = canvas(w, h, (255, 255, 255))
    sky(im, (238, 244, 242), (252, 226, 190), 620)
    d = ImageDraw.Draw(im)
    d.ellipse(s(960, 300, 1260, 600), fill=(247, 196, 106))
    hills(im, 560, 60, (158, 196, 188), 1, w, h)
    hills(im, 660, 50, (96, 158, 150), 2, w, h)
    hills(im, 780, 40, (11, 95, 102), 3, w, h)
    # a low clinic building with a warm doorway among trees
    d.rectangle(s(300, 640, 700, 820), fill=(246, 241, 232))
    d.rectangle(s(280, 620, 720, 650), fill=(226, 214, 196))
    for x in range(330, 680, 90):
        d.rectangle(s(x, 680, x + 50, 730), fill=(190, 220, 216))
    d.rectangle(s(480, 730, 530, 820), fill=(11, 95, 102))
    for cx in (230, 800, 880):
        d.ellipse(s(cx - 60, 620, cx + 60, 760), fill=(64, 128, 96))
        d.rectangle(s(cx - 8, 740, cx + 8, 820), fill=(110, 84, 60))
    return finish(im, w, h).filter(ImageFilter.SMOOTH)


def hero_harbor() -> Image.Image:
    w, h = 1600, 1000
    im = canvas(w, h, (255, 255, 255))
    sky(im, (214, 226, 240), (246, 232, 208), 600)
    d = ImageDraw.Draw(im)
    hills(im, 470, 70, (170, 186, 206), 4, w, h)  # far mountains
    d.rectangle(s(0, 600, w, h), fill=(62, 104, 150))
    for y in range(630, 1000, 46):
        d.line(s(0, y, w, y), fill=(84, 126, 170), width=4 * SCALE)
    d.polygon(s(0, 760, 700, 700, 900, 1000, 0, 1000), fill=(236, 222, 196))  # sand
    d.polygon(s(1150, 600, 1190, 600, 1180, 330, 1160, 330), fill=(250, 246, 236))
    d.rectangle(s(1154, 420, 1186, 440), fill=(196, 69, 54))
    d.rectangle(s(1150, 500, 1190, 520), fill=(196, 69, 54))
    d.rectangle(s(1156, 300, 1184, 332), fill=(245, 224, 170))
    d.polygon(s(1148, 302, 1192, 302, 1170, 270), fill=(29, 78, 137))
    d.polygon(s(1170, 316, 900, 260, 900, 372), fill=(250, 238, 200))
    d.polygon(s(460, 720, 600, 720, 580, 760, 480, 760), fill=(29, 78, 137))  # a small boat
    d.polygon(s(525, 718, 525, 620, 585, 712), fill=(250, 246, 236))
    return finish(im, w, h).filter(ImageFilter.SMOOTH)


def hero_cedar() -> Image.Image:
    w, h = 1600, 1000
    im = canvas(w, h, (255, 255, 255))
    sky(im, (236, 242, 230), (250, 244, 228), 560)
    hills(im, 560, 40, (200, 218, 190), 5, w, h)
    d = ImageDraw.Draw(im)
    rnd = random.Random(7)
    d.polygon(s(640, 1000, 960, 1000, 820, 640, 780, 640), fill=(226, 210, 176))  # path
    for _ in range(26):
        x = rnd.choice([rnd.uniform(40, 600), rnd.uniform(1000, 1560)])
        base = rnd.uniform(640, 960)
        size = base / 6
        green = rnd.choice([(47, 93, 58), (64, 118, 76), (86, 140, 96)])
        for k in range(3):
            top = base - size * (2.4 - k * 0.7)
            half = size * (0.45 + k * 0.2)
            d.polygon(s(x, top, x - half, top + size * 1.0, x + half, top + size * 1.0), fill=green)
        d.rectangle(s(x - size * 0.07, base - size * 0.3, x + size * 0.07, base), fill=(120, 86, 56))
    return finish(im, w, h).filter(ImageFilter.SMOOTH)


# --- "photos" of each location: a drawn front of the building -----------------------------------


def building(w: int, h: int, wall: RGB, door: RGB, stories: int, seed: int, sign: RGB) -> Image.Image:
    im = canvas(w, h, (255, 255, 255))
    sky(im, (226, 236, 244), (244, 244, 238), int(h * 0.7))
    d = ImageDraw.Draw(im)
    d.rectangle(s(0, h * 0.78, w, h), fill=(190, 190, 184))  # street
    d.rectangle(s(0, h * 0.74, w, h * 0.78), fill=(214, 212, 204))  # sidewalk
    top = h * (0.74 - 0.2 * stories)
    d.rectangle(s(w * 0.15, top, w * 0.85, h * 0.74), fill=wall)
    d.rectangle(s(w * 0.13, top - 16, w * 0.87, top), fill=tuple(max(0, c - 40) for c in wall))
    rnd = random.Random(seed)
    for row in range(stories):
        y = top + 30 + row * h * 0.2
        for col in range(5):
            x = w * 0.2 + col * w * 0.13
            if row == stories - 1 and col == 2:
                continue
            d.rectangle(s(x, y, x + w * 0.08, y + h * 0.1), fill=(176, 206, 222) if rnd.random() > 0.2 else (210, 226, 232))
    door_x = w * 0.46
    d.rectangle(s(door_x, h * 0.74 - h * 0.16, door_x + w * 0.08, h * 0.74), fill=door)
    d.rectangle(s(door_x - w * 0.05, h * 0.74 - h * 0.2, door_x + w * 0.13, h * 0.74 - h * 0.17), fill=sign)
    d.polygon(s(door_x + w * 0.08, h * 0.74, door_x + w * 0.2, h * 0.74, door_x + w * 0.08, h * 0.74 - 14), fill=(160, 160, 154))  # ramp
    for tx in (w * 0.07, w * 0.93):
        d.ellipse(s(tx - 50, h * 0.5, tx + 50, h * 0.66), fill=(86, 140, 96))
        d.rectangle(s(tx - 6, h * 0.64, tx + 6, h * 0.76), fill=(110, 84, 60))
    return finish(im, w, h)


# --- staff: simple drawn portraits (head and shoulders) -----------------------------------------


def portrait(bg: RGB, skin: RGB, hair: RGB, shirt: RGB, hair_style: int) -> Image.Image:
    w = h = 480
    im = canvas(w, h, bg)
    d = ImageDraw.Draw(im)
    d.ellipse(s(90, 330, 390, 640), fill=shirt)  # shoulders
    d.rectangle(s(208, 270, 272, 350), fill=skin)  # neck
    if hair_style == 1:  # long hair behind the head
        d.rounded_rectangle(s(140, 110, 340, 360), radius=90 * SCALE, fill=hair)
    d.ellipse(s(160, 110, 320, 300), fill=skin)  # head
    if hair_style == 0:  # short hair
        d.chord(s(152, 96, 328, 250), 180, 360, fill=hair)
    elif hair_style == 1:
        d.chord(s(150, 92, 330, 240), 170, 370, fill=hair)
    elif hair_style == 2:  # curls
        for cx, cy in ((180, 140), (210, 115), (245, 108), (280, 118), (305, 145), (165, 175), (318, 178)):
            d.ellipse(s(cx - 32, cy - 32, cx + 32, cy + 32), fill=hair)
    else:  # close crop
        d.chord(s(160, 104, 320, 220), 185, 355, fill=hair)
    return finish(im, w, h)


def main() -> None:
    jpg: dict[str, object] = {"format": "JPEG", "quality": 80, "optimize": True}
    png: dict[str, object] = {"format": "PNG", "optimize": True}
    jobs: list[tuple[str, Callable[[], Image.Image], dict[str, object]]] = [
        ("sunrise-recovery/logo.png", logo_sunrise, png),
        ("harbor-light/logo.png", logo_harbor, png),
        ("cedar-grove/logo.png", logo_cedar, png),
        ("sunrise-recovery/hero.jpg", hero_sunrise, jpg),
        ("harbor-light/hero.jpg", hero_harbor, jpg),
        ("cedar-grove/hero.jpg", hero_cedar, jpg),
        ("sunrise-recovery/pasadena.jpg", lambda: building(1200, 800, (240, 232, 218), (11, 95, 102), 2, 1, (11, 95, 102)), jpg),
        ("sunrise-recovery/glendale.jpg", lambda: building(1200, 800, (226, 232, 236), (84, 96, 110), 1, 2, (11, 95, 102)), jpg),
        ("harbor-light/reno.jpg", lambda: building(1200, 800, (236, 226, 206), (29, 78, 137), 1, 3, (29, 78, 137)), jpg),
        ("cedar-grove/portland.jpg", lambda: building(1200, 800, (214, 226, 208), (47, 93, 58), 2, 4, (47, 93, 58)), jpg),
        ("sunrise-recovery/ana-reyes.jpg", lambda: portrait((227, 240, 238), (198, 146, 108), (58, 40, 30), (11, 95, 102), 1), jpg),
        ("sunrise-recovery/armen-petrosyan.jpg", lambda: portrait((244, 236, 222), (222, 182, 150), (70, 60, 54), (84, 96, 128), 3), jpg),
        ("sunrise-recovery/grace-kim.jpg", lambda: portrait((232, 236, 246), (236, 200, 170), (30, 28, 32), (196, 120, 96), 1), jpg),
        ("harbor-light/jordan-ellis.jpg", lambda: portrait((233, 238, 245), (140, 96, 70), (36, 28, 24), (29, 78, 137), 2), jpg),
        ("harbor-light/maya-brooks.jpg", lambda: portrait((246, 243, 236), (230, 190, 160), (150, 96, 56), (120, 150, 120), 1), jpg),
        ("cedar-grove/linh-tran.jpg", lambda: portrait((232, 239, 226), (230, 196, 160), (26, 24, 28), (140, 110, 160), 1), jpg),
        ("cedar-grove/carlos-mendoza.jpg", lambda: portrait((243, 246, 240), (176, 126, 92), (40, 32, 28), (47, 93, 58), 0), jpg),
    ]
    for rel, draw, opts in jobs:
        save(draw(), HERE / rel, **opts)


if __name__ == "__main__":
    main()
