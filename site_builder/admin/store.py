"""The files Decap may read and write, and how a save is written safely.

- Only pages (`content/**.md`), files beside them (pictures, PDFs) and pictures in the media folder
  (`images/`) are read or written, and only inside the project (no `..`, no symbolic link out);
  centers are blocks of centers.yaml (centers_store.py).
- A page's save changes its front matter through ruamel.yaml (yamledit.py: comments, order and
  quoting kept) and its text only where the text changed.
- Every save names the version the editor loaded (the content hash Decap was given): when the file
  changed since (another editor, a text editor), the save is refused with a plain message, never
  written over. One lock orders saves, so two at once are compared one after the other.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..content import FRONT_MATTER, SERVICES_DIR
from ..languages import DEFAULT, known
from ..schema import Record
from . import centers_store, yamledit
from .centers_store import CannotEdit
from .config import CENTERS_FOLDER, MEDIA_FOLDER, SERVICE_ONLY, TRANSLATION_ONLY

MEDIA_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg", ".pdf")
MAX_UPLOAD = 10_000_000  # bytes: the image pipeline refuses larger pictures anyway
_FRONT = re.compile(r"\A---\n(.*?)^---[ \t]*\n?", re.S | re.M)


class Refused(Exception):
    """A save or read that is not allowed or would lose someone's work (message for the editor)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.lock = threading.Lock()

    # --- paths ---------------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        """The file at project-relative `rel`, if Decap may touch it."""
        rel = rel.replace("\\", "/").lstrip("/")
        parts = rel.split("/")
        if not rel or any(p in ("", ".", "..") for p in parts) or "\x00" in rel:
            raise Refused(f"'{rel}' is not a file the editor may change", 403)
        top, suffix = parts[0], Path(rel).suffix.lower()
        allowed = (top == "content" and (suffix == ".md" or suffix in MEDIA_TYPES)) or (
            top == MEDIA_FOLDER and suffix in MEDIA_TYPES
        )
        if not allowed or any(p.startswith(".") for p in parts):
            raise Refused(f"'{rel}' is not a file the editor may change", 403)
        path = self.root / rel
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise Refused(f"'{rel}' leads out of the project", 403)
        return path

    # --- reading -------------------------------------------------------------------------------

    def entries(self, folder: str, extension: str, depth: int) -> list[dict[str, Any]]:
        folder = folder.strip("/")
        if folder == CENTERS_FOLDER:
            return [centers_store.entry(b) for b in self._centers().blocks]
        base = self.root / folder
        if not base.is_dir():
            return []
        out = []
        for path in sorted(base.rglob(f"*.{extension}" if extension else "*")):
            rel = path.relative_to(self.root).as_posix()
            if len(path.relative_to(base).parts) > max(depth, 1) or not path.is_file():
                continue
            try:
                out.append(self.entry(rel))
            except Refused:
                continue
        return out

    def entry(self, rel: str) -> dict[str, Any]:
        if rel.startswith(CENTERS_FOLDER + "/"):
            block = self._centers().find(_center_slug(rel))
            if block is None:
                return {"data": None, "file": {"path": rel, "id": None}}
            return centers_store.entry(block)
        path = self.path(rel)
        if not path.is_file():
            return {"data": None, "file": {"path": rel, "id": None}}
        data = path.read_bytes()
        return {"data": data.decode("utf-8", "replace"), "file": {"path": rel, "id": sha(data)}}

    def media(self, folder: str) -> list[dict[str, Any]]:
        base = self.root / folder.strip("/")
        out = []
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file() and path.suffix.lower() in MEDIA_TYPES:
                out.append(self.media_file(path.relative_to(self.root).as_posix()))
        return out

    def media_file(self, rel: str) -> dict[str, Any]:
        data = self.path(rel).read_bytes()
        return {
            "id": sha(data),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": rel,
            "name": Path(rel).name,
        }

    # --- writing -------------------------------------------------------------------------------

    def save(self, rel: str, raw: str, expected: str | None, new: bool) -> tuple[str, str]:
        """Write one entry; returns (path, its new version). `expected` is the version the editor
        loaded (None for a new entry)."""
        with self.lock:
            if rel.startswith(CENTERS_FOLDER + "/"):
                return self._save_center(rel, raw, expected, new)
            path = self.path(rel)
            old = path.read_bytes() if path.exists() else None
            _check(rel, old and sha(old), expected, new)
            base = "" if old is None else old.decode("utf-8")
            text = merge_page(base, raw, page_record(rel))  # a new page: empty fields left out
            data = text.encode("utf-8")
            if old != data:
                _write(path, data)
            return rel, sha(data)

    def save_media(self, rel: str, content: str, encoding: str) -> dict[str, Any]:
        data = base64.b64decode(content) if encoding == "base64" else content.encode()
        if len(data) > MAX_UPLOAD:
            raise Refused(f"'{Path(rel).name}' is larger than 10 MB: make it smaller first", 413)
        with self.lock:
            path = self.path(rel)
            if path.exists() and path.read_bytes() != data:
                raise Refused(
                    f"a different file named '{path.name}' is already in {path.parent.name}/: "
                    "rename yours and upload it again"
                )
            _write(path, data)
        return self.media_file(rel)

    def delete(self, rel: str, expected: str | None) -> None:
        with self.lock:
            if rel.startswith(CENTERS_FOLDER + "/"):
                idx = self._centers()
                block = idx.find(_center_slug(rel))
                if block is None:
                    return
                _check(rel, block.version, expected, False)
                _write(self.root / "centers.yaml", centers_store.removed(idx, block).encode())
                return
            path = self.path(rel)
            if not path.exists():
                return
            if path.suffix == ".md":  # a picture has no editor's version: it is never edited
                _check(rel, sha(path.read_bytes()), expected, False)
            path.unlink()

    def version(self, rel: str) -> str | None:
        if rel.startswith(CENTERS_FOLDER + "/"):
            block = self._centers().find(_center_slug(rel))
            return block.version if block else None
        path = self.path(rel)
        return sha(path.read_bytes()) if path.is_file() else None

    # --- centers -------------------------------------------------------------------------------

    def _centers(self) -> centers_store.Index:
        path = self.root / "centers.yaml"
        text = path.read_text(encoding="utf-8") if path.is_file() else "centers:\n"
        try:
            return centers_store.index(text)
        except CannotEdit as exc:
            raise Refused(str(exc)) from exc

    def _save_center(self, rel: str, raw: str, expected: str | None, new: bool) -> tuple[str, str]:
        idx = self._centers()
        slug = _center_slug(rel)
        block = idx.find(slug)
        _check(rel, block.version if block else None, expected, new)
        try:
            text = centers_store.updated(idx, block, centers_store.parse_form(raw))
        except (CannotEdit, ValueError) as exc:
            raise Refused(str(exc)) from exc
        if text != "".join(idx.lines):
            _write(self.root / "centers.yaml", text.encode("utf-8"))
        after = centers_store.index(text)
        saved = after.find(slug) or (after.blocks[-1] if new and after.blocks else None)
        return (saved.path, saved.version) if saved else (rel, "")


def _center_slug(rel: str) -> str:
    return rel[len(CENTERS_FOLDER) + 1 :].removesuffix(".json")


def _check(rel: str, current: str | None, expected: str | None, new: bool) -> None:
    """Refuse a save that would overwrite work the editor has not seen."""
    name = rel.rsplit("/", 1)[-1]
    if new and current is not None:
        raise Refused(
            f"'{name}' already exists: give the new one another title, or open the one there"
        )
    if not new and current is not None and expected != current:
        raise Refused(
            f"'{name}' was changed by someone else after you opened it. Your changes are not "
            "saved: copy them, reload the page to see the new version, then make them again"
        )
    if not new and current is None and expected:
        raise Refused(f"'{name}' was deleted by someone else after you opened it", 410)


def _write(path: Path, data: bytes) -> None:
    """Atomically: the watcher never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".decap-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- pages -----------------------------------------------------------------------------------------


def page_record(rel: str) -> Record:
    """The front matter fields the page's collection shows (config.collections): others are kept."""
    parts = rel.split("/")
    translated = len(parts) > 2 and parts[1] in known() and parts[1] != DEFAULT
    service = parts[-2] == SERVICES_DIR
    hidden = (() if service else SERVICE_ONLY) + (() if translated else TRANSLATION_ONLY)
    return Record(
        FRONT_MATTER.name, {k: v for k, v in FRONT_MATTER.fields.items() if k not in hidden}
    )


def split(text: str) -> tuple[str | None, str]:
    """(front matter text or None, body)."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    m = _FRONT.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


def merge_page(old: str, raw: str, record: Record) -> str:
    """The page as saved: the old front matter changed only where the form differs, and the old
    text kept unless the text was edited."""
    old_front, old_body = split(old)
    new_front, new_body = split(raw)
    front_text = old_front
    if new_front is not None:
        new_data = yamledit.yaml_rt().load(new_front) or {}
        doc, style = yamledit.load(old_front or "")
        if doc is None:
            doc = yamledit.fresh({}, None)
        if yamledit.apply(doc, dict(new_data), record):
            front_text = yamledit.dump(doc, style)
    head = f"---\n{front_text}---\n" if front_text is not None else ""
    return head + _body(old_body, new_body)


def _body(old: str, new: str) -> str:
    if new.strip("\n") == old.strip("\n"):
        return old
    lead = old[: len(old) - len(old.lstrip("\n"))]
    tail = old[len(old.rstrip("\n")) :] or "\n"
    return lead + new.strip("\n") + tail
