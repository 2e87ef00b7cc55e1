"""The problem codes of the optional columnar engine, Parquet books and the Dask replay (``swf_rules.columnar``,
``swf_rules.books.parquet``, ``swf_rules.audit.scale``): (English, Thai) templates merged into
:data:`swf_rules.core.errors.CATALOG`.  Each code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

COLUMNAR_CATALOG: dict[str, tuple[str, str]] = {
    "parquet-unreadable": ("the file is not a Parquet file that can be read: {detail}",
                           "ไฟล์นี้ไม่ใช่ไฟล์ Parquet ที่อ่านได้: {detail}"),
    "extra-missing": ("{feature} needs the package {package}: pip install 'swf-rules[{extra}]'",
                      "{feature_th} ต้องใช้แพ็กเกจ {package}: pip install 'swf-rules[{extra}]'"),
    "scheduler-unreachable": ("cannot reach the Dask scheduler at '{value}': {detail}",
                              "ติดต่อตัวจัดงาน Dask ที่ '{value}' ไม่ได้: {detail}"),
}
