"""A ledger file that cannot be read (missing, not UTF-8): both readers report exactly one located problem.

The CSV instalments are read by their own fast loop, the other files by the general row source; both open the
file the same way, and ``stream_ledger`` must report what ``read_ledger`` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from swf_rules.books import read_ledger, stream_ledger
from swf_rules.core.errors import InputError

from test_audit_ledger import write

MANIFEST = "fund: chamung\nfiles:\n  members: members.csv\n  contributions: contributions.csv\n  payouts: payouts.csv\n"
KINDS = ("members", "contributions", "payouts")


def _problems(d: Path, stream: bool) -> list[tuple[str, str, int | None, int | None, str, str | None]]:
    with pytest.raises(InputError) as e:
        if stream:
            with stream_ledger(d, partition_rows=2):
                pass
        else:
            read_ledger(d)
    return [(p.code, Path(p.file).name if p.file else "", p.line, p.col, p.message_en, p.hint_en)
            for p in e.value.problems]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_a_byte_that_is_not_utf8(tmp_path: Path, kind: str, stream: bool) -> None:
    d = write(tmp_path / "l", manifest=MANIFEST)
    path = d / f"{kind}.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] += b"\xe9"
    path.write_bytes(b"\n".join(lines))
    assert _problems(d, stream) == [("not-utf8", f"{kind}.csv", None, None,
                                     "file is not valid UTF-8 (byte 0xe9 cannot be decoded)", "save the file as UTF-8")]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_a_file_named_in_the_manifest_is_missing(tmp_path: Path, kind: str, stream: bool) -> None:
    d = write(tmp_path / "l", manifest=MANIFEST)
    (d / f"{kind}.csv").unlink()
    assert _problems(d, stream) == [("file-not-found", f"{kind}.csv", None, None, "file not found", None)]


def test_the_fast_constructors_build_what_model_construct_builds() -> None:
    """The ledger's pydantic values are built without pydantic's default resolution (which inspects each default
    factory's signature on every call, about 0.5 ms: more than a member's whole replay); a field left out takes
    its default, a fresh list each time, and the object is the one ``model_construct`` builds."""
    from datetime import date
    from decimal import Decimal

    from swf_rules.books import construct
    from swf_rules.core.history import Claim, Member
    for f in (construct._contribution, construct.new_claim, construct.new_payout, construct._spell,
              construct._member):
        assert f.__name__ == "make"  # not model_construct: the sample check passed
    a = construct.build_member("M1", date(1970, 1, 1), "male", [(date(2020, 1, 1), None, None)], [])
    b = construct.build_member("M2", date(1970, 1, 1), "male", [(date(2020, 1, 1), None, None)], [])
    assert a.beneficiaries == [] and a.beneficiaries is not b.beneficiaries and a.payouts is not b.payouts
    assert a.model_dump(mode="json") == Member.model_construct(
        member_id="M1", birth_date=date(1970, 1, 1), sex="male", spells=a.spells, contributions=[], died_on=None,
        payouts=[], beneficiary=None, calendar="gregorian").model_dump(mode="json")
    c = construct.new_claim(claim_id="C1", member_id="M1", benefit="birth", event_date=date(2021, 1, 1),
                            end_date=None, filed_on=None, units=None, children=1, details={}, calendar="gregorian")
    assert (c.person, c.event_ref, c.paid_elsewhere) == (None, None, [])
    assert c == Claim.model_construct(claim_id="C1", member_id="M1", benefit="birth", event_date=date(2021, 1, 1),
                                      end_date=None, filed_on=None, units=None, children=1, details={},
                                      calendar="gregorian")
    assert c.model_copy(update={"units": 2}).units == 2  # a set of its own for model_copy to add to
    assert construct.new_payout(claim_id="P", benefit="birth", event_date=date(2021, 1, 1), end_date=None,
                                units=None, amount=Decimal(500)).person is None
