"""Hostile inputs to every command: only the project's own problems come out, never a traceback.

Every sub-command is read from the parser (``build_parser``), so a new command is fuzzed as soon as it is
registered: the commands below have a recipe (a valid invocation over small files), and a command without one gets
a generic invocation built from its arguments.  Each example copies the recipe's inputs into a fresh folder,
mutates one of them (its content: numbers of 30 or 5,000 digits, Thai digits, B.E. dates, truncation, growth past
the limits, other encodings, BOMs, control bytes, lines deleted or repeated, values replaced; or its path: a
folder, a missing file, a path under a file, ``/dev/zero``, a named pipe, an output where a file or folder already
is) and runs ``swf-rules`` in-process.  The only statuses accepted are 0, 1 and 2 (3 for ``log verify``); a
traceback, the internal-error status (70) or a ``system-error`` problem fails the test, and the failing input is
printed so that it can join ``tests/fuzz_corpus/`` (replayed by ``test_fuzz_corpus.py``).

``SWF_FUZZ_EXAMPLES=N`` runs N random examples per command (default: a fixed, derandomized few seconds' worth
each, for CI).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import importlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swf_rules.cli.main import build_parser, main

EXIT_INTERNAL = getattr(importlib.import_module("swf_rules.cli.main"), "EXIT_INTERNAL", 70)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("SWF_FUZZ_EXAMPLES", "0"))
TRIED: dict[str, int] = {}
SLOWEST: list[tuple[float, str, str]] = []


# ---------------------------------------------------------------------------------------------- running
@dataclass
class Run:
    status: int
    out: str
    err: str


def run(argv: list[str]) -> Run:
    """``swf-rules argv`` in-process, its stdout and stderr captured as real text streams (with ``.buffer``)."""
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(argv)
    except SystemExit as e:  # not expected of main(), which returns its status; kept for older versions
        status = e.code if isinstance(e.code, int) else 1
    except BaseException:  # an exception out of main() is the failure this test looks for
        traceback.print_exc(file=err)
        status = EXIT_INTERNAL
    finally:
        sys.stdout, sys.stderr = saved
    texts = []
    for s in (out, err):
        s.flush()
        texts.append(s.buffer.getvalue().decode("utf-8", errors="replace"))  # type: ignore[attr-defined]
    return Run(status, *texts)


def run_isolated(argv: list[str], seconds: int = 60, memory: int = 2 << 30) -> Run:
    """``swf-rules argv`` in a child process with a time and memory limit: a hang or an exhausted memory is a
    failure too (used to record the corpus against old versions, which had both)."""
    import resource
    import subprocess

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    code = "import sys; from swf_rules.cli.main import main; sys.exit(main(sys.argv[1:]))"
    try:
        p = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, timeout=seconds,
                           preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return Run(EXIT_INTERNAL, "", f"timed out after {seconds} s (a hang)")
    except ValueError as e:  # a NUL byte in an argument cannot even be passed to a child
        return Run(2, "", str(e))
    err = p.stderr.decode("utf-8", "replace")
    status = p.returncode if p.returncode >= 0 else EXIT_INTERNAL
    if p.returncode < 0 or "MemoryError" in err:
        err += f"\nkilled or out of memory (status {p.returncode})"
        status = EXIT_INTERNAL
    return Run(status, p.stdout.decode("utf-8", "replace"), err)


def allowed(command: str) -> set[int]:
    return {0, 1, 2, 3} if command == "log verify" else {0, 1, 2}


def assert_own_problems(command: str, argv: list[str], r: Run, what: str) -> None:
    """The property: an accepted status, no traceback, no internal error, no system error leaking through."""
    report = f"{what}\nargv: {argv}\nstatus {r.status}\nstdout: {r.out[-2000:]}\nstderr: {r.err[-4000:]}"
    assert r.status != EXIT_INTERNAL, report
    assert r.status in allowed(command), report
    assert "Traceback (most recent call last)" not in r.err + r.out, report
    assert " system-error " not in r.err + r.out, report


# ---------------------------------------------------------------------------------------------- base files
@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small valid inputs for every command, made once (chamung, a swf-rules/1 regulation)."""
    return make_base(tmp_path_factory.mktemp("fuzz-base"), ROOT / "regulations" / "chamung.yaml",
                     ROOT / "regulations" / "cases" / "chamung.cases.yaml", ROOT / "examples", "chamung")


V2 = ROOT / "tests" / "fuzz_v2"  # a synthetic swf-rules/2 regulation using every construct of version 2


@pytest.fixture(scope="module")
def base_v2(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same inputs for a swf-rules/2 regulation (schedules, levies, groups, refunds, payees, amendments...)."""
    return make_base(tmp_path_factory.mktemp("fuzz-base-v2"), V2 / "nong-phai.yaml", V2 / "nong-phai.cases.yaml", V2,
                     "nong-phai")


def make_base(d: Path, regulation: Path, cases_file: Path, examples: Path, fund: str) -> dict[str, Path]:
    """The regulation, its cases, a member and a claim (``examples``), a synthetic population and books, a signed
    decision log and an event stream, in ``d``."""
    files: dict[str, Path] = {}
    reg = d / regulation.name
    shutil.copy(regulation, reg)
    files["regulation"] = reg
    regdir = d / "regs"
    regdir.mkdir()
    shutil.copy(reg, regdir / reg.name)
    files["regdir"] = regdir
    shutil.copy(examples / "member.json", d / "member.json")
    shutil.copy(examples / "claim.json", d / "claim.json")
    files["member"], files["claim"] = d / "member.json", d / "claim.json"
    assert run(["synth", "--regulation", str(reg), "--seed", "3", "--members", "12", "--years", "3",
                "--start", "2020-10-01", "--out", str(d / "pop")]).status == 0
    files["members"], files["claims"] = d / "pop" / "members.json", d / "pop" / "claims.json"
    assert run(["synth", "--regulation", str(reg), "--seed", "3", "--members", "12", "--years", "3",
                "--start", "2020-10-01", "--ledger", "--plant", "overpaid_stay=1", "--out",
                str(d / "books")]).status == 0
    (d / "books" / "ledger.yaml").write_text(f"fund: {fund}\n", encoding="utf-8")
    files["ledger"] = d / "books"
    log = d / "decisions.jsonl"
    assert run(["log", "append", "--log", str(log), "--regulation", str(reg), "--member", str(files["member"]),
                "--claim", str(files["claim"])]).status == 0
    files["log"] = log
    assert run(["log", "keygen", "--out", str(d / "committee")]).status == 0
    files["private"], files["public"] = d / "committee.key", d / "committee.pub"
    assert run(["log", "checkpoint", str(log), "--key", str(files["private"])]).status == 0
    files["checkpoints"] = d / "decisions.jsonl.checkpoints"
    cases = d / cases_file.name
    text = cases_file.read_text(encoding="utf-8")
    cases.write_text(re.sub(r"^regulation: .*$", f"regulation: {reg.name}", text, count=1, flags=re.M),
                     encoding="utf-8")
    files["cases"] = cases
    events = d / "events.jsonl"
    shutil.copy(ROOT / "examples" / "events.jsonl", events)
    files["events"] = events
    approved = d / "approved.jsonl"  # the log with the committee's approval of its claim (vouchers, approvals)
    shutil.copy(log, approved)
    assert run(["approve", "--log", str(approved), "--claim-id", "c-0107", "--action", "approve", "--meeting",
                "3/2567", "--meeting-date", "be:2567-03-05", "--approver", "A"]).status == 0
    files["approved"] = approved
    return files


# ---------------------------------------------------------------------------------------------- recipes
# A recipe: (inputs it reads, outputs it writes, argv builder).  ``f`` maps an input or output name to its path
# in the example's folder.  Outputs are named out_file:* or out_dir:* (mutated as paths only).
Recipe = tuple[tuple[str, ...], tuple[str, ...], Callable[[dict[str, str]], list[str]]]

RECIPES: dict[str, Recipe] = {
    "validate": (("regulation",), (), lambda f: ["validate", f["regulation"]]),
    "show": (("regulation",), (), lambda f: ["show", f["regulation"], "--as-of", "be:2567-01-01"]),
    "list": (("regdir",), (), lambda f: ["list", "--dir", f["regdir"]]),
    "evaluate": (("regulation", "member", "claim"), (),
                 lambda f: ["evaluate", f["regulation"], "--member", f["member"], "--claim", f["claim"], "--lang",
                            "th"]),
    "explain": (("regulation", "member", "claim"), (),
                lambda f: ["explain", f["regulation"], "--member", f["member"], "--claim", f["claim"]]),
    "schemas": ((), ("out_dir:schemas",), lambda f: ["schemas", "--out", f["out_dir:schemas"]]),
    "replay": (("regdir", "ledger"), ("out_dir:findings",),
               lambda f: ["replay", "--regulations", f["regdir"], "--ledger", f["ledger"], "--out",
                          f["out_dir:findings"]]),
    "status": (("regdir", "ledger"), (),
               lambda f: ["status", "--regulations", f["regdir"], "--ledger", f["ledger"], "--as-of", "2023-09-30"]),
    "log append": (("regulation", "member", "claim", "log"), (),  # --log is read and written: its path is fuzzed
                   lambda f: ["log", "append", "--log", f["log"], "--regulation", f["regulation"], "--member",
                              f["member"], "--claim", f["claim"]]),
    "log verify": (("log", "public", "checkpoints"), (),
                   lambda f: ["log", "verify", f["log"], "--key", f["public"], "--checkpoints", f["checkpoints"]]),
    "log head": (("log",), (), lambda f: ["log", "head", f["log"]]),
    "log repair": (("log",), (), lambda f: ["log", "repair", f["log"]]),
    "log checkpoint": (("log", "private"), ("out_file:checkpoints",),
                       lambda f: ["log", "checkpoint", f["log"], "--key", f["private"], "--checkpoints",
                                  f["out_file:checkpoints"]]),
    "log keygen": ((), ("out_file:prefix",), lambda f: ["log", "keygen", "--out", f["out_file:prefix"]]),
    "reproduce": (("log", "regdir"), (), lambda f: ["reproduce", f["log"], "--regulations", f["regdir"]]),
    "synth": (("regulation",), ("out_dir:fund",),
              lambda f: ["synth", "--regulation", f["regulation"], "--seed", "1", "--members", "3", "--years", "1",
                         "--start", "2020-10-01", "--ledger", "--out", f["out_dir:fund"]]),
    "test": (("cases", "regulation"), (), lambda f: ["test", f["cases"]]),
    "lint": (("regulation",), (), lambda f: ["lint", f["regulation"]]),
    "check": (("regulation",), ("out_file:save",),
              lambda f: ["check", f["regulation"], "--examples", "2", "--seed", "1", "--cases", f["cases"],
                         "--save", f["out_file:save"]]),
    "impact": (("regulation", "members", "claims"), ("out_dir:impact",),
               lambda f: ["impact", f["regulation"], f["regulation"], "--members", f["members"], "--claims",
                          f["claims"], "--out", f["out_dir:impact"]]),
    "render": (("regulation",), ("out_file:doc",),
               lambda f: ["render", f["regulation"], "--format", "html", "--out", f["out_file:doc"]]),
    "watch": (("regulation", "events"), ("out_file:notices",),
              lambda f: ["watch", "--regulation", f["regulation"], "--events", f["events"], "--out",
                         f["out_file:notices"]]),
    "review": (("regdir", "ledger"), (),
               lambda f: ["review", "--regulations", f["regdir"], "--ledger", f["ledger"], "--as-of", "2023-09-30",
                          "--lang", "th"]),
    "statement": (("regdir", "ledger"), (),
                  lambda f: ["statement", "--regulations", f["regdir"], "--ledger", f["ledger"], "--as-of",
                             "2023-09-30", "--all", "--format", "csv"]),
    "committee-review": (("regdir", "ledger"), (),
                         lambda f: ["committee-review", "--regulations", f["regdir"], "--ledger", f["ledger"],
                                    "--as-of", "2023-09-30", "--format", "json"]),
    "project": (("regdir", "ledger"), ("out_dir:projection",),
                lambda f: ["project", "--regulations", f["regdir"], "--ledger", f["ledger"], "--as-of",
                           "2023-09-30", "--years", "3", "--simulations", "20", "--seed", "1", "--out",
                           f["out_dir:projection"]]),
    "import": (("ledger",), ("out_dir:imported",),
               lambda f: ["import", f["ledger"], "--out", f["out_dir:imported"], "--format", "json"]),
    "template-book": ((), ("out_file:template.xlsx",),
                      lambda f: ["template-book", "--out", f["out_file:template.xlsx"], "--lang", "th"]),
    "approve": (("log",), (), lambda f: ["approve", "--log", f["log"], "--claim-id", "c-0107", "--action", "reduce",
                                         "--amount", "100", "--reason", "x", "--meeting", "3/2567", "--meeting-date",
                                         "be:2567-03-05", "--approver", "A", "--lang", "th"]),
    "approvals": (("approved",), (), lambda f: ["approvals", "--log", f["approved"], "--lang", "th"]),
    "voucher": (("approved", "regdir"), ("out_file:vouchers.html",),
                lambda f: ["voucher", "--log", f["approved"], "--regulations", f["regdir"], "--format", "html",
                           "--out", f["out_file:vouchers.html"]]),
    "annual-report": (("regdir", "ledger", "approved"), ("out_file:annual.html",),
                      lambda f: ["annual-report", "--regulations", f["regdir"], "--ledger", f["ledger"],
                                 "--fiscal-year", "2566", "--log", f["approved"], "--years", "2", "--simulations",
                                 "5", "--format", "html", "--out", f["out_file:annual.html"]]),
    # ``serve`` builds its workspace and app from the hostile folders, then stops where it would listen
    # (``uvicorn.run`` is replaced for the test: see ``no_listening``)
    "serve": (("regdir", "ledger"), (),
              lambda f: ["serve", "--regulations", f["regdir"], "--books", f["ledger"], "--port", "8765"]),
}
# ``check`` needs the cases file next to the regulation; the recipe reads it but it is not mutated there
RECIPES["check"] = (("regulation", "cases"), RECIPES["check"][1], RECIPES["check"][2])
# the checkpoint file lives beside the log by default: keep the copy's name
COPY_AS = {"log": "decisions.jsonl", "approved": "approved.jsonl",
           "checkpoints": "decisions.jsonl.checkpoints", "private": "committee.key", "public": "committee.pub"}


def commands(parser: argparse.ArgumentParser | None = None, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    """Every runnable sub-command of the parser (``log append`` and the like for nested groups)."""
    parser = parser or build_parser()
    out: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = commands(sub, f"{prefix}{name} ")
                out.update(nested or {f"{prefix}{name}": sub})
    return out


COMMANDS = commands()


def generic_recipe(sub: argparse.ArgumentParser) -> Recipe:
    """A recipe for a command nobody wrote one for: each positional and required option gets an input chosen by
    its name (a regulation by default), or a valid value for typed options."""
    inputs: list[str] = []
    parts: list[tuple[str | None, str]] = []
    for a in sub._actions:
        if isinstance(a, argparse._HelpAction) or not (not a.option_strings or a.required):
            continue
        flag = a.option_strings[0] if a.option_strings else None
        key = _input_for(a)
        if a.choices:
            parts.append((flag, "=" + str(list(a.choices)[0])))
        elif a.type is not None and getattr(a.type, "__name__", "") in ("parse_date_arg",):
            parts.append((flag, "=2024-01-01"))
        elif a.type is not None:
            parts.append((flag, "=1"))
        else:
            inputs.append(key)
            parts.append((flag, key))

    def argv(f: dict[str, str], _parts: list[tuple[str | None, str]] = parts) -> list[str]:
        out: list[str] = []
        for flag, what in _parts:
            if flag:
                out.append(flag)
            out.append(what[1:] if what.startswith("=") else f[what])
        return out

    name = sub.prog.split(" ", 1)[1].split()
    return tuple(dict.fromkeys(inputs)), (), lambda f: name + argv(f)  # type: ignore[return-value]


def _input_for(a: argparse.Action) -> str:
    text = f"{a.dest} {a.metavar or ''}".lower()
    for word, key in (("member", "members" if "members" in text else "member"), ("claim", "claim"),
                      ("event", "events"), ("ledger", "ledger"), ("regulations", "regdir"), ("log", "log"),
                      ("case", "cases"), ("key", "private"), ("dir", "regdir")):
        if word in text:
            return key
    return "regulation"


def recipe(command: str) -> Recipe:
    return RECIPES.get(command) or generic_recipe(COMMANDS[command])


# ---------------------------------------------------------------------------------------------- mutations
HUGE = [b"9" * 30, b"1" * 5000, b"-" + b"9" * 25, b"1e999999", b"1e-999999", b"0." + b"0" * 40 + b"1",
        "๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙".encode(), b"18446744073709551616", b"0x" + b"f" * 40, b"1_000_000_000_000_000",
        b"NaN", b"-0", b"1e3", b"00000000000000000000001"]
CONTROL = [b"\x00", b"\x1b[31m", b"\r", b"\t", b"\x7f", b"\xc2\x85", b"\xe2\x80\xae", b"\xef\xbb\xbf"]
VALUES = [b"null", b"[]", b"{}", b"true", b'""', b'"' + b"x" * 3000 + b'"', b"-1", b"0", b"[[[[[[[[[[]]]]]]]]]]",
          b"*a", b"&a [*a, *a]", b"!!python/object:os.system", b"2567-02-30", b"be:2567-01-01"]


def _pick(data: st.DataObject, items: list, label: str):  # type: ignore[no-untyped-def, type-arg]
    return items[data.draw(st.integers(0, len(items) - 1), label=label)] if items else None


def m_number(data: st.DataObject, raw: bytes) -> bytes:
    runs = [m.span() for m in re.finditer(rb"\d+", raw)]
    span = _pick(data, runs, "digits")
    if span is None:
        return raw + data.draw(st.sampled_from(HUGE))
    return raw[:span[0]] + data.draw(st.sampled_from(HUGE), label="number") + raw[span[1]:]


def m_thai_digits(data: st.DataObject, raw: bytes) -> bytes:
    text = raw.decode("utf-8", errors="replace")
    i = data.draw(st.integers(0, max(len(text) - 1, 0)), label="from")
    return (text[:i] + text[i:i + 400].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) + text[i + 400:]
            ).encode("utf-8")


def m_buddhist_dates(data: st.DataObject, raw: bytes) -> bytes:
    shift = data.draw(st.sampled_from([543, -543, 8000, -2000]), label="years")
    return re.sub(rb"\b(1[89]\d\d|2[05]\d\d)(-\d\d)", lambda m: str(int(m.group(1)) + shift).encode() + m.group(2),
                  raw)


def m_truncate(data: st.DataObject, raw: bytes) -> bytes:
    return raw[:data.draw(st.integers(0, len(raw)), label="cut")]


def m_grow(data: st.DataObject, raw: bytes) -> bytes:
    kind = data.draw(st.sampled_from(["repeat", "past-limit", "long-line"]), label="grow")
    if kind == "repeat":
        return raw * data.draw(st.integers(2, 20), label="times")
    if kind == "past-limit":  # past the regulation limit (2 MiB) and the line limit (1 MiB)
        return raw + b"#" * (2 * 1024 * 1024 + 10) + b"\n"
    i = data.draw(st.integers(0, len(raw)), label="at")
    return raw[:i] + b"x" * (1024 * 1024 + 10) + raw[i:]


def m_encoding(data: st.DataObject, raw: bytes) -> bytes:
    text = raw.decode("utf-8", errors="replace")
    enc = data.draw(st.sampled_from(["utf-16", "utf-16-be", "cp874", "latin-1", "bom", "bad-byte", "utf-32"]),
                    label="encoding")
    if enc == "bom":
        return b"\xef\xbb\xbf" + raw
    if enc == "bad-byte":
        i = data.draw(st.integers(0, len(raw)), label="at")
        return raw[:i] + b"\xff\xfe\xc3" + raw[i:]
    return text.encode(enc, errors="replace")


def m_control(data: st.DataObject, raw: bytes) -> bytes:
    quotes = [m.end() for m in re.finditer(rb'"', raw)] or [0]
    i = data.draw(st.sampled_from(quotes), label="after quote") if data.draw(st.booleans(), label="in text") else \
        data.draw(st.integers(0, len(raw)), label="at")
    return raw[:i] + data.draw(st.sampled_from(CONTROL), label="control") + raw[i:]


def m_lines(data: st.DataObject, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    i = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
    how = data.draw(st.sampled_from(["delete", "repeat", "swap", "crlf"]), label="lines")
    if how == "delete":
        del lines[i]
    elif how == "repeat":
        lines.insert(i, lines[i])
    elif how == "swap" and len(lines) > 1:
        j = data.draw(st.integers(0, len(lines) - 1), label="with")
        lines[i], lines[j] = lines[j], lines[i]
    else:
        return raw.replace(b"\n", b"\r\n")
    return b"\n".join(lines)


def m_value(data: st.DataObject, raw: bytes) -> bytes:
    spans = [m.span(1) for m in re.finditer(rb'(?::|,)\s*("[^"\n]*"|[-\w.]+|\[[^\]\n]*\])', raw)]
    span = _pick(data, spans, "value")
    if span is None:
        return raw
    return raw[:span[0]] + data.draw(st.sampled_from(VALUES), label="new value") + raw[span[1]:]


def m_empty(data: st.DataObject, raw: bytes) -> bytes:
    return data.draw(st.sampled_from([b"", b"\n", b"{}", b"[]", b"null", b"\xef\xbb\xbf", b"---\n---\n"]),
                     label="empty")


CONTENT = [m_number, m_thai_digits, m_buddhist_dates, m_truncate, m_grow, m_encoding, m_control, m_lines, m_value,
           m_empty]
PATHS = ["missing", "folder", "under-a-file", "dev-null", "dev-zero", "fifo", "nul-in-name", "long-name"]
OUT_PATHS = ["existing-file", "existing-folder", "under-a-file", "missing-parent"]


def mutate_path(how: str, where: Path, is_dir: bool) -> str:
    if how == "missing":
        return str(where.parent / "does-not-exist" / where.name)
    if how == "folder":
        d = where.parent / "a-folder"
        d.mkdir(exist_ok=True)
        return str(d)
    if how == "under-a-file":
        f = where.parent / "plain.txt"
        f.write_text("x", encoding="utf-8")
        return str(f / where.name)
    if how == "dev-null":
        return os.devnull
    if how == "dev-zero":
        return "/dev/zero"
    if how == "fifo":
        p = where.parent / "pipe"
        if not p.exists():
            os.mkfifo(p)
        return str(p)
    if how == "nul-in-name":
        return str(where) + "\x00x"
    if how == "long-name":
        return str(where.parent / ("n" * 300))
    if how == "existing-file":
        f = where.parent / "exists.txt"
        f.write_text("x", encoding="utf-8")
        return str(f)
    if how == "existing-folder":
        d = where.parent / "exists-dir"
        d.mkdir(exist_ok=True)
        return str(d)
    if how == "missing-parent":
        return str(where.parent / "no-such-folder" / where.name)
    raise AssertionError(how)


def content_target(path: Path, data: st.DataObject) -> Path:
    """The file to mutate: the path itself, or one of the files in a folder input (ledger, regulations)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
        return files[data.draw(st.integers(0, len(files) - 1), label="file")]
    return path


# ---------------------------------------------------------------------------------------------- the test
def prepare(base: dict[str, Path], inputs: tuple[str, ...], outputs: tuple[str, ...], ex: Path) -> dict[str, str]:
    f: dict[str, str] = {}
    for name in set(inputs) | {"cases", "regulation"} if "cases" in inputs else set(inputs):
        src = base[name]
        dst = ex / COPY_AS.get(name, src.name)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy(src, dst)
        f[name] = str(dst)
    for name in outputs:
        f[name] = str(ex / name.split(":", 1)[1])
    if "cases" in f:  # the cases file names the regulation beside it
        f.setdefault("regulation", str(ex / base["regulation"].name))
    return f


@dataclass
class Case:
    """One hostile input: which input of which command, and what was done to it (its new content, or a path)."""

    command: str
    target: str = ""  # an input or output name of the recipe ("" for no mutation)
    file: str = ""  # the file changed, relative to the target when the target is a folder
    mutation: str = "none"
    content: bytes | None = None
    path: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"command": self.command, "target": self.target, "file": self.file,
                                  "mutation": self.mutation, "path": self.path, "content": None}
        if self.content is not None:
            try:
                text = self.content.decode("utf-8")
                ok = len(text) <= 20000 and (text.isprintable() or not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text))
            except UnicodeDecodeError:
                ok = False
            out["content"] = {"text": text} if ok else \
                {"gzip_base64": base64.b64encode(gzip.compress(self.content, mtime=0)).decode("ascii")}
        return out

    @classmethod
    def from_json(cls, d: dict) -> "Case":  # type: ignore[type-arg]
        content = d.get("content")
        raw = None
        if content is not None:
            raw = content["text"].encode("utf-8") if "text" in content else \
                gzip.decompress(base64.b64decode(content["gzip_base64"]))
        return cls(d["command"], d["target"], d["file"], d["mutation"], raw, d.get("path"))


def draw_case(command: str, f: dict[str, str], data: st.DataObject) -> Case:
    inputs, outputs, _ = recipe(command)
    targets = list(inputs) + list(outputs)
    if not targets:
        return Case(command)
    target = targets[data.draw(st.integers(0, len(targets) - 1), label="target")]
    if target.startswith("out_"):
        return Case(command, target, mutation="output path", path=data.draw(st.sampled_from(OUT_PATHS), label="out"))
    if data.draw(st.integers(0, 4), label="path or content") == 0:
        return Case(command, target, mutation="input path", path=data.draw(st.sampled_from(PATHS), label="path"))
    p = content_target(Path(f[target]), data)
    m = data.draw(st.sampled_from(CONTENT), label="mutation")
    rel = p.name if Path(f[target]).is_dir() else ""
    return Case(command, target, rel, m.__name__, m(data, p.read_bytes()))


def apply_case(case: Case, f: dict[str, str]) -> None:
    if case.path is not None:
        f[case.target] = mutate_path(case.path, Path(f[case.target]), case.target.startswith("out_dir"))
    elif case.content is not None:
        p = Path(f[case.target]) / case.file if case.file else Path(f[case.target])
        p.write_bytes(case.content)


def run_case(case: Case, base: dict[str, Path], data: st.DataObject | None = None
             ) -> tuple[Case, list[str], Run, Path]:
    """Prepare the command's inputs in a fresh folder, apply the case (drawn now when ``data`` is given), run."""
    inputs, outputs, argv_of = recipe(case.command)
    ex = Path(tempfile.mkdtemp(prefix="ex-", dir=str(base["regulation"].parent)))
    f = prepare(base, inputs, outputs, ex)
    if data is not None:
        case = draw_case(case.command, f, data)
    apply_case(case, f)
    argv = argv_of(f)
    t0 = time.perf_counter()
    r = run_isolated(argv) if RECORD else run(argv)
    SLOWEST.append((time.perf_counter() - t0, case.command, f"{case.target} {case.file} {case.mutation} "
                                                               f"{case.path or ''}"))
    return case, argv, r, ex


RECORD = os.environ.get("SWF_FUZZ_RECORD")  # a folder: failing cases are saved there instead of failing


def fuzz_one(command: str, base: dict[str, Path], data: st.DataObject) -> None:
    case, argv, r, ex = run_case(Case(command), base, data)
    try:
        TRIED[command] = TRIED.get(command, 0) + 1
        what = f"{case.target} {case.file}: {case.mutation} {case.path or ''}"
        if RECORD:
            try:
                assert_own_problems(command, argv, r, what)
            except AssertionError:
                name = f"{command.replace(' ', '-')}-{case.target.replace(':', '-')}-{case.mutation}-" \
                       f"{hashlib.sha256(repr(case).encode()).hexdigest()[:8]}.json"
                Path(RECORD, name).write_text(json.dumps(case.to_json(), ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
            return
        assert_own_problems(command, argv, r, what)
    finally:
        shutil.rmtree(ex, ignore_errors=True)


SERVED: list[object] = []


def no_listening(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` would listen forever: the fuzz test keeps everything up to that point (arguments, the workspace
    read from the hostile folders, the app) and records the app instead of serving it."""
    try:
        import uvicorn
    except ImportError:  # without the web extra ``serve`` refuses with a usage problem
        return
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: SERVED.append(app))


DEFAULT_EXAMPLES = {"check": 3, "test": 12, "synth": 8, "impact": 10, "replay": 15, "status": 15, "list": 10}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_hostile_inputs(command: str, base: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWF_RULES_DEBUG", "1")  # a failure shows the traceback in the report
    no_listening(monkeypatch)
    n = EXAMPLES or DEFAULT_EXAMPLES.get(command, 25)

    @settings(max_examples=n, deadline=None, derandomize=not EXAMPLES, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        fuzz_one(command, base, data)

    fuzz()


V2_EXAMPLES = 6  # per command, on the swf-rules/2 regulation (the version-1 run above is the longer one)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_hostile_inputs_v2(command: str, base_v2: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same property over inputs in language version 2: its regulation, member history (levies,
    beneficiaries), claim (the person it is about), cases, population, books and decision log."""
    monkeypatch.setenv("SWF_RULES_DEBUG", "1")
    no_listening(monkeypatch)

    @settings(max_examples=EXAMPLES or V2_EXAMPLES, deadline=None, derandomize=not EXAMPLES, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        fuzz_one(command, base_v2, data)

    fuzz()


def test_the_v2_inputs_are_valid(base_v2: dict[str, Path]) -> None:
    """Unmutated, the swf-rules/2 inputs decide, pass their cases and replay: the fuzz starts from valid files."""
    f = {k: str(v) for k, v in base_v2.items()}
    r = run(["evaluate", f["regulation"], "--member", f["member"], "--claim", f["claim"]])
    assert (r.status, json.loads(r.out)["amount"], json.loads(r.out)["person"]["id"]) == (0, "500", "c-2")
    r = run(["test", f["cases"]])
    assert (r.status, r.out.splitlines()[-1]) == (0, "8 passed, 0 failed in 1 file")
    r = run(["replay", "--regulations", f["regdir"], "--ledger", f["ledger"]])  # the planted overpaid stay is found
    assert (r.status, r.out.splitlines()[-2].split()) == (0, ["total", "2", "1", "1", "0", "0", "0", "0", "0", "0",
                                                            "1600", "1400", "200", "0"])


def test_every_command_is_fuzzed() -> None:
    """Every command of the parser has a recipe (hand-written, or built from its arguments for a command added
    since) whose invocation the parser accepts, and no recipe names a command that is gone."""
    assert sorted(set(RECIPES) - set(COMMANDS)) == []
    fake = {k: f"/x/{k}" for k in ("regulation", "regdir", "member", "claim", "members", "claims", "ledger", "log",
                                   "public", "private", "checkpoints", "cases", "events", "out_dir:schemas",
                                   "out_dir:findings", "out_file:log", "out_file:checkpoints", "out_file:prefix",
                                   "out_dir:fund", "out_file:save", "out_dir:impact", "out_file:doc",
                                   "out_file:notices", "out_dir:projection", "out_dir:imported", "out_file:template.xlsx",
                                   "approved", "out_file:vouchers.html", "out_file:annual.html")}
    parser = build_parser()
    for name in COMMANDS:
        args = parser.parse_args(recipe(name)[2](fake))
        assert callable(args.handler), name


def test_a_new_command_gets_a_generic_recipe() -> None:
    inputs, outputs, argv_of = generic_recipe(COMMANDS["evaluate"])
    # --member is optional since non-members' benefits (language v2): only the required inputs are fuzzed
    assert inputs == ("regulation", "claim")
    assert argv_of({"regulation": "R", "claim": "C"}) == ["evaluate", "R", "--claim", "C"]


def test_zz_examples_tried() -> None:
    """How many hostile inputs ran (printed with ``-s``); every command ran at least one."""
    print(f"\nfuzz: {sum(TRIED.values())} hostile inputs over {len(TRIED)} commands: {dict(sorted(TRIED.items()))}")
    for t, command, what in sorted(SLOWEST, reverse=True)[:8]:
        print(f"  {t:6.2f}s {command}: {what}")
    if TRIED:
        assert sorted(TRIED) == sorted(COMMANDS)


# ---------------------------------------------------------------------------------------------- the corpus
CORPUS_DIR = ROOT / "tests" / "fuzz_corpus"
CORPUS = sorted(CORPUS_DIR.glob("*.json"))
UPDATE = os.environ.get("SWF_FUZZ_CORPUS_UPDATE") == "1"  # rewrite each case's "expect" (review the diff)
_PROBLEM_LINE = re.compile(r"^\s*(\S+) ([a-z0-9-]+) ")


def problems_of(r: Run, ex: Path) -> list[list[str]]:
    """``[where, code]`` of every problem printed, paths relative to the example's folder."""
    from swf_rules.core.errors import CATALOG
    out = []
    for line in (r.out + r.err).splitlines():
        m = _PROBLEM_LINE.match(line)
        if m and m.group(2) in CATALOG:
            out.append([m.group(1).replace(f"{ex}/", ""), m.group(2)])
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_fuzz_corpus(path: Path, base: dict[str, Path]) -> None:
    """Inputs that once made swf-rules print a traceback, hang or lose its way (found by the search above, run
    against the code before issue 11): each now gives exactly the recorded status and problems."""
    data = json.loads(path.read_text(encoding="utf-8"))
    case, argv, r, ex = run_case(Case.from_json(data), base)
    try:
        assert_own_problems(case.command, argv, r, f"{path.name}: {case}")
        got = {"status": r.status, "problems": problems_of(r, ex)}
        if UPDATE:
            data["expect"] = got
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        assert got == data["expect"]
    finally:
        shutil.rmtree(ex, ignore_errors=True)


def test_the_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 20
