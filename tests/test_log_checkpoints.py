"""Signed checkpoints: a log rewritten and re-chained after a checkpoint, or cut back before it, is caught with the
committee's public key alone; and the command line's exit statuses for each state of a log."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.audit.checkpoints import generate_keys, key_id, read_checkpoints
from swf_rules.audit.decision_log import checkpoint, decide_and_append, make_record, verify
from swf_rules.audit.log_read import record_hash
from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.core.fingerprint import canonical_json
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = ROOT / "regulations" / "chamung.yaml"
REG = load_regulation(CHAMUNG)
AT = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)


def _append(path: Path, i: int) -> None:
    m = history(f"m-{i}", birth="1950-03-01", joined="2016-01-10", paid_until="2024-12-31")
    decide_and_append(path, REG, m, claim("hospital", f"2020-0{1 + i % 9}-1{i % 10}", claim_id=f"c-{i}",
                                          member_id=f"m-{i}", units=1 + i % 5))


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(x + b"\n" for x in lines))


@pytest.fixture()
def signed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A log of 6 records, checkpointed after record 4; then 2 more records appended."""
    priv, pub = generate_keys(tmp_path / "committee")
    log = tmp_path / "decisions.jsonl"
    for i in range(1, 5):
        _append(log, i)
    checkpoint(log, priv, signer="ประธานกรรมการ", now=AT)
    for i in range(5, 7):
        _append(log, i)
    return log, priv, pub


def _codes(log: Path, pub: Path, **kw) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    return [(p.code, p.line) for p in verify(log, key=pub, **kw).problems]


def test_keys_are_ed25519_pem_and_the_private_one_is_owner_only(tmp_path: Path) -> None:
    priv, pub = generate_keys(tmp_path / "k")
    assert (priv.name, pub.name) == ("k.key", "k.pub")
    assert stat.S_IMODE(priv.stat().st_mode) == 0o600
    assert priv.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert pub.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----\n")
    with pytest.raises(InputError) as e:
        generate_keys(tmp_path / "k")
    assert [(p.code, p.file) for p in e.value.problems] == [("output-exists", str(priv))]


def test_a_checkpoint_signs_the_head(signed: tuple[Path, Path, Path]) -> None:
    log, _priv, pub = signed
    cps, problems = read_checkpoints(log.with_name(log.name + ".checkpoints"))
    assert problems == [] and len(cps) == 1
    cp = cps[0].data
    assert (cp["log"], cp["seq"], cp["head"], cp["signed_at"], cp["signer"]) == (
        "decisions.jsonl", 4, json.loads(_lines(log)[3])["hash"], "2026-12-03T08:00:00Z", "ประธานกรรมการ")
    from cryptography.hazmat.primitives import serialization
    raw = serialization.load_pem_public_key(pub.read_bytes()).public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert cp["key_id"] == key_id(raw)
    v = verify(log, key=pub)
    assert (v.ok, v.records) == (True, 6)


def test_rewritten_and_rechained_after_a_checkpoint_is_caught(signed: tuple[Path, Path, Path]) -> None:
    log, _priv, pub = signed
    lines = _lines(log)
    recs = [json.loads(x) for x in lines]
    recs[1]["decision"]["amount"] = "9000"  # change record 2, then recompute every hash after it
    for i in range(1, len(recs)):
        recs[i]["prev"] = recs[i - 1]["hash"]
        recs[i]["hash"] = record_hash(recs[i])
    _write(log, [canonical_json(r) for r in recs])
    assert verify(log).ok  # the chain alone cannot tell
    v = verify(log, key=pub)
    assert [(p.code, p.line, p.params["value"], p.params["log_line"]) for p in v.problems] == [
        ("log-checkpoint-mismatch", 1, 4, 4)]


def test_cut_back_before_a_checkpoint_is_caught(signed: tuple[Path, Path, Path]) -> None:
    log, _priv, pub = signed
    _write(log, _lines(log)[:3])
    assert verify(log).ok
    v = verify(log, key=pub)
    assert [(p.code, p.params["value"], p.params["count"]) for p in v.problems] == [
        ("log-cut-before-checkpoint", 4, 3)]


def test_a_forged_or_foreign_checkpoint_is_caught(signed: tuple[Path, Path, Path], tmp_path: Path) -> None:
    log, _priv, pub = signed
    cpf = log.with_name(log.name + ".checkpoints")
    cp = json.loads(cpf.read_bytes())
    forged = dict(cp, seq=6, head=json.loads(_lines(log)[5])["hash"])  # moved forward, old signature
    cpf.write_bytes(cpf.read_bytes() + canonical_json(forged) + b"\n")
    assert _codes(log, pub) == [("log-checkpoint-bad-signature", 2)]
    _other_priv, other_pub = generate_keys(tmp_path / "other")
    assert _codes(log, other_pub) == [("log-checkpoint-bad-signature", 1), ("log-checkpoint-bad-signature", 2)]


def test_with_a_key_a_log_never_signed_fails(tmp_path: Path) -> None:
    _priv, pub = generate_keys(tmp_path / "k")
    log = tmp_path / "d.jsonl"
    _append(log, 1)
    assert _codes(log, pub) == [("log-no-checkpoint", None)]


def test_a_tampered_log_is_not_signed(signed: tuple[Path, Path, Path]) -> None:
    log, priv, _pub = signed
    lines = _lines(log)
    lines[2] = lines[2].replace(b'"eligible":true', b'"eligible":false', 1)
    _write(log, lines)
    before = log.with_name(log.name + ".checkpoints").read_bytes()
    with pytest.raises(InputError) as e:
        checkpoint(log, priv)
    assert e.value.codes == ["log-record-edited", "log-not-intact"]
    assert log.with_name(log.name + ".checkpoints").read_bytes() == before


def test_cli_exit_status_for_each_state(signed: tuple[Path, Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log, priv, pub = signed
    assert main(["log", "verify", str(log), "--key", str(pub)]) == 0
    head = json.loads(_lines(log)[5])["hash"]
    assert capsys.readouterr().out == f"{log}: intact, 6 record(s), head {head} (checkpoints verified)\n"
    assert main(["log", "verify", str(log), "--count", "7"]) == 1
    assert capsys.readouterr().out.startswith(f"{log}:$ log-count-mismatch the log ends at record 6; expected 7")
    log.write_bytes(log.read_bytes() + b'{"decision":{"am')
    assert main(["log", "verify", str(log)]) == 3
    out = capsys.readouterr()
    assert out.out.startswith(f"{log}:7:1 log-torn-tail the log ends with 16 bytes of an unfinished record")
    assert out.err == f"{log}: unfinished last record; run `swf-rules log repair {log}`\n"
    assert main(["log", "repair", str(log)]) == 0
    rec = json.loads(_lines(log)[6])
    assert capsys.readouterr().out == f"{log}: cut 16 bytes ({rec['repair']['cut_sha256']}), recorded as record 7\n"
    assert main(["log", "checkpoint", str(log), "--key", str(priv)]) == 0
    assert capsys.readouterr().out.startswith(f"{log}: signed record 7 ({rec['hash']}) with key ed25519:")
    assert main(["log", "verify", str(log), "--key", str(pub)]) == 0
    capsys.readouterr()
    log.write_bytes(log.read_bytes() + b"xx")
    assert main(["log", "verify", str(log)]) == 1
    assert capsys.readouterr().err == "1 problem\n"


def test_make_record_is_the_same_record_append_writes(tmp_path: Path) -> None:
    log = tmp_path / "d.jsonl"
    m = history("m-1", birth="1950-03-01", joined="2016-01-10", paid_until="2024-12-31")
    c = claim("hospital", "2020-03-01", claim_id="c-1", units=2)
    written = decide_and_append(log, REG, m, c)
    from swf_rules import Engine
    assert canonical_json(make_record(Engine(REG).evaluate(m, c), m, c, 1, written["prev"])) == _lines(log)[0]
