"""The printable regulation: the document members vote on, generated from the YAML so the two never disagree.

:func:`build` turns one version into a :class:`Document` -- heading, then one :class:`Clause` per benefit and
for membership, in the fund's own clause order and numbering -- whose sentences say in full what the engine
enforces: who is entitled (status, waiting period, tenure, age, sex, arrears, conditions), how much (with the
amount in Thai words in Thai documents: ``๖๐๐ บาท (หกร้อยบาทถ้วน)``), the caps and the remainder rule, counts,
offsets, rounding, the claim deadline and what may be paid for the same event.  Values the project chose where the
published regulation is silent (``illustrative``) are printed as notes under their clause.

:func:`markdown` and :func:`html` print a document; :func:`diff` compares two versions clause by clause and
:func:`diff_markdown` / :func:`diff_html` print the changed clauses with the old and new text side by side.

Thai documents use B.E. dates, and Thai digits when the file says ``clause_digits: thai``; English documents use
C.E. dates and Arabic digits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html import escape as _escape
from typing import Any, Sequence

from ..core import model as M
from ..core.bands import parse_interval
from ..core.dates import normalise_digits
from ..core.money import money_str
from ..core.thaitext import baht_text, english_date, group_digits, thai_date, thai_digits
from ..core.validate import Regulation


# ------------------------------------------------------------------------------------------ the document
@dataclass(frozen=True)
class Clause:
    key: str  # "membership" or "benefit:<id>" (stable across versions, used to compare them)
    label: str  # as the fund numbers it, in the document's language: "ข้อ ๒", "Clause 2"
    title: str
    items: tuple[str, ...]  # the clause's sentences, numbered (๑) (๒) ... when printed
    table_head: tuple[str, str] | None = None
    table: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}"

    def lines(self, numbers: "Numbers") -> list[str]:
        """The clause as plain lines (for comparing versions)."""
        out = [self.heading]
        out.extend(f"{numbers.item(i)} {text}" for i, text in enumerate(self.items, 1))
        out.extend(f"{a}: {b}" for a, b in self.table)
        out.extend(f"{numbers.note}: {n}" for n in self.notes)
        return out


@dataclass(frozen=True)
class Document:
    lang: str
    fund_id: str
    version: str
    fingerprint: str
    title: str
    fund_name: str
    fund_line: str
    facts: tuple[tuple[str, str], ...]  # heading facts: (label, value)
    clauses: tuple[Clause, ...]
    notes: tuple[str, ...]
    footer: str
    numbers: "Numbers"

    def heading_lines(self) -> list[str]:
        return [self.title, self.fund_line] + [f"{k}: {v}" for k, v in self.facts]


@dataclass(frozen=True)
class Numbers:
    """How numbers are written in one document: language and digit style."""

    lang: str
    thai: bool  # Thai digits

    def n(self, x: int | Decimal | str) -> str:
        text = str(x) if not isinstance(x, Decimal) else (money_str(x) if x == x.to_integral_value()
                                                          else format(x.normalize(), "f"))
        return thai_digits(text) if self.thai else text

    def money(self, amount: Decimal, words: bool = True) -> str:
        figures = group_digits(amount)
        if self.lang == "th":
            figures = thai_digits(figures) if self.thai else figures
            return f"{figures} บาท ({baht_text(amount)})" if words else f"{figures} บาท"
        return f"{figures} baht"

    def date(self, d: Any) -> str:
        return thai_date(d, "thai" if self.thai else "arabic") if self.lang == "th" else english_date(d)

    def item(self, i: int) -> str:
        return f"({self.n(i)})"

    @property
    def note(self) -> str:
        return "หมายเหตุ (ค่าที่โครงการกำหนด)" if self.lang == "th" else "Note (illustrative)"

    def text(self, s: str) -> str:
        """Digits inside generated text in the document's style."""
        return thai_digits(s) if self.thai else normalise_digits(s)


def escape(text: str) -> str:
    """HTML text content (quotes need no escaping outside attributes)."""
    return _escape(text, quote=False)


def _t(lang: str, th: str, en: str) -> str:
    return th if lang == "th" else en


def _pick(lang: str, text: Any) -> str:
    if isinstance(text, M.Text):
        return text.th if lang == "th" else text.en
    return str(text)


def clause_label(clause: str, lang: str, thai_digits_: bool) -> str:
    """The fund's clause label in the document's language: ``ข้อ ๒`` stays (digits per the file) in Thai and
    becomes ``Clause 2`` in English; ``รายการที่ ๑๔`` becomes ``Item 14``; other labels keep their words."""
    if lang == "th":
        return thai_digits(clause) if thai_digits_ else normalise_digits(clause)
    text = normalise_digits(clause).strip()
    for th, en in (("ข้อ", "Clause"), ("รายการที่", "Item"), ("หมวดที่", "Chapter"), ("หมวด", "Chapter")):
        if text.startswith(th) and re.match(r"^\s*\d", text[len(th):]):
            return en + " " + text[len(th):].strip()
    return text


def _clause_number(clause: str) -> tuple[int, ...]:
    nums = re.findall(r"\d+", normalise_digits(clause))
    return tuple(int(x) for x in nums) if nums else (-1,)


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
_STARTS = {"application": ("วันที่ยื่นใบสมัคร", "the day the application is filed"),
           "approval": ("วันที่คณะกรรมการอนุมัติให้เป็นสมาชิก", "the day the committee approves the application"),
           "first_contribution": ("วันที่ส่งเงินสมทบครั้งแรก", "the day of the first contribution")}
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


def _join(lang: str, parts: Sequence[str], word_th: str = "และ", word_en: str = "and") -> str:
    """"a, b and c" in English; "a b และ c" in Thai."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    if lang == "th":
        return " ".join(parts[:-1]) + f" {word_th}" + parts[-1]
    return ", ".join(parts[:-1]) + f" {word_en} " + parts[-1]


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


# ------------------------------------------------------------------------------------------ clause builders
def _benefit_ref(lang: str, num: Numbers, version: M.Version, benefit_id: str) -> str:
    b = version.benefit(benefit_id)
    if b is None:
        return benefit_id
    return f"{clause_label(b.clause, lang, num.thai)} ({_pick(lang, b.title)})"


def _notes(lang: str, *values: Any) -> tuple[str, ...]:
    out = []
    for v in values:
        if v is None:
            continue
        for x in (v if isinstance(v, list) else [v]):
            text = _pick(lang, x)
            if text not in out:
                out.append(text)
    return tuple(out)


def _benefit_clause(reg: Regulation, version: M.Version, b: M.Benefit, num: Numbers) -> Clause:
    lang = num.lang
    th = lang == "th"
    el = b.eligibility
    items: list[str] = []
    death = b.kind == "death"
    # -- who is entitled
    statuses = [_STATUS[s][0 if th else 1] for s in el.status]
    if th:
        when = "ในวันที่ถึงแก่กรรม" if death else "ในวันที่เกิดเหตุ"
        items.append(f"ผู้มีสิทธิ์ได้รับสวัสดิการตามข้อนี้ต้อง{_join(lang, statuses, 'หรือ')}{when}")
    else:
        when = "on the day of death" if death else "on the date of the event"
        items.append(f"To be entitled to this benefit the member must be {_join(lang, statuses, word_en='or')} "
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
        if th:
            parts = []
            if a.min is not None:
                parts.append(f"ไม่ต่ำกว่า {num.n(a.min)} ปีบริบูรณ์")
            if a.max is not None:
                parts.append(f"ไม่เกิน {num.n(a.max)} ปี")
            items.append(f"ผู้มีสิทธิ์ต้องมีอายุ{_join(lang, parts)} {at}")
        else:
            parts = []
            if a.min is not None:
                parts.append(f"at least {a.min}")
            if a.max is not None:
                parts.append(f"at most {a.max}")
            items.append(f"The member must be {_join(lang, parts)} years old (in completed years) {at}.")
    if el.max_arrears is not None:
        items.append(f"ในวันที่เกิดเหตุ สมาชิกต้องค้างส่งเงินสมทบไม่เกิน {num.n(el.max_arrears)} งวด" if th else
                     f"On the date of the event the member may be behind by at most {el.max_arrears} "
                     f"instalment{'s' if el.max_arrears != 1 else ''}.")
    if el.conditions:
        conds = []
        for i, c in enumerate(el.conditions):
            mark = f"({_THAI_LETTERS[i]})" if th else f"({chr(ord('a') + i)})"
            text = _pick(lang, c.description) if c.description else c.when
            ref = f" [{clause_label(c.clause, lang, num.thai)}]" if c.clause else ""
            conds.append(f"{mark} {text}{ref}")
        items.append(("ต้องเป็นไปตามเงื่อนไขต่อไปนี้ทุกข้อ " + " ".join(conds)) if th else
                     ("All of the following must hold: " + "; ".join(conds) + "."))
    if b.claim_fields:
        fields = [_pick(lang, f.description) if f.description else name for name, f in b.claim_fields.items()]
        items.append(("คำขอต้องระบุ " + _join(lang, fields)) if th else
                     ("The claim states: " + "; ".join(fields) + "."))
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
    if death:
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
            items.append("ทั้งนี้ จ่ายได้" + _join(lang, limits))
            items.append("หากจำนวนเงินที่คำนวณได้เกินเพดานข้างต้น ให้จ่ายเท่าจำนวนที่ยังเหลืออยู่ภายใต้เพดาน "
                         "โดยไม่ปฏิเสธคำขอ")
        else:
            items.append("The payment is " + _join(lang, limits) + ".")
            items.append("When the computed amount exceeds a cap, the fund pays what remains under the cap; the claim "
                         "is not refused.")
    for cap in b.caps:
        if cap.count is None:
            continue
        per = _WINDOW[cap.per][0 if th else 1]
        ref = f" [{clause_label(cap.clause, lang, num.thai)}]" if cap.clause else ""
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
        items.append(f"เหตุการณ์เดียวกันมีสิทธิ์ได้รับสวัสดิการตาม{_join(lang, refs)} ด้วย" if th else
                     f"The same event may also be paid under {_join(lang, refs)}.")
    if b.same_event.excludes:
        refs = [_benefit_ref(lang, num, version, x) for x in b.same_event.excludes]
        items.append(f"ผู้ที่ได้รับสวัสดิการตาม{_join(lang, refs, 'หรือ')} สำหรับเหตุการณ์เดียวกันแล้ว "
                     f"ไม่มีสิทธิ์ได้รับสวัสดิการตามข้อนี้" if th else
                     f"It is not paid when {_join(lang, refs, word_en='or')} was already paid for the same event.")
    notes = _notes(lang, b.illustrative, w.illustrative if w else None,
                   el.tenure.illustrative if el.tenure else None, el.age.illustrative if el.age else None,
                   *[c.illustrative for c in el.conditions], *[c.illustrative for c in b.caps],
                   b.deadline.illustrative if b.deadline else None, *[o.illustrative for o in b.offsets])
    return Clause(f"benefit:{b.id}", clause_label(b.clause, lang, num.thai), _pick(lang, b.title),
                  tuple(_sentence(lang, num, x) for x in items), table_head, table, notes)


def _membership_clause(version: M.Version, num: Numbers) -> Clause:
    lang = num.lang
    th = lang == "th"
    m = version.membership
    c = m.contribution
    items = []
    items.append(f"สมาชิกส่งเงินสมทบ{'เดือนละ' if c.period == 'month' else 'ปีละ'} {num.money(c.amount)}" if th else
                 f"Members contribute {num.money(c.amount)} a {c.period}.")
    if m.entry_fee > 0:
        items.append(f"ผู้สมัครชำระค่าสมัครแรกเข้า {num.money(m.entry_fee)}" if th else
                     f"Applicants pay an entry fee of {num.money(m.entry_fee)}.")
    items.append(f"การเป็นสมาชิกเริ่มนับตั้งแต่{_STARTS[m.starts][0]}" if th else
                 f"Membership begins on {_STARTS[m.starts][1]}.")
    if m.joining_age is not None and (m.joining_age.min is not None or m.joining_age.max is not None):
        ja = m.joining_age
        if th:
            parts = ([f"ไม่ต่ำกว่า {num.n(ja.min)} ปี"] if ja.min is not None else []) + \
                    ([f"ไม่เกิน {num.n(ja.max)} ปี"] if ja.max is not None else [])
            items.append(f"ผู้สมัครต้องมีอายุ{_join(lang, parts)} ในวันที่เข้าเป็นสมาชิก")
        else:
            parts = ([f"at least {ja.min}"] if ja.min is not None else []) + \
                    ([f"at most {ja.max}"] if ja.max is not None else [])
            items.append(f"Applicants must be {_join(lang, parts)} years old when they join.")
    period_th = "เดือน" if c.period == "month" else "ปี"
    if th:
        text = f"เงินสมทบแต่ละงวดต้องส่งภายในวันสุดท้ายของ{period_th}นั้น"
        if m.grace_days:
            text += f" หรือภายใน {num.n(m.grace_days)} วันหลังจากนั้น"
        items.append(text + " มิฉะนั้นถือว่าขาดส่งงวดนั้น")
    else:
        text = f"Each instalment is due by the last day of its {c.period}"
        if m.grace_days:
            text += f", or within {m.grace_days} days after it"
        items.append(text + "; otherwise it is missed.")
    if m.suspend_after is not None and m.suspend_after > 0:
        items.append(f"สมาชิกที่ค้างส่งเงินสมทบตั้งแต่ {num.n(m.suspend_after)} งวดขึ้นไป ถูกพักสิทธิ์จนกว่าจะส่งครบ" if th
                     else f"A member behind by {m.suspend_after} or more instalments is suspended until the arrears "
                          "are paid.")
    if m.lapse_after is not None:
        la = m.lapse_after
        if la.consecutive is not None:
            items.append(f"สมาชิกที่ขาดส่งเงินสมทบติดต่อกัน {num.n(la.consecutive)} งวด พ้นสภาพการเป็นสมาชิก" if th else
                         f"A member who misses {la.consecutive} instalments in a row ceases to be a member.")
        else:
            assert la.total is not None
            items.append(f"สมาชิกที่ขาดส่งเงินสมทบรวม {num.n(la.total)} งวด พ้นสภาพการเป็นสมาชิก" if th else
                         f"A member who misses {la.total} instalments in total ceases to be a member.")
    items.append({
        "none": ("เงินสมทบที่ส่งแล้วไม่คืนให้แก่สมาชิกไม่ว่ากรณีใด", "Contributions are not refunded."),
        "all": ("สมาชิกที่ลาออกได้รับเงินสมทบที่ส่งแล้วคืนทั้งหมด", "A member who resigns gets every contribution back."),
        "if_no_benefit_received": ("สมาชิกที่ลาออกโดยไม่เคยได้รับสวัสดิการใดเลย ได้รับเงินสมทบที่ส่งแล้วคืน "
                                   "ผู้ที่เคยได้รับสวัสดิการแล้วไม่ได้รับคืน",
                                   "A member who resigns without ever having received a benefit gets the contributions "
                                   "back; one who has received a benefit does not."),
    }[m.refund_on_resignation][0 if th else 1])
    la_note = m.lapse_after.illustrative if m.lapse_after else None
    return Clause("membership", clause_label(m.clause, lang, num.thai),
                  "การเป็นสมาชิกและการส่งเงินสมทบ" if th else "Membership and contributions",
                  tuple(_sentence(lang, num, x) for x in items), notes=_notes(lang, m.illustrative, la_note))


def _sentence(lang: str, num: Numbers, text: str) -> str:
    """A generated sentence in the document's digit style: Thai digits throughout when the file asks for them."""
    return thai_digits(text) if num.thai else text


def build(regulation: Regulation, version: M.Version, lang: str = "th") -> Document:
    """The printable document of one version, in Thai (``th``) or English (``en``)."""
    if lang not in ("th", "en"):
        raise ValueError(f"lang must be 'th' or 'en', not {lang!r}")
    th = lang == "th"
    num = Numbers(lang, th and regulation.file.clause_digits == "thai")
    f = regulation.fund
    place = f.place
    fund_line = (f"{f.name.th} ตำบล{place.subdistrict.th} อำเภอ{place.district.th} จังหวัด{place.province.th}" if th
                 else f"{f.name.en}, {place.subdistrict.en} subdistrict, {place.district.en} district, "
                      f"{place.province.en} province")
    facts = [
        (_t(lang, "ฉบับ", "Version"), num.text(version.version)),
        (_t(lang, "ผู้ออกระเบียบ", "Adopted by"), _pick(lang, version.adopted.meeting)),
        (_t(lang, "วันที่ออกระเบียบ", "Adopted on"), num.date(version.adopted.date)),
        (_t(lang, "มีผลใช้บังคับตั้งแต่", "In force from"), num.date(version.effective)),
    ]
    if version.until is not None:
        facts.append((_t(lang, "สิ้นผลเมื่อ", "In force until"), num.date(version.until)))
    facts.append((_t(lang, "ที่มา", "Source"), version.source.url or version.source.document or ""))
    clauses = [_membership_clause(version, num)] + [_benefit_clause(regulation, version, b, num)
                                                     for b in version.benefits]
    src_order = {c.key: i for i, c in enumerate(clauses)}
    clause_text = {"membership": version.membership.clause, **{f"benefit:{b.id}": b.clause for b in version.benefits}}
    clauses.sort(key=lambda c: (_clause_number(clause_text[c.key]), src_order[c.key]))
    fp = regulation.fingerprint(version)
    footer = (f"เอกสารนี้สร้างจากไฟล์ระเบียบ {f.id} ฉบับ {version.version} (รหัสตรวจสอบ {fp})" if th else
              f"Generated from the regulation file of {f.id}, version {version.version} (fingerprint {fp}).")
    return Document(lang, f.id, version.version, fp, _pick(lang, version.title), _pick(lang, f.name), fund_line,
                    tuple(facts),
                    tuple(clauses), _notes(lang, version.illustrative), footer, num)


# ------------------------------------------------------------------------------------------ Markdown
def _md(text: str) -> str:
    """Escape what Markdown would read as markup in running text (emphasis, code, table cells, HTML)."""
    return re.sub(r"([\\`*|<])", r"\\\1", text)


def _md_value(text: str) -> str:
    return f"<{text}>" if re.match(r"^https?://\S+$", text) else _md(text)


def markdown(doc: Document) -> str:
    num = doc.numbers
    out = [f"# {_md(doc.title)}", "", f"**{_md(doc.fund_line)}**", ""]
    out.extend(f"- {_md(k)}: {_md_value(v)}" for k, v in doc.facts)
    for c in doc.clauses:
        out += ["", f"## {_md(c.heading)}", ""]
        for i, item in enumerate(c.items, 1):
            out += [f"{num.item(i)} {_md(item)}", ""]
        if c.table_head:
            out += [f"| {_md(c.table_head[0])} | {_md(c.table_head[1])} |", "| --- | ---: |"]
            out += [f"| {_md(a)} | {_md(b)} |" for a, b in c.table]
            out.append("")
        for n in c.notes:
            out += [f"> {num.note}: {_md(n)}", ""]
        while out and out[-1] == "":
            out.pop()
    if doc.notes:
        out += ["", f"## {_t(doc.lang, 'หมายเหตุ', 'Notes')}", ""]
        out.extend(f"- {_md(n)}" for n in doc.notes)
    out += ["", "---", "", f"*{_md(doc.footer)}*", ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ HTML (A4 print)
CSS = """@page { size: A4; margin: 2.5cm 2cm 2cm 3cm; }
body { font-family: "TH Sarabun New", "TH SarabunPSK", "Sarabun", "Noto Sans Thai", "Tahoma", sans-serif;
       font-size: 16pt; line-height: 1.35; color: #000; max-width: 17cm; margin: 0 auto; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 0.3em; }
h2 { font-size: 16pt; margin: 1em 0 0.3em; page-break-after: avoid; break-after: avoid; }
p.fund { text-align: center; font-weight: bold; margin: 0 0 0.8em; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0 1em; margin: 0 0 1em; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
section.clause { page-break-inside: avoid; break-inside: avoid; }
p.item { margin: 0.15em 0 0.15em 2.5em; text-indent: -2em; }
p.note { margin: 0.3em 0 0.3em 2.5em; font-size: 14pt; font-style: italic; }
table { border-collapse: collapse; margin: 0.4em 0 0.4em 2.5em; }
th, td { border: 1px solid #000; padding: 0.1em 0.6em; vertical-align: top; }
td.amount { text-align: right; }
table.diff { margin: 0.4em 0; width: 100%; table-layout: fixed; font-size: 14pt; }
table.diff td p { margin: 0 0 0.2em; }
del { background: #fdd; text-decoration: line-through; } ins { background: #dfd; text-decoration: none; }
footer { margin-top: 2em; font-size: 12pt; border-top: 1px solid #000; padding-top: 0.3em; }
"""


def _html_page(lang: str, title: str, body: list[str]) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>",
        CSS.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])


def html(doc: Document) -> str:
    num = doc.numbers
    body = ["<article>", f"<h1>{escape(doc.title)}</h1>", f'<p class="fund">{escape(doc.fund_line)}</p>',
            '<dl class="facts">']
    body += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts]
    body.append("</dl>")
    for c in doc.clauses:
        body.append(f'<section class="clause" id="{escape(c.key.replace(":", "-"))}">')
        body.append(f"<h2>{escape(c.heading)}</h2>")
        body += [f'<p class="item">{escape(num.item(i))} {escape(t)}</p>' for i, t in enumerate(c.items, 1)]
        if c.table_head:
            body.append(f"<table><thead><tr><th>{escape(c.table_head[0])}</th><th>{escape(c.table_head[1])}</th>"
                        "</tr></thead><tbody>")
            body += [f'<tr><td>{escape(a)}</td><td class="amount">{escape(b)}</td></tr>' for a, b in c.table]
            body.append("</tbody></table>")
        body += [f'<p class="note">{escape(num.note)}: {escape(n)}</p>' for n in c.notes]
        body.append("</section>")
    if doc.notes:
        body.append(f"<h2>{escape(_t(doc.lang, 'หมายเหตุ', 'Notes'))}</h2>")
        body.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in doc.notes) + "</ul>")
    body.append(f"<footer>{escape(doc.footer)}</footer>")
    body.append("</article>")
    return _html_page(doc.lang, doc.title, body)


# ------------------------------------------------------------------------------------------ diff
@dataclass(frozen=True)
class ClauseChange:
    key: str
    label: str  # the clause as numbered in the new version (or the old one, if removed)
    status: str  # "changed", "added", "removed"
    old: tuple[tuple[str, bool], ...]  # (line, differs) -- differs: not in the other version
    new: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Diff:
    lang: str
    old: Document
    new: Document
    changes: tuple[ClauseChange, ...]
    unchanged: tuple[str, ...]  # headings of the clauses that did not change


def _marked(a: list[str], b: list[str]) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    keep_a, keep_b = set(), set()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            keep_a.update(range(i1, i2))
            keep_b.update(range(j1, j2))
    return (tuple((x, i not in keep_a) for i, x in enumerate(a)), tuple((x, j not in keep_b) for j, x in enumerate(b)))


def diff(old: Document, new: Document) -> Diff:
    """What changed from ``old`` to ``new``, clause by clause (matched by benefit id; membership with membership),
    plus the heading (title, dates) as a clause of its own."""
    if old.lang != new.lang:
        raise ValueError("both documents must be in the same language")
    lang = new.lang
    changes: list[ClauseChange] = []
    unchanged: list[str] = []
    head_old, head_new = old.heading_lines(), new.heading_lines()
    if head_old != head_new:
        a, b = _marked(head_old, head_new)
        changes.append(ClauseChange("heading", _t(lang, "ส่วนหัว", "Heading"), "changed", a, b))
    old_by = {c.key: c for c in old.clauses}
    new_keys = {c.key for c in new.clauses}
    for c in new.clauses:
        o = old_by.get(c.key)
        if o is None:
            changes.append(ClauseChange(c.key, c.heading, "added", (),
                                        tuple((x, True) for x in c.lines(new.numbers))))
            continue
        la, lb = o.lines(old.numbers), c.lines(new.numbers)
        if la == lb:
            unchanged.append(c.heading)
            continue
        a, b = _marked(la, lb)
        changes.append(ClauseChange(c.key, c.heading, "changed", a, b))
    for o in old.clauses:
        if o.key not in new_keys:
            changes.append(ClauseChange(o.key, o.heading, "removed", tuple((x, True) for x in o.lines(old.numbers)),
                                        ()))
    if old.notes != new.notes:
        a, b = _marked(list(old.notes), list(new.notes))
        changes.append(ClauseChange("notes", _t(lang, "หมายเหตุ", "Notes"), "changed", a, b))
    return Diff(lang, old, new, tuple(changes), tuple(unchanged))


_STATUS_WORD = {"changed": ("แก้ไข", "changed"), "added": ("เพิ่มใหม่", "added"), "removed": ("ยกเลิก", "removed")}


def _diff_title(d: Diff) -> str:
    return (_t(d.lang, "ตารางเปรียบเทียบการแก้ไข: ", "Changes: ") + d.new.title)


def _diff_intro(d: Diff) -> str:
    if d.lang == "th":
        return (f"เปรียบเทียบฉบับ {d.old.numbers.text(d.old.version)} (ข้อความเดิม) กับฉบับ "
                f"{d.new.numbers.text(d.new.version)} (ข้อความใหม่) "
                f"ของ{d.new.fund_name}")
    return f"Version {d.old.version} (old text) compared with version {d.new.version} (new text)."


def diff_markdown(d: Diff) -> str:
    th = d.lang == "th"
    out = [f"# {_md(_diff_title(d))}", "", _md(_diff_intro(d)), ""]
    if not d.changes:
        out += [_t(d.lang, "ไม่มีข้อความที่เปลี่ยนแปลง", "Nothing changed."), ""]
    else:
        out += [f"| {_t(d.lang, 'ข้อ', 'Clause')} | {_t(d.lang, 'การเปลี่ยนแปลง', 'Change')} | "
                f"{_t(d.lang, 'ข้อความเดิม', 'Old text')} | {_t(d.lang, 'ข้อความใหม่', 'New text')} |",
                "| --- | --- | --- | --- |"]
        for c in d.changes:
            cells = []
            for side in (c.old, c.new):
                cells.append("<br>".join(f"**{_md(x)}**" if differs else _md(x) for x, differs in side) or "-")
            out.append(f"| {_md(c.label)} | {_STATUS_WORD[c.status][0 if th else 1]} | {cells[0]} | {cells[1]} |")
        out += ["", _t(d.lang, "ข้อความที่เป็นตัวหนาคือส่วนที่ต่างกัน", "Lines in bold are the ones that differ."), ""]
    if d.unchanged:
        out += [_t(d.lang, "ข้อที่ไม่เปลี่ยนแปลง: ", "Clauses not changed: ") + _md(", ".join(d.unchanged)), ""]
    out += ["---", "", f"*{_md(d.old.footer)}*", "", f"*{_md(d.new.footer)}*", ""]
    return "\n".join(out)


def diff_html(d: Diff) -> str:
    th = d.lang == "th"
    body = ["<article>", f"<h1>{escape(_diff_title(d))}</h1>", f"<p>{escape(_diff_intro(d))}</p>"]
    if not d.changes:
        body.append(f"<p>{escape(_t(d.lang, 'ไม่มีข้อความที่เปลี่ยนแปลง', 'Nothing changed.'))}</p>")
    else:
        body.append('<table class="diff"><colgroup><col style="width:16%"><col style="width:10%">'
                    '<col style="width:37%"><col style="width:37%"></colgroup><thead><tr>'
                    f"<th>{escape(_t(d.lang, 'ข้อ', 'Clause'))}</th>"
                    f"<th>{escape(_t(d.lang, 'การเปลี่ยนแปลง', 'Change'))}</th>"
                    f"<th>{escape(_t(d.lang, 'ข้อความเดิม', 'Old text'))}</th>"
                    f"<th>{escape(_t(d.lang, 'ข้อความใหม่', 'New text'))}</th></tr></thead><tbody>")
        for c in d.changes:
            old = "".join(f"<p><del>{escape(x)}</del></p>" if differs else f"<p>{escape(x)}</p>" for x, differs in c.old)
            new = "".join(f"<p><ins>{escape(x)}</ins></p>" if differs else f"<p>{escape(x)}</p>" for x, differs in c.new)
            body.append(f"<tr><td>{escape(c.label)}</td><td>{escape(_STATUS_WORD[c.status][0 if th else 1])}</td>"
                        f"<td>{old or '-'}</td><td>{new or '-'}</td></tr>")
        body.append("</tbody></table>")
    if d.unchanged:
        body.append(f"<p>{escape(_t(d.lang, 'ข้อที่ไม่เปลี่ยนแปลง: ', 'Clauses not changed: ') + ', '.join(d.unchanged))}</p>")
    body.append(f"<footer>{escape(d.old.footer)}<br>{escape(d.new.footer)}</footer>")
    body.append("</article>")
    return _html_page(d.lang, _diff_title(d), body)


def render(doc: Document, fmt: str) -> str:
    return markdown(doc) if fmt == "md" else html(doc)


def render_diff(d: Diff, fmt: str) -> str:
    return diff_markdown(d) if fmt == "md" else diff_html(d)


__all__ = ["Clause", "ClauseChange", "Diff", "Document", "build", "clause_label", "diff", "diff_html",
           "diff_markdown", "html", "markdown", "render", "render_diff"]
