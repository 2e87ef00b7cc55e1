"""``swf-rules import``: a fund's real books -- an Excel workbook, a CSV export in UTF-8 or Thai Windows encoding
(cp874/TIS-620), or a folder of them -- converted into the canonical ledger with a mapping (``ledger.yaml`` grown:
columns, value maps, date formats and calendars), every problem located at its ``sheet!cell`` or
``file:line:column``, and written all or nothing.  Documented in ``docs/ledger.md``.

Modules: ``mapping`` (the mapping file), ``template`` (the published Thai workbook and the mapping that reads it),
``run`` (:func:`import_books`); private ``_encoding`` (CSV encodings), ``_xlsx`` (the only module importing
openpyxl), ``_sources`` (sheets and files as rows), ``_cells`` (cell values), ``_convert`` (rows into the
canonical files).
"""

from .mapping import DATE_FORMATS, ImportMapping, TableSpec, read_mapping
from .run import ImportResult, import_books
from .template import SHEETS, template_book, template_mapping

__all__ = [
    "DATE_FORMATS",
    "ImportMapping",
    "ImportResult",
    "SHEETS",
    "TableSpec",
    "import_books",
    "read_mapping",
    "template_book",
    "template_mapping",
]
