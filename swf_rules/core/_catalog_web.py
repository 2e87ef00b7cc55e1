"""The problem codes of the web workbench and HTTP API (``swf_rules.web``): (English, Thai) templates merged into
:data:`swf_rules.core.errors.CATALOG`, kept here so that the catalogue stays one module's size.  Each code is
documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

WEB_CATALOG: dict[str, tuple[str, str]] = {
    # --- the web workbench and HTTP API (swf_rules.web) ----------------------------------------------------
    "request-too-large": ("the request is larger than the limit of {limit} bytes",
                          "คำขอมีขนาดเกินขีดจำกัด {limit} ไบต์"),
    "request-timeout": ("the request took longer than {limit} seconds and was stopped; nothing was changed",
                        "คำขอใช้เวลาเกิน {limit} วินาทีจึงถูกหยุด ไม่มีสิ่งใดถูกเปลี่ยนแปลง"),
    "server-busy": ("the server is busy with {value} requests; try again in a moment",
                    "เครื่องแม่ข่ายกำลังทำงาน {value} คำขอ กรุณาลองใหม่อีกครั้ง"),
    "unknown-path": ("nothing is served at '{value}'", "ไม่มีหน้าหรือบริการที่ '{value}'"),
    "method-not-allowed": ("'{value}' is not allowed here; use {allowed}",
                           "ใช้ '{value}' ที่นี่ไม่ได้ ให้ใช้ {allowed}"),
    "unsupported-media-type": ("the request body is '{value}'; send {expected}",
                               "เนื้อหาคำขอเป็นแบบ '{value}' ให้ส่งแบบ {expected}"),
    "unauthorized": ("a valid access token is needed", "ต้องใช้รหัสเข้าใช้งาน (token) ที่ถูกต้อง"),
    "csrf-failed": ("the form is out of date or did not come from this workbench; reload the page and try again",
                    "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"),
    "host-not-allowed": ("the server does not answer to host '{value}'", "เครื่องแม่ข่ายไม่ตอบชื่อโฮสต์ '{value}'"),
    "unknown-books": ("no books named '{value}' are served", "ไม่มีบัญชีกองทุนชื่อ '{value}'"),
    "read-only": ("{value} is read-only here: {detail}", "{value} แก้ไขไม่ได้ที่นี่: {detail_th}"),
    "save-conflict": ("{value} was changed by someone else since it was opened; nothing was saved",
                      "มีผู้อื่นแก้ไข {value} หลังจากที่เปิดไว้ จึงไม่ได้บันทึก"),
    "internal-error": ("an internal error happened (reference {value}); nothing was changed",
                       "เกิดข้อผิดพลาดภายใน (รหัสอ้างอิง {value}) ไม่มีสิ่งใดถูกเปลี่ยนแปลง"),
}

from ._catalog_workbench import WORKBENCH_CATALOG  # noqa: E402  (the fund pages' and uploads' codes)

WEB_CATALOG.update(WORKBENCH_CATALOG)
