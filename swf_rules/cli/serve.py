"""``swf-rules serve``: the committee workbench and the HTTP API on this computer (the ``web`` extra)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets

from ..core.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="the committee workbench in the browser and the HTTP API (needs the web extra)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; any other needs --token)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--regulations", metavar="DIR", default=None,
                   help="the fund's regulations folder (with cases/); default: the bundled examples, read-only")
    p.add_argument("--books", metavar="DIR", default=None,
                   help="a ledger folder, or a folder of them; default: small synthetic books per regulation")
    p.add_argument("--token", default=None,
                   help="access token required of every request (or SWF_RULES_TOKEN; 'generate' makes one)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another host name to answer to without a token (e.g. behind a reverse proxy)")
    p.add_argument("--max-request-mb", type=int, default=32, metavar="MB", help="largest request body (32)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS", help="longest piece of work (60)")
    p.add_argument("--workers", type=int, default=4, help="worker threads deciding requests (4)")
    p.set_defaults(handler=cmd_serve)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
        from ..web import Settings, Workspace, create_app
    except ImportError:
        raise UsageError("swf-rules serve needs the web extra: pip install 'swf-rules[web]'") from None
    for name, value, low in (("--workers", args.workers, 1), ("--max-request-mb", args.max_request_mb, 1),
                             ("--port", args.port, 1)):
        if value < low:
            raise UsageError(f"{name} must be at least {low}")
    if args.time_limit <= 0:
        raise UsageError("--time-limit must be more than 0 seconds")
    token = args.token or os.environ.get("SWF_RULES_TOKEN") or None
    if token == "generate":
        token = secrets.token_urlsafe(24)
    if not _loopback(args.host) and token is None:
        raise UsageError(f"--host {args.host} lets other computers in: give --token (or SWF_RULES_TOKEN), or keep "
                         "127.0.0.1 behind a reverse proxy that authenticates (docs/web.md)")
    if token is not None and len(token) < 16:
        raise UsageError("--token must be at least 16 characters (or --token generate)")
    ws = Workspace(args.regulations, args.books)
    settings = Settings(token=token, max_request_bytes=args.max_request_mb * 1024 * 1024,
                        time_limit=args.time_limit, workers=args.workers, allow_hosts=tuple(args.allow_host))
    app = create_app(ws, settings)
    shown = "localhost" if _loopback(args.host) else args.host
    url = f"http://{shown}:{args.port}/" + (f"?token={token}" if token else "")
    print(f"swf-rules: เปิดเบราว์เซอร์ที่ / open {url}", flush=True)
    print(f"  regulations: {ws.regulations_dir}{'' if ws.writable else ' (bundled, read-only)'}", flush=True)
    if args.books:
        print(f"  books: {ws.books_dir}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_keep_alive=5,
                limit_concurrency=256)
    return 0


__all__ = ["cmd_serve", "register"]
