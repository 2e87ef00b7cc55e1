"""Shared set-up of the web tests: a writable regulations folder, synthetic books, a test client, the CLI."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def regulations_dir(tmp: Path) -> Path:
    """chamung.yaml and its case file, copied (the server may write here)."""
    d = tmp / "regs"
    (d / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "regulations" / "chamung.yaml", d / "chamung.yaml")
    shutil.copy(ROOT / "regulations" / "cases" / "chamung.cases.yaml", d / "cases" / "chamung.cases.yaml")
    return d


def books_dir(tmp: Path) -> Path:
    """A folder holding one synthetic ledger of chamung (60 members, 3 years, one overpaid stay planted)."""
    from swf_rules import load_regulation
    from swf_rules.synth import ledger, write_ledger
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    d = tmp / "books"
    write_ledger(ledger(reg, seed=3, members=60, years=3, start=date(2021, 10, 1), plant={"overpaid_stay": 1}),
                 d / "chamung-books")
    return d


def client(regs: Path | None = None, books: Path | None = None, **settings: Any) -> Any:
    from starlette.testclient import TestClient
    from swf_rules.web import Settings, Workspace, create_app
    s = Settings(allow_hosts=("testserver",), **settings)
    return TestClient(create_app(Workspace(regs, books), s), raise_server_exceptions=False)


def cli(args: list[str], cwd: Path) -> tuple[int, bytes]:
    """Run ``swf-rules ARGS`` in ``cwd``: the exit code and what it printed on standard output."""
    from swf_rules.cli.main import main
    out = io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(args)
    finally:
        os.chdir(old)
    return code, out.getvalue().encode("utf-8")


def csrf_of(html: str) -> str:
    import re
    m = re.search(r'<meta name="csrf" content="([0-9a-f]{64})">', html)
    assert m is not None
    return m.group(1)


@contextlib.contextmanager
def live(app: Any) -> Any:
    """The app served by uvicorn on a free loopback port, in a thread, for the length of the block."""
    import socket
    import threading
    import time

    import uvicorn
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def raw_get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalisation of ``..`` or ``%2e``)."""
    import http.client
    from urllib.parse import urlsplit
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body
