"""The report of ``swf-rules check``: one result per invariant, failures with their counterexample as a case file
ready to paste."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._case_format import case_yaml
from ._v2_properties import V2_TH
from ._violations import Violation


@dataclass
class Result:
    """One invariant searched: passed, or the violation found (shrunk)."""

    name: str
    declared: bool
    passed: bool
    violation: Violation | None = None


_BUILTIN_TH = {"totality": "ทุกคำขอได้ผลตัดสินหรือข้อผิดพลาดที่ระบุชนิด",
               "determinism": "ข้อมูลเดิมได้ผลเดิมทุกครั้ง",
               "caps": "ไม่จ่ายเกินเพดานของระเบียบ",
               "waiting": "ไม่จ่ายระหว่างระยะรอคอย",
               "membership": "ไม่จ่ายหลังพ้นสภาพ ลาออก หรือเสียชีวิต"}
_BUILTIN_TH.update(V2_TH)  # the swf-rules/2 properties (checked when a regulation uses their construct)


@dataclass
class CheckRun:
    """Every result of one ``swf-rules check`` run, and the report it prints."""

    regulation_path: str
    cases_path: str | None
    results: list[Result] = field(default_factory=list)
    examples: int = 100
    seed: int | None = None

    @property
    def ok(self) -> bool:
        return all(r.passed for r in self.results)

    def render(self, lang: str = "en", regulation_ref: str | None = None) -> str:
        th = lang == "th"
        ref = regulation_ref or self.regulation_path
        seed = "" if self.seed is None else (f", seed {self.seed}")
        head = (f"ตรวจ {self.regulation_path}: {self.examples} ตัวอย่างต่อคุณสมบัติ{seed}" if th else
                f"check {self.regulation_path}: {self.examples} examples per invariant{seed}")
        lines = [head]
        if self.cases_path:
            lines.append(("  คุณสมบัติที่ประกาศไว้จาก " if th else "  declared invariants from ") + self.cases_path)
        for r in self.results:
            kind = ("ประกาศไว้" if th else "declared") if r.declared else ("ตรวจเสมอ" if th else "always checked")
            name = r.name if (r.declared or not th) else f"{r.name} ({_BUILTIN_TH[r.name]})"
            mark = ("ผ่าน" if th else "PASS") if r.passed else ("ไม่ผ่าน" if th else "FAIL")
            lines.append(f"  {mark} {name} [{kind}]")
            if r.violation is not None:
                v = r.violation
                lines.append("    " + (v.th if th else v.en))
                lines.append("    " + ("ตัวอย่างค้าน (วางลงในไฟล์ .cases.yaml):" if th else
                                      "counterexample (paste into a .cases.yaml file):"))
                for ln in counterexample_yaml(r, ref).rstrip("\n").split("\n"):
                    lines.append("      " + ln)
        failed = sum(1 for r in self.results if not r.passed)
        lines.append(f"ไม่ผ่าน {failed} จาก {len(self.results)} คุณสมบัติ" if th else
                     f"{failed} of {len(self.results)} invariants failed")
        return "\n".join(lines) + "\n"


def counterexample_yaml(r: Result, regulation_ref: str) -> str:
    """A failed result's counterexample as a case file naming the regulation ``regulation_ref``."""
    assert r.violation is not None
    v = r.violation
    comments = [f"invariant '{r.name}': {v.en}"]
    if v.note:
        comments.append(v.note)
    comments.append("dates are C.E.; the regulation path is relative to this file")
    return case_yaml(regulation_ref, v.cases, comments)
