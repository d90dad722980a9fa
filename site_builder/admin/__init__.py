"""Editing in the browser: Decap CMS at /admin/ in `site-builder serve` (app.py) and built into
`output/admin/` for publishing (publish.py), configured from the schema (config.py), saving through
a writer that keeps everything else in the files (store.py, centers_store.py, yamledit.py)."""
