"""The local web app (``legalcheck serve``): Starlette routes, the privacy guard, errors without tracebacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import api, pages, plan_pages
from .security import BodyTooLarge, Guard, allowed_hosts
from .state import AppState, WebConfig

STATIC = Path(__file__).parent / "static"


def routes() -> list[Any]:
    return [
        Route("/", pages.home),
        Route("/new", pages.new_page, methods=["GET", "POST"]),
        Route("/check", pages.check_page, methods=["POST"]),
        Route("/result", pages.result_page, methods=["POST"]),
        Route("/download/{fmt}", pages.download, methods=["POST"]),
        Route("/plan", plan_pages.plan_page),
        Route("/plan/upload", plan_pages.plan_upload, methods=["POST"]),
        Route("/plan/template.xlsx", plan_pages.plan_template),
        Route("/plan/jobs/{job}", plan_pages.plan_job),
        Route("/plan/jobs/{job}/results.{fmt}", plan_pages.plan_download),
        Route("/screen", pages.screen_page),
        Route("/about", pages.about_page),
        Route("/api/check", api.api_check, methods=["POST"]),
        Route("/api/plan", api.api_plan, methods=["POST"]),
        Route("/api/screen", api.api_screen),
        Route("/api/health", api.api_health),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]


async def _internal_error(request: Request, exc: Exception) -> Response:
    """Never a traceback: a short message, and nothing about the input is logged."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"errors": [{"message": f"internal error ({type(exc).__name__}); please report it"}]},
                            status_code=500)
    return PlainTextResponse(f"legalcheck: internal error ({type(exc).__name__}); please report it", status_code=500)


async def _too_large(request: Request, exc: Exception) -> Response:
    """A body without a Content-Length (chunked) that grows past the limit while a route reads it: 413, as a
    declared length over the limit gets from the guard (it was a 500 "internal error" caught by the route)."""
    return PlainTextResponse(str(exc), status_code=413)


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Not found", status_code=404)


def create_app(config: WebConfig | None = None) -> Any:
    """The ASGI app: rules, lists and the screening index are loaded here, once."""
    from starlette.formparsers import MultiPartParser

    from ..limits import MAX_REQUEST_BYTES

    # Uploaded files stay in memory (the body limit bounds them) instead of spilling to a temporary file on disk.
    MultiPartParser.spool_max_size = MAX_REQUEST_BYTES
    config = config or WebConfig()
    state = AppState(config)
    app = Starlette(routes=routes(), exception_handlers={Exception: _internal_error, 404: _not_found,
                                                           BodyTooLarge: _too_large})
    app.state.legalcheck = state
    hosts = set(config.hosts) if config.hosts is not None else allowed_hosts(config.host, config.port)
    return Guard(app, hosts=hosts, token=config.token)
