"""One spelling convention for the tone mark of "oa", "oe" and "uy" ending a syllable: the modern one,
on the first vowel (Khóa, Xóa, Hủy, Hòa, hóa, khỏe, Ủy ban), never the older Khoá, Xoá, Huỷ, Hoà
(issue #10, item 9). Migrations keep their historical text; a line may keep an old spelling on purpose
(a test that an old-spelled name is found) by saying so."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "migrations", "test-artifacts", "staticfiles", "media", "node_modules", ".git", "vendor"}
MARKER = "old spelling on purpose"

# A tone on the second vowel of oa/oe/uy with no consonant after it ("hoàn", "quý" are right either way).
OLD = re.compile(r"(?<![QqGg])(?:[oO][áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸ]|[uU][ýỳỷỹỵÝỲỶỸỴ])(?![\wâăêôơưÂĂÊÔƠƯ])")
WORD = re.compile(r"\w+")


def _sources():
    this_file = Path(__file__).resolve()  # it names the old spellings to find them
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html", ".md", ".js", ".txt"} or path == this_file:
            continue
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
            yield path


def old_spellings(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if MARKER in line:
            continue
        found += [w for w in WORD.findall(line) if OLD.search(w)]
    return found


def test_no_template_or_source_uses_the_old_placement_of_the_tone_mark():
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            for word in old_spellings(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {word}")
    assert found == [], "write Khóa, Xóa, Hủy, Hòa (tone on the first vowel):\n" + "\n".join(found)


def test_the_check_knows_the_old_spellings_and_leaves_the_right_ones_alone():
    assert old_spellings("Khoá danh sách · Xoá lọc · Huỷ · Thị Hoà · văn hoá · UỶ BAN · khoẻ") == [
        "Khoá", "Xoá", "Huỷ", "Hoà", "hoá", "UỶ", "khoẻ",
    ]  # fmt: skip
    assert old_spellings("Khóa · Xóa · Hủy · Hòa · hoàn thành · quý · Hoàng · thuyền · khoản · ỦY BAN") == []
    assert old_spellings(f"Hoà  # {MARKER}") == []
