"""Live table inspection and health, served by the worker (Faust web, aiohttp)."""

from __future__ import annotations

from faust import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from trendscope.app import app
from trendscope.web.table_pages import BadQuery, count, page, parse_paging


@app.page("/healthz")
class Health(web.View):
    async def get(self, request: web.Request) -> web.Response:
        return self.json({"status": "ok", "app": app.conf.id})


@app.page("/metrics")
class Metrics(web.View):
    """Prometheus exposition of this worker's metrics."""

    async def get(self, request: web.Request) -> web.Response:
        return self.bytes(generate_latest(), content_type=CONTENT_TYPE_LATEST.split(";")[0])


@app.page("/readyz")
class Ready(web.View):
    """200 once table recovery has completed and no rebalance is in progress, else 503."""

    async def get(self, request: web.Request) -> web.Response:
        recovered = app.tables.recovery.completed.is_set() and not app.in_recovery
        checks = {"recovery_done": recovered, "rebalancing": bool(app.rebalancing)}
        ready = recovered and not app.rebalancing
        return self.json({"ready": ready, **checks}, status=200 if ready else 503)


@app.page("/api/tables")
class Tables(web.View):
    """Every table of this worker with the number of entries it holds locally."""

    async def get(self, request: web.Request) -> web.Response:
        tables = []
        for name, table in sorted(app.tables.items()):
            tables.append({
                "name": name,
                "size": count(iter(table.data.keys())),
                "windowed": table.is_windowed(),
                "help": table.help,
                "changelog_topic": table.changelog_topic.get_topic_name(),
            })
        return self.json({"tables": tables})


@app.page("/api/tables/{name}")
class TableContents(web.View):
    """Entries of one table held by this worker, paged: ``?limit=1..1000&offset=N``."""

    async def get(self, request: web.Request, name: str) -> web.Response:
        table = app.tables.get(name)
        if table is None:
            return self.json({"error": f"no table named {name!r}"}, status=404)
        try:
            limit, offset = parse_paging(request.query.get("limit"), request.query.get("offset"))
        except BadQuery as exc:
            return self.json({"error": str(exc)}, status=400)
        rows = page(table.data.items(), limit, offset)
        return self.json({"name": name, "offset": offset, "limit": limit, "rows": rows})


# The trends/movies/predictions API and the dashboard register their views on import.
from trendscope.web import api, dashboard  # noqa: E402,F401
