"""The centers.yaml and front-matter reference, written from the schema itself so the docs cannot
drift from what the validator accepts. `python -m site_builder.reference` prints it."""

from __future__ import annotations

from .center_schema import CENTER
from .config import SETTINGS
from .content import FRONT_MATTER
from .schema import Field, ListOf, Record


def _rows(record: Record, prefix: str = "") -> list[str]:
    rows: list[str] = []
    for name, spec in record.fields.items():
        key = f"{prefix}{name}"
        kind = spec.kind
        item = kind.item if isinstance(kind, ListOf) else None
        rows.append(
            f"| `{key}` | {kind.describe()} | {'yes' if spec.required else ''} | {_default(spec)} | {spec.doc} |"
        )
        nested = kind if isinstance(kind, Record) else item if isinstance(item, Record) else None
        if nested is not None:
            rows += _rows(nested, f"{key}{'[].' if item is not None else '.'}")
    return rows


def _default(spec: Field) -> str:
    if spec.default in (None, "", ()):
        return ""
    value = spec.default
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, tuple):
        value = ", ".join(value)
    return f"`{value}`"


def reference() -> str:
    head = "| key | value | required | default | what it is for |\n|---|---|---|---|---|"
    parts = [
        "## Every key of a center",
        head,
        *_rows(CENTER),
        "",
        "## settings:",
        head,
        *_rows(SETTINGS),
        "",
        "## Page front matter",
        head,
        *_rows(FRONT_MATTER),
    ]
    return "\n".join(parts) + "\n"


MARKER = "## Every key of a center"


def write(path: str) -> None:
    """Replace everything from MARKER on in `path` with the current reference."""
    from pathlib import Path

    doc = Path(path)
    text = doc.read_text(encoding="utf-8")
    head = text[: text.index(MARKER)] if MARKER in text else text + "\n"
    doc.write_text(head + reference(), encoding="utf-8")


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--write"]:
        write(sys.argv[2] if len(sys.argv) > 2 else "docs/centers.md")
    else:
        print(reference(), end="")
