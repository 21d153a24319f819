"""Serve the built React apps: the user app at / and the admin dashboard at /admin.

Both are single-page apps, so unknown paths fall back to their index.html.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse

from opentok.core.config import REPO_ROOT

FRONTEND_DIST = REPO_ROOT / "frontend" / "dist"
ADMIN_DIST = REPO_ROOT / "admin" / "dist"

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>OpenTok</title>
<h1>OpenTok is running</h1><p>The {name} has not been built yet (<code>make run</code> builds it).</p>
<p>API docs: <a href="/docs">/docs</a></p>"""


def _spa(dist: Path, rel: str, name: str) -> FileResponse | HTMLResponse:
    if not (dist / "index.html").is_file():
        return HTMLResponse(_NOT_BUILT.format(name=name))
    candidate = (dist / rel).resolve()
    if rel and candidate.is_relative_to(dist.resolve()) and candidate.is_file():
        return FileResponse(candidate)
    return FileResponse(dist / "index.html", headers={"Cache-Control": "no-cache"})


def mount_frontends(app: FastAPI) -> None:
    @app.get("/admin", include_in_schema=False, response_model=None)
    @app.get("/admin/{rel:path}", include_in_schema=False, response_model=None)
    def admin_app(rel: str = "") -> FileResponse | HTMLResponse:
        return _spa(ADMIN_DIST, rel, "admin dashboard")

    @app.get("/{rel:path}", include_in_schema=False, response_model=None)
    def user_app(rel: str = "") -> FileResponse | HTMLResponse:
        return _spa(FRONTEND_DIST, rel, "user app")
