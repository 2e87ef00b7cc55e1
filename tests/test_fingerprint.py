"""The fingerprint contract: a regulation version's sha256 is unchanged by how it is written (comments, key order,
whitespace, quoting, Thai or Arabic digits, B.E. or C.E. dates, condition spacing) and changed by any change of
what it means."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from swf_rules.core.validate import load_regulation_text

CHAMUNG = Path(__file__).resolve().parents[1] / "regulations" / "chamung.yaml"
TEXT = CHAMUNG.read_text(encoding="utf-8")


def fingerprint(text: str) -> str:
    reg = load_regulation_text(text, file="chamung-variant.yaml")
    (version,) = reg.versions
    assert version.version == "2556"
    return reg.fingerprint(version)


BASE = fingerprint(TEXT)


def edit(*changes: tuple[str, str, int]) -> str:
    """Apply text replacements, each of which must match exactly ``count`` times (so every edit is real)."""
    text = TEXT
    for old, new, count in changes:
        assert text.count(old) == count, (old, text.count(old))
        text = text.replace(old, new)
    return text


def without_comments(text: str) -> str:
    out = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        out.append(re.sub(r"\s+#\s.*$", "", line))
    return "\n".join(out) + "\n"


def test_fingerprint_form() -> None:
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", BASE)
    assert fingerprint(TEXT) == BASE


SAME = {
    "comments removed": lambda: without_comments(TEXT),
    "comments added": lambda: edit(
        ("versions:\n", "versions:   # ประวัติระเบียบ\n# a comment line\n", 1),
        ("        amount: {type: flat, amount: 1000}\n",
         "        # ข้อ ๑ pays one thousand baht\n        amount: {type: flat, amount: 1000}  # per delivery\n", 1)),
    "key order within a benefit": lambda: edit(
        ("      - id: birth\n        kind: birth\n        title: {th: กรณีคลอดบุตร, en: Childbirth}\n",
         "      - title: {en: Childbirth, th: กรณีคลอดบุตร}\n        kind: birth\n        id: birth\n", 1)),
    "key order within flow mappings": lambda: edit(
        ("{type: rate, rate: 200, unit: night}", "{unit: night, rate: 200, type: rate}", 1),
        ("{per: stay, money: 600}", "{money: 600, per: stay}", 1)),
    "every key sorted, re-dumped in block style": lambda: yaml.safe_dump(
        yaml.safe_load(TEXT), allow_unicode=True, sort_keys=True, default_flow_style=False),
    "whitespace inside flow mappings": lambda: edit(
        ("{type: flat, amount: 1000}", "{ type:   flat ,  amount:   1000 }", 1),
        ("{days: 180, illustrative: not in the published text}",
         "{ days: 180 ,   illustrative: not in the published text }", 5)),
    "quoting of text and money": lambda: edit(
        ('clause: "ข้อ ๑"', "clause: 'ข้อ ๑'", 1),
        ("amount: {type: flat, amount: 500}", 'amount: {type: flat, amount: "500"}', 1),
        ("kind: death", 'kind: "death"', 1)),
    "money with a thousands separator and satang": lambda: edit(
        ("{range: \"[10, )\", amount: 30000}", "{range: \"[10, )\", amount: \"30,000.00\"}", 1),
        ("amount: {type: flat, amount: 1000}", 'amount: {type: flat, amount: "1000.00"}', 1)),
    "Thai digits in amounts": lambda: edit(
        ("amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: ๑๐๐๐}", 1),
        ("{type: rate, rate: 200, unit: night}", "{type: rate, rate: ๒๐๐, unit: night}", 1),
        ("{range: \"[0, 1)\", amount: 3000}", "{range: \"[๐, ๑)\", amount: ๓๐๐๐}", 1),
        ("contribution: {amount: 30, period: month}", "contribution: {amount: ๓๐, period: month}", 1)),
    "Arabic digits in clauses": lambda: edit(('clause: "ข้อ ๕"', 'clause: "ข้อ 5"', 1)),
    "C.E. dates with calendar gregorian": lambda: edit(
        ("calendar: buddhist ", "calendar: gregorian", 1),
        ("2556-02-15", "2013-02-15", 2)),
    "condition spacing": lambda: edit(("when: gpa >= 3.5", "when: gpa>=3.5", 1)),
    "condition parentheses, quotes and Thai digits": lambda: edit(
        ("when: gpa >= 3.5", "when: (gpa >= ๓.๕)", 1),
        ('when: level in ["p6", "m3", "m6", "university"]', "when: level in ['p6','m3','m6','university']", 1)),
    "defaults written out": lambda: edit(
        ("    membership:\n", "    rounding: {mode: half_up, unit: 1}\n    membership:\n", 1),
        ("amount: {type: rate, rate: 200, unit: night}", "amount: {type: rate, rate: 200}", 1)),
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_unchanged_by_form(name: str) -> None:
    text = SAME[name]()
    assert text != TEXT
    assert fingerprint(text) == BASE


CHANGED = {
    "an amount": lambda: edit(("amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 1001}", 1)),
    "satang in an amount": lambda: edit(("amount: {type: flat, amount: 1000}",
                                         'amount: {type: flat, amount: "1000.50"}', 1)),
    "a rate": lambda: edit(("rate: 200", "rate: 250", 1)),
    "a table amount": lambda: edit(("amount: 20000}", "amount: 25000}", 1)),
    "a band bound inclusive -> exclusive": lambda: edit(
        ('{range: "[0, 1)", amount: 3000}', '{range: "[0, 1]", amount: 3000}', 1),
        ('{range: "[1, 3)", amount: 5000}', '{range: "(1, 3)", amount: 5000}', 1)),
    "a band bound moved": lambda: edit(('"[3, 5)"', '"[3, 6)"', 1), ('"[5, 10)"', '"[6, 10)"', 1)),
    "a waiting period": lambda: edit(("waiting: {days: 180, illustrative: not in the published text}\n"
                                      "        amount: {type: flat, amount: 1000}",
                                      "waiting: {days: 181, illustrative: not in the published text}\n"
                                      "        amount: {type: flat, amount: 1000}", 1)),
    "180 days -> 6 months": lambda: edit(("waiting: {days: 180, illustrative: not in the published text}\n"
                                          "        amount: {type: flat, amount: 1000}",
                                          "waiting: {months: 6, illustrative: not in the published text}\n"
                                          "        amount: {type: flat, amount: 1000}", 1)),
    "a cap window": lambda: edit(("{per: fiscal_year, money: 1000", "{per: calendar_year, money: 1000", 1)),
    "a cap amount": lambda: edit(("{per: stay, money: 600}", "{per: stay, money: 800}", 1)),
    "a condition operator": lambda: edit(("when: gpa >= 3.5", "when: gpa > 3.5", 1)),
    "a condition value": lambda: edit(("when: gpa >= 3.5", "when: gpa >= 3.25", 1)),
    "the effective date": lambda: edit(("effective: 2556-02-15", "effective: 2556-02-16", 1)),
    "tenure rounding": lambda: edit(("min_years: 3, rounding: completed_years", "min_years: 3, rounding: exact", 1)),
    "the elderly age": lambda: edit(("age: {min: 60,", "age: {min: 65,", 1)),
    "a lapse rule": lambda: edit(("lapse_after: {consecutive: 3,", "lapse_after: {consecutive: 4,", 1)),
    "a title": lambda: edit(("en: Childbirth}", "en: Birth}", 1)),
    "an illustrative note": lambda: edit(("illustrative: paid per delivery (twins get one payment)",
                                          "illustrative: paid per child", 1)),
    "allowance period": lambda: edit(("every: fiscal_year", "every: calendar_year", 1)),
    "the rounding mode": lambda: edit(("    membership:\n", "    rounding: {mode: down}\n    membership:\n", 1)),
    "a benefit removed": lambda: edit(("      - id: birth\n        kind: birth\n        title: {th: กรณีคลอดบุตร, en: "
                                       "Childbirth}\n        clause: \"ข้อ ๑\"\n        eligibility:\n          "
                                       "waiting: {days: 180, illustrative: not in the published text}\n        "
                                       "amount: {type: flat, amount: 1000}\n        illustrative: paid per delivery "
                                       "(twins get one payment)\n", "", 1)),
}


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_changed_by_meaning(name: str) -> None:
    assert fingerprint(CHANGED[name]()) != BASE


def test_changes_of_meaning_are_distinct() -> None:
    """Different changes give different fingerprints (none collapses onto another)."""
    fps = {name: fingerprint(make()) for name, make in CHANGED.items()}
    assert len(set(fps.values())) == len(fps)


def test_a_changed_date_is_the_same_change_in_either_calendar() -> None:
    be = CHANGED["the effective date"]()
    ce = edit(("calendar: buddhist ", "calendar: gregorian", 1), ("effective: 2556-02-15", "effective: 2013-02-16", 1),
              ("2556-02-15", "2013-02-15", 1))
    assert fingerprint(ce) == fingerprint(be) != BASE
