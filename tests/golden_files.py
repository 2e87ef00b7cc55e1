"""Golden files shared by the tests that compare whole reports (cases, check, lint, impact, render).

``SWF_UPDATE_GOLDEN=1 python -m pytest tests/...`` rewrites them on purpose; review ``git diff tests/golden``."""

from __future__ import annotations

import os
from pathlib import Path


def check_golden(path: Path, text: str) -> None:
    """``text`` must equal the golden file at ``path`` byte for byte (UTF-8, no newline translation)."""
    if os.environ.get("SWF_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden file {path}: run SWF_UPDATE_GOLDEN=1 python -m pytest tests"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs from its golden file"
