"""The checked-in JSON Schemas are generated from the models and must be current."""

from pathlib import Path

import pytest

from swf_rules.core.schema import SCHEMAS, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schema_is_current(name: str) -> None:
    path = ROOT / "schemas" / f"{name}.schema.json"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path} is out of date: run `swf-rules schemas` and commit the result")
