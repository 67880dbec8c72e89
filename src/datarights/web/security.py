"""Access control and request hygiene, in one middleware and one dependency.

- **Host check**: on loopback only `localhost`/`127.0.0.1`/`[::1]` Host headers are
  served, so a DNS-rebinding page cannot reach the app under its own name.
- **Token**: with a token configured every route but `/login`, `/static` and
  `/healthz` needs `Authorization: Bearer TOKEN` or the signed session cookie that
  `/login` (or `?token=` once) sets. Tokens are compared in constant time.
- **Cross-site requests**: unsafe methods with an `Origin` other than our own,
  or `Sec-Fetch-Site: cross-site`, are refused (403) before any handler runs.
- **CSRF on forms**: signed double-submit. The `dr_csrf` cookie holds
  `nonce.HMAC(secret, nonce)`; every form carries the same value in `csrf_token`,
  and `require_csrf` checks both match and the signature holds.
- **Body limit**: a request body past the upload limit is cut off with 413, whether
  or not it declared a Content-Length.
- **Headers**: a CSP that allows only our own scripts and styles, no framing,
  no referrer to other sites, no caching of pages that show contract text.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from datarights.errors import megabytes
from datarights.web.errors import FILE_TOO_LARGE_HINT, UploadTooLarge, error_response
from datarights.web.headers import add_security_headers
from datarights.web.settings import Settings

log = logging.getLogger(__name__)

SESSION_COOKIE = "dr_session"
CSRF_COOKIE = "dr_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
PUBLIC_PREFIXES = ("/static/", "/login", "/healthz")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MULTIPART_SLACK = 256 * 1024  # form fields and part headers around the file


def _sign(secret: bytes, purpose: str, value: str) -> str:
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def session_value(settings: Settings) -> str:
    """The session cookie: proves the token was presented, without containing it."""
    assert settings.token is not None
    return _sign(settings.secret, "session", hashlib.sha256(settings.token.encode()).hexdigest())


def new_csrf(settings: Settings) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(settings.secret, 'csrf', nonce)}"


def csrf_valid(settings: Settings, value: str | None) -> bool:
    if not value or "." not in value:
        return False
    nonce, _, signature = value.rpartition(".")
    return hmac.compare_digest(signature, _sign(settings.secret, "csrf", nonce))


def token_matches(settings: Settings, presented: str | None) -> bool:
    if settings.token is None or not presented:
        return False
    return hmac.compare_digest(presented.encode(), settings.token.encode())


def authenticated(request: Request, settings: Settings) -> bool:
    if settings.token is None:
        return True
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token_matches(settings, credentials.strip()):
        return True
    cookie = request.cookies.get(SESSION_COOKIE)
    return bool(cookie) and hmac.compare_digest(cookie or "", session_value(settings))


def cross_site(request: Request) -> bool:
    """An unsafe request a browser sent on behalf of another site."""
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser (curl, scripts) or a same-origin GET
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


def set_session_cookie(response: Response, settings: Settings) -> None:
    response.set_cookie(SESSION_COOKIE, session_value(settings), httponly=True, samesite="strict", path="/")


def _without_token(request: Request) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


Handler = Callable[[Request], Awaitable[Response]]


def guard(settings: Settings) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The HTTP middleware: host, cross-site, token, CSRF cookie, headers, one log line."""

    async def middleware(request: Request, call_next: Handler) -> Response:
        started = time.perf_counter()
        response = await _checked(request, call_next)
        add_security_headers(response.headers)
        if response.media_type in (None, "text/html") or request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        # Paths name documents by hash and versions by id; queries are left out (they may hold a token).
        log.info(
            "%s %s status=%d ms=%.1f",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    async def _checked(request: Request, call_next: Handler) -> Response:
        path = request.url.path
        request.state.signed_in = False
        if not settings.host_allowed(request.headers.get("host", "")):
            return error_response(request, 400, "BadHost", "this server answers only to its own host name")
        if request.method not in SAFE_METHODS and cross_site(request):
            return error_response(request, 403, "CrossSite", "cross-site requests are refused")
        if not path.startswith(PUBLIC_PREFIXES) and not authenticated(request, settings):
            presented = request.query_params.get("token")
            if request.method == "GET" and token_matches(settings, presented):
                redirect = RedirectResponse(_without_token(request), status_code=303)
                set_session_cookie(redirect, settings)
                return redirect
            if request.method == "GET" and not path.startswith("/api"):
                return RedirectResponse("/login?" + urlencode({"next": path}), status_code=303)
            return error_response(
                request,
                401,
                "Unauthorized",
                "an access token is required",
                "send 'Authorization: Bearer TOKEN', or sign in at /login",
                headers={"WWW-Authenticate": "Bearer"},
            )
        request.state.signed_in = settings.token is not None and authenticated(request, settings)
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = None if csrf_valid(settings, cookie) else new_csrf(settings)
        request.state.csrf = fresh or cookie
        request.state.csrf_from_cookie = fresh is None
        response = await call_next(request)
        if fresh is not None:
            response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response

    return middleware


async def require_csrf(request: Request) -> None:
    """Dependency for form posts: the form's token must equal the signed cookie."""
    settings: Settings = request.app.state.settings
    form = await request.form()
    presented = form.get(CSRF_FIELD)
    if not isinstance(presented, str):
        presented = request.headers.get(CSRF_HEADER)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (
        presented
        and cookie
        and request.state.csrf_from_cookie
        and hmac.compare_digest(presented, cookie)
        and csrf_valid(settings, cookie)
    ):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page and try again")


class BodyLimit:
    """Pure ASGI middleware: refuse bodies over `limit` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int, shown_limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        # The limit people set: `limit` adds slack for the form around the file.
        self.shown_limit = limit if shown_limit is None else shown_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            request = Request(scope)
            response = error_response(
                request,
                413,
                "FileTooLarge",
                f"the upload is over the {megabytes(self.shown_limit)} MB limit",
                FILE_TOO_LARGE_HINT,
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise UploadTooLarge(f"the upload is over the {megabytes(self.shown_limit)} MB limit")
            return message

        await self.app(scope, limited, send)
