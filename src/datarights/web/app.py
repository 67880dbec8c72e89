"""The web app: `create_app(settings)` builds a FastAPI app with server-rendered pages
and a JSON API over the same actions.

    routers/auth.py        /login /logout /healthz
    routers/documents.py   / (upload or pick), /documents/{sha256}, /api/documents…
    routers/portfolio.py   /portfolio, /api/portfolio
    routers/versions.py    /counterparties/{name}, /diff, /api/counterparties…, /api/diff, /api/alerts,
                           /api/stack-alerts
    routers/stacks.py      /counterparties/{name}/stack, /api/counterparties/{name}/stack
    routers/meta.py        /api (endpoint list), /api/openapi.json

Security is in `security.py`, the one error shape in `errors.py`; pages render
contract text only through autoescaped Jinja templates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path, PurePath

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from datarights import __version__
from datarights.web import errors, view
from datarights.web.pages import error_page
from datarights.web.security import MULTIPART_SLACK, BodyLimit, guard
from datarights.web.settings import Settings
from datarights.web.workspace import Workspace

HERE = Path(__file__).parent


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its suffix: contract text is untrusted
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.globals["version"] = __version__
    env.filters["pct"] = lambda value: f"{float(value) * 100:.0f}%"
    env.filters["codeify"] = view.codeify
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.filters["basename"] = lambda value: PurePath(str(value)).name if value else ""  # no server folders
    return templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.check()
    workspace = Workspace(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        workspace.close()

    app = FastAPI(
        title="datarights",
        version=__version__,
        description=(
            "What your AI contracts let a provider do with your data: upload a contract, read its "
            "answers and assessment, download reports and redlines, browse the register. "
            "Errors share one shape (`ErrorBody`). When the server has an access token, send "
            "`Authorization: Bearer TOKEN`."
        ),
        # The bundled Swagger/ReDoc pages load assets from a CDN; /api lists the endpoints offline instead.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.workspace = workspace
    app.state.templates = _templates()
    app.state.error_page = error_page
    errors.install(app)

    from datarights.web.routers import auth, documents, meta, portfolio, stacks, versions

    # stacks before versions: its `/counterparties/{name}/stack` would otherwise be read as a name.
    for module in (auth, documents, portfolio, stacks, versions, meta):
        app.include_router(module.pages)
        app.include_router(module.api)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # BodyLimit sits inside the guard: its error raised while the route reads the body must not
    # cross BaseHTTPMiddleware's task group (which would wrap it), and auth is checked first.
    app.add_middleware(
        BodyLimit, limit=settings.max_upload_bytes + MULTIPART_SLACK, shown_limit=settings.max_upload_bytes
    )
    app.middleware("http")(guard(settings))
    return app
