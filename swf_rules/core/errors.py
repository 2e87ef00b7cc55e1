"""Diagnostics as values.

Every problem swf-rules reports about a user's input (a regulation file, a member history, a claim) is a
:class:`Problem`: a stable ``code``, a message in Thai and English, where it is (file, line:col and the path into
the document), the clause (ข้อ) it belongs to when known, the offending value and a hint saying what to write
instead.  Exceptions raised for bad input carry the complete, ranked list of problems.

Programmer mistakes (calling the API wrongly) are :class:`UsageError` and are a separate family.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ._catalog_books import BOOKS_CATALOG, BOOKS_WARNINGS
from ._catalog_v2 import V2_CATALOG, V2_WARNINGS
from ._catalog_audit import AUDIT_CATALOG
from ._catalog_web import WEB_CATALOG
from ._catalog_events import EVENTS_CATALOG
from ._catalog_columnar import COLUMNAR_CATALOG
from ._catalog_documents import DOCUMENTS_CATALOG, DOCUMENTS_WARNINGS

Path = tuple[str | int, ...]

# code -> (English template, Thai template).  Templates use str.format with the problem's params.
# Every code is documented in docs/errors.md (a test checks that).
CATALOG: dict[str, tuple[str, str]] = {
    # --- reading the file -------------------------------------------------------------------------------
    "file-not-found": ("file not found", "ไม่พบไฟล์"),
    "file-too-large": (
        "file is {size} bytes; the limit is {limit} bytes",
        "ไฟล์มีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์",
    ),
    "not-utf8": (
        "file is not valid UTF-8 (byte {byte} cannot be decoded)",
        "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (ไบต์ {byte} ถอดรหัสไม่ได้)",
    ),
    "empty-file": ("file is empty", "ไฟล์ว่างเปล่า"),
    "yaml-syntax": ("YAML syntax error: {detail}", "รูปแบบ YAML ผิด: {detail}"),
    "json-syntax": ("JSON syntax error: {detail}", "รูปแบบ JSON ผิด: {detail}"),
    "multiple-documents": (
        "file holds more than one YAML document",
        "ไฟล์มีเอกสาร YAML มากกว่าหนึ่งชุด",
    ),
    "not-a-mapping": (
        "expected a mapping (key: value pairs) but found {found}",
        "ต้องเป็นชุดของ key: value แต่พบ {found}",
    ),
    "duplicate-key": (
        "key '{key}' appears twice in this mapping (first at line {first_line})",
        "คีย์ '{key}' ซ้ำในชุดเดียวกัน (ครั้งแรกที่บรรทัด {first_line})",
    ),
    "non-string-key": ("keys must be text, found {found}", "คีย์ต้องเป็นข้อความ แต่พบ {found}"),
    "alias-bomb": (
        "the document expands to more than {limit} nodes (too many aliases)",
        "เอกสารขยายตัวเกิน {limit} โหนด (ใช้ alias มากเกินไป)",
    ),
    "recursive-alias": ("an alias refers to itself", "alias อ้างถึงตัวเอง"),
    "too-deep": ("document is nested too deeply", "เอกสารซ้อนกันลึกเกินไป"),
    "unsupported-tag": (
        "tag {tag} is not allowed; only plain YAML values are",
        "ไม่อนุญาตแท็ก {tag} ใช้ได้เฉพาะค่า YAML ธรรมดา",
    ),
    "merge-key": (
        "merge keys (<<) are not supported; write the keys out",
        "ไม่รองรับคีย์รวม (<<) กรุณาเขียนคีย์ให้ครบ",
    ),
    "file-unreadable": ("the file cannot be read: {detail}", "อ่านไฟล์ไม่ได้: {detail}"),
    "too-many-nodes": (
        "the document holds more than {limit} values; a regulation holds a few thousand",
        "เอกสารมีค่ามากกว่า {limit} ค่า ระเบียบปกติมีเพียงไม่กี่พันค่า",
    ),
    "number-too-large": (
        "the number {value} has more digits than swf-rules reads (at most {limit} before and after the point)",
        "ตัวเลข {value} มีจำนวนหลักเกินกว่าที่อ่านได้ (ไม่เกิน {limit} หลักทั้งก่อนและหลังจุดทศนิยม)",
    ),
    "line-too-long": ("the line is longer than {limit} characters; the file is not read from here on",
                      "บรรทัดยาวเกิน {limit} ตัวอักษร จึงไม่อ่านไฟล์ตั้งแต่บรรทัดนี้"),
    "binary-data": ("the file holds a NUL byte (byte {offset}): it is binary data or UTF-16, not UTF-8 text",
                    "ไฟล์มีไบต์ NUL (ไบต์ที่ {offset}) จึงเป็นข้อมูลไบนารีหรือ UTF-16 ไม่ใช่ข้อความ UTF-8"),
    "csv-syntax": ("CSV syntax error: {detail}", "รูปแบบ CSV ผิด: {detail}"),
    "control-character": (
        "'{value}' contains a control character ({char}); ids and names must be printable text",
        "'{value}' มีอักขระควบคุม ({char}) รหัสและชื่อต้องเป็นข้อความที่พิมพ์ได้",
    ),
    "regulation-unidentified": (
        "skipped: cannot tell which fund this file is for ({detail})",
        "ข้ามไฟล์นี้: ไม่ทราบว่าเป็นระเบียบของกองทุนใด ({detail})",
    ),
    # --- shape of the document ------------------------------------------------------------------------------
    "unknown-key": ("unknown key '{key}'", "ไม่รู้จักคีย์ '{key}'"),
    "missing-field": ("required field '{field}' is missing", "ขาดฟิลด์ที่ต้องมี '{field}'"),
    "wrong-type": ("expected {expected}, found {found}", "ต้องเป็น {expected} แต่พบ {found}"),
    "not-allowed": ("'{value}' is not allowed here", "ไม่อนุญาตค่า '{value}' ในตำแหน่งนี้"),
    "out-of-range": ("value {value} is out of range: {detail}", "ค่า {value} อยู่นอกช่วง: {detail}"),
    "empty-list": ("list must not be empty", "รายการต้องไม่ว่าง"),
    "bad-identifier": (
        "'{value}' is not a valid identifier",
        "'{value}' ไม่ใช่ชื่อระบุที่ถูกต้อง",
    ),
    "unsupported-language-version": (
        "language version {value} is not supported",
        "ไม่รองรับภาษาระเบียบรุ่น {value}",
    ),
    # --- money ----------------------------------------------------------------------------------------------
    "money-float": (
        "money written as a floating-point number ({value})",
        "เขียนจำนวนเงินเป็นทศนิยมแบบลอยตัว ({value})",
    ),
    "money-negative": ("money must not be negative ({value})", "จำนวนเงินต้องไม่ติดลบ ({value})"),
    "money-precision": (
        "money has more than 2 decimal places ({value})",
        "จำนวนเงินมีทศนิยมเกิน 2 ตำแหน่ง ({value})",
    ),
    "money-syntax": ("'{value}' is not an amount of money", "'{value}' ไม่ใช่จำนวนเงิน"),
    "bad-number": ("'{value}' is not a number", "'{value}' ไม่ใช่ตัวเลข"),
    "bad-fraction": ("'{value}' is not a fraction between 0 and 1", "'{value}' ไม่ใช่สัดส่วนระหว่าง 0 ถึง 1"),
    # --- dates ----------------------------------------------------------------------------------------------
    "bad-date": ("'{value}' is not a date (write YYYY-MM-DD)", "'{value}' ไม่ใช่วันที่ (เขียนเป็น ปปปป-ดด-วว)"),
    "unknown-calendar": (
        "unknown calendar '{value}'",
        "ไม่รู้จักปฏิทิน '{value}'",
    ),
    "undeclared-buddhist-date": (
        "year {year} looks like a Buddhist Era year but the document does not declare calendar: buddhist",
        "ปี {year} ดูเหมือนเป็นปีพุทธศักราช แต่เอกสารไม่ได้ประกาศ calendar: buddhist",
    ),
    "date-order": ("{later} ({later_value}) is before {earlier} ({earlier_value})",
                   "{later} ({later_value}) อยู่ก่อน {earlier} ({earlier_value})"),
    # --- regulation semantics -------------------------------------------------------------------------------
    "duplicate-benefit-id": (
        "benefit id '{value}' is used twice (first at line {first_line})",
        "รหัสสวัสดิการ '{value}' ซ้ำ (ครั้งแรกที่บรรทัด {first_line})",
    ),
    "unknown-benefit": ("no benefit with id '{value}'", "ไม่มีสวัสดิการรหัส '{value}'"),
    "self-reference": ("benefit '{value}' refers to itself", "สวัสดิการ '{value}' อ้างถึงตัวเอง"),
    "reference-cycle": ("benefits refer to each other in a cycle: {value}",
                        "สวัสดิการอ้างถึงกันเป็นวง: {value}"),
    "band-gap": (
        "bands leave a gap between {left} and {right}",
        "ช่วงของตารางเว้นช่องว่างระหว่าง {left} และ {right}",
    ),
    "band-overlap": (
        "band {right} overlaps band {left}",
        "ช่วง {right} ซ้อนทับช่วง {left}",
    ),
    "band-syntax": ("'{value}' is not a band: {detail}", "'{value}' ไม่ใช่ช่วงที่ถูกต้อง: {detail}"),
    "band-empty": ("band {value} contains no value", "ช่วง {value} ไม่มีค่าใดอยู่ในช่วง"),
    "not-monotone": ("amounts are declared {value} but band {band} breaks it",
                     "ประกาศว่าจำนวนเงิน{value} แต่ช่วง {band} ไม่เป็นไปตามนั้น"),
    "one-of-fields": ("give exactly one of: {fields}", "ต้องระบุเพียงหนึ่งอย่างจาก: {fields}"),
    "range-order": ("{low} ({low_value}) is greater than {high} ({high_value})",
                    "{low} ({low_value}) มากกว่า {high} ({high_value})"),
    "cap-below-rate": (
        "cap of {cap} is below one unit's rate of {rate}",
        "เพดาน {cap} ต่ำกว่าอัตราต่อหน่วย {rate}",
    ),
    "cap-not-applicable": ("a {what} cap needs an amount paid per unit (type: rate)",
                           "เพดานแบบ {what} ใช้ได้กับอัตราต่อหน่วย (type: rate) เท่านั้น"),
    "waiting-unmeetable": (
        "waiting period of {value} can never be served: {detail}",
        "ระยะรอคอย {value} ไม่มีทางครบได้: {detail}",
    ),
    "deadline-unmeetable": (
        "claim deadline of {value} can never be met",
        "กำหนดเวลายื่นคำขอ {value} ไม่มีทางทันได้",
    ),
    "condition-syntax": ("condition: {detail}", "เงื่อนไข: {detail}"),
    "unknown-fact": ("unknown name '{value}' in condition", "ไม่รู้จักชื่อ '{value}' ในเงื่อนไข"),
    "condition-type": ("condition: {detail}", "เงื่อนไข: {detail}"),
    "unknown-function": ("no function '{value}' was given to the compiler",
                         "ไม่มีฟังก์ชัน '{value}' ที่ส่งให้ตัวแปลระเบียบ"),
    "version-overlap": (
        "version {right} starts on {start} while version {left} is still in force",
        "รุ่น {right} เริ่มใช้ {start} ขณะที่รุ่น {left} ยังมีผลอยู่",
    ),
    "duplicate-effective-date": (
        "two versions take effect on {value}",
        "มีสองรุ่นที่มีผลวันเดียวกัน {value}",
    ),
    "duplicate-version": ("version '{value}' is declared twice", "รุ่น '{value}' ประกาศซ้ำ"),
    # --- history, claim, lookup -------------------------------------------------------------------------
    "no-version-in-force": (
        "no version of {fund} is in force on {value}; the first takes effect on {first}",
        "ไม่มีระเบียบของ {fund} ที่มีผลในวันที่ {value} รุ่นแรกมีผลตั้งแต่ {first}",
    ),
    "version-gap": (
        "no version of {fund} is in force on {value} (version {previous} ended on {ended})",
        "ไม่มีระเบียบของ {fund} ที่มีผลในวันที่ {value} (รุ่น {previous} สิ้นสุด {ended})",
    ),
    "contribution-before-membership": (
        "contribution dated {value} is before the membership began on {start}; it is kept as recorded",
        "การส่งเงินสมทบวันที่ {value} อยู่ก่อนเริ่มเป็นสมาชิกวันที่ {start} บันทึกไว้ตามที่ส่งมา",
    ),
    "contribution-outside-membership": (
        "contribution dated {value} falls outside every membership spell (after the spell that ended on {ended}); "
        "it is kept as recorded",
        "การส่งเงินสมทบวันที่ {value} อยู่นอกช่วงการเป็นสมาชิก (หลังช่วงที่สิ้นสุดวันที่ {ended}) บันทึกไว้ตามที่ส่งมา",
    ),
    "contribution-after-death": (
        "contribution dated {value} is after the member's death on {died_on}; it is kept as recorded",
        "การส่งเงินสมทบวันที่ {value} อยู่หลังวันที่สมาชิกเสียชีวิต {died_on} บันทึกไว้ตามที่ส่งมา",
    ),
    "duplicate-contribution": (
        "this contribution repeats {first} exactly (same date, amount and period); both are counted, as recorded",
        "การส่งเงินสมทบนี้ซ้ำกับ {first} ทุกประการ (วันที่ จำนวนเงิน และงวดเดียวกัน) นับทั้งสองรายการตามที่บันทึกไว้",
    ),
    "bad-period": ("'{value}' is not an instalment period; write YYYY-MM (monthly) or YYYY (yearly)",
                   "'{value}' ไม่ใช่งวดการส่งเงิน ให้เขียน ปปปป-ดด (รายเดือน) หรือ ปปปป (รายปี)"),
    "contribution-period": (
        "contribution covers '{value}' but the schedule is {period}; write {expected}",
        "เงินสมทบระบุงวด '{value}' แต่รอบการส่งเป็น {period} ให้เขียน {expected}",
    ),
    "overlapping-spells": (
        "membership spell starting {value} overlaps the previous one",
        "ช่วงสมาชิกที่เริ่ม {value} ซ้อนทับช่วงก่อนหน้า",
    ),
    "open-spell-not-last": ("only the last membership spell may be open", "เฉพาะช่วงสมาชิกสุดท้ายเท่านั้นที่ยังไม่สิ้นสุดได้"),
    "event-after-death": (
        "event on {value} is after the member's death on {died_on}",
        "เหตุการณ์วันที่ {value} เกิดหลังการเสียชีวิตของสมาชิกวันที่ {died_on}",
    ),
    "death-claim-mismatch": (
        "death claim event date {value} differs from the member's date of death {died_on}",
        "วันที่เหตุในคำขอกรณีเสียชีวิต {value} ไม่ตรงกับวันเสียชีวิตของสมาชิก {died_on}",
    ),
    "claim-member-mismatch": (
        "claim is for member {value} but the history is of member {member}",
        "คำขอเป็นของสมาชิก {value} แต่ประวัติเป็นของสมาชิก {member}",
    ),
    "negative-units": ("units must not be negative ({value})", "จำนวนหน่วยต้องไม่ติดลบ ({value})"),
    "missing-claim-field": (
        "benefit '{benefit}' needs claim field '{value}'",
        "สวัสดิการ '{benefit}' ต้องระบุข้อมูล '{value}' ในคำขอ",
    ),
    "duplicate-claim-id": ("claim id '{value}' appears twice", "รหัสคำขอ '{value}' ซ้ำ"),
    "duplicate-member-id": ("member id '{value}' appears twice (first at index {first})",
                            "รหัสสมาชิก '{value}' ซ้ำ (ครั้งแรกที่ลำดับ {first})"),
    "unknown-member": ("no member with id '{value}'", "ไม่พบสมาชิกรหัส '{value}'"),
    "unknown-regulation": ("no regulation named '{value}'", "ไม่พบระเบียบชื่อ '{value}'"),
    # --- ledgers, decision log, synthetic funds (swf_rules.books, decision_log, synth) --------------------
    "ledger-missing-file": ("the ledger has no {kind} file (looked for {expected})",
                            "ไม่พบไฟล์{kind_th}ในบัญชี (ค้นหา {expected})"),
    "ledger-ambiguous-file": ("both {first} and {second} are present; remove one or name it in ledger.yaml",
                              "มีทั้ง {first} และ {second} ให้ลบไฟล์หนึ่งออกหรือระบุใน ledger.yaml"),
    "ledger-missing-column": ("required column '{field}' is missing", "ไม่มีคอลัมน์ '{field}' ที่ต้องมี"),
    "ledger-unknown-column": ("unknown column '{value}'", "ไม่รู้จักคอลัมน์ '{value}'"),
    "ledger-duplicate-column": ("column '{value}' appears twice (first as column {first_col})",
                                "คอลัมน์ '{value}' ซ้ำ (ครั้งแรกเป็นคอลัมน์ที่ {first_col})"),
    "ledger-row-length": ("the row has {found} fields but the header has {expected}",
                          "แถวนี้มี {found} ช่อง แต่หัวตารางมี {expected} ช่อง"),
    "ledger-year-only": ("'{value}' is a year without a day; year-only dates are accepted only in the member "
                         "register (birth_date, joined, left, died_on)",
                         "'{value}' มีแต่ปี ไม่มีวันที่ ใช้ได้เฉพาะในทะเบียนสมาชิก (birth_date, joined, left, died_on)"),
    "ledger-bad-period": ("'{value}' is not an instalment period (write YYYY-MM or YYYY)",
                          "'{value}' ไม่ใช่งวดการส่งเงิน (เขียนเป็น ปปปป-ดด หรือ ปปปป)"),
    "ledger-member-conflict": ("member '{value}' has {field} '{found}' here but '{first}' at line {first_line}",
                               "สมาชิก '{value}' มี {field} เป็น '{found}' แต่บรรทัด {first_line} เป็น '{first}'"),
    "ledger-duplicate-id": ("payout id '{value}' appears twice (first at line {first_line})",
                            "เลขที่การจ่าย '{value}' ซ้ำ (ครั้งแรกที่บรรทัด {first_line})"),
    "ledger-skipped-member": ("skipped {count} {what} row(s) of member '{value}', whose register rows are bad",
                              "ข้าม {count} แถว ({what}) ของสมาชิก '{value}' เพราะแถวในทะเบียนสมาชิกผิด"),
    "ledger-no-fund": ("the ledger does not say which fund it belongs to",
                       "บัญชีไม่ได้ระบุว่าเป็นของกองทุนใด"),
    "synth-cannot-plant": ("cannot plant {value}: {detail}", "ฝังข้อผิดพลาดแบบ {value} ไม่ได้: {detail}"),
    # --- committee case files (swf_rules.committee) ----------------------------------------------------------
    "case-paid": ("'{value}' is not a payment pattern", "'{value}' ไม่ใช่รูปแบบการส่งเงิน"),
    "case-missed": ("'{value}' is not an instalment period", "'{value}' ไม่ใช่งวดการส่งเงิน"),
    "case-schedule": ("'paid: {value}' does not match the regulation's instalments (every {period})",
                      "'paid: {value}' ไม่ตรงกับรอบการส่งเงินของระเบียบ (ทุก {period})"),
    "case-conflicting-fields": ("give only one of: {fields}", "ระบุได้เพียงหนึ่งอย่างจาก: {fields}"),
    "case-contradiction": ("an eligible claim cannot have failing checks", "คำขอที่มีสิทธิ์จะมีข้อที่ไม่ผ่านไม่ได้"),
    "case-duplicate-name": ("case name '{value}' is used twice (first at line {first_line})",
                            "ชื่อกรณี '{value}' ซ้ำ (ครั้งแรกที่บรรทัด {first_line})"),
    "case-regulation-not-found": ("regulation file '{value}' not found (looked for {resolved})",
                                  "ไม่พบไฟล์ระเบียบ '{value}' (ค้นหาที่ {resolved})"),
    "case-unknown-check": ("'{value}' is neither a check name nor a clause of the regulation",
                           "'{value}' ไม่ใช่ชื่อการตรวจหรือข้อของระเบียบ"),
    "case-unknown-error": ("'{value}' is not a problem code", "'{value}' ไม่ใช่รหัสปัญหา"),
    "case-none-found": ("no *.cases.yaml files under {value}", "ไม่พบไฟล์ *.cases.yaml ใน {value}"),
    # --- lint: valid but suspicious (swf_rules.committee.lint); all are warnings -----------------------------------
    "lint-unreachable-benefit": ("benefit '{benefit}' can never be paid: {detail}",
                                 "สวัสดิการ '{benefit}' ไม่มีทางจ่ายได้: {detail_th}"),
    "lint-status-excludes-active": ("benefit '{benefit}' is not paid to active members (status allowed: {value})",
                                    "สวัสดิการ '{benefit}' ไม่จ่ายให้สมาชิกสถานะปกติ (สถานะที่รับได้: {value})"),
    "lint-condition-always-true": ("condition '{value}' is always true: {detail}",
                                   "เงื่อนไข '{value}' เป็นจริงเสมอ: {detail_th}"),
    "lint-condition-always-false": ("condition '{value}' is always false: {detail}",
                                    "เงื่อนไข '{value}' เป็นเท็จเสมอ: {detail_th}"),
    "lint-same-event-undeclared": (
        "benefits '{first}' and '{second}' (both {kind}) can pay for the same event, and neither declares "
        "same_event stacks_with or excludes",
        "สวัสดิการ '{first}' และ '{second}' (ประเภท {kind} ทั้งคู่) อาจจ่ายให้เหตุการณ์เดียวกัน "
        "โดยไม่ได้ระบุ same_event stacks_with หรือ excludes"),
    "lint-cap-below-payment": ("{per} cap of {cap} is below one payment of {amount}: it is never paid in full",
                               "เพดาน {per} {cap} ต่ำกว่าการจ่ายหนึ่งครั้ง {amount} จึงไม่มีทางจ่ายเต็มจำนวน"),
    "lint-waiting-unservable": (
        "waiting period of {value} cannot be served while the membership allows the benefit: {detail}",
        "ระยะรอคอย {value} ไม่มีทางครบขณะที่สถานะสมาชิกยังรับสวัสดิการได้: {detail_th}"),
    "lint-table-not-monotone": (
        "{by} table of a {kind} benefit goes down at band {band} ({before} -> {after}) and declares no 'monotone:'",
        "ตารางตาม{by_th}ของสวัสดิการประเภท {kind} ลดลงที่ช่วง {band} ({before} -> {after}) "
        "โดยไม่ได้ประกาศ 'monotone:'"),
}

CATALOG.update(BOOKS_CATALOG)  # the accounts, beneficiaries and import codes (``_catalog_books``)
CATALOG.update(AUDIT_CATALOG)  # the decision log and output-file codes (``_catalog_audit``)
CATALOG.update(WEB_CATALOG)  # the workbench and HTTP API codes (``_catalog_web``)
CATALOG.update(EVENTS_CATALOG)  # the event monitor's stream codes (``_catalog_events``)
CATALOG.update(COLUMNAR_CATALOG)  # the columnar engine, Parquet books and Dask codes (``_catalog_columnar``)
CATALOG.update(DOCUMENTS_CATALOG)  # approvals, vouchers, printed documents, the Thai lint (``_catalog_documents``)

# Problems that are not fatal (the regulation still loads) carry severity "warning".
WARNINGS: frozenset[str] = BOOKS_WARNINGS | DOCUMENTS_WARNINGS | frozenset({
    "lint-unreachable-benefit", "lint-status-excludes-active", "lint-condition-always-true",
    "lint-condition-always-false", "lint-same-event-undeclared", "lint-cap-below-payment",
    "lint-waiting-unservable", "lint-table-not-monotone", "log-torn-tail", "regulation-unidentified",
})
CATALOG.update(V2_CATALOG)  # language version 2 (``_catalog_v2``)
WARNINGS = WARNINGS | V2_WARNINGS

# Irregular records that do not make the facts ambiguous: carried in the decision (and in replay findings) as
# notices, never refused (severity "notice").
NOTICES: frozenset[str] = frozenset({
    "contribution-before-membership", "contribution-outside-membership", "contribution-after-death",
    "duplicate-contribution",
})


def _fmt(template: str, params: dict[str, Any]) -> str:
    class _Missing(dict):  # leave unknown placeholders visible rather than failing
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Missing({k: _show(v) for k, v in params.items()}))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _show(v: Any) -> str:
    if isinstance(v, str):  # a control character (NUL, ESC...) in a message would reach terminals and files
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", v) if _CONTROL.search(v) else v
    if isinstance(v, float):
        return repr(v)
    return str(v)


@dataclass(frozen=True)
class Problem:
    """One diagnostic.  ``line``/``col`` are 1-based; ``path`` is the key path into the document."""

    code: str
    message_en: str
    message_th: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    path: Path = ()
    clause: str | None = None
    value: Any = None
    hint_en: str | None = None
    hint_th: str | None = None
    severity: str = "error"
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    sheet: str | None = None  # a workbook's sheet: the place is then sheet!cell (line = row, col = column)

    def message(self, lang: str = "en") -> str:
        return self.message_th if lang == "th" else self.message_en

    def hint(self, lang: str = "en") -> str | None:
        return self.hint_th if lang == "th" else self.hint_en

    @property
    def json_path(self) -> str:
        out = "$"
        for p in self.path:
            out += f"[{p}]" if isinstance(p, int) else f".{p}"
        return out

    @property
    def cell(self) -> str | None:
        """The spreadsheet cell (``C17``) of a problem found in a workbook's sheet, else None."""
        if self.sheet is None or self.line is None:
            return None
        return column_letter(self.col or 1) + str(self.line)

    def where(self) -> str:
        f = _show(self.file) if self.file else "<input>"
        if self.sheet is not None and self.line is not None:
            return f"{f}:{self.sheet}!{self.cell}"
        if self.line is not None:
            return f"{f}:{self.line}:{self.col}"
        return f"{f}:{self.json_path}"

    def render(self, lang: str = "en") -> str:
        text = f"{self.where()} {self.code} {self.message(lang)}"
        if self.clause:
            text += f" [{self.clause}]"
        hint = self.hint(lang)
        if hint:
            text += f" ({'แก้ไข' if lang == 'th' else 'fix'}: {hint})"
        return text

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": list(self.path),
            "json_path": self.json_path,
            "clause": self.clause,
            "value": _jsonable(self.value),
            "message": {"en": self.message_en, "th": self.message_th},
            "hint": None if self.hint_en is None else {"en": self.hint_en, "th": self.hint_th},
        } | ({"sheet": self.sheet, "cell": self.cell} if self.sheet is not None else {})

    def sort_key(self) -> tuple:
        return (
            0 if self.severity == "error" else 1,
            self.file or "",
            self.sheet or "",
            self.line if self.line is not None else 1 << 30,
            self.col if self.col is not None else 1 << 30,
            tuple((isinstance(x, str), x) for x in self.path),
            self.code,
        )


def _jsonable(v: Any) -> Any:
    try:
        json.dumps(v)
        return v
    except (TypeError, ValueError):
        return str(v)


def make_problem(
    code: str,
    *,
    path: Path = (),
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    clause: str | None = None,
    value: Any = None,
    hint: tuple[str, str] | None = None,
    sheet: str | None = None,
    **params: Any,
) -> Problem:
    """Build a problem from the catalogue.  ``params`` fill the message templates; ``name_th=...`` gives the Thai
    wording of parameter ``name`` for the Thai message."""
    if code not in CATALOG:
        raise UsageError(f"unknown problem code {code!r}")
    if value is not None and "value" not in params:
        params["value"] = value
    en, th = CATALOG[code]
    # A parameter ``x_th`` is the Thai wording of parameter ``x`` (used in the Thai message only).
    th_params = {**params, **{k[:-3]: v for k, v in params.items() if k.endswith("_th")}}
    return Problem(
        code=code,
        message_en=_fmt(en, params),
        message_th=_fmt(th, th_params),
        file=file,
        line=line,
        col=col,
        path=tuple(path),
        clause=clause,
        value=value,
        hint_en=hint[0] if hint else None,
        hint_th=hint[1] if hint else None,
        severity="warning" if code in WARNINGS else "notice" if code in NOTICES else "error",
        params=params,
        sheet=sheet,
    )


def column_letter(col: int) -> str:
    """A spreadsheet column's letters: 1 -> A, 27 -> AA."""
    out = ""
    while col > 0:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


def did_you_mean(value: str, options: Iterable[str], otherwise: tuple[str, str] | None = None,
                 cutoff: float = 0.6) -> tuple[str, str] | None:
    """A hint (English, Thai) naming the option closest to a mistyped ``value``, or ``otherwise`` (typically the
    list of what is allowed) when none is close enough."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=cutoff)
    if close:
        return f"did you mean '{close[0]}'?", f"หมายถึง '{close[0]}' หรือไม่"
    return otherwise


def rank(problems: Iterable[Problem]) -> list[Problem]:
    """Errors before warnings, then by file position; duplicates (the same problem, at the same place, about the
    same value) removed.  Two problems at one place about different values (two members' rows left out, both
    reported against the whole file) are both kept."""
    seen: set[tuple] = set()
    out = []
    for p in sorted(problems, key=Problem.sort_key):
        k = (p.code, p.file, p.sheet, p.line, p.col, p.path, p.value)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


class SwfError(Exception):
    """Base of every error swf-rules raises for a user's input."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = rank(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if not self.problems:
            return "invalid input"
        head = str(self.problems[0])
        more = len(self.problems) - 1
        return head + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")

    def render(self, lang: str = "en") -> str:
        return "\n".join(p.render(lang) for p in self.problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class RegulationError(SwfError):
    """A regulation file could not be loaded or validated."""


class InputError(SwfError):
    """A member history, claim, ledger or case file is invalid."""


class LookupProblem(SwfError):
    """A lookup (version in force, benefit, member) found nothing."""


class UsageError(Exception):
    """The library was called wrongly (a programmer's mistake, not a user's)."""
