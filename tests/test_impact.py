"""The cost of a draft, on a small population whose answer is computed by hand.

The draft (docs/examples/chamung-draft.yaml, version 2570) raises Chamung's hospital cap per fiscal year from
1,000 to 1,500 baht.  Every member below joined on 2019-01-15 (waiting period long served) except m-6:

- m-1: stays of 3 nights on 2023-11-02 and 2024-02-10 (FY 2567): 600 + 400 now, 600 + 600 under the draft.
- m-2: one stay of 3 nights (FY 2567): 600 either way.
- m-3: stays of 3, 3 and 2 nights in FY 2567: 600 + 400 + 0 now; 600 + 600 + 300 under the draft (1,500 - 1,200).
- m-4: 3 nights on 2023-09-20 (FY 2566) and 3 nights on 2023-10-05 (FY 2567): 600 + 600 either way.
- m-5: a birth: 1,000 either way.
- m-6: joined 2024-01-15, a stay on 2024-03-01 inside the 180-day waiting period: 0 either way.

So exactly 3 decisions change (m-1's second stay, m-3's second and third), for 2 members, all in FY 2567, and
the draft pays 700 baht more (200 + 200 + 300).  Golden files: tests/golden/impact/ (SWF_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from swf_rules import load_regulation
from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.core.explain import explain
from swf_rules.committee.impact import (Population, as_if_adopted, compare, display_width, in_force, load_population,
                              outputs, pinned, text_report)
from swf_rules.testing import claim, history

from golden_files import check_golden

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CURRENT = "regulations/chamung.yaml"
DRAFT = "docs/examples/chamung-draft.yaml"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def members_and_claims() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ms = [history(f"m-{i}", joined="2019-01-15", paid_until="2024-12-31") for i in range(1, 6)]
    ms.append(history("m-6", joined="2024-01-15", paid_until="2024-12-31"))

    def c(cid: str, mid: str, benefit: str, ev: str, **kw: Any) -> Any:
        return claim(benefit, ev, claim_id=cid, member_id=mid, **kw)

    cs = [c("c-01", "m-1", "hospital", "2023-11-02", units=3), c("c-02", "m-1", "hospital", "2024-02-10", units=3),
          c("c-03", "m-2", "hospital", "2024-01-05", units=3),
          c("c-04", "m-3", "hospital", "2023-10-10", units=3), c("c-05", "m-3", "hospital", "2024-04-01", units=3),
          c("c-06", "m-3", "hospital", "2024-08-01", units=2),
          c("c-07", "m-4", "hospital", "2023-09-20", units=3), c("c-08", "m-4", "hospital", "2023-10-05", units=3),
          c("c-09", "m-5", "birth", "2024-03-01"),
          c("c-10", "m-6", "hospital", "2024-03-01", units=2)]
    return ([m.model_dump(mode="json", exclude={"calendar"}) for m in ms],
            [x.model_dump(mode="json", exclude={"calendar"}) for x in cs])


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(ROOT)  # the report names the regulation files as given: keep them relative
    ms, cs = members_and_claims()
    mp, cp = tmp_path / "members.json", tmp_path / "claims.json"
    mp.write_text(json.dumps(ms, indent=1), encoding="utf-8")
    cp.write_text(json.dumps(cs, indent=1), encoding="utf-8")
    return mp, cp


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def impact_of(files: tuple[Path, Path]):
    pop = load_population(*files)
    cur = in_force(load_regulation(ROOT / CURRENT), CURRENT)
    dr = pinned(load_regulation(ROOT / DRAFT), None, pop.claims, DRAFT)
    return compare(cur, dr, pop)


# ------------------------------------------------------------------------------------------ the numbers
def test_rows_match_the_hand_computation(files: tuple[Path, Path]) -> None:
    result = impact_of(files)
    assert [r.to_dict() for r in result.rows] == [
        {"fiscal_year": "2566", "benefit": "hospital", "claims": 1, "changed_claims": 0, "changed_members": 0,
         "paid_current": "600", "paid_draft": "600", "difference": "0"},
        {"fiscal_year": "2566", "benefit": "*", "claims": 1, "changed_claims": 0, "changed_members": 0,
         "paid_current": "600", "paid_draft": "600", "difference": "0"},
        {"fiscal_year": "2567", "benefit": "birth", "claims": 1, "changed_claims": 0, "changed_members": 0,
         "paid_current": "1000", "paid_draft": "1000", "difference": "0"},
        {"fiscal_year": "2567", "benefit": "hospital", "claims": 8, "changed_claims": 3, "changed_members": 2,
         "paid_current": "3200", "paid_draft": "3900", "difference": "+700"},
        {"fiscal_year": "2567", "benefit": "*", "claims": 9, "changed_claims": 3, "changed_members": 2,
         "paid_current": "4200", "paid_draft": "4900", "difference": "+700"},
        {"fiscal_year": "*", "benefit": "*", "claims": 10, "changed_claims": 3, "changed_members": 2,
         "paid_current": "4800", "paid_draft": "5500", "difference": "+700"},
    ]
    assert result.total.changed_members == {"m-1", "m-3"}
    assert isinstance(result.total.paid_draft, Decimal)


def test_changed_decisions_carry_both_explanations(files: tuple[Path, Path]) -> None:
    result = impact_of(files)
    got = [(ch.claim.claim_id, ch.current.amount, ch.draft.amount, ch.current.version, ch.draft.version)
           for ch in result.changes]
    assert got == [("c-02", Decimal(400), Decimal(600), "2556", "2570"),
                   ("c-05", Decimal(400), Decimal(600), "2556", "2570"),
                   ("c-06", Decimal(0), Decimal(300), "2556", "2570")]
    data = result.changes[2].to_dict()
    assert {k: data[k] for k in ("claim_id", "member_id", "benefit", "event_date", "fiscal_year", "difference")} == {
        "claim_id": "c-06", "member_id": "m-3", "benefit": "hospital", "event_date": "2024-08-01",
        "fiscal_year": 2567, "difference": "+300"}
    assert (data["current"]["eligible"], data["current"]["amount"], data["current"]["failing"]) == (True, "0", [])
    assert (data["draft"]["eligible"], data["draft"]["amount"]) == (True, "300")
    assert data["current"]["explanation"]["en"] == explain(result.changes[2].current.decision, "en")
    assert data["draft"]["explanation"]["th"] == explain(result.changes[2].draft.decision, "th")
    assert "cap fiscal_year 2023-10-01..2024-09-30: 1500 (money), used 1200, remaining 300: 400 -> 300" in \
        data["draft"]["explanation"]["en"]


def test_the_draft_is_applied_to_every_claim_as_if_adopted(files: tuple[Path, Path]) -> None:
    pop = load_population(*files)
    reg = load_regulation(ROOT / DRAFT)
    side = pinned(reg, None, pop.claims, DRAFT)
    assert [v.version for v in side.regulation.versions] == ["2570"]
    assert side.regulation.versions[0].effective.isoformat() == "2023-09-20"  # the earliest claim
    assert side.regulation.versions[0].until is None
    assert side.versions == (("2570", reg.fingerprint(reg.version("2570"))),)
    assert reg.version("2570").effective.isoformat() == "2027-10-01"  # the loaded file is untouched
    # a version already in force before every claim keeps its date (and so its fingerprint)
    early = as_if_adopted(reg, reg.version("2556"), pop.claims[0].event_date)
    assert early.versions[0] == reg.version("2556")
    assert early.fingerprint(early.versions[0]) == reg.fingerprint(reg.version("2556"))


def test_same_file_compares_the_draft_with_the_versions_before_it(files: tuple[Path, Path],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    mp, cp = files
    code, same, err = run(capsys, "impact", DRAFT, DRAFT, "--members", str(mp), "--claims", str(cp))
    assert (code, err) == (0, "")
    _, two, _ = run(capsys, "impact", CURRENT, DRAFT, "--members", str(mp), "--claims", str(cp))
    assert same.splitlines()[1:] == two.splitlines()[1:]  # only the file named in the first line differs
    _, pinned_versions, _ = run(capsys, "impact", DRAFT, DRAFT, "--current-version", "2556", "--draft-version",
                                "2570", "--members", str(mp), "--claims", str(cp))
    assert pinned_versions.splitlines()[1] == \
        "  current: version 2556 applied to every claim (as if in force from 2013-02-15)"
    assert pinned_versions.splitlines()[5:] == two.splitlines()[5:]


def test_a_benefit_the_draft_removes_pays_nothing_under_the_draft(files: tuple[Path, Path], tmp_path: Path) -> None:
    text = (ROOT / DRAFT).read_text(encoding="utf-8")
    cut = text.rindex("      - id: scholarship")
    end = text.index("      - id: elderly", cut)
    draft = tmp_path / "no-scholarship.yaml"
    draft.write_text(text[:cut] + text[end:], encoding="utf-8")
    mp, cp = files
    cs = json.loads(cp.read_text(encoding="utf-8"))
    cs.append(claim("scholarship", "2024-05-01", claim_id="c-11", member_id="m-2",
                    details={"gpa": "3.8", "level": "m3"}).model_dump(mode="json", exclude={"calendar"}))
    cp.write_text(json.dumps(cs), encoding="utf-8")
    pop = load_population(mp, cp)
    result = compare(in_force(load_regulation(ROOT / CURRENT), CURRENT),
                     pinned(load_regulation(draft), None, pop.claims, str(draft)), pop)
    row = [r for r in result.rows if r.benefit == "scholarship"][0]
    assert (row.claims, row.changed_claims, row.paid_current, row.paid_draft) == (1, 1, Decimal(500), Decimal(0))
    change = [c for c in result.changes if c.claim.claim_id == "c-11"][0].to_dict()
    assert change["draft"] == {
        "eligible": False, "amount": "0", "version": None, "failing": ["no_such_benefit"],
        "explanation": {
            "en": "Claim c-11 (member m-2): this version has no benefit 'scholarship'\n"
                  "  => NOT ELIGIBLE; Amount payable: 0 baht\n",
            "th": "คำขอ c-11 (สมาชิก m-2): ไม่มีสวัสดิการ 'scholarship' ในระเบียบฉบับนี้\n"
                  "  => ไม่มีสิทธิ์ได้รับ; จำนวนเงินที่จ่าย: 0 บาท\n"}}
    assert change["difference"] == "-500"


# ------------------------------------------------------------------------------------------ what people read
@pytest.mark.parametrize("lang", ["en", "th"])
def test_text_report_golden(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], lang: str) -> None:
    mp, cp = files
    code, out, err = run(capsys, "impact", CURRENT, DRAFT, "--members", str(mp), "--claims", str(cp), "--lang", lang)
    assert (code, err) == (0, "")
    golden(f"impact/report.{lang}.txt", out)


def test_output_files_golden_and_deterministic(files: tuple[Path, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    mp, cp = files
    a, b = tmp_path / "a", tmp_path / "b"
    for target in (a, b):
        code, out, err = run(capsys, "impact", CURRENT, DRAFT, "--members", str(mp), "--claims", str(cp),
                             "--out", str(target))
        assert (code, err) == (0, "")
        assert out.endswith(f"\nwrote changes.json, impact.csv, impact.json, payouts.svg to {target}\n")
    names = sorted(p.name for p in a.iterdir())
    assert names == ["changes.json", "impact.csv", "impact.json", "payouts.svg"]
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    golden("impact/impact.csv", (a / "impact.csv").read_text(encoding="utf-8"))
    golden("impact/payouts.svg", (a / "payouts.svg").read_text(encoding="utf-8"))
    data = json.loads((a / "impact.json").read_text(encoding="utf-8"))
    assert {k: data[k] for k in ("changed", "paid", "population")} == {
        "changed": {"claims": 3, "members": 2}, "paid": {"current": "4800", "draft": "5500", "difference": "+700"},
        "population": {"members": 6, "claims": 10}}
    assert data["current"]["mode"] == "in_force" and data["draft"]["mode"] == "pinned"
    assert data["draft"]["applied_from"] == "2023-09-20"
    draft_reg = load_regulation(ROOT / DRAFT)
    assert data["draft"]["versions"] == [{"version": "2570", "fingerprint": draft_reg.fingerprint(
        draft_reg.version("2570"))}]
    moved = as_if_adopted(draft_reg, draft_reg.version("2570"), date(2023, 9, 20))
    assert data["draft"]["applied_fingerprint"] == moved.fingerprint(moved.versions[0])  # what decisions carry
    assert data["current"]["applied_fingerprint"] is None
    assert data["benefits"]["hospital"] == {"th": "กรณีเจ็บป่วยนอนโรงพยาบาล", "en": "Hospital stay"}
    changes = json.loads((a / "changes.json").read_text(encoding="utf-8"))
    assert [c["claim_id"] for c in changes] == ["c-02", "c-05", "c-06"]


def test_svg_is_grouped_bars_with_both_legends(files: tuple[Path, Path]) -> None:
    import xml.dom.minidom
    svg = outputs(impact_of(files))["payouts.svg"]
    dom = xml.dom.minidom.parseString(svg.encode("utf-8"))
    bars = [r for r in dom.getElementsByTagName("rect") if r.getElementsByTagName("title")]
    assert [r.getElementsByTagName("title")[0].firstChild.data for r in bars] == [
        "2566: 600", "2566: 600", "2567: 4,200", "2567: 4,900"]
    texts = [t.firstChild.data for t in dom.getElementsByTagName("text")]
    assert "ระเบียบเดิม / Current (2556)" in texts and "ร่าง / Draft (2570)" in texts
    assert "ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)" in texts and "บาท / Baht" in texts


def test_out_into_an_existing_directory_replaces_only_its_files(files: tuple[Path, Path], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    mp, cp = files
    out = tmp_path / "out"
    out.mkdir()
    (out / "impact.csv").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(capsys, "impact", CURRENT, DRAFT, "--members", str(mp), "--claims", str(cp), "--out", str(out))[0] == 0
    assert (out / "impact.csv").read_text(encoding="utf-8").startswith("fiscal_year,benefit,claims,")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.json", "members.json", "out"]  # no temp dir left


def test_display_width_ignores_thai_marks() -> None:
    assert display_width("กรณีเจ็บป่วยนอนโรงพยาบาล") == 21
    assert display_width("ปีงบประมาณ") == 9
    assert display_width("Hospital stay") == 13


# ------------------------------------------------------------------------------------------ bad input
def test_bad_draft_and_bad_rows_are_all_reported_and_nothing_is_written(
        files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mp, cp = files
    bad_draft = tmp_path / "draft.yaml"
    bad_draft.write_text((ROOT / DRAFT).read_text(encoding="utf-8").replace("money: 1500", "money: 15OO"),
                         encoding="utf-8")
    ms = json.loads(mp.read_text(encoding="utf-8"))
    ms[1]["birth_date"] = "1970-02-30"
    ms[3]["contributions"][0]["amount"] = 30.5
    ms.append(dict(ms[0]))
    mp.write_text(json.dumps(ms), encoding="utf-8")
    cs = json.loads(cp.read_text(encoding="utf-8"))
    cs[2]["member_id"] = "m-99"
    cs[4]["claim_id"] = "c-01"
    cp.write_text(json.dumps(cs), encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "impact", CURRENT, str(bad_draft), "--members", str(mp), "--claims", str(cp),
                            "--out", str(out))
    assert (code, stdout) == (1, "")
    lines = err.splitlines()
    assert [line.split(" ")[:2] for line in lines] == [
        [f"{cp}:$[2].member_id", "unknown-member"],
        [f"{cp}:$[4].claim_id", "duplicate-claim-id"],
        [f"{bad_draft}:155:39", "money-syntax"],
        [f"{mp}:$[1].birth_date", "bad-date"],
        [f"{mp}:$[3].contributions[0].amount", "money-float"],
        [f"{mp}:$[6].member_id", "duplicate-member-id"],
    ]
    assert lines[5] == f"{mp}:$[6].member_id duplicate-member-id member id 'm-1' appears twice (first at index 0)"
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.json", "draft.yaml", "members.json"]


def test_members_under_a_key_are_located_under_it(tmp_path: Path) -> None:
    ms, cs = members_and_claims()
    ms[2]["sex"] = "x"
    mp, cp = tmp_path / "m.json", tmp_path / "c.json"
    mp.write_text(json.dumps({"members": ms}), encoding="utf-8")
    cp.write_text(json.dumps({"calendar": "gregorian", "claims": cs}), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_population(mp, cp)
    assert [(p.code, p.file, p.json_path) for p in e.value.problems] == [("not-allowed", str(mp), "$.members[2].sex")]


def test_claim_the_engine_refuses_is_located_in_the_claims_file(files: tuple[Path, Path]) -> None:
    mp, cp = files
    ms = json.loads(mp.read_text(encoding="utf-8"))
    ms[4]["died_on"] = "2024-02-01"
    ms[4]["contributions"] = [c for c in ms[4]["contributions"] if c["date"] <= "2024-02-01"]
    mp.write_text(json.dumps(ms), encoding="utf-8")
    pop = load_population(mp, cp)
    with pytest.raises(InputError) as e:
        compare(in_force(load_regulation(ROOT / CURRENT), CURRENT),
                pinned(load_regulation(ROOT / DRAFT), None, pop.claims, DRAFT), pop)
    # the birth claim of m-5 on 2024-03-01 is after her death: reported once per side, at the same place
    assert [(p.code, p.file, p.json_path) for p in e.value.problems] == [
        ("event-after-death", str(cp), "$[8].event_date")]


def test_claims_before_the_first_version_are_located(files: tuple[Path, Path]) -> None:
    mp, cp = files
    cs = json.loads(cp.read_text(encoding="utf-8"))
    cs[0]["event_date"] = "2012-12-01"
    cp.write_text(json.dumps(cs), encoding="utf-8")
    pop = load_population(mp, cp)
    with pytest.raises(InputError) as e:
        compare(in_force(load_regulation(ROOT / CURRENT), CURRENT),
                pinned(load_regulation(ROOT / DRAFT), None, pop.claims, DRAFT), pop)
    assert [(p.code, p.json_path) for p in e.value.problems] == [("no-version-in-force", "$[0].event_date")]


def test_a_benefit_neither_side_has_is_an_error(files: tuple[Path, Path]) -> None:
    mp, cp = files
    cs = json.loads(cp.read_text(encoding="utf-8"))
    cs[8]["benefit"] = "brith"
    cp.write_text(json.dumps(cs), encoding="utf-8")
    pop = load_population(mp, cp)
    with pytest.raises(InputError) as e:
        compare(in_force(load_regulation(ROOT / CURRENT), CURRENT),
                pinned(load_regulation(ROOT / DRAFT), None, pop.claims, DRAFT), pop)
    assert [(p.code, p.json_path, p.value) for p in e.value.problems] == [("unknown-benefit", "$[8].benefit", "brith")]


def test_unknown_draft_version(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    mp, cp = files
    code, out, err = run(capsys, "impact", CURRENT, DRAFT, "--draft-version", "2599", "--members", str(mp),
                         "--claims", str(cp))
    assert (code, out) == (1, "")
    assert err == (f"{DRAFT}:$.versions unknown-regulation no regulation named 'chamung 2599' "
                   "(fix: versions in this file: 2556, 2570)\n")


def test_empty_population(tmp_path: Path) -> None:
    mp, cp = tmp_path / "m.json", tmp_path / "c.json"
    mp.write_text("[]", encoding="utf-8")
    cp.write_text("[]", encoding="utf-8")
    pop = load_population(mp, cp)
    assert pop == Population([], [], str(mp), str(cp), ())
    result = compare(in_force(load_regulation(ROOT / CURRENT), CURRENT),
                     pinned(load_regulation(ROOT / DRAFT), None, pop.claims, DRAFT), pop)
    assert [r.to_dict() for r in result.rows] == [
        {"fiscal_year": "*", "benefit": "*", "claims": 0, "changed_claims": 0, "changed_members": 0,
         "paid_current": "0", "paid_draft": "0", "difference": "0"}]
    assert text_report(result).splitlines()[-2:] == [
        "Fiscal year  Benefit  Claims  Changed  Members  Paid now  Paid under draft  Difference",
        "all          all           0        0        0         0                 0           0"]
    assert "<svg" in outputs(result)["payouts.svg"]
