"""Images: a center's logo, hero photo, location photos and staff photos, and the site's icons.

centers.yaml names a source file (`images/<slug>/hero.jpg`, a path inside the project); it is
checked when centers.yaml is read — it must exist, be a JPEG, PNG or WebP of a sensible size,
and have alt text unless it is marked `decorative: true` — so a missing or oversized file is an
error at its line, and the file's hash is part of the center (a changed photo rebuilds its
center). One asset step (Pillow) then turns each source into a few widths in WebP with a JPEG
(or PNG, for a source with transparency) fallback, with fingerprinted names, and writes
favicon.ico and apple-touch-icon.png from the logo (else the theme's icon, else a drawn one).
Templates get `image(img, role, sizes=…)`: a <picture> with srcset, sizes, width, height and
lazy loading. Metadata (camera, place) is never copied into the published files."""

from __future__ import annotations

import hashlib
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps, UnidentifiedImageError
from slugify import slugify

from . import messages as msg
from .problems import Mark
from .schema import INVALID, Bool, Field, Reader, Record, Scalar, Text
from .yamlsrc import MappingNode, Node, ScalarNode

#: A source larger than this is refused: it is a camera original, not a web picture.
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
#: Bumped when the way files are made changes, so their fingerprinted names change too.
PROCESS = f"1-{PILImage.__version__.split('.')[0]}"


@dataclass(frozen=True)
class Role:
    """How one use of an image is published: its widths (or, for the logo, its height at 1x and
    2x), a square crop for portraits, and the smallest source that still looks sharp."""

    widths: tuple[int, ...] = ()
    height: int = 0  # the logo: shown this many CSS pixels high
    square: bool = False
    min_width: int = 0


ROLES = {
    "logo": Role(height=48, min_width=48),
    "hero": Role(widths=(480, 800, 1200, 1600), min_width=1200),
    "photo": Role(widths=(400, 800, 1200), min_width=800),
    "portrait": Role(widths=(160, 320, 480), square=True, min_width=320),
}


@dataclass(frozen=True)
class Image:
    """A source image as centers.yaml names it, with what reading its header told."""

    src: str  # project-relative path: "images/sunrise-recovery/hero.jpg"
    alt: str
    decorative: bool
    width: int
    height: int
    format: str  # JPEG, PNG or WEBP
    alpha: bool
    digest: str  # of the file's bytes: a changed file changes the center (cache.py)
    mark: Mark

    @property
    def ratio(self) -> float:
        return self.height / self.width


@dataclass(frozen=True)
class Variant:
    """One published file made from a source image."""

    source: Image | None  # None: the drawn default icon
    role: str
    width: int
    height: int
    ext: str  # webp, jpg, png, ico
    path: str  # in the center's folder: "assets/img/hero-800.3f2a1b4c5d.webp", "favicon.ico"


# --- reading centers.yaml ----------------------------------------------------------------------


def read_source(rel: str, root: Path) -> Image | tuple[str, str]:
    """The image at `rel` (relative to the project), or (message, hint) saying what is wrong."""
    if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts or ":" in rel:
        return msg.IMAGE_PATH.format(value=rel), msg.IMAGE_PATH_HINT
    path = root / rel
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:
        return msg.IMAGE_PATH.format(value=rel), msg.IMAGE_PATH_HINT
    if not path.is_file():
        return msg.IMAGE_MISSING.format(value=rel), msg.IMAGE_MISSING_HINT
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return (
            msg.IMAGE_TOO_BIG.format(value=rel, size=len(data) / 1e6, limit=MAX_BYTES / 1e6),
            msg.IMAGE_TOO_BIG_HINT,
        )
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            fmt, (w, h), mode = im.format or "", im.size, im.mode
            alpha = "A" in mode or (mode == "P" and "transparency" in im.info)
    except (UnidentifiedImageError, OSError, ValueError):
        return msg.IMAGE_UNREADABLE.format(value=rel), msg.IMAGE_FORMAT_HINT
    if fmt not in FORMATS:
        return msg.IMAGE_FORMAT.format(value=rel, format=fmt), msg.IMAGE_FORMAT_HINT
    if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        return (
            msg.IMAGE_TOO_MANY_PIXELS.format(value=rel, width=w, height=h, side=MAX_SIDE),
            msg.IMAGE_TOO_BIG_HINT,
        )
    digest = hashlib.sha256(data).hexdigest()
    if not _decodes(digest, data):
        return msg.IMAGE_DAMAGED.format(value=rel), msg.IMAGE_DAMAGED_HINT
    return Image(rel, "", True, w, h, fmt, alpha, digest, Mark(rel))


_DECODED: dict[str, bool] = {}  # by content hash: the dev server reads centers.yaml on every save


def _decodes(digest: str, data: bytes) -> bool:
    """Whether the whole picture can be decoded: a file cut short (a copy or upload that
    stopped) opens, and fails only when its pixels are read, in the middle of a build."""
    ok = _DECODED.get(digest)
    if ok is None:
        try:
            with PILImage.open(io.BytesIO(data)) as im:
                im.load()
            ok = True
        except (OSError, ValueError, SyntaxError):
            ok = False
        _DECODED[digest] = ok
    return ok


_IMAGE_BLOCK = Record(
    "an image",
    {
        "src": Field(
            Text("images/sunrise-recovery/front-door.jpg"),
            required=True,
            doc="The image file, a path inside the project (JPEG, PNG or WebP; at most 10 MB).",
        ),
        "alt": Field(
            Text("The green front door of the clinic, with a ramp on the left"),
            default="",
            doc="What the picture shows, for people who cannot see it. Required unless decorative.",
        ),
        "decorative": Field(
            Bool(),
            default=False,
            doc="true when the picture adds nothing to the words beside it: it gets an empty alt.",
        ),
    },
    "\n  src: images/sunrise-recovery/front-door.jpg\n  alt: The green front door of the clinic",
)


def _checked(rel: str, node: Node, r: Reader, role: str, alt: str, decorative: bool) -> Any:
    """The source file read and checked, as an Image marked at its line (or INVALID)."""
    root = r.problems.root
    if root is None:  # (a schema read with no project: nothing to look at)
        return INVALID
    found = read_source(rel, Path(root))
    if isinstance(found, tuple):
        return r.error(node, *found)
    spec = ROLES[role]
    if (found.height < spec.height * 2) if spec.height else (found.width < spec.min_width):
        need = f"{spec.height * 2} pixels high" if spec.height else f"{spec.min_width} pixels wide"
        r.warn(
            node,
            msg.IMAGE_SMALL.format(value=rel, width=found.width, height=found.height),
            msg.IMAGE_SMALL_HINT.format(need=need),
        )
    return Image(
        found.src,
        alt,
        decorative,
        found.width,
        found.height,
        found.format,
        found.alpha,
        found.digest,
        r.mark(node),
    )


class ImageBlock(Record):
    """A picture in centers.yaml: `src`, and `alt` text unless it is `decorative: true`."""

    def __init__(self, role: str) -> None:
        super().__init__(_IMAGE_BLOCK.name, _IMAGE_BLOCK.fields, _IMAGE_BLOCK.example)
        self.role = role

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if not isinstance(node, MappingNode):
            return r.error(node, msg.IMAGE_NEEDS_BLOCK.format(key=key), msg.IMAGE_NEEDS_BLOCK_HINT)
        rec = super().read(node, key, r)
        if rec is INVALID or not rec.ok:
            return INVALID
        alt, decorative = (rec["alt"] or "").strip(), bool(rec["decorative"])
        if not alt and not decorative:
            return r.error(node, msg.IMAGE_NO_ALT.format(key=key), msg.IMAGE_NO_ALT_HINT)
        if alt and decorative:
            return r.error(
                rec.nodes["decorative"],
                msg.IMAGE_ALT_AND_DECORATIVE,
                msg.IMAGE_ALT_AND_DECORATIVE_HINT,
            )
        return _checked(rec["src"], rec.nodes["src"], r, self.role, alt, decorative)


class ImagePath(Scalar):
    """The logo: only a path. It is shown beside the center's name, which says what it is, so it
    is always decorative (an empty alt)."""

    expected = "a path to an image file"
    example = "images/sunrise-recovery/logo.png"

    def __init__(self, role: str) -> None:
        self.role = role

    def read(self, node: Node, key: str, r: Reader) -> Any:
        if not isinstance(node, ScalarNode):
            return r.error(node, msg.IMAGE_LOGO_SHAPE.format(key=key), msg.IMAGE_LOGO_HINT)
        return super().read(node, key, r)

    def parse(self, text: str, node: Node, key: str, r: Reader) -> Any:
        return _checked(text, node, r, self.role, "", True)


# --- what is published --------------------------------------------------------------------------


def _name(img: Image | None, role: str, w: int, h: int, ext: str) -> str:
    stem = slugify(posixpath.splitext(posixpath.basename(img.src))[0]) if img else "icon"
    key = f"{PROCESS}|{img.digest if img else 'drawn'}|{role}|{w}x{h}|{ext}"
    return f"assets/img/{stem or 'image'}-{w}.{hashlib.sha256(key.encode()).hexdigest()[:10]}.{ext}"


def _fallback_ext(img: Image) -> str:
    return "png" if img.alpha else "jpg"


def sizes_of(img: Image, role: str) -> list[tuple[int, int]]:
    """(width, height) of each published size: the role's widths the source can fill, else the
    source's own width; for the logo, its height at 1x and (when the source allows) 2x."""
    r = ROLES[role]
    if r.height:
        h1 = min(r.height, img.height)
        w1 = max(1, round(img.width * h1 / img.height))
        out = [(w1, h1)]
        if img.height >= 2 * h1:
            out.append((2 * w1, 2 * h1))
        return out
    side = min(img.width, img.height) if r.square else img.width
    widths = [w for w in r.widths if w <= side] or [side]
    ratio = 1.0 if r.square else img.ratio
    return [(w, max(1, round(w * ratio))) for w in widths]


def variants(img: Image, role: str) -> list[Variant]:
    """Every file one use of the image publishes: WebP at each size, then the fallback."""
    out = []
    for ext in ("webp", _fallback_ext(img)):
        for w, h in sizes_of(img, role):
            out.append(Variant(img, role, w, h, ext, _name(img, role, w, h, ext)))
    return out


def icon_variants(source: Image | None) -> list[Variant]:
    """favicon.ico (16, 32 and 48 pixels in one file) and apple-touch-icon.png (180 pixels),
    at the fixed addresses browsers ask for."""
    return [
        Variant(source, "favicon", 48, 48, "ico", "favicon.ico"),
        Variant(source, "touch", 180, 180, "png", "apple-touch-icon.png"),
    ]


def picture(
    img: Image,
    role: str,
    url: Any,
    sizes: str = "100vw",
    lazy: bool = True,
    priority: bool = False,
    cls: str = "",
) -> Markup:
    """<picture> for one use of an image: WebP first, the fallback in <img> with its width and
    height (no layout shift), srcset and sizes; lazy below the fold, `priority` for the one
    picture that is the first screen's largest (the home page's hero)."""
    vs = variants(img, role)
    webp = [v for v in vs if v.ext == "webp"]
    fall = [v for v in vs if v.ext != "webp"]
    density = bool(ROLES[role].height)

    def srcset(items: list[Variant]) -> str:
        if density:
            return ", ".join(f"{url(v.path)} {i + 1}x" for i, v in enumerate(items))
        return ", ".join(f"{url(v.path)} {v.width}w" for v in items)

    main = fall[0] if density else next((v for v in reversed(fall) if v.width <= 800), fall[0])
    size_attr = "" if density else f' sizes="{escape(sizes)}"'
    attrs = [
        f'src="{url(main.path)}"',
        f'srcset="{srcset(fall)}"' + size_attr,
        f'width="{main.width}" height="{main.height}"',
        f'alt="{escape("" if img.decorative else img.alt)}"',
    ]
    if lazy and not priority:
        attrs.append('loading="lazy" decoding="async"')
    if priority:
        attrs.append('fetchpriority="high"')
    if cls:
        attrs.append(f'class="{escape(cls)}"')
    return Markup(
        f'<picture><source type="image/webp" srcset="{srcset(webp)}"{size_attr}>'
        f"<img {' '.join(attrs)}></picture>"
    )


# --- making the files ---------------------------------------------------------------------------

_MADE: dict[tuple, bytes] = {}
_OPENED: dict[str, PILImage.Image] = {}


def render(v: Variant, root: Path) -> bytes:
    """The bytes of one published file (made once per build process, then kept)."""
    key = (v.source.digest if v.source else "drawn", v.role, v.width, v.height, v.ext)
    if key not in _MADE:
        _MADE[key] = _make(v, root)
    return _MADE[key]


def _source(img: Image | None, root: Path) -> PILImage.Image:
    if img is None:
        return default_icon()
    if img.digest not in _OPENED:
        if len(_OPENED) > 16:
            _OPENED.clear()
        with PILImage.open(root / img.src) as im:
            im = ImageOps.exif_transpose(im)  # a phone photo the right way up
            _OPENED[img.digest] = im.convert("RGBA" if img.alpha else "RGB")
    return _OPENED[img.digest]


def _make(v: Variant, root: Path) -> bytes:
    im = _source(v.source, root)
    out = io.BytesIO()
    if v.ext == "ico":
        square = _square(im, 0.0, None)
        square.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
        return out.getvalue()
    if v.role == "touch":
        # iOS fills transparency with black: a white tile with a margin, like a printed card
        _square(im, 0.12, (255, 255, 255)).resize((v.width, v.height), PILImage.LANCZOS).save(
            out, format="PNG", optimize=True
        )
        return out.getvalue()
    if ROLES[v.role].square and im.width != im.height:
        side = min(im.size)
        left, top = (im.width - side) // 2, (im.height - side) // 3  # faces sit high
        im = im.crop((left, top, left + side, top + side))
    small = im.resize((v.width, v.height), PILImage.LANCZOS)
    if v.ext == "webp":
        small.save(out, format="WEBP", quality=80, method=4)
    elif v.ext == "png":
        small.save(out, format="PNG", optimize=True)
    else:
        small.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def _square(im: PILImage.Image, margin: float, fill: tuple[int, int, int] | None) -> PILImage.Image:
    """The image centred on a square canvas (transparent, or `fill`), with a margin around it."""
    side = max(im.size)
    side = round(side / (1 - 2 * margin)) if margin else side
    canvas = PILImage.new("RGBA", (side, side), (*fill, 255) if fill else (0, 0, 0, 0))
    src = im.convert("RGBA")
    canvas.alpha_composite(src, ((side - im.width) // 2, (side - im.height) // 2))
    return canvas if fill is None else canvas.convert("RGB")


def default_icon(color: tuple[int, int, int] = (11, 95, 102)) -> PILImage.Image:
    """The icon of a site with neither a logo nor a theme icon: a calm disc with a rising sun."""
    size = 512
    im = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=110, fill=(*color, 255))
    d.pieslice((116, 176, 396, 456), 180, 360, fill=(255, 236, 200, 255))
    d.rectangle((96, 318, 416, 346), fill=(255, 255, 255, 255))
    return im


_THEME_ICONS: dict[tuple, Image | None] = {}


def theme_icon(theme_paths: list[Path], root: Path) -> Image | None:
    """`icon.png` of the nearest theme in the chain that has one (child first)."""
    for folder in theme_paths:
        path = folder / "icon.png"
        if not path.is_file() or not path.is_relative_to(root):
            continue
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in _THEME_ICONS:
            found = read_source(path.relative_to(root).as_posix(), root)
            _THEME_ICONS[key] = found if isinstance(found, Image) else None
        if _THEME_ICONS[key] is not None:
            return _THEME_ICONS[key]
    return None
