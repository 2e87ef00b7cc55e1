"""A non-editable install (a wheel) carries the bundled regulations, the template, the cases and the JSON Schemas:
build the wheel from a copy of the source, install it into a fresh virtual environment and run ``list``,
``validate`` and ``evaluate`` there, outside the repository.  About 20 seconds; runs in CI (marker ``wheel``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ("swf_rules", "regulations", "schemas", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.wheel
def test_the_wheel_carries_the_regulations_and_schemas(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCE:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(p, src / name)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", src, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [wheel] = sorted((tmp_path / "dist").glob("swf_rules-*.whl"))
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    inst = _run(bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert inst.returncode == 0, inst.stderr
    cli = bin_dir / "swf-rules"
    work = tmp_path / "elsewhere"  # not the repository: nothing can be found by accident in the current folder
    work.mkdir()

    where = _run(bin_dir / "python", "-c", "import swf_rules, pathlib; print(pathlib.Path(swf_rules.__file__).parent)",
                 cwd=work)
    pkg = Path(where.stdout.strip())
    assert pkg.is_relative_to(venv)
    data = pkg / "_data"
    # every regulation, case file and schema of the repository travels with the wheel, nothing else
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()) == sorted(
        p.relative_to(ROOT).as_posix() for d in ("regulations", "schemas") for p in (ROOT / d).rglob("*")
        if p.is_file())
    for p in (ROOT / "schemas").glob("*.json"):
        assert (data / "schemas" / p.name).read_bytes() == p.read_bytes()

    listed = _run(cli, "list", cwd=work)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    # the installed wheel lists the same bundled regulations as the source tree does
    here = subprocess.run([sys.executable, "-m", "swf_rules", "list"], capture_output=True, text=True, cwd=ROOT)
    assert [(label, Path(path).relative_to(data).as_posix(), origin) for label, path, origin in rows] == [
        (label, Path(path).relative_to(ROOT).as_posix(), origin)
        for label, path, origin in (line.split("\t") for line in here.stdout.splitlines())]
    assert rows[0][0] == "chamung (1 version)" and len(rows) == len(list((ROOT / "regulations").glob("*.yaml"))) - 1

    chamung = data / "regulations" / "chamung.yaml"
    valid = _run(cli, "validate", chamung, data / "regulations" / "template.yaml", cwd=work)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout == (f"{chamung}: valid (Chamung Subdistrict Community Welfare Fund, 1 version)\n"
                            f"{data / 'regulations' / 'template.yaml'}: valid (Example Subdistrict Community "
                            "Welfare Fund, 2 versions)\n")

    for name in ("member.json", "claim.json"):
        shutil.copy2(ROOT / "examples" / name, work / name)
    decided = _run(cli, "evaluate", chamung, "--member", "member.json", "--claim", "claim.json", cwd=work)
    assert decided.returncode == 0, decided.stderr
    here = subprocess.run([sys.executable, "-m", "swf_rules", "evaluate", str(ROOT / "regulations" / "chamung.yaml"),
                           "--member", str(ROOT / "examples" / "member.json"), "--claim",
                           str(ROOT / "examples" / "claim.json")], capture_output=True, text=True, timeout=120)
    assert decided.stdout == here.stdout  # the same decision, byte for byte, as the source checkout's
    assert json.loads(decided.stdout)["amount"] == "400"
