"""The printable document as values -- heading facts, clauses of numbered sentences, tables and notes -- and the
language conventions every part of it shares: how numbers, money and dates are written (:class:`Numbers`), clause
labels, sentences in the document's digits, lists joined with "and"/"or", notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from ...core import model as M
from ...core.dates import normalise_digits
from ...core.money import money_str
from ...core.thaitext import baht_text, english_date, group_digits, thai_date, thai_digits


@dataclass(frozen=True)
class Clause:
    key: str  # "membership" or "benefit:<id>" (stable across versions, used to compare them)
    label: str  # as the fund numbers it, in the document's language: "ข้อ ๒", "Clause 2"
    title: str
    items: tuple[str, ...]  # the clause's sentences, numbered (๑) (๒) ... when printed
    table_head: tuple[str, str] | None = None
    table: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}"

    def lines(self, numbers: "Numbers") -> list[str]:
        """The clause as plain lines (for comparing versions)."""
        out = [self.heading]
        out.extend(f"{numbers.item(i)} {text}" for i, text in enumerate(self.items, 1))
        out.extend(f"{a}: {b}" for a, b in self.table)
        out.extend(f"{numbers.note}: {n}" for n in self.notes)
        return out


@dataclass(frozen=True)
class Document:
    lang: str
    fund_id: str
    version: str
    fingerprint: str
    title: str
    fund_name: str
    fund_line: str
    facts: tuple[tuple[str, str], ...]  # heading facts: (label, value)
    clauses: tuple[Clause, ...]
    notes: tuple[str, ...]
    footer: str
    numbers: "Numbers"

    def heading_lines(self) -> list[str]:
        return [self.title, self.fund_line] + [f"{k}: {v}" for k, v in self.facts]


@dataclass(frozen=True)
class Numbers:
    """How numbers are written in one document: language and digit style."""

    lang: str
    thai: bool  # Thai digits
    term: str = "เงินสมทบ"  # the fund's word for members' contributions (``document.term``: เงินสัจจะ or เงินสมทบ)

    def n(self, x: int | Decimal | str) -> str:
        text = str(x) if not isinstance(x, Decimal) else (money_str(x) if x == x.to_integral_value()
                                                          else format(x.normalize(), "f"))
        return thai_digits(text) if self.thai else text

    def money(self, amount: Decimal, words: bool = True) -> str:
        figures = group_digits(amount)
        if self.lang == "th":
            figures = thai_digits(figures) if self.thai else figures
            return f"{figures} บาท ({baht_text(amount)})" if words else f"{figures} บาท"
        return f"{figures} baht"

    def date(self, d: Any) -> str:
        return thai_date(d, "thai" if self.thai else "arabic") if self.lang == "th" else english_date(d)

    def item(self, i: int) -> str:
        return f"({self.n(i)})"

    @property
    def note(self) -> str:
        return "หมายเหตุ (ค่าที่โครงการกำหนด)" if self.lang == "th" else "Note (illustrative)"

    def text(self, s: str) -> str:
        """Digits inside generated text in the document's style."""
        return thai_digits(s) if self.thai else normalise_digits(s)


def in_lang(lang: str, th: str, en: str) -> str:
    """The Thai or the English wording, for a document in ``lang``."""
    return th if lang == "th" else en


def pick(lang: str, text: Any) -> str:
    """A bilingual text of the regulation (:class:`~swf_rules.core.model.Text`) in ``lang``; other values as text."""
    if isinstance(text, M.Text):
        return text.th if lang == "th" else text.en
    return str(text)


def clause_label(clause: str, lang: str, thai_digits_: bool) -> str:
    """The fund's clause label in the document's language: ``ข้อ ๒`` stays (digits per the file) in Thai and
    becomes ``Clause 2`` in English; ``รายการที่ ๑๔`` becomes ``Item 14``; other labels keep their words."""
    if lang == "th":
        return thai_digits(clause) if thai_digits_ else normalise_digits(clause)
    text = normalise_digits(clause).strip()
    for th, en in (("ข้อ", "Clause"), ("รายการที่", "Item"), ("หมวดที่", "Chapter"), ("หมวด", "Chapter")):
        if text.startswith(th) and re.match(r"^\s*\d", text[len(th):]):
            return en + " " + text[len(th):].strip()
    return text


def clause_number(clause: str) -> tuple[int, ...]:
    """The numbers in a clause label (``ข้อ ๑๔.๒`` -> (14, 2)): the order clauses are printed in."""
    nums = re.findall(r"\d+", normalise_digits(clause))
    return tuple(int(x) for x in nums) if nums else (-1,)


def join_words(lang: str, parts: Sequence[str], word_th: str = "และ", word_en: str = "and") -> str:
    """"a, b and c" in English; "a b และ c" in Thai."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    if lang == "th":
        return " ".join(parts[:-1]) + f" {word_th}" + parts[-1]
    return ", ".join(parts[:-1]) + f" {word_en} " + parts[-1]


def age_bounds(num: Numbers, low: int | None, high: int | None, completed: bool = False) -> str:
    """An age window's bounds in the document's words: ``at least 20 and at most 60``; in Thai ``ไม่ต่ำกว่า ๒๐ ปี
    และไม่เกิน ๖๐ ปี`` (``ปีบริบูรณ์``, completed years, for the lower bound when ``completed``)."""
    if num.lang == "th":
        parts = ([f"ไม่ต่ำกว่า {num.n(low)} ปี{'บริบูรณ์' if completed else ''}"] if low is not None else []) + \
                ([f"ไม่เกิน {num.n(high)} ปี"] if high is not None else [])
    else:
        parts = ([f"at least {low}"] if low is not None else []) + ([f"at most {high}"] if high is not None else [])
    return join_words(num.lang, parts)


def notes_of(lang: str, *values: Any) -> tuple[str, ...]:
    """The ``illustrative`` notes given (texts or lists of texts, ``None`` skipped) in ``lang``, each once."""
    out = []
    for v in values:
        if v is None:
            continue
        for x in (v if isinstance(v, list) else [v]):
            text = pick(lang, x)
            if text not in out:
                out.append(text)
    return tuple(out)


def sentence(lang: str, num: Numbers, text: str) -> str:
    """A generated sentence in the document's digit style (Thai digits throughout when the file asks for them) and
    the fund's own word for members' contributions."""
    if lang == "th" and num.term != "เงินสมทบ":
        text = text.replace("เงินสมทบ", num.term)
    return thai_digits(text) if num.thai else text
