"""The optional packages of the columnar engine (numpy, pyarrow) and of the scale-out (dask.distributed).

The per-claim engine and the core never need them.  :func:`available` says whether they can be imported;
:func:`require` raises the located, bilingual ``extra-missing`` problem naming the package and the extra that
installs it.
"""

from __future__ import annotations

import importlib.util

from ..core.errors import InputError, make_problem

EXTRA = {"numpy": "columnar", "pyarrow": "columnar", "dask": "scale", "distributed": "scale"}


def _found(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def available(*modules: str) -> bool:
    """True when every module can be imported (default: what the columnar engine needs)."""
    return all(_found(m) for m in (modules or ("numpy",)))


def require(feature: str, feature_th: str, *modules: str) -> None:
    """Raise ``extra-missing`` for the first of ``modules`` that is not installed."""
    for m in modules:
        if not _found(m):
            raise InputError([make_problem("extra-missing", value=m, feature=feature, feature_th=feature_th,
                                           package=m, extra=EXTRA.get(m, "columnar"))])
