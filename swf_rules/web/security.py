"""The server's guards, as one ASGI middleware in front of everything (docs/web.md, "Security").

- **Host**: without a token the server answers only to the host names it listens on (``localhost``,
  ``127.0.0.1``, ``[::1]`` and ``--allow-host``), so a web page elsewhere cannot reach it by DNS rebinding.
- **Token**: with ``--token`` (required to listen beyond this computer) every request needs
  ``Authorization: Bearer TOKEN`` or the workbench's cookie, which opening ``/?token=TOKEN`` once sets.  Tokens
  are compared in constant time; the cookie holds an HMAC of the token, never the token.
- **Size**: a body larger than the limit is refused (413) from its ``Content-Length`` or, without one, as soon as
  the bytes read pass the limit.
- **CSRF**: every POST/PUT/DELETE of the workbench's pages, and every request that changes a file (saving a
  regulation), must carry the form token bound to the browser's session cookie (form field ``csrf`` or header
  ``X-CSRF-Token``; a form uploading files, ``multipart/form-data``, names it in its address, ``?csrf=``) and,
  when the browser sends one, an ``Origin`` of this server.  A request authenticated by a
  bearer token is not forgeable by another site and needs none.  The API's computing endpoints change nothing on
  the server and need none.
- **Headers**: a Content-Security-Policy allowing only this server's own scripts (no CDN is ever used), no
  sniffing, no framing by other sites, no referrer, no caching of answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs, urlencode

from ..core.errors import InputError, make_problem
from ._http import problems_body, status_of

SESSION = "swf_session"
AUTH = "swf_auth"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class TooLarge(InputError):
    """The body passed the size limit while it was read."""


def csrf_token(secret: bytes, session: str) -> str:
    return hmac.new(secret, b"csrf:" + session.encode(), hashlib.sha256).hexdigest()


def auth_cookie(secret: bytes, token: str) -> str:
    return hmac.new(secret, b"auth:" + token.encode(), hashlib.sha256).hexdigest()


def changes_files(method: str, path: str) -> bool:
    """Requests that write on the server: saving a regulation."""
    return method in ("PUT", "POST", "DELETE") and path.startswith("/api/v1/regulations/")


class Guard:
    def __init__(self, app: Any, *, secret: bytes, token: str | None, max_body: int, hosts: set[str]):
        self.app = app
        self.secret = secret
        self.token = token
        self.max_body = max_body
        self.hosts = {h.lower() for h in hosts} | LOCAL_HOSTS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        method, path = scope["method"], scope["path"]
        new_session = None
        session = cookies.get(SESSION, "")
        if not (16 <= len(session) <= 64 and session.replace("-", "").replace("_", "").isalnum()):
            session = new_session = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["session"] = session
        scope["state"]["csrf"] = csrf_token(self.secret, session)

        async def send_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                h = list(message.get("headers", []))
                for k, v in (("x-content-type-options", "nosniff"), ("x-frame-options", "SAMEORIGIN"),
                             ("referrer-policy", "no-referrer"), ("content-security-policy", CSP),
                             ("cache-control", "no-store")):
                    if not any(x[0].lower() == k.encode() for x in h):
                        h.append((k.encode(), v.encode()))
                if new_session is not None:
                    h.append((b"set-cookie", f"{SESSION}={new_session}; Path=/; HttpOnly; SameSite=Strict"
                              .encode()))
                message = {**message, "headers": h}
            await send(message)

        refusal = self._refusal(scope, headers, cookies, method, path)
        if refusal is not None:
            code, params, extra = refusal
            await _problem(send_headers, code, params, extra)
            return
        if self.token is not None and method == "GET" and "token" in parse_qs(scope.get("query_string", b"")
                                                                               .decode("latin-1")):
            await self._login_redirect(scope, send_headers)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _problem(send_headers, "request-too-large", {"limit": self.max_body})
            return
        receive = self._bounded(receive)
        try:
            if method in UNSAFE and self._needs_csrf(method, path, headers):
                given = headers.get("x-csrf-token")
                ctype = headers.get("content-type", "")
                if given is None and ctype.startswith("multipart/form-data"):
                    # a form that uploads files names its token in its address: the upload is not read twice
                    given = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("csrf") or [None])[0]
                elif given is None and ctype.startswith("application/x-www-form-urlencoded"):
                    body, receive = await _buffered(receive)
                    given = (parse_qs(body.decode("utf-8", errors="replace")).get("csrf") or [None])[0]
                if not (SESSION in cookies and given and hmac.compare_digest(given, scope["state"]["csrf"])):
                    await _problem(send_headers, "csrf-failed", {})
                    return
            await self.app(scope, receive, send_headers)
        except TooLarge as e:
            await _problem(send_headers, e.problems[0].code, {"limit": self.max_body})

    def _refusal(self, scope: Scope, headers: dict[str, str], cookies: dict[str, str], method: str,
                 path: str) -> tuple[str, dict[str, Any], dict[str, str]] | None:
        if self.token is None:
            host = headers.get("host", "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.hosts:
                return "host-not-allowed", {"value": name[:100]}, {}
        if method in UNSAFE:
            origin = headers.get("origin")
            if origin is not None and origin != "null" and origin.split("://", 1)[-1].lower() != \
                    headers.get("host", "").lower():
                return "csrf-failed", {}, {}
        if self.token is not None and not path.startswith("/static/") and path != "/login":
            if not self._authenticated(headers, cookies) and "token" not in parse_qs(
                    scope.get("query_string", b"").decode("latin-1")):
                return "unauthorized", {}, {"www-authenticate": "Bearer"}
        return None

    def _authenticated(self, headers: dict[str, str], cookies: dict[str, str]) -> bool:
        assert self.token is not None
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].encode(), self.token.encode()):
            return True
        return hmac.compare_digest(cookies.get(AUTH, ""), auth_cookie(self.secret, self.token))

    def _needs_csrf(self, method: str, path: str, headers: dict[str, str]) -> bool:
        if self.token is not None and headers.get("authorization", "").startswith("Bearer "):
            return False  # checked above; a bearer header cannot be forged by another site
        return not path.startswith("/api/") or changes_files(method, path)

    async def _login_redirect(self, scope: Scope, send: Send) -> None:
        assert self.token is not None
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.pop("token", None) or [""])[0]
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            await _problem(send, "unauthorized", {}, {"www-authenticate": "Bearer"})
            return
        rest = urlencode({k: v[0] for k, v in query.items()})
        location = "/" + scope["path"].lstrip("/") + ("?" + rest if rest else "")  # never //host: no open redirect
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", location.encode()),
            (b"set-cookie", f"{AUTH}={auth_cookie(self.secret, self.token)}; Path=/; HttpOnly; SameSite=Strict"
             .encode())]})
        await send({"type": "http.response.body", "body": b""})

    def _bounded(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge([make_problem("request-too-large", limit=limit)])
            return message
        return wrapped


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole body (already bounded) and hand the app a receive that replays it."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return body, replay


async def _problem(send: Send, code: str, params: dict[str, Any], extra: dict[str, str] | None = None) -> None:
    problems = [make_problem(code, **params)]
    body = problems_body(problems)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status_of(problems), "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _cookies(header: str) -> dict[str, str]:
    c: SimpleCookie = SimpleCookie()
    try:
        c.load(header)
    except Exception:  # a malformed cookie header is treated as no cookie
        return {}
    return {k: m.value for k, m in c.items()}


__all__ = ["AUTH", "CSP", "Guard", "SESSION", "auth_cookie", "changes_files", "csrf_token"]
