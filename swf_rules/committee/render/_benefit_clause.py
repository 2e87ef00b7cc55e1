"""The clause of one benefit, in full: who is entitled (status, sex, waiting period, tenure, age, arrears,
conditions, claim fields), how much (flat, per child, a rate, a table by tenure or age, linear, a fraction of
another benefit, an allowance, a declared function; rounding), the caps and the remainder rule, counts, offsets,
the claim deadline and what may be paid for the same event; the project's illustrative values as notes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ...core import model as M
from ...core.bands import parse_interval
from ...core.validate import Regulation
from ._document import Clause, Numbers, age_bounds, clause_label, join_words, notes_of, pick, sentence
from ._v2_clause import billed_sentence, each_person, floor_sentence, who_sentences
from ._membership_text import amount_items, waiting_items


# ------------------------------------------------------------------------------------------ wording tables
_STATUS = {
    "active": ("เป็นสมาชิกปกติ", "an active member"),
    "suspended": ("เป็นสมาชิกที่ถูกพักสิทธิ์", "a suspended member"),
    "lapsed": ("พ้นสภาพเพราะขาดส่งเงินสมทบ", "a former member whose membership lapsed"),
    "resigned": ("ลาออกแล้ว", "a former member who resigned"),
    "expelled": ("ถูกให้ออก", "a former member who was expelled"),
    "dead": ("เสียชีวิตแล้ว", "deceased"),
    "not_member": ("ไม่ได้เป็นสมาชิก", "not a member"),
}
_WINDOW = {
    "stay": ("ต่อการนอนโรงพยาบาลหนึ่งครั้ง", "per stay"),
    "event": ("ต่อเหตุการณ์หนึ่งครั้ง", "per event"),
    "fiscal_year": ("ต่อปีงบประมาณ (1 ตุลาคม ถึง 30 กันยายน)", "per fiscal year (1 October to 30 September)"),
    "calendar_year": ("ต่อปีปฏิทิน (1 มกราคม ถึง 31 ธันวาคม)", "per calendar year (1 January to 31 December)"),
    "rolling_365_days": ("ในระยะเวลา 365 วันใด ๆ", "in any period of 365 days"),
    "lifetime": ("ตลอดการเป็นสมาชิก", "over the whole membership"),
}
_UNIT = {"night": ("คืน", "night", "nights"), "day": ("วัน", "day", "days"), "visit": ("ครั้ง", "visit", "visits"),
         "month": ("เดือน", "month", "months")}
_UNIT_RATE = {"night": ("คืนละ", "for each night in hospital", "ตามจำนวนคืนที่นอนพักรักษาตัว"),
              "day": ("วันละ", "for each day", "ตามจำนวนวัน"),
              "visit": ("ครั้งละ", "for each visit", "ตามจำนวนครั้ง"),
              "month": ("เดือนละ", "for each month", "ตามจำนวนเดือน")}
_ROUNDING = {"half_up": ("ปัดเศษตั้งแต่ครึ่งหนึ่งขึ้นไปเป็นหนึ่งหน่วย", "halves rounded up"),
             "half_even": ("ปัดเศษครึ่งหนึ่งไปหาจำนวนคู่", "halves rounded to even"),
             "down": ("ปัดเศษทิ้ง", "rounded down"),
             "up": ("ปัดเศษขึ้น", "rounded up")}
_TENURE_ROUNDING = {"completed_years": ("นับเฉพาะปีที่ครบบริบูรณ์", "completed years only"),
                    "over_6_months": ("เศษของปีที่เกินหกเดือนนับเป็นหนึ่งปี", "a part year over six months counts as a year"),
                    "exact": ("นับตามระยะเวลาจริงรวมเศษของปี", "exact, including part years")}
_MEMBERSHIP_MODE = {"continuous": ("ติดต่อกัน", "continuous"), "cumulative": ("รวมทุกช่วงที่เป็นสมาชิก", "cumulative (all spells added up)")}
_WAIT_FROM = {"membership_start": ("วันที่เริ่มเป็นสมาชิก", "the day the membership began"),
              "first_membership": ("วันที่เริ่มเป็นสมาชิกครั้งแรก", "the day the member first joined"),
              "first_contribution": ("วันที่ส่งเงินสมทบครั้งแรก", "the member's first contribution")}
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภม"


def _period(num: Numbers, p: Any) -> str:
    parts = [(v, th, en) for v, th, en in ((p.years, "ปี", "year"), (p.months, "เดือน", "month"),
                                           (p.days, "วัน", "day")) if v]
    if not parts:
        parts = [(0, "วัน", "day")]
    if num.lang == "th":
        return " ".join(f"{num.n(v)} {th}" for v, th, _ in parts)
    return " ".join(f"{v} {en}{'' if v == 1 else 's'}" for v, _, en in parts)


def _fraction_text(lang: str, num: Numbers, f: Fraction) -> str:
    if lang == "th":
        named = {Fraction(1, 2): "กึ่งหนึ่ง", Fraction(1, 4): "หนึ่งในสี่", Fraction(3, 4): "สามในสี่",
                 Fraction(1, 3): "หนึ่งในสาม", Fraction(1, 1): "เต็มจำนวน"}
        return named.get(f, f"{num.n(f.numerator)}/{num.n(f.denominator)}")
    named_en = {Fraction(1, 2): "half", Fraction(1, 4): "a quarter", Fraction(3, 4): "three quarters",
                Fraction(1, 3): "a third", Fraction(1, 1): "all"}
    return named_en.get(f, f"{f.numerator}/{f.denominator}")


def _band_text(lang: str, num: Numbers, text: str) -> str:
    iv = parse_interval(text)
    lo, hi = iv.low, iv.high
    unit_th = "ปี"

    def years(x: Decimal) -> str:
        return f"{x} year" if x == 1 else f"{x} years"

    if lang == "th":
        if hi is None:
            return f"{'ตั้งแต่' if iv.low_inclusive else 'เกิน'} {num.n(lo)} {unit_th}ขึ้นไป"
        high = f"{'ไม่เกิน' if iv.high_inclusive else 'ไม่ถึง'} {num.n(hi)} {unit_th}"
        if lo == 0 and iv.low_inclusive:
            return high
        low = f"{'ตั้งแต่' if iv.low_inclusive else 'เกิน'} {num.n(lo)} {unit_th}"
        return f"{low} แต่{high}"
    if hi is None:
        return f"{years(lo)} or more" if iv.low_inclusive else f"more than {years(lo)}"
    high = f"{'at most' if iv.high_inclusive else 'less than'} {years(hi)}"
    if lo == 0 and iv.low_inclusive:
        return high
    low = f"{'at least' if iv.low_inclusive else 'more than'} {years(lo)}"
    return f"{low} and {high}"


def _benefit_ref(lang: str, num: Numbers, version: M.Version, benefit_id: str) -> str:
    b = version.benefit(benefit_id)
    if b is None:
        return benefit_id
    return f"{clause_label(b.clause, lang, num.thai)} ({pick(lang, b.title)})"


def benefit_clause(reg: Regulation, version: M.Version, b: M.Benefit, num: Numbers) -> Clause:
    lang = num.lang
    th = lang == "th"
    el = b.eligibility
    items: list[str] = []
    death = b.kind == "death"
    # -- who is entitled
    statuses = [_STATUS[s][0 if th else 1] for s in el.status]
    if b.recipients == "non_members":  # v2: who_sentences says who may claim
        pass
    elif th:
        when = "ในวันที่ถึงแก่กรรม" if death else "ในวันที่เกิดเหตุ"
        items.append(f"ผู้มีสิทธิ์ได้รับสวัสดิการตามข้อนี้ต้อง{join_words(lang, statuses, 'หรือ')}{when}")
    else:
        when = "on the day of death" if death else "on the date of the event"
        items.append(f"To be entitled to this benefit the member must be {join_words(lang, statuses, word_en='or')} "
                     f"{when}.")
    if el.sex is not None:
        if th:
            items.append("ผู้มีสิทธิ์ต้องเป็นสมาชิกหญิง" + (" (มารดาต้องเป็นสมาชิก)" if b.kind == "birth" else "")
                         if el.sex == "female" else "ผู้มีสิทธิ์ต้องเป็นสมาชิกชาย")
        else:
            items.append(("The member must be a woman" + (" (the mother must be the member)" if b.kind == "birth"
                                                          else "") + ".") if el.sex == "female" else
                         "The member must be a man.")
    w = el.waiting
    if w is not None and (w.days or w.months or w.years):
        frm = _WAIT_FROM[w.start][0 if th else 1]
        items.append(f"ต้องเป็นสมาชิกมาแล้วไม่น้อยกว่า {_period(num, w)} นับแต่{frm} จึงจะมีสิทธิ์" if th else
                     f"The member must have been a member for at least {_period(num, w)}, counted from {frm}.")
    items.extend(waiting_items(num, version, b))
    if el.tenure is not None:
        t = el.tenure
        mode = _MEMBERSHIP_MODE[t.membership][0 if th else 1]
        rnd = _TENURE_ROUNDING[t.rounding][0 if th else 1]
        items.append(f"ต้องเป็นสมาชิก{mode}มาแล้วไม่น้อยกว่า {num.n(t.min_years)} ปี ({rnd})" if th else
                     f"The member must have at least {t.min_years} year{'s' if t.min_years != 1 else ''} of "
                     f"{mode} membership ({rnd}).")
    if el.age is not None and (el.age.min is not None or el.age.max is not None):
        a = el.age
        at = (("ณ วันที่เกิดเหตุ" if a.at == "event" else "ณ วันที่เข้าเป็นสมาชิก") if th else
              ("on the date of the event" if a.at == "event" else "when joining"))
        bounds = age_bounds(num, a.min, a.max, completed=True)
        who = "The applicant" if b.recipients == "non_members" else "The member"
        items.append(f"ผู้มีสิทธิ์ต้องมีอายุ{bounds} {at}" if th else
                     f"{who} must be {bounds} years old (in completed years) {at}.")
    if el.max_arrears is not None:
        items.append(f"ในวันที่เกิดเหตุ สมาชิกต้องค้างส่งเงินสมทบไม่เกิน {num.n(el.max_arrears)} งวด" if th else
                     f"On the date of the event the member may be behind by at most {el.max_arrears} "
                     f"instalment{'s' if el.max_arrears != 1 else ''}.")
    if el.conditions:
        conds = []
        for i, c in enumerate(el.conditions):
            mark = f"({_THAI_LETTERS[i]})" if th else f"({chr(ord('a') + i)})"
            text = pick(lang, c.description) if c.description else c.when
            ref = f" [{clause_label(c.clause, lang, num.thai)}]" if c.clause else ""
            conds.append(f"{mark} {text}{ref}")
        items.append(("ต้องเป็นไปตามเงื่อนไขต่อไปนี้ทุกข้อ " + " ".join(conds)) if th else
                     ("All of the following must hold: " + "; ".join(conds) + "."))
    if b.claim_fields:
        fields = [pick(lang, f.description) if f.description else name for name, f in b.claim_fields.items()]
        items.append(("คำขอต้องระบุ " + join_words(lang, fields)) if th else
                     ("The claim states: " + "; ".join(fields) + "."))
    items.extend(who_sentences(num, b))  # v2: non-members, the person concerned, several members, the payee
    # -- how much
    table_head = None
    table: tuple[tuple[str, str], ...] = ()
    a = b.amount
    if isinstance(a, M.Flat):
        if th:
            per = " ต่อการคลอดหนึ่งครั้ง ไม่ว่าจะมีบุตรกี่คน" if b.kind == "birth" else " ต่อครั้ง"
            items.append(f"จ่ายเงินสวัสดิการ {num.money(a.amount)}{per}")
        else:
            per = " per delivery, whatever the number of children" if b.kind == "birth" else " per event"
            items.append(f"The fund pays {num.money(a.amount)}{per}.")
    elif isinstance(a, M.PerChild):
        items.append(f"จ่ายเงินสวัสดิการ {num.money(a.amount)} ต่อบุตรที่เกิดแต่ละคน" if th else
                     f"The fund pays {num.money(a.amount)} for each child born.")
    elif isinstance(a, M.Rate):
        r = _UNIT_RATE[a.unit]
        items.append(f"จ่ายเงินสวัสดิการ{r[0]} {num.money(a.rate)} {r[2]}" if th else
                     f"The fund pays {num.money(a.rate)} {r[1]}.")
    elif isinstance(a, M.Table):
        if a.by == "tenure":
            assert a.tenure is not None
            mode = _MEMBERSHIP_MODE[a.tenure.membership][0 if th else 1]
            rnd = _TENURE_ROUNDING[a.tenure.rounding][0 if th else 1]
            items.append(f"จ่ายเงินสวัสดิการตามระยะเวลาการเป็นสมาชิก{mode} ณ {'วันที่ถึงแก่กรรม' if death else 'วันที่เกิดเหตุ'}"
                         f" ({rnd}) ตามตารางท้ายข้อนี้" if th else
                         f"The amount depends on the years of {mode} membership on the "
                         f"{'day of death' if death else 'date of the event'} ({rnd}), as in the table below.")
            table_head = ("ระยะเวลาการเป็นสมาชิก", "จำนวนเงิน") if th else ("Membership", "Amount")
        else:
            items.append(f"จ่ายเงินสวัสดิการตามอายุของสมาชิก (ปีบริบูรณ์) ณ {'วันที่ถึงแก่กรรม' if death else 'วันที่เกิดเหตุ'}"
                         " ตามตารางท้ายข้อนี้" if th else
                         "The amount depends on the member's age (completed years) on the "
                         f"{'day of death' if death else 'date of the event'}, as in the table below.")
            table_head = ("อายุ", "จำนวนเงิน") if th else ("Age", "Amount")
        table = tuple((_band_text(lang, num, band.range), num.money(band.amount)) for band in a.bands)
    elif isinstance(a, M.Linear):
        basis = (("ระยะเวลาการเป็นสมาชิก" if a.by == "tenure" else "อายุ") if th else
                 ("year of membership" if a.by == "tenure" else "year of age"))
        if th:
            text = f"จ่ายเงินสวัสดิการ {num.money(a.base)} บวกเพิ่มปีละ {num.money(a.per_year)} ตาม{basis}"
            if a.ceiling is not None:
                text += f" รวมแล้วไม่เกิน {num.money(a.ceiling)}"
        else:
            text = f"The fund pays {num.money(a.base)} plus {num.money(a.per_year)} for each {basis}"
            text += f", at most {num.money(a.ceiling)}." if a.ceiling is not None else "."
        if a.by == "tenure" and a.tenure is not None:
            rnd = _TENURE_ROUNDING[a.tenure.rounding][0 if th else 1]
            text += f" ({rnd})" if th else f" Years are counted as {rnd}."
        items.append(text)
        if a.floor is not None:
            items.append(floor_sentence(num, a) or "")
    elif isinstance(a, M.FractionOf):
        ref = _benefit_ref(lang, num, version, a.benefit)
        items.append(f"จ่ายเงินสวัสดิการ{_fraction_text(lang, num, a.fraction)}ของจำนวนเงินตาม{ref}" if th else
                     f"The fund pays {_fraction_text(lang, num, a.fraction)} of the amount under {ref}.")
    elif isinstance(a, M.Allowance):
        every = {"month": ("เดือนละ", "once a month"),
                 "calendar_year": ("ปีละ", "once per calendar year (1 January to 31 December)"),
                 "fiscal_year": ("ปีละ", "once per fiscal year (1 October to 30 September)")}[a.every]
        if th:
            span = {"month": "", "calendar_year": " (ปีปฏิทิน)", "fiscal_year": " (ปีงบประมาณ 1 ตุลาคม ถึง 30 กันยายน)"}[a.every]
            items.append(f"จ่ายเงินสวัสดิการ{every[0]} {num.money(a.amount)}{span}")
            if a.first_period == "skip":
                items.append("งวดแรกที่เริ่มมีสิทธิ์ไม่จ่าย ให้เริ่มจ่ายในงวดถัดไป")
        else:
            items.append(f"The fund pays an allowance of {num.money(a.amount)} {every[1]}.")
            if a.first_period == "skip":
                items.append("The period in which the member first becomes entitled is not paid; payment starts with "
                             "the next period.")
    elif isinstance(a, M.FunctionAmount):
        items.append(f"จำนวนเงินคำนวณตามวิธีที่กองทุนกำหนดไว้ ({a.name})" if th else
                     f"The amount is computed by the fund's declared method '{a.name}'.")
    elif isinstance(a, M.Billed):
        items.append(billed_sentence(num, a, b))
    items.extend(amount_items(num, b))
    if death and b.payee is None:
        items.append("จ่ายให้แก่ผู้รับผลประโยชน์ที่สมาชิกระบุไว้" if th else
                     "It is paid to the beneficiary the member named.")
    if b.rounding is not None or isinstance(a, (M.Linear, M.FractionOf, M.FunctionAmount)):
        r = b.rounding or version.rounding
        unit = num.money(r.unit, words=False)
        items.append(f"จำนวนเงินที่มีเศษให้คิดเป็นหน่วยละ {unit} โดย{_ROUNDING[r.mode][0]}" if th else
                     f"Amounts are rounded to a multiple of {unit}, {_ROUNDING[r.mode][1]}.")
    # -- caps
    limits = []
    for cap in b.caps:
        if cap.count is not None:
            continue
        per = _WINDOW[cap.per][0 if th else 1]
        ref = f" [{clause_label(cap.clause, lang, num.thai)}]" if cap.clause else ""
        per += each_person(num, cap)
        if cap.money is not None:
            limits.append(f"ไม่เกิน {num.money(cap.money)} {per}{ref}" if th else
                          f"at most {num.money(cap.money)} {per}{ref}")
        else:
            u = _UNIT.get(a.unit if isinstance(a, M.Rate) else "visit", _UNIT["visit"])
            assert cap.units is not None
            limits.append(f"ไม่เกิน {num.n(cap.units)} {u[0]} {per}{ref}" if th else
                          f"at most {cap.units} {u[1] if cap.units == 1 else u[2]} {per}{ref}")
    if limits:
        if th:
            items.append("ทั้งนี้ จ่ายได้" + join_words(lang, limits))
            items.append("หากจำนวนเงินที่คำนวณได้เกินเพดานข้างต้น ให้จ่ายเท่าจำนวนที่ยังเหลืออยู่ภายใต้เพดาน "
                         "โดยไม่ปฏิเสธคำขอ")
        else:
            items.append("The payment is " + join_words(lang, limits) + ".")
            items.append("When the computed amount exceeds a cap, the fund pays what remains under the cap; the claim "
                         "is not refused.")
    for cap in b.caps:
        if cap.count is None:
            continue
        per = _WINDOW[cap.per][0 if th else 1]
        ref = f" [{clause_label(cap.clause, lang, num.thai)}]" if cap.clause else ""
        per += each_person(num, cap)
        times = (f"{num.n(cap.count)} ครั้ง" if th else
                 ("once" if cap.count == 1 else "twice" if cap.count == 2 else f"{cap.count} times"))
        items.append(f"สวัสดิการตามข้อนี้จ่ายได้ไม่เกิน {times}{per}{ref}" if th else
                     f"This benefit is paid at most {times} {per}{ref}.")
    for off in b.offsets:
        ref = _benefit_ref(lang, num, version, off.benefit)
        items.append(f"ให้หักเงินที่สมาชิกได้รับไปแล้วตาม{ref} ออกจากจำนวนเงินตามข้อนี้" if th else
                     f"Amounts already received under {ref} are deducted from this benefit.")
    # -- deadline and the same event
    if b.deadline is not None:
        d = b.deadline
        frm = (("วันที่เกิดเหตุ" if d.start == "event" else "วันที่สิ้นสุดเหตุ (เช่น วันที่ออกจากโรงพยาบาล)") if th else
               ("the event" if d.start == "event" else "the end of the event (e.g. discharge from hospital)"))
        items.append(f"ต้องยื่นคำขอภายใน {_period(num, d)} นับแต่{frm} หากพ้นกำหนดถือว่าสละสิทธิ์" if th else
                     f"The claim must be filed within {_period(num, d)} of {frm}; after that the right is lost.")
    if not isinstance(a, M.Allowance):  # an allowance is paid once per period instead (said above)
        items.append("สวัสดิการตามข้อนี้จ่ายได้ครั้งเดียวต่อเหตุการณ์หนึ่ง" if th else
                     "This benefit is paid once for any one event.")
    if b.same_event.stacks_with:
        refs = [_benefit_ref(lang, num, version, x) for x in b.same_event.stacks_with]
        items.append(f"เหตุการณ์เดียวกันมีสิทธิ์ได้รับสวัสดิการตาม{join_words(lang, refs)} ด้วย" if th else
                     f"The same event may also be paid under {join_words(lang, refs)}.")
    if b.same_event.excludes:
        refs = [_benefit_ref(lang, num, version, x) for x in b.same_event.excludes]
        items.append(f"ผู้ที่ได้รับสวัสดิการตาม{join_words(lang, refs, 'หรือ')} สำหรับเหตุการณ์เดียวกันแล้ว "
                     f"ไม่มีสิทธิ์ได้รับสวัสดิการตามข้อนี้" if th else
                     f"It is not paid when {join_words(lang, refs, word_en='or')} was already paid for the same event.")
    notes = notes_of(lang, b.illustrative, w.illustrative if w else None,
                   el.tenure.illustrative if el.tenure else None, el.age.illustrative if el.age else None,
                   *[c.illustrative for c in el.conditions], *[c.illustrative for c in b.caps],
                   b.deadline.illustrative if b.deadline else None, *[o.illustrative for o in b.offsets],
                   b.person.illustrative if b.person else None, b.payee.illustrative if b.payee else None,
                   b.person.age.illustrative if b.person and b.person.age else None)
    return Clause(f"benefit:{b.id}", clause_label(b.clause, lang, num.thai), pick(lang, b.title),
                  tuple(sentence(lang, num, x) for x in items), table_head, table, notes)


def group_clauses(num: Numbers, version: M.Version) -> list[Clause]:
    """One clause per benefit group: its waiting period and the benefits in it."""
    lang = num.lang
    th = lang == "th"
    out = []
    for g in version.groups:
        w = g.waiting
        members = [_benefit_ref(lang, num, version, b.id) for b in version.benefits if b.group == g.id]
        frm = _WAIT_FROM[w.start][0 if th else 1]
        items = [(f"สวัสดิการในกลุ่มนี้ได้แก่ {join_words(lang, members)}" if th else
                  f"This group holds {join_words(lang, members)}.") if members else
                 ("ยังไม่มีสวัสดิการในกลุ่มนี้" if th else "No benefit is in this group yet.")]
        items.append(f"ต้องเป็นสมาชิกมาแล้วไม่น้อยกว่า {_period(num, w)} นับแต่{frm} จึงจะมีสิทธิ์ได้รับสวัสดิการในกลุ่มนี้" if th
                     else f"A member is entitled to the benefits of this group after at least {_period(num, w)}, "
                          f"counted from {frm}.")
        if w.paused_by_arrears:
            items.append("วันที่สมาชิกค้างส่งเงินสมทบไม่นับรวมในระยะรอคอย" if th else
                         "Days on which the member is in arrears do not count toward the waiting period.")
        out.append(Clause(f"group:{g.id}", clause_label(g.clause, lang, num.thai), pick(lang, g.title),
                          tuple(sentence(lang, num, x) for x in items),
                          notes=notes_of(lang, g.illustrative, w.illustrative)))
    return out
