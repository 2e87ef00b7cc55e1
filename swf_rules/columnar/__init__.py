"""The columnar whole-fund engine: a fund's claims decided at once, from the per-claim engine's plans.

The per-claim engine (:class:`swf_rules.core.Engine`) stays the reference and the API for single claims; this
part executes the same compiled :class:`~swf_rules.core.Plan` on columns of every member at once (numpy), for
whole books: :class:`ColumnarEngine` gives the same decisions, byte for byte in JSON, as
:meth:`~swf_rules.core.Engine.evaluate_batch` (``tests/test_columnar_equal.py`` holds them equal over every bundled
regulation and the hypothesis strategies).  What it vectorises is declared in :mod:`.features`; a claim of any
other feature is decided by the per-claim engine inside the run, exactly.

Modules: ``columns`` (histories and claims as columns), ``engine`` (the run), ``decisions`` (the result, each
decision built when read), ``features`` (what is vectorised), ``books`` (a ledger read straight into columns: CSV
or Parquet, for :mod:`swf_rules.audit`'s replay and :mod:`swf_rules.audit.scale`), ``arrow`` (histories from Arrow
tables); private ``_facts`` (the instalment index and status facts), ``_benefit`` (one benefit's checks and
amounts), ``_usage`` (what earlier payouts take, in date order), ``_conditions`` (the condition language on
columns), ``_dates`` (calendar arithmetic on columns), ``_tables`` (a ledger file's record batches, checked),
``_extras`` (the optional packages).

numpy is needed (the ``columnar`` extra; pyarrow for Parquet, dask.distributed for ``scale``): the names below are
imported on first use, so ``import swf_rules.columnar`` works without them and :func:`available` tells.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._extras import available, require

_LAZY = {"ColumnarEngine": "engine", "Decisions": "decisions", "Histories": "columns", "Claims": "columns",
         "VECTORISED": "features", "benefit_unsupported": "features"}

__all__ = ["Claims", "ColumnarEngine", "Decisions", "Histories", "VECTORISED", "available", "benefit_unsupported",
           "require"]


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(name)
    require("the columnar engine", "เครื่องคำนวณแบบคอลัมน์", "numpy")
    return getattr(importlib.import_module(f"{__name__}.{mod}"), name)
