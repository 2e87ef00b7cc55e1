"""Load test of ``swf-rules serve`` on loopback: N concurrent clients deciding claims over HTTP.

    python -m benchmarks.serve [--clients 1,4,16] [--requests 800] [--members 300] [--out benchmarks/serve.json]

The server runs in its own process (``swf-rules serve`` on a free 127.0.0.1 port, the default 4 worker threads),
the clients are threads of this process, each with its own keep-alive connection, sending requests prepared
beforehand.  Every request is one member's history and one claim of a synthetic fund (chamung, ``synth``
population); every answer is compared byte for byte with the decision computed here by the engine for that
request, so a lost, duplicated or mixed-up answer is counted, not missed.  Reported per number of clients:
requests, throughput, latency p50/p90/p99/max, errors and mismatches.  Bounded: a fixed number of requests per
level and a timeout on every request; only loopback is ever contacted.  Exit 1 when an answer was wrong.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def prepare(members: int) -> list[tuple[bytes, bytes]]:
    """(request body, expected answer) for every claim of a synthetic fund."""
    from swf_rules import Engine, load_regulation
    from swf_rules.synth import population
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    pop = population(reg, seed=11, members=members, years=5, start=date(2019, 10, 1))
    engine = Engine(reg)
    by_id = {m.member_id: m for m in pop.members}
    out = []
    for c in pop.claims:
        m = by_id[c.member_id]
        body = json.dumps({"regulation": "chamung",
                           "member": m.model_dump(mode="json", exclude={"calendar"}),
                           "claim": c.model_dump(mode="json", exclude={"calendar"})}).encode()
        out.append((body, engine.evaluate(m, c).to_json() + b"\n"))
    return out


def _client(port: int, work: list[tuple[bytes, bytes]], lat: list[float], tally: dict[str, int],
            lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    mine: list[float] = []
    errors = mismatches = 0
    for body, expected in work:
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/evaluate", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            got = r.read()
            status = r.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            errors += 1
            continue
        mine.append(time.perf_counter() - t0)
        if status != 200:
            errors += 1
        elif got != expected:
            mismatches += 1
    conn.close()
    with lock:
        lat.extend(mine)
        tally["errors"] += errors
        tally["mismatches"] += mismatches
        tally["answered"] += len(mine)


def level(port: int, work: list[tuple[bytes, bytes]], clients: int, requests: int) -> dict[str, Any]:
    """``requests`` requests shared by ``clients`` concurrent clients."""
    jobs = [work[i % len(work)] for i in range(requests)]
    shares = [jobs[k::clients] for k in range(clients)]
    lat: list[float] = []
    tally = {"errors": 0, "mismatches": 0, "answered": 0}
    lock = threading.Lock()
    threads = [threading.Thread(target=_client, args=(port, s, lat, tally, lock)) for s in shares]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else 0.0
    return {"clients": clients, "requests": requests, "answered": tally["answered"], "errors": tally["errors"],
            "mismatches": tally["mismatches"], "seconds": round(wall, 3),
            "throughput_per_s": round(tally["answered"] / wall, 1) if wall else 0.0,
            "latency_ms": {"p50": pct(0.50), "p90": pct(0.90), "p99": pct(0.99),
                           "max": round(lat[-1] * 1000, 2) if lat else 0.0,
                           "mean": round(statistics.fmean(lat) * 1000, 2) if lat else 0.0}}


def run(clients: list[int], requests: int, members: int) -> dict[str, Any]:
    work = prepare(members)
    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryDirectory(prefix="swf-serve-bench-") as tmp:
        server = subprocess.Popen([sys.executable, "-m", "swf_rules", "serve", "--port", str(port)], cwd=tmp,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _wait(port, server)
            level(port, work, 1, min(20, requests))  # warm-up: compile the plans, fill the caches
            levels = [level(port, work, n, requests) for n in clients]
        finally:
            server.terminate()
            server.wait(10)
    import platform
    return {"schema": 1, "command": "python -m benchmarks.serve --clients " + ",".join(map(str, clients)) +
            f" --requests {requests} --members {members}",
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.system()},
            "distinct_claims": len(work), "server": "swf-rules serve (uvicorn, 4 worker threads), 127.0.0.1",
            "levels": levels, "ok": all(x["errors"] == 0 and x["mismatches"] == 0 and x["answered"] == requests
                                        for x in levels)}


def _wait(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped: " + (server.stderr.read() if server.stderr else ""))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start within 60 s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", default="1,4,16", help="numbers of concurrent clients, comma-separated")
    p.add_argument("--requests", type=int, default=800, help="requests per level (shared by its clients)")
    p.add_argument("--members", type=int, default=300, help="members of the synthetic fund the claims come from")
    p.add_argument("--out", default=None, help="write the results as JSON here")
    a = p.parse_args(argv)
    res = run([int(x) for x in a.clients.split(",")], a.requests, a.members)
    print(f"{'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'errors':>6} {'mixed':>6}")
    for x in res["levels"]:
        lm = x["latency_ms"]
        print(f"{x['clients']:>7} {x['answered']:>8} {x['throughput_per_s']:>8} {lm['p50']:>8} {lm['p90']:>8} "
              f"{lm['p99']:>8} {lm['max']:>8} {x['errors']:>6} {x['mismatches']:>6}")
    print("every answer was the engine's decision for its own request" if res["ok"] else "WRONG ANSWERS")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
