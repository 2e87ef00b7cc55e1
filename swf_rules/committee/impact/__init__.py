"""The cost of a draft: re-decide a population's claims under the current regulation and under a draft.

A committee drafting a change wants to know, before the members' meeting votes, what it costs and whom it
changes things for.  :func:`compare` decides every claim twice, each side with
:meth:`~swf_rules.Engine.evaluate_batch` (so the payouts of earlier claims count toward the caps of later ones on
each side separately), and reports per Thai fiscal year and benefit: how many claims, how many decisions change
(eligibility or amount), how many members are affected, and the money paid before and after.

Which versions are compared:

- **The draft** is one version (``draft_version``, default the latest in the draft file), applied to *every*
  claim "as if adopted": :func:`as_if_adopted` builds a regulation whose only version is the draft with its
  effective date moved back to the earliest claim (when it is later than that) and no end date.  The file on disk
  is not changed; the moved date is reported.
- **The current side** is either one pinned version applied the same way (``current_version``), or, by default,
  the current file's versions as each was in force on the claim's event date.  When the current and the draft
  file are the same file, the versions from the draft version on are left out of the current side
  (:func:`before_version`).

A claim for a benefit that one side does not have is decided as "no such benefit" (not eligible, 0 baht) on
that side; a benefit that neither side has is an error in the claims file.  Money is Decimal throughout.

Modules: :mod:`._sides` (which versions each side decides with), :mod:`._population` (the members and claims
files), :mod:`._compare` (each side's decisions, and both sides totalled), :mod:`._report` (the terminal table;
CSV, JSON and SVG, written all or none).
"""

from ._compare import Change, Impact, Outcome, Row, compare, decide
from ._population import Population, load_population
from ._report import chart_svg, csv_text, display_width, outputs, text_report, write_outputs
from ._sides import Side, as_if_adopted, before_version, find_version, in_force, pinned

__all__ = ["Change", "Impact", "Outcome", "Population", "Row", "Side", "as_if_adopted", "before_version",
           "chart_svg", "compare", "csv_text", "decide", "display_width", "find_version", "in_force",
           "load_population", "outputs", "pinned", "text_report", "write_outputs"]
