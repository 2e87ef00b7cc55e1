"""The annual report as HTML: a summary for the members, then one section per report, with the charts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.thaiwords import STATUS, Words, contribution_term
from ..reports._committee_text import VERDICT_TH
from ..reports._review_text import HEADINGS
from ..reports._status_text import ACCOUNT_TH, EXPENSE_TH, PARTY_TH, SOURCE_TH
from ._charts import CSS, money_by_year, projection, welfare_by_benefit
from ._page import el, esc, p, page, table
from ._annual_inputs import AnnualInputs

_STATUSES = ("active", "suspended", "lapsed", "resigned", "expelled", "dead")
_AGES = {"children": "เด็ก (ต่ำกว่า 18 ปี)", "working_age": "วัยทำงาน (18-59 ปี)", "elderly": "ผู้สูงอายุ (60 ปีขึ้นไป)"}


def _pct(w: Words, x: Decimal | None) -> str:
    return "-" if x is None else w.d(f"{(x * 100).quantize(Decimal('0.1'))}%")


def _source(name: str, term: str) -> str:
    return f"{term}จากสมาชิก" if name == "members" else SOURCE_TH.get(name, name)


def render(a: AnnualInputs, digits: str = "arabic", for_print: bool = False) -> str:
    w = Words(digits)
    reg, s = a.regulation, a.status
    f = reg.fund
    term = contribution_term(reg)
    fy = str(a.fiscal_year)
    labels = [x.label for x in s.windows if x.label.isdigit()]
    year = s.window(fy)
    prev = s.window(str(a.fiscal_year - 1)) if str(a.fiscal_year - 1) in labels else None
    title = f"รายงานประจำปีงบประมาณ {w.year(fy)}"
    body = [el("h1", esc(title)), p(f.name.th, "center"),
            p(f"ตำบล{f.place.subdistrict.th} อำเภอ{f.place.district.th} จังหวัด{f.place.province.th}", "center"),
            p(f"เสนอต่อที่ประชุมใหญ่สมาชิก ข้อมูลตั้งแต่ {w.date(year.first)} ถึง {w.date(year.last)}", "center")]
    # -- summary
    m = year.members
    body.append(el("h2", esc("สรุปสำหรับสมาชิก")))
    lines = [f"ณ วันที่ {w.date(year.last)} กองทุนมีสมาชิก {w.n(m.current)} คน สมัครใหม่ในปี {w.n(m.joined)} คน",
             f"รับเงินทั้งปี {w.money(year.money.total_in)} จ่ายสวัสดิการ {w.n(year.money.welfare_count)} ราย "
             f"เป็นเงิน {w.money(year.money.welfare_total)}",
             f"เงินกองทุนคงเหลือ {w.money(year.closing)} (ต้นปี {w.money(year.opening)})",
             f"สมาชิกส่ง{term}ครบตามกำหนด {_pct(w, year.collection.rate)} ของงวดที่ถึงกำหนด"]
    if a.projection is not None:
        pr = a.projection
        ex = pr.fiscal_year_of(pr.exhausted_year)
        lines.append(f"ประมาณการ {w.n(pr.years)} ปีข้างหน้า: โอกาสที่เงินกองทุนจะติดลบ "
                     f"{_pct(w, Decimal(pr.negative) / pr.simulations)}" +
                     (f" ปีที่เงินอาจหมดตามค่ากลาง: ปีงบประมาณ {w.year(ex)}" if ex else " เงินกองทุนไม่หมดในค่ากลาง"))
    body += [el("p", esc(f"{w.d(str(i))}. {x}"), "item") for i, x in enumerate(lines, 1)]
    # -- members
    body.append(el("h2", esc("สมาชิก")))
    head = ["", f"ปีงบ {w.year(fy)}"] + ([f"ปีงบ {w.year(prev.label)}"] if prev else [])
    rows = [[STATUS.get(k, k)] + [w.n(x.members.by_status.get(k, 0)) for x in (year, prev) if x]
            for k in _STATUSES]
    rows.append(["สมาชิกปัจจุบันรวม"] + [w.n(x.members.current) for x in (year, prev) if x])
    rows += [[_AGES[k]] + [w.n(x.members.by_age_group.get(k, 0)) for x in (year, prev) if x] for k in _AGES]
    rows.append(["สมัครใหม่ในปี"] + [w.n(x.members.joined) for x in (year, prev) if x])
    body.append(table(head, rows, numeric=range(1, len(head))))
    # -- money
    body.append(el("h2", esc("การเงิน")))
    rows = [[_source(k, term), w.n(v)] for k, v in year.money.income.items() if v]
    rows.append(["รวมรับ", w.n(year.money.total_in)])
    rows += [[f"จ่ายสวัสดิการ ({w.n(year.money.welfare_count)} ราย)", w.n(year.money.welfare_total)]]
    rows += [[EXPENSE_TH.get(k, k), w.n(v)] for k, v in year.money.expenses.items() if v]
    rows.append(["รวมจ่าย", w.n(year.money.total_out)])
    rows += [["ยอดยกมาต้นปี", w.n(year.opening)], ["คงเหลือปลายปี", w.n(year.closing)]]
    body.append(table(["รายการ", "จำนวนเงิน (บาท)"], rows, numeric=(1,)))
    body.append(p(f"ค่าบริหารจัดการ {_pct(w, year.admin_share)} ของเงินกองทุน (เพดานร้อยละ {w.d('20')}: "
                  f"{w.money(year.admin_limit)}){' เกินเพดาน' if year.admin_over else ''} "
                  f"สวัสดิการที่จ่ายคิดเป็น {_pct(w, year.welfare_share)} ของ{term}ที่ได้รับ"))
    if s.reconciliation is not None:
        rec = s.reconciliation
        rows = [[ACCOUNT_TH.get(x.account, x.account), w.n(x.computed)] for x in rec.accounts]
        rows.append(["รวม", w.n(rec.accounts_total)])
        body.append(el("h3", esc(f"เงินตามบัญชี ณ วันที่ {w.date(year.last)}")))
        body.append(table(["บัญชี", "ยอดคงเหลือ (บาท)"], rows, numeric=(1,)))
    years = [(x.label, x.money.total_in, x.money.total_out) for x in s.windows if x.label.isdigit()][-5:]
    body.append(el("figure", money_by_year(years, w) + el("figcaption", esc("เงินรับและเงินจ่ายรายปีงบประมาณ"))))
    # -- welfare
    body.append(el("h2", esc("การจ่ายสวัสดิการ")))
    titles = s.titles
    welfare = sorted(year.money.welfare.items(), key=lambda kv: -kv[1][1])
    cum = s.cumulative.money.welfare
    rows = [[titles.get(b, {}).get("th", b), w.n(n), w.n(v), w.n(cum.get(b, (0, Decimal(0)))[1])]
            for b, (n, v) in welfare]
    rows.append(["รวม", w.n(year.money.welfare_count), w.n(year.money.welfare_total),
                 w.n(s.cumulative.money.welfare_total)])
    body.append(table(["สวัสดิการ", "ราย", "เงิน (บาท)", "สะสมตั้งแต่ตั้งกองทุน (บาท)"], rows, numeric=(1, 2, 3)))
    if welfare:
        body.append(el("figure", welfare_by_benefit([(titles.get(b, {}).get("th", b), n, v) for b, (n, v) in welfare],
                                                    w) + el("figcaption", esc("สวัสดิการที่จ่ายในปีตามประเภท"))))
    matching = [x for x in s.matching if str(x.fiscal_year) == fy]
    if matching:
        body.append(el("h3", esc("เงินสมทบจากรัฐบาลและ อปท.")))
        body.append(table(["ผู้สมทบ", "ขอได้", "ได้รับ", "ผลต่าง"],
                          [[PARTY_TH.get(x.party, x.party), w.n(x.requestable), w.n(x.received_total),
                            w.n(x.difference)] for x in matching], numeric=(1, 2, 3)))
    # -- member review
    body.append(el("h2", esc("ทบทวนสมาชิก")))
    counts = a.review.counts()
    rows = [[HEADINGS[k][0], w.n(n)] for k, n in counts.items() if n]
    body.append(table(["เรื่องที่คณะกรรมการต้องดำเนินการ", "จำนวน"], rows, numeric=(1,)) if rows else
                p("ไม่มีเรื่องที่ต้องดำเนินการ"))
    arrears = year.arrears
    body.append(p(f"สมาชิกค้างส่ง{term} {w.n(arrears.members)} คน รวม {w.n(arrears.instalments)} งวด "
                  f"เป็นเงิน {w.money(arrears.amount)}"))
    # -- committee
    body.append(el("h2", esc("มติคณะกรรมการเทียบกับระเบียบ")))
    if a.committee is None:
        body.append(p("ไม่มีข้อมูลมติคณะกรรมการ"))
    else:
        t = a.committee.total
        verdicts = [(k, n) for k, n in t.verdicts().items() if n]
        body.append(p(f"คณะกรรมการพิจารณา {w.n(len(t.judged))} คำขอ อนุมัติ {w.n(t.approved)} ไม่อนุมัติ "
                      f"{w.n(t.refused)} รวมเงินที่อนุมัติ {w.money(t.amount)} เกินสิทธิ์ตามระเบียบ "
                      f"{w.money(t.excess)} ต่ำกว่าสิทธิ์ {w.money(t.shortfall)}"))
        body.append(table(["ผลเทียบกับระเบียบ", "คำขอ"], [[VERDICT_TH.get(k, k), w.n(n)] for k, n in verdicts],
                          numeric=(1,)))
    # -- projection
    body.append(el("h2", esc("ความยั่งยืนของกองทุน")))
    if a.projection is None:
        body.append(p("ไม่ได้ประมาณการ"))
    else:
        body += _projection(a.projection, w)
    body.append(el("div", "".join(el("p", esc(x)) for x in (
        "(ลงชื่อ) " + "." * 40, "(" + "." * 40 + ")", "ประธานคณะกรรมการ", f.name.th)), "closing"))
    return page("th", w.d(f"{title} {f.name.th}"), body, for_print=for_print, css=CSS)


def _projection(pr: Any, w: Words) -> list[str]:
    out = [p(f"จำลองอนาคตของกองทุน {w.n(pr.simulations)} แบบ จากประสบการณ์ของกองทุนเอง "
             f"(สมาชิกเข้า ออก เสียชีวิต และการขอรับสวัสดิการ) เป็นเวลา {w.n(pr.years)} ปี เริ่มจากเงินคงเหลือ "
             f"{w.money(pr.start_balance)}"),
           el("figure", projection(pr, w) + el("figcaption", esc("ยอดเงินกองทุนที่คาดการณ์: แถบแสดงช่วงที่อนาคตจำลองร้อยละ 90 "
                                                   "และร้อยละ 50 อยู่ภายใน เส้นกลางคือค่ากลาง")))]
    rows = [[w.year(r.fiscal_year), w.n(r.members), w.n(r.income), w.n(r.welfare + r.expenses), w.n(r.balance[5]),
             w.n(r.balance[50]), w.n(r.balance[95])] for r in pr.rows]
    out.append(table(["ปีงบ", "สมาชิก", "รับ (เฉลี่ย)", "จ่าย (เฉลี่ย)", "คงเหลือ (ต่ำ)", "คงเหลือ (กลาง)",
                      "คงเหลือ (สูง)"], rows, numeric=range(1, 7)))
    deficit = pr.fiscal_year_of(pr.deficit_year)
    out.append(p("ปีที่รายจ่ายเกินรายรับ (ค่ากลาง): " + (f"ปีงบประมาณ {w.year(deficit)}" if deficit else "ไม่เกิด")
                 + f" โอกาสที่เงินติดลบภายใน {w.n(pr.years)} ปี: {_pct(w, Decimal(pr.negative) / pr.simulations)}"))
    return out


__all__ = ["render"]
