"""Signed checkpoints: anchors for the decision log that live outside it.

A hash chain proves that records were not changed *relative to each other*; someone who can write the file can
still rewrite a record and recompute every hash after it, or cut the log back.  A checkpoint is the committee's
signature (ed25519, with the `cryptography` package) over the log's head at a moment::

    {"log": "decisions.jsonl", "seq": 120, "head": "sha256:...", "signed_at": "2026-12-03T08:00:00Z",
     "signer": "ประธานกรรมการ", "key_id": "ed25519:1f2e...", "signature": "<base64>"}

Checkpoints are appended to a file of their own (by default ``<log>.checkpoints``; the committee gives copies to
whoever audits).  ``verify --key PUBLIC`` checks every checkpoint's signature and that the log still holds record
``seq`` with exactly that hash: a log rewritten and re-chained up to a signed record, or cut back before it, fails
without anyone having remembered a hash.  The private key never enters the log or the checkpoint file.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem, UsageError, make_problem
from ..core.fingerprint import canonical_json
from .log_read import LogRecord, read_log

SUFFIX = ".checkpoints"


def _crypto() -> Any:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:  # pragma: no cover - the audit extra is installed with the tests
        raise UsageError("signed checkpoints need the 'cryptography' package: pip install 'swf-rules[audit]'") \
            from None
    return ed25519, serialization, InvalidSignature


def default_path(log: str | Path) -> Path:
    p = Path(log)
    return p.with_name(p.name + SUFFIX)


def key_id(public_raw: bytes) -> str:
    return "ed25519:" + hashlib.sha256(public_raw).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- keys
def generate_keys(prefix: str | Path) -> tuple[Path, Path]:
    """Write ``PREFIX.key`` (private, PEM, readable by its owner only) and ``PREFIX.pub`` (public, PEM).
    Existing files are never overwritten."""
    ed25519, serialization, _ = _crypto()
    priv_path, pub_path = Path(f"{prefix}.key"), Path(f"{prefix}.pub")
    for p in (priv_path, pub_path):
        if p.exists():
            raise InputError([make_problem("output-exists", file=str(p))])
        if not p.parent.is_dir():
            raise InputError([make_problem("output-parent-missing", file=str(p), value=str(p.parent))])
    key = ed25519.Ed25519PrivateKey.generate()
    priv = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    fd = os.open(priv_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # a secret: owner only, whatever umask
    with os.fdopen(fd, "wb") as f:
        f.write(priv)
    fd = os.open(pub_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(pub)
    return priv_path, pub_path


def _load_key(path: str | Path, private: bool) -> Any:
    ed25519, serialization, _ = _crypto()
    from ..core.limits import MAX_KEY_BYTES, read_limited
    p = Path(path)
    data = read_limited(p, MAX_KEY_BYTES, InputError)
    try:
        key = (serialization.load_pem_private_key(data, password=None) if private
               else serialization.load_pem_public_key(data))
    except (ValueError, TypeError) as e:
        raise InputError([make_problem("log-key-unreadable", file=str(p), kind="private" if private else "public",
                                       detail=str(e).split("\n")[0][:160])]) from None
    want = ed25519.Ed25519PrivateKey if private else ed25519.Ed25519PublicKey
    if not isinstance(key, want):
        raise InputError([make_problem("log-key-unreadable", file=str(p), kind="private" if private else "public",
                                       detail="not an ed25519 key")])
    return key


def _public_raw(pub: Any) -> bytes:
    _, serialization, _ = _crypto()
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# ---------------------------------------------------------------------------------------------- signing
def sign(log: str | Path, seq: int, head: str, private_key: str | Path, checkpoints: str | Path | None = None,
         signer: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Sign record ``seq`` (hash ``head``) of ``log`` and append the checkpoint.  The caller checks the log first
    (:func:`swf_rules.audit.decision_log.checkpoint` refuses a log that does not verify)."""
    key = _load_key(private_key, private=True)
    at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    body: dict[str, Any] = {"log": Path(log).name, "seq": seq, "head": head,
                            "signed_at": at.isoformat().replace("+00:00", "Z"),
                            "key_id": key_id(_public_raw(key.public_key()))}
    if signer:
        body["signer"] = signer
    body["signature"] = base64.b64encode(key.sign(canonical_json(body))).decode("ascii")
    target = Path(checkpoints) if checkpoints else default_path(log)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        os.write(fd, canonical_json(body) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return body


# ---------------------------------------------------------------------------------------------- checking
@dataclass(frozen=True)
class Checkpoint:
    line: int
    data: dict[str, Any]


def read_checkpoints(path: str | Path) -> tuple[list[Checkpoint], list[Problem]]:
    p = Path(path)
    if not p.is_file():
        return [], []
    out, problems = [], []
    for r in read_log(p).records:
        if r.code is not None or r.data is None or not _shape_ok(r):
            problems.append(make_problem("log-checkpoint-unreadable", file=str(p), line=r.line, col=1,
                                         detail=r.error or "seq, head, key_id or signature is missing"))
        else:
            out.append(Checkpoint(r.line, r.data))
    return out, problems


def _shape_ok(r: LogRecord) -> bool:
    d = r.data or {}
    return (isinstance(d.get("seq"), int) and not isinstance(d.get("seq"), bool) and d["seq"] >= 1
            and all(isinstance(d.get(k), str) for k in ("head", "signature", "key_id", "signed_at")))


def check(log_records: list[LogRecord], checkpoints_path: str | Path, public_key: str | Path) -> list[Problem]:
    """Every checkpoint must carry a valid signature by ``public_key`` and match the log's record at its ``seq``."""
    _, _, InvalidSignature = _crypto()
    pub = _load_key(public_key, private=False)
    cps, problems = read_checkpoints(checkpoints_path)
    file = str(checkpoints_path)
    if not cps and not problems:
        return [make_problem("log-no-checkpoint", file=file)]
    by_seq: dict[int, LogRecord] = {}
    for r in log_records:
        if r.seq is not None and r.stored_hash is not None:
            by_seq.setdefault(r.seq, r)
    last_seq = max(by_seq, default=0)
    for cp in cps:
        body = {k: v for k, v in cp.data.items() if k != "signature"}
        try:
            pub.verify(base64.b64decode(cp.data["signature"], validate=True), canonical_json(body))
        except (InvalidSignature, ValueError):
            problems.append(make_problem("log-checkpoint-bad-signature", file=file, line=cp.line, col=1,
                                         value=cp.data["seq"], key=cp.data["key_id"]))
            continue
        seq, signed = cp.data["seq"], cp.data["head"]
        rec = by_seq.get(seq)
        if rec is None:
            problems.append(make_problem("log-cut-before-checkpoint", file=file, line=cp.line, col=1, value=seq,
                                         count=last_seq, signed_at=cp.data["signed_at"]))
        elif rec.stored_hash != signed:
            problems.append(make_problem("log-checkpoint-mismatch", file=file, line=cp.line, col=1, value=seq,
                                         log_line=rec.line, found=rec.stored_hash, expected=signed,
                                         signed_at=cp.data["signed_at"]))
    return problems


__all__ = ["Checkpoint", "SUFFIX", "check", "default_path", "generate_keys", "key_id", "read_checkpoints", "sign"]
