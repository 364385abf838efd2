"""The dashboard page at ``/`` and its static files (plain HTML, CSS and JS; no build, no CDN).

The page only calls this worker's read-only API (``/api/trends/top``, ``/api/movies/{id}``,
``/api/predictions``) and ``/metrics``, polling every few seconds.
"""

from __future__ import annotations

from pathlib import Path

from faust import web

from trendscope.app import app

STATIC = Path(__file__).parent / "static"
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
FILES = {p.name: (p.read_bytes(), TYPES[p.suffix]) for p in STATIC.iterdir() if p.suffix in TYPES}


@app.page("/")
class Dashboard(web.View):
    async def get(self, request: web.Request) -> web.Response:
        body, content_type = FILES["index.html"]
        return self.bytes(body, content_type=content_type)


@app.page("/static/{name}")
class Static(web.View):
    """Only the files shipped in ``trendscope/web/static`` (no paths, no directory listing)."""

    async def get(self, request: web.Request, name: str) -> web.Response:
        found = FILES.get(name)
        if found is None:
            return self.json({"error": f"no static file {name!r}"}, status=404)
        return self.bytes(found[0], content_type=found[1], headers={"Cache-Control": "no-cache"})
