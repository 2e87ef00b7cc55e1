"""The documents a committee signs, in proper Thai: payment vouchers (ใบสำคัญจ่าย) from the committee's approved
decisions, the regulation as a real ระเบียบ, and the annual report to the members; each as HTML for the browser
and as PDF for the printer (:func:`to_pdf`, WeasyPrint, the ``documents`` extra).

Modules: ``voucher``, ``regulation`` (+ ``_regulation_parts``), ``annual`` (+ ``_annual_inputs``, ``_annual_html``, ``_charts``),
``pdf``, and ``_page`` (the A4 page, fonts and HTML builders every document shares).  Words, numbers and dates
come from :mod:`swf_rules.core.thaiwords`.
"""

from .annual import AnnualInputs, annual_html, annual_inputs, year_end
from .pdf import available as pdf_available, to_pdf
from .regulation import RegulationDocument, build as regulation_document, regulation_html
from .voucher import Payee, Voucher, decision_voucher, numbers as voucher_numbers, vouchers, vouchers_html

__all__ = ["AnnualInputs", "Payee", "RegulationDocument", "Voucher", "annual_html", "annual_inputs", "decision_voucher", "pdf_available", "regulation_document", "regulation_html", "to_pdf", "voucher_numbers", "vouchers", "vouchers_html", "year_end"]
