"""JSON Schemas generated from the models (``schemas/*.schema.json``), for software in other languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .history import Claim, DecisionModel, Member
from .model import RegulationFile

SCHEMAS = {
    "regulation": RegulationFile,
    "member": Member,
    "claim": Claim,
    "decision": DecisionModel,
}


def schema(name: str) -> dict[str, Any]:
    model = SCHEMAS[name]
    s = model.model_json_schema(mode="validation" if name != "decision" else "serialization")
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["$id"] = f"https://swf-rules.example/schemas/{name}.schema.json"
    return s


def render(name: str) -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_all(directory: str | Path) -> list[Path]:
    """Every schema written into ``directory`` (created if missing; its parent must exist), each atomically."""
    from .output import make_dir, write_atomic
    d = make_dir(directory, parents=True)
    out = []
    for name in SCHEMAS:
        p = d / f"{name}.schema.json"
        write_atomic(p, render(name))
        out.append(p)
    return out
