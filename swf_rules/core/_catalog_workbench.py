"""The problem codes of the workbench's fund pages and uploads (``swf_rules.web``: importing a fund's books in the
browser or through ``POST /api/v1/import``): (English, Thai) templates merged into
:data:`swf_rules.core.errors.CATALOG` through ``_catalog_web``, so that the catalogue module stays its size.  Each
code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

WORKBENCH_CATALOG: dict[str, tuple[str, str]] = {
    "workbook-too-large": ("the workbook unpacks to {size} bytes, more than the limit of {limit} bytes; send its "
                           "sheets as CSV files, or fewer years at a time",
                           "สมุดงานนี้เมื่อแตกไฟล์มีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์ ให้ส่งแต่ละแผ่นงานเป็นไฟล์ CSV "
                           "หรือแบ่งส่งทีละช่วงปี"),
}
