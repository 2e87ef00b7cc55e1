"""The tree shows the architecture, and keeps showing it: module sizes, layering and no import cycles.

The import graph is read from the source (``ast``), module level and function level alike, so a lazy import
cannot hide a cycle or a layering violation.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "swf_rules"
MAX_LINES = 600

# Which subpackages each part may import (besides itself).  The decision core imports nothing else; the command
# line may import everything; nothing imports the command line.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "books": {"core"},
    "committee": {"core"},
    "synth": {"core", "books"},
    "audit": {"core", "books", "columnar"},
    "events": {"core"},
    "columnar": {"core", "books"},
    "web": {"core", "books", "committee", "audit", "synth", "reports", "documents"},
    "reports": {"core", "books", "audit", "columnar"},
    "documents": {"core", "books", "audit", "reports", "committee"},  # committee: its render (the rules' clauses)
}


def _modules() -> dict[str, Path]:
    out = {}
    for f in PKG.rglob("*.py"):
        rel = f.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def _imports(name: str, path: Path) -> set[str]:
    """Every swf_rules module ``name`` imports (resolved to a module in MODULES)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = _package_of(name, path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            if t in MODULES and t != name:
                found.add(t)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PKG / parts[1]).is_dir() else None


def test_no_module_is_over_the_limit() -> None:
    sizes = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_each_part_imports_only_the_parts_below_it() -> None:
    wrong = []
    for name, deps in GRAPH.items():
        part = _part(name)
        if part is None or part == "cli" or part not in ALLOWED:
            continue
        for d in deps:
            other = _part(d)
            if other is not None and other != part and other not in ALLOWED[part]:
                wrong.append((name, d))
    assert sorted(wrong) == []


def test_nothing_imports_the_command_line() -> None:
    assert sorted((n, d) for n, deps in GRAPH.items() for d in deps
                  if _part(d) == "cli" and _part(n) != "cli" and n not in ("swf_rules.__main__",)) == []


def test_no_import_cycles_between_modules() -> None:
    # A package's __init__ re-exporting its modules is not a cycle of meaning; edges into a package __init__ from
    # its own modules are.  Look for cycles among modules, treating 'pkg' -> 'pkg.mod' re-export edges as real.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for d in sorted(GRAPH[n]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)
    # a module importing a sibling through its package's __init__ is the one accepted shape of cycle
    real = [c for c in cycles if not _through_own_init(c)]
    assert real == []


def _through_own_init(cycle: list[str]) -> bool:
    """package.__init__ -> package.mod -> package (the init): a module asking its own package for a sibling."""
    inits = [m for m in cycle if MODULES[m].name == "__init__.py"]
    return bool(inits) and all(any(m.startswith(i + ".") or m == i for i in inits) for m in cycle)


def test_every_part_lists_its_public_names() -> None:
    missing = []
    for d in sorted(p for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        tree = ast.parse((d / "__init__.py").read_text(encoding="utf-8"))
        names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                 if isinstance(t, ast.Name)]
        if "__all__" not in names:
            missing.append(d.name)
    assert missing == []
