"""Runs one benchmark task in this (fresh) process and writes its JSON result, with this process's peak memory.

    python -m benchmarks._worker TASK CONFIG_JSON OUT_JSON

``python -m benchmarks`` starts one worker per task so that peak memory figures do not mix.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable


def _tasks() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    from . import decide, import_books, national, replay, validate
    return {"decide": decide.run, "validate": validate.run, "replay-setup": replay.setup,
            "replay": replay.measure, "import-setup": import_books.setup, "import": import_books.measure,
            "national-setup": national.setup, "national": national.measure}


def main(argv: list[str]) -> int:
    from ._common import current_rss_mb, peak_rss_mb

    task, cfg_text, out = argv
    cfg = json.loads(cfg_text)
    tasks = _tasks()
    baseline = current_rss_mb()  # after the imports every task needs
    t0 = time.perf_counter()
    result = tasks[task](cfg)
    result["wall_seconds"] = round(time.perf_counter() - t0, 3)
    result["peak_rss_mb"] = peak_rss_mb()
    result.setdefault("baseline_rss_mb", baseline)
    Path(out).write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
