"""The cost of a draft: re-decide a population's claims under the current regulation and under a draft.

A committee drafting a change wants to know, before the members' meeting votes, what it costs and whom it
changes things for.  :func:`compare` decides every claim twice, each side with
:meth:`~swf_rules.Engine.evaluate_batch` (so the payouts of earlier claims count toward the caps of later ones on
each side separately), and reports per Thai fiscal year and benefit: how many claims, how many decisions change
(eligibility or amount), how many members are affected, and the money paid before and after.

Which versions are compared:

- **The draft** is one version (``draft_version``, default the latest in the draft file), applied to *every*
  claim "as if adopted": :func:`as_if_adopted` builds a regulation whose only version is the draft with its
  effective date moved back to the earliest claim (when it is later than that) and no end date.  The file on disk
  is not changed; the moved date is reported.
- **The current side** is either one pinned version applied the same way (``current_version``), or, by default,
  the current file's versions as each was in force on the claim's event date.  When the current and the draft
  file are the same file, the versions from the draft version on are left out of the current side
  (:func:`before_version`).

A claim for a benefit that one side does not have is decided as "no such benefit" (not eligible, 0 baht) on
that side; a benefit that neither side has is an error in the claims file.  Money is Decimal throughout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..core import model as M
from ..core.dates import fiscal_year
from ..core.errors import InputError, LookupProblem, Problem, SwfError, UsageError, make_problem
from ..core import Decision, Engine
from ..core.explain import explain
from ..core.history import Claim, Member
from ..core.money import ZERO, money_str
from ..core.validate import Regulation


# ------------------------------------------------------------------------------------------ choosing versions
def as_if_adopted(regulation: Regulation, version: M.Version, earliest: date | None) -> Regulation:
    """A regulation whose only version is ``version``, in force from ``earliest`` (or its own effective date if
    that is earlier) with no end date: the draft applied to every claim."""
    effective = version.effective if earliest is None or version.effective <= earliest else earliest
    v = version.model_copy(update={"effective": effective, "until": None})
    f = regulation.file.model_copy(update={"versions": [v]})
    return Regulation(f, regulation.path, regulation.origin)


def before_version(regulation: Regulation, version: M.Version) -> Regulation:
    """The regulation's history up to (not including) ``version``: the current side when the draft is a later
    version of the same file."""
    kept = [v for v in regulation.versions if v.effective < version.effective]
    if not kept:
        raise UsageError(f"{regulation.path}: no version takes effect before version {version.version}; "
                         "give --current-version")
    f = regulation.file.model_copy(update={"versions": kept})
    return Regulation(f, regulation.path, regulation.origin)


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the regulation to decide with and how it was chosen (for the report)."""

    regulation: Regulation
    file: str
    mode: str  # "pinned" (one version for every claim) or "in_force" (the version in force on each date)
    versions: tuple[tuple[str, str], ...]  # (label, fingerprint of the version as written in the file)
    applied_from: date | None = None  # pinned: the date the version is treated as in force from

    @property
    def label(self) -> str:
        return f"{self.regulation.fund_id} {', '.join(v for v, _ in self.versions)}"

    @property
    def applied_fingerprint(self) -> str | None:
        """Pinned: the fingerprint of the version as applied (its effective date moved), which the decisions and
        their explanations carry; it equals the file's fingerprint when the date did not have to move."""
        if self.mode != "pinned":
            return None
        return self.regulation.fingerprint(self.regulation.versions[0])

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.regulation.fund_id, "file": self.file, "mode": self.mode,
                "versions": [{"version": v, "fingerprint": fp} for v, fp in self.versions],
                "applied_from": None if self.applied_from is None else self.applied_from.isoformat(),
                "applied_fingerprint": self.applied_fingerprint}


def pinned(regulation: Regulation, label: str | None, claims: Sequence[Claim], file: str) -> Side:
    """One version (``label``, default the latest) applied to every claim."""
    version = find_version(regulation, label, file) if label is not None else regulation.versions[-1]
    earliest = min((c.event_date for c in claims), default=None)
    reg = as_if_adopted(regulation, version, earliest)
    return Side(reg, file, "pinned", ((version.version, regulation.fingerprint(version)),),
                reg.versions[0].effective)


def find_version(regulation: Regulation, label: str, file: str) -> M.Version:
    """Version ``label`` of a regulation; an unknown label is a located error listing the file's versions."""
    for v in regulation.versions:
        if v.version == label:
            return v
    labels = ", ".join(v.version for v in regulation.versions)
    raise LookupProblem([make_problem("unknown-regulation", file=file, path=("versions",),
                                      value=f"{regulation.fund_id} {label}",
                                      hint=(f"versions in this file: {labels}", f"ฉบับในไฟล์นี้: {labels}"))])


def in_force(regulation: Regulation, file: str, *, before: M.Version | None = None) -> Side:
    """The versions as each was in force on a claim's date (up to, not including, ``before``)."""
    reg = before_version(regulation, before) if before is not None else regulation
    return Side(reg, file, "in_force", tuple((v.version, regulation.fingerprint(v)) for v in reg.versions))


# ------------------------------------------------------------------------------------------ one side's decisions
@dataclass(frozen=True)
class Outcome:
    eligible: bool
    amount: Decimal
    version: str | None  # None: the benefit does not exist on this side
    decision: Decision | None

    @property
    def key(self) -> tuple[bool, Decimal]:
        return (self.eligible, self.amount)


@dataclass(frozen=True)
class Population:
    members: list[Member]
    claims: list[Claim]
    members_file: str | None = None
    claims_file: str | None = None
    claims_prefix: tuple[str | int, ...] = ()  # JSON path of the claims list in its file

    def claim_path(self, i: int, *rest: str | int) -> tuple[str | int, ...]:
        return self.claims_prefix + (i,) + rest


MAX_POPULATION_BYTES = 1 << 30  # members and claims files of a whole fund are far larger than a regulation


def _read_rows(path: str | Path, key: str, parse: Any) -> tuple[list[Any], list[Any], tuple[str, ...], list[Problem]]:
    """A JSON list of rows, or ``{"calendar": ..., key: [...]}``: (parsed rows, raw rows, JSON path of the list,
    problems).  Every bad row is reported with the file and its JSON path; good rows are still returned so that
    checks across rows can run in the same pass."""
    from ..core.history import parse_rows
    from ..core.load import load_json_text
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_POPULATION_BYTES:
            raise InputError([make_problem("file-too-large", file=file, size=size, limit=MAX_POPULATION_BYTES)])
        raw_bytes = p.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise InputError([make_problem("file-not-found", file=file)]) from None
    data = load_json_text(raw_bytes, file=file, error=InputError)
    prefix: tuple[str, ...] = ()
    calendar = None
    if isinstance(data, dict) and key in data:
        prefix, calendar, data = (key,), data.get("calendar"), data[key]
    if not isinstance(data, list):
        raise InputError([make_problem("wrong-type", file=file, path=prefix, expected=f"a list of {key}",
                                       found=type(data).__name__)])
    rows, problems = parse_rows(data, parse, file, prefix, calendar)
    return rows, data, prefix, problems


def load_population(members_path: str | Path, claims_path: str | Path) -> Population:
    """Members and claims files (JSON lists, or ``{"calendar": ..., "members"/"claims": [...]}``), every problem
    in both reported at once with its file and JSON path: bad rows, duplicate ids, claims for unknown members."""
    from ..core.history import parse_claim, parse_member
    problems: list[Problem] = []
    mfile, cfile = str(members_path), str(claims_path)
    members: list[Member] = []
    claims: list[Claim] = []
    raw_members: list[Any] = []
    raw_claims: list[Any] = []
    mprefix: tuple[str, ...] = ()
    cprefix: tuple[str, ...] = ()
    try:
        members, raw_members, mprefix, found = _read_rows(members_path, "members", parse_member)
        problems.extend(found)
    except InputError as e:
        problems.extend(e.problems)
    try:
        claims, raw_claims, cprefix, found = _read_rows(claims_path, "claims", parse_claim)
        problems.extend(found)
    except InputError as e:
        problems.extend(e.problems)
    seen: dict[str, int] = {}
    for i, m in enumerate(raw_members):
        mid = m.get("member_id") if isinstance(m, dict) else None
        if not isinstance(mid, str):
            continue
        if mid in seen:
            problems.append(make_problem("duplicate-member-id", file=mfile, path=mprefix + (i, "member_id"),
                                         value=mid, first=seen[mid]))
        else:
            seen[mid] = i
    seen_claims: set[str] = set()
    for i, c in enumerate(raw_claims):
        if not isinstance(c, dict):
            continue
        cid, mid = c.get("claim_id"), c.get("member_id")
        if isinstance(cid, str):
            if cid in seen_claims:
                problems.append(make_problem("duplicate-claim-id", file=cfile, path=cprefix + (i, "claim_id"),
                                             value=cid))
            seen_claims.add(cid)
        if isinstance(mid, str) and raw_members and mid not in seen:
            problems.append(make_problem("unknown-member", file=cfile, path=cprefix + (i, "member_id"),
                                         value=mid, hint=(f"add member {mid} to {mfile}",
                                                          f"เพิ่มสมาชิก {mid} ใน {mfile}")))
    if problems:
        raise InputError(problems)
    return Population(members, claims, mfile, cfile, cprefix)


def decide(side: Side, population: Population) -> dict[str, Outcome]:
    """Every claim's outcome on one side, claim id -> outcome.  Claims for a benefit this side does not have are
    "no such benefit"; every other claim goes through one :meth:`Engine.evaluate_batch` so caps chain."""
    reg = side.regulation
    engine = Engine(reg)
    problems: list[Problem] = []
    out: dict[str, Outcome] = {}
    batch: list[Claim] = []
    for i, c in enumerate(population.claims):
        try:
            version = reg.in_force(c.event_date)
        except LookupProblem as e:
            problems.extend(_located(e.problems, population, i, ("event_date",)))
            continue
        if version.benefit(c.benefit) is None:
            out[c.claim_id] = Outcome(False, ZERO, None, None)
        else:
            batch.append(c)
    if problems:
        raise InputError(problems)
    try:
        decisions = engine.evaluate_batch(population.members, batch)
    except SwfError as e:
        raise InputError(_locate_batch_failure(engine, population, batch) or e.problems) from None
    for d in decisions:
        out[d.claim_id] = Outcome(d.eligible, d.amount, d.version, d)
    return out


def _located(problems: Iterable[Problem], population: Population, i: int,
             default: tuple[str | int, ...] = ()) -> list[Problem]:
    from dataclasses import replace
    return [replace(p, file=population.claims_file, path=population.claim_path(i, *(p.path or default)))
            for p in problems]


def _locate_batch_failure(engine: Engine, population: Population, batch: list[Claim]) -> list[Problem]:
    """The claims that cannot be decided, each problem with the claims file and the claim's JSON path."""
    index = {c.claim_id: i for i, c in enumerate(population.claims)}
    by_id = {m.member_id: m for m in population.members}
    problems: list[Problem] = []
    for c in batch:
        try:
            engine.evaluate(by_id[c.member_id], c)
        except SwfError as e:
            problems.extend(_located(e.problems, population, index[c.claim_id]))
    return problems


# ------------------------------------------------------------------------------------------ the comparison
@dataclass
class Row:
    """Figures for one (fiscal year, benefit); ``"*"`` stands for all fiscal years or all benefits."""

    fiscal_year: str
    benefit: str
    claims: int = 0
    changed_claims: int = 0
    changed_members: set[str] = field(default_factory=set)
    paid_current: Decimal = ZERO
    paid_draft: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.paid_draft - self.paid_current

    def to_dict(self) -> dict[str, Any]:
        return {"fiscal_year": self.fiscal_year, "benefit": self.benefit, "claims": self.claims,
                "changed_claims": self.changed_claims, "changed_members": len(self.changed_members),
                "paid_current": money_str(self.paid_current), "paid_draft": money_str(self.paid_draft),
                "difference": signed(self.difference)}


@dataclass(frozen=True)
class Change:
    claim: Claim
    current: Outcome
    draft: Outcome

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {"claim_id": c.claim_id, "member_id": c.member_id, "benefit": c.benefit,
                "event_date": c.event_date.isoformat(), "fiscal_year": fiscal_year(c.event_date),
                "current": _outcome_dict(self.current, c), "draft": _outcome_dict(self.draft, c),
                "difference": signed(self.draft.amount - self.current.amount)}


def _outcome_dict(o: Outcome, c: Claim) -> dict[str, Any]:
    if o.decision is None:
        return {"eligible": False, "amount": "0", "version": None, "failing": ["no_such_benefit"],
                "explanation": {lang: no_benefit_text(c, lang) for lang in ("en", "th")}}
    return {"eligible": o.eligible, "amount": money_str(o.amount), "version": o.version,
            "failing": [r["check"] for r in o.decision.failing],
            "explanation": {lang: explain(o.decision, lang) for lang in ("en", "th")}}


def no_benefit_text(c: Claim, lang: str) -> str:
    if lang == "th":
        return f"คำขอ {c.claim_id} (สมาชิก {c.member_id}): ไม่มีสวัสดิการ '{c.benefit}' ในระเบียบฉบับนี้\n  => ไม่มีสิทธิ์ได้รับ; จำนวนเงินที่จ่าย: 0 บาท\n"
    return f"Claim {c.claim_id} (member {c.member_id}): this version has no benefit '{c.benefit}'\n  => NOT ELIGIBLE; Amount payable: 0 baht\n"


def signed(d: Decimal) -> str:
    return ("+" if d > 0 else "") + money_str(d)


@dataclass
class Impact:
    current: Side
    draft: Side
    members: int
    claims: int
    rows: list[Row]  # per (fiscal year, benefit), then per fiscal year ("*" benefit), then the grand total
    changes: list[Change]
    titles: dict[str, dict[str, str]]  # benefit id -> {"th", "en"}

    @property
    def total(self) -> Row:
        return self.rows[-1]

    def yearly(self) -> list[Row]:
        return [r for r in self.rows if r.benefit == "*" and r.fiscal_year != "*"]

    def to_dict(self) -> dict[str, Any]:
        t = self.total
        return {
            "current": self.current.to_dict(), "draft": self.draft.to_dict(),
            "population": {"members": self.members, "claims": self.claims},
            "changed": {"claims": t.changed_claims, "members": len(t.changed_members)},
            "paid": {"current": money_str(t.paid_current), "draft": money_str(t.paid_draft),
                     "difference": signed(t.difference)},
            "benefits": {k: dict(v) for k, v in sorted(self.titles.items())},
            "rows": [r.to_dict() for r in self.rows],
        }


def compare(current: Side, draft: Side, population: Population) -> Impact:
    """Decide every claim on both sides and total the differences."""
    problems: list[Problem] = []
    before: dict[str, Outcome] = {}
    after: dict[str, Outcome] = {}
    for side, target in ((current, before), (draft, after)):
        try:
            target.update(decide(side, population))
        except InputError as e:
            problems.extend(e.problems)
    if not problems:
        for i, c in enumerate(population.claims):
            if before[c.claim_id].version is None and after[c.claim_id].version is None:
                names = sorted({b.id for s in (current, draft) for v in s.regulation.versions for b in v.benefits})
                problems.append(make_problem("unknown-benefit", file=population.claims_file,
                                             path=population.claim_path(i, "benefit"), value=c.benefit,
                                             hint=("benefits: " + ", ".join(names), "สวัสดิการ: " + ", ".join(names))))
    if problems:
        raise InputError(problems)
    titles: dict[str, dict[str, str]] = {}
    for side in (draft, current):  # current's wording wins where both have the benefit
        for v in side.regulation.versions:
            for b in v.benefits:
                titles[b.id] = {"th": b.title.th, "en": b.title.en}
    cells: dict[tuple[str, str], Row] = {}
    changes: list[Change] = []
    for c in sorted(population.claims, key=lambda c: (c.event_date, c.claim_id)):
        fy = str(fiscal_year(c.event_date))
        b, a = before[c.claim_id], after[c.claim_id]
        changed = b.key != a.key
        if changed:
            changes.append(Change(c, b, a))
        for key in ((fy, c.benefit), (fy, "*"), ("*", "*")):
            row = cells.get(key)
            if row is None:
                row = cells[key] = Row(*key)
            row.claims += 1
            row.paid_current += b.amount
            row.paid_draft += a.amount
            if changed:
                row.changed_claims += 1
                row.changed_members.add(c.member_id)
    if ("*", "*") not in cells:
        cells[("*", "*")] = Row("*", "*")
    rows = sorted((r for k, r in cells.items() if k[0] != "*"),
                  key=lambda r: (r.fiscal_year, r.benefit == "*", r.benefit))
    rows.append(cells[("*", "*")])
    return Impact(current, draft, len(population.members), len(population.claims), rows, changes, titles)


# ------------------------------------------------------------------------------------------ text table
_HEAD = {
    "en": ("Fiscal year", "Benefit", "Claims", "Changed", "Members", "Paid now", "Paid under draft", "Difference"),
    "th": ("ปีงบประมาณ", "สวัสดิการ", "คำขอ", "เปลี่ยน", "สมาชิก", "จ่ายตามระเบียบเดิม", "จ่ายตามร่าง", "ผลต่าง"),
}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above or below a letter take none."""
    import unicodedata
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(r)).rstrip() for r in rows]


def grouped(d: Decimal, sign: bool = False) -> str:
    a = abs(d)
    text = f"{int(a):,}" if a == a.to_integral_value() else f"{a.quantize(Decimal('0.01')):,}"
    if d < 0:
        return "-" + text
    return ("+" if sign and d > 0 else "") + text


def _be(d: date | None) -> str:
    from ..core.dates import to_be
    return "-" if d is None else f"{d.isoformat()} (พ.ศ. {to_be(d)})"


def text_report(impact: Impact, lang: str = "en") -> str:
    th = lang == "th"
    cur, dr = impact.current, impact.draft
    t = impact.total
    lines = []
    if th:
        lines.append(f"ผลกระทบของร่าง {dr.label} ({dr.file}) เทียบกับ {cur.label} ({cur.file})")
    else:
        lines.append(f"Impact of draft {dr.label} ({dr.file}) against {cur.label} ({cur.file})")
    for side, name in ((cur, "เดิม" if th else "current"), (dr, "ร่าง" if th else "draft")):
        if side.mode == "pinned":
            lines.append(f"  {name}: " + (f"ใช้ฉบับ {side.versions[0][0]} กับทุกคำขอ (ถือว่ามีผลตั้งแต่ "
                                          f"{_be(side.applied_from)})" if th else
                                          f"version {side.versions[0][0]} applied to every claim (as if in force "
                                          f"from {side.applied_from.isoformat() if side.applied_from else '-'})"))
        else:
            lines.append(f"  {name}: " + ("ใช้ฉบับที่มีผล ณ วันที่เกิดเหตุของแต่ละคำขอ" if th else
                                          "the version in force on each claim's event date"))
    if th:
        lines.append(f"  สมาชิก {impact.members:,} คน คำขอ {impact.claims:,} รายการ; ผลการพิจารณาเปลี่ยน "
                     f"{t.changed_claims:,} รายการ (สมาชิก {len(t.changed_members):,} คน)")
    else:
        lines.append(f"  {impact.members:,} members, {impact.claims:,} claims; {t.changed_claims:,} decisions change "
                     f"({len(t.changed_members):,} members)")
    lines.append("")
    all_label = "รวม" if th else "all"
    body = [list(_HEAD["th" if th else "en"])]
    for r in impact.rows:
        if r.fiscal_year == "*":
            fy, ben = all_label, all_label
        else:
            fy = r.fiscal_year
            ben = all_label if r.benefit == "*" else impact.titles.get(r.benefit, {}).get(lang, r.benefit)
        body.append([fy, ben, f"{r.claims:,}", f"{r.changed_claims:,}", f"{len(r.changed_members):,}",
                     grouped(r.paid_current), grouped(r.paid_draft), grouped(r.difference, sign=True)])
    lines.extend(table(body, [False, False, True, True, True, True, True, True]))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ CSV, JSON, SVG
CSV_COLUMNS = ("fiscal_year", "benefit", "claims", "changed_claims", "changed_members", "paid_current",
               "paid_draft", "difference")


def csv_text(impact: Impact) -> str:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in impact.rows:
        d = r.to_dict()
        w.writerow([d[k] for k in CSV_COLUMNS])
    return buf.getvalue()


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def changes_data(impact: Impact) -> list[dict[str, Any]]:
    return [c.to_dict() for c in impact.changes]


def _nice_step(top: Decimal) -> Decimal:
    """A round tick step (1, 2 or 5 x 10^k) giving at most 5 steps up to ``top``."""
    if top <= 0:
        return Decimal(1)
    step = Decimal(1)
    while True:
        for m in (1, 2, 5):
            s = step * m
            if top / s <= 5:
                return s
        step *= 10


def _n(x: Decimal) -> str:
    """An SVG coordinate with one decimal, no exponent."""
    q = x.quantize(Decimal("0.1"))
    text = f"{q:f}"
    return text[:-2] if text.endswith(".0") else text


def chart_svg(impact: Impact) -> str:
    """Grouped bars: money paid per fiscal year under the current regulation and under the draft."""
    from html import escape
    years = impact.yearly()
    W, H = Decimal(720), Decimal(420)
    left, right, top, bottom = Decimal(90), Decimal(20), Decimal(70), Decimal(70)
    plot_w, plot_h = W - left - right, H - top - bottom
    peak = max([r.paid_current for r in years] + [r.paid_draft for r in years] + [ZERO])
    step = _nice_step(peak)
    ticks = int((peak / step).to_integral_value(rounding=ROUND_CEILING)) if peak > 0 else 1
    ymax = step * max(ticks, 1)
    font = "'TH Sarabun New', 'TH SarabunPSK', Sarabun, 'Noto Sans Thai', sans-serif"
    cur_name = escape(", ".join(v for v, _ in impact.current.versions))
    dr_name = escape(", ".join(v for v, _ in impact.draft.versions))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(W)}" height="{_n(H)}" viewBox="0 0 {_n(W)} {_n(H)}" '
        f'font-family="{font}" font-size="14">',
        f'<title>เงินสวัสดิการที่จ่ายรายปีงบประมาณ / Benefits paid per fiscal year: '
        f'{escape(impact.current.regulation.fund_id)}</title>',
        f'<rect x="0" y="0" width="{_n(W)}" height="{_n(H)}" fill="#ffffff"/>',
        f'<text x="{_n(W / 2)}" y="24" text-anchor="middle" font-size="18">'
        f'เงินสวัสดิการที่จ่ายรายปีงบประมาณ / Benefits paid per fiscal year</text>',
    ]
    # legend
    lx = left
    for colour, th, en, name in (("#4e79a7", "ระเบียบเดิม", "Current", cur_name),
                                 ("#f28e2b", "ร่าง", "Draft", dr_name)):
        out.append(f'<rect x="{_n(lx)}" y="38" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{_n(lx + 20)}" y="50">{th} / {en} ({name})</text>')
        lx += Decimal(300)
    # axes and grid
    x0, y0 = left, top + plot_h
    for k in range(ticks + 1 if peak > 0 else 2):
        v = step * k
        y = y0 - plot_h * v / ymax
        out.append(f'<line x1="{_n(x0)}" y1="{_n(y)}" x2="{_n(x0 + plot_w)}" y2="{_n(y)}" stroke="#dddddd"/>')
        out.append(f'<text x="{_n(x0 - 8)}" y="{_n(y + 5)}" text-anchor="end">{grouped(v)}</text>')
    out.append(f'<line x1="{_n(x0)}" y1="{_n(top)}" x2="{_n(x0)}" y2="{_n(y0)}" stroke="#333333"/>')
    out.append(f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x0 + plot_w)}" y2="{_n(y0)}" stroke="#333333"/>')
    out.append(f'<text x="20" y="{_n(top + plot_h / 2)}" text-anchor="middle" '
               f'transform="rotate(-90 20 {_n(top + plot_h / 2)})">บาท / Baht</text>')
    out.append(f'<text x="{_n(x0 + plot_w / 2)}" y="{_n(H - 16)}" text-anchor="middle">'
               f'ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)</text>')
    # bars
    n = max(len(years), 1)
    group_w = plot_w / n
    bar_w = min(group_w * Decimal("0.35"), Decimal(60))
    for i, r in enumerate(years):
        gx = x0 + group_w * i + group_w / 2
        for j, (value, colour) in enumerate(((r.paid_current, "#4e79a7"), (r.paid_draft, "#f28e2b"))):
            h = plot_h * value / ymax
            x = gx - bar_w + bar_w * j
            out.append(f'<rect x="{_n(x)}" y="{_n(y0 - h)}" width="{_n(bar_w)}" height="{_n(h)}" fill="{colour}">'
                       f'<title>{r.fiscal_year}: {grouped(value)}</title></rect>')
            out.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n(y0 - h - 4)}" text-anchor="middle" font-size="11">'
                       f'{grouped(value)}</text>')
        out.append(f'<text x="{_n(gx)}" y="{_n(y0 + 18)}" text-anchor="middle">{r.fiscal_year}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def outputs(impact: Impact) -> dict[str, str]:
    """The files ``--out`` gets, name -> text."""
    return {
        "impact.csv": csv_text(impact),
        "impact.json": json_text(impact.to_dict()),
        "changes.json": json_text(changes_data(impact)),
        "payouts.svg": chart_svg(impact),
    }


def write_outputs(out_dir: str | Path, files: dict[str, str]) -> list[Path]:
    """Write every file or none: into a temporary directory beside ``out_dir``, then moved into place."""
    import os
    import shutil
    import tempfile
    target = Path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=str(target.parent)))
    try:
        for name, text in files.items():
            with open(tmp / name, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
        if not target.exists():
            os.replace(tmp, target)
        else:
            if not target.is_dir():
                raise UsageError(f"{target} exists and is not a directory")
            for name in files:
                os.replace(tmp / name, target / name)
            tmp.rmdir()
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [target / name for name in files]


__all__ = ["Change", "Impact", "Outcome", "Population", "Row", "Side", "as_if_adopted", "before_version",
           "chart_svg", "compare", "csv_text", "decide", "find_version", "in_force", "load_population", "outputs", "pinned",
           "text_report", "write_outputs"]
