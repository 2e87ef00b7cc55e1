"""Issue 11 section 1: no traceback and no hang for any input -- each case the issue lists, with exact codes and
locations.  (The hypothesis-driven search over every command is tests/test_cli_fuzz.py.)"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from swf_rules.audit import find_regulation
from swf_rules.books import read_ledger
from swf_rules.cli import main
from swf_rules.cli.main import EXIT_BROKEN_PIPE, EXIT_INTERNAL, build_parser
from swf_rules.core.errors import InputError, RegulationError
from swf_rules.core.history import load_claim, load_member, parse_member
from swf_rules.core.limits import MAX_NODES, BoundedLines, read_limited
from swf_rules.core.validate import load_regulation, load_regulation_text

ROOT = Path(__file__).resolve().parents[1]
CLI = importlib.import_module("swf_rules.cli.main")  # the module (the package's ``main`` is the function)
CHAMUNG = ROOT / "regulations" / "chamung.yaml"
MEMBER = json.loads((ROOT / "examples" / "member.json").read_text(encoding="utf-8"))
CLAIM = json.loads((ROOT / "examples" / "claim.json").read_text(encoding="utf-8"))


def codes(e: pytest.ExceptionInfo) -> list[tuple]:  # type: ignore[type-arg]
    return [(Path(p.file).name if p.file else None, p.line, p.col, p.json_path, p.code) for p in e.value.problems]


# ---------------------------------------------------------------------------------------------- numbers
def test_a_30_digit_amount_in_a_member_history_is_refused_where_it_is_written(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "member.json").read_text(encoding="utf-8")
    bad = text.replace('"amount": "30"', '"amount": 123456789012345678901234567890', 1)
    (tmp_path / "m.json").write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_member(tmp_path / "m.json")
    assert codes(e) == [("m.json", 15, 14, "$", "number-too-large")]
    assert e.value.problems[0].message_en == ("the number 123456789012345678901234… (30 characters) has more digits "
                                              "than swf-rules reads (at most 18 before and after the point)")


def test_money_above_the_regulations_bound_is_refused_in_histories() -> None:
    m = {**MEMBER, "contributions": [{**MEMBER["contributions"][0], "amount": "1" + "0" * 27}]}
    with pytest.raises(InputError) as e:
        parse_member(m)
    assert codes(e) == [(None, None, None, "$.contributions[0].amount", "out-of-range")]
    assert e.value.problems[0].message_en == ("value 1000000000000000000000000000 is out of range: an amount of "
                                              "money must be below 1,000,000,000,000 baht")
    ok = {**MEMBER, "contributions": [{**MEMBER["contributions"][0], "amount": "999999999999.99"}]}
    assert str(parse_member(ok).contributions[0].amount) == "999999999999.99"
    payout = {**MEMBER["payouts"][0], "amount": "1000000000000"}
    with pytest.raises(InputError) as e:
        parse_member({**MEMBER, "payouts": [payout]})
    assert codes(e) == [(None, None, None, "$.payouts[0].amount", "out-of-range")]


def test_a_4300_digit_integer_in_a_claim(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({**CLAIM, "units": 0}).replace('"units": 0', '"units": ' + "7" * 5000),
                                     encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_claim(tmp_path / "c.json")
    assert codes(e) == [("c.json", 1, 161, "$", "number-too-large")]


@pytest.mark.parametrize("number", ["1" * 5000, "9" * 19, "0x" + "f" * 40, "1.5e+999999", "0." + "0" * 40 + "1"])
def test_absurd_numbers_in_a_regulation(number: str) -> None:
    text = CHAMUNG.read_text(encoding="utf-8").replace("grace_days: 0", f"grace_days: {number}", 1)
    with pytest.raises(RegulationError) as e:
        load_regulation_text(text, file="r.yaml")
    assert codes(e) == [("r.yaml", 31, 19, "$.versions[0].membership.grace_days", "number-too-large")]


def test_a_4300_digit_integer_in_a_ledger_cell_is_one_located_problem(tmp_path: Path) -> None:
    from test_audit_ledger import CONTRIBUTIONS, MEMBERS, PAYOUTS, write
    payouts = PAYOUTS.replace("2016-08-12,2,", "2016-08-12," + "9" * 5000 + ",")
    contributions = CONTRIBUTIONS.replace("M1,2016-02-05,30,", "M1,2016-02-05," + "1" * 40 + ",")
    with pytest.raises(InputError) as e:
        read_ledger(write(tmp_path, MEMBERS, contributions, payouts))
    assert codes(e) == [("contributions.csv", 3, 3, "$", "out-of-range"),
                        ("payouts.csv", 2, 8, "$", "number-too-large")]


def test_a_4300_digit_integer_in_an_event_line() -> None:
    from swf_rules.events import read_stream
    lines = ['{"type": "birth", "member_id": "m1", "date": "2024-01-01", "children": ' + "3" * 5000 + '}',
             '{"type": "instalment", "member_id": "m1", "date": "2024-01-01", "amount": "' + "3" * 40 +
             '", "covers": "2024-01"}']
    items = list(read_stream(lines, file="e.jsonl"))
    # located at the number itself, or (a field's own check) at the field's key, as every event problem is
    assert [(p.line, p.col, p.code) for i in items for p in i.problems] == [(1, 72, "number-too-large"),
                                                                           (2, 65, "out-of-range")]


# ---------------------------------------------------------------------------------------------- sizes
def test_validate_dev_zero_is_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/dev/zero"]) == 1
    assert capsys.readouterr().out == ("/dev/zero:$ binary-data the file holds a NUL byte (byte 1): it is binary "
                                       "data or UTF-16, not UTF-8 text (fix: save the file as UTF-8 text)\n")


def test_a_member_history_from_dev_zero_is_refused_at_once() -> None:
    with pytest.raises(InputError) as e:
        load_member("/dev/zero")
    assert codes(e) == [("zero", None, None, "$", "binary-data")]


def test_a_named_pipe_without_a_writer_does_not_hang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert main(["validate", str(tmp_path / "pipe")]) == 1
    assert capsys.readouterr().out.split(" ")[1] == "empty-file"


def test_read_limited_counts_the_bytes_read_not_the_size_reported(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x" * 101)
    with pytest.raises(InputError) as e:
        read_limited(tmp_path / "f", 100)
    assert e.value.problems[0].message_en == "file is 101 bytes; the limit is 100 bytes"
    r, w = os.pipe()
    os.write(w, b"y" * 101)
    os.close(w)
    with pytest.raises(InputError) as e:
        read_limited(f"/dev/fd/{r}", 100)
    os.close(r)
    assert e.value.problems[0].message_en == "file is more than 100 bytes; the limit is 100 bytes"


def test_a_2mb_regulation_without_aliases_is_refused_for_its_size_not_as_an_alias_bomb() -> None:
    head = CHAMUNG.read_text(encoding="utf-8")
    body = "".join(f"  k{i}: v\n" for i in range(MAX_NODES))  # 1.2 MB of plain keys, no alias
    with pytest.raises(RegulationError) as e:
        load_regulation_text(head + "extra:\n" + body, file="big.yaml")
    # (the node that crosses the limit: chamung's own nodes, its document section's translations included, count)
    assert [(p.line, p.col, p.code) for p in e.value.problems] == [(49922, 11, "too-many-nodes")]


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.yaml").write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    assert main(["validate", str(tmp_path / "big.yaml")]) == 1
    assert capsys.readouterr().out.endswith("file-too-large file is 2097153 bytes; the limit is 2097152 bytes\n")


def test_the_regulations_folder_scan_loads_only_the_funds_own_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(CHAMUNG, tmp_path / "chamung.yaml")
    other = CHAMUNG.read_text(encoding="utf-8").replace("id: chamung", "id: otherfund")
    (tmp_path / "otherfund.yaml").write_text(other + "junk: [" * 100_000, encoding="utf-8")  # 800 kB, broken
    (tmp_path / "notes.yaml").write_text(": : :\n", encoding="utf-8")
    (tmp_path / "huge.yaml").write_bytes(b"#" * (3 * 1024 * 1024))
    loaded: list[str] = []
    replay_module = importlib.import_module("swf_rules.audit.replay")
    real = replay_module.load_regulation
    monkeypatch.setattr(replay_module, "load_regulation", lambda p: loaded.append(Path(p).name) or real(p))
    assert find_regulation(tmp_path, "chamung").fund_id == "chamung"
    assert loaded == ["chamung.yaml"]
    with pytest.raises(InputError) as e:
        find_regulation(tmp_path, "nofund")
    assert [(Path(p.file).name, p.code) for p in e.value.problems] == [
        (tmp_path.name, "unknown-regulation"), ("huge.yaml", "file-too-large"), ("notes.yaml", "regulation-unidentified")]
    assert loaded == ["chamung.yaml"]


def test_a_line_longer_than_the_limit_ends_the_reading_of_a_streamed_file(tmp_path: Path) -> None:
    p = tmp_path / "lines"
    p.write_bytes(b"a\n" + b"x" * 50 + b"\nb\n")
    with open(p, "rb") as f:
        assert list(BoundedLines(f, 10)) == [b"a\n", None]


# ---------------------------------------------------------------------------------------------- output paths
def _args(tmp: Path, kind: str) -> dict[str, list[str]]:
    """Each writing command, with ``OUT`` where its output path goes."""
    m, c = str(ROOT / "examples" / "member.json"), str(ROOT / "examples" / "claim.json")
    books = tmp / "books"
    if not books.exists():
        assert main(["synth", "--regulation", str(CHAMUNG), "--seed", "1", "--members", "5", "--years", "1",
                     "--start", "2020-10-01", "--ledger", "--out", str(books)]) == 0
        (books / "ledger.yaml").write_text("fund: chamung\n", encoding="utf-8")
        assert main(["synth", "--regulation", str(CHAMUNG), "--seed", "1", "--members", "5", "--years", "1",
                     "--start", "2020-10-01", "--out", str(tmp / "pop")]) == 0
    dirs = {
        "replay": ["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books), "--out", "OUT"],
        "synth": ["synth", "--regulation", str(CHAMUNG), "--seed", "1", "--members", "3", "--years", "1", "--start",
                  "2020-10-01", "--out", "OUT"],
        "impact": ["impact", str(CHAMUNG), str(CHAMUNG), "--members", str(tmp / "pop" / "members.json"), "--claims",
                   str(tmp / "pop" / "claims.json"), "--out", "OUT"],
        "schemas": ["schemas", "--out", "OUT"],
    }
    files = {
        "render": ["render", str(CHAMUNG), "--out", "OUT"],
        "log append": ["log", "append", "--log", "OUT", "--regulation", str(CHAMUNG), "--member", m, "--claim", c],
        "check": ["check", str(CHAMUNG), "--examples", "1", "--seed", "1", "--save", "OUT"],
        "watch": ["watch", "--regulation", str(CHAMUNG), "--events", str(ROOT / "examples" / "events.jsonl"),
                  "--out", "OUT"],
    }
    return dirs if kind == "dir" else files


WRITERS = [(k, "dir") for k in ("replay", "synth", "impact", "schemas")] + \
    [(k, "file") for k in ("render", "log append", "check", "watch")]


@pytest.mark.parametrize("command,kind", WRITERS)
@pytest.mark.parametrize("case", ["wrong kind", "under a file", "missing parent"])
def test_every_writer_refuses_a_bad_output_path_and_writes_nothing(
        command: str, kind: str, case: str, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path_factory.getbasetemp() / "writers"
    shared.mkdir(exist_ok=True)
    argv = _args(shared, kind)[command]
    tmp = tmp_path_factory.mktemp("out")
    (tmp / "a-file").write_text("keep", encoding="utf-8")
    (tmp / "a-folder").mkdir()
    target, code, value = {
        "wrong kind": (tmp / ("a-file" if kind == "dir" else "a-folder"),
                       "output-not-a-folder" if kind == "dir" else "output-is-a-folder", None),
        "under a file": (tmp / "a-file" / "out", "output-parent-not-a-folder", str(tmp / "a-file")),
        "missing parent": (tmp / "nowhere" / "out", "output-parent-missing", str(tmp / "nowhere")),
    }[case]
    capsys.readouterr()
    before = sorted(p.name for p in tmp.rglob("*"))
    assert main([str(target) if a == "OUT" else a for a in argv]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0].split(" ")[:2] == [f"{target}:$", code]
    if value is not None:
        assert value in err
    assert sorted(p.name for p in tmp.rglob("*")) == before
    assert (tmp / "a-file").read_text(encoding="utf-8") == "keep"


def test_every_writing_command_declares_its_outputs() -> None:
    """A command that writes files declares them (add_out_file/add_out_dir), so the entry point checks them."""
    from swf_rules.cli.main import output_options
    from test_cli_fuzz import COMMANDS
    declared = {name: output_options(p) for name, p in COMMANDS.items() if any(output_options(p))}
    assert declared == {
        "check": (("save",), ()), "impact": ((), ("out",)), "log append": (("log",), ()),
        "log checkpoint": (("checkpoints",), ()), "render": (("out",), ()), "replay": ((), ("out", "tmp_dir")),
        "schemas": ((), ("out",)), "synth": ((), ("out",)), "watch": (("out",), ()), "import": ((), ("out",)),
        "project": ((), ("out",)), "template-book": (("out",), ()), "voucher": (("out",), ()),
        "annual-report": (("out",), ())}


def test_dev_null_is_not_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(CHAMUNG), "--out", os.devnull]) == 1
    assert capsys.readouterr().err.split(" ")[:2] == ["/dev/null:$", "output-special-file"]


# ---------------------------------------------------------------------------------------------- the entry point
def test_an_internal_error_is_one_line_and_a_distinct_status(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("SWF_RULES_DEBUG", raising=False)
    monkeypatch.setattr(CLI, "build_parser", _parser_with(monkeypatch, broken))
    assert main(["validate", str(CHAMUNG)]) == EXIT_INTERNAL
    assert capsys.readouterr().err == (
        "swf-rules: internal error (ZeroDivisionError: division by zero): a bug in swf-rules, not a mistake in your "
        "input; please report it with the command you ran (set SWF_RULES_DEBUG=1 to see the traceback)\n")
    assert main(["validate", str(CHAMUNG), "--lang", "th"]) == EXIT_INTERNAL
    assert capsys.readouterr().err.startswith("swf-rules: ข้อผิดพลาดภายใน (ZeroDivisionError: division by zero) ")
    monkeypatch.setenv("SWF_RULES_DEBUG", "1")
    assert main(["validate", str(CHAMUNG)]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("please report it with the command you ran\n")


def _parser_with(monkeypatch: pytest.MonkeyPatch, handler):  # type: ignore[no-untyped-def]
    def build():  # type: ignore[no-untyped-def]
        p = build_parser()
        for a in p._actions:
            if hasattr(a, "choices") and isinstance(a.choices, dict) and "validate" in a.choices:
                a.choices["validate"].set_defaults(handler=handler)
        return p
    return build


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(CLI, "build_parser", _parser_with(monkeypatch, interrupted))
    assert main(["validate", str(CHAMUNG)]) == 130


def test_usage_mistakes_return_2_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--regulation", str(CHAMUNG), "--seed", "1", "--members", "1000000000000000000",
                 "--years", "1", "--start", "2020-01-01", "--out", "x"]) == 2
    assert capsys.readouterr().err.endswith(
        "argument --members: 1000000000000000000 is out of range: from 1 to 1000000\n")
    assert main(["--version"]) == 0


def test_show_piped_into_head_exits_quietly() -> None:
    """``swf-rules show ... | head``: the reader is gone before the output is written (closed here at once, so
    the write fails whatever its size); no traceback, status 141."""
    p = subprocess.Popen([sys.executable, "-m", "swf_rules", "show", str(ROOT / "regulations" / "umong.yaml")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == b""


def test_a_decision_log_line_longer_than_any_record_is_unreadable_not_held(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "d.jsonl"
    assert main(["log", "append", "--log", str(log), "--regulation", str(CHAMUNG), "--member",
                 str(ROOT / "examples" / "member.json"), "--claim", str(ROOT / "examples" / "claim.json")]) == 0
    with open(log, "ab") as f:
        f.write(b"x" * (3 * 1024 * 1024) + b"\n")
    capsys.readouterr()
    assert main(["log", "verify", str(log)]) == 1
    out = capsys.readouterr().out
    assert [line.split(" ")[1] for line in out.splitlines()] == ["log-record-unreadable"]
    assert out.startswith(f"{log}:2:1 log-record-unreadable record at line 2 is not a decision record: not JSON")
