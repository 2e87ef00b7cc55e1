"""The condition language over columns: each node of a checked condition (:mod:`swf_rules.core.conditions`)
evaluated for every claim at once, with the per-claim evaluator's meaning.

A column is a numpy array: ``int64`` for whole-number facts (age, days, counts), ``object`` holding
:class:`~decimal.Decimal` for numbers from claim details and arithmetic, ``object`` holding text, or ``bool``.
Whole-number columns are compared as integers; anything else is compared and computed exactly with Decimal under
the money context (``CONTEXT``), element by element, as the closures of the per-claim engine do.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from typing import Any, Callable, Mapping

import numpy as np

from ..core.conditions import Binary, ListLit, Lit, Name, Node, Unary, parse
from ..core.money import CONTEXT

Column = np.ndarray
_CMP: dict[str, Callable[[Any, Any], Any]] = {"==": operator.eq, "!=": operator.ne, "<": operator.lt,
                                               "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _safe_div(a: Decimal, b: Decimal) -> Decimal:
    return Decimal(0) if b == 0 else CONTEXT.divide(a, b)


_ARITH = {"+": np.frompyfunc(CONTEXT.add, 2, 1), "-": np.frompyfunc(CONTEXT.subtract, 2, 1),
          "*": np.frompyfunc(CONTEXT.multiply, 2, 1), "/": np.frompyfunc(_safe_div, 2, 1)}
_MINUS = np.frompyfunc(CONTEXT.minus, 1, 1)
_TO_DEC = np.frompyfunc(Decimal, 1, 1)


def _decimals(col: Column) -> Column:
    return _TO_DEC(col) if col.dtype != object else col


def _const(value: Any, n: int) -> Column:
    if isinstance(value, bool):
        return np.full(n, value, dtype=bool)
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) < (1 << 62):
        return np.full(n, int(value), dtype=np.int64)
    out = np.empty(n, dtype=object)
    out[:] = [value] * n
    return out


def evaluate(src: str, frame: Mapping[str, Column], n: int) -> Column:
    """The condition's verdict (``bool`` column) for ``n`` claims; ``frame`` maps each name to its column."""
    return _eval(parse(src), frame, n).astype(bool)


def _eval(node: Node, f: Mapping[str, Column], n: int) -> Column:
    if isinstance(node, Lit):
        return _const(node.value, n)
    if isinstance(node, Name):
        return f[node.name]
    if isinstance(node, Unary):
        arg = _eval(node.arg, f, n)
        if node.op == "not":
            return ~arg.astype(bool)
        return _MINUS(_decimals(arg))
    if isinstance(node, ListLit):
        raise TypeError("a list is only evaluated as the right side of 'in'")
    assert isinstance(node, Binary)
    op = node.op
    if op in ("and", "or"):
        left, right = _eval(node.left, f, n).astype(bool), _eval(node.right, f, n).astype(bool)
        return (left & right) if op == "and" else (left | right)
    if op in ("in", "not in"):
        left = _eval(node.left, f, n)
        assert isinstance(node.right, ListLit)
        hit = np.zeros(n, dtype=bool)
        for item in node.right.items:
            hit |= _equal(left, _eval(item, f, n))
        return hit if op == "in" else ~hit
    left, right = _eval(node.left, f, n), _eval(node.right, f, n)
    if op in _CMP:
        if op == "==":
            return _equal(left, right)
        if op == "!=":
            return ~_equal(left, right)
        if left.dtype == np.int64 and right.dtype == np.int64:
            return _CMP[op](left, right)
        return np.asarray(_CMP[op](_decimals(left), _decimals(right)), dtype=bool)
    return _ARITH[op](_decimals(left), _decimals(right))


def _equal(a: Column, b: Column) -> Column:
    if a.dtype == b.dtype and a.dtype != object:
        return a == b
    if a.dtype == bool or b.dtype == bool:
        return np.asarray(a == b, dtype=bool)
    if a.dtype == np.int64 or b.dtype == np.int64:  # a number column beside Decimals
        return np.asarray(_decimals(a) == _decimals(b), dtype=bool)
    return np.asarray(np.frompyfunc(operator.eq, 2, 1)(a, b), dtype=bool)
