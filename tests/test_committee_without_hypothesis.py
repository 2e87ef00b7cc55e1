"""Without hypothesis (the optional `test` extra) the committee package imports, `swf-rules test` prints what it
prints with hypothesis installed, and `swf-rules check` says how to install it and exits 2, without a traceback.
hypothesis is blocked in a child interpreter by a meta path finder, so this runs whether or not it is installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]

BLOCK = """
import sys
class _NoHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "hypothesis":
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None
sys.meta_path.insert(0, _NoHypothesis())
"""

IMPORTS = BLOCK + """
import json
import swf_rules.committee
from swf_rules.committee import impact, render
print(json.dumps({"hypothesis_loaded": any(m.split(".")[0] == "hypothesis" for m in sys.modules),
                  "missing": [n for n in swf_rules.committee.__all__ if not hasattr(swf_rules.committee, n)],
                  "tools": [impact.__name__, render.__name__]}))
"""

CLI = BLOCK + """
from swf_rules.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_the_committee_package_imports_without_hypothesis() -> None:
    r = _run(IMPORTS)
    assert (r.returncode, r.stderr) == (0, "")
    assert json.loads(r.stdout) == {"hypothesis_loaded": False, "missing": [],
                                    "tools": ["swf_rules.committee.impact", "swf_rules.committee.render"]}


def test_swf_rules_test_runs_without_hypothesis(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["test", "--quiet", "regulations/cases", "tests/cases/failing.yaml"]
    expected_rc = main(args)
    expected = capsys.readouterr().out
    r = _run(CLI, *args)
    assert (r.returncode, r.stdout, r.stderr) == (expected_rc, expected, "")
    assert expected_rc == 1  # failing.yaml fails on purpose, so the failure reports are compared too


def test_swf_rules_check_says_how_to_install_hypothesis() -> None:
    r = _run(CLI, "check", "regulations/chamung.yaml")
    assert (r.returncode, r.stdout, r.stderr) == (
        2, "", "swf-rules: swf-rules check needs hypothesis: pip install 'swf-rules[test]'\n")
