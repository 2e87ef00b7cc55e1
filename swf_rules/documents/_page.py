"""The page every printed document shares: A4, Thai fonts, escaping, and the small HTML builders the documents are
written with (no template engine: each document is a few dozen elements, built by hand as committee/render does).

Browsers get the fund's usual font first (TH Sarabun New); the PDF is set in Laksaman (Debian's fonts-thai-tlwg,
installed by ``scripts/install-system-deps.sh``), which has TH Sarabun New's metrics: the same lines and page
breaks, and the same pixels on every machine that runs the tests.  Latin letters and digits of identifiers fall
back to the system's sans-serif (DejaVu Sans on Debian), fingerprints are set in DejaVu Sans Mono."""

from __future__ import annotations

from html import escape as _escape
from typing import Iterable

# TH Sarabun New at 16pt is the size of Thai official documents; Laksaman draws the same letters 1.5 times larger
# (fonts-thai-tlwg synthesises TH Sarabun as Laksaman scaled by 0.66), so the PDF is set at 16 x 0.66 = 10.5pt.
SCREEN_SIZE, PRINT_SIZE = "16pt", "10.5pt"
SCREEN_FONTS = '"TH Sarabun New", "TH SarabunPSK", "Laksaman", "Sarabun", "Noto Sans Thai", "Tahoma", sans-serif'
# Never "TH Sarabun New" in the PDF's list: fonts-thai-tlwg makes it an alias of Laksaman with a scaling matrix
# that WeasyPrint does not apply to the glyph advances (the letters run into each other).
PRINT_FONTS = '"Laksaman", sans-serif'

BASE_CSS = """@page { size: A4; margin: 2cm 2cm 2cm 2.5cm; }
html { font-size: SIZE; }
body { font-family: FONTS; font-size: 1rem; line-height: 1.3; color: #000; margin: 0; }
h1 { font-size: 1.25rem; text-align: center; margin: 0 0 0.2em; }
h2 { font-size: 1.07rem; text-align: center; margin: 0.9em 0 0.3em; break-after: avoid; }
h3 { font-size: 1rem; margin: 0.7em 0 0.2em; break-after: avoid; }
p { margin: 0.15em 0; }
p.center { text-align: center; }
p.right { text-align: right; }
p.clause { text-indent: 2.5em; }
p.item { margin-left: 2.5em; text-indent: -1.5em; }
p.note { margin-left: 2.5em; font-size: 0.875rem; font-style: italic; }
p.small, td.small { font-size: 0.75rem; }
.mono { font-family: "DejaVu Sans Mono", monospace; font-size: 0.5rem; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
th, td { border: 1px solid #000; padding: 0.05em 0.4em; vertical-align: top; }
th { font-weight: bold; text-align: center; }
td.n { text-align: right; white-space: nowrap; }
table.clause { width: auto; margin-left: 2.5em; }
table.plain td, table.plain th { border: none; padding: 0 0.4em 0 0; }
section { break-inside: avoid; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
.signs { display: flex; justify-content: space-between; margin-top: 1.2em; break-inside: avoid; }
.sign { width: 32%; text-align: center; }
.closing { margin: 1.5em 0 0 30%; text-align: center; break-inside: avoid; }
.closing p:nth-child(2) { margin-top: 1.5em; }
figure { margin: 0.5em 0; text-align: center; break-inside: avoid; }
figcaption { font-size: 0.875rem; }
footer { margin-top: 1.2em; border-top: 1px solid #000; padding-top: 0.2em; font-size: 0.7rem; }
"""


def esc(text: object) -> str:
    """HTML text content."""
    return _escape(str(text), quote=False)


def attr(text: object) -> str:
    return _escape(str(text), quote=True)


def el(tag: str, content: str, cls: str | None = None, **attrs: str) -> str:
    """An element around already-escaped ``content``."""
    extra = "".join(f' {k.rstrip("_")}="{attr(v)}"' for k, v in attrs.items())
    klass = f' class="{attr(cls)}"' if cls else ""
    return f"<{tag}{klass}{extra}>{content}</{tag}>"


def p(text: str, cls: str | None = None) -> str:
    """A paragraph of plain text."""
    return el("p", esc(text), cls)


def table(head: Iterable[str], rows: Iterable[Iterable[str]], numeric: Iterable[int] = (), cls: str | None = None
          ) -> str:
    """A table of plain-text cells; the columns in ``numeric`` are set right."""
    nums = set(numeric)
    out = ["<table" + (f' class="{cls}"' if cls else "") + ">"]
    head = list(head)
    if head:
        out.append("<thead><tr>" + "".join(el("th", esc(h)) for h in head) + "</tr></thead>")
    out.append("<tbody>")
    for r in rows:
        out.append("<tr>" + "".join(el("td", esc(c), "n" if i in nums else None) for i, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def page(lang: str, title: str, body: Iterable[str], for_print: bool = False, css: str = "") -> str:
    """A whole HTML document: the shared style sheet (fonts for the screen or for the PDF) and ``body``."""
    style = BASE_CSS.replace("FONTS", PRINT_FONTS if for_print else SCREEN_FONTS).replace(
        "SIZE", PRINT_SIZE if for_print else SCREEN_SIZE) + css
    return "\n".join(["<!DOCTYPE html>", f'<html lang="{attr(lang)}">', "<head>", '<meta charset="utf-8">',
                      f"<title>{esc(title)}</title>", "<style>", style.rstrip("\n"), "</style>", "</head>", "<body>",
                      *body, "</body>", "</html>", ""])


__all__ = ["PRINT_FONTS", "SCREEN_FONTS", "attr", "el", "esc", "p", "page", "table"]
