"""The reports of :mod:`swf_rules.reports` as the workbench's pages show them: tables of labelled rows with one
column per fiscal year, figures with thousands separators, B.E. dates with Thai months in Thai.

The words are the command line's (``swf-rules status --lang th`` and the page say the same thing): the reports'
label tables (money sources, parties, age groups, review headings, passbook marks) are read from their text
modules, and the row labels repeat the command line's wording.  Every function takes a report and a language and
returns plain data (strings, lists, dicts) for a template; nothing here computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from ..reports import FundStatus, MemberReview, Passbook
from ..reports._common import (AGE_GROUP_EN, AGE_GROUP_TH, EXPENSES, INCOME_SOURCES, STATUSES, baht, count,
                               day_text, percent, status_name, tr)
from ..reports._review_text import HEADINGS
from ..reports._statement_text import MARK_EN, MARK_TH, REASON_TH, SEX_TH
from ..reports._status_text import EXPENSE_EN, EXPENSE_TH, PARTY_EN, PARTY_TH, account_name, source_name
from ..reports.review import KINDS

MAX_ROWS_PER_KIND = 300


@dataclass
class Row:
    label: str
    cells: list[str]
    cls: str = ""  # "total", "indent", "sub"
    flags: list[str] = field(default_factory=list)  # a css class per cell ("bad": over the limit, below zero)


@dataclass
class Table:
    id: str
    title: str
    head: list[str]
    rows: list[Row]
    note: str = ""


def signed(d: Decimal) -> str:
    return "+" + baht(d) if d > 0 else baht(d)


# ------------------------------------------------------------------------------------------ status
def _head(label: str, lang: str) -> str:
    return tr(lang, "สะสม", "all") if label == "cumulative" else tr(lang, "ช่วงที่ขอ", "period") \
        if label == "period" else label


def _grid(s: FundStatus, lang: str, id: str, title: str, rows: list[tuple[str, Callable[[Any], str], str]],
          flag: Callable[[Any], bool] | None = None, flagged: str = "") -> Table:
    head = [tr(lang, "ปีงบประมาณ", "fiscal year")] + [_head(w.label, lang) for w in s.windows]
    out = []
    for label, f, cls in rows:
        cells = [f(w) for w in s.windows]
        flags = ["bad" if flag is not None and label == flagged and flag(w) else "" for w in s.windows]
        out.append(Row(label, cells, cls, flags))
    return Table(id, title, head, out)


def status_tables(s: FundStatus, lang: str) -> list[Table]:
    """The status's sections: money, matching, administration and welfare, members, collection and arrears."""
    th = lang == "th"
    money = [(tr(lang, "ยอดยกมา", "balance brought forward"), lambda w: baht(w.money.brought_forward), "")]
    money += [(tr(lang, "รับ: ", "in: ") + source_name(k, lang, s.term),
               lambda w, k=k: baht(w.money.income[k]), "indent") for k in INCOME_SOURCES]
    money += [(tr(lang, "รวมรับ", "total in"), lambda w: baht(w.money.total_in), "total")]
    for b in sorted({b for w in s.windows for b in w.money.welfare}):
        money.append((tr(lang, "จ่าย: ", "out: ") + s.titles.get(b, {}).get(lang, b),
                      lambda w, b=b: baht(w.money.welfare.get(b, (0, Decimal(0)))[1]), "indent"))
    money.append((tr(lang, "จ่าย: สวัสดิการรวม", "out: welfare, all benefits"), lambda w: baht(w.money.welfare_total),
                  "indent"))
    money += [(tr(lang, "จ่าย: ", "out: ") + (EXPENSE_TH[k] if th else EXPENSE_EN[k]),
               lambda w, k=k: baht(w.money.expenses[k]), "indent") for k in EXPENSES]
    money += [(tr(lang, "รวมจ่าย", "total out"), lambda w: baht(w.money.total_out), "total"),
              (tr(lang, "ยอดต้นงวด", "opening balance"), lambda w: baht(w.opening), ""),
              (tr(lang, "ยอดปลายงวด", "closing balance"), lambda w: baht(w.closing), "total")]
    over = tr(lang, "ค่าบริหารจัดการ", "administration spent")
    admin = [(over, lambda w: baht(w.money.expenses["administration"]), ""),
             (tr(lang, "เพดาน 20% ของรายรับ", "limit: 20% of money in"), lambda w: baht(w.admin_limit), ""),
             (tr(lang, "สัดส่วนต่อรายรับ", "share of money in"), lambda w: percent(w.admin_share), ""),
             (tr(lang, "เกินเพดาน", "over the limit"),
              lambda w: tr(lang, "เกิน", "yes") if w.admin_over else tr(lang, "ไม่เกิน", "no"), ""),
             (tr(lang, f"สวัสดิการที่จ่ายต่อ{s.term}", "welfare paid / contributions"),
              lambda w: percent(w.welfare_share), "")]
    members = [(status_name(st, lang), lambda w, st=st: count(w.members.by_status.get(st, 0)), "indent")
               for st in STATUSES]
    members.append((tr(lang, "สมาชิกปัจจุบัน (ปกติและพักสิทธิ์)", "current (active or suspended)"),
                    lambda w: count(w.members.current), "total"))
    members += [(AGE_GROUP_TH[g] if th else AGE_GROUP_EN[g], lambda w, g=g: count(w.members.by_age_group[g]),
                 "indent") for g in AGE_GROUP_TH]
    members += [(tr(lang, "เป็นสมาชิกครบหนึ่งปีเต็ม", "with a full year of membership"),
                 lambda w: count(w.members.full_year), "indent"),
                (tr(lang, "สมัครเข้าในช่วง", "joined"), lambda w: count(w.members.joined), "")]
    for k in sorted({k for w in s.windows for k in w.members.left}):
        members.append((tr(lang, f"ออกในช่วง: {status_name(k, lang)}", f"left: {k}"),
                        lambda w, k=k: count(w.members.left.get(k, 0)), ""))
    collection = [(tr(lang, "งวดที่ครบกำหนดส่ง", "instalments due"), lambda w: count(w.collection.due), ""),
                  (tr(lang, "ส่งแล้ว", "paid"), lambda w: count(w.collection.paid), "indent"),
                  (tr(lang, "ส่งตรงเวลา", "paid on time"), lambda w: count(w.collection.on_time), "indent"),
                  (tr(lang, "อัตราการเก็บเงิน (ส่งแล้ว / ครบกำหนด)", "collection rate (paid / due)"),
                   lambda w: percent(w.collection.rate), "total"),
                  (tr(lang, "ค้างส่ง ณ สิ้นงวด: สมาชิก", "arrears at the end: members"),
                   lambda w: count(w.arrears.members), ""),
                  (tr(lang, "งวดที่ค้าง", "instalments"), lambda w: count(w.arrears.instalments), "indent"),
                  (tr(lang, "จำนวนเงิน (บาท)", "baht"), lambda w: baht(w.arrears.amount), "indent")]
    return [
        _grid(s, lang, "money", tr(lang, "การเงินของกองทุน (บาท)", "The fund's money (baht)"), money),
        matching_table(s, lang),
        _grid(s, lang, "administration", tr(lang, "ค่าบริหารจัดการ (เพดาน 20% ของรายรับ) และสัดส่วนการจ่ายสวัสดิการ",
                                            "Administration (at most 20% of the money in) and welfare paid"),
              admin, flag=lambda w: w.admin_over, flagged=over),
        _grid(s, lang, "members", tr(lang, "สมาชิก ณ วันสิ้นปีงบประมาณ (คน)", "Members at the end of each fiscal year"),
              members),
        _grid(s, lang, "collection", tr(lang, f"การเก็บ{s.term}และการค้างส่ง", "Collection and arrears"), collection),
    ]


def matching_table(s: FundStatus, lang: str) -> Table:
    th = lang == "th"
    head = [tr(lang, "ผู้สมทบ", "party"), tr(lang, "ปีงบประมาณ", "fiscal year"), tr(lang, "ฐาน", "basis"),
            tr(lang, "ขอได้", "requestable"), tr(lang, "ได้รับ", "received"), tr(lang, "ผลต่าง", "difference"),
            tr(lang, "งวด/รอบที่ได้รับ", "rounds received")]
    rows = []
    for m in s.matching:
        if m.basis == "members":
            basis = tr(lang, f"{count(int(m.basis_value))} คน × 365", f"{count(int(m.basis_value))} members × 365") \
                if m.counted_on is not None else tr(lang, "ยังไม่ถึงวันนับ", "not yet counted")
        else:
            basis = tr(lang, f"{s.term}ปีก่อน {baht(m.basis_value)}", f"contributions of the year before "
                                                                      f"{baht(m.basis_value)}")
        rounds = ", ".join(f"{r.round or tr(lang, 'ไม่ระบุ', 'none')}: {baht(r.amount)}" for r in m.received) or "-"
        cells = [str(m.fiscal_year), basis, baht(m.requestable), baht(m.received_total), signed(m.difference), rounds]
        rows.append(Row(PARTY_TH[m.party] if th else PARTY_EN[m.party], cells,
                        flags=["", "", "", "", "bad" if m.difference < 0 else "", ""]))
    months = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
    note = tr(lang, f"รัฐบาล (พอช.): 365 บาทต่อสมาชิกที่เป็นสมาชิกครบหนึ่งปีเต็ม นับ ณ วันที่ {s.count_on[1]} "
                    f"{months[s.count_on[0] - 1]} ของแต่ละปีงบประมาณ; อปท.: สมทบหนึ่งต่อหนึ่งกับ{s.term}ของปีงบประมาณก่อน",
              f"Government (CODI): 365 baht per member with a full year of membership, counted on "
              f"{s.count_on[0]:02d}-{s.count_on[1]:02d} of each fiscal year; local authority: 1:1 with the "
              f"contributions of the fiscal year before")
    return Table("matching", tr(lang, "เงินสมทบสามฝ่าย: ที่ขอได้เทียบกับที่ได้รับ",
                                "Three-party matching: requestable against received"), head, rows, note)


def reconciliation_table(s: FundStatus, lang: str) -> Table | None:
    r = s.reconciliation
    if r is None:
        return None
    head = [tr(lang, "บัญชี", "account"), tr(lang, "ยอดตามบัญชี", "books give"),
            tr(lang, "ยอดที่แจ้งล่าสุด", "last declared"), tr(lang, "วันที่แจ้ง", "declared on"),
            tr(lang, "ยอดตามบัญชีวันนั้น", "books on that day"), tr(lang, "ผลต่าง", "difference")]
    rows = [Row(account_name(a.account, lang), [baht(a.computed), baht(a.declared), day_text(a.declared_on, lang),
                                                baht(a.computed_on_declared),
                                                "-" if a.difference is None else signed(a.difference)],
                flags=["", "", "", "", "bad" if a.difference else ""]) for a in r.accounts]
    rows += [Row(tr(lang, "ยอดรวมทุกบัญชี", "total of the accounts"), [baht(r.accounts_total), "", "", "", ""],
                 "total"),
             Row(tr(lang, "ยอดยกมา + รับ - จ่าย", "brought forward + in - out"), [baht(r.flows_balance), "", "", "", ""]),
             Row(tr(lang, "ส่วนต่างที่อธิบายไม่ได้ (การโอนที่ไม่ครบสองฝั่ง)",
                    "unexplained (transfers whose sides do not net to zero)"), [signed(r.unexplained), "", "", "", ""],
                 flags=["bad" if r.unexplained else "", "", "", "", ""])]
    return Table("reconciliation", tr(lang, f"กระทบยอดเงินกับบัญชี ณ วันที่ {day_text(s.as_of, lang)}",
                                      f"Balance reconciled against the books on {day_text(s.as_of, lang)}"),
                 head, rows)


def key_figures(s: FundStatus, lang: str) -> list[tuple[str, str, str]]:
    """The figures a committee looks at first: (label, value, css class)."""
    w = s.window(str(s.fiscal_year)) if any(x.label == str(s.fiscal_year) for x in s.windows) else s.cumulative
    c = s.cumulative
    short = sum((m.difference for m in s.matching if m.difference < 0), Decimal(0))
    return [
        (tr(lang, "เงินกองทุนคงเหลือ", "Balance"), baht(c.closing) + tr(lang, " บาท", " baht"),
         "bad" if c.closing < 0 else ""),
        (tr(lang, "สมาชิกปัจจุบัน", "Current members"), count(c.members.current) + tr(lang, " คน", ""), ""),
        (tr(lang, f"ค่าบริหาร ปีงบ {w.label}", f"Administration, FY {w.label}"),
         percent(w.admin_share) + tr(lang, " ของรายรับ (เพดาน 20%)", " of money in (limit 20%)"),
         "bad" if w.admin_over else ""),
        (tr(lang, f"อัตราการเก็บ{s.term} ปีงบ {w.label}", f"Collection rate, FY {w.label}"),
         percent(w.collection.rate), ""),
        (tr(lang, "เงินสมทบที่ขอได้แต่ยังไม่ได้รับ", "Matching requestable, not received"),
         baht(-short) + tr(lang, " บาท", " baht"), "bad" if short < 0 else ""),
    ]


# ------------------------------------------------------------------------------------------ review
@dataclass
class ReviewSection:
    kind: str
    title: str
    count: int
    rows: list[dict[str, str | None]]  # member, what, clause, action


def review_sections(r: MemberReview, lang: str) -> list[ReviewSection]:
    """The review's rows grouped by kind, in the order of :data:`~swf_rules.reports.review.KINDS` (at most
    :data:`MAX_ROWS_PER_KIND` rows shown a kind; the count is the whole)."""
    out = []
    for kind in KINDS:
        rows = r.of_kind(kind)
        shown = []
        for row in rows[:MAX_ROWS_PER_KIND]:
            d = row.to_dict()
            shown.append({"member": row.member_id, "what": d["what"][lang], "clause": row.clause,
                          "action": d["action"][lang]})
        out.append(ReviewSection(kind, HEADINGS[kind][0 if lang == "th" else 1], len(rows), shown))
    return out


# ------------------------------------------------------------------------------------------ passbook
def period_text(key: str, lang: str) -> str:
    """A period key in the reader's calendar: ``2567-03`` (B.E.) in Thai, ``2024-03`` in English."""
    if lang != "th" or not key[:4].isdigit():
        return key
    return str(int(key[:4]) + 543) + key[4:]


def passbook_view(pb: Passbook, lang: str) -> dict[str, Any]:
    th = lang == "th"
    spells = []
    for n, s in enumerate(pb.spells, 1):
        end = None if s.end is None else (day_text(s.end, lang) + " (" + (REASON_TH.get(s.end_reason or "", s.end_reason or "")
                                                                          if th else (s.end_reason or "")) + ")")
        lapsed = day_text(s.lapsed_on, lang) if s.lapsed_on is not None and (s.end is None or s.lapsed_on < s.end) \
            else None
        rows = [{"period": period_text(i.period, lang), "deadline": day_text(i.deadline, lang),
                 "paid_on": day_text(i.paid_on, lang), "amount": baht(i.amount), "mark": i.mark,
                 "mark_text": MARK_TH[i.mark] if th else MARK_EN[i.mark]} for i in s.instalments]
        spells.append({"n": n, "start": day_text(s.start, lang), "end": end, "lapsed": lapsed, "rows": rows,
                       "grid": month_grid(s.instalments, lang)})
    return {
        "member": pb.member_id, "born": day_text(pb.birth_date, lang),
        "sex": SEX_TH.get(pb.sex, pb.sex) if th else pb.sex, "status": status_name(pb.status, lang),
        "died": day_text(pb.died_on, lang) if pb.died_on else None, "arrears": pb.arrears, "spells": spells,
        "payouts": [{"voucher": p.payout_id, "title": p.title["th" if th else "en"],
                     "event": day_text(p.event_date, lang), "paid_on": day_text(p.paid_on, lang),
                     "amount": baht(p.amount)} for p in pb.payouts],
        "other": [{"date": day_text(d, lang), "covers": period_text(c, lang), "amount": baht(a)}
                  for d, c, a in pb.other_payments],
        "totals": {"paid": count(pb.count("paid")), "late": count(pb.count("late")),
                   "missed": count(pb.count("missed")), "due": count(pb.count("due")),
                   "contributed": baht(pb.contributed), "received": baht(pb.received)},
    }


MONTHS_TH = "ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย.".split()
MONTHS_EN = "Oct Nov Dec Jan Feb Mar Apr May Jun Jul Aug Sep".split()
SHORT_MARK = {"paid": ("✓", "✓"), "late": ("ช้า", "late"), "missed": ("ขาด", "missed"), "due": ("○", "○")}


def month_grid(instalments: list[Any], lang: str) -> dict[str, Any] | None:
    """Monthly instalments laid out as a passbook page: one row per fiscal year (B.E.), October to September;
    ``None`` when the instalments are not monthly."""
    if not instalments or any(len(i.period) != 7 or i.period[4] != "-" or not i.period[5:].isdigit()
                              for i in instalments):
        return None
    th = lang == "th"
    years: dict[int, list[dict[str, str] | None]] = {}
    for i in instalments:
        y, m = int(i.period[:4]), int(i.period[5:])
        fy = y + 543 + (1 if m >= 10 else 0)
        row = years.setdefault(fy, [None] * 12)
        paid = day_text(i.paid_on, lang) if i.paid_on else "-"
        title = f"{period_text(i.period, lang)}: {MARK_TH[i.mark] if th else MARK_EN[i.mark]}" + \
            (f" {paid}" if i.paid_on else "")
        row[(m - 10) % 12] = {"mark": i.mark, "text": SHORT_MARK[i.mark][0 if th else 1], "title": title}
    return {"months": MONTHS_TH if th else MONTHS_EN, "rows": sorted(years.items())}


def as_of_text(d: date, calendar: str) -> str:
    """A date as the form shows it back: ``2567-09-30`` (B.E.) or ``2024-09-30``."""
    return f"{d.year + 543:04d}-{d.month:02d}-{d.day:02d}" if calendar == "buddhist" else d.isoformat()


__all__ = ["MAX_ROWS_PER_KIND", "ReviewSection", "Row", "Table", "as_of_text", "key_figures", "matching_table",
           "passbook_view", "period_text", "reconciliation_table", "review_sections", "status_tables"]
