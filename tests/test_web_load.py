"""The load test of `swf-rules serve` at a tiny size: every answer is the engine's decision for its own request,
none lost or mixed, with several clients at once.  No timing is asserted (docs/performance.md reports the
figures of ``python -m benchmarks.serve``)."""

from __future__ import annotations

import sys

from web_fixtures import ROOT

sys.path.insert(0, str(ROOT))

from benchmarks import serve  # noqa: E402


def test_concurrent_clients_get_their_own_answers() -> None:
    res = serve.run([1, 3], requests=24, members=15)
    assert res["ok"] is True
    assert [(x["clients"], x["answered"], x["errors"], x["mismatches"]) for x in res["levels"]] == [
        (1, 24, 0, 0), (3, 24, 0, 0)]
    assert res["distinct_claims"] > 3
