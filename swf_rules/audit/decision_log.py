"""A tamper-evident decision record: JSON Lines, one record per line, each record chained to the one before.

A decision record is one line of canonical JSON (sorted keys, no insignificant whitespace, UTF-8)::

    {"seq": 7,                                  # 1-based position in the chain
     "prev": "sha256:...",                      # "hash" of record 6 (record 1: GENESIS, 64 zeros)
     "hash": "sha256:...",                      # sha256 of this record's canonical JSON without "hash"
     "decision": {...},                         # Decision.to_dict(), exactly as the engine made it
     "regulation": {"fund", "version", "fingerprint"},
     "input_fingerprint": "sha256:...",
     "inputs": {"member": {...}, "claim": {...}}}   # what is needed to recompute the decision (C.E. dates)

Other kinds of record carry ``"kind"`` (a ``repair`` record says what ``log repair`` cut off); they are links of
the same chain.  Reading is strict (:mod:`.log_read`): a line must be exactly the canonical bytes that were
hashed.

:func:`verify` walks the file and reports, by line, every record that was edited, deleted, inserted, moved or
re-encoded, and a tail that is not a complete record.  :func:`reproduce` recomputes a recorded decision from its
inputs and the regulation with the recorded fingerprint and compares the bytes.  Signed checkpoints
(:mod:`.checkpoints`) anchor the chain outside the file.

Appending is crash-safe: the new record is written with a single ``write()`` of one complete line followed by
``fsync``, under an exclusive lock.  A process killed in the middle can leave at most a torn last line (no
trailing newline).  :func:`append` refuses to write after a torn (or any other) tail: nothing is ever discarded
silently.  :func:`repair` cuts the tail off and records, as a chained ``repair`` record, exactly what it cut.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..core.errors import InputError, Problem, make_problem, rank
from ..core import Decision, Engine
from ..core.fingerprint import canonical_json
from ..core.history import Claim, Member, parse_claim, parse_member
from ..core.validate import Regulation
from . import checkpoints as _cp
from ._approval_links import dangling
from .log_read import GENESIS, LogRecord, Tail, classify_tail, parse_line, read_log, record_hash

_CHUNK = 1 << 16
_hash = record_hash  # the name older callers use


def member_inputs(member: Member) -> dict[str, Any]:
    """The member history as recomputable JSON (C.E. dates; the calendar key left out)."""
    return member.model_dump(mode="json", exclude={"calendar"})


def claim_inputs(claim: Claim) -> dict[str, Any]:
    """The claim as recomputable JSON (C.E. dates; decimal details as strings)."""
    return claim.model_dump(mode="json", exclude={"calendar"})


def make_record(decision: Decision, member: Member, claim: Claim, seq: int, prev: str) -> dict[str, Any]:
    rec = {
        "seq": seq,
        "prev": prev,
        "decision": decision.to_dict(),
        "regulation": {"fund": decision.fund, "version": decision.version, "fingerprint": decision.fingerprint},
        "input_fingerprint": decision.input_fingerprint,
        "inputs": {"member": member_inputs(member), "claim": claim_inputs(claim)},
    }
    rec["hash"] = record_hash(rec)
    return rec


# ---------------------------------------------------------------------------------------------- appending
def _last_line(fd: int, size: int) -> tuple[int, bytes | None]:
    """(offset just after the last newline, the last complete line without its newline, or None)."""
    pos, last_nl = size, -1
    while pos > 0 and last_nl < 0:
        n = min(_CHUNK, pos)
        pos -= n
        i = os.pread(fd, n, pos).rfind(b"\n")
        if i >= 0:
            last_nl = pos + i
    if last_nl < 0:
        return 0, None
    pos, start = last_nl, 0
    while pos > 0:
        n = min(_CHUNK, pos)
        pos -= n
        i = os.pread(fd, n, pos).rfind(b"\n")
        if i >= 0:
            start = pos + i + 1
            break
    return last_nl + 1, os.pread(fd, last_nl - start, start)


def _locked_append(path: str | Path, build: Callable[[int, str, Tail | None], dict[str, Any] | None],
                   cut_tail: bool = False) -> dict[str, Any] | None:
    """Under an exclusive lock: read the chain's end, call ``build(seq, prev, tail)`` for the record to append and
    write it as one line.  Without ``cut_tail`` a tail (bytes after the last newline) is refused; with it, the tail
    is cut off before the record is written.  ``build`` returning None writes nothing."""
    import fcntl
    p = Path(path)
    created = not p.exists()
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        end, last = _last_line(fd, size) if size else (0, None)
        tail = None
        if end != size:
            data = os.pread(fd, size - end, end)
            tail = Tail(end, data, classify_tail(data), 0)
            if not cut_tail:
                raise InputError([make_problem(
                    "log-torn-tail" if tail.kind == "torn" else "log-garbage-tail", file=str(p), value=tail.size,
                    hint=("run `swf-rules log repair FILE`: it cuts the tail off and records what it cut",
                          "สั่ง `swf-rules log repair FILE` เพื่อตัดส่วนท้ายออกและบันทึกสิ่งที่ตัดไว้"))])
        if last is None:
            seq, prev = 1, GENESIS
        else:
            rec = parse_line(0, last)
            if rec.code is not None or rec.seq is None or rec.stored_hash is None:
                raise InputError([make_problem("log-record-unreadable", file=str(p), line_no="last",
                                               detail=f"{rec.error or 'seq or hash is missing'}; "
                                                      "run `swf-rules log verify`")])
            seq, prev = rec.seq + 1, rec.stored_hash
        record = build(seq, prev, tail)
        if record is None:
            return None
        if tail is not None:
            os.ftruncate(fd, tail.offset)
        line = canonical_json(record) + b"\n"
        written = 0
        while written < len(line):  # one write() in practice; a short write leaves a torn line for `repair`
            written += os.write(fd, line[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        dfd = os.open(p.parent if str(p.parent) else ".", os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return record


def append(path: str | Path, decision: Decision, member: Member, claim: Claim) -> dict[str, Any]:
    """Append one decision to the log (created if missing); returns the record written.  Refuses (``log-torn-tail``
    or ``log-garbage-tail``) when the file does not end with a complete record: see :func:`repair`."""
    rec = _locked_append(path, lambda seq, prev, _t: make_record(decision, member, claim, seq, prev))
    assert rec is not None
    return rec


def decide_and_append(path: str | Path, regulation: Regulation, member: Member, claim: Claim) -> dict[str, Any]:
    return append(path, Engine(regulation).evaluate(member, claim), member, claim)


def repair(path: str | Path, now: datetime | None = None) -> dict[str, Any] | None:
    """Cut off the bytes after the last complete record and append a ``repair`` record that says what was cut
    (its size, sha256, the bytes themselves in base64, and whether they looked like a torn record or not).
    Returns the repair record, or None when there was nothing to cut."""
    if not Path(path).is_file():
        raise InputError([make_problem("file-not-found", file=str(path))])
    at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)

    def build(seq: int, prev: str, tail: Tail | None) -> dict[str, Any] | None:
        if tail is None:
            return None
        rec: dict[str, Any] = {
            "kind": "repair", "seq": seq, "prev": prev,
            "repair": {"cut_at_byte": tail.offset, "cut_bytes": tail.size, "looked_like": tail.kind,
                       "cut_sha256": "sha256:" + hashlib.sha256(tail.data).hexdigest(),
                       "cut_base64": base64.b64encode(tail.data).decode("ascii"),
                       "repaired_at": at.isoformat().replace("+00:00", "Z")},
        }
        rec["hash"] = record_hash(rec)
        return rec

    return _locked_append(path, build, cut_tail=True)


# ---------------------------------------------------------------------------------------------- verify
@dataclass
class Verification:
    file: str
    records: int
    head: str | None  # hash of the last record of the chain
    tail: Tail | None  # bytes after the last newline, if any
    problems: list[Problem] = field(default_factory=list)

    @property
    def torn(self) -> bool:
        """The file ends with a torn record (an interrupted append), reported as ``log-torn-tail``."""
        return self.tail is not None and self.tail.kind == "torn"

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        """``intact``; ``torn`` (only an interrupted append at the end: repair it); ``tampered`` (anything else)."""
        if not self.problems:
            return "intact"
        return "torn" if all(p.code == "log-torn-tail" for p in self.problems) else "tampered"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok, "status": self.status, "records": self.records, "head": self.head,
                "tail": None if self.tail is None else {"kind": self.tail.kind, "bytes": self.tail.size,
                                                        "line": self.tail.line},
                "problems": [p.to_dict() for p in self.problems]}


def verify(path: str | Path, head: str | None = None, count: int | None = None, key: str | Path | None = None,
           checkpoints: str | Path | None = None) -> Verification:
    """Check the chain; every problem names the record (its line in the file).

    - re-encoded: a line that is not exactly the canonical bytes of its value (a key given twice, CRLF, changed
      spacing, ``\\u`` escapes): the hash covers the value, so only the canonical bytes are the record;
    - edited: a record's content no longer matches its own hash, or (if its hash was recomputed) the next record's
      link to it;
    - deleted: a gap in the sequence numbers (the records that should be there are named);
    - inserted: a record that does not link into the chain where it stands and is not part of it elsewhere
      (a copy of another record, or one taken from another log);
    - reordered: genuine records of the chain standing out of sequence;
    - a tail after the last newline: torn (``log-torn-tail``, an interrupted append) or garbage;
    - with ``head`` and/or ``count``: records deleted from the end;
    - with ``key`` (a public key): every signed checkpoint (``checkpoints``, default ``<log>.checkpoints``) must be
      signed by that key and match the log's record at its place (:mod:`.checkpoints`).
    """
    file = str(path)
    records, tail = read_log(path)
    problems: list[Problem] = []

    def prob(code: str, r: LogRecord, **kw: Any) -> None:
        problems.append(make_problem(code, file=file, line=r.line, col=1, **kw))

    # 1. unreadable, re-encoded and self-inconsistent records (an edited record keeps its place: others link to
    #    its hash)
    usable: list[LogRecord] = []
    for r in records:
        if r.code is not None:
            prob(r.code, r, line_no=r.line, detail=r.error or "not a record")
        if r.data is None:
            continue
        if r.seq is None or r.prev is None or r.stored_hash is None:
            if r.code is None:
                prob("log-record-unreadable", r, line_no=r.line, detail="seq, prev or hash is missing")
            continue
        if not r.self_ok:
            prob("log-record-edited", r, value=r.line,
                 detail="its content does not match its hash (it was changed after it was written)")
        usable.append(r)
    if tail is not None:
        problems.append(make_problem("log-torn-tail" if tail.kind == "torn" else "log-garbage-tail", file=file,
                                     line=tail.line, col=1, value=tail.size))
    hashes_of_seq: dict[int, set[str]] = {}
    for r in usable:
        hashes_of_seq.setdefault(r.seq or 0, set()).add(r.stored_hash or "")
    linked_to = {r.prev for r in usable}

    def prev_ok(r: LogRecord) -> bool:
        return r.prev == GENESIS if r.seq == 1 else r.prev in hashes_of_seq.get((r.seq or 0) - 1, ())

    # 2. inserted records: copies of another record, or records that are not part of the chain
    inserted: set[int] = set()
    by_hash: dict[str, list[LogRecord]] = {}
    for r in usable:
        by_hash.setdefault(r.stored_hash or "", []).append(r)
    line_before = {b.line: a for a, b in zip(usable, usable[1:])}
    for copies in by_hash.values():
        if len(copies) < 2:
            continue
        fits = [r for r in copies if (r.prev == GENESIS and r.line == usable[0].line) or
                (r.line in line_before and line_before[r.line].stored_hash == r.prev)]
        keep = fits[0] if fits else copies[0]
        for r in copies:
            if r is not keep:
                inserted.add(r.line)
                prob("log-record-inserted", r, line_no=r.line, detail=f"it repeats the record at line {keep.line}")
    by_seq: dict[int, list[LogRecord]] = {}
    for r in usable:
        if r.line not in inserted:
            by_seq.setdefault(r.seq or 0, []).append(r)
    last_line = usable[-1].line if usable else 0
    for seq, group in by_seq.items():
        if len(group) > 1:  # two records claim the same place: the one the chain continues from is genuine
            linked = [r for r in group if r.stored_hash in linked_to]
            fitting = [r for r in group if prev_ok(r)]
            keep = (linked or fitting or group)[0]
            for r in group:
                if r is not keep:
                    inserted.add(r.line)
                    prob("log-record-inserted", r, line_no=r.line,
                         detail=f"it claims to be record {seq} of the chain, which is at line {keep.line}")
        else:
            r = group[0]
            if not prev_ok(r) and r.stored_hash not in linked_to and r.line != last_line:
                inserted.add(r.line)
                prob("log-record-inserted", r, line_no=r.line,
                     detail="it does not link to the record before it and no record links to it")
    genuine = [r for r in usable if r.line not in inserted]
    # 3. order: the chain's records must stand in sequence order
    for a, b in zip(genuine, genuine[1:]):
        if (b.seq or 0) < (a.seq or 0):
            prob("log-record-reordered", b, value=b.line,
                 detail=f"record {b.seq} of the chain stands after record {a.seq} (line {a.line})")
    # 4. gaps and broken links, following the chain in sequence order
    chain = sorted(genuine, key=lambda r: (r.seq or 0, r.line))
    expected = 1
    prev_rec: LogRecord | None = None
    for r in chain:
        s = r.seq or 0
        if s > expected:
            missing = f"{expected}" if s == expected + 1 else f"{expected} to {s - 1}"
            prob("log-record-deleted", r, value=missing,
                 detail=f" (record {s}, at line {r.line}, follows record {expected - 1})")
        elif prev_rec is not None and r.prev != prev_rec.stored_hash and prev_rec.self_ok:
            problems.append(make_problem("log-record-edited", file=file, line=prev_rec.line, col=1,
                                         value=prev_rec.line,
                                         detail=f"the next record (line {r.line}) links to a different version of it"))
        elif prev_rec is None and s == 1 and r.prev != GENESIS:
            prob("log-record-edited", r, value=r.line, detail="the first record does not start the chain")
        expected = max(expected, s + 1)
        prev_rec = r
    last = chain[-1] if chain else None
    if head is not None and (last is None or last.stored_hash != head or (count is not None and last.seq != count)):
        problems.append(make_problem("log-head-mismatch", file=file, value=str(last.seq if last else 0),
                                     found=last.stored_hash if last else GENESIS,
                                     expected=head + (f" at record {count}" if count is not None else "")))
    elif head is None and count is not None and (last.seq if last else 0) != count:
        problems.append(make_problem("log-count-mismatch", file=file, value=str(last.seq if last else 0),
                                     expected=count))
    problems.extend(dangling([r for r in records if r.code is None and r.line not in inserted], file))
    if key is not None:
        problems.extend(_cp.check(records, checkpoints or _cp.default_path(path), key))
    return Verification(file, len(records), last.stored_hash if last else None, tail, rank(problems))


def checkpoint(path: str | Path, private_key: str | Path, checkpoints: str | Path | None = None,
               signer: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Sign the log's head (see :mod:`.checkpoints`).  A log that does not verify is not signed: the committee
    must not vouch for a tampered or torn log."""
    v = verify(path)
    if not v.ok:
        raise InputError([make_problem("log-not-intact", file=str(path), count=len(v.problems), status=v.status),
                          *v.problems])
    if v.head is None:
        raise InputError([make_problem("log-empty", file=str(path))])
    return _cp.sign(path, v.records, v.head, private_key, checkpoints, signer, now)


def head(path: str | Path) -> dict[str, Any]:
    """The record count and the last record's hash, to keep outside the file (``verify --head H --count N``)."""
    records, tail = read_log(path)
    good = [r for r in records if r.stored_hash is not None]
    last = good[-1] if good else None
    kinds: dict[str, int] = {}
    for r in records:
        if r.data is not None:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
    return {"records": len(records), "head": last.stored_hash if last else GENESIS,
            "tail": None if tail is None else tail.kind, "kinds": kinds}


# ---------------------------------------------------------------------------------------------- reproduce
@dataclass
class Reproduction:
    record: int
    claim_id: str
    identical: bool
    diff: str  # unified diff of the pretty-printed decisions ("" when identical)
    recomputed: bytes

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record, "claim_id": self.claim_id, "identical": self.identical, "diff": self.diff}


def reproduce(path: str | Path, regulations: list[Regulation], record: int | None = None) -> list[Reproduction]:
    """Recompute recorded decisions (one record, or all) and compare them byte for byte.  An approval record is
    reproduced by recomputing the decision it was made against: the entitlement it copied must be what the
    regulation gives."""
    records, _ = read_log(path)
    file = str(path)
    if record is not None:
        if not 1 <= record <= len(records):
            raise InputError([make_problem("log-no-record", file=file, value=str(record), count=len(records))])
        chosen = [records[record - 1]]
        if chosen[0].data is not None and chosen[0].kind not in ("decision", "approval"):
            raise InputError([make_problem("log-not-a-decision", file=file, line=record, col=1, value=str(record),
                                           kind=chosen[0].kind)])
    else:
        chosen = [r for r in records if r.data is None or r.kind in ("decision", "approval")]
    by_fp: dict[str, tuple[Regulation, Any]] = {}
    for reg in regulations:
        for v in reg.versions:
            by_fp[reg.fingerprint(v)] = (reg, v)
    engines: dict[int, Engine] = {}
    out = []
    problems: list[Problem] = []
    recomputed: dict[int, dict[str, Any]] = {}  # decision record seq -> the decision recomputed

    def recompute(r: LogRecord) -> Reproduction | None:
        if r.code is not None:  # a re-encoded record: which of its values was hashed cannot be told
            problems.append(make_problem(r.code, file=file, line=r.line, col=1, line_no=r.line,
                                         detail=r.error or "not a record"))
            return None
        if r.data is None or not isinstance(r.data.get("inputs"), dict):
            problems.append(make_problem("log-record-unreadable", file=file, line=r.line, col=1, line_no=r.line,
                                         detail=r.error or "no inputs"))
            return None
        fp = (r.data.get("regulation") or {}).get("fingerprint")
        if fp not in by_fp:
            problems.append(make_problem("log-unknown-fingerprint", file=file, line=r.line, col=1, value=str(fp)))
            return None
        reg, _v = by_fp[fp]
        eng = engines.setdefault(id(reg), Engine(reg))
        try:
            member = parse_member(r.data["inputs"].get("member"), file=f"{file}:{r.line}:member")
            claim = parse_claim(r.data["inputs"].get("claim"), file=f"{file}:{r.line}:claim")
            d = eng.evaluate(member, claim)
        except InputError as e:
            problems.extend(e.problems)
            return None
        new = d.to_json()
        if r.seq is not None:
            recomputed[r.seq] = json.loads(new)
        old = canonical_json(r.data.get("decision"))
        diff = ""
        if new != old:
            a = json.dumps(r.data.get("decision"), ensure_ascii=False, indent=2, sort_keys=True).splitlines()
            b = json.dumps(json.loads(new), ensure_ascii=False, indent=2, sort_keys=True).splitlines()
            diff = "\n".join(difflib.unified_diff(a, b, f"record {r.line} (recorded)", "recomputed", lineterm=""))
        recorded = r.data.get("decision")
        claim_id = str(recorded.get("claim_id")) if isinstance(recorded, dict) else "?"
        return Reproduction(r.line, claim_id, new == old, diff, new)

    decisions = {r.seq: r for r in records if r.data is not None and r.kind == "decision" and r.seq is not None}
    for r in chosen:
        if r.data is not None and r.kind == "approval":
            res = r.data.get("resolution") or {}
            ref = (res.get("decision") or {}).get("seq")
            if ref not in recomputed and ref in decisions:
                recompute(decisions[ref])
            now = recomputed.get(ref)  # type: ignore[arg-type]
            if now is None:
                if ref not in decisions:
                    problems.append(make_problem("log-approval-dangling", file=file, line=r.line, col=1,
                                                 line_no=r.line, detail=f"no decision record {ref} in the log"))
                continue
            was = res.get("entitled") or {}
            same = was.get("amount") == now["amount"] and was.get("eligible") == now["eligible"]
            diff = "" if same else (f"record {r.line} (approval) was made against an entitlement of "
                                    f"{was.get('amount')} (eligible: {was.get('eligible')}); recomputed: "
                                    f"{now['amount']} (eligible: {now['eligible']})")
            out.append(Reproduction(r.line, str(res.get("claim_id")), same, diff,
                                    canonical_json({"amount": now["amount"], "eligible": now["eligible"]})))
            continue
        rep = recompute(r)
        if rep is not None:
            out.append(rep)
    if problems:
        raise InputError(problems)
    return out


__all__ = ["GENESIS", "append", "checkpoint", "decide_and_append", "repair", "verify", "head", "reproduce", "read_log",
           "Verification", "Reproduction", "make_record"]
