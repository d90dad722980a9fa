"""The one URL helper every link goes through, so a site works at a domain root, under a base path,
and (later) in a language folder."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit


class Urls:
    def __init__(
        self,
        base_url: str,
        base_path: str | None = None,
        language_prefix: str = "",
        paths: Mapping[str, str] | None = None,
    ) -> None:
        """`paths`: page id → its folder where a translated page has its own slug."""
        self.paths = paths or {}
        self.base_url = base_url or "/"
        path = base_path if base_path is not None else (urlsplit(base_url).path or "/")
        self.base_path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
        self.language_prefix = (
            language_prefix.strip("/") + "/" if language_prefix.strip("/") else ""
        )

    @staticmethod
    def page_path(page_id: str) -> str:
        """Site-relative folder of a page id: 'index' → '', 'services/iop' → 'services/iop/'."""
        return "" if page_id == "index" else page_id.removesuffix("/index") + "/"

    def _path(self, page_id: str) -> str:
        return self.paths.get(page_id) or self.page_path(page_id)

    def page(self, page_id: str, anchor: str = "") -> str:
        return (
            self.base_path
            + self.language_prefix
            + self._path(page_id)
            + (f"#{anchor}" if anchor else "")
        )

    def file(self, rel: str) -> str:
        return self.base_path + rel.lstrip("/")

    def absolute(self, page_id: str) -> str:
        root = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return root + self.language_prefix + self._path(page_id)

    def site_root(self) -> str:
        """The site's own address, whatever the language: the one organization and website."""
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"
