"""Regulations and functions contributed by installed packages through entry points."""

from __future__ import annotations

from decimal import Decimal
from importlib import metadata
from pathlib import Path

import pytest

from swf_rules import Engine, load_regulation_text
from swf_rules.core import registry
from swf_rules.cli import main
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parent.parent


class FakeEntryPoint:
    def __init__(self, name: str, obj, dist: str = "fund-plugin"):
        self.name = name
        self._obj = obj
        self.dist = type("D", (), {"name": dist})()

    def load(self):
        return self._obj


def _fake(monkeypatch: pytest.MonkeyPatch, groups: dict[str, list[FakeEntryPoint]]) -> None:
    real = metadata.entry_points

    def entry_points(*, group: str):
        if group in groups:
            return groups[group]
        return real(group=group)

    monkeypatch.setattr(registry.metadata, "entry_points", entry_points)


def test_a_package_contributes_a_regulation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    text = (ROOT / "regulations" / "chamung.yaml").read_text(encoding="utf-8").replace("id: chamung", "id: plugfund")
    plug = tmp_path / "plugfund.yaml"
    plug.write_text(text, encoding="utf-8")

    def broken():
        raise RuntimeError("boom")

    _fake(monkeypatch, {registry.REGULATIONS_GROUP: [FakeEntryPoint("plugfund", lambda: [plug]),
                                                     FakeEntryPoint("broken", broken, "bad-plugin")]})
    assert main(["list"]) == 0
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    assert rows == [["-", "-", "entry point broken: failed to load (RuntimeError: boom)"],
                    ["plugfund (1 version)", str(plug), "entry point plugfund (fund-plugin)"]]


def test_directories_are_listed_before_entry_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, {registry.REGULATIONS_GROUP: [FakeEntryPoint("bundled", registry.bundled_regulations)]})
    found = registry.discover_regulations([ROOT / "regulations"])
    assert [(f.path.name, f.origin.split(" ")[0]) for f in found] == [
        ("chamung.yaml", "directory"), ("pathumlos.yaml", "directory"), ("phai.yaml", "directory"),
        ("ptscoop.yaml", "directory"), ("template.yaml", "directory"), ("thaytalad.yaml", "directory"),
        ("umong.yaml", "directory")]  # the bundled entry point finds the same files: listed once


def test_functions_come_from_entry_points_and_are_passed_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    def by_level(facts, c):
        return Decimal("800") if facts["level"] == "university" else Decimal("500")

    _fake(monkeypatch, {registry.FUNCTIONS_GROUP: [FakeEntryPoint("scholarship_by_level", by_level)]})
    functions = registry.discover_functions()
    assert list(functions) == ["scholarship_by_level"]
    text = (ROOT / "regulations" / "chamung.yaml").read_text(encoding="utf-8").replace(
        "amount: {type: flat, amount: 500}", "amount: {type: function, name: scholarship_by_level}")
    reg = load_regulation_text(text, file="plug.yaml")
    m = history(joined="2015-01-15")
    c = claim("scholarship", "2024-05-01", details={"gpa": "3.8", "level": "university"})
    assert Engine(reg, functions=functions).evaluate(m, c).amount == Decimal("800")
    # nothing global: an engine built without the functions refuses the regulation
    from swf_rules import RegulationError
    with pytest.raises(RegulationError) as e:
        Engine(reg).evaluate(m, c)
    assert [(p.code, p.json_path) for p in e.value.problems] == [
        ("unknown-function", "$.versions[0].benefits[2].amount.name")]
