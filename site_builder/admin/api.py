"""Decap CMS's local back-end protocol, spoken by our own server (the `proxy` back end that Decap's
`decap-server` speaks too): one POST of {action, params} per operation, JSON back.

We speak it ourselves rather than run decap-server so the editor is one process on one address
(no second port, no Node.js while editing, `connect-src 'self'`), and so every save goes through
our writer (store.py) and comes back with the problems the preview found in it. Besides
decap-server's parameters, a save and a delete carry `versions` — {path: the content hash the
editor loaded} — which our admin.js adds; a save without them is refused, never guessed at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .store import Refused, Store

#: Called after a save with the paths saved and those of them written: waits for the preview's
#: rebuild of the written ones and returns the problems in all (app.py), shown beside the form.
AfterWrite = Callable[[list[str], list[str]], list[dict[str, Any]]]


def handle(
    store: Store, body: dict[str, Any], after_write: AfterWrite | None = None
) -> tuple[int, Any]:
    action = body.get("action")
    params = body.get("params") or {}
    if not isinstance(params, dict):
        return 422, {"error": "params must be a block of keys"}
    try:
        return 200, _dispatch(store, str(action), params, after_write)
    except Refused as exc:
        return exc.status, {"error": str(exc)}
    except (KeyError, TypeError, ValueError) as exc:
        return 422, {"error": f"the editor sent a request site-builder cannot read ({exc})"}


def _dispatch(store: Store, action: str, p: dict[str, Any], after_write: AfterWrite | None) -> Any:
    if action == "info":
        return {"repo": store.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        return store.entries(str(p["folder"]), str(p.get("extension", "")), int(p.get("depth", 1)))
    if action == "entriesByFiles":
        return [store.entry(str(f["path"])) for f in p["files"]]
    if action == "getEntry":
        return store.entry(str(p["path"]))
    if action == "persistEntry":
        return _persist(store, p, after_write)
    if action == "getMedia":
        return store.media(str(p["mediaFolder"]))
    if action == "getMediaFile":
        return store.media_file(str(p["path"]))
    if action == "persistMedia":
        asset = p["asset"]
        return store.save_media(
            str(asset["path"]), str(asset["content"]), asset.get("encoding", "")
        )
    if action in ("deleteFile", "deleteFiles"):
        paths = [str(p["path"])] if action == "deleteFile" else [str(x) for x in p["paths"]]
        versions = p.get("versions") or {}
        for path in paths:
            store.delete(path, versions.get(path))
        problems = after_write(paths, paths) if after_write else []
        return {"message": f"deleted {', '.join(paths)}", "problems": problems}
    if action == "getDeployPreview":
        return None
    raise Refused(f"site-builder serve does not do '{action}'", 422)


def _persist(store: Store, p: dict[str, Any], after_write: AfterWrite | None) -> dict[str, Any]:
    options = p.get("options") or {}
    new = bool(options.get("newEntry"))
    versions = p.get("versions")
    data_files = p.get("dataFiles") or [p["entry"]]
    if versions is None and not new:
        raise Refused(
            "this editor did not say which version it changed, so nothing was saved: reload the page"
        )
    for asset in p.get("assets") or ():  # pictures added in the form are saved first
        store.save_media(str(asset["path"]), str(asset["content"]), asset.get("encoding", ""))
    saved: dict[str, str] = {}
    written: list[str] = []  # (a save that changes nothing writes nothing, and waits for nothing)
    for f in data_files:
        if f.get("newPath"):
            raise Refused("moving a page to a new address is not supported: make a new page")
        loaded = (versions or {}).get(f["path"])
        path, version = store.save(str(f["path"]), str(f["raw"]), loaded, new)
        saved[path] = version
        if new or version != loaded:
            written.append(path)
    problems = after_write(list(saved), written) if after_write else []
    return {"message": "entry persisted", "versions": saved, "problems": problems}
