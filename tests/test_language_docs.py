"""Every ``yaml`` example in docs/language.md runs as a test.

Each block is preceded by an HTML comment naming what it is (see section 18 of the page):

    <!-- example: file [base] [error CODE] -->          a complete regulation file
    <!-- example: root|version|membership [error CODE] --> keys put into the base file / its first version
    <!-- example: benefit [error CODE] -->               a list of benefits added to the first version
    <!-- example: amount|eligibility ID [error CODE] --> keys put into benefit ID of the first version
    <!-- example: PLACE ... v2 ... -->                  the same, with the base file declaring swf-rules/2
    <!-- decision: {"member": {...}, "claims": [...], "expect": [...], "payees": [[...], ...]} -->   (after the block)

The base file is the example marked ``file base`` (section 1 of the page).  Snippets are read with the library's
own loader (so Thai digits, floats, duplicate keys and dates mean what they mean in a real file), merged into the
base data and validated.  Decisions are evaluated with ``swf_rules.testing.history``/``claim`` and must give the
exact amounts, which the text after the block must print in bold.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from swf_rules import Engine, RegulationError
from swf_rules.core import model as M
from swf_rules.core.conditions import FACTS
from swf_rules.core.load import Document, load_yaml_text
from swf_rules.testing import claim, history
from swf_rules.core.validate import Regulation, validate_document

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "language.md"
PLACES = ("file", "root", "version", "membership", "benefit", "amount", "eligibility")
COMMENT = re.compile(r"^<!--\s*(example|decision):\s*(.*?)\s*-->\s*$")


@dataclass
class Example:
    line: int  # 1-based line of the opening fence
    text: str
    place: str
    target: str | None = None
    base: bool = False
    v2: bool = False  # the base file declares language: swf-rules/2
    error: str | None = None
    decision: dict[str, Any] | None = None
    after: str = ""  # prose after the block, up to the next block or heading

    @property
    def id(self) -> str:
        tail = f" {self.target}" if self.target else ""
        err = f" error {self.error}" if self.error else ""
        return f"L{self.line}-{self.place}{tail}{' v2' if self.v2 else ''}{err}"


def _parse_example_comment(spec: str, line: int) -> dict[str, Any]:
    words = spec.split()
    assert words and words[0] in PLACES, f"line {line}: unknown example place in '{spec}'"
    out: dict[str, Any] = {"place": words[0]}
    rest = words[1:]
    if "v2" in rest:
        out["v2"] = True
        rest = [w for w in rest if w != "v2"]
    if "error" in rest:
        i = rest.index("error")
        assert len(rest) == i + 2, f"line {line}: 'error' needs exactly one code: '{spec}'"
        out["error"] = rest[i + 1]
        rest = rest[:i]
    if out["place"] == "file":
        assert rest in ([], ["base"]), f"line {line}: '{spec}'"
        out["base"] = rest == ["base"]
    elif out["place"] in ("amount", "eligibility"):
        assert len(rest) == 1, f"line {line}: '{spec}' must name the benefit"
        out["target"] = rest[0]
    else:
        assert rest == [], f"line {line}: unexpected words in '{spec}'"
    return out


def parse_doc(text: str) -> list[Example]:
    lines = text.split("\n")
    examples: list[Example] = []
    pending: list[tuple[int, str, str]] = []
    current: Example | None = None  # the last block, still collecting its decision comment and prose
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = COMMENT.match(ln)
        if ln.startswith("```yaml"):
            start = i + 1
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            specs = [p for p in pending if p[1] == "example"]
            assert len(specs) == 1, f"line {start}: a yaml block needs exactly one <!-- example: ... --> before it"
            ex = Example(line=start, text="\n".join(lines[i + 1:j]) + "\n",
                         **_parse_example_comment(specs[0][2], specs[0][0]))
            examples.append(ex)
            current = ex
            pending = []
            i = j + 1
            continue
        if m and m.group(1) == "decision":
            assert current is not None and current.decision is None, f"line {i + 1}: decision without a block"
            current.decision = json.loads(m.group(2))
        elif m:
            pending.append((i + 1, m.group(1), m.group(2)))
            current = None if current is None else current
        elif ln.startswith("#") or ln.startswith("```"):
            current = None
            pending = []
        elif ln.strip():
            pending = []
            if current is not None:
                current.after += ln + "\n"
        i += 1
    return examples


TEXT = DOC.read_text(encoding="utf-8")
EXAMPLES = parse_doc(TEXT)
_bases = [e for e in EXAMPLES if e.base]
assert len(_bases) == 1, "docs/language.md must mark exactly one complete file as 'file base'"
BASE_TEXT = _bases[0].text


def _load(text: str, name: str) -> Any:
    return load_yaml_text(text, file=name).data


def build(ex: Example) -> Regulation:
    """The regulation an example stands for (raises RegulationError for a wrong one)."""
    name = f"docs/language.md#L{ex.line}"
    if ex.place == "file":
        return validate_document(load_yaml_text(ex.text, file=name))
    wrapped = "_:\n" + "".join("  " + ln + "\n" for ln in ex.text.rstrip("\n").split("\n"))
    snippet = _load(wrapped, name)["_"]
    data = copy.deepcopy(_load(BASE_TEXT, "base"))
    if ex.v2:
        data["language"] = "swf-rules/2"
    version = data["versions"][0]
    if ex.place == "root":
        assert isinstance(snippet, dict)
        data.update(snippet)
    elif ex.place == "version":
        assert isinstance(snippet, dict)
        version.update(snippet)
    elif ex.place == "membership":
        assert isinstance(snippet, dict) and set(snippet) == {"membership"}, name
        version.update(snippet)
    elif ex.place == "benefit":
        assert isinstance(snippet, list), f"{name}: a benefit example is a list of benefits"
        for b in snippet:
            ids = [x["id"] for x in version["benefits"]]
            if ex.error is None and b["id"] in ids:
                version["benefits"][ids.index(b["id"])] = b
            else:
                version["benefits"].append(b)
    else:  # amount / eligibility: keys of one benefit
        assert isinstance(snippet, dict)
        matches = [b for b in version["benefits"] if b["id"] == ex.target]
        assert len(matches) == 1, f"{name}: no benefit '{ex.target}' in the base file"
        matches[0].update(snippet)
    return validate_document(Document(file=name, data=data))


def check_decision(ex: Example, reg: Regulation) -> None:
    spec = ex.decision
    assert spec is not None
    member = history(**spec.get("member", {}))
    claims = []
    for i, c in enumerate(spec["claims"]):
        kw = dict(c)
        benefit = kw.pop("benefit")
        event = kw.pop("event_date")
        kw.setdefault("claim_id", f"c-{i + 1}")
        claims.append(claim(benefit, event, **kw))
    decisions = {d.claim_id: d for d in Engine(reg).evaluate_batch([member], claims)}
    got = []
    for c in claims:
        d = decisions[c.claim_id]
        if d.eligible:
            got.append(str(d.amount))
        else:
            got.append("ineligible: " + ", ".join(r["check"] for r in d.failing))
    assert got == spec["expect"], f"{ex.id}: decisions {got} but the page says {spec['expect']}"
    if "payees" in spec:  # v2: each claim's recipients' amounts, in order (null: the decision names none)
        paid = [[p["amount"] for p in decisions[c.claim_id].payees] if decisions[c.claim_id].payees is not None
                else None for c in claims]
        assert paid == spec["payees"], f"{ex.id}: payees {paid} but the page says {spec['payees']}"
        for amounts in spec["payees"]:
            for a in amounts or []:
                assert f"**{a}**" in ex.after, f"{ex.id}: the text after the block must print **{a}**"
    for e in spec["expect"]:
        if e.startswith("ineligible: "):
            for check in e[len("ineligible: "):].split(", "):
                assert f"`{check}`" in ex.after, f"{ex.id}: the text after the block must name `{check}`"
        else:
            assert f"**{e}**" in ex.after, f"{ex.id}: the text after the block must print **{e}**"


def run_example(ex: Example) -> str:
    """Run one example; returns what was checked ("valid", "error CODE", "decision")."""
    if ex.error is not None:
        with pytest.raises(RegulationError) as info:
            build(ex)
        codes = [p.code for p in info.value.problems]
        assert codes == [ex.error], f"{ex.id}: expected exactly [{ex.error}], got {codes}"
        assert ex.decision is None
        return f"error {ex.error}"
    reg = build(ex)
    assert isinstance(reg, Regulation)
    if ex.decision is not None:
        check_decision(ex, reg)
        return "decision"
    return "valid"


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example(ex: Example) -> None:
    run_example(ex)


def test_every_yaml_block_is_an_example_and_every_example_runs() -> None:
    fences = len(re.findall(r"^```yaml\s*$", TEXT, flags=re.M))
    ran = [run_example(ex) for ex in EXAMPLES]
    assert len(ran) == len(EXAMPLES) == fences
    # every decision comment and every error comment on the page was run as such
    assert len(re.findall(r"^<!-- decision:", TEXT, flags=re.M)) == ran.count("decision")
    assert len(re.findall(r"^<!-- example: .* error ", TEXT, flags=re.M)) == sum(r.startswith("error ") for r in ran)
    assert sorted(set(ran)) == sorted({"valid", "decision"} | {r for r in ran if r.startswith("error ")})


def test_base_example_is_a_complete_regulation_with_the_benefits_the_snippets_use() -> None:
    reg = build(_bases[0])
    assert reg.fund_id == "example"
    assert [b.id for b in reg.versions[0].benefits] == ["birth", "hospital", "elderly", "death"]


def test_fact_table_lists_exactly_the_facts_of_the_condition_language() -> None:
    section = TEXT.split("### Facts", 1)[1].split("<!--", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (\w+) \| (.+?) \| (.+?) \|$", section, flags=re.M)
    assert [(n, t, en, th) for n, t, en, th in rows] == [(k, *v) for k, v in FACTS.items()]


def _literals(tp: Any) -> list[str]:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return [a for a in typing.get_args(tp) if isinstance(a, str)]
    out: list[str] = []
    for a in typing.get_args(tp):
        out.extend(_literals(a))
    return out


def test_every_key_and_keyword_of_the_language_is_documented() -> None:
    missing = []
    for name in dir(M):
        cls = getattr(M, name)
        if not (isinstance(cls, type) and issubclass(cls, M.Model) and cls is not M.Model):
            continue
        for fname, f in cls.model_fields.items():
            if f"`{fname}" not in TEXT and f"{fname}:" not in TEXT:
                missing.append(f"{name}.{fname}")
            for word in _literals(f.annotation):
                if f"`{word}`" not in TEXT and f" {word}" not in TEXT:
                    missing.append(f"{name}.{fname}={word}")
    assert missing == []
