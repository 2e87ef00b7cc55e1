"""The printable regulation: the document members vote on, generated from the YAML so the two never disagree.

:func:`build` turns one version into a :class:`Document` -- heading, then one :class:`Clause` per benefit and
for membership, in the fund's own clause order and numbering -- whose sentences say in full what the engine
enforces: who is entitled (status, waiting period, tenure, age, sex, arrears, conditions), how much (with the
amount in Thai words in Thai documents: ``๖๐๐ บาท (หกร้อยบาทถ้วน)``), the caps and the remainder rule, counts,
offsets, rounding, the claim deadline and what may be paid for the same event.  Values the project chose where the
published regulation is silent (``illustrative``) are printed as notes under their clause.

:func:`markdown` and :func:`html` print a document; :func:`diff` compares two versions clause by clause and
:func:`diff_markdown` / :func:`diff_html` print the changed clauses with the old and new text side by side.

Thai documents use B.E. dates, and Thai digits when the file says ``clause_digits: thai``; English documents use
C.E. dates and Arabic digits.

Modules: :mod:`._document` (the document as values, and how it writes numbers, dates and lists),
:mod:`._benefit_clause` (one benefit's clause), :mod:`._build` (a version's document), :mod:`._print` (Markdown
and A4 HTML), :mod:`._diff` (two versions compared).
"""

from ._build import build
from ._diff import ClauseChange, Diff, diff, diff_html, diff_markdown, render_diff
from ._document import Clause, Document, Numbers, clause_label
from ._print import html, markdown, render
from ._summary import summary

__all__ = ["Clause", "ClauseChange", "Diff", "Document", "Numbers", "build", "clause_label", "diff", "diff_html",
           "diff_markdown", "html", "markdown", "render", "render_diff", "summary"]
