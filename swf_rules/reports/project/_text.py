"""The projection as text: what it starts from and where each rate comes from, the years ahead (percentile bands
of the balance, its mean and the band of that mean), and the answers a committee asks for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._common import baht, count, day_text, percent, table, tr
from ._experience import band_label

SOURCE_WORDS = {"history": ("ประวัติของกองทุนเอง", "the fund's own history")}


def _src(s: str, lang: str) -> str:
    th, en = SOURCE_WORDS.get(s, (s, s))
    return tr(lang, th, en)


def _rate(r: Any, lang: str, per: str = "member") -> str:
    value = f"{r.value:.4f}"
    if r.events is None:
        return tr(lang, f"{value} (กำหนดเอง: {_src(r.source, lang)})", f"{value} (declared: {r.source})")
    unit = tr(lang, "ปี" if per == "year" else "คน-ปี", "years" if per == "year" else "member-years")
    return tr(lang, f"{value} ({count(r.events)} ครั้ง / {r.exposure} {unit})",
              f"{value} ({r.events} / {r.exposure} {unit})")


def render_projection(p: Any, lang: str = "en") -> str:
    th = lang == "th"
    ex = p.experience
    name = p.name["th"] if th else p.name["en"]
    out = [tr(lang, f"ประมาณการเงินกองทุน {name} ล่วงหน้า {p.years} ปี จากวันที่ {day_text(p.as_of, lang)}",
              f"Projection of the {name} for {p.years} years from {day_text(p.as_of, lang)}"),
           tr(lang, f"จำลอง {count(p.simulations)} ครั้ง (ค่าตั้งต้นการสุ่ม {p.seed}); สมาชิกเริ่มต้น {count(len(ex.start_ages))} คน "
                    f"ยอดเงินเริ่มต้น {baht(p.start_balance)} บาท",
              f"{p.simulations:,} simulations (seed {p.seed}); {len(ex.start_ages):,} members and "
              f"{baht(p.start_balance)} baht to start with"), ""]
    out.append(tr(lang, f"อัตราที่ใช้ (ต่อปี; จากประวัติ {day_text(ex.first, lang)} ถึง {day_text(ex.as_of, lang)} "
                        "เว้นแต่กำหนดเอง)",
                  f"Rates a year (from the history {ex.first.isoformat()} to {ex.as_of.isoformat()} unless declared)"))
    body = [[tr(lang, "อัตรา", "rate"), tr(lang, "ค่า", "value")]]
    for i, r in enumerate(ex.death):
        body.append([tr(lang, f"เสียชีวิต อายุ {band_label(i)} ปี", f"death, ages {band_label(i)}"), _rate(r, lang)])
    body.append([tr(lang, "ออกจากกองทุน (ขาดส่ง ลาออก)", "leaving (lapse, resignation)"), _rate(ex.leaving, lang)])
    body.append([tr(lang, "สมัครใหม่ (คนต่อปี)", "joining (members a year)"), _rate(ex.joining, lang, "year")])
    for b in sorted(ex.claims):
        title = ex.titles.get(b, {}).get(lang, b)
        rs = ex.claims[b]
        if all(r.events is None for r in rs):
            body.append([tr(lang, f"คำขอ {title}", f"claims: {title}"), _rate(rs[0], lang)])
            continue
        events = sum(r.events or 0 for r in rs)
        expo = sum((r.exposure or Decimal(0) for r in rs), Decimal(0))
        rate = Decimal(events) / expo if expo else Decimal(0)
        body.append([tr(lang, f"คำขอ {title} (ทุกวัย)", f"claims: {title} (all ages)"),
                     tr(lang, f"{rate:.4f} ({count(events)} ครั้ง / {expo} คน-ปี)", f"{rate:.4f} ({events} / {expo} member-years)")])
    for b, r in sorted(ex.per_death.items()):
        title = ex.titles.get(b, {}).get(lang, b)
        body.append([tr(lang, f"{title} ต่อการเสียชีวิต", f"{title} per death"),
                     tr(lang, f"{r.value:.4f} ({count(r.events or 0)} / {r.exposure} ราย)",
                        f"{r.value:.4f} ({r.events} / {r.exposure} deaths)")])
    body.append([tr(lang, f"{ex.term}ต่อคน-ปี (บาท)", "contributions a member-year (baht)"),
                 baht(Decimal(ex.contribution_per_member_year) / 100)])
    body.append([tr(lang, "สัดส่วนเงินสมทบรัฐบาลที่ได้รับจริง", "share of the government match received"),
                 percent(Decimal(ex.government_share.numerator) / ex.government_share.denominator)])
    body.append([tr(lang, "สัดส่วนเงินสมทบ อปท. ที่ได้รับจริง", "share of the local match received"),
                 percent(Decimal(ex.local_share.numerator) / ex.local_share.denominator)])
    body.append([tr(lang, "รายรับอื่นต่อปี (บาท)", "other income a year (baht)"), baht(Decimal(ex.other_income_per_year) / 100)])
    body.append([tr(lang, "ค่าบริหารและรายจ่ายอื่นต่อปี (บาท)", "administration and other expenses a year (baht)"),
                 baht(Decimal(ex.admin_per_year + ex.other_expense_per_year) / 100)])
    out += table(body, [False, False], "  ")
    declared = {k: v for k, v in ex.sources.items() if k not in ("history", "accounts")}
    if declared:
        out.append(tr(lang, f"ค่าที่กำหนดเอง ({p.assumptions}):", f"Declared ({p.assumptions}):"))
        out += [f"  {k}: {v}" for k, v in sorted(declared.items())]
    out += ["", tr(lang, "ยอดเงินสิ้นปี (บาท): ช่วงของผลจำลอง ค่าเฉลี่ย และความคลาดเคลื่อนของค่าเฉลี่ย (95%)",
                   "Balance at the end of each year (baht): the spread of the futures, the mean and its 95% error")]
    body = [[tr(lang, "ปีงบ", "FY"), tr(lang, "สมาชิก", "members"), tr(lang, "รับ", "in"), tr(lang, "จ่ายสวัสดิการ", "welfare"),
             tr(lang, "ร้อยละ 5", "P5"), tr(lang, "ร้อยละ 25", "P25"), tr(lang, "มัธยฐาน", "median"),
             tr(lang, "ร้อยละ 75", "P75"), tr(lang, "ร้อยละ 95", "P95"), tr(lang, "ค่าเฉลี่ย", "mean"), "±",
             tr(lang, "ติดลบ", "below 0")]]
    for r in p.rows:
        body.append([str(r.fiscal_year), count(r.members), baht(r.income), baht(r.welfare)]
                    + [baht(r.balance[q]) for q in (5, 25, 50, 75, 95)]
                    + [baht(r.mean), baht(r.error), f"{r.below_zero}/{p.simulations}"])
    out += table(body, [False] + [True] * 11, "  ")
    out += [""] + summary_lines(p, lang)
    total = sum((v for _, _, v in p.benefits), Decimal(0))
    out += ["", tr(lang, f"สวัสดิการที่จ่ายตลอด {p.years} ปี (ค่าเฉลี่ย บาท)", f"Welfare paid over the {p.years} years (mean, baht)")]
    body = [[tr(lang, "สวัสดิการ", "benefit"), tr(lang, "จำนวนเงิน", "amount"), tr(lang, "สัดส่วน", "share")]]
    for b, t, v in sorted(p.benefits, key=lambda x: -x[2]):
        body.append([t["th"] if th else t["en"], baht(v), percent(v / total if total else None)])
    out += table(body, [False, True, True], "  ")
    out += ["", tr(lang, "หมายเหตุ: อัตราและความน่าจะเป็นเป็นเลขทศนิยมลอยตัว ส่วนจำนวนเงินทุกจำนวนคำนวณเป็นสตางค์จำนวนเต็ม "
                         "ผลเหมือนเดิมทุกครั้งเมื่อใช้ค่าตั้งต้นการสุ่มเดิม",
                   "Note: rates and probabilities are floats; every amount of money is whole satang. The same seed "
                   "gives the same result.")]
    return "\n".join(out) + "\n"


def summary_lines(p: Any, lang: str) -> list[str]:
    """The answers: the chance of running out, the year payouts first exceed income, the year of exhaustion."""
    neg = percent(Decimal(p.negative) / p.simulations)
    dfy = p.fiscal_year_of(p.deficit_year)
    efy = p.fiscal_year_of(p.exhausted_year)
    return [
        tr(lang, f"โอกาสที่เงินกองทุนติดลบภายใน {p.years} ปี: {neg} ({count(p.negative)} จาก {count(p.simulations)} ครั้ง)",
           f"Chance the balance goes below zero within {p.years} years: {neg} ({p.negative:,} of {p.simulations:,})"),
        tr(lang, "ปีที่จ่ายสวัสดิการมากกว่ารายรับเป็นครั้งแรก (มัธยฐาน): "
                 + (f"ปีงบ {dfy}" if dfy else f"ไม่เกิดภายใน {p.years} ปี")
                 + f" (เกิดใน {count(p.deficit)} จาก {count(p.simulations)} ครั้ง)",
           "Year payouts first exceed income (median): " + (f"FY {dfy}" if dfy else f"not within {p.years} years")
           + f" ({p.deficit:,} of {p.simulations:,} simulations)"),
        tr(lang, "ปีที่เงินหมด (มัธยฐาน): " + (f"ปีงบ {efy}" if efy else f"ไม่หมดภายใน {p.years} ปี"),
           "Year of exhaustion (median): " + (f"FY {efy}" if efy else f"not within {p.years} years")),
    ]


def compare_text(current: Any, draft: Any, lang: str = "en") -> str:
    """Two projections side by side (``impact --project``): how the draft moves the chance of running out, the year
    payouts first exceed income and the year of exhaustion."""
    out = [tr(lang, f"ประมาณการ {current.years} ปี (จำลอง {count(current.simulations)} ครั้ง ค่าตั้งต้นการสุ่ม {current.seed}) "
                    f"จากยอดเงินเริ่มต้น {baht(current.start_balance)} บาท",
              f"Projection over {current.years} years ({current.simulations:,} simulations, seed {current.seed}) "
              f"from a balance of {baht(current.start_balance)} baht")]
    for name, p in ((tr(lang, "ระเบียบเดิม", "current"), current), (tr(lang, "ร่าง", "draft"), draft)):
        out.append(f"{name}:")
        out += ["  " + line for line in summary_lines(p, lang)]
    return "\n".join(out) + "\n"


__all__ = ["compare_text", "render_projection", "summary_lines"]
