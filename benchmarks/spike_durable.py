#!/usr/bin/env python3
"""Feasibility spike for durable-rules 2.0.28 (event monitor only, never money).

Standalone: does not import swf_rules.  Needs `pip install durable-rules==2.0.28`.

    python benchmarks/spike_durable.py            # full run, < 60 s on 2 cores
    python benchmarks/spike_durable.py --quick    # smaller N, for a smoke check

Every section prints what it measured/observed.  Findings are summarised in
docs/adr/0001-durable-rules.md and docs/adr/durable-rules-api-notes.md.

Two kinds of host are used:

* ``engine.Host`` -- the stock host.  Its constructor starts two daemon
  ``threading.Timer`` loops (dispatch every ~0.2 s and timers every ~0.2 s)
  that keep running until the process exits.
* ``QuietHost`` -- ``engine.Host`` with ``_run`` overridden to do nothing, so no
  background thread ever runs an action; every action runs inside the
  ``post``/``assert_fact`` call that triggered it (deterministic).
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import sys
import threading
import time

import durable_rules_engine
from durable import engine, lang
from durable.lang import c, m, none, ruleset, timeout, when_all

QUICK = "--quick" in sys.argv
N_POST = 5_000 if QUICK else 30_000
N_THREAD_EVENTS = 2_000 if QUICK else 6_000
RESULTS: dict[str, object] = {}


class QuietHost(engine.Host):
    """Host without the background dispatch/timer threads."""

    def _run(self) -> None:  # noqa: D401 - overriding a private hook on purpose
        pass


def header(title: str) -> None:
    print()
    print("=" * 78)
    print(title)
    print("=" * 78)


def epoch_day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


def simple_definition(out: list, threshold: int = 3) -> dict:
    """Two simple rules as a raw dict (the format lang's DSL compiles to)."""
    return {
        "missed": {
            "all": [{"m": {"$and": [{"t": "missed"}, {"$gte": {"n": threshold}}]}}],
            "run": lambda c: out.append(("suspended", c.m.member, c.m.n)),
        },
        "died": {
            "all": [{"m": {"t": "died"}}],
            "run": lambda c: out.append(("died", c.m.member)),
        },
    }


# --------------------------------------------------------------------------
def bench_post_rate() -> None:
    header("1. raw post rate (one ruleset, two simple rules)")
    rates = {}

    def run(label, host_cls, make_event, n=N_POST, batch=None):
        out: list = []
        h = host_cls()
        h.register_rulesets({"bench": simple_definition(out)})
        events = [make_event(i) for i in range(n)]
        t0 = time.perf_counter()
        if batch:
            for j in range(0, n, batch):
                h.post_batch("bench", events[j:j + batch])
        else:
            for e in events:
                h.post("bench", e)
        elapsed = time.perf_counter() - t0
        rates[label] = round(n / elapsed)
        print(f"  {label:<48} {n:>6} events {elapsed:6.2f} s "
              f"{n / elapsed:>9,.0f} ev/s  actions={len(out)}")

    ev = lambda i: {"id": i, "t": "died" if i % 2 else "missed", "n": 3,  # noqa: E731
                    "member": f"M{i % 100}"}
    ev_sid = lambda i: {**ev(i), "sid": f"M{i % 100}"}  # noqa: E731
    run("QuietHost.post, sid '0'", QuietHost, ev)
    run("QuietHost.post, sid per member (100 sids)", QuietHost, ev_sid)
    run("engine.Host.post (background threads on), sid '0'", engine.Host, ev)
    run("QuietHost.post_batch(100), sid '0'", QuietHost, ev, batch=100)

    # an event that matches no rule raises MessageNotHandledException
    h = QuietHost()
    h.register_rulesets({"bench": simple_definition([])})
    n = N_POST // 3
    t0 = time.perf_counter()
    for i in range(n):
        try:
            h.post("bench", {"id": i, "t": "paid"})
        except engine.MessageNotHandledException:
            pass
    elapsed = time.perf_counter() - t0
    rates["unmatched (raises MessageNotHandledException)"] = round(n / elapsed)
    print(f"  {'unmatched event -> MessageNotHandledException':<48} {n:>6} events "
          f"{elapsed:6.2f} s {n / elapsed:>9,.0f} ev/s")

    # the lang module-level API (global engine.Host created by get_host())
    out: list = []
    name = "bench_lang"
    with ruleset(name):
        when_all((m.t == "missed") & (m.n >= 3))(lambda c: out.append(1))
        when_all(m.t == "died")(lambda c: out.append(2))
    lang.get_host()
    n = N_POST // 3
    t0 = time.perf_counter()
    for i in range(n):
        lang.post(name, ev(i))
    elapsed = time.perf_counter() - t0
    rates["lang.post (global host)"] = round(n / elapsed)
    print(f"  {'lang.post (global engine.Host)':<48} {n:>6} events {elapsed:6.2f} s "
          f"{n / elapsed:>9,.0f} ev/s  actions={len(out)}")
    RESULTS["post_rate_ev_per_s"] = rates


# --------------------------------------------------------------------------
def dynamic_names() -> None:
    header("2. dynamic ruleset names (sha256 fingerprints), several side by side")
    h = QuietHost()
    outs = {}
    for version, threshold in (("regA-v1", 2), ("regA-v2", 3), ("regB-v1", 4)):
        fp = hashlib.sha256(version.encode()).hexdigest()
        name = f"swf_{fp}"           # full 64 hex chars is fine as a name
        outs[name] = []
        h.register_rulesets({name: simple_definition(outs[name], threshold)})
    event = {"t": "missed", "member": "M1", "n": 3}
    for name, out in outs.items():
        try:
            h.post(name, dict(event))
        except engine.MessageNotHandledException:
            out.append("not handled")
        print(f"  {name[:24]}... -> {out}")
    # DSL compiled, then registered into our own host (no global host)
    name = "swf_" + hashlib.sha256(b"dsl").hexdigest()
    dsl_out: list = []
    rs = ruleset(name)            # top level: lands in lang._rulesets ...
    lang._rulesets.pop(name)      # ... so take it out again (private dict)
    with rs:
        when_all((m.t == "missed") & (m.n >= 3))(
            lambda c: dsl_out.append(("suspended", c.m.member)))
    full_name, definition = rs.define()
    print(f"  compiled definition: {json.dumps(definition, default=lambda f: '<fn>')}")
    h.register_rulesets({full_name: definition})
    print(f"  after register_rulesets the dict was mutated, 'run' still present: "
          f"{'run' in definition['r_0']}")
    h.post(name, {"t": "missed", "member": "M9", "n": 5})
    print(f"  DSL-compiled ruleset registered in own host -> {dsl_out}")
    # two hosts may reuse the same name: uniqueness is per Host, not per process
    h2 = QuietHost()
    same = next(iter(outs))
    other: list = []
    h2.register_rulesets({same: simple_definition(other, 0)})
    h2.post(same, dict(event))
    print(f"  same name in a second Host: accepted, independent -> {other}")
    RESULTS["dynamic_names"] = {k[:12]: v for k, v in outs.items()}


# --------------------------------------------------------------------------
def duplicate_names() -> None:
    header("3. defining a ruleset with an existing name")
    h = QuietHost()
    h.register_rulesets({"dup": simple_definition([])})
    try:
        h.register_rulesets({"dup": simple_definition([])})
        print("  engine.Host: second registration accepted (unexpected)")
    except Exception as e:  # plain Exception, not a subclass
        print(f"  engine.Host.register_rulesets -> {type(e).__module__}.{type(e).__name__}: {e}")
        RESULTS["duplicate_host"] = f"{type(e).__name__}: {e}"
    # several rulesets in one call, one of them a duplicate
    try:
        h.register_rulesets({"fresh1": simple_definition([]), "dup": simple_definition([]),
                             "fresh2": simple_definition([])})
    except Exception as e:
        print(f"  mixed dict -> {e}; registered afterwards: "
              f"fresh1={'fresh1' in h._ruleset_directory} fresh2={'fresh2' in h._ruleset_directory}")

    # lang: redefinition before get_host() silently replaces the first one
    out: list = []
    with ruleset("lang_dup"):
        when_all(m.t == "a")(lambda c: out.append("first"))
    with ruleset("lang_dup"):
        when_all(m.t == "a")(lambda c: out.append("second"))
    lang.post("lang_dup", {"t": "a"})
    print(f"  lang: same name twice before get_host() -> silently last wins: {out}")
    # lang: redefinition after registration -> the *next lang call of any kind* raises
    with ruleset("lang_dup"):
        when_all(m.t == "a")(lambda c: out.append("third"))
    try:
        lang.post("bench_lang", {"t": "died", "member": "x"})
        print("  lang: redefinition after registration accepted (unexpected)")
    except Exception as e:
        print(f"  lang: redefinition after registration -> next lang.post to ANOTHER ruleset raises: {e}")
        RESULTS["duplicate_lang"] = str(e)
    lang.post("bench_lang", {"t": "died", "member": "x"})
    print("  lang: ...and the call after that works again (pending definitions were dropped)")


# --------------------------------------------------------------------------
def timers() -> None:
    header("4. timers (start_timer / timeout) and a deterministic business-date model")
    fired: list = []

    def definition():
        def start(c):
            c.start_timer("deadline", 1)
            fired.append(("started", time.monotonic(), threading.current_thread().name))

        def done(c):
            fired.append(("fired", time.monotonic(), threading.current_thread().name))

        rs = ruleset("timers")
        lang._rulesets.pop("timers")
        with rs:
            when_all(m.t == "claim_opened")(start)
            when_all(timeout("deadline"))(done)
        return rs.define()[1]

    # a) stock host: the background timer thread fires it, but only if we wait
    h = engine.Host()
    h.register_rulesets({"timers": definition()})
    t0 = time.monotonic()
    h.post("timers", {"t": "claim_opened"})
    print(f"  stock Host, right after post: {[f[0] for f in fired]}")
    time.sleep(2.5)
    summary = [(f[0], round(f[1] - t0, 2), f[2]) for f in fired]
    print(f"  stock Host, after sleep(2.5): {summary}")
    RESULTS["timer_stock_host"] = summary

    # b) QuietHost: never fires on its own; must pump dispatch_timers()+dispatch()
    fired.clear()
    q = QuietHost()
    q.register_rulesets({"timers": definition()})
    q.post("timers", {"t": "claim_opened"})
    time.sleep(2.1)
    print(f"  QuietHost after sleep(2.1), no pumping: {[f[0] for f in fired]}")
    rs = q.get_ruleset("timers")
    rs.dispatch_timers()   # asserts a wall-clock '$pulse' event per sid
    rs.dispatch()          # runs one pending action
    print(f"  QuietHost after dispatch_timers()+dispatch(): "
          f"{[(f[0], f[2]) for f in fired]}")

    # c) deterministic: business dates as integers (days since 1970-01-01).
    #    A 'today' fact is replaced for each simulated day; claims are facts;
    #    a 'sent' marker fact + none() stops the notice from repeating.
    notices: list = []
    rs = ruleset("deadline")
    lang._rulesets.pop("deadline")
    with rs:
        def soon(c):
            notices.append(("claim_deadline_in_days", c.cl.claim,
                            c.cl.deadline - c.today.day,
                            str(dt.date(1970, 1, 1) + dt.timedelta(days=c.today.day))))
            c.assert_fact({"t": "sent", "claim": c.cl.claim})
        when_all(c.cl << (m.t == "claim"),
                 c.today << ((m.t == "today") & (m.day >= c.cl.deadline - 7)
                             & (m.day <= c.cl.deadline)),
                 none((m.t == "sent") & (m.claim == c.cl.claim)))(soon)
    q = QuietHost()
    q.register_rulesets({"deadline": rs.define()[1]})
    q.assert_fact("deadline", {"t": "claim", "claim": "C1", "deadline": epoch_day("2024-03-20")})
    q.assert_fact("deadline", {"t": "claim", "claim": "C2", "deadline": epoch_day("2024-03-25")})
    today = None
    for day in range(epoch_day("2024-03-01"), epoch_day("2024-03-31")):
        if today is not None:
            q.retract_fact("deadline", today)
        today = {"t": "today", "day": day}
        q.assert_fact("deadline", today)
    print(f"  deterministic 'today' fact model, 30 simulated days: {notices}")
    RESULTS["deadline_model"] = notices

    # d) why 'day' must be a fact, not an event: an event is consumed by the
    #    first action that uses it, so one 'day' event notifies only one claim.
    hits: list = []
    q2 = QuietHost()
    q2.register_rulesets({"dayev": {"r": {
        "all": [{"cl": {"t": "claim"}},
                {"d": {"$and": [{"t": "day"}, {"$gte": {"day": {"cl": "notify_from"}}}]}}],
        "run": lambda c: hits.append(c.cl.claim)}}})
    q2.assert_fact("dayev", {"t": "claim", "claim": "C1", "notify_from": 5})
    q2.assert_fact("dayev", {"t": "claim", "claim": "C2", "notify_from": 5})
    q2.post("dayev", {"t": "day", "day": 6})
    print(f"  'day' posted as an EVENT with two eligible claims -> only {hits} notified")


# --------------------------------------------------------------------------
def decimals_and_errors() -> None:
    header("5. Decimal, bad values and the engine's error codes")
    out: list = []
    h = QuietHost()
    h.register_rulesets({"err": simple_definition(out)})
    errors = {}

    def attempt(label, fn):
        try:
            fn()
            msg = f"no exception; last action {out[-1:] if out else []}"
        except Exception as e:  # noqa: BLE001 - recording whatever comes back
            msg = f"{type(e).__module__}.{type(e).__name__}: {getattr(e, 'message', e)}"
        errors[label] = msg
        print(f"  {label:<44} {msg}")

    attempt("post Decimal('3')", lambda: h.post("err", {"t": "missed", "member": "A",
                                                        "n": decimal.Decimal("3")}))
    attempt("post str '3' (n >= 3)", lambda: h.post("err", {"t": "missed", "member": "S3", "n": "3"}))
    attempt("post str 'abc' (n >= 3) !", lambda: h.post("err", {"t": "missed", "member": "Sabc", "n": "abc"}))
    attempt("post str '10' (n >= 3) !", lambda: h.post("err", {"t": "missed", "member": "S10", "n": "10"}))
    attempt("post float nan", lambda: h.post("err", {"t": "missed", "member": "N", "n": float("nan")}))
    attempt("post unmatched event", lambda: h.post("err", {"t": "paid"}))
    h.assert_fact("err", {"t": "died", "member": "F1"})
    attempt("assert the same fact a 2nd time", lambda: h.assert_fact("err", {"t": "died", "member": "F1"}))
    attempt("post identical event in one batch", lambda: h.post_batch(
        "err", [{"t": "died", "member": "B1"}, {"t": "died", "member": "B1"}]))
    attempt("retract a fact that was never asserted", lambda: h.retract_fact("err", {"t": "nope"}))
    attempt("post to unknown ruleset", lambda: h.post("nope", {"t": "died"}))
    handle = h.get_ruleset("err")._handle
    for raw in ['{"t": "died", "member": "x', '{"t": died}', "not json", '{"a": [1, 2}']:
        attempt(f"raw engine.assert_event({raw!r})",
                lambda raw=raw: durable_rules_engine.assert_event(handle, raw))
    attempt("register ruleset with unknown operator",
            lambda: h.register_rulesets({"bad": {"r": {"all": [{"m": {"$foo": {"a": 1}}}],
                                                       "run": lambda c: None}}}))
    attempt("register rule without 'run'",
            lambda: h.register_rulesets({"bad2": {"r": {"all": [{"m": {"t": "a"}}]}}}))

    # batch: an unmatched or duplicate event aborts the call but the others stay queued
    batch_out: list = []
    b = QuietHost()
    b.register_rulesets({"batch": {"r": {"all": [{"m": {"t": "died"}}],
                                         "run": lambda c: batch_out.append(c.m.member)}}})
    try:
        b.post_batch("batch", [{"t": "died", "member": "F"}, {"t": "paid"},
                               {"t": "died", "member": "G"}])
    except engine.MessageNotHandledException:
        pass
    print(f"  post_batch with one unmatched event: raised, actions run={batch_out}, "
          f"pending={b.get_pending_events('batch')}")
    b.post("batch", {"t": "died", "member": "H"})
    print(f"  ...next post on the same sid runs the leftovers too: {batch_out}")
    errors["batch_partial"] = batch_out[:]

    # an exception inside an action is swallowed and stored in the state
    def boom(c):
        raise ValueError("boom")
    e = QuietHost()
    e.register_rulesets({"boom": {"r": {"all": [{"m": {"t": "x"}}], "run": boom}}})
    state = e.post("boom", {"t": "x"})
    print(f"  action raising ValueError -> post returns normally; state['exception'] = "
          f"{state.get('exception', '')[:45]!r}...")
    errors["action_exception"] = "swallowed into state['exception']"
    RESULTS["errors"] = errors


# --------------------------------------------------------------------------
def threads() -> None:
    header("6. posting from several threads")
    events = [{"id": f"e{i}", "sid": f"M{i % 50}", "member": f"M{i % 50}",
               "t": "died" if i % 7 == 0 else "missed", "n": i % 5}
              for i in range(N_THREAD_EVENTS)]

    def make(host_cls):
        out: list = []
        lock = threading.Lock()

        def act(c):
            with lock:
                out.append((c.m.id, threading.current_thread().name))
        h = host_cls()
        h.register_rulesets({"thr": {
            "a": {"all": [{"m": {"$and": [{"t": "missed"}, {"$gte": {"n": 3}}]}}], "run": act},
            "b": {"all": [{"m": {"t": "died"}}], "run": act}}})
        return h, out

    def post(h, e):
        try:
            h.post("thr", dict(e))
        except engine.MessageNotHandledException:
            pass

    summary = {}
    for host_cls in (QuietHost, engine.Host):
        h, out = make(host_cls)
        threading.current_thread().name = "P0"
        for e in events:
            post(h, e)
        reference = sorted(i for i, _ in out)
        off = sum(1 for _, t in out if t != "P0")
        print(f"  {host_cls.__name__:<11} 1 thread : {len(reference)} actions, "
              f"run by a non-posting thread: {off}")
        summary[f"{host_cls.__name__}-1"] = {"actions": len(reference), "off_thread": off}
        for nt in (4, 8):
            h, out = make(host_cls)
            poster = {e["id"]: f"P{k % nt}" for k, e in enumerate(events)}

            def worker(k, h=h, nt=nt):
                for e in events[k::nt]:
                    post(h, e)
            ts = [threading.Thread(target=worker, args=(k,), name=f"P{k}") for k in range(nt)]
            t0 = time.perf_counter()
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            elapsed = time.perf_counter() - t0
            time.sleep(0.3)  # let a stock Host's dispatcher finish anything it grabbed
            got = sorted(i for i, _ in out)
            pending = sum(len(h.get_pending_events("thr", f"M{i}")) for i in range(50))
            cross = sum(1 for i, t in out if t != poster[i])
            print(f"  {host_cls.__name__:<11} {nt} threads: {len(got)} actions, same set as 1 "
                  f"thread={got == reference}, pending={pending}, run by another thread={cross}, "
                  f"{len(events) / elapsed:,.0f} ev/s")
            summary[f"{host_cls.__name__}-{nt}"] = {"same": got == reference, "pending": pending,
                                                    "cross_thread": cross}
    threading.current_thread().name = "MainThread"

    # posting before the ruleset is registered
    ready = threading.Event()
    seen: list = []
    h = QuietHost()

    def early():
        try:
            h.post("late", {"t": "died", "member": "X"})
        except Exception as e:  # noqa: BLE001
            seen.append(f"{type(e).__name__}: {e}")
        ready.set()
    t = threading.Thread(target=early)
    t.start()
    ready.wait()
    t.join()
    h.register_rulesets({"late": simple_definition([])})
    print(f"  thread posts before registration -> {seen}")
    summary["before_registration"] = seen

    # lang: the module-global definition stack is shared by all threads
    a_mid, b_done = threading.Event(), threading.Event()
    lang_out: list = []
    problems: list = []

    def definer():
        with ruleset("half"):
            when_all(m.t == "one")(lambda c: lang_out.append("one"))
            a_mid.set()
            b_done.wait()     # another thread runs lang.post() right now
            when_all(m.t == "two")(lambda c: lang_out.append("two"))

    def poster():
        a_mid.wait()
        try:
            ruleset("other")  # defining another ruleset concurrently
        except Exception as e:  # noqa: BLE001
            problems.append(f"concurrent ruleset(): {e}")
        lang.post("bench_lang", {"t": "died", "member": "y"})  # calls get_host()
        b_done.set()
    t1, t2 = threading.Thread(target=definer), threading.Thread(target=poster)
    t1.start(); t2.start(); t1.join(); t2.join()  # noqa: E702
    lang.post("half", {"t": "one"})
    try:
        lang.post("half", {"t": "two"})
    except engine.MessageNotHandledException as e:
        problems.append(f"rule defined after a concurrent get_host() is lost: {e.message}")
    for p in problems:
        print(f"  lang race -> {p}")
    summary["lang_race"] = problems
    RESULTS["threads"] = summary


def main() -> None:
    t0 = time.perf_counter()
    print(f"python {sys.version.split()[0]}, durable-rules "
          f"{__import__('importlib.metadata').metadata.version('durable-rules')}, quick={QUICK}")
    bench_post_rate()
    dynamic_names()
    duplicate_names()
    timers()
    decimals_and_errors()
    threads()
    header("summary (JSON)")
    RESULTS["runtime_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(RESULTS, indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
