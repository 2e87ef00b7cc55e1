"""The ledger as Parquet: the canonical books as Arrow tables, one directory per fund.

A Parquet ledger is an ordinary ledger directory (``ledger.yaml`` + three files) whose files are Parquet:

- ``members.parquet``: the register as text, exactly the CSV's columns (dates ISO C.E.; a year alone is a
  placeholder, as in CSV);
- ``contributions.parquet``: ``member_id`` (string), ``date`` (date32), ``amount`` (decimal128(18, 2) baht),
  ``covers`` (string ``YYYY-MM`` or ``YYYY``), sorted by member then date, so that a range of members is a range of
  rows;
- ``payouts.parquet``: ``payout_id``, ``member_id``, ``benefit`` (string), ``event_date``, ``end_date``,
  ``filed_on``, ``paid_on`` (date32), ``units``, ``children`` (int64), ``amount`` (decimal128(18, 2)),
  ``event_ref`` (string) and one string column per claim detail (``details.gpa``), in replay order.

Every reader of ledgers reads it (:func:`~swf_rules.books.read_ledger`, :func:`~swf_rules.books.stream_ledger`:
each row checked and every problem located by file, row number and column, as for CSV); the columnar replay reads
its typed columns directly.  :func:`write_parquet` converts a checked ledger in any format (CSV, JSON Lines, xlsx
once ``import`` lands) to Parquet; :func:`write_ledger_parquet` writes one from history values (``swf-rules synth
--ledger --parquet``).  pyarrow is needed (the ``columnar`` extra); without it these raise ``extra-missing``.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..core.errors import InputError, make_problem
from ..core.history import Member
from ..core.output import write_atomic
from .columns import ALL_KINDS, COMMITTEE_FIELDS, DETAILS_PREFIX, FIELDS
from .records import Ledger, MemberRecord, PayoutRow
from ._parquet_rows import ParquetUnreadable, pyarrow_modules as _pa, text_batches

__all__ = ["ParquetUnreadable", "ROW_GROUP", "ledger_tables", "schemas", "text_batches", "write_ledger_parquet",
           "write_parquet"]

ROW_GROUP = 262_144


def schemas() -> dict[str, Any]:
    """The Arrow schema of each file (payouts without their detail columns)."""
    pa, _ = _pa()
    money = pa.decimal128(18, 2)
    return {
        "members": pa.schema([(f, pa.string()) for f in FIELDS["members"]]),
        "contributions": pa.schema([("member_id", pa.string()), ("date", pa.date32()), ("amount", money),
                                    ("covers", pa.string())]),
        "payouts": pa.schema([("payout_id", pa.string()), ("member_id", pa.string()), ("benefit", pa.string()),
                              ("event_date", pa.date32()), ("end_date", pa.date32()), ("filed_on", pa.date32()),
                              ("paid_on", pa.date32()), ("units", pa.int64()), ("children", pa.int64()),
                              ("amount", money), ("event_ref", pa.string())]),
    }


# ---------------------------------------------------------------------------------------------- writing
def _register_rows(rec: MemberRecord) -> Iterator[list[str | None]]:
    """A member record's register rows as the CSV writes them (year-only dates as the year)."""
    ph = rec.placeholders

    def text(key: str, d: date | None) -> str | None:
        if d is None:
            return None
        return str(ph[key]) if key in ph else d.isoformat()

    for i, (s, e, r) in enumerate(rec.spells):
        yield [rec.member_id, text("birth_date", rec.birth_date), rec.sex, text(f"spells[{i}].start", s),
               text(f"spells[{i}].end", e), r, text("died_on", rec.died_on)]


def _table(schema: Any, columns: dict[str, list[Any]]) -> Any:
    pa, _ = _pa()
    return pa.table({f.name: pa.array(columns[f.name], type=f.type) for f in schema}, schema=schema)


def ledger_tables(ledger: Ledger) -> dict[str, Any]:
    """A checked ledger (:func:`~swf_rules.books.read_ledger`) as three Arrow tables (see the module)."""
    pa, _ = _pa()
    sc = schemas()
    reg = [row for mid in sorted(ledger.members) for row in _register_rows(ledger.members[mid])]
    members = _table(sc["members"], {f: [r[i] for r in reg] for i, f in enumerate(FIELDS["members"])})
    return {"members": members, "contributions": _contributions(ledger.members[m] for m in sorted(ledger.members)),
            "payouts": _payouts(ledger.payouts)}


def _contributions(records: Iterable[MemberRecord]) -> Any:
    pa, _ = _pa()
    import numpy as np
    from .records import period_text
    ids: list[str] = []
    counts: list[int] = []
    days: list[Any] = []
    satang: list[Any] = []
    periods: list[Any] = []
    for rec in records:
        n = len(rec.dates)
        if not n:
            continue
        d = np.frombuffer(rec.dates, dtype=np.int32)
        order = np.argsort(d, kind="stable")
        ids.append(rec.member_id)
        counts.append(n)
        days.append(d[order])
        satang.append(np.frombuffer(rec.amounts, dtype=np.int64)[order])
        periods.append(np.frombuffer(rec.periods, dtype=np.int32)[order])
    epoch = date(1970, 1, 1).toordinal()
    day = np.concatenate(days) if days else np.zeros(0, dtype=np.int32)
    sat = np.concatenate(satang) if satang else np.zeros(0, dtype=np.int64)
    per = np.concatenate(periods) if periods else np.zeros(0, dtype=np.int32)
    member = pa.DictionaryArray.from_arrays(pa.array(np.repeat(np.arange(len(ids), dtype=np.int32), counts)),
                                            pa.array(ids, type=pa.string())).cast(pa.string())
    codes, inverse = np.unique(per, return_inverse=True)
    covers = pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)),
                                            pa.array([period_text(int(c)) for c in codes], type=pa.string())
                                            ).cast(pa.string())
    amount = _decimals(pa, np, sat)
    return pa.table({"member_id": member, "date": pa.array((day - epoch).astype(np.int32), type=pa.date32()),
                     "amount": amount, "covers": covers}, schema=schemas()["contributions"])


def _decimals(pa: Any, np: Any, sat: Any) -> Any:
    """Satang as decimal128(18, 2), through the few distinct amounts a fund's instalments have."""
    values, inverse = np.unique(sat, return_inverse=True)
    dict_ = pa.array([Decimal(int(s)).scaleb(-2) for s in values.tolist()], type=pa.decimal128(18, 2))
    return pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)), dict_).cast(pa.decimal128(18, 2))


def _payouts(payouts: Iterable[PayoutRow]) -> Any:
    pa, _ = _pa()
    rows = sorted(payouts, key=PayoutRow.order_key)
    sc = schemas()["payouts"]
    if any(getattr(p, f, None) is not None for p in rows for f in COMMITTEE_FIELDS):  # only when the books keep them
        sc = pa.schema(list(sc) + [("decided_on", pa.date32()), ("meeting", pa.string()), ("approver", pa.string())])
    cols: dict[str, list[Any]] = {f.name: [] for f in sc}
    details = sorted({k for p in rows for k in p.details})
    dcols: dict[str, list[Any]] = {k: [] for k in details}
    for p in rows:
        for f in sc.names:
            v = getattr(p, f)
            cols[f].append(v.scaleb(0).quantize(Decimal("0.01")) if f == "amount" else v)
        for k in details:
            v = p.details.get(k)
            dcols[k].append(None if v is None else ("true" if v is True else "false" if v is False else str(v)))
    t = _table(sc, cols)
    for k in details:
        t = t.append_column(pa.field(DETAILS_PREFIX + k, pa.string()), pa.array(dcols[k], type=pa.string()))
    return t


def _registers(accounts: Iterable[Any] | None, beneficiaries: Iterable[Any] | None) -> dict[str, Any]:
    """The optional registers (accounts, beneficiaries) as tables: the accounts' dates and amounts typed, every
    other column the text the CSV holds (``write_ledger_files``)."""
    pa, _ = _pa()
    out: dict[str, Any] = {}
    if accounts is not None:
        rows = list(accounts)
        text = ("account", "doc_no", "round", "counterparty", "note")
        sc = pa.schema([("date", pa.date32()), ("kind", pa.string()), ("amount", pa.decimal128(18, 2))]
                       + [(f, pa.string()) for f in text])
        out["accounts"] = _table(sc, {"date": [e.date for e in rows], "kind": [e.kind for e in rows],
                                      "amount": [e.amount.quantize(Decimal("0.01")) for e in rows],
                                      **{f: [getattr(e, f) for e in rows] for f in text}})
    if beneficiaries is not None:
        from .beneficiaries import share_text
        rows = list(beneficiaries)
        sc = pa.schema([(f, pa.string()) for f in FIELDS["beneficiaries"]])
        out["beneficiaries"] = _table(sc, {
            "member_id": [b.member_id for b in rows], "name": [b.name for b in rows],
            "relationship": [b.relationship for b in rows], "national_id": [b.national_id for b in rows],
            "share": [None if b.share is None else share_text(b.share) for b in rows]})
    return out


def _write(directory: Path, fund: str, tables: dict[str, Any], extra: dict[str, bytes] | None) -> list[Path]:
    _, pq = _pa()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    kinds = [k for k in ALL_KINDS if k in tables]
    for kind in kinds:
        buf = io.BytesIO()
        pq.write_table(tables[kind], buf, row_group_size=ROW_GROUP, compression="zstd")
        write_atomic(directory / f"{kind}.parquet", buf.getvalue())
        written.append(directory / f"{kind}.parquet")
    manifest = (f"# ledger of the {fund} fund as Parquet (written by swf-rules)\nfund: {fund}\nfiles:\n"
                + "".join(f"  {k}: {{path: {k}.parquet, calendar: gregorian}}\n" for k in kinds))
    for name, raw in {"ledger.yaml": manifest.encode("utf-8"), **(extra or {})}.items():
        write_atomic(directory / name, raw)
        written.append(directory / name)
    return written


def write_parquet(ledger_dir: str | Path, out: str | Path, *, calendar: str | None = None,
                  manifest: str | Path | None = None, fund: str | None = None) -> list[Path]:
    """Convert the ledger in ``ledger_dir`` (any format the readers know; checked first, every problem raised as
    one :class:`~swf_rules.core.errors.InputError`) to a Parquet ledger in ``out``.  The call ``swf-rules import``
    makes after converting a spreadsheet; returns the files written."""
    from .read import read_ledger
    led = read_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund)
    fund_id = led.fund or fund
    if fund_id is None:
        raise InputError([make_problem("ledger-no-fund", file=str(ledger_dir),
                                       hint=("add 'fund: <id>' to ledger.yaml or pass the fund id",
                                             "เพิ่ม 'fund: <รหัส>' ใน ledger.yaml หรือระบุรหัสกองทุน"))])
    tables = ledger_tables(led)
    tables.update(_registers(led.accounts if "accounts" in led.files else None,
                             [b for mid in sorted(led.beneficiaries) for b in led.beneficiaries[mid]]
                             if "beneficiaries" in led.files else None))
    return _write(Path(out), fund_id, tables, None)


def write_ledger_parquet(directory: str | Path, *, fund: str, members: Iterable[Member],
                         payouts: Iterable[PayoutRow], extra: dict[str, bytes] | None = None,
                         accounts: Iterable[Any] | None = None,
                         beneficiaries: Iterable[Any] | None = None) -> list[Path]:
    """A Parquet ledger from history values (what :func:`~swf_rules.books.write_ledger_files` writes as CSV), with
    the optional registers when given."""
    from .construct import build_member  # noqa: F401 -- the records below are built from checked values
    from .records import period_code
    recs = []
    for m in sorted(members, key=lambda m: m.member_id):
        rec = MemberRecord(m.member_id, m.birth_date, m.sex,
                           [(s.start, s.end, s.end_reason) for s in sorted(m.spells, key=lambda s: s.start)],
                           m.died_on)
        for c in m.contributions:
            rec.add(c.date, int(c.amount * 100), period_code(c.covers))
        recs.append(rec)
    led = Ledger(fund, {r.member_id: r for r in recs}, list(payouts))
    tables = ledger_tables(led)
    tables.update(_registers(accounts, beneficiaries))
    return _write(Path(directory), fund, tables, extra)
