"""The encoding of a CSV export: UTF-8 (with or without Excel's BOM) or Thai Windows text (cp874, a superset of
TIS-620), detected or declared.

Detection never guesses between look-alikes: a BOM means UTF-8; bytes that are valid UTF-8 are UTF-8 (ASCII is
both); otherwise the bytes must all be cp874 text with Thai letters among them (0xA1-0xFB), else the encoding
cannot be told and the file is refused with the first byte that belongs to neither.
"""

from __future__ import annotations

import codecs

ENCODINGS = {"auto": "auto", "utf-8": "utf-8", "utf8": "utf-8", "cp874": "cp874", "windows-874": "cp874",
             "tis-620": "tis-620", "tis620": "tis-620"}
SAMPLE = 1 << 20  # detection reads at most this much; the rest is checked while it is read


def detect(head: bytes) -> tuple[str | None, int | None]:
    """(encoding, None) for the first bytes of a file, or (None, offset of the first byte that is neither UTF-8 nor
    cp874 text)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        dec.decode(head, final=len(head) < SAMPLE)
        return "utf-8", None
    except UnicodeDecodeError as e:
        utf8_bad = e.start
    try:
        head.decode("cp874")
    except UnicodeDecodeError as e:
        return None, max(utf8_bad, e.start)  # where the encoding that read further breaks
    if any(0xA1 <= b <= 0xFB for b in head):
        return "cp874", None
    return None, utf8_bad


def codec_of(declared: str) -> str:
    """The Python codec of a declared encoding name (``utf-8`` reads a BOM too)."""
    name = ENCODINGS[declared]
    return "utf-8-sig" if name == "utf-8" else name
