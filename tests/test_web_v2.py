"""The HTTP API and the workbench on a swf-rules/2 regulation (tests/fuzz_v2/nong-phai.yaml): the same bytes as
the command line, a claim for non-members decided without a member history, and a voucher that names who is paid
(the family for a funeral wreath, never "member no." of the member who died)."""

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
    from swf_rules import Engine, load_regulation
    from swf_rules.core.history import parse_claim, parse_member
    from swf_rules.web._text import TEXT
    from swf_rules.web.pages_work import voucher
    reg = load_regulation(V2 / "nong-phai.yaml")
    member = parse_member({**MEMBER, "died_on": "2023-03-01"})
    wreath = Engine(reg).evaluate(member, parse_claim({"claim_id": "w-1", "member_id": "m-1", "benefit": "wreath",
                                                       "event_date": "2023-03-01"}))
    v = voucher(reg, wreath, "th")
    assert (v["payee"], v["member"], v["payees"], TEXT["payee_" + v["payee"]]) == (
        "family", "m-1", [], ("ครอบครัวของสมาชิกเลขที่", "the family of member no."))
    death = Engine(reg).evaluate(member, parse_claim({"claim_id": "d-1", "member_id": "m-1", "benefit": "death",
                                                      "event_date": "2023-03-01"}))
    assert [(p["name"], p["amount"]) for p in voucher(reg, death, "en")["payees"]] == [
        ("นางสาว ก", "10000"), ("นาย ข", "10000")]
