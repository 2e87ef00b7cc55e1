"""Numbers for the charts drawn server-side as SVG (projection, fund status, impact, annual report): coordinates
written with one decimal and no exponent, and round axis steps, computed exactly in Decimal."""

from __future__ import annotations

from decimal import Decimal


def coord(x: Decimal | int) -> str:
    """An SVG coordinate with one decimal, no exponent (``12`` rather than ``12.0``)."""
    text = f"{Decimal(x).quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def tick_step(span: Decimal, most: int) -> Decimal:
    """The smallest round step (1, 2 or 5 x 10^k) that covers ``span`` in at most ``most`` steps."""
    step = Decimal(1)
    while True:
        for m in (1, 2, 5):
            if span / (step * m) <= most:
                return step * m
        step *= 10


__all__ = ["coord", "tick_step"]
