"""``swf-rules import`` on small hand-made books: the template read with no mapping, every problem at once at its
sheet!cell or file:line:col, nothing written unless clean (or --skip-bad-rows), CSV encodings, value maps,
mapping errors, and the template shipped with the package."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from swf_rules.books.importer import import_books, read_mapping, template_book
from swf_rules.books.importer.template import SHEETS, shipped_template
from swf_rules.cli import main
from swf_rules.core.errors import InputError

NAMES = list(SHEETS)  # สมาชิก เงินสัจจะ จ่ายสวัสดิการ รายรับอื่น รายจ่าย ผู้รับผลประโยชน์

MEMBERS = [["M001", "15/03/2500", "หญิง", dt.datetime(2019, 10, 1), "ปกติ", None, None],
           ["M002", "2490", "ชาย", "01/10/2562", "เสียชีวิต", None, "20/05/2563"],
           ["M003", "01/01/2530", "ช", "๐๕/๑๐/๒๕๖๒", "ลาออก", "30/09/2563", None]]
CONTRIBUTIONS = [["M001", "05/10/2562", "10/2562", 30], ["M001", "05/11/2562", "11/2562", "30.00"],
                 ["M002", "05/10/2562", "๑๐/๒๕๖๒", "๓๐"]]
PAYOUTS = [["V1", "M001", "hospital", "01/09/2563", "03/09/2563", "04/09/2563", "05/09/2563", 2, None, 400, None],
           ["V2", "M002", "death", "20/05/2563", None, "21/05/2563", "22/05/2563", None, None, "10,000", None]]
INCOME = [["01/10/2562", None, "ยอดยกมา", None, None, "เงินสด", 20000, None],
          ["15/12/2562", "R-1", "เงินสมทบจาก อปท.", "2562", "อบต.", "ธนาคาร", "2,000.50", None]]
EXPENSE = [["25/10/2562", "P-1", "ค่าบริหารจัดการ", None, "เงินสด", 100, "ค่าวัสดุ"]]
BENEFICIARIES = [["M001", "ผู้รับสมมุติ", "บุตร", "0012345678909", "1/1"]]


def _book(path: Path, **changes: list[list[Any]]) -> Path:
    rows = {NAMES[0]: MEMBERS, NAMES[1]: CONTRIBUTIONS, NAMES[2]: PAYOUTS, NAMES[3]: INCOME, NAMES[4]: EXPENSE,
            NAMES[5]: BENEFICIARIES}
    for k, v in changes.items():
        rows[NAMES[int(k[1:])]] = v
    path.write_bytes(template_book(path, rows))
    return path


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_template_read_with_no_mapping(tmp_path: Path) -> None:
    r = import_books(_book(tmp_path / "book.xlsx"), tmp_path / "out", fund="chamung")
    out = tmp_path / "out"
    assert r.counts == {"members": 3, "contributions": 3, "payouts": 2, "accounts": 3, "beneficiaries": 1}
    assert sorted(p.name for p in out.iterdir()) == ["accounts.csv", "beneficiaries.csv", "contributions.csv",
                                                      "ledger.yaml", "members.csv", "payouts.csv"]
    assert _read(out / "members.csv") == (
        "member_id,birth_date,sex,joined,left,left_reason,died_on\n"
        "M001,1957-03-15,female,2019-10-01,,,\n"
        "M002,1947,male,2019-10-01,2020-05-20,died,2020-05-20\n"
        "M003,1987-01-01,male,2019-10-05,2020-09-30,resigned,\n")
    assert _read(out / "contributions.csv") == ("member_id,date,amount,covers\nM001,2019-10-05,30,2019-10\n"
                                                "M001,2019-11-05,30,2019-11\nM002,2019-10-05,30,2019-10\n")
    assert _read(out / "payouts.csv").splitlines()[1:] == [
        "V1,M001,hospital,2020-09-01,2020-09-03,2020-09-04,2020-09-05,2,,400,",
        "V2,M002,death,2020-05-20,,2020-05-21,2020-05-22,,,10000,"]
    assert _read(out / "accounts.csv").splitlines()[1:] == [
        "2019-10-01,opening_balance,20000,cash,,,,", "2019-12-15,matching_local,2000.50,bank,R-1,2562,อบต.,",
        "2019-10-25,admin_expense,100,cash,P-1,,,ค่าวัสดุ"]
    assert _read(out / "beneficiaries.csv") == ("member_id,name,relationship,national_id,share\n"
                                                "M001,ผู้รับสมมุติ,บุตร,0012345678909,1/1\n")
    assert _read(out / "ledger.yaml").splitlines()[1:3] == ["fund: chamung", "files:"]
    assert [(p.code, p.where()) for p in r.notices] == []


BAD_MEMBERS = [["M001", "15/03/2500", "หญิง", "01/10/2562", "ปกติ", None, None],
               ["M002", "15/03/1990", "ชาย", "01/10/2562", "ปกติ", None, None],
               ["M003", "01/01/2530", "ชาย", "01/10/2562", "ย้ายออก", "30/09/2563", None],
               ["M004", "01/01/2530", "หญิง", "01/10/2562", "ลาออก", None, None]]
BAD_CONTRIBUTIONS = [["M001", "05/10/2562", "10/2562", 30], ["M001", "31/11/2562", "11/2562", 30],
                     ["M001", "05/09/2562", "09/2562", 30], ["M009", "05/10/2562", "10/2562", "สามสิบ"],
                     ["M003", "05/10/2562", "10/2562", 30]]
BAD_PAYOUTS = [["V1", "M001", "hospital", "01/09/2563", "03/09/2563", None, None, 2, None, 400, None],
               ["V1", "M001", "hospital", "01/09/2564", "03/09/2564", None, None, 2, None, 400, None]]


def test_every_problem_at_once_at_its_cell_and_nothing_written(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsx", s0=BAD_MEMBERS, s1=BAD_CONTRIBUTIONS, s2=BAD_PAYOUTS)
    with pytest.raises(InputError) as e:
        import_books(book, tmp_path / "out")
    got = [(p.where().split(":", 1)[1], p.code) for p in e.value.problems]
    assert got == [
        ("จ่ายสวัสดิการ!A3", "ledger-duplicate-id"),
        ("สมาชิก!B3", "import-calendar-contradiction"),
        ("สมาชิก!E4", "import-unmapped-value"),
        ("สมาชิก!F5", "missing-field"),
        ("เงินสัจจะ!B3", "bad-date"),
        # B4, an instalment paid before M001 joined, is irregular but not invalid: a notice (next test)
        ("เงินสัจจะ!D5", "money-syntax"),
    ]
    unmapped = e.value.problems[2]
    assert unmapped.message_en == "'ย้ายออก' is not a value status can take"
    assert unmapped.hint_en == ("add it under values: {status: {ย้ายออก: ...}} in the mapping, or write one of: "
                                "active, died, expelled, lapsed, resigned, ตาย, ปกติ, พ้นสภาพ, ลาออก, "
                                "เป็นสมาชิก, เสียชีวิต, ให้ออก")
    assert e.value.problems[0].message_en == "payout id 'V1' appears twice (first at line จ่ายสวัสดิการ!2)"
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]  # no working folder left behind


def test_skip_bad_rows_writes_the_rest_and_lists_them(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsx", s0=BAD_MEMBERS, s1=BAD_CONTRIBUTIONS, s2=BAD_PAYOUTS)
    r = import_books(book, tmp_path / "out", skip_bad_rows=True)
    assert len(r.skipped) == 6
    assert _read(tmp_path / "out" / "members.csv").splitlines()[1:] == ["M001,1957-03-15,female,2019-10-01,,,"]
    # the instalment paid on 5 Sep 2019, before M001 joined on 1 Oct 2019, is kept as recorded, with its notice
    assert _read(tmp_path / "out" / "contributions.csv").splitlines()[1:] == ["M001,2019-10-05,30,2019-10",
                                                                              "M001,2019-09-05,30,2019-09"]
    assert [(p.where().split(":", 1)[1], p.code, p.severity) for p in r.notices] == [
        ("เงินสัจจะ!B4", "contribution-before-membership", "notice")]
    assert _read(tmp_path / "out" / "payouts.csv").splitlines()[1:] == [
        "V1,M001,hospital,2020-09-01,2020-09-03,,,2,,400,"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "book.xlsx")
    assert main(["import", str(book), "--dry-run"]) == 0
    assert capsys.readouterr().out == ("checked, nothing written: members 3, contributions 3, payouts 2, "
                                       "accounts 3, beneficiaries 1\n")
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]
    bad = _book(tmp_path / "bad.xlsx", s1=BAD_CONTRIBUTIONS[:2])
    assert main(["import", str(bad), "--dry-run"]) == 1
    assert capsys.readouterr().err == (f"{bad}:เงินสัจจะ!B3 bad-date '31/11/2562' is not a date (write YYYY-MM-DD) "
                                       "(fix: a day that exists, e.g. 28/02/2567)\n")


def test_output_folder_must_be_new_or_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.csv").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_books(_book(tmp_path / "book.xlsx"), tmp_path / "out")
    assert e.value.codes == ["output-exists"]


def test_missing_sheet_and_missing_register(tmp_path: Path) -> None:
    book = tmp_path / "x.xlsx"
    book.write_bytes(template_book(book))
    mapping = tmp_path / "m.yaml"
    mapping.write_text("files:\n  members: {sheet: สมาชีก}\n  contributions: {sheet: เงินสัจจะ, columns: "
                       "{member_id: เลขที่สมาชิก, date: วันที่ส่ง, covers: งวด, amount: จำนวนเงิน}}\n",
                       encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_books(book, tmp_path / "out", mapping=mapping)
    assert [(p.code, p.value, p.hint_en) for p in e.value.problems][:1] == [
        ("import-missing-sheet", "สมาชีก", "did you mean 'สมาชิก'?")]
    assert e.value.codes == ["import-missing-sheet", "import-missing-source"]
    assert e.value.problems[1].message_en == ("nothing in the source holds the payouts register (looked for "
                                              "payouts)")


def _csv_folder(d: Path, encoding: str, members: str = "M001,15/03/2500,หญิง,01/10/2562,ปกติ,,\n") -> Path:
    d.mkdir()
    heads = {n: ",".join(h for h, _ in SHEETS[n][1]) for n in NAMES}
    (d / f"{NAMES[0]}.csv").write_bytes((heads[NAMES[0]] + "\n" + members).encode(encoding))
    (d / f"{NAMES[1]}.csv").write_bytes((heads[NAMES[1]] + "\nM001,05/10/2562,10/2562,30\n").encode(encoding))
    (d / f"{NAMES[2]}.csv").write_bytes((heads[NAMES[2]] + "\n").encode(encoding))
    return d


@pytest.mark.parametrize("encoding, declared", [("cp874", None), ("tis-620", None), ("utf-8", None),
                                                ("utf-8-sig", None), ("cp874", "tis-620"), ("utf-8", "utf-8")])
def test_csv_encodings(tmp_path: Path, encoding: str, declared: str | None) -> None:
    d = _csv_folder(tmp_path / "src", encoding)
    r = import_books(d, tmp_path / "out", encoding=declared)
    assert r.counts == {"members": 1, "contributions": 1, "payouts": 0}
    assert _read(tmp_path / "out" / "members.csv").splitlines()[1] == "M001,1957-03-15,female,2019-10-01,,,"


def test_csv_encoding_problems(tmp_path: Path) -> None:
    d = _csv_folder(tmp_path / "src", "cp874")
    with pytest.raises(InputError) as e:
        import_books(d, tmp_path / "out", encoding="utf-8")
    assert [(p.code, p.line, p.col, p.params["byte"]) for p in e.value.problems][:1] == [
        ("import-bad-encoding", 1, 1, "0xe0")]
    d2 = _csv_folder(tmp_path / "src2", "utf-8")
    (d2 / f"{NAMES[0]}.csv").write_bytes((d2 / f"{NAMES[0]}.csv").read_bytes() + b"M002,\x81\x82,\n")
    with pytest.raises(InputError) as e:
        import_books(d2, tmp_path / "out")
    assert [(p.code, p.line, p.col, p.params["byte"]) for p in e.value.problems] == [
        ("import-unknown-encoding", 3, 6, "0x81")]


def test_value_maps_and_mapping_problems(tmp_path: Path) -> None:
    d = tmp_path / "src"
    d.mkdir()
    (d / "reg.csv").write_text("num,born,sex,approved\nA1,2500,หญิง,1/10/2562\n", encoding="utf-8")
    (d / "pay.csv").write_text("num,date,month,baht\nA1,5/10/2562,10/2562,30\n", encoding="utf-8")
    (d / "v.csv").write_text("id,num,what,day,baht\nV1,A1,คลอดบุตร,1/9/2563,500\nV2,A1,ทำศพ,2/9/2563,500\n",
                             encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("""calendar: buddhist
files:
  members: {path: reg.csv, columns: {member_id: num, birth_date: born, sex: sex, joined: approved}}
  contributions: {path: pay.csv, columns: {member_id: num, date: date, covers: month, amount: baht}}
  payouts:
    path: v.csv
    columns: {payout_id: id, member_id: num, benefit: what, event_date: day, amount: baht}
    values: {benefit: {คลอดบุตร: birth}}
""", encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_books(d, tmp_path / "out", mapping=m)
    assert [(p.file.rsplit("/", 1)[1], p.line, p.col, p.code, p.value) for p in e.value.problems] == [
        ("v.csv", 3, 3, "import-unmapped-value", "ทำศพ")]
    m.write_text(m.read_text(encoding="utf-8").replace("{คลอดบุตร: birth}", "{คลอดบุตร: birth, ทำศพ: funeral}"),
                 encoding="utf-8")
    import_books(d, tmp_path / "out", mapping=m)
    assert _read(tmp_path / "out" / "payouts.csv").splitlines()[1:] == [
        "V1,A1,birth,2020-09-01,,,,,,500,", "V2,A1,funeral,2020-09-02,,,,,,500,"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("calender: buddhist\nfiles:\n  members: {path: reg.csv, colums: {}, dates: {born: dd/mm}}\n"
                   "  payments: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_mapping(bad)
    assert [(p.line, p.col, p.code, p.hint_en) for p in e.value.problems] == [
        (1, 1, "unknown-key", "did you mean 'calendar'?"), (3, 28, "unknown-key", "did you mean 'columns'?"),
        (3, 48, "unknown-key", "columns: member_id, birth_date, sex, joined, left, left_reason, died_on, status"),
        (4, 3, "unknown-key", "files: members, contributions, payouts, accounts, beneficiaries")]


def test_marks_paid_and_missed(tmp_path: Path) -> None:
    d = _csv_folder(tmp_path / "src", "utf-8")
    (d / "c.csv").write_text("member,month,mark,day,baht\nM001,10/2562,ส่ง,5/10/2562,30\nM001,11/2562,ขาด,,\n"
                             "M001,12/2562,ส่ง,,30\n", encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("calendar: buddhist\nfiles:\n  members: {sheet: สมาชิก, columns: {member_id: เลขที่สมาชิก, "
                 "birth_date: วันเกิด, sex: เพศ, joined: วันที่เป็นสมาชิก, status: สถานะ, left: วันที่พ้นสมาชิก, "
                 "died_on: วันที่เสียชีวิต}}\n  contributions: {path: c.csv, columns: {member_id: member, "
                 "covers: month, mark: mark, date: day, amount: baht}}\n  payouts: {sheet: จ่ายสวัสดิการ, "
                 "columns: {payout_id: เลขที่ใบสำคัญจ่าย, member_id: เลขที่สมาชิก, benefit: สวัสดิการ, "
                 "event_date: วันที่เกิดเหตุ, end_date: วันที่สิ้นสุด, filed_on: วันที่ยื่นคำขอ, paid_on: วันที่จ่าย, "
                 "units: จำนวนหน่วย, children: จำนวนบุตร, amount: จำนวนเงิน, event_ref: รหัสเหตุการณ์}}\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_books(d, tmp_path / "out", mapping=m)
    assert [(p.line, p.col, p.code, p.params.get("field")) for p in e.value.problems] == [(4, 4, "missing-field", "date")]
    (d / "c.csv").write_text("member,month,mark,day,baht\nM001,10/2562,ส่ง,5/10/2562,30\nM001,11/2562,ขาด,,\n",
                             encoding="utf-8")
    import_books(d, tmp_path / "out", mapping=m)
    assert _read(tmp_path / "out" / "contributions.csv") == "member_id,date,amount,covers\nM001,2019-10-05,30,2019-10\n"


def test_without_openpyxl_a_workbook_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book(tmp_path / "book.xlsx")
    real = builtins.__import__

    def no_openpyxl(name: str, *a: Any, **k: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(InputError) as e:
        import_books(book, tmp_path / "out")
    assert [(p.code, p.hint_en) for p in e.value.problems][0] == ("import-needs-openpyxl", "pip install 'swf-rules[xlsx]'")
    assert main(["template-book", "--out", str(tmp_path / "t.xlsx")]) == 0  # the shipped file needs no openpyxl


def test_shipped_template_is_the_generated_one(tmp_path: Path) -> None:
    assert shipped_template() == template_book(tmp_path / "t.xlsx")
    import openpyxl
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx" if (tmp_path / "t.xlsx").exists() else _write(tmp_path))
    assert wb.sheetnames == ["คำอธิบาย", "สมาชิก", "เงินสัจจะ", "จ่ายสวัสดิการ", "รายรับอื่น", "รายจ่าย",
                             "ผู้รับผลประโยชน์"]
    assert [c.value for c in wb["รายจ่าย"][1]] == ["วันที่", "เลขที่เอกสาร", "ประเภท", "จ่ายให้", "บัญชี", "จำนวนเงิน",
                                                   "หมายเหตุ"]


def _write(tmp: Path) -> Path:
    p = tmp / "t.xlsx"
    p.write_bytes(shipped_template())
    return p
