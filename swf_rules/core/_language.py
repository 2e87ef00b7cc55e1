"""Language versions: which constructs are new in ``swf-rules/2``, and the one check that refuses them in a
``swf-rules/1`` file.

A field new in version 2 is declared with :func:`new_field` (its ``Since`` marker sits in the field's metadata,
and the field is left out of every dump while it holds its default, so the fingerprints of version-1 files and the
bytes of their decisions do not change).  A field whose *values* are partly new (a contribution ``period: week``, a
hyphen in a fund id) carries a ``Since`` marker with an ``applies`` test.  A model class that is new as a whole (an
amount type) sets ``since: ClassVar[int] = 2``.  :func:`v2_constructs` walks a validated regulation and yields the
path of every outermost version-2 construct; validation reports each one in a version-1 file as
``needs-language-2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, Field

from .errors import Path, Problem

LANGUAGE_1 = "swf-rules/1"
LANGUAGE_2 = "swf-rules/2"
LANGUAGES = (LANGUAGE_1, LANGUAGE_2)


@dataclass(frozen=True)
class Since:
    """Marks a field as new in language ``version``; ``applies`` tells whether a value uses the new construct
    (default: any value other than the field's default)."""

    version: int
    what: str
    what_th: str
    applies: Callable[[Any], bool] | None = None


def _empty(v: Any) -> bool:
    return v is None or v == [] or v == {} or v is False


def new_field(default: Any = None, *, factory: Callable[[], Any] | None = None,
              is_default: Callable[[Any], bool] | None = None) -> Any:
    """A field new in version 2: left out of dumps (and so of fingerprints) while it holds its default."""
    if factory is not None:
        return Field(default_factory=factory, exclude_if=is_default or _empty)
    return Field(default=default, exclude_if=is_default or (lambda v: v == default))


def _marks(cls: type[BaseModel]) -> list[tuple[str, Since, Any]]:
    out = []
    for name, info in cls.model_fields.items():
        for m in info.metadata:
            if isinstance(m, Since):
                out.append((name, m, info.get_default(call_default_factory=True)))
    return out


def v2_constructs(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, str, bool]]:
    """``(path, what, what_th, at_key)`` of every outermost construct of ``node`` that is new in version 2
    (``at_key``: the construct is the key's presence, not its value)."""
    if isinstance(node, BaseModel):
        cls = type(node)
        if getattr(cls, "since", 1) >= 2:
            yield path + ("type",), str(getattr(cls, "what", cls.__name__)), str(getattr(cls, "what_th", cls.__name__)), \
                False
            return
        marked = {}
        for name, m, default in _marks(cls):
            value = getattr(node, name)
            used = m.applies(value) if m.applies is not None else value != default
            if used and m.version >= 2:
                marked[name] = m
        for name in cls.model_fields:
            if name in marked:
                m = marked[name]
                yield path + (name,), m.what, m.what_th, m.applies is None
            else:
                yield from v2_constructs(getattr(node, name), path + (name,))
    elif isinstance(node, (list, tuple)):
        for i, x in enumerate(node):
            yield from v2_constructs(x, path + (i,))
    elif isinstance(node, dict):
        for k, x in node.items():
            yield from v2_constructs(x, path + (k,))


def needs_language_2(doc: Any, language: str, uses: Iterable[tuple[Path, str]]) -> Iterator[Problem]:
    """A ``needs-language-2`` problem at each use (path, construct) of a version-2 construct, unless the file
    declares version 2."""
    if language == LANGUAGE_2:
        return
    for path, construct in uses:
        yield doc.problem("needs-language-2", path, at_key=True, value=construct, value_th=construct,
                          hint=(f"write language: {LANGUAGE_2} at the top of the file",
                                f"เขียน language: {LANGUAGE_2} ที่ต้นไฟล์"))


__all__ = ["LANGUAGES", "LANGUAGE_1", "LANGUAGE_2", "Since", "needs_language_2", "new_field", "v2_constructs"]
