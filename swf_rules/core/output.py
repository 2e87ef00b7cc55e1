"""Writing output files: checked first, then written atomically, with the user's permissions.

Every command that writes (``replay --out``, ``render --out``, ``synth --out``, ``log append --log``, ``impact
--out``, ``check --save``, ``watch --out``, ``schemas --out``, ``log keygen --out``...) goes through this module:

- :func:`check_file` / :func:`check_dir` say, before any work is done, what is wrong with an output path, as
  located problems: a folder where a file is expected (``output-is-a-folder``) or the reverse
  (``output-not-a-folder``), a path under a file (``output-parent-not-a-folder``), a missing parent folder
  (``output-parent-missing``).  A folder given for output may not exist yet (it is created), but its parent must.
- :func:`write_atomic` writes one file through a temporary file in the same folder and a rename, so readers never
  see half a file and a failure leaves nothing behind; :func:`write_files` writes a set of files into one folder
  all together or not at all.  Anything the system refuses (permissions, a full disk) is ``output-unwritable``.
- Files are created with the permissions the user's umask gives (``mkstemp`` alone would make them 0600).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import InputError, Problem, make_problem


# ---------------------------------------------------------------------------------------------- checks
def _ancestor_problem(p: Path) -> Problem | None:
    """A problem with the folders above ``p``: the nearest one that exists is a file, or the parent is missing."""
    for a in p.parents:
        try:
            exists = a.exists()
        except (OSError, ValueError):
            exists = False
        if exists:
            if not a.is_dir():
                return make_problem("output-parent-not-a-folder", file=str(p), value=str(a))
            if a != p.parent:
                return make_problem("output-parent-missing", file=str(p), value=str(p.parent))
            return None
    return make_problem("output-parent-missing", file=str(p), value=str(p.parent))


def _bad_name(path: str | Path) -> list[Problem]:
    if "\x00" in str(path):
        return [make_problem("output-unwritable", file=str(path), detail="a file name cannot hold a NUL byte")]
    return []


def file_problems(path: str | Path) -> list[Problem]:
    """What prevents writing a file at ``path`` (an existing file is replaced)."""
    if _bad_name(path):
        return _bad_name(path)
    p = Path(path)
    try:
        st = os.stat(p)
    except (OSError, ValueError):
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        return [make_problem("output-is-a-folder", file=str(p), value=str(p))]
    if st is not None and not stat.S_ISREG(st.st_mode):  # /dev/null, a pipe: a rename would replace the device
        return [make_problem("output-special-file", file=str(p), value=str(p),
                             hint=("leave the option out to write to standard output, or name a regular file",
                                   "ไม่ต้องระบุตัวเลือกนี้เพื่อเขียนออกทางหน้าจอ หรือระบุไฟล์ธรรมดา"))]
    bad = _ancestor_problem(p)
    return [bad] if bad else []


def dir_problems(path: str | Path) -> list[Problem]:
    """What prevents writing into the folder ``path`` (created if missing; its parent must exist)."""
    if _bad_name(path):
        return _bad_name(path)
    p = Path(path)
    try:
        st = os.stat(p)
    except (OSError, ValueError):
        st = None
    if st is not None:
        return [] if stat.S_ISDIR(st.st_mode) else [make_problem("output-not-a-folder", file=str(p), value=str(p))]
    bad = _ancestor_problem(p)
    return [bad] if bad else []


def check_file(path: str | Path) -> None:
    problems = file_problems(path)
    if problems:
        raise InputError(problems)


def check_dir(path: str | Path) -> None:
    problems = dir_problems(path)
    if problems:
        raise InputError(problems)


def check_outputs(files: Iterable[str | Path | None] = (), dirs: Iterable[str | Path | None] = ()) -> None:
    """Every output path of a command checked at once (``None`` entries are options not given)."""
    problems = [x for f in files if f is not None for x in file_problems(f)]
    problems += [x for d in dirs if d is not None for x in dir_problems(d)]
    if problems:
        raise InputError(problems)


def unwritable(path: str | Path, e: BaseException) -> InputError:
    """The located problem for an error the system gave while writing ``path``."""
    detail = getattr(e, "strerror", None) or type(e).__name__
    return InputError([make_problem("output-unwritable", file=str(path), detail=detail)])


# ---------------------------------------------------------------------------------------------- permissions
def umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    return 0o666 & ~umask()


def dir_mode() -> int:
    return 0o777 & ~umask()


def temp_file(directory: str | Path, name: str) -> tuple[int, str]:
    """An open temporary file in ``directory`` for ``name`` (renamed into place by the caller), with the mode the
    user's umask gives a new file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=str(directory))
    try:
        os.fchmod(fd, file_mode())
    except OSError:  # pragma: no cover - a file system without modes
        pass
    return fd, tmp


# ---------------------------------------------------------------------------------------------- writing
def make_dir(path: str | Path, parents: bool = False) -> Path:
    """The output folder ``path``, created if missing.  Its parent must exist, unless ``parents`` (the Python API's
    writers create the folders above, as ``mkdir -p`` does; the command line refuses a missing parent before any
    work, :func:`check_dir`)."""
    p = Path(path)
    if parents and not p.exists():
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise unwritable(p, e) from None
    check_dir(p)
    try:
        p.mkdir(exist_ok=True)
    except OSError as e:
        raise unwritable(p, e) from None
    return p


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write a file so that readers never see half of it (temp file + rename); problems are located."""
    check_file(path)
    p = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        fd, tmp = temp_file(p.parent, p.name)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
        tmp = None
    except OSError as e:
        raise unwritable(p, e) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_files(directory: str | Path, files: dict[str, bytes | str]) -> list[Path]:
    """Write every file into ``directory`` or none: into a temporary folder beside it, then moved into place (a
    new folder is renamed whole; into an existing one, file by file)."""
    check_dir(directory)
    target = Path(directory)
    tmp: Path | None = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=str(target.parent)))
        for name, data in files.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            fd = os.open(tmp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
                f.flush()
                os.fsync(f.fileno())
        if not target.exists():
            os.chmod(tmp, dir_mode())
            os.replace(tmp, target)
            tmp = None
        else:
            for name in files:
                os.replace(tmp / name, target / name)
    except OSError as e:
        raise unwritable(target, e) from None
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [target / name for name in files]


__all__ = ["check_dir", "check_file", "check_outputs", "dir_mode", "dir_problems", "file_mode", "file_problems",
           "make_dir", "temp_file", "umask", "unwritable", "write_atomic", "write_files"]
