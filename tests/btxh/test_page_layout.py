"""The layout rules of the web pages that a template can break without the browser walk seeing it
(tests/e2e/test_page_widths.py sees only the tables its data fills)."""

import re
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
VOID = {"area", "base", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Tables(HTMLParser):
    """The line of every <table> that no ancestor with the class table-responsive wraps."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str]] = []
        self.unwrapped: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if tag == "table" and not any("table-responsive" in classes for _, classes in self.open):
            self.unwrapped.append(self.getpos()[0])
        self.open.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return


def _document_templates() -> set[Path]:
    """The printed documents (WeasyPrint) and the partials they include: A4 sheets, not pages on a screen."""
    documents = {
        p for p in TEMPLATES.rglob("*.html") if p.name.endswith("_document.html") or p.name == "document_base.html"
    }
    for document in list(documents):
        for name in re.findall(r'{%\s*include\s+"([^"]+)"', document.read_text()):
            documents.add(TEMPLATES / name)
    return documents


def test_every_table_of_a_web_page_scrolls_inside_its_card_on_a_narrow_screen():
    documents = _document_templates()
    unwrapped = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        if template in documents:
            continue
        parser = _Tables()
        parser.feed(template.read_text())
        unwrapped += [f"{template.relative_to(TEMPLATES)}:{line}" for line in parser.unwrapped]
    assert unwrapped == [], 'wrap these tables in <div class="table-responsive">: ' + ", ".join(unwrapped)


def test_the_check_finds_a_bare_table_and_accepts_a_wrapped_one():
    bare, wrapped = _Tables(), _Tables()
    bare.feed('<div class="card">\n<table class="table"><tr><td>1</td></tr></table></div>')
    wrapped.feed('<div class="card"><div class="table-responsive">\n<table class="table"></table></div></div>')
    assert (bare.unwrapped, wrapped.unwrapped) == ([2], [])


def test_the_documents_are_known_so_that_only_they_are_left_out():
    names = {p.relative_to(TEMPLATES).as_posix() for p in _document_templates()}
    assert {"reports/roll_document.html", "reports/_emergency_list_body.html"} <= names
    assert "beneficiaries/person_list.html" not in names
