"""The problem codes of event streams (``swf_rules.events.monitor``): (English, Thai) templates merged into
:data:`swf_rules.core.errors.CATALOG`.  Each code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

EVENTS_CATALOG: dict[str, tuple[str, str]] = {
    "unknown-event-type": ("'{value}' is not an event type", "'{value}' ไม่ใช่ประเภทเหตุการณ์"),
    "misplaced-header": ("a header line is allowed only as the first line of the stream",
                         "บรรทัดหัว (header) ต้องอยู่บรรทัดแรกของไฟล์เหตุการณ์เท่านั้น"),
    "event-out-of-order": ("event dated {value} arrives after {done} was already processed",
                           "เหตุการณ์วันที่ {value} มาหลังจากประมวลผลถึงวันที่ {done} แล้ว"),
    "already-member": ("member '{value}' is already a member (since {since})",
                       "'{value}' เป็นสมาชิกอยู่แล้ว (ตั้งแต่ {since})"),
    "not-a-member": ("member '{value}' is not a member any more ({status} since {since})",
                     "'{value}' ไม่ได้เป็นสมาชิกแล้ว ({status} ตั้งแต่ {since})"),
    "stay-already-open": ("admitted on {value} while still in hospital since {since}",
                          "รับเข้าโรงพยาบาลวันที่ {value} ขณะที่ยังนอนโรงพยาบาลอยู่ตั้งแต่ {since}"),
    "no-open-stay": ("discharged on {value} without an admission", "ออกจากโรงพยาบาลวันที่ {value} โดยไม่มีการรับเข้า"),
}
