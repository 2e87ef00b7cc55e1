"""Money analysis and sustainability (``swf-rules project``): the fund's own experience as rates
(:mod:`._experience`), declared assumptions with their sources (:mod:`._assumptions`), many seeded simulations
(:mod:`._simulate`, numpy), and the projection reported (:mod:`.projection`; text :mod:`._text`, chart
:mod:`._chart`)."""

from ._assumptions import Assumptions, Declared, assumptions_from_text, load_assumptions
from ._experience import BANDS, Experience, Paid, Rate, experience_from_books, experience_from_history
from ._text import compare_text
from .projection import PERCENTILES, Projection, YearRow, apply_assumptions, project

__all__ = ["Assumptions", "BANDS", "Declared", "Experience", "PERCENTILES", "Paid", "Projection", "Rate", "YearRow",
           "apply_assumptions", "assumptions_from_text", "compare_text", "experience_from_books", "experience_from_history",
           "load_assumptions", "project"]
