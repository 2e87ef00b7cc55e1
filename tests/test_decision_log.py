"""The decision log: hash chain, tamper detection by record, crash-safe appends, byte-exact reproduction."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.cli import main
from swf_rules.audit.decision_log import (GENESIS, decide_and_append, head, make_record, read_log, repair, reproduce,
                                         verify)
from swf_rules.core.fingerprint import canonical_json
from swf_rules.core.errors import InputError
from swf_rules.core import Engine
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = ROOT / "regulations" / "chamung.yaml"
REG = load_regulation(CHAMUNG)


def _inputs(i: int):  # type: ignore[no-untyped-def]
    m = history(f"m-{i}", birth="1950-03-01", joined="2016-01-10", paid_until="2024-12-31")
    c = claim("hospital", f"2020-0{1 + i % 9}-1{i % 10}", claim_id=f"c-{i}", member_id=f"m-{i}", units=1 + i % 5)
    return m, c


def _log(tmp_path: Path, n: int = 8, offset: int = 0) -> Path:
    path = tmp_path / "decisions.jsonl"
    for i in range(1, n + 1):
        m, c = _inputs(i + offset)
        decide_and_append(path, REG, m, c)
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(x + b"\n" for x in lines))


def _found(path: Path, **kw) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    return [(p.code, p.line) for p in verify(path, **kw).problems]


def test_chain_links_each_record_to_the_one_before(tmp_path: Path) -> None:
    path = _log(tmp_path, 3)
    recs = [json.loads(x) for x in _lines(path)]
    assert [r["seq"] for r in recs] == [1, 2, 3]
    assert recs[0]["prev"] == GENESIS
    assert recs[1]["prev"] == recs[0]["hash"] and recs[2]["prev"] == recs[1]["hash"]
    assert recs[0]["regulation"]["fingerprint"] == REG.fingerprint(REG.versions[0])
    assert recs[0]["input_fingerprint"] == recs[0]["decision"]["input_fingerprint"]
    assert recs[0]["decision"]["amount"] == "400" and recs[0]["decision"]["claim_id"] == "c-1"
    assert sorted(recs[0]["inputs"]) == ["claim", "member"]
    v = verify(path)
    assert (v.ok, v.records, v.head, v.torn) == (True, 3, recs[2]["hash"], False)


def test_edited_record_is_named(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    lines[4] = lines[4].replace(b'"eligible":true', b'"eligible":false', 1)
    assert b'"eligible":false' in lines[4]
    _write(path, lines)
    assert _found(path) == [("log-record-edited", 5)]


def test_edited_record_with_recomputed_hash_is_named(tmp_path: Path) -> None:
    from swf_rules.audit.log_read import record_hash as _hash
    path = _log(tmp_path)
    lines = _lines(path)
    rec = json.loads(lines[2])
    rec["decision"]["amount"] = "900"
    rec["hash"] = _hash(rec)
    lines[2] = canonical_json(rec)
    _write(path, lines)
    v = verify(path)
    assert [(p.code, p.line) for p in v.problems] == [("log-record-edited", 3)]
    assert "line 4" in v.problems[0].message_en


@pytest.mark.parametrize("index", [0, 3, 6])
def test_deleted_record_is_named(tmp_path: Path, index: int) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    del lines[index]
    _write(path, lines)
    v = verify(path)
    assert [(p.code, p.line, p.value) for p in v.problems] == [("log-record-deleted", index + 1, str(index + 1))]


def test_deleted_last_records_need_the_head(tmp_path: Path) -> None:
    path = _log(tmp_path)
    h = head(path)
    _write(path, _lines(path)[:-2])
    assert verify(path).ok
    assert _found(path, head=h["head"], count=h["records"]) == [("log-head-mismatch", None)]
    assert verify(path, head=h["head"]).problems[0].params["value"] == "6"


def test_inserted_copy_is_named(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    lines.insert(5, lines[2])  # a copy of record 3 placed as line 6
    _write(path, lines)
    v = verify(path)
    assert [(p.code, p.line) for p in v.problems] == [("log-record-inserted", 6)]
    assert "line 3" in v.problems[0].message_en


def test_inserted_foreign_record_is_named(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other = _log(tmp_path / "other", 4, offset=50)
    path = _log(tmp_path)
    lines = _lines(path)
    lines.insert(3, _lines(other)[3])  # record 4 of another log placed at line 4
    _write(path, lines)
    assert _found(path) == [("log-record-inserted", 4)]


def test_inserted_forged_record_linking_backwards_is_named(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    prev = json.loads(lines[2])
    m, c = _inputs(99)
    forged = make_record(Engine(REG).evaluate(m, c), m, c, 4, prev["hash"])  # claims to be record 4, links to 3
    lines.insert(3, canonical_json(forged))
    _write(path, lines)
    assert _found(path) == [("log-record-inserted", 4)]


def test_swapped_records_are_named(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    lines[4], lines[5] = lines[5], lines[4]
    _write(path, lines)
    v = verify(path)
    assert [(p.code, p.line) for p in v.problems] == [("log-record-reordered", 6)]
    assert v.problems[0].message_en == "record 6 is out of order: record 5 of the chain stands after record 6 (line 5)"


def test_moved_record_is_named(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = _lines(path)
    lines.append(lines.pop(1))  # record 2 moved to the end
    _write(path, lines)
    assert _found(path) == [("log-record-reordered", 8)]


def test_unreadable_line_is_named(tmp_path: Path) -> None:
    path = _log(tmp_path, 4)
    lines = _lines(path)
    lines[1] = b"{not json"
    _write(path, lines)
    found = _found(path)
    assert found[0] == ("log-record-unreadable", 2)


def test_torn_tail_is_reported_refused_by_append_and_repaired_with_a_record(tmp_path: Path) -> None:
    path = _log(tmp_path, 3)
    good = path.read_bytes()
    m, c = _inputs(4)
    whole = canonical_json(make_record(Engine(REG).evaluate(m, c), m, c, 4, json.loads(_lines(path)[2])["hash"]))
    path.write_bytes(good + whole[:57])  # what a writer killed in the middle of its write() leaves
    v = verify(path)
    assert (v.ok, v.status, v.records, v.torn) == (False, "torn", 3, True)
    assert [(p.code, p.line, p.value, p.severity) for p in v.problems] == [("log-torn-tail", 4, 57, "warning")]
    with pytest.raises(InputError) as e:
        decide_and_append(path, REG, m, c)
    assert [(p.code, p.value) for p in e.value.problems] == [("log-torn-tail", 57)]
    assert path.read_bytes() == good + whole[:57]  # the refused append changed nothing
    rec = repair(path, now=datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc))
    assert rec is not None
    assert (rec["kind"], rec["seq"], rec["prev"]) == ("repair", 4, json.loads(_lines(path)[2])["hash"])
    assert rec["repair"] == {"cut_at_byte": len(good), "cut_bytes": 57, "looked_like": "torn",
                             "cut_sha256": "sha256:" + hashlib.sha256(whole[:57]).hexdigest(),
                             "cut_base64": base64.b64encode(whole[:57]).decode(), "repaired_at": "2026-12-03T08:00:00Z"}
    assert path.read_bytes() == good + canonical_json(rec) + b"\n"
    v = verify(path)
    assert (v.ok, v.status, v.records) == (True, "intact", 4)
    assert decide_and_append(path, REG, m, c)["seq"] == 5  # the repair record keeps its number: none is reused
    assert verify(path).ok and repair(path) is None


def test_garbage_appended_without_a_newline_is_tampering(tmp_path: Path) -> None:
    path = _log(tmp_path, 3)
    path.write_bytes(path.read_bytes() + b'amount=60000')
    v = verify(path)
    assert (v.status, [(p.code, p.line, p.value) for p in v.problems]) == (
        "tampered", [("log-garbage-tail", 4, 12)])
    m, c = _inputs(4)
    with pytest.raises(InputError) as e:
        decide_and_append(path, REG, m, c)
    assert e.value.codes == ["log-garbage-tail"]


def test_a_key_given_twice_is_tampering_even_when_the_hash_matches(tmp_path: Path) -> None:
    path = _log(tmp_path, 3)
    lines = _lines(path)
    assert b'"decision":{"amount":"600",' in lines[1]
    lines[1] = lines[1].replace(b'"decision":{"amount":"600",', b'"decision":{"amount":"60000","amount":"600",', 1)
    _write(path, lines)
    assert json.loads(lines[1])["decision"]["amount"] == "600"  # a lax reader sees the hashed value
    v = verify(path)
    assert [(p.code, p.line) for p in v.problems] == [("log-record-duplicate-key", 2)]
    assert v.problems[0].message_en == ("record at line 2 was tampered with: the key 'amount' appears twice in one "
                                        "object")
    with pytest.raises(InputError) as e:
        reproduce(path, [REG], record=2)
    assert [(p.code, p.line) for p in e.value.problems] == [("log-record-duplicate-key", 2)]


@pytest.mark.parametrize("change, detail", [
    (lambda b: b + b"\r", "it ends with a carriage return (CRLF line ending)"),
    (lambda b: b.replace(b'":', b'": '), "its spacing was changed"),
    (lambda b: b.replace("เจ็บป่วย".encode(), json.dumps("เจ็บป่วย").encode()[1:-1]),
     "text is written with \\u escapes instead of the characters that were hashed"),
])
def test_the_same_value_in_other_bytes_is_tampering(tmp_path: Path, change, detail: str) -> None:  # type: ignore[no-untyped-def]
    path = _log(tmp_path, 3)
    lines = _lines(path)
    lines[2] = change(lines[2])
    _write(path, lines)
    v = verify(path)
    assert [(p.code, p.line, p.params["detail"]) for p in v.problems] == [("log-record-not-canonical", 3, detail)]


def test_count_alone_is_checked(tmp_path: Path) -> None:
    path = _log(tmp_path, 4)
    assert verify(path, count=4).ok
    v = verify(path, count=6)
    assert [(p.code, p.params["value"], p.params["expected"]) for p in v.problems] == [("log-count-mismatch", "4", 6)]


def test_append_refuses_to_continue_an_unreadable_last_record(tmp_path: Path) -> None:
    path = _log(tmp_path, 2)
    path.write_bytes(path.read_bytes() + b"garbage\n")
    m, c = _inputs(3)
    with pytest.raises(InputError) as e:
        decide_and_append(path, REG, m, c)
    assert e.value.codes == ["log-record-unreadable"]


_WRITER = textwrap.dedent("""
    import sys
    from swf_rules import load_regulation
    from swf_rules.audit.decision_log import decide_and_append
    from swf_rules.testing import claim, history
    reg = load_regulation(sys.argv[2])
    m = history("m-1", birth="1950-03-01", joined="2016-01-10", paid_until="2024-12-31")
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        decide_and_append(sys.argv[1], reg, m, claim("hospital", "2020-03-01", claim_id=f"c-{i}", units=2))
""")


def test_killed_writer_leaves_a_log_that_verifies(tmp_path: Path) -> None:
    path = tmp_path / "killed.jsonl"
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    delays = [0.05, 0.13, 0.08, 0.21, 0.02, 0.17]  # fixed, not random: the test is repeatable
    for d in delays:
        proc = subprocess.Popen([sys.executable, str(script), str(path), str(CHAMUNG)], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(d)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        v = verify(path)
        # A SIGKILL can stop a multi-page write() part way (the kernel checks for fatal signals between pages):
        # then the log ends torn, which is reported as such and repaired on the record; never anything else.
        assert v.status in ("intact", "torn"), [str(p) for p in v.problems]
        if v.status == "torn":
            assert [p.code for p in v.problems] == ["log-torn-tail"]
            assert repair(path)["kind"] == "repair"  # type: ignore[index]
            assert verify(path).ok
    records, _ = read_log(path)
    assert [r.data["seq"] for r in records] == list(range(1, len(records) + 1))  # type: ignore[index]
    # a torn line, as a kill during a short write would leave it, stops the next writer until it is repaired
    path.write_bytes(path.read_bytes() + b'{"decision":{"amount":"4')
    n = len(records)
    m, c = _inputs(1)
    assert verify(path).status == "torn"
    with pytest.raises(InputError):
        decide_and_append(path, REG, m, c)
    assert repair(path)["seq"] == n + 1  # type: ignore[index]
    assert decide_and_append(path, REG, m, c)["seq"] == n + 2
    assert verify(path).ok


def test_reproduce_confirms_identical_bytes(tmp_path: Path) -> None:
    path = _log(tmp_path, 3)
    out = reproduce(path, [REG])
    assert [(r.record, r.claim_id, r.identical, r.diff) for r in out] == [
        (1, "c-1", True, ""), (2, "c-2", True, ""), (3, "c-3", True, "")]
    assert out[1].recomputed == json.dumps(json.loads(_lines(path)[1])["decision"], sort_keys=True,
                                           separators=(",", ":"), ensure_ascii=False).encode()


def test_reproduce_shows_the_difference(tmp_path: Path) -> None:
    path = _log(tmp_path, 2)
    lines = _lines(path)
    rec = json.loads(lines[1])
    rec["decision"]["amount"] = "999"
    lines[1] = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _write(path, lines)
    out = reproduce(path, [REG], record=2)
    assert (out[0].record, out[0].identical) == (2, False)
    assert out[0].diff.splitlines()[:3] == ["--- record 2 (recorded)", "+++ recomputed", "@@ -1,5 +1,5 @@"]
    assert '-  "amount": "999",' in out[0].diff.splitlines() and '+  "amount": "600",' in out[0].diff.splitlines()


def test_reproduce_errors(tmp_path: Path) -> None:
    path = _log(tmp_path, 2)
    with pytest.raises(InputError) as e:
        reproduce(path, [REG], record=5)
    assert [(p.code, p.params["value"], p.params["count"]) for p in e.value.problems] == [("log-no-record", "5", 2)]
    other = load_regulation(ROOT / "tests" / "audit" / "sample_fund.yaml")
    with pytest.raises(InputError) as e:
        reproduce(path, [other], record=1)
    assert [(p.code, p.line) for p in e.value.problems] == [("log-unknown-fingerprint", 1)]


def test_cli_append_verify_reproduce(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m, c = _inputs(1)
    mp, cp = tmp_path / "m.json", tmp_path / "c.json"
    mp.write_text(json.dumps(m.model_dump(mode="json")))
    cp.write_text(json.dumps(c.model_dump(mode="json")))
    log = tmp_path / "log.jsonl"
    assert main(["log", "append", "--log", str(log), "--regulation", str(CHAMUNG), "--member", str(mp),
                 "--claim", str(cp)]) == 0
    rec = json.loads(_lines(log)[0])
    assert capsys.readouterr().out == f"record 1: claim c-1 eligible 400 THB ({rec['hash']})\n"
    assert main(["log", "verify", str(log)]) == 0
    assert capsys.readouterr().out == f"{log}: intact, 1 record(s), head {rec['hash']}\n"
    assert main(["reproduce", str(log), "--regulations", str(ROOT / "regulations")]) == 0
    assert capsys.readouterr().out == "record 1 (claim c-1): recomputed, byte-identical\n"
    _write(log, [_lines(log)[0].replace(b'"amount":"400"', b'"amount":"300"', 1)])
    assert main(["log", "verify", str(log)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith(f"{log}:1:1 log-record-edited record 1 was altered")
    assert out.err == "1 problem\n"
