"""HTML to PDF for the printer, through WeasyPrint (the ``documents`` extra; Pango and HarfBuzz shape the Thai).

The PDF's text layer says exactly what the page shows.  WeasyPrint maps each glyph to the text it was first drawn
for, and Thai shaping shares glyphs between characters: SARA AM (ำ) is drawn as NIKHAHIT and SARA AA, so once
``สำ`` is drawn, every ``า`` of the document would be copied out as ``ำ`` (``จ่าย`` read back as ``จ่ำย``), and a tone
mark moved over a vowel is copied out of order.  Every line of text is therefore wrapped in a marked-content span
whose ``/ActualText`` is the line's own text (PDF 32000-1, 14.9.4), which text extraction (poppler's
``pdftotext``, copying in a viewer, search) uses instead of the glyphs.  This is done while the PDF is drawn, by
wrapping WeasyPrint's line-drawing function for the duration of one rendering (under a lock; restored after).

The same HTML gives the same PDF bytes: no creation date, no random identifiers.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator

from ..core.errors import InputError, make_problem

_LOCK = threading.Lock()


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: the package is there but Pango is not
        raise InputError([make_problem("pdf-unavailable", detail=str(e).splitlines()[0][:200])]) from None
    return weasyprint


def available() -> bool:
    """Whether PDFs can be made here (WeasyPrint and its system libraries)."""
    try:
        _weasyprint()
    except InputError:
        return False
    return True


@contextmanager
def _actual_text() -> Iterator[None]:
    """Wrap each line WeasyPrint draws in ``/Span <</ActualText (line)>> BDC ... EMC``."""
    try:
        import pydyf
        from weasyprint.draw import text as draw_text
        original = draw_text.draw_first_line
    except (ImportError, AttributeError):  # another WeasyPrint: the glyphs' own mapping is used
        yield
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(textbox, "text", "")
        if not text.strip():
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_text.draw_first_line = draw_first_line
    try:
        yield
    finally:
        draw_text.draw_first_line = original


def to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (its own style sheet; no file or network is read)."""
    wp = _weasyprint()
    document = wp.HTML(string=html, base_url=None, url_fetcher=_no_fetch)
    with _LOCK, _actual_text():
        out = document.write_pdf()
    assert isinstance(out, bytes)
    return out


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """Documents are self-contained (inline SVG, local fonts): nothing is fetched."""
    raise ValueError(f"documents fetch nothing ({url})")


__all__ = ["available", "to_pdf"]
