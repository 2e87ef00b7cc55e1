"""The HTTP API and the workbench on a swf-rules/2 regulation (tests/fuzz_v2/nong-phai.yaml): the same bytes as
the command line, a claim for non-members decided without a member history, and a voucher that names who is paid
(the family for a funeral wreath, each beneficiary and their share for a death)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from web_fixtures import ROOT, cli, client

V2 = ROOT / "tests" / "fuzz_v2"
MEMBER = json.loads((V2 / "member.json").read_text(encoding="utf-8"))
CLAIM = json.loads((V2 / "claim.json").read_text(encoding="utf-8"))
NEEDY = {"claim_id": "n-1", "member_id": "p-1", "benefit": "needy", "event_date": "2020-03-01",
         "person": {"id": "p-1", "birth_date": "1940-01-01"}, "details": {"group": "elderly_alone"}}


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    regs = tmp_path_factory.mktemp("web-v2") / "regs"
    regs.mkdir()
    shutil.copy(V2 / "nong-phai.yaml", regs / "nong-phai.yaml")
    for name, data in (("member.json", MEMBER), ("claim.json", CLAIM), ("needy.json", NEEDY)):
        (regs / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return regs, client(regs, None)


def test_validate_and_evaluate_a_v2_regulation_give_the_cli_bytes(fund) -> None:  # type: ignore[no-untyped-def]
    regs, c = fund
    r = c.post("/api/v1/validate", json={"regulation": "nong-phai"})
    assert (r.status_code, r.json()) == (200, {"ok": True, "valid": ["nong-phai.yaml"], "problems": []})
    r = c.post("/api/v1/evaluate", json={"regulation": "nong-phai", "member": MEMBER, "claim": CLAIM})
    assert r.content == cli(["evaluate", "nong-phai.yaml", "--member", "member.json", "--claim", "claim.json"], regs)[1]
    assert (r.json()["amount"], r.json()["person"]["id"], r.json()["payee"]) == ("500", "c-2", "member")


def test_a_claim_for_non_members_needs_no_member(fund) -> None:  # type: ignore[no-untyped-def]
    regs, c = fund
    r = c.post("/api/v1/evaluate", json={"regulation": "nong-phai", "claim": NEEDY})
    assert r.status_code == 200
    assert r.content == cli(["evaluate", "nong-phai.yaml", "--claim", "needy.json"], regs)[1]
    assert (r.json()["amount"], r.json()["payee"]) == ("300", "applicant")
    r = c.post("/api/v1/evaluate", json={"regulation": "nong-phai", "claim": CLAIM})  # a benefit for members
    assert (r.status_code, [(p["code"], p["json_path"]) for p in r.json()["problems"]]) == (
        422, [("missing-member", "$.member_id")])


def test_the_voucher_names_who_is_paid() -> None:
    """The workbench's voucher of a decided claim (swf_rules.documents): a wreath to the family, a death benefit to
    each beneficiary with their share."""
    from swf_rules import Engine, load_regulation
    from swf_rules.core.history import parse_claim, parse_member
    from swf_rules.documents import decision_voucher
    reg = load_regulation(V2 / "nong-phai.yaml")
    member = parse_member({**MEMBER, "died_on": "2023-03-01"})

    def decided(benefit: str):  # type: ignore[no-untyped-def]
        return Engine(reg).evaluate(member, parse_claim({"claim_id": f"{benefit}-1", "member_id": "m-1",
                                                         "benefit": benefit, "event_date": "2023-03-01"}))
    wreath = decision_voucher(reg, decided("wreath"))
    assert [(x.role, x.amount, x.name) for x in wreath.payees] == [("family", 500, None)]
    death = decision_voucher(reg, decided("death"))
    assert [(x.role, x.name, x.share, x.amount) for x in death.payees] == [
        ("beneficiary", "นางสาว ก", "1/2", 10000), ("beneficiary", "นาย ข", "1/2", 10000)]
