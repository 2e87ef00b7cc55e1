"""decide, column-wise: the columnar engine and the facts the other engines need, from histories in Parquet.

The population of :mod:`benchmarks.decide` is written once (outside every timing) as four Parquet tables --
members, spells, contributions (the ledger's schema) and claims -- the columnar form a fund's histories are kept
in.  Then:

* ``swf-rules columnar`` -- read the four tables, build the columns (:mod:`swf_rules.columnar.arrow`) and decide
  every claim with :class:`swf_rules.columnar.ColumnarEngine`: every check recorded (reasons kept as compact
  records, rendered when read), Decimal-exact amounts.  Timed from the Parquet files to the outcomes.
* ``swf-rules columnar, every reason rendered`` -- the same, then every decision built and its Thai and English
  reasons read, as the per-claim variant does.
* ``facts (columnar)`` -- the facts the hand-written engines are fed (status, days since the waiting period
  started, age, tenure, units, grades), computed from the same Parquet histories by the columnar facts stage:
  the cheapest facts code there is, charged to durable-rules and zen-engine in the strictest comparison.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

Outcome = tuple[str, bool, Decimal]
TABLES = ("members", "spells", "contributions", "claims")


def write_tables(members: list[Any], claims: list[Any], d: Path) -> dict[str, int]:
    """The population as the four Parquet tables (see the module); their sizes in bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from swf_rules.books.parquet import schemas

    d.mkdir(parents=True, exist_ok=True)
    ms = sorted(members, key=lambda m: m.member_id)
    pq.write_table(pa.table({
        "member_id": pa.array([m.member_id for m in ms], pa.string()),
        "birth_date": pa.array([m.birth_date for m in ms], pa.date32()),
        "sex": pa.array([m.sex for m in ms], pa.string()),
        "died_on": pa.array([m.died_on for m in ms], pa.date32())}), d / "members.parquet")
    sp = [(m.member_id, s) for m in ms for s in sorted(m.spells, key=lambda s: s.start)]
    pq.write_table(pa.table({
        "member_id": pa.array([x[0] for x in sp], pa.string()),
        "start": pa.array([x[1].start for x in sp], pa.date32()),
        "end": pa.array([x[1].end for x in sp], pa.date32()),
        "end_reason": pa.array([x[1].end_reason for x in sp], pa.string())}), d / "spells.parquet")
    rows = [(m.member_id, c) for m in ms for c in sorted(m.contributions, key=lambda c: c.date)]
    pq.write_table(pa.table({
        "member_id": pa.array([r[0] for r in rows], pa.string()),
        "date": pa.array([r[1].date for r in rows], pa.date32()),
        "amount": pa.array([r[1].amount.quantize(Decimal("0.01")) for r in rows], pa.decimal128(18, 2)),
        "covers": pa.array([r[1].covers for r in rows], pa.string())}, schema=schemas()["contributions"]),
        d / "contributions.parquet", row_group_size=262_144)
    details = sorted({k for c in claims for k in c.details})
    cols: dict[str, Any] = {
        "claim_id": pa.array([c.claim_id for c in claims], pa.string()),
        "member_id": pa.array([c.member_id for c in claims], pa.string()),
        "benefit": pa.array([c.benefit for c in claims], pa.string()),
        "event_date": pa.array([c.event_date for c in claims], pa.date32()),
        "end_date": pa.array([c.end_date for c in claims], pa.date32()),
        "filed_on": pa.array([c.filed_on for c in claims], pa.date32()),
        "units": pa.array([c.units for c in claims], pa.int64()),
        "children": pa.array([c.children for c in claims], pa.int64())}
    for k in details:
        cols["details." + k] = pa.array([None if c.details.get(k) is None else str(c.details[k]) for c in claims],
                                        pa.string())
    pq.write_table(pa.table(cols), d / "claims.parquet")
    return {t: (d / f"{t}.parquet").stat().st_size for t in TABLES}


def read_columns(d: Path) -> tuple[Any, Any]:
    """The Parquet tables as the columnar engine's histories and claims."""
    import pyarrow.parquet as pq
    from swf_rules.columnar.arrow import claims_from_arrow, histories_from_arrow

    # string columns repeated across rows are read as their Parquet dictionaries, not decoded row by row
    dictionary = {"spells": ["member_id", "end_reason"], "contributions": ["member_id", "covers"],
                  "claims": ["member_id", "benefit"]}
    t = {name: pq.read_table(d / f"{name}.parquet", read_dictionary=dictionary.get(name)) for name in TABLES}
    h = histories_from_arrow(t["members"], t["spells"], t["contributions"])
    return h, claims_from_arrow(t["claims"], h)


def run_columnar(reg: Any, d: Path, reasons: bool = False) -> tuple[list[Outcome], int]:
    """Read the histories from Parquet and decide every claim (and, with ``reasons``, build every decision and
    render its reasons); the outcomes in batch order and the reasons rendered."""
    from swf_rules.columnar import ColumnarEngine

    h, c = read_columns(d)
    ds = ColumnarEngine(reg).decide(h, c)
    out = ds.verdicts()
    n_reasons = 0
    if reasons:
        for dec in ds:
            n_reasons += len(dec.reasons)
    return out, n_reasons


def facts_columnar(reg: Any, d: Path) -> list[Any]:
    """The facts fed to the hand-written engines (:class:`benchmarks.decide.ClaimFacts`, in batch order), from the
    Parquet histories by the columnar facts stage."""
    from swf_rules.columnar import _dates as D
    from swf_rules.columnar._benefit import tenure_years
    from swf_rules.columnar._facts import STATUSES, Index
    from swf_rules.columnar.engine import _batch_order
    from swf_rules.core.dates import fiscal_year

    from .decide import ClaimFacts

    h, c = read_columns(d)
    order = _batch_order(c)
    m, ev = c.member[order], c.event[order]
    members, inv = np.unique(m, return_inverse=True)
    until = np.zeros(len(members), dtype=np.int64)
    np.maximum.at(until, inv, ev)
    ix = Index(h, reg.versions[0].membership, members, until)
    death = np.array([c.benefit[r] == "death" for r in order.tolist()], dtype=bool)
    st = ix.status(m, ev, death)
    start = np.where(st.spell >= 0, h.sp_start[np.maximum(st.spell, 0)], 0)
    member_days = np.where(start > 0, ev - start, -1)
    age = D.completed_years(h.birth[m], ev)
    tenure = tenure_years(ix.continuous_days(ev, st.spell), ev, "completed_years")
    units = c.units[order]
    units = np.where(units >= 0, units, np.where(c.end[order] > 0, c.end[order] - ev, 0))
    from datetime import date
    out = []
    fy: dict[int, int] = {}
    for k, r in enumerate(order.tolist()):
        det = c.details[r]
        gpa = det.get("gpa")
        day = int(ev[k])
        if day not in fy:
            fy[day] = fiscal_year(date.fromordinal(day))
        out.append(ClaimFacts(c.claim_id[r], c.member_ids[r], c.benefit[r], date.fromordinal(day), fy[day],
                              STATUSES[int(st.status[k])], int(member_days[k]), int(age[k]), int(tenure[k]),
                              int(units[k]), -1 if gpa is None else int(Decimal(str(gpa)) * 100),
                              det.get("level") or ""))
    return out


def add_variants(reg: Any, members: list[Any], claims: list[Any], reference: list[Any], cfg: dict[str, Any],
                 variants: dict[str, Any], outcomes: dict[str, Any]) -> float | None:
    """The columnar variants beside the others (outcomes checked by the caller), and the seconds the columnar
    facts stage takes to feed the hand-written engines (checked equal to the per-claim facts first); None when
    numpy and pyarrow are not installed."""
    import tempfile

    from swf_rules.columnar import available

    from ._common import summary, timed

    n = len(claims)
    if not available("numpy", "pyarrow"):
        for name in ("swf-rules columnar", "swf-rules columnar, every reason rendered"):
            variants[name] = {"status": "skipped", "why": "numpy/pyarrow not installed: pip install -e '.[columnar]'"}
        return None
    budget, max_runs = cfg["budget_s"], cfg["max_runs"]
    with tempfile.TemporaryDirectory(prefix="swf-columnar-") as t:
        d = Path(t)
        sizes = write_tables(members, claims, d)
        # once untimed, as the other engines are built before theirs: the first call pays the imports (pyarrow's
        # Parquet reader) and the calendar tables, which a long-running process pays once
        run_columnar(reg, d)
        for name, reasons in (("swf-rules columnar", False), ("swf-rules columnar, every reason rendered", True)):
            (out, n_reasons), times = timed(lambda: run_columnar(reg, d, reasons), budget, max_runs * 2)
            outcomes[name] = out
            variants[name] = summary(times, n) | {"reasons_rendered": n_reasons, "parquet_bytes": sizes}
        facts, times = timed(lambda: facts_columnar(reg, d), budget, max_runs * 2)
        if facts != reference:
            raise AssertionError("the columnar facts stage disagrees with the per-claim one")
        return min(t[0] for t in times)
