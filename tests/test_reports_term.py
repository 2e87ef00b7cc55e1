"""One word per concept: the reports call members' contributions by the fund's own word (``document.term``,
เงินสัจจะ or เงินสมทบ), in every Thai line that names them; English is unchanged."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.audit import load_for_replay
from swf_rules.reports import experience_from_books, fund_status, project, review_members, statements
from swf_rules.synth import add_accounts, ledger, write_ledger

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = ROOT / "regulations" / "chamung.yaml"
AS_OF = date(2023, 9, 30)


@pytest.fixture(scope="module")
def two_funds(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The same books read under chamung (which says เงินสัจจะ) and under a copy of it that says เงินสมทบ."""
    d = tmp_path_factory.mktemp("term")
    l = ledger(load_regulation(CHAMUNG), seed=5, members=40, years=3, start=date(2020, 10, 1))
    add_accounts(l, seed=5, start=date(2020, 10, 1), years=3)
    write_ledger(l, d / "books")
    text = CHAMUNG.read_text(encoding="utf-8")
    assert text.count("term: เงินสัจจะ") == 1
    (d / "regs").mkdir()
    (d / "regs" / "chamung.yaml").write_text(text.replace("term: เงินสัจจะ", "term: เงินสมทบ"), encoding="utf-8")
    sajja = load_for_replay(ROOT / "regulations", d / "books")
    somthob = load_for_replay(d / "regs", d / "books")
    return sajja, somthob


def _lines(text: str, word: str) -> list[str]:
    """The lines naming ``word``, their cells joined by " | " (columns are aligned by runs of spaces)."""
    return [" | ".join(re.split(r"\s{2,}", line.strip())) for line in text.splitlines() if word in line]


def test_status_names_contributions_by_the_funds_word(two_funds) -> None:  # type: ignore[no-untyped-def]
    (reg1, led1), (reg2, led2) = two_funds
    s1, s2 = fund_status(reg1, led1, AS_OF), fund_status(reg2, led2, AS_OF)
    assert (s1.term, s2.term) == ("เงินสัจจะ", "เงินสมทบ")
    th1, th2 = s1.render("th"), s2.render("th")
    assert _lines(th1, "เงินสัจจะ") == [
        "รับ: เงินสัจจะจากสมาชิก | 6,780 | 11,370 | 12,270 | 30,420",
        "ค่าบริหาร การจ่ายสวัสดิการ และการเก็บเงินสัจจะ",
        "สวัสดิการที่จ่ายต่อเงินสัจจะ | 0.0% | 96.8% | 53.0% | 57.5%",
        "เงินสมทบสามฝ่าย (รัฐบาล: 365 บาทต่อสมาชิกที่ครบหนึ่งปีเต็ม นับ ณ วันที่ 1 ต.ค. ของปีงบ; "
        "อปท.: หนึ่งต่อหนึ่งกับเงินสัจจะปีงบก่อน)",
        "อปท. | 2564 | เงินสัจจะปีก่อน 0 | 0 | 0 | 0 | -",
        "อปท. | 2565 | เงินสัจจะปีก่อน 6,780 | 6,780 | 6,780 | 0 | 2564: 6,780",
        "อปท. | 2566 | เงินสัจจะปีก่อน 11,370 | 11,370 | 11,370 | 0 | 2565: 11,370"]
    assert "เงินสัจจะ" not in th2
    assert th2 == th1.replace("เงินสัจจะ", "เงินสมทบ")  # the word changes, nothing else (alignment included)
    assert s1.render("en") == s2.render("en")
    assert s1.to_dict() == s2.to_dict()  # presentation only: the figures and the JSON do not carry the word


def test_statement_and_projection_use_the_word(two_funds) -> None:  # type: ignore[no-untyped-def]
    (reg1, led1), (reg2, led2) = two_funds
    mid = sorted(led1.members)[0]
    p1 = statements(reg1, led1, AS_OF, [mid]).render("th")
    p2 = statements(reg2, led2, AS_OF, [mid]).render("th")
    assert [line for line in p1.splitlines() if line.startswith("รวม: ")][0].count("เงินสัจจะ") == 1
    assert p2 == p1.replace("เงินสัจจะ", "เงินสมทบ")
    j1 = project(experience_from_books(reg1, led1, AS_OF), years=2, simulations=5, seed=1).render("th")
    j2 = project(experience_from_books(reg2, led2, AS_OF), years=2, simulations=5, seed=1).render("th")
    assert _lines(j1, "เงินสัจจะ") == ["เงินสัจจะต่อคน-ปี (บาท) | 362.48"]
    assert j2 == j1.replace("เงินสัจจะ", "เงินสมทบ")


def test_the_review_needs_no_word(two_funds) -> None:  # type: ignore[no-untyped-def]
    (reg1, led1), (reg2, led2) = two_funds
    r1, r2 = review_members(reg1, led1, AS_OF).render("th"), review_members(reg2, led2, AS_OF).render("th")
    assert r1 == r2 and "เงินสัจจะ" not in r1 and "สมาชิกที่ค้างส่ง" in r1
