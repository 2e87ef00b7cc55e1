"""Excel workbooks, read and written with openpyxl: the only module that imports it (an optional extra:
``pip install 'swf-rules[xlsx]'``).  Without it, reading or writing a workbook is a located problem
(``import-needs-openpyxl``), never an ImportError.

Reading uses openpyxl's read-only mode, which streams each sheet's rows from the file: memory does not grow with
the rows.  Writing uses its write-only mode for the same reason.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from ...core.errors import InputError, make_problem

EXCEL_EPOCH_1900 = _dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's phantom 29 Feb 1900 is allowed for
EXCEL_EPOCH_1904 = _dt.date(1904, 1, 1)


def _openpyxl(file: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError([make_problem("import-needs-openpyxl", file=file,
                                       hint=("pip install 'swf-rules[xlsx]'", "pip install 'swf-rules[xlsx]'"))]) from None
    return openpyxl


class Workbook:
    """A workbook open for reading, sheet by sheet."""

    def __init__(self, path: Path):
        self.path = path
        openpyxl = _openpyxl(str(path))
        try:
            self.wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
            raise InputError([make_problem("import-not-a-workbook", file=str(path),
                                           detail=type(e).__name__ + (f": {e}" if str(e) else ""))]) from None
        self.epoch = EXCEL_EPOCH_1904 if getattr(self.wb, "epoch", None) is not None and \
            self.wb.epoch.year == 1904 else EXCEL_EPOCH_1900

    @property
    def sheets(self) -> list[str]:
        return list(self.wb.sheetnames)

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cell values) of every row of the sheet, from row 1, empty rows included."""
        ws = self.wb[sheet]
        for n, row in enumerate(ws.iter_rows(values_only=True), 1):
            yield n, list(row)

    def close(self) -> None:
        self.wb.close()


def write_workbook(path: Path, sheets: Iterable[tuple[str, list[str], Iterable[list[Any]], list[float] | None]],
                   properties: dict[str, str] | None = None) -> bytes:
    """A workbook's bytes: one sheet per (name, header, rows, column widths), header in bold and frozen.

    The bytes are the same for the same content (the workbook's timestamps are fixed), so a synthetic workbook is
    reproducible."""
    openpyxl = _openpyxl(str(path))
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    import io

    wb = openpyxl.Workbook(write_only=True)
    fixed = _dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "swf-rules"
    for k, v in (properties or {}).items():
        setattr(wb.properties, k, v)
    bold = Font(bold=True)
    for name, header, rows, widths in sheets:
        ws = wb.create_sheet(title=name)
        for i, w in enumerate(widths or []):
            ws.column_dimensions[_letter(i + 1)].width = w
        if header:
            ws.freeze_panes = "A2"
            cells = []
            for h in header:
                c = WriteOnlyCell(ws, value=h)
                c.font = bold
                cells.append(c)
            ws.append(cells)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
                     re.S)
_SST = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every zip member dated 1980-01-01 (openpyxl stamps the time of writing), and its
    text in a shared-string table, as Excel saves it (openpyxl's write-only mode writes every string inline)."""
    import io
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    table: dict[bytes, int] = {}

    def shared(m: re.Match) -> bytes:
        i = table.setdefault(m.group(3), len(table))
        return b'<c r="' + m.group(1) + b'"' + m.group(2) + b' t="s"><v>' + str(i).encode() + b"</v></c>"

    for name in sorted(parts):
        if name.startswith("xl/worksheets/"):
            parts[name] = _INLINE.sub(shared, parts[name])
    if table:
        parts["xl/sharedStrings.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(table), len(table))
            + b"".join(b'<si><t xml:space="preserve">' + t + b"</t></si>" for t in table) + b"</sst>")
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _SST + b'" /></Types>')
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Type="' + _SST_REL + b'" Target="sharedStrings.xml" Id="rIdSST" />'
            b"</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            if name == "docProps/core.xml":
                body = _strip_times(body)
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            z.writestr(zi, body)
    return out.getvalue()


def _strip_times(xml: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", xml)


def _letter(col: int) -> str:
    out = ""
    while col > 0:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out
