"""Open a generated Word file as an office would: LibreOffice (headless) converts it to PDF,
pdftotext reads its text back and pdftoppm draws its pages as PNG for a person to look at.

LibreOffice comes from Debian's ``libreoffice-writer-nogui`` (.ci/run installs it); where it is
missing the test that asks for it is skipped with the reason, never passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return path


def docx_to_pdf(data: bytes, workdir: Path, name: str = "document") -> Path:
    """Convert .docx bytes to a PDF with LibreOffice; fails with LibreOffice's output if it cannot."""
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"{name}.docx"
    source.write_bytes(data)
    profile = workdir / "lo-profile"  # a private profile: parallel tests do not share a lock
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), str(source)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(workdir)},
    )  # fmt: skip
    pdf = workdir / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice did not convert the file: {done.stdout} {done.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_to_png(pdf: Path, name: str, *, first_page_only: bool = True) -> list[Path]:
    """Draw the PDF's pages (or its first) as PNG files in test-artifacts/, kept for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    args = ["pdftoppm", "-png", "-r", "60"] + (["-f", "1", "-l", "1"] if first_page_only else [])
    subprocess.run([*args, str(pdf), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}*.png"))


def docx_look(data: bytes, workdir: Path, name: str) -> tuple[str, list[Path]]:
    """Convert a .docx through LibreOffice; return its text and its first page as PNG."""
    pdf = docx_to_pdf(data, workdir, name)
    return pdf_text(pdf), pdf_to_png(pdf, name)
