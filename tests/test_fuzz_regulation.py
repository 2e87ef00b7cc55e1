"""Totality of the loader and validator: whatever text it is given, ``load_regulation_text`` returns a
:class:`Regulation` or raises the library's own :class:`SwfError`; any other exception fails these tests.
Every problem it reports is a well-formed value (a catalogued code, an English and a Thai message)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swf_rules.core.errors import CATALOG, SwfError
from swf_rules.core.validate import Regulation, load_regulation_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "regulations").glob("*.yaml")) + [ROOT / "tests" / "regulations" / "good" / "minimal.yaml"]
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SOURCES}
DATA = {name: yaml.safe_load(text) for name, text in TEXTS.items()}

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TARGETED = settings(FUZZ, max_examples=100)  # one kind of field at a time: fewer examples suffice


def check_total(text: str | bytes) -> None:
    """The property: a Regulation or an SwfError made of well-formed problems."""
    try:
        reg = load_regulation_text(text, file="fuzz.yaml")
    except SwfError as e:
        assert e.problems, "an error must list at least one problem"
        for p in e.problems:
            assert p.code in CATALOG, p.code
            assert p.message_en.strip() != "", p
            assert p.message_th.strip() != "", p
            assert p.severity in ("error", "warning")
            if p.line is not None:
                assert isinstance(p.line, int) and p.line >= 1, p
                assert isinstance(p.col, int) and p.col >= 1, p
            assert p.render("en").startswith(p.where() + " " + p.code + " ")
            assert p.render("th").startswith(p.where() + " " + p.code + " ")
            json.dumps(p.to_dict(), ensure_ascii=False)
        return
    assert isinstance(reg, Regulation)
    for v in reg.versions:
        assert reg.fingerprint(v).startswith("sha256:")


# ------------------------------------------------------------------------------------------ (a) any YAML
YAML_PIECES = st.sampled_from(list("abcxyz019๑๒ ก-:,.[]{}#&*!|>'\"?%@`\n\t\\/<=") + ["  ", "- ", ": ", "\n  "])


def yaml_text(max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(YAML_PIECES, max_size=max_pieces).map("".join)

# Keys of the regulation language, so that generated mappings reach the validator's deeper checks.
KEYS = st.sampled_from([
    "language", "calendar", "fund", "versions", "id", "name", "th", "en", "place", "version", "title", "effective",
    "until", "adopted", "source", "url", "document", "membership", "clause", "contribution", "amount", "period",
    "starts", "benefits", "kind", "eligibility", "waiting", "days", "months", "years", "age", "min", "max",
    "conditions", "when", "type", "rate", "unit", "caps", "per", "money", "count", "units", "bands", "range", "by",
    "tenure", "rounding", "deadline", "same_event", "excludes", "offsets", "benefit", "fraction", "monotone",
    "claim_fields", "lapse_after", "consecutive", "status", "every", "x",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**6, max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["swf-rules/1", "gregorian", "buddhist", "flat", "rate", "table", "fraction_of", "[0, 1)",
                     "[1, )", "age >= 60", "gpa >= 3.5", "1/2", "12.505", "-5", "2567-01-01", "birth", "month"]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


@FUZZ
@given(yaml_text(120))
def test_arbitrary_yaml_text(text: str) -> None:
    check_total(text)


@FUZZ
@given(st.binary(max_size=80))
def test_arbitrary_bytes(raw: bytes) -> None:
    check_total(raw)


@FUZZ
@given(DOCS)
def test_arbitrary_yaml_documents(data: Any) -> None:
    check_total(yaml.safe_dump(data, allow_unicode=True))


@TARGETED
@given(st.dictionaries(KEYS, DOCS, max_size=6), st.sampled_from(sorted(DATA)))
def test_bundled_regulation_with_arbitrary_top_level(extra: dict[str, Any], name: str) -> None:
    data = {**DATA[name], **extra}
    check_total(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


# ------------------------------------------------------------------------------------------ (b) mutations
def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(paths(v, prefix + (k,)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(paths(v, prefix + (i,)))
    return out


def get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


def copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [copy(v) for v in node]
    return node


MUTATIONS = ["delete", "retype", "duplicate"]


@FUZZ
@given(st.data())
def test_mutated_bundled_regulation_data(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(DATA)), label="file")
    doc = copy(DATA[name])
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        candidates = [p for p in paths(doc) if p]
        if not candidates:
            break
        path = data.draw(st.sampled_from(candidates), label="path")
        parent, key = get(doc, path[:-1]), path[-1]
        how = data.draw(st.sampled_from(MUTATIONS), label="how")
        if how == "delete":
            del parent[key]
        elif how == "retype":
            parent[key] = data.draw(DOCS, label="new value")
        elif isinstance(parent, list):
            parent.insert(key, copy(parent[key]))
        else:
            parent[key] = [copy(parent[key]), copy(parent[key])]
    check_total(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@FUZZ
@given(st.data())
def test_mutated_bundled_regulation_text(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TEXTS)), label="file")
    text = TEXTS[name]
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        pos = data.draw(st.integers(0, max(len(text) - 1, 0)), label="position")
        how = data.draw(st.sampled_from(["insert", "swap", "delete", "replace"]), label="how")
        if how == "insert":
            text = text[:pos] + data.draw(yaml_text(8), label="inserted") + text[pos:]
        elif how == "swap" and pos + 1 < len(text):
            text = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2:]
        elif how == "delete":
            n = data.draw(st.integers(1, 20), label="deleted")
            text = text[:pos] + text[pos + n:]
        else:
            text = text[:pos] + data.draw(st.characters(), label="char") + text[pos + 1:]
    check_total(text)


@TARGETED
@given(st.sampled_from(sorted(TEXTS)), st.sampled_from(["days", "months", "years", "amount", "rate", "money",
                                                          "min", "max", "min_years", "grace_days", "count"]),
       st.one_of(st.integers(min_value=-10**30, max_value=10**30), st.floats(), st.text(max_size=6),
                 st.sampled_from(["๑๒๓", "1,000", "1e5", "0x10", ".inf", "-.nan", "1_000", "๑.๕"])))
def test_numbers_at_every_numeric_key(name: str, key: str, value: Any) -> None:
    """Huge, negative, float and oddly written numbers wherever the language expects a number."""
    doc = copy(DATA[name])
    for path in sorted(paths(doc), key=len, reverse=True):  # deepest first: amount.amount before amount
        if path and path[-1] == key:
            get(doc, path[:-1])[key] = value
    check_total(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@TARGETED
@given(st.sampled_from(sorted(TEXTS)),
       st.lists(st.sampled_from(list("ab_1๒.( )[]<>=!\"',-+*/") + ["age", "and", "or", "not", "in", "และ", "หรือ",
                                                                  "ไม่", "true", "gpa", " "]),
                max_size=40).map("".join))
def test_arbitrary_conditions(name: str, when: str) -> None:
    doc = copy(DATA[name])
    for path in paths(doc):
        if path and path[-1] == "when":
            get(doc, path[:-1])["when"] = when
    check_total(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@TARGETED
@given(st.sampled_from(sorted(TEXTS)),
       st.lists(st.sampled_from(list("[](),  ∞.0123๑5") + ["10", "1.5"]), max_size=14).map("".join))
def test_arbitrary_bands(name: str, band: str) -> None:
    doc = copy(DATA[name])
    for path in paths(doc):
        if path and path[-1] == "range":
            get(doc, path[:-1])["range"] = band
    check_total(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def test_sources_load() -> None:
    """The unmutated sources are valid (so mutations start from a valid document)."""
    for name, text in TEXTS.items():
        assert isinstance(load_regulation_text(text, file=name), Regulation), name
