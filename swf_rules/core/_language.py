"""The language version a regulation file declares, and the one check that ties a construct to it.

``language: swf-rules/1`` files keep loading and deciding as they always did; the constructs added by version 2
are accepted only in files that declare ``language: swf-rules/2``.  A version-2 construct in a version-1 file is
refused with one located problem (``needs-language-2``) at the construct, saying what to write instead.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from .errors import Path, Problem

LANGUAGE_1 = "swf-rules/1"
LANGUAGE_2 = "swf-rules/2"


def needs_language_2(doc: Any, language: str, uses: Iterable[tuple[Path, str]]) -> Iterator[Problem]:
    """A ``needs-language-2`` problem at each use (path, construct) of a version-2 construct, unless the file
    declares version 2."""
    if language == LANGUAGE_2:
        return
    for path, construct in uses:
        yield doc.problem("needs-language-2", path, at_key=True, value=construct, language=language,
                          hint=(f"write 'language: {LANGUAGE_2}' at the top of the file",
                                f"เขียน 'language: {LANGUAGE_2}' ที่ต้นไฟล์"))


__all__ = ["LANGUAGE_1", "LANGUAGE_2", "needs_language_2"]
