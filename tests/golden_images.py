"""PDF pages as images compared with reviewed golden PNGs, and the PDF's text layer, through poppler's pdftoppm
and pdftotext (``scripts/install-system-deps.sh`` installs poppler-utils).

``SWF_UPDATE_GOLDEN=1 python -m pytest tests/test_documents_print.py`` rewrites the images; look at each one
before committing it (tests/golden/README.md)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from PIL import Image, ImageChops

DPI = 50
TOLERANCE = 0.005  # at most this share of the pixels may differ (by more than a light grey)
THRESHOLD = 64


def pages(pdf: bytes, tmp: Path, dpi: int = DPI) -> list[Image.Image]:
    """Each page as a greyscale image."""
    src = tmp / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(tmp / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp.glob("page-*.png"), key=lambda p: int(p.stem[5:]))]


def text(pdf: bytes, tmp: Path) -> str:
    """The PDF's text layer as a reader copies it (pdftotext, reading order)."""
    src = tmp / "text.pdf"
    src.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True
                          ).stdout.decode("utf-8")


def difference(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ by more than :data:`THRESHOLD` (1.0 when the sizes differ)."""
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > THRESHOLD else 0)
    return sum(1 for v in diff.getdata() if v) / (a.size[0] * a.size[1])


def check_pages(images: list[Image.Image], golden: Path, name: str) -> list[float]:
    """Every page within :data:`TOLERANCE` of ``golden/name-N.png``; returns the differences."""
    if os.environ.get("SWF_UPDATE_GOLDEN") == "1":
        golden.mkdir(parents=True, exist_ok=True)
        for old in golden.glob(f"{name}-*.png"):
            old.unlink()
        for i, im in enumerate(images, 1):
            im.save(golden / f"{name}-{i}.png", optimize=True)
        return [0.0] * len(images)
    expected = sorted(golden.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(expected) == len(images), f"{name}: {len(images)} pages, the golden files have {len(expected)}"
    diffs = [difference(im, Image.open(p).convert("L")) for im, p in zip(images, expected)]
    assert all(d <= TOLERANCE for d in diffs), f"{name}: pages differ from the golden images by {diffs}"
    return diffs
