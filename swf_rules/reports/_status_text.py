"""The fund's status as text (Thai or English, one column per fiscal year, aligned by display width) and as CSV
rows (``section,item,window,value``: one figure a row)."""

from __future__ import annotations

from typing import Any, Callable

from ._common import (AGE_GROUP_EN, AGE_GROUP_TH, EXPENSES, INCOME_SOURCES, STATUSES, baht, count, day_text, money,
                      percent, signed, status_name, table, tr)

FundStatus = Window = Any  # swf_rules.reports.status (not imported: it imports this module)

SOURCE_TH = {"members": "เงินสัจจะจากสมาชิก", "local_authority": "เงินสมทบจาก อปท.",
             "government": "เงินสมทบจากรัฐบาล (พอช.)", "entry_fees": "ค่าสมัครสมาชิก", "donations": "เงินบริจาค",
             "interest": "ดอกเบี้ยเงินฝาก", "other_income": "รายรับอื่น"}
SOURCE_EN = {"members": "members' contributions", "local_authority": "local authority matching",
             "government": "government matching (CODI)", "entry_fees": "entry fees", "donations": "donations",
             "interest": "interest", "other_income": "other income"}


def source_name(k: str, lang: str, term: str = "เงินสัจจะ") -> str:
    """The name of a source of money in; members' contributions under the fund's own word (``document.term``)."""
    if lang != "th":
        return SOURCE_EN[k]
    return f"{term}จากสมาชิก" if k == "members" else SOURCE_TH[k]


EXPENSE_TH = {"administration": "ค่าบริหารจัดการ", "other": "รายจ่ายอื่น"}
EXPENSE_EN = {"administration": "administration", "other": "other expenses"}
PARTY_TH = {"government": "รัฐบาล (พอช.)", "local_authority": "อปท."}
PARTY_EN = {"government": "government (CODI)", "local_authority": "local authority"}
ACCOUNT_TH = {"cash": "เงินสด", "bank": "เงินฝากธนาคาร"}


def account_name(name: str, lang: str) -> str:
    return ACCOUNT_TH.get(name, name) if lang == "th" else name


def _head(w: Window, lang: str) -> str:
    if w.label == "cumulative":
        return tr(lang, "สะสม", "all")
    if w.label == "period":
        return tr(lang, "ช่วงที่ขอ", "period")
    return w.label


def _grid(s: FundStatus, lang: str, first: str, rows: list[tuple[str, Callable[[Window], str]]]) -> list[str]:
    body = [[first] + [_head(w, lang) for w in s.windows]]
    for label, f in rows:
        body.append([label] + [f(w) for w in s.windows])
    return table(body, [False] + [True] * len(s.windows))


def render_status(s: FundStatus, lang: str = "en") -> str:
    th = lang == "th"
    name = s.name["th"] if th else s.name["en"]
    out = [tr(lang, f"สถานะ{name} ณ วันที่ {day_text(s.as_of, lang)} (ปีงบประมาณ {s.fiscal_year})",
              f"Status of the {name} ({s.fund}) on {day_text(s.as_of, lang)} (fiscal year {s.fiscal_year})"), ""]
    # --- members
    rows: list[tuple[str, Callable[[Window], str]]] = []
    for st in STATUSES:
        rows.append((status_name(st, lang), lambda w, st=st: count(w.members.by_status.get(st, 0))))
    rows.append((tr(lang, "สมาชิกปัจจุบัน (ปกติและพักสิทธิ์)", "current (active or suspended)"),
                 lambda w: count(w.members.current)))
    for g in AGE_GROUP_TH:
        rows.append(("  " + (AGE_GROUP_TH[g] if th else AGE_GROUP_EN[g]),
                     lambda w, g=g: count(w.members.by_age_group[g])))
    rows.append((tr(lang, "  เป็นสมาชิกครบหนึ่งปีเต็ม", "  with a full year of membership"),
                 lambda w: count(w.members.full_year)))
    rows.append((tr(lang, "สมัครเข้าในช่วง", "joined"), lambda w: count(w.members.joined)))
    left = sorted({k for w in s.windows for k in w.members.left})
    for k in left:
        rows.append((tr(lang, f"ออกในช่วง: {status_name(k, lang)}", f"left: {k}"),
                     lambda w, k=k: count(w.members.left.get(k, 0))))
    if any(w.members.with_placeholder_dates for w in s.windows):
        rows.append((tr(lang, "มีวันที่ระบุแค่ปี", "with year-only dates"),
                     lambda w: count(w.members.with_placeholder_dates)))
    out += [tr(lang, "สมาชิก ณ วันสิ้นปีงบประมาณ (คน)", "Members at the end of each fiscal year")]
    out += _grid(s, lang, tr(lang, "ปีงบประมาณ", "fiscal year"), rows)
    # --- money
    rows = [(tr(lang, "ยอดยกมา", "balance brought forward"), lambda w: baht(w.money.brought_forward))]
    for k in INCOME_SOURCES:
        rows.append((tr(lang, "รับ: ", "in: ") + source_name(k, lang, s.term),
                     lambda w, k=k: baht(w.money.income[k])))
    rows.append((tr(lang, "รวมรับ", "total in"), lambda w: baht(w.money.total_in)))
    for b in sorted({b for w in s.windows for b in w.money.welfare}):
        title = s.titles.get(b, {}).get(lang, b)
        rows.append((tr(lang, "จ่าย: ", "out: ") + title, lambda w, b=b: baht(w.money.welfare.get(b, (0, 0))[1])))
    rows.append((tr(lang, "จ่าย: สวัสดิการรวม", "out: welfare, all benefits"), lambda w: baht(w.money.welfare_total)))
    for k in EXPENSES:
        rows.append((tr(lang, "จ่าย: ", "out: ") + (EXPENSE_TH[k] if th else EXPENSE_EN[k]),
                     lambda w, k=k: baht(w.money.expenses[k])))
    rows.append((tr(lang, "รวมจ่าย", "total out"), lambda w: baht(w.money.total_out)))
    rows.append((tr(lang, "ยอดต้นงวด", "opening balance"), lambda w: baht(w.opening)))
    rows.append((tr(lang, "ยอดปลายงวด", "closing balance"), lambda w: baht(w.closing)))
    out += ["", tr(lang, "การเงิน (บาท)", "Money (baht)")]
    out += _grid(s, lang, tr(lang, "ปีงบประมาณ", "fiscal year"), rows)
    # --- ratios, collection, arrears
    rows = [
        (tr(lang, "ค่าบริหารจัดการ", "administration spent"), lambda w: baht(w.money.expenses["administration"])),
        (tr(lang, "เพดาน 20% ของรายรับ", "limit: 20% of money in"), lambda w: baht(w.admin_limit)),
        (tr(lang, "สัดส่วนต่อรายรับ", "share of money in"), lambda w: percent(w.admin_share)),
        (tr(lang, "เกินเพดาน", "over the limit"),
         lambda w: (tr(lang, "เกิน", "yes") if w.admin_over else tr(lang, "ไม่เกิน", "no"))),
        (tr(lang, f"สวัสดิการที่จ่ายต่อ{s.term}", "welfare paid / contributions"), lambda w: percent(w.welfare_share)),
        (tr(lang, "งวดที่ครบกำหนดส่ง", "instalments due"), lambda w: count(w.collection.due)),
        (tr(lang, "  ส่งแล้ว", "  paid"), lambda w: count(w.collection.paid)),
        (tr(lang, "  ส่งตรงเวลา", "  paid on time"), lambda w: count(w.collection.on_time)),
        (tr(lang, "อัตราการเก็บเงิน (ส่งแล้ว / ครบกำหนด)", "collection rate (paid / due)"),
         lambda w: percent(w.collection.rate)),
        (tr(lang, "ค้างส่ง ณ สิ้นงวด: สมาชิก", "arrears at the end: members"), lambda w: count(w.arrears.members)),
        (tr(lang, "  งวดที่ค้าง", "  instalments"), lambda w: count(w.arrears.instalments)),
        (tr(lang, "  จำนวนเงิน (บาท)", "  baht"), lambda w: baht(w.arrears.amount)),
    ]
    out += ["", tr(lang, f"ค่าบริหาร การจ่ายสวัสดิการ และการเก็บ{s.term}",
                   "Administration, welfare paid and collection")]
    out += _grid(s, lang, tr(lang, "ปีงบประมาณ", "fiscal year"), rows)
    out += _reconciliation(s, lang) + _matching(s, lang) + _register(s, lang)
    return "\n".join(out) + "\n"


def _reconciliation(s: FundStatus, lang: str) -> list[str]:
    r = s.reconciliation
    if r is None:
        return ["", tr(lang, f"ยอดคงเหลือ: บัญชีนี้ไม่มีทะเบียนบัญชีรับ-จ่าย ({s.term}หักสวัสดิการที่จ่าย)",
                       "Balance: the books have no accounts register (contributions less welfare paid)"),
                "  " + baht(s.cumulative.closing)]
    body = [[tr(lang, "บัญชี", "account"), tr(lang, "ยอดตามบัญชี", "books give"),
             tr(lang, "ยอดที่แจ้งล่าสุด", "last declared"), tr(lang, "วันที่แจ้ง", "declared on"),
             tr(lang, "ยอดตามบัญชีวันนั้น", "books on that day"), tr(lang, "ผลต่าง", "difference")]]
    for a in r.accounts:
        body.append([account_name(a.account, lang), baht(a.computed), baht(a.declared), day_text(a.declared_on, lang),
                     baht(a.computed_on_declared), "-" if a.difference is None else signed(a.difference)])
    out = ["", tr(lang, f"กระทบยอดเงินกับบัญชี ณ วันที่ {day_text(s.as_of, lang)}",
                  f"Balance reconciled against the books on {day_text(s.as_of, lang)}")]
    out += table(body, [False, True, True, False, True, True])
    out += table([[tr(lang, "ยอดรวมทุกบัญชี", "total of the accounts"), baht(r.accounts_total)],
                  [tr(lang, "ยอดยกมา + รับ - จ่าย", "brought forward + in - out"), baht(r.flows_balance)],
                  [tr(lang, "ส่วนต่างที่อธิบายไม่ได้ (การโอนที่ไม่ครบสองฝั่ง)",
                      "unexplained (transfers whose sides do not net to zero)"), signed(r.unexplained)]],
                 [False, True])
    return out


def _matching(s: FundStatus, lang: str) -> list[str]:
    th = lang == "th"
    body = [[tr(lang, "ผู้สมทบ", "party"), tr(lang, "ปีงบประมาณ", "fiscal year"), tr(lang, "ฐาน", "basis"),
             tr(lang, "ขอได้", "requestable"), tr(lang, "ได้รับ", "received"), tr(lang, "ผลต่าง", "difference"),
             tr(lang, "งวด/รอบที่ได้รับ", "rounds received")]]
    for m in s.matching:
        if m.basis == "members":
            basis = tr(lang, f"{count(int(m.basis_value))} คน × 365", f"{count(int(m.basis_value))} members x 365")
            if m.counted_on is None:
                basis = tr(lang, "ยังไม่ถึงวันนับ", "not yet counted")
        else:
            basis = tr(lang, f"{s.term}ปีก่อน {baht(m.basis_value)}", f"contributions of the year before")
        rounds = ", ".join(f"{r.round or tr(lang, 'ไม่ระบุ', 'none')}: {baht(r.amount)}" for r in m.received) or "-"
        body.append([PARTY_TH[m.party] if th else PARTY_EN[m.party], str(m.fiscal_year), basis, baht(m.requestable),
                     baht(m.received_total), signed(m.difference), rounds])
    day = f"{s.count_on[1]} {('ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.').split()[s.count_on[0] - 1]}"
    out = ["", tr(lang, f"เงินสมทบสามฝ่าย (รัฐบาล: 365 บาทต่อสมาชิกที่ครบหนึ่งปีเต็ม นับ ณ วันที่ {day} ของปีงบ; "
                        f"อปท.: หนึ่งต่อหนึ่งกับ{s.term}ปีงบก่อน)",
                  f"Three-party matching (government: 365 baht per member with a full year, counted on "
                  f"{s.count_on[0]:02d}-{s.count_on[1]:02d} of each fiscal year; local authority: 1:1 with the "
                  f"contributions of the fiscal year before)")]
    return out + table(body, [False, False, False, True, True, True, False])


def _register(s: FundStatus, lang: str) -> list[str]:
    out = []
    if s.beneficiaries is not None:
        b = s.beneficiaries
        out += ["", tr(lang, "ผู้รับผลประโยชน์", "Beneficiaries")]
        out += table([[tr(lang, "สมาชิกที่ระบุผู้รับผลประโยชน์", "members naming beneficiaries"),
                       count(b["members_naming"])],
                      [tr(lang, "ผู้รับผลประโยชน์ทั้งหมด", "beneficiaries named"), count(b["beneficiaries"])],
                      [tr(lang, "สมาชิกปัจจุบันที่ยังไม่ระบุ", "current members naming none"),
                       count(b["current_members_naming_none"])]], [False, True])
    if s.notices:
        out += ["", tr(lang, f"ข้อสังเกตจากบัญชี ({len(s.notices)})", f"Notices in the books ({len(s.notices)})")]
        for p in s.notices:
            out.append(f"  {p.where()} {p.message(lang)}" if lang == "th" else f"  {p.where()} {p.code} {p.message(lang)}")
    return out


# ------------------------------------------------------------------------------------------ CSV
def status_csv_rows(s: FundStatus) -> list[list[Any]]:
    rows: list[list[Any]] = [["section", "item", "window", "value"]]
    for w in s.windows:
        d = w.to_dict()
        m = d["members"]
        for k, v in m["by_status"].items():
            rows.append(["members_by_status", k, w.label, v])
        for k, v in m["by_age_group"].items():
            rows.append(["members_by_age_group", k, w.label, v])
        for k in ("current", "ever_joined", "joined", "full_year", "with_placeholder_dates"):
            rows.append(["members", k, w.label, m[k]])
        for k, v in m["left"].items():
            rows.append(["members_left", k, w.label, v])
        mo = d["money"]
        rows.append(["money", "brought_forward", w.label, mo["brought_forward"]])
        for k, v in mo["income"].items():
            rows.append(["money_in", k, w.label, v])
        rows.append(["money_in", "total", w.label, mo["total_in"]])
        for k, v in mo["welfare"].items():
            rows.append(["welfare_count", k, w.label, v["count"]])
            rows.append(["welfare_amount", k, w.label, v["amount"]])
        rows.append(["welfare_amount", "total", w.label, mo["welfare_total"]["amount"]])
        for k, v in mo["expenses"].items():
            rows.append(["money_out", k, w.label, v])
        rows.append(["money_out", "total", w.label, mo["total_out"]])
        rows.append(["balance", "opening", w.label, d["opening_balance"]])
        rows.append(["balance", "closing", w.label, d["closing_balance"]])
        for k, v in d["administration"].items():
            rows.append(["administration", k, w.label, str(v).lower() if isinstance(v, bool) else v])
        rows.append(["welfare_share_of_contributions", "share", w.label, d["welfare_share_of_contributions"]])
        for k, v in d["collection"].items():
            rows.append(["collection", k, w.label, v])
        for k, v in d["arrears"].items():
            rows.append(["arrears", k, w.label, v])
    if s.reconciliation is not None:
        for a in s.reconciliation.accounts:
            for k, v in a.to_dict().items():
                if k != "account":
                    rows.append(["account", f"{a.account}.{k}", "as_of", v])
        r = s.reconciliation
        rows += [["reconciliation", "accounts_total", "as_of", money(r.accounts_total)],
                 ["reconciliation", "flows_balance", "as_of", money(r.flows_balance)],
                 ["reconciliation", "unexplained", "as_of", money(r.unexplained)]]
    for m in s.matching:
        key = f"{m.party}.{m.fiscal_year}"
        rows += [["matching", f"{key}.basis_value", str(m.fiscal_year), money(m.basis_value)],
                 ["matching", f"{key}.requestable", str(m.fiscal_year), money(m.requestable)],
                 ["matching", f"{key}.received", str(m.fiscal_year), money(m.received_total)],
                 ["matching", f"{key}.difference", str(m.fiscal_year), money(m.difference)]]
    for p in s.notices:
        rows.append(["notice", p.code, p.where(), p.value])
    return rows


__all__ = ["render_status", "status_csv_rows"]
