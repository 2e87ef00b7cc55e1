"""import: a fund's books as a workbook in the template layout (and the same sheets as Thai-Windows CSV files),
converted into the canonical ledger by ``swf-rules import``, timed end to end.

* :func:`setup` draws a synthetic Chamung fund with its accounts and beneficiaries and a few planted mistakes of
  every kind, and writes it as ``books.xlsx`` (``swf-rules synth --xlsx``) and as a folder of the template's
  sheets saved as cp874 CSV files (what a spreadsheet's "CSV" export gives on a Thai Windows machine).
* :func:`measure` runs :func:`swf_rules.books.importer.import_books` on one of them, in its own process: rows per
  second (every data row of every sheet), peak memory, and whether the import found exactly the planted notices.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

from ._common import CHAMUNG, SEED, START, current_rss_mb


def setup(cfg: dict[str, Any]) -> dict[str, Any]:
    from swf_rules import load_regulation
    from swf_rules.books.importer.template import SHEETS
    from swf_rules.core.output import write_atomic
    from swf_rules.synth import ACCOUNT_PLANT_KINDS, add_accounts, ledger
    from swf_rules.synth._workbook import workbook_bytes, workbook_rows

    d = Path(cfg["dir"])
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    reg = load_regulation(CHAMUNG)
    t0 = time.perf_counter()
    book = ledger(reg, seed=SEED, members=cfg["members"], years=cfg["years"], start=START,
                  plant={"paid_twice": 2} if cfg["members"] >= 100 else {})
    add_accounts(book, seed=SEED, start=START, years=cfg["years"],
                 plant={k: 1 for k in ACCOUNT_PLANT_KINDS} if cfg["years"] >= 3 else {})
    t1 = time.perf_counter()
    write_atomic(d / "books.xlsx", workbook_bytes(book))
    t2 = time.perf_counter()
    rows, extra = workbook_rows(book)
    (d / "csv").mkdir()
    n = 0
    for sheet, (_kind, cols) in SHEETS.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([h for h, _ in cols] + extra.get(sheet, []))
        for r in rows[sheet]:
            w.writerow(["" if v is None else (f"{v:%d/%m/}{v.year + 543}" if hasattr(v, "year") else v) for v in r])
            n += 1
        (d / "csv" / f"{sheet}.csv").write_bytes(buf.getvalue().encode("cp874"))
    (d / "planted_books.json").write_text(json.dumps(book.planted_books, ensure_ascii=False), encoding="utf-8")
    return {"dir": str(d), "rows": n, "instalments": sum(len(m.contributions) for m in book.members),
            "generate_seconds": round(t1 - t0, 2), "xlsx_write_seconds": round(t2 - t1, 2),
            "xlsx_bytes": (d / "books.xlsx").stat().st_size}


def measure(cfg: dict[str, Any]) -> dict[str, Any]:
    from swf_rules.books.importer import import_books

    d = Path(cfg["dir"])
    src = d / ("books.xlsx" if cfg["source"] == "xlsx" else "csv")
    out = d / f"out-{cfg['source']}"
    if out.exists():
        shutil.rmtree(out)
    base = current_rss_mb()
    res: dict[str, Any] = {}
    if cfg["source"] == "xlsx":  # what openpyxl alone takes to stream every sheet (the floor of an xlsx import)
        import openpyxl
        t0 = time.perf_counter()
        wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
        res["openpyxl_seconds"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    r = import_books(src, out, fund="chamung")
    seconds = time.perf_counter() - t0
    planted = json.loads((d / "planted_books.json").read_text(encoding="utf-8"))
    want = sorted((x["code"], x["value"]) for x in planted)
    got = sorted((p.code, p.value) for p in r.notices)
    rows = cfg["rows"]
    return {**res, "source": cfg["source"], "seconds": round(seconds, 3), "rows": rows,
            "rows_per_s": round(rows / seconds) if seconds else None, "counts": r.counts,
            "baseline_rss_mb": base, "planted_check": {"ok": got == want, "planted": len(want), "found": len(got)}}
