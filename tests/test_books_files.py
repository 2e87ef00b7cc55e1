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
