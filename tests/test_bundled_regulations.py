"""The regulations shipped in regulations/: they validate, cite their clauses, mark what is illustrative, and decide
the published cases exactly (Chamung, Thaytalad, Umong); the template uses every construct of the language."""

from __future__ import annotations

import typing
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from swf_rules import Engine, LookupProblem, load_regulation, load_regulation_text
from swf_rules.core import model as M
from swf_rules.cli import main
from swf_rules.core.load import load_yaml_text
from swf_rules.core.registry import bundled_regulations
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parent.parent
REGS = ROOT / "regulations"
BUNDLED = bundled_regulations()


def failing(d) -> list[str]:
    return [r["check"] for r in d.reasons if r["passed"] is False]


# --------------------------------------------------------------------------------------------- every bundled file
def test_bundled_set_is_the_funds_and_skips_the_template() -> None:
    assert [p.name for p in BUNDLED] == ["chamung.yaml", "pathumlos.yaml", "phai.yaml", "ptscoop.yaml",
                                         "thaytalad.yaml", "umong.yaml"]
    assert sorted(p.name for p in REGS.glob("*.yaml")) == ["chamung.yaml", "pathumlos.yaml", "phai.yaml",
                                                           "ptscoop.yaml", "template.yaml", "thaytalad.yaml",
                                                           "umong.yaml"]


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_regulation_validates_cites_its_source_and_clauses(path: Path) -> None:
    reg = load_regulation(path)
    assert reg.fund_id == path.stem
    for v in reg.versions:
        assert v.source.url is not None or v.source.document is not None
        assert v.membership.clause.strip() != ""
        assert v.benefits, v.version
        for b in v.benefits:
            assert b.clause.strip() != "", (v.version, b.id)


@pytest.mark.parametrize("path", sorted(REGS.glob("*.yaml")), ids=lambda p: p.stem)
def test_cli_validate_accepts_every_file_in_regulations(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: valid (")


# --------------------------------------------------------------------------------------------- Chamung
@pytest.fixture(scope="module")
def chamung() -> M.Version:
    reg = load_regulation(REGS / "chamung.yaml")
    assert len(reg.versions) == 1
    return reg.versions[0]


def test_chamung_benefit_ids(chamung: M.Version) -> None:
    assert [b.id for b in chamung.benefits] == ["birth", "hospital", "scholarship", "elderly", "death"]
    assert [b.clause for b in chamung.benefits] == ["ข้อ ๑", "ข้อ ๒", "ข้อ ๓", "ข้อ ๔", "ข้อ ๕"]


def test_chamung_published_numbers(chamung: M.Version) -> None:
    b = {x.id: x for x in chamung.benefits}
    assert b["birth"].amount == M.Flat(type="flat", amount=Decimal(1000))
    assert (b["hospital"].amount.rate, b["hospital"].amount.unit) == (Decimal(200), "night")
    assert [(c.per, c.money) for c in b["hospital"].caps] == [("stay", Decimal(600)), ("fiscal_year", Decimal(1000))]
    assert b["scholarship"].amount.amount == Decimal(500)
    assert [c.when for c in b["scholarship"].eligibility.conditions] == [
        'gpa >= 3.5', 'level in ["p6", "m3", "m6", "university"]']
    assert b["elderly"].amount.amount == Decimal(200)
    t = b["elderly"].eligibility.tenure
    assert (t.min_years, t.rounding, t.illustrative) == (3, "completed_years", None)  # published: 3 full years


def test_chamung_lookup_before_and_on_the_announcement() -> None:
    reg = load_regulation(REGS / "chamung.yaml")
    assert reg.in_force(date(2013, 2, 15)).version == "2556"
    assert reg.in_force(date(2030, 1, 1)).version == "2556"
    with pytest.raises(LookupProblem) as info:
        reg.in_force(date(2013, 2, 14))
    assert [p.code for p in info.value.problems] == ["no-version-in-force"]


def test_chamung_every_declared_choice_of_issue_2_is_marked_illustrative(chamung: M.Version) -> None:
    b = {x.id: x for x in chamung.benefits}
    # waiting period 180 days for every benefit
    for x in chamung.benefits:
        w = x.eligibility.waiting
        assert w is not None and (w.days, w.months, w.years) == (180, 0, 0) and w.illustrative is not None, x.id
    # birth paid per delivery
    assert b["birth"].amount.type == "flat"
    assert "per delivery" in str(b["birth"].illustrative)
    # hospital caps counted per Thai fiscal year
    yearly = [c for c in b["hospital"].caps if c.per == "fiscal_year"]
    assert len(yearly) == 1 and yearly[0].illustrative is not None
    # elderly from age 60, paid once per fiscal year (3 completed years is published)
    age = b["elderly"].eligibility.age
    assert (age.min, age.max, age.at) == (60, None, "event") and age.illustrative is not None
    assert (b["elderly"].amount.type, b["elderly"].amount.every) == ("allowance", "fiscal_year")
    assert "once per fiscal year" in str(b["elderly"].illustrative)
    # monthly instalments of 30 baht; three consecutive missed months end membership
    m = chamung.membership
    assert (m.contribution.amount, m.contribution.period) == (Decimal(30), "month")
    assert m.illustrative is not None and "30" in str(m.illustrative)
    assert (m.lapse_after.consecutive, m.lapse_after.total) == (3, None) and m.lapse_after.illustrative is not None
    # the death table by completed years of membership
    d = b["death"]
    assert (d.amount.by, d.amount.tenure.rounding) == ("tenure", "completed_years")
    assert [(x.range, x.amount) for x in d.amount.bands] == [
        ("[0, 1)", Decimal(3000)), ("[1, 3)", Decimal(5000)), ("[3, 5)", Decimal(10000)),
        ("[5, 10)", Decimal(20000)), ("[10, )", Decimal(30000))]
    assert d.illustrative is not None
    # and the version says so too
    assert chamung.illustrative


# --------------------------------------------------------------------------------------------- Thaytalad
@pytest.fixture(scope="module")
def thaytalad() -> Engine:
    return Engine(load_regulation(REGS / "thaytalad.yaml"))


def test_thaytalad_encodes_the_published_birth_rule(thaytalad: Engine) -> None:
    v = thaytalad.regulation.versions[0]
    assert [b.id for b in v.benefits] == ["birth", "hospital", "death", "education"]
    birth, hospital = v.benefit("birth"), v.benefit("hospital")
    assert birth.eligibility.sex == "female"
    assert birth.amount == M.Flat(type="flat", amount=Decimal(500))
    assert birth.illustrative is None  # the amount, per delivery and the mother rule are published
    assert birth.same_event.stacks_with == ["hospital"] and hospital.same_event.stacks_with == ["birth"]
    for b in v.benefits[1:]:  # medical care, death, education: categories published, amounts not
        assert b.illustrative is not None, b.id
    for b in v.benefits:
        assert b.eligibility.waiting.illustrative is not None, b.id
    assert v.membership.illustrative is not None and len(v.illustrative) == 2


def test_thaytalad_amounts_are_written_in_thai_digits_and_mean_the_same() -> None:
    text = (REGS / "thaytalad.yaml").read_text(encoding="utf-8")
    assert "amount: ๕๐๐}" in text and "rate: ๑๐๐" in text and "effective: ๒๕๕๖-๐๑-๐๑" in text
    reg = load_regulation_text(text, file="thaytalad.yaml")
    arabic = text
    for th, ar in zip("๐๑๒๓๔๕๖๗๘๙", "0123456789"):
        arabic = arabic.replace(th, ar)
    reg2 = load_regulation_text(arabic, file="thaytalad-arabic.yaml")
    v, v2 = reg.versions[0], reg2.versions[0]
    assert v.effective == date(2013, 1, 1)
    assert [(b.id, b.amount) for b in v.benefits] == [(b.id, b.amount) for b in v2.benefits]
    assert v.benefit("death").amount.amount == Decimal(5000)


def test_thaytalad_male_members_birth_claim_fails_exactly_the_sex_check(thaytalad: Engine) -> None:
    d = thaytalad.evaluate(history(sex="male", joined="2015-01-15"), claim("birth", "2016-03-01"))
    assert (d.eligible, d.amount, failing(d)) == (False, Decimal(0), ["sex"])
    assert d.clause == "ข้อ ๗"


def test_thaytalad_twins_are_one_delivery(thaytalad: Engine) -> None:
    d = thaytalad.evaluate(history(sex="female", joined="2015-01-15"), claim("birth", "2016-03-01", children=2))
    assert (d.eligible, d.amount, failing(d)) == (True, Decimal(500), [])
    assert d.breakdown["basis"] == "flat"


def test_thaytalad_birth_and_its_hospital_stay_both_pay(thaytalad: Engine) -> None:
    m = history(sex="female", joined="2015-01-15")
    ds = thaytalad.evaluate_batch([m], [claim("birth", "2016-03-01", claim_id="b"),
                                        claim("hospital", "2016-03-01", end_date="2016-03-03", claim_id="h")])
    assert [(d.claim_id, d.benefit, d.eligible, d.amount) for d in ds] == [
        ("b", "birth", True, Decimal(500)), ("h", "hospital", True, Decimal(200))]


# --------------------------------------------------------------------------------------------- Umong
@pytest.fixture(scope="module")
def umong() -> Engine:
    return Engine(load_regulation(REGS / "umong.yaml"))


def test_umong_version_lookup_on_both_sides_of_the_amendment(umong: Engine) -> None:
    reg = umong.regulation
    assert [v.version for v in reg.versions] == ["2552", "2552-1"]
    assert reg.in_force(date(2009, 1, 1)).version == "2552"
    assert reg.in_force(date(2013, 9, 30)).version == "2552"
    assert reg.in_force(date(2013, 10, 1)).version == "2552-1"
    with pytest.raises(LookupProblem) as info:
        reg.in_force(date(2008, 12, 31))
    assert [p.code for p in info.value.problems] == ["no-version-in-force"]
    amended = reg.version("2552-1")
    assert "แก้ไขเพิ่มเติมครั้งที่ ๑" in amended.title.th
    assert any("illustrative" in str(n) for n in amended.illustrative)


def test_umong_published_rules_hold_in_every_version(umong: Engine) -> None:
    for v in umong.regulation.versions:
        m = v.membership
        assert (m.contribution.amount, m.contribution.period) == (Decimal(30), "month")
        assert (m.lapse_after.total, m.lapse_after.consecutive) == (3, None)
        assert m.lapse_after.illustrative is not None  # consecutive or not is not published
        assert m.refund_on_resignation == "if_no_benefit_received"
        # the two waiting periods are declared once, for each group of items, and reach each item of the group
        assert [(g.id, g.clause, g.waiting.days) for g in v.groups] == [("items_1_13", "รายการที่ ๑-๑๓", 365),
                                                                      ("items_14_26", "รายการที่ ๑๔-๒๖", 180)]
        items = [b for b in v.benefits if b.kind != "refund"]
        groups = {b.id: (b.group, b.eligibility.waiting.days, b.eligibility.waiting.clause) for b in items}
        assert groups == {"death": ("items_1_13", 365, "รายการที่ ๑-๑๓"),
                          "hospital": ("items_1_13", 365, "รายการที่ ๑-๑๓"),
                          "birth": ("items_14_26", 180, "รายการที่ ๑๔-๒๖"),
                          "elderly": ("items_14_26", 180, "รายการที่ ๑๔-๒๖"),
                          "disaster": ("items_14_26", 180, "รายการที่ ๑๔-๒๖")}
        for b in items:
            assert b.eligibility.waiting.start == "first_contribution"
            assert b.eligibility.waiting.illustrative is not None
            assert b.illustrative is not None and ("group A" if groups[b.id][1] == 365 else "group B") in b.illustrative.en
        # the one refund the text allows: on resignation, never to a member who received a benefit
        refund = v.benefit("refund")
        assert refund is not None and refund.eligibility.status == ["resigned"]
        assert (refund.amount.type, refund.amount.on, refund.amount.unless_benefit_received) == \
            ("refund", ["resignation"], True)


def test_umong_amendment_changes_amounts_by_event_date(umong: Engine) -> None:
    m = history(joined="2010-01-15", died_on="2013-09-30")
    assert umong.evaluate(m, claim("death", "2013-09-30")).amount == Decimal(10000)
    m = history(joined="2010-01-15", died_on="2013-10-01")
    d = umong.evaluate(m, claim("death", "2013-10-01"))
    assert (d.amount, d.version) == (Decimal(15000), "2552-1")


@pytest.mark.parametrize("benefit,kw,days,amount", [
    ("birth", {}, 180, Decimal(500)),
    ("disaster", {"details": {"cause": "storm"}}, 180, Decimal(1000)),
    ("hospital", {"units": 2}, 365, Decimal(300)),
])
def test_umong_waiting_period_by_benefit_group_at_the_boundary(umong: Engine, benefit: str, kw: dict, days: int,
                                                              amount: Decimal) -> None:
    m = history(joined="2015-01-15")  # first contribution on 2015-01-15
    served = date(2015, 1, 15).toordinal() + days
    before = umong.evaluate(m, claim(benefit, date.fromordinal(served - 1), **kw))
    on = umong.evaluate(m, claim(benefit, date.fromordinal(served), **kw))
    assert (before.eligible, before.amount, failing(before)) == (False, Decimal(0), ["waiting"])
    assert (on.eligible, on.amount, failing(on)) == (True, amount, [])
    w = [r for r in on.reasons if r["check"] == "waiting"][0]["values"]
    assert (w["start"], w["served_on"]) == ("2015-01-15", date.fromordinal(served).isoformat())


def test_umong_180_passes_where_365_does_not(umong: Engine) -> None:
    m = history(joined="2015-01-15")
    birth = umong.evaluate(m, claim("birth", "2015-12-01"))
    hospital = umong.evaluate(m, claim("hospital", "2015-12-01", units=1))
    assert (birth.eligible, birth.amount) == (True, Decimal(500))
    assert (hospital.eligible, failing(hospital)) == (False, ["waiting"])
    assert [r["values"]["served_on"] for r in hospital.reasons if r["check"] == "waiting"] == ["2016-01-15"]


def test_umong_death_waits_365_days(umong: Engine) -> None:
    early = umong.evaluate(history(joined="2015-01-15", died_on="2016-01-14"), claim("death", "2016-01-14"))
    assert (early.eligible, failing(early)) == (False, ["waiting"])
    on = umong.evaluate(history(joined="2015-01-15", died_on="2016-01-15"), claim("death", "2016-01-15"))
    assert (on.eligible, on.amount) == (True, Decimal(15000))


def test_umong_three_missed_payments_in_total_end_membership(umong: Engine) -> None:
    two = history(joined="2015-01-15", missed=["2016-02", "2016-05"])
    assert umong.evaluate(two, claim("birth", "2016-10-01")).eligible is True
    three = history(joined="2015-01-15", missed=["2016-02", "2016-05", "2016-08"])
    d = umong.evaluate(three, claim("birth", "2016-10-01"))
    assert (d.eligible, failing(d)) == (False, ["status"])
    assert [r["values"]["status"] for r in d.reasons if r["check"] == "status"] == ["lapsed"]
    d = umong.evaluate(three, claim("birth", "2016-08-31"))  # lapses the day after August's deadline
    assert d.eligible is True


# --------------------------------------------------------------------------------------------- the template
@pytest.fixture(scope="module")
def template() -> tuple:
    reg = load_regulation(REGS / "template.yaml")
    return reg, (REGS / "template.yaml").read_text(encoding="utf-8")


def _args(tp) -> set[str]:
    return set(typing.get_args(tp))


def test_template_has_two_versions_with_until(template: tuple) -> None:
    reg, _ = template
    assert reg.fund_id == "template"
    old, new = reg.versions
    assert (old.until, new.effective) == (date(2016, 9, 30), date(2016, 10, 1)) and new.until is None
    assert reg.in_force(date(2016, 9, 30)) is old and reg.in_force(date(2016, 10, 1)) is new


def test_template_uses_every_construct_of_the_language(template: tuple) -> None:
    reg, text = template
    versions = reg.versions
    benefits = [b for v in versions for b in v.benefits]
    amounts = [b.amount for b in benefits]
    # amounts: every type except function, which is shown commented out (it needs a plug-in)
    assert {a.type for a in amounts} == {"flat", "per_child", "rate", "table", "linear", "fraction_of", "allowance"}
    assert "#   amount: {type: function, name: " in text
    assert {a.by for a in amounts if a.type == "table"} == {"tenure", "age"}
    assert {a.first_period for a in amounts if a.type == "allowance"} == {"skip"}
    assert "first_period: skip" in text
    assert any(a.type == "linear" and a.ceiling is not None for a in amounts)
    assert any(a.type == "fraction_of" and a.fraction == Fraction(1, 2) for a in amounts)
    # caps: every window and every measure
    caps = [c for b in benefits for c in b.caps]
    assert {c.per for c in caps} == _args(M.CapWindow)
    assert {m for c in caps for m in ("money", "units", "count") if getattr(c, m) is not None} == {
        "money", "units", "count"}
    # eligibility
    el = [b.eligibility for b in benefits]
    waits = [e.waiting for e in el if e.waiting is not None]
    assert all(any(getattr(w, u) for w in waits) for u in ("days", "months", "years"))
    assert {w.start for w in waits} == _args(M.PeriodFrom)
    tenures = [e.tenure for e in el if e.tenure is not None] + [a.tenure for a in amounts
                                                               if getattr(a, "tenure", None) is not None]
    assert {t.rounding for t in tenures} == _args(M.TenureRounding)
    assert {t.membership for t in tenures} == _args(M.MembershipMode)
    assert {e.age.at for e in el if e.age is not None} == {"event", "joining"}
    assert any(e.sex for e in el) and any(e.max_arrears is not None for e in el)
    assert any(e.status != ["active"] for e in el)
    whens = [c.when for e in el for c in e.conditions]
    assert any("และ" in w for w in whens) and any("หรือ" in w for w in whens)
    assert any(c.clause and c.illustrative and c.description for e in el for c in e.conditions)
    assert {f.type for b in benefits for f in b.claim_fields.values()} == {"number", "text", "yes_no"}
    assert any(f.one_of for b in benefits for f in b.claim_fields.values())
    # deadlines, same event, offsets, rounding
    dls = [b.deadline for b in benefits if b.deadline is not None]
    assert {d.start for d in dls} == {"event", "end"}
    assert all(any(getattr(d, u) for d in dls) for u in ("days", "months", "years"))
    assert any(b.same_event.stacks_with for b in benefits) and any(b.same_event.excludes for b in benefits)
    assert any(b.offsets for b in benefits)
    assert {b.rounding.mode for b in benefits if b.rounding is not None} | {
        v.rounding.mode for v in versions} >= {"half_up", "half_even", "down"}
    raw = load_yaml_text(text, file="template.yaml").data
    assert [("rounding" in v) for v in raw["versions"]] == [False, True]  # a version-level rounding
    # membership
    ms = [v.membership for v in versions]
    assert any(m.lapse_after and m.lapse_after.consecutive for m in ms)
    assert any(m.lapse_after and m.lapse_after.total for m in ms)
    m = versions[-1].membership
    assert (m.suspend_after, m.grace_days, m.entry_fee) == (2, 15, Decimal(20))
    assert (m.joining_age.min, m.joining_age.max) == (15, 70)
    assert m.refund_on_resignation == "if_no_benefit_received"
    # identity, sources and illustrative notes at every level
    assert all(v.source.url or v.source.document for v in versions) and versions[-1].source.url
    assert all(v.illustrative for v in versions)
    assert reg.file.calendar == "buddhist" and reg.file.clause_digits == "thai"


def test_template_decides_claims(template: tuple) -> None:
    reg, _ = template
    eng = Engine(reg)
    m = history(joined="2015-01-15", birth="1950-03-01")
    d = eng.evaluate(m, claim("birth", "2020-07-01", children=4))
    assert (d.eligible, d.amount, d.breakdown["raw_amount"]) == (True, Decimal(3000), "4000")  # per-event cap
    d = eng.evaluate(m, claim("hospital", "2020-07-01", units=7))
    assert (d.eligible, d.amount) == (True, Decimal(800))  # 5 nights a stay, then 800 a stay
    d = eng.evaluate(m, claim("spouse_death", "2020-07-01"))
    assert (d.eligible, d.amount) == (True, Decimal(5000))  # half of the [3, 10) band
    d = eng.evaluate(m, claim("disability", "2020-07-01", details={"certified": True}))
    assert (d.eligible, failing(d)) == (False, ["age"])  # joined at 64: over the joining age of 60
