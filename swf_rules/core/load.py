"""Stage 1 -- load: bytes on disk to plain Python data with a position for every node.

PyYAML's ``compose`` gives a node graph with marks; we build the Python values ourselves so that we can
- refuse duplicate keys (PyYAML silently keeps the last one),
- refuse tags that would construct objects,
- keep floats exact (``FloatLiteral``) so money fields can refuse them with a clear message,
- keep dates as text (``DateText``) so the document's declared calendar decides what they mean,
- read Thai digits in plain scalars as numbers,
- bound the work a hostile file can cause (its size on the bytes read, its number of values counted by libyaml's
  fast parser before the document is built, the expansion of aliases, the digits of a number), and
- record ``path -> (line, col)`` for every key and value.
Nothing here knows what a regulation is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import limits
from .dates import normalise_digits
from .errors import Path, Problem, RegulationError, make_problem
from .limits import MAX_DEPTH, MAX_NODES, NumberTooLarge, json_float, json_int
from .money import FloatLiteral

MAX_BYTES = limits.MAX_REGULATION_BYTES


class DateText(str):
    """Date-looking scalar kept as text until the calendar is known."""


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based
    style: str | None = None  # quoting style of a scalar ('"', "'", '|', '>' or None)


@dataclass
class Document:
    """Loaded data plus where every part of it was written."""

    file: str
    data: Any
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Mark | None:
        """Position of ``path``, or of its nearest existing ancestor."""
        p = tuple(path)
        if key and p in self.keys:
            return self.keys[p]
        while True:
            if p in self.values:
                return self.values[p]
            if p in self.keys:
                return self.keys[p]
            if not p:
                return None
            p = p[:-1]

    def problem(self, code: str, path: Path, *, at_key: bool = False, offset: int | None = None, **kw: Any) -> Problem:
        m = self.locate(path, key=at_key)
        line = m.line if m else None
        col = m.col if m else None
        if m is not None and offset is not None and m.style in (None, '"', "'"):
            col = m.col + offset + (1 if m.style else 0)
        return make_problem(code, path=path, file=self.file, line=line, col=col, **kw)


_SAFE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.values: dict[Path, Mark] = {}
        self.keys: dict[Path, Mark] = {}
        self.count = 0
        self.stack: set[int] = set()
        self.ctor = yaml.SafeLoader("")  # used only for its scalar constructors and resolver

    def fail(self, code: str, node: Any, path: Path, **params: Any) -> None:
        m = node.start_mark
        self.problems.append(
            make_problem(code, path=path, file=self.file, line=m.line + 1, col=m.column + 1, **params)
        )

    def build(self, node: Any, path: Path, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort("alias-bomb", node, path, {"limit": MAX_NODES})
        if depth > MAX_DEPTH:
            raise _Abort("too-deep", node, path, {})
        if id(node) in self.stack:
            raise _Abort("recursive-alias", node, path, {})
        m = node.start_mark
        style = getattr(node, "style", None)
        self.values[path] = Mark(m.line + 1, m.column + 1, style if isinstance(node, ScalarNode) else None)
        if node.tag not in _SAFE_TAGS:
            if node.tag == "tag:yaml.org,2002:merge":
                self.fail("merge-key", node, path)
            else:
                self.fail("unsupported-tag", node, path, tag=node.tag)
            return None
        if isinstance(node, ScalarNode):
            try:
                return self.scalar(node)
            except _TooLarge as t:
                self.fail("number-too-large", node, path, value=limits.shown(t.text), limit=limits.MAX_DIGITS)
                return None
        self.stack.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            out: dict[str, Any] = {}
            first: dict[str, int] = {}
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    self.fail("merge-key", knode, path)
                    continue
                if not isinstance(knode, ScalarNode) or knode.tag not in _SAFE_TAGS:
                    self.fail("non-string-key", knode, path, found=_kind(knode), found_th=_kind_th(knode))
                    continue
                try:
                    kval = self.scalar(knode)
                except _TooLarge:
                    kval = None
                key = kval if isinstance(kval, str) else normalise_digits(str(knode.value))
                km = knode.start_mark
                if key in first:
                    self.fail("duplicate-key", knode, path + (key,), key=key, first_line=first[key],
                              hint=("remove one of them or merge their contents", "ลบคีย์ที่ซ้ำหรือรวมเนื้อหาเข้าด้วยกัน"))
                    continue
                first[key] = km.line + 1
                self.keys[path + (key,)] = Mark(km.line + 1, km.column + 1)
                out[key] = self.build(vnode, path + (key,), depth + 1)
            return out
        finally:
            self.stack.discard(id(node))

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        text = node.value
        if node.style is None and any("๐" <= ch <= "๙" for ch in text):
            # Thai digits in a plain scalar: read it as if written with ASCII digits.
            # Thai digits in a plain scalar that is a number or a date: read it as if written in ASCII digits.
            # Other text keeps its Thai digits for display.
            ascii_text = normalise_digits(text)
            resolved = self.ctor.resolve(ScalarNode, ascii_text, (True, False))
            if resolved in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"):
                tag = resolved
                node = ScalarNode(tag, ascii_text, node.start_mark, node.end_mark, node.style)
                text = ascii_text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return self.ctor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            n = None
            if len(text) <= limits.MAX_INT_TEXT:
                try:
                    n = self.ctor.construct_yaml_int(node)
                except ValueError:
                    n = None
            if n is None or not limits.int_ok(n):
                raise _TooLarge(text)
            return n
        if tag == "tag:yaml.org,2002:float":
            try:
                d = FloatLiteral(text.replace("_", ""))
            except Exception:
                return self.ctor.construct_yaml_float(node)  # .inf / .nan: refused by the models
            if not limits.digits_ok(d):
                raise _TooLarge(text)
            return d
        if tag == "tag:yaml.org,2002:timestamp":
            return DateText(text)
        return str(text)


class _TooLarge(Exception):
    def __init__(self, text: str):
        self.text = text


class _Abort(Exception):
    def __init__(self, code: str, node: Any, path: Path, params: dict[str, Any]):
        self.code, self.node, self.path, self.params = code, node, path, params


def _kind(node: Any) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a scalar"


def _kind_th(node: Any) -> str:
    if isinstance(node, MappingNode):
        return "ชุดของ key: value"
    if isinstance(node, SequenceNode):
        return "รายการ"
    return "ค่าเดี่ยว"


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise RegulationError([make_problem("not-utf8", file=file, line=line, col=col,
                                            byte=f"0x{raw[e.start]:02x}",
                                            hint=("save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8"))]) from None


def read_bytes(path: str | FsPath, error: type = RegulationError) -> bytes:
    """A YAML file's bytes, refused past :data:`MAX_BYTES` read (see :func:`swf_rules.core.limits.read_limited`)."""
    return limits.read_limited(path, MAX_BYTES, error)


def _count_nodes(text: str, file: str) -> None:
    """Refuse a document of more than MAX_NODES values before building it, counting libyaml's parser events (about
    a hundred times faster than composing the document in Python).  Syntax errors are left to the composer, which
    reports them the same way with or without libyaml."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # pragma: no cover - PyYAML built without libyaml: the builder's count still applies
        return
    n = 0
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                n += 1
                if n > MAX_NODES:
                    m = ev.start_mark
                    raise RegulationError([make_problem("too-many-nodes", file=file, line=m.line + 1,
                                                        col=m.column + 1, limit=MAX_NODES)])
    except yaml.YAMLError:
        return


def load_yaml_text(text: str | bytes, file: str = "<string>") -> Document:
    """Parse one YAML document into a :class:`Document`; raise :class:`RegulationError` listing every problem."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise RegulationError([make_problem("file-too-large", file=file, size=len(text), limit=MAX_BYTES)])
        text = _decode(text, file)
    elif len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise RegulationError([make_problem("file-too-large", file=file, size=len(text.encode("utf-8", "replace")),
                                            limit=MAX_BYTES)])
    _count_nodes(text, file)
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        detail = e.problem or e.context or "invalid YAML"
        raise RegulationError([make_problem("yaml-syntax", file=file, line=mark.line + 1 if mark else None,
                                            col=mark.column + 1 if mark else None, detail=detail)]) from None
    except yaml.YAMLError as e:  # reader errors (control characters) and the like
        mark = getattr(e, "problem_mark", None) or getattr(e, "mark", None)
        raise RegulationError([make_problem("yaml-syntax", file=file,
                                            line=(mark.line + 1) if mark else None,
                                            col=(mark.column + 1) if mark else None, detail=str(e).splitlines()[0])]
                              ) from None
    except RecursionError:
        raise RegulationError([make_problem("too-deep", file=file, line=1, col=1)]) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise RegulationError([make_problem("empty-file", file=file, line=1, col=1,
                                            hint=("start from regulations/template.yaml",
                                                  "เริ่มจาก regulations/template.yaml"))])
    if len(nodes) > 1:
        m = nodes[1].start_mark
        raise RegulationError([make_problem("multiple-documents", file=file, line=m.line + 1, col=m.column + 1)])
    root = nodes[0]
    b = _Builder(file)
    try:
        data = b.build(root, ())
    except _Abort as a:
        b.fail(a.code, a.node, a.path, **a.params)
        raise RegulationError(b.problems) from None
    except RecursionError:
        raise RegulationError([make_problem("too-deep", file=file, line=1, col=1)]) from None
    if not isinstance(root, MappingNode):
        b.fail("not-a-mapping", root, (), found=_kind(root), found_th=_kind_th(root))
    if b.problems:
        raise RegulationError(b.problems)
    return Document(file=file, data=data, values=b.values, keys=b.keys)


def load_yaml_file(path: str | FsPath) -> Document:
    return load_yaml_text(read_bytes(path), file=str(path))


def load_json_text(text: str | bytes, file: str = "<json>", error: type = RegulationError) -> Any:
    """JSON with duplicate keys refused and floats kept exact (so money fields can refuse them)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise error([make_problem("not-utf8", file=file, byte=f"0x{text[e.start]:02x}")]) from None

    try:
        return json.loads(text, object_pairs_hook=strict_pairs, parse_float=json_float, parse_int=json_int,
                          parse_constant=nan_literal)
    except NumberTooLarge as n:
        raise error([n.problem(text, file=file)]) from None
    except DuplicateKey as d:
        raise error([make_problem("duplicate-key", file=file, key=d.key, first_line="?")]) from None
    except json.JSONDecodeError as e:
        raise error([make_problem("json-syntax", file=file, line=e.lineno, col=e.colno, detail=e.msg)]) from None
    except RecursionError:
        raise error([make_problem("too-deep", file=file)]) from None


class DuplicateKey(Exception):
    """A JSON object names ``key`` twice (raised by :func:`strict_pairs`)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def strict_pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for every JSON swf-rules reads: a repeated key is refused, not silently overwritten."""
    out = dict(items)
    if len(out) != len(items):
        seen: set[str] = set()
        for k, _ in items:
            if k in seen:
                raise DuplicateKey(k)
            seen.add(k)
    return out


def nan_literal(_: str) -> FloatLiteral:
    """``parse_constant``: NaN/Infinity are kept as a float literal, so money fields refuse them like 0.5."""
    return FloatLiteral("NaN")


def peek_scalar(path: str | FsPath, keys: tuple[str, ...]) -> str | None:
    """The plain value at ``keys`` (``("fund", "id")``) of a YAML file, found by libyaml's event parser without
    building the document: what a directory scan needs to tell a fund's regulation from another fund's without
    paying for loading every file.  None when the file has no such value or is not YAML it can parse; raises
    :class:`RegulationError` when the file cannot be read (missing, too large)."""
    text = _decode(read_bytes(path), str(path))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[list[Any]] = []  # ["map", expecting a key?, last key] or ["seq"]
    seen = 0
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                seen += 1
                if seen > MAX_NODES:
                    return None
            top = stack[-1] if stack else None
            if isinstance(ev, yaml.ScalarEvent) and top is not None and top[0] == "map" and top[1]:
                top[1], top[2] = False, ev.value  # a key
                continue
            if isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
                if isinstance(ev, yaml.ScalarEvent) and \
                        tuple(e[2] for e in stack if e[0] == "map") == keys and all(e[0] == "map" for e in stack):
                    return ev.value
                if top is not None and top[0] == "map":
                    top[1] = True
            elif isinstance(ev, yaml.MappingStartEvent):
                stack.append(["map", True, None])
            elif isinstance(ev, yaml.SequenceStartEvent):
                stack.append(["seq"])
            elif isinstance(ev, yaml.CollectionEndEvent):
                stack.pop()
                if stack and stack[-1][0] == "map":
                    stack[-1][1] = True
    except (yaml.YAMLError, IndexError):
        return None
    return None
