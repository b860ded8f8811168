"""The repository's own documentation stands alone: no file points at a folder outside it.

The domain documentation the code relies on lives in ``docs/``; a pointer to the team's shared
reference folder would break for anyone who has only this repository.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Built from pieces so that this file does not find itself.
FORBIDDEN = ("../" + "shared", "shared" + "/domain")
SKIP_DIRS = {".git", ".venv", "media", "test-artifacts", "node_modules", "staticfiles", "__pycache__"}


def _tracked_files() -> list[Path]:
    try:
        # Tracked files and new ones not yet added (ignored files such as .venv are left out).
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = b""
    if out:
        return [ROOT / name for name in out.decode("utf-8").split("\0") if name]
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        files.extend(Path(folder) / name for name in names)
    return files


def test_no_file_points_at_the_shared_folder_outside_the_repository():
    offenders = []
    for path in _tracked_files():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (fonts, images)
        for number, line in enumerate(text.splitlines(), start=1):
            if any(needle in line for needle in FORBIDDEN):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Point at docs/ instead:\n" + "\n".join(offenders)


def test_the_docs_the_code_points_at_exist():
    for name in ("README.md", "architecture.md", "legal-rules.md", "engine.md", "import-format.md", "glossary.md"):
        assert (ROOT / "docs" / name).is_file(), name
