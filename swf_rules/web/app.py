"""The web application: the API of :mod:`.openapi`'s table, the workbench's pages, the shipped assets, and the
handlers that turn every error into the project's problems (JSON for the API, a page for the workbench).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..core.errors import InputError, SwfError, UsageError, make_problem
from ._http import error_response, raw
from ._work import Runner
from .openapi import ENDPOINTS, document_json
from .security import Guard
from .workspace import Workspace

HERE = Path(__file__).resolve().parent
log = logging.getLogger("swf_rules.web")


@dataclass
class Settings:
    """How the server runs (``swf-rules serve`` options)."""

    token: str | None = None
    max_request_bytes: int = 32 * 1024 * 1024
    time_limit: float = 60.0
    workers: int = 4
    queue: int = 32
    allow_hosts: tuple[str, ...] = ()


@dataclass
class WebState:
    workspace: Workspace
    settings: Settings
    runner: Runner
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await self.runner(fn, *args)


def create_app(workspace: Workspace | None = None, settings: Settings | None = None) -> Any:
    """The ASGI application (the guard in front of the Starlette app)."""
    from .routes import page_routes
    workspace = workspace or Workspace()
    settings = settings or Settings()
    state = WebState(workspace, settings, Runner(settings.workers, settings.queue, settings.time_limit))
    routes: list[BaseRoute] = [Route(e.path, e.handler, methods=[e.method]) for e in ENDPOINTS]
    routes.append(Route("/openapi.json", openapi, methods=["GET"]))
    routes += page_routes()
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            workspace.close()
            state.runner.close()

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        SwfError: on_problem, HTTPException: on_http, UsageError: on_usage, Exception: on_crash})
    app.state.web = state
    return Guard(app, secret=state.secret, token=settings.token, max_body=settings.max_request_bytes,
                 hosts=set(settings.allow_hosts))


_OPENAPI: list[str] = []


async def openapi(request: Request) -> Response:
    if not _OPENAPI:
        _OPENAPI.append(document_json())
    return raw(_OPENAPI[0])


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"


async def on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SwfError)
    if _wants_page(request):
        from .pages import error_page
        return error_page(request, exc)
    return error_response(exc)


async def on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        err = InputError([make_problem("method-not-allowed", value=request.method, allowed=allowed or "-")])
    else:
        err = InputError([make_problem("unknown-path", value=request.url.path[:200])])
    return await on_problem(request, err)


async def on_usage(request: Request, exc: Exception) -> Response:
    return await on_problem(request, InputError([make_problem("not-allowed", file="request", value=str(exc)[:300])]))


async def on_crash(request: Request, exc: Exception) -> Response:
    ref = uuid.uuid4().hex[:12]
    log.error("internal error %s on %s %s", ref, request.method, request.url.path, exc_info=exc)
    return await on_problem(request, InputError([make_problem("internal-error", value=ref)]))


__all__ = ["Settings", "WebState", "create_app"]
