"""The problem codes of the reports on the fund as a whole (``swf_rules.reports``: the projection's assumptions
file): (English, Thai) templates merged into :data:`swf_rules.core.errors.CATALOG` (through ``_catalog_books``, so
that the catalogue module stays its size).  Each code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

REPORTS_CATALOG: dict[str, tuple[str, str]] = {
    "assumptions-no-source": ("the assumption '{value}' does not say where it comes from (source: ...)",
                              "สมมติฐาน '{value}' ไม่ได้ระบุที่มา (source: ...)"),
    "project-needs-numpy": ("projecting a fund needs numpy, which is not installed",
                            "การประมาณการเงินกองทุนต้องใช้ numpy ซึ่งยังไม่ได้ติดตั้ง"),
}
