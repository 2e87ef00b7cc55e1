"""Finding regulations and plug-in functions.

Regulations come from directories (the repository's ``regulations/``, or any directory given) and from installed
packages through the entry-point group ``swf_rules.regulations``: each entry point names a callable returning an
iterable of paths to regulation files.  Plug-in amount functions come from the group ``swf_rules.functions``
(each entry point loads a callable; its name is the entry point's name).  Nothing is registered by importing a
module: the caller asks for :func:`discover_functions` and passes the result to the compiler explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

REGULATIONS_GROUP = "swf_rules.regulations"
FUNCTIONS_GROUP = "swf_rules.functions"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Found:
    path: Path
    origin: str  # "directory <dir>" or "entry point <name> (<dist>)"


def data_dir(name: str) -> Path | None:
    """A folder of data shipped with swf-rules (``regulations``, ``schemas``): in an installed wheel,
    ``swf_rules/_data/<name>`` (copied there by setup.py's build step); in a source checkout (an editable install),
    the repository's own top-level folder, which stays the source of truth.  None when neither exists."""
    packaged = Path(__file__).resolve().parents[1] / "_data" / name
    if packaged.is_dir():
        return packaged
    source = ROOT / name
    if (ROOT / "pyproject.toml").is_file() and source.is_dir():
        return source
    return None


def bundled_regulations() -> list[Path]:
    """The regulations shipped with swf-rules (entry point ``bundled``)."""
    d = data_dir("regulations")
    if d is None:
        return []
    return sorted(p for p in d.glob("*.yaml") if p.name != "template.yaml")


def template_path() -> Path | None:
    """``regulations/template.yaml``, the file to start a new fund's regulation from."""
    d = data_dir("regulations")
    return d / "template.yaml" if d is not None and (d / "template.yaml").is_file() else None


def regulation_files(directory: str | Path) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def discover_regulations(directories: Iterable[str | Path] = ()) -> list[Found]:
    out: list[Found] = []
    seen: set[Path] = set()
    for d in directories:
        for p in regulation_files(d):
            rp = p.resolve()
            if rp not in seen:
                seen.add(rp)
                out.append(Found(p, f"directory {d}"))
    for ep in sorted(metadata.entry_points(group=REGULATIONS_GROUP), key=lambda e: e.name):
        try:
            paths = ep.load()()
        except Exception as e:  # a broken plug-in must not hide the others
            out.append(Found(Path("-"), f"entry point {ep.name}: failed to load ({type(e).__name__}: {e})"))
            continue
        dist = ep.dist.name if ep.dist else "?"
        for p in paths:
            rp = Path(p).resolve()
            if rp not in seen:
                seen.add(rp)
                out.append(Found(Path(p), f"entry point {ep.name} ({dist})"))
    return out


def discover_functions() -> dict[str, Callable[..., Any]]:
    """Plug-in amount functions from installed packages, by entry-point name."""
    out: dict[str, Callable[..., Any]] = {}
    for ep in sorted(metadata.entry_points(group=FUNCTIONS_GROUP), key=lambda e: e.name):
        out[ep.name] = ep.load()
    return out
