"""A document printed: Markdown, or HTML laid out for A4 paper (Thai fonts, clauses kept on one page where they
fit).  The page frame and the escaping are shared with the printed diff (:mod:`._diff`)."""

from __future__ import annotations

import re
from html import escape as _escape

from ._document import Document, in_lang


def escape(text: str) -> str:
    """HTML text content (quotes need no escaping outside attributes)."""
    return _escape(text, quote=False)


# ------------------------------------------------------------------------------------------ Markdown
def md(text: str) -> str:
    """Escape what Markdown would read as markup in running text (emphasis, code, table cells, HTML)."""
    return re.sub(r"([\\`*|<])", r"\\\1", text)


def _md_value(text: str) -> str:
    return f"<{text}>" if re.match(r"^https?://\S+$", text) else md(text)


def markdown(doc: Document) -> str:
    num = doc.numbers
    out = [f"# {md(doc.title)}", "", f"**{md(doc.fund_line)}**", ""]
    out.extend(f"- {md(k)}: {_md_value(v)}" for k, v in doc.facts)
    for c in doc.clauses:
        out += ["", f"## {md(c.heading)}", ""]
        for i, item in enumerate(c.items, 1):
            out += [f"{num.item(i)} {md(item)}", ""]
        if c.table_head:
            out += [f"| {md(c.table_head[0])} | {md(c.table_head[1])} |", "| --- | ---: |"]
            out += [f"| {md(a)} | {md(b)} |" for a, b in c.table]
            out.append("")
        for n in c.notes:
            out += [f"> {num.note}: {md(n)}", ""]
        while out and out[-1] == "":
            out.pop()
    if doc.notes:
        out += ["", f"## {in_lang(doc.lang, 'หมายเหตุ', 'Notes')}", ""]
        out.extend(f"- {md(n)}" for n in doc.notes)
    out += ["", "---", "", f"*{md(doc.footer)}*", ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ HTML (A4 print)
CSS = """@page { size: A4; margin: 2.5cm 2cm 2cm 3cm; }
body { font-family: "TH Sarabun New", "TH SarabunPSK", "Sarabun", "Noto Sans Thai", "Tahoma", sans-serif;
       font-size: 16pt; line-height: 1.35; color: #000; max-width: 17cm; margin: 0 auto; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 0.3em; }
h2 { font-size: 16pt; margin: 1em 0 0.3em; page-break-after: avoid; break-after: avoid; }
p.fund { text-align: center; font-weight: bold; margin: 0 0 0.8em; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0 1em; margin: 0 0 1em; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
section.clause { page-break-inside: avoid; break-inside: avoid; }
p.item { margin: 0.15em 0 0.15em 2.5em; text-indent: -2em; }
p.note { margin: 0.3em 0 0.3em 2.5em; font-size: 14pt; font-style: italic; }
table { border-collapse: collapse; margin: 0.4em 0 0.4em 2.5em; }
th, td { border: 1px solid #000; padding: 0.1em 0.6em; vertical-align: top; }
td.amount { text-align: right; }
table.diff { margin: 0.4em 0; width: 100%; table-layout: fixed; font-size: 14pt; }
table.diff td p { margin: 0 0 0.2em; }
del { background: #fdd; text-decoration: line-through; } ins { background: #dfd; text-decoration: none; }
footer { margin-top: 2em; font-size: 12pt; border-top: 1px solid #000; padding-top: 0.3em; }
"""


def html_page(lang: str, title: str, body: list[str]) -> str:
    """A whole HTML page around ``body`` lines, with the print style sheet."""
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>",
        CSS.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])


def html(doc: Document) -> str:
    num = doc.numbers
    body = ["<article>", f"<h1>{escape(doc.title)}</h1>", f'<p class="fund">{escape(doc.fund_line)}</p>',
            '<dl class="facts">']
    body += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts]
    body.append("</dl>")
    for c in doc.clauses:
        body.append(f'<section class="clause" id="{escape(c.key.replace(":", "-"))}">')
        body.append(f"<h2>{escape(c.heading)}</h2>")
        body += [f'<p class="item">{escape(num.item(i))} {escape(t)}</p>' for i, t in enumerate(c.items, 1)]
        if c.table_head:
            body.append(f"<table><thead><tr><th>{escape(c.table_head[0])}</th><th>{escape(c.table_head[1])}</th>"
                        "</tr></thead><tbody>")
            body += [f'<tr><td>{escape(a)}</td><td class="amount">{escape(b)}</td></tr>' for a, b in c.table]
            body.append("</tbody></table>")
        body += [f'<p class="note">{escape(num.note)}: {escape(n)}</p>' for n in c.notes]
        body.append("</section>")
    if doc.notes:
        body.append(f"<h2>{escape(in_lang(doc.lang, 'หมายเหตุ', 'Notes'))}</h2>")
        body.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in doc.notes) + "</ul>")
    body.append(f"<footer>{escape(doc.footer)}</footer>")
    body.append("</article>")
    return html_page(doc.lang, doc.title, body)


def render(doc: Document, fmt: str) -> str:
    """The document as ``md`` (Markdown) or HTML."""
    return markdown(doc) if fmt == "md" else html(doc)
