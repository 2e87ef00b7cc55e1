"""Synthetic funds: a deterministic population of members and claims, and a ledger with planted mistakes.

Nothing here describes a real person.  The same arguments give the same population, byte for byte: every random
choice comes from a :class:`random.Random` seeded from ``seed`` (one for the joining cohorts, one per member, one
for the planted mistakes), never from the clock or the hash seed.

:func:`population` draws the members and their claims (``_population``, with each life in ``_lives`` and its
claims in ``_claims``, over the regulation as ``_fund`` sees it).  :func:`ledger` decides those claims with
:meth:`swf_rules.Engine.evaluate_batch` -- what a fund that follows its regulation would have paid -- and plants
known mistakes on request (``_books``, ``_plants``), recording exactly which payout carries which mistake
(``planted.json``).
"""

from ._accounts import ACCOUNT_PLANT_KINDS
from ._books import SynthLedger, add_accounts, add_committee, ledger, write_ledger
from ._plants import EXPECTED_FINDING, PLANT_KINDS, parse_plant
from ._population import Population, population, write_population
from ._review_plants import REVIEW_PLANT_KINDS

__all__ = [
    "ACCOUNT_PLANT_KINDS",
    "EXPECTED_FINDING",
    "PLANT_KINDS",
    "REVIEW_PLANT_KINDS",
    "Population",
    "SynthLedger",
    "add_accounts",
    "add_committee",
    "ledger",
    "parse_plant",
    "population",
    "write_ledger",
    "write_population",
]
