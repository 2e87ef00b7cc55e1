"""Language versions: which constructs are new in ``swf-rules/2``, and the one check that refuses them in a
``swf-rules/1`` file.

This module is the one place both facts about a version-2 construct come from:

- *which constructs need* ``swf-rules/2``: a field new in version 2 carries a :class:`Since` marker in its
  ``Annotated`` metadata (a field whose *values* are partly new, a contribution ``period: week`` or a hyphen in a
  fund id, has a marker with an ``applies`` test); a model class that is new as a whole (an amount type, an
  amendment) sets ``since: ClassVar[int] = 2`` (and ``since_key`` when the key that names it is not ``type``).
  :func:`v2_constructs` walks a validated regulation and yields every outermost version-2 construct; validation
  reports each one in a version-1 file as ``needs-language-2``, at the construct;
- *keeping the bytes of version 1*: a field new in version 2 is declared with :func:`new_field`, which leaves it out
  of every dump while it holds its default, so the fingerprints of version-1 regulations and the bytes of their
  decisions, member histories and claims do not change (the interchange models in :mod:`.history` use it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from pydantic import BaseModel, Field

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
            key = getattr(cls, "since_key", "type")  # an amount type at its value; an amendment at its key
            yield path + (key,), str(getattr(cls, "what", cls.__name__)), str(getattr(cls, "what_th", cls.__name__)), \
                key != "type"
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


__all__ = ["LANGUAGES", "LANGUAGE_1", "LANGUAGE_2", "Since", "new_field", "v2_constructs"]
