"""The condition language: a small, typed expression language parsed and evaluated by our own code (no eval).

    age >= 60 and tenure_years >= 3
    sex == "female" or children > 1
    level in ["p6", "m3", "m6", "university"] and gpa >= 3.5
    not (status == "suspended")

Grammar (lowest precedence first)::

    expr    := or
    or      := and (("or" | "หรือ") and)*
    and     := not (("and" | "และ") not)*
    not     := ("not" | "ไม่") not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | "true" | "false" | NAME | "(" expr ")" | "[" expr ("," expr)* "]"

Numbers are exact (Decimal); Thai digits are accepted.  Names are facts (see :data:`FACTS` and the benefit's
declared claim fields).  Every name and type is checked when the regulation is validated: an unknown name is an
error with a "did you mean" suggestion, comparing a number with text is an error.
"""

from __future__ import annotations

import difflib
import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping

from .dates import normalise_digits
from .money import CONTEXT

NUM, TEXT, BOOL = "number", "text", "yes_no"

# name -> (type, English description, Thai description)
FACTS: dict[str, tuple[str, str, str]] = {
    "age": (NUM, "member's age in completed years on the event date", "อายุของสมาชิก (ปีเต็ม) ณ วันที่เกิดเหตุ"),
    "age_at_joining": (NUM, "age in completed years when the current membership began",
                       "อายุ (ปีเต็ม) เมื่อเริ่มเป็นสมาชิกครั้งปัจจุบัน"),
    "sex": (TEXT, "\"female\" or \"male\"", "เพศ \"female\" หรือ \"male\""),
    "status": (TEXT, "membership status at the event: active, suspended, lapsed, resigned, expelled, not_member",
               "สถานะสมาชิก ณ วันที่เกิดเหตุ"),
    "arrears": (NUM, "instalments due before the event and still unpaid on it",
                "จำนวนงวดที่ถึงกำหนดก่อนวันเกิดเหตุและยังค้างชำระ"),
    "missed_in_a_row": (NUM, "longest run of consecutive instalments missed (not paid by their deadline) "
                             "in the current membership before the event",
                        "จำนวนงวดที่ขาดส่งติดต่อกันมากที่สุดในช่วงสมาชิกปัจจุบัน"),
    "tenure_days": (NUM, "days of continuous membership (current spell) on the event date",
                    "จำนวนวันที่เป็นสมาชิกต่อเนื่อง (ช่วงปัจจุบัน)"),
    "tenure_years": (NUM, "completed years of continuous membership on the event date",
                     "จำนวนปีเต็มที่เป็นสมาชิกต่อเนื่อง"),
    "cumulative_tenure_days": (NUM, "days of membership summed over all spells",
                               "จำนวนวันที่เป็นสมาชิกรวมทุกช่วง"),
    "cumulative_tenure_years": (NUM, "completed years of membership summed over all spells",
                                "จำนวนปีเต็มที่เป็นสมาชิกรวมทุกช่วง"),
    "units": (NUM, "units claimed (nights in hospital, days, visits)", "จำนวนหน่วยที่ขอ (คืน วัน ครั้ง)"),
    "children": (NUM, "babies born in the delivery", "จำนวนบุตรที่คลอดในครั้งนี้"),
    "event_month": (NUM, "month of the event (1-12)", "เดือนที่เกิดเหตุ (1-12)"),
    "fiscal_year": (NUM, "Thai fiscal year of the event (B.E., ends 30 Sep)", "ปีงบประมาณของวันที่เกิดเหตุ (พ.ศ.)"),
    "paid_before": (NUM, "times this benefit was paid to the member before this claim",
                    "จำนวนครั้งที่เคยได้รับสวัสดิการนี้ก่อนหน้า"),
}

KEYWORDS = {"and": "and", "และ": "and", "or": "or", "หรือ": "or", "not": "not", "ไม่": "not",
            "in": "in", "true": "true", "false": "false", "จริง": "true", "เท็จ": "false"}


class ConditionError(ValueError):
    """A problem in a condition: ``code`` is a problem code, ``offset`` the 0-based column in the text."""

    def __init__(self, code: str, offset: int, detail: str, detail_th: str | None = None,
                 value: str | None = None, hint: str | None = None):
        self.code, self.offset, self.detail, self.value, self.hint = code, offset, detail, value, hint
        self.detail_th = detail_th or detail
        super().__init__(f"{detail} (column {offset + 1})")


@dataclass(frozen=True)
class Tok:
    kind: str  # num, str, name, op, kw, end
    text: str
    pos: int
    value: Any = None


_OPS2 = ("==", "!=", "<=", ">=")
_OPS1 = "<>+-*/()[],"
# Bounds that keep parsing and checking far from Python's recursion limit (a condition is a sentence, not a program).
MAX_TOKENS = 256
MAX_NESTING = 32


def _digit(ch: str) -> bool:
    """ASCII or Thai digit (``str.isdigit`` also accepts '²' and other digits Decimal cannot read)."""
    return "0" <= ch <= "9" or "๐" <= ch <= "๙"


def tokenize(src: str) -> list[Tok]:
    out: list[Tok] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch.isspace():
            i += 1
            continue
        if len(out) >= MAX_TOKENS:
            raise ConditionError("condition-syntax", i,
                                 f"condition is too long (more than {MAX_TOKENS} words and symbols); split it",
                                 f"เงื่อนไขยาวเกินไป (เกิน {MAX_TOKENS} คำและสัญลักษณ์) ให้แยกเป็นหลายเงื่อนไข")
        if _digit(ch):
            j = i
            while j < n and _digit(src[j]):
                j += 1
            if j < n and src[j] == "." and j + 1 < n and _digit(src[j + 1]):
                j += 1
                while j < n and _digit(src[j]):
                    j += 1
            out.append(Tok("num", src[i:j], i, Decimal(normalise_digits(src[i:j]))))
            i = j
            continue
        if ch in "\"'":
            j = i + 1
            while j < n and src[j] != ch:
                j += 1
            if j >= n:
                raise ConditionError("condition-syntax", i, "text starts here but its closing quote is missing",
                                     "ข้อความเริ่มที่นี่แต่ไม่มีเครื่องหมายคำพูดปิด")
            out.append(Tok("str", src[i:j + 1], i, src[i + 1:j]))
            i = j + 1
            continue
        if ch.isalpha() or ch == "_" or "\u0e00" <= ch <= "\u0e7f":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_" or "\u0e00" <= src[j] <= "\u0e7f") \
                    and not ("๐" <= src[j] <= "๙" and j == i):
                j += 1
            word = src[i:j]
            if word in KEYWORDS:
                out.append(Tok("kw", word, i, KEYWORDS[word]))
            else:
                out.append(Tok("name", word, i, word))
            i = j
            continue
        two = src[i:i + 2]
        if two in _OPS2:
            out.append(Tok("op", two, i, two))
            i += 2
            continue
        if ch in _OPS1:
            out.append(Tok("op", ch, i, ch))
            i += 1
            continue
        if ch == "=":
            raise ConditionError("condition-syntax", i, "'=' is not an operator; write '==' to compare",
                                 "'=' ไม่ใช่ตัวดำเนินการ ให้เขียน '==' เพื่อเปรียบเทียบ", hint="==")
        raise ConditionError("condition-syntax", i, f"unexpected character '{ch}'", f"ไม่รู้จักอักขระ '{ch}'")
    out.append(Tok("end", "", n))
    return out


# --------------------------------------------------------------------------------------------- AST
@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Lit(Node):
    value: Any
    type: str


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Unary(Node):
    op: str
    arg: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Node, ...]


class _Parser:
    def __init__(self, src: str):
        self.src = src
        self.toks = tokenize(src)
        self.i = 0
        self.depth = 0

    def nest(self, t: Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError("condition-syntax", t.pos, f"condition is nested more than {MAX_NESTING} deep",
                                 f"เงื่อนไขซ้อนกันลึกเกิน {MAX_NESTING} ชั้น")

    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def is_kw(self, word: str) -> bool:
        return self.tok.kind == "kw" and self.tok.value == word

    def is_op(self, op: str) -> bool:
        return self.tok.kind == "op" and self.tok.value == op

    def expect_op(self, op: str) -> Tok:
        if not self.is_op(op):
            self.error(f"expected '{op}'", f"ต้องมี '{op}'")
        return self.take()

    def error(self, en: str, th: str) -> None:
        t = self.tok
        found = "the end of the condition" if t.kind == "end" else f"'{t.text}'"
        found_th = "จุดสิ้นสุดของเงื่อนไข" if t.kind == "end" else f"'{t.text}'"
        raise ConditionError("condition-syntax", t.pos, f"{en}, found {found}", f"{th} แต่พบ {found_th}")

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ConditionError("condition-syntax", 0, "condition is empty", "เงื่อนไขว่างเปล่า")
        node = self.p_or()
        if self.tok.kind != "end":
            self.error("expected 'and', 'or' or the end of the condition",
                       "ต้องเป็น 'and' 'or' หรือจุดสิ้นสุดของเงื่อนไข")
        return node

    def p_or(self) -> Node:
        node = self.p_and()
        while self.is_kw("or"):
            t = self.take()
            node = Binary(t.pos, "or", node, self.p_and())
        return node

    def p_and(self) -> Node:
        node = self.p_not()
        while self.is_kw("and"):
            t = self.take()
            node = Binary(t.pos, "and", node, self.p_not())
        return node

    def p_not(self) -> Node:
        if self.is_kw("not"):
            t = self.take()
            self.nest(t)
            node = Unary(t.pos, "not", self.p_not())
            self.depth -= 1
            return node
        return self.p_compare()

    def p_compare(self) -> Node:
        node = self.p_sum()
        t = self.tok
        if t.kind == "op" and t.value in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Binary(t.pos, t.value, node, self.p_sum())
        if self.is_kw("in"):
            self.take()
            return Binary(t.pos, "in", node, self.p_sum())
        if self.is_kw("not") and self.toks[self.i + 1].kind == "kw" and self.toks[self.i + 1].value == "in":
            self.take()
            self.take()
            return Binary(t.pos, "not in", node, self.p_sum())
        return node

    def p_sum(self) -> Node:
        node = self.p_product()
        while self.tok.kind == "op" and self.tok.value in ("+", "-"):
            t = self.take()
            node = Binary(t.pos, t.value, node, self.p_product())
        return node

    def p_product(self) -> Node:
        node = self.p_unary()
        while self.tok.kind == "op" and self.tok.value in ("*", "/"):
            t = self.take()
            node = Binary(t.pos, t.value, node, self.p_unary())
        return node

    def p_unary(self) -> Node:
        if self.is_op("-"):
            t = self.take()
            self.nest(t)
            node = Unary(t.pos, "-", self.p_unary())
            self.depth -= 1
            return node
        return self.p_atom()

    def p_atom(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.take()
            return Lit(t.pos, t.value, NUM)
        if t.kind == "str":
            self.take()
            return Lit(t.pos, t.value, TEXT)
        if t.kind == "kw" and t.value in ("true", "false"):
            self.take()
            return Lit(t.pos, t.value == "true", BOOL)
        if t.kind == "name":
            self.take()
            return Name(t.pos, t.value)
        if self.is_op("("):
            self.nest(self.take())
            node = self.p_or()
            self.expect_op(")")
            self.depth -= 1
            return node
        if self.is_op("["):
            self.nest(self.take())
            items = [self.p_or()]
            while self.is_op(","):
                self.take()
                items.append(self.p_or())
            self.expect_op("]")
            self.depth -= 1
            return ListLit(t.pos, tuple(items))
        self.error("expected a value, a name or '('", "ต้องเป็นค่า ชื่อ หรือ '('")
        raise AssertionError  # unreachable


def parse(src: str) -> Node:
    return _Parser(src).parse()


# --------------------------------------------------------------------------------------------- types
def check(node: Node, names: Mapping[str, str]) -> str:
    """Static type of ``node`` given the types of the names in scope; raises :class:`ConditionError`."""
    if isinstance(node, Lit):
        return node.type
    if isinstance(node, Name):
        if node.name not in names:
            close = difflib.get_close_matches(node.name, list(names), n=1, cutoff=0.6)
            hint = close[0] if close else None
            detail = f"unknown name '{node.name}'" + (f"; did you mean '{hint}'?" if hint else "")
            detail_th = f"ไม่รู้จักชื่อ '{node.name}'" + (f" หมายถึง '{hint}' หรือไม่" if hint else "")
            raise ConditionError("unknown-fact", node.pos, detail, detail_th, value=node.name, hint=hint)
        return names[node.name]
    if isinstance(node, ListLit):
        types = {check(i, names) for i in node.items}
        if len(types) != 1:
            raise ConditionError("condition-type", node.pos, "a list must hold values of one type",
                                 "รายการต้องมีค่าชนิดเดียวกัน")
        return "list:" + types.pop()
    if isinstance(node, Unary):
        t = check(node.arg, names)
        want = BOOL if node.op == "not" else NUM
        if t != want:
            raise _type_error(node.pos, node.op, want, t)
        return want
    assert isinstance(node, Binary)
    lt, rt = check(node.left, names), check(node.right, names)
    if node.op in ("and", "or"):
        for t in (lt, rt):
            if t != BOOL:
                raise _type_error(node.pos, node.op, BOOL, t)
        return BOOL
    if node.op in ("+", "-", "*", "/"):
        for t in (lt, rt):
            if t != NUM:
                raise _type_error(node.pos, node.op, NUM, t)
        return NUM
    if node.op in ("in", "not in"):
        if rt != "list:" + lt:
            raise ConditionError("condition-type", node.pos,
                                 f"'{node.op}' needs a list of {lt} values on its right, found {rt}",
                                 f"'{node.op}' ต้องมีรายการของค่าชนิด {lt} ทางขวา แต่พบ {rt}")
        return BOOL
    if lt != rt:
        raise ConditionError("condition-type", node.pos, f"cannot compare {lt} with {rt}",
                             f"เปรียบเทียบ {lt} กับ {rt} ไม่ได้")
    if node.op in ("<", "<=", ">", ">=") and lt != NUM:
        raise _type_error(node.pos, node.op, NUM, lt)
    return BOOL


def _type_error(pos: int, op: str, want: str, got: str) -> ConditionError:
    return ConditionError("condition-type", pos, f"'{op}' needs {want} values, found {got}",
                          f"'{op}' ต้องใช้ค่าชนิด {want} แต่พบ {got}")


# --------------------------------------------------------------------------------------------- evaluation
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def compile_node(node: Node) -> Callable[[Mapping[str, Any]], Any]:
    """Turn a checked AST into a closure over a facts mapping (done once per regulation)."""
    if isinstance(node, Lit):
        v = node.value
        return lambda f: v
    if isinstance(node, Name):
        name = node.name
        return lambda f: f[name]
    if isinstance(node, ListLit):
        items = [compile_node(i) for i in node.items]
        return lambda f: [i(f) for i in items]
    if isinstance(node, Unary):
        arg = compile_node(node.arg)
        if node.op == "not":
            return lambda f: not arg(f)
        return lambda f: CONTEXT.minus(arg(f))
    assert isinstance(node, Binary)
    left, right = compile_node(node.left), compile_node(node.right)
    op = node.op
    if op == "and":
        return lambda f: left(f) and right(f)
    if op == "or":
        return lambda f: left(f) or right(f)
    if op == "in":
        return lambda f: left(f) in right(f)
    if op == "not in":
        return lambda f: left(f) not in right(f)
    if op in _CMP:
        cmp = _CMP[op]
        return lambda f: cmp(left(f), right(f))
    arith = {"+": CONTEXT.add, "-": CONTEXT.subtract, "*": CONTEXT.multiply, "/": _safe_div}[op]
    return lambda f: arith(Decimal(left(f)), Decimal(right(f)))


def _safe_div(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        return Decimal(0)  # documented: division by zero is 0, never an exception in a payout decision
    return CONTEXT.divide(a, b)


def names_in(node: Node) -> set[str]:
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return names_in(node.arg)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    if isinstance(node, ListLit):
        out: set[str] = set()
        for i in node.items:
            out |= names_in(i)
        return out
    return set()


@dataclass(frozen=True)
class CompiledCondition:
    source: str
    names: frozenset[str]
    fn: Callable[[Mapping[str, Any]], Any]

    @property
    def sorted_names(self) -> tuple[str, ...]:
        """The names in a fixed order (an explanation lists their values in this order)."""
        out = self.__dict__.get("_sorted")
        if out is None:
            out = tuple(sorted(self.names))
            object.__setattr__(self, "_sorted", out)
        return out

    def __call__(self, facts: Mapping[str, Any]) -> bool:
        return bool(self.fn(facts))


def compile_condition(src: str, names: Mapping[str, str]) -> CompiledCondition:
    """Parse, type-check (must be yes/no) and compile; raises :class:`ConditionError`."""
    node = parse(src)
    t = check(node, names)
    if t != BOOL:
        raise ConditionError("condition-type", 0, f"a condition must be true or false, this is a {t}",
                             f"เงื่อนไขต้องให้ผลเป็นจริงหรือเท็จ แต่นี่เป็นค่าชนิด {t}")
    return CompiledCondition(src, frozenset(names_in(node)), compile_node(node))


def fact_types(claim_fields: Mapping[str, str] | None = None) -> dict[str, str]:
    out = {k: v[0] for k, v in FACTS.items()}
    for k, t in (claim_fields or {}).items():
        out[k] = t
    return out


_PREC = {"or": 1, "and": 2, "not": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4, "not in": 4,
         "+": 5, "-": 5, "*": 6, "/": 6}


def unparse(node: Node, parent: int = 0) -> str:
    """Canonical text of a condition (used by the fingerprint: spacing and Thai keywords do not change it)."""
    if isinstance(node, Lit):
        if node.type == TEXT:
            return '"' + str(node.value) + '"'
        if node.type == BOOL:
            return "true" if node.value else "false"
        return str(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, ListLit):
        return "[" + ", ".join(unparse(i) for i in node.items) + "]"
    if isinstance(node, Unary):
        if node.op == "not":
            text = "not " + unparse(node.arg, _PREC["not"])
            return f"({text})" if parent > _PREC["not"] else text
        return "-" + unparse(node.arg, 7)
    assert isinstance(node, Binary)
    p = _PREC[node.op]
    text = f"{unparse(node.left, p)} {node.op} {unparse(node.right, p + 1)}"
    return f"({text})" if parent > p else text


def canonical(src: str) -> str:
    return unparse(parse(src))
