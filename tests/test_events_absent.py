"""Without durable-rules (the optional `events` extra) swf-rules imports and works; `swf-rules watch` says how to
install it and exits 2, without a traceback.  durable is blocked in a child interpreter by a meta path finder,
so this runs whether or not durable-rules is installed here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = ROOT / "regulations" / "chamung.yaml"

BLOCK = """
import sys
class _NoDurable:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("durable", "durable_rules_engine"):
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None
sys.meta_path.insert(0, _NoDurable())
"""

API = BLOCK + """
import json
import swf_rules
from swf_rules import Engine, load_regulation
from swf_rules.testing import claim, history
reg = load_regulation(sys.argv[1])
d = Engine(reg).evaluate(history("m-1", birth="1970-01-01", joined="2015-01-15"),
                         claim("hospital", "2024-02-10", member_id="m-1", end_date="2024-02-13"))
import swf_rules.events as ev
try:
    ev.Monitor(reg)
    unavailable = None
except ev.EventsUnavailable as e:
    unavailable = [type(e).__mro__[1].__name__, str(e)]
print(json.dumps({"eligible": d.eligible, "amount": str(d.amount), "available": ev.available(),
                  "unavailable": unavailable, "durable_loaded": any(m.startswith("durable") for m in sys.modules)}))
"""

CLI = BLOCK + """
from swf_rules.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_the_core_works_without_durable_rules() -> None:
    r = _run(API, str(CHAMUNG))
    assert r.returncode == 0 and r.stderr == ""
    assert json.loads(r.stdout) == {
        "eligible": True, "amount": "600", "available": False,
        "unavailable": ["UsageError", "the event monitor needs durable-rules, which is not installed or cannot be "
                        "imported here: pip install 'swf-rules[events]' (durable-rules 2.0.28 needs Python 3.11 "
                        "or 3.12 and a C compiler)"],
        "durable_loaded": False}


def test_validate_runs_and_watch_prints_the_install_hint(tmp_path: Path) -> None:
    r = _run(CLI, "validate", str(CHAMUNG))
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{CHAMUNG}: valid (Chamung Subdistrict Community Welfare Fund, 1 version)\n", "")
    events = tmp_path / "events.jsonl"
    events.write_text('{"type": "day", "date": "2024-01-01"}\n', encoding="utf-8")
    out = tmp_path / "notices.jsonl"
    r = _run(CLI, "watch", "--regulation", str(CHAMUNG), "--events", str(events), "--out", str(out))
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == ("swf-rules: the event monitor needs durable-rules, which is not installed or cannot be "
                        "imported here: pip install 'swf-rules[events]' (durable-rules 2.0.28 needs Python 3.11 or "
                        "3.12 and a C compiler)\n")
    assert "Traceback" not in r.stderr and not out.exists()
    r = _run(CLI, "watch", "--regulation", str(CHAMUNG), "--events", str(events), "--lang", "th")
    assert r.returncode == 2 and r.stderr.startswith("swf-rules: ระบบเฝ้าติดตามเหตุการณ์ต้องใช้ durable-rules")
