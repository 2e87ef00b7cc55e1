"""A tamper-evident decision record: JSON Lines, one decision per line, each record chained to the one before.

A record is one line of canonical JSON (sorted keys, no insignificant whitespace, UTF-8)::

    {"seq": 7,                                  # 1-based position in the chain
     "prev": "sha256:...",                      # "hash" of record 6 (record 1: GENESIS, 64 zeros)
     "hash": "sha256:...",                      # sha256 of this record's canonical JSON without "hash"
     "decision": {...},                         # Decision.to_dict(), exactly as the engine made it
     "regulation": {"fund", "version", "fingerprint"},
     "input_fingerprint": "sha256:...",
     "inputs": {"member": {...}, "claim": {...}}}   # what is needed to recompute the decision (C.E. dates)

:func:`verify` walks the file and reports, by record number (= line), every record that was edited, deleted,
inserted or moved.  :func:`reproduce` recomputes a recorded decision from its inputs and the regulation with the
recorded fingerprint and compares the bytes.

Appending is crash-safe: the new record is written with a single ``write()`` of one complete line followed by
``fsync``, under an exclusive lock.  A process killed in the middle can leave at most a torn last line (no
trailing newline); :func:`verify` ignores it (and says so), and the next append cuts it off before writing, so
the chain always verifies.  Deleting the last records cannot be seen from the file alone: keep the head
(:func:`head`: record count and last hash) somewhere else and pass it to :func:`verify`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem, make_problem
from ..core import Decision, Engine
from ..core.fingerprint import canonical_json
from ..core.history import Claim, Member, parse_claim, parse_member
from ..core.validate import Regulation

GENESIS = "sha256:" + "0" * 64
_CHUNK = 1 << 16


def _hash(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return "sha256:" + hashlib.sha256(canonical_json(body)).hexdigest()


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
    rec["hash"] = _hash(rec)
    return rec


# ---------------------------------------------------------------------------------------------- appending
def _tail(fd: int, size: int) -> tuple[int, bytes | None]:
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


def append(path: str | Path, decision: Decision, member: Member, claim: Claim) -> dict[str, Any]:
    """Append one decision to the log (created if missing); returns the record written."""
    import fcntl
    p = Path(path)
    created = not p.exists()
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        cut, last = _tail(fd, size) if size else (0, None)
        if cut != size:  # a torn last line from an interrupted append: cut it off
            os.ftruncate(fd, cut)
            os.fsync(fd)
        if last is None:
            seq, prev = 1, GENESIS
        else:
            try:
                rec = json.loads(last)
                seq, prev = int(rec["seq"]) + 1, str(rec["hash"])
            except (ValueError, KeyError, TypeError) as e:
                raise InputError([make_problem("log-record-unreadable", file=str(p), line_no="last",
                                               detail=f"{type(e).__name__}; run `swf-rules log verify`")]) from None
        record = make_record(decision, member, claim, seq, prev)
        line = canonical_json(record) + b"\n"
        written = 0
        while written < len(line):  # one write() in practice; a short write leaves a torn line, cut next time
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


def decide_and_append(path: str | Path, regulation: Regulation, member: Member, claim: Claim) -> dict[str, Any]:
    return append(path, Engine(regulation).evaluate(member, claim), member, claim)


# ---------------------------------------------------------------------------------------------- reading
@dataclass
class LogRecord:
    line: int  # 1-based line in the file
    raw: bytes
    data: dict[str, Any] | None  # None when the line is not a JSON object
    error: str | None = None

    @property
    def seq(self) -> int | None:
        s = self.data.get("seq") if self.data else None
        return s if isinstance(s, int) and not isinstance(s, bool) else None

    @property
    def stored_hash(self) -> str | None:
        return self.data.get("hash") if self.data else None

    @property
    def prev(self) -> str | None:
        return self.data.get("prev") if self.data else None

    @property
    def self_ok(self) -> bool:
        return self.data is not None and self.stored_hash == _hash(self.data)


def read_log(path: str | Path) -> tuple[list[LogRecord], bool]:
    """The complete records of a log, and whether a torn last line (an interrupted append) was ignored."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise InputError([make_problem("file-not-found", file=str(p))]) from None
    torn = bool(raw) and not raw.endswith(b"\n")
    lines = raw.split(b"\n")[:-1]  # the part after the last newline is torn (or empty)
    out = []
    for i, line in enumerate(lines, 1):
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                out.append(LogRecord(i, line, None, "not a JSON object"))
            else:
                out.append(LogRecord(i, line, data))
        except (ValueError, UnicodeDecodeError) as e:
            out.append(LogRecord(i, line, None, f"not JSON ({str(e).split(':')[0]})"))
    return out, torn


# ---------------------------------------------------------------------------------------------- verify
@dataclass
class Verification:
    file: str
    records: int
    head: str | None  # hash of the last record
    torn: bool  # a torn last line was ignored
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok, "records": self.records, "head": self.head,
                "torn_last_line_ignored": self.torn, "problems": [p.to_dict() for p in self.problems]}


def verify(path: str | Path, head: str | None = None, count: int | None = None) -> Verification:
    """Check the chain; every problem names the record (its line in the file).

    - edited: a record's content no longer matches its own hash, or (if its hash was recomputed) the next record's
      link to it;
    - deleted: a gap in the sequence numbers (the records that should be there are named);
    - inserted: a record that does not link into the chain where it stands and is not part of it elsewhere
      (a copy of another record, or one taken from another log);
    - reordered: genuine records of the chain standing out of sequence;
    - with ``head`` (and ``count``): records deleted from the end.
    """
    file = str(path)
    records, torn = read_log(path)
    problems: list[Problem] = []

    def prob(code: str, r: LogRecord, **kw: Any) -> None:
        problems.append(make_problem(code, file=file, line=r.line, col=1, **kw))

    # 1. unreadable and self-inconsistent records (an edited record keeps its place: others link to its hash)
    usable: list[LogRecord] = []
    for r in records:
        if r.data is None:
            prob("log-record-unreadable", r, line_no=r.line, detail=r.error or "not a record")
        elif r.seq is None or not isinstance(r.prev, str) or not isinstance(r.stored_hash, str):
            prob("log-record-unreadable", r, line_no=r.line, detail="seq, prev or hash is missing")
        else:
            if not r.self_ok:
                prob("log-record-edited", r, value=r.line,
                     detail="its content does not match its hash (it was changed after it was written)")
            usable.append(r)
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
    from ..core.errors import rank
    return Verification(file, len(records), last.stored_hash if last else None, torn, rank(problems))


def head(path: str | Path) -> dict[str, Any]:
    records, torn = read_log(path)
    good = [r for r in records if r.data is not None]
    last = good[-1] if good else None
    return {"records": len(records), "head": last.stored_hash if last else GENESIS, "torn_last_line_ignored": torn}


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
    """Recompute recorded decisions (one record, or all) and compare them byte for byte."""
    records, _ = read_log(path)
    file = str(path)
    if record is not None:
        if not 1 <= record <= len(records):
            raise InputError([make_problem("log-no-record", file=file, value=str(record), count=len(records))])
        chosen = [records[record - 1]]
    else:
        chosen = records
    by_fp: dict[str, tuple[Regulation, Any]] = {}
    for reg in regulations:
        for v in reg.versions:
            by_fp[reg.fingerprint(v)] = (reg, v)
    engines: dict[int, Engine] = {}
    out = []
    problems = []
    for r in chosen:
        if r.data is None or not isinstance(r.data.get("inputs"), dict):
            problems.append(make_problem("log-record-unreadable", file=file, line=r.line, col=1, line_no=r.line,
                                         detail=r.error or "no inputs"))
            continue
        fp = (r.data.get("regulation") or {}).get("fingerprint")
        if fp not in by_fp:
            problems.append(make_problem("log-unknown-fingerprint", file=file, line=r.line, col=1, value=str(fp)))
            continue
        reg, _v = by_fp[fp]
        eng = engines.setdefault(id(reg), Engine(reg))
        try:
            member = parse_member(r.data["inputs"].get("member"), file=f"{file}:{r.line}:member")
            claim = parse_claim(r.data["inputs"].get("claim"), file=f"{file}:{r.line}:claim")
            d = eng.evaluate(member, claim)
        except InputError as e:
            problems.extend(e.problems)
            continue
        new = d.to_json()
        old = canonical_json(r.data.get("decision"))
        diff = ""
        if new != old:
            a = json.dumps(r.data.get("decision"), ensure_ascii=False, indent=2, sort_keys=True).splitlines()
            b = json.dumps(json.loads(new), ensure_ascii=False, indent=2, sort_keys=True).splitlines()
            diff = "\n".join(difflib.unified_diff(a, b, f"record {r.line} (recorded)", "recomputed", lineterm=""))
        recorded = r.data.get("decision")
        claim_id = str(recorded.get("claim_id")) if isinstance(recorded, dict) else "?"
        out.append(Reproduction(r.line, claim_id, new == old, diff, new))
    if problems:
        raise InputError(problems)
    return out


__all__ = ["GENESIS", "append", "decide_and_append", "verify", "head", "reproduce", "read_log", "Verification",
           "Reproduction", "make_record"]
