"""A synthetic fund's event stream, and the speed of ``swf-rules watch`` on it.

Generate (deterministic for a seed; synthetic members only):

    python benchmarks/events_stream.py generate --members 1000 --years 10 --seed 6 --dir /tmp/evbench

writes ``/tmp/evbench/events.jsonl`` (JSON Lines, docs/events.md) and ``/tmp/evbench/regulation.yaml`` (a small
synthetic regulation with every trigger: suspension, lapse, elderly allowance, claim deadlines, death).

Measure (generates into a temporary directory unless --dir is given):

    python benchmarks/events_stream.py measure --members 1000 --years 10 --seed 6 --runs 3

times ``swf-rules watch`` as a subprocess (wall clock, including start-up and loading the regulation), then the
same work in-process split into parsing and monitoring, and finally durable-rules' raw post rate on this machine
(a two-rule ruleset, one event per post, no background threads) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REGULATION = """\
# Synthetic regulation for the event-monitor benchmark (not a real fund's rules).
language: swf-rules/1
calendar: gregorian
fund:
  id: bench_events
  name: {th: กองทุนทดสอบเหตุการณ์, en: Event benchmark fund}
  place:
    subdistrict: {th: ทดสอบ, en: Test}
    district: {th: ทดสอบ, en: Test}
    province: {th: ทดสอบ, en: Test}
versions:
  - version: "1"
    title: {th: ระเบียบทดสอบ, en: Benchmark regulation}
    effective: 2010-01-01
    adopted:
      meeting: {th: ที่ประชุมใหญ่, en: General meeting}
      date: 2009-12-01
    source: {document: synthetic benchmark fixture}
    membership:
      clause: "1"
      contribution: {amount: 30, period: month}
      starts: approval
      grace_days: 10
      suspend_after: 2
      lapse_after: {consecutive: 3}
    benefits:
      - id: birth
        kind: birth
        title: {th: คลอดบุตร, en: Childbirth}
        clause: "2"
        eligibility: {waiting: {days: 180}}
        amount: {type: flat, amount: 1000}
        deadline: {days: 90}
      - id: hospital
        kind: sickness
        title: {th: นอนโรงพยาบาล, en: Hospital stay}
        clause: "3"
        eligibility: {waiting: {days: 180}}
        amount: {type: rate, rate: 200, unit: night}
        caps:
          - {per: stay, money: 600}
          - {per: fiscal_year, money: 1000}
        deadline: {days: 120, start: end}
      - id: elderly
        kind: elderly
        title: {th: ผู้สูงอายุ, en: Elderly allowance}
        clause: "4"
        eligibility:
          waiting: {days: 180}
          age: {min: 60}
          tenure: {min_years: 3, rounding: completed_years, membership: continuous}
        amount: {type: allowance, amount: 200, every: fiscal_year}
      - id: death
        kind: death
        title: {th: เสียชีวิต, en: Death}
        clause: "5"
        eligibility: {waiting: {days: 180}}
        amount:
          type: table
          by: tenure
          tenure: {rounding: completed_years, membership: continuous}
          monotone: increasing
          bands:
            - {range: "[0, 1)", amount: 3000}
            - {range: "[1, 5)", amount: 10000}
            - {range: "[5, )", amount: 20000}
        deadline: {years: 1}
"""

DAY = timedelta(days=1)


def _add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def generate(members: int, years: int, seed: int) -> list[dict]:
    """Events of a synthetic fund, in date order (a day event closes every month)."""
    rng = random.Random(seed)
    start = date(2014, 1, 1)
    end = date(start.year + years, 1, 1) - DAY
    out: list[tuple[date, int, str, int, dict]] = []
    seq = 0

    def add(d: date, ev: dict, rank: int = 0) -> None:
        nonlocal seq
        seq += 1
        ev = {"type": ev["type"], "date": d.isoformat(), **{k: v for k, v in ev.items() if k != "type"}}
        out.append((d, rank, ev.get("member_id", ""), seq, ev))

    for i in range(members):
        mid = f"M{i + 1:05d}"
        sex = "female" if rng.random() < 0.52 else "male"
        joined = start + timedelta(days=rng.randrange(0, 365 if rng.random() < 0.8 else 365 * years))
        birth = date(rng.randrange(1935, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        if birth > joined - timedelta(days=365 * 15):
            birth = joined - timedelta(days=365 * 15 + rng.randrange(0, 3000))
        add(joined, {"type": "joined", "member_id": mid, "birth_date": birth.isoformat(), "sex": sex})
        profile = rng.random()
        miss_p = 0.01 if profile < 0.85 else (0.12 if profile < 0.97 else 0.35)
        drop = joined + timedelta(days=rng.randrange(200, 365 * years)) if rng.random() < 0.04 else None
        resign = joined + timedelta(days=rng.randrange(100, 365 * years)) if rng.random() < 0.06 else None
        death = None
        stop = end
        # life events, year by year
        y = joined.year
        while date(y, 1, 1) <= end:
            age = y - birth.year
            if death is None and rng.random() < (0.025 if age >= 60 else 0.003):
                death = max(joined + DAY, date(y, rng.randrange(1, 13), rng.randrange(1, 29)))
            y += 1
        if death is not None and death <= end:
            stop = min(stop, death)
        if resign is not None and resign <= stop:
            stop = resign - DAY if death is None or resign < death else stop
        else:
            resign = None
        if death is not None and death > end:
            death = None
        # instalments: one a month, paid on a random day, sometimes late or missed
        cur = date(joined.year, joined.month, 1)
        while cur <= stop:
            if drop is not None and cur >= drop:
                break
            key = f"{cur.year:04d}-{cur.month:02d}"
            r = rng.random()
            if r >= miss_p:
                late = r < miss_p * 1.5
                paid = cur + timedelta(days=rng.randrange(0, 28) + (35 if late else 0))
                paid = max(paid, joined)
                if paid <= stop:
                    add(paid, {"type": "instalment", "member_id": mid, "amount": "30", "covers": key})
            cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        # birthdays
        b = _add_years(birth, joined.year - birth.year)
        while b <= stop:
            if b > joined:
                add(b, {"type": "birthday", "member_id": mid})
            b = _add_years(birth, b.year - birth.year + 1)
        # births, hospital stays and claims
        d = joined
        while True:
            d += timedelta(days=rng.randrange(120, 900))
            if d > stop - timedelta(days=10):
                break
            age = d.year - birth.year
            if sex == "female" and 18 <= age <= 44 and rng.random() < 0.3:
                add(d, {"type": "birth", "member_id": mid, "children": 2 if rng.random() < 0.02 else 1})
                if rng.random() < 0.7:
                    add(d + timedelta(days=rng.randrange(1, 120)),
                        {"type": "claim_filed", "member_id": mid, "benefit": "birth", "event_date": d.isoformat()})
            else:
                out_on = d + timedelta(days=rng.randrange(1, 8))
                add(d, {"type": "admission", "member_id": mid})
                add(out_on, {"type": "discharge", "member_id": mid})
                if rng.random() < 0.6:
                    add(out_on + timedelta(days=rng.randrange(0, 150)),
                        {"type": "claim_filed", "member_id": mid, "benefit": "hospital", "event_date": d.isoformat()})
                d = out_on
        if resign is not None:
            add(resign, {"type": "resigned", "member_id": mid})
        if death is not None:
            add(death, {"type": "death", "member_id": mid})
            if rng.random() < 0.8:
                add(death + timedelta(days=rng.randrange(3, 400)),
                    {"type": "claim_filed", "member_id": mid, "benefit": "death", "event_date": death.isoformat()})
    # a "day" event closes every month, after that day's member events
    m = date(start.year, start.month, 1)
    while m <= end:
        last = date(m.year + (m.month == 12), m.month % 12 + 1, 1) - DAY
        add(last, {"type": "day"}, rank=1)
        m = last + DAY
    # events after a member's death or resignation are not generated; claims filed after the end are dropped
    out = [o for o in out if o[0] <= end]
    out.sort(key=lambda o: (o[0], o[1], o[2], o[3]))
    return [o[4] for o in out]


def write(dir_: Path, members: int, years: int, seed: int) -> tuple[Path, Path, int]:
    dir_.mkdir(parents=True, exist_ok=True)
    events = generate(members, years, seed)
    ev_path, reg_path = dir_ / "events.jsonl", dir_ / "regulation.yaml"
    ev_path.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in events), encoding="utf-8")
    reg_path.write_text(REGULATION, encoding="utf-8")
    return ev_path, reg_path, len(events)


def raw_durable_rate(n: int = 30000) -> float:
    """durable-rules alone: a two-rule ruleset, one event per post, every event matching (as in the spike)."""
    from durable import engine

    class Quiet(engine.Host):
        def _run(self) -> None:
            pass

    hits: list = []
    h = Quiet()
    h.register_rulesets({"raw": {
        "a": {"all": [{"m": {"$and": [{"t": "missed"}, {"$gte": {"n": 3}}]}}], "run": lambda c: hits.append(1)},
        "b": {"all": [{"m": {"t": "died"}}], "run": lambda c: hits.append(1)}}})
    events = [{"id": i, "t": "died" if i % 2 else "missed", "n": 3, "member": f"M{i % 1000}"} for i in range(n)]
    t0 = time.perf_counter()
    for e in events:
        h.post("raw", e)
    return n / (time.perf_counter() - t0)


def measure(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dir_ = Path(args.dir) if args.dir else Path(tmp)
        ev_path, reg_path, n = write(dir_, args.members, args.years, args.seed)
        out = dir_ / "notices.jsonl"
        cmd = [sys.executable, "-m", "swf_rules", "watch", "--regulation", str(reg_path), "--events", str(ev_path),
               "--out", str(out)]
        walls, cpus = [], []
        for _ in range(args.runs):
            u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(u1.ru_utime - u0.ru_utime + u1.ru_stime - u0.ru_stime)
            if r.returncode != 0:
                sys.exit(f"watch failed ({r.returncode}): {r.stderr[-2000:]}")
        notices = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        # in process: parsing alone, then parsing + monitoring
        from swf_rules import load_regulation
        from swf_rules.events import Monitor, read_stream
        reg = load_regulation(reg_path)
        t0 = time.perf_counter()
        with ev_path.open("rb") as f:
            items = list(read_stream(f, file=str(ev_path)))
        t_parse = time.perf_counter() - t0
        mon = Monitor(reg)
        t0 = time.perf_counter()
        for it in items:
            assert it.event is not None
            mon.post(it.event)
        mon.finish()
        t_monitor = time.perf_counter() - t0
        raw = []
        for _ in range(3):
            c0 = time.process_time()
            rate = raw_durable_rate()
            raw.append((rate, 30000 / (time.process_time() - c0)))
    by_trigger: dict[str, int] = {}
    for x in notices:
        by_trigger[x["trigger"]] = by_trigger.get(x["trigger"], 0) + 1
    best = min(walls)
    print(json.dumps({
        "command": " ".join(["swf-rules", *cmd[3:]]),
        "events": n, "members": args.members, "years": args.years, "seed": args.seed,
        "notices": len(notices), "notices_by_trigger": dict(sorted(by_trigger.items())),
        "watch_wall_s": [round(w, 2) for w in walls],
        "watch_cpu_s": [round(c, 2) for c in cpus],
        "watch_events_per_s": round(n / best),
        "watch_events_per_cpu_s": round(n / min(cpus)),
        "in_process": {"parse_s": round(t_parse, 2), "monitor_s": round(t_monitor, 2),
                       "events_per_s_monitor_only": round(n / t_monitor),
                       "durable_posts": mon.posts, "durable_posts_per_event": round(mon.posts / n, 3)},
        "raw_durable_posts_per_s": [round(r) for r, _ in raw],
        "raw_durable_posts_per_cpu_s": [round(c) for _, c in raw],
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
    }, indent=1))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("generate", "measure"):
        s = sub.add_parser(name)
        s.add_argument("--members", type=int, default=1000)
        s.add_argument("--years", type=int, default=10)
        s.add_argument("--seed", type=int, default=6)
        s.add_argument("--dir", default=None)
        if name == "measure":
            s.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    if args.cmd == "generate":
        if not args.dir:
            p.error("generate needs --dir")
        ev, reg, n = write(Path(args.dir), args.members, args.years, args.seed)
        print(f"{n} events -> {ev}\nregulation -> {reg}")
    else:
        measure(args)


if __name__ == "__main__":
    main()
