"""How fast are the payment-roll documents? ``python benchmarks/roll_documents.py [--lines 2000]``.

Builds a synthetic commune roll (realistic Vietnamese names, ~15 hamlets of uneven
size, some arrears, recoveries, funerals, proxies and bank transfers), then renders the
PDF, the Excel roll and the bank file, and prints the seconds and the peak memory of each.
In the same run it renders the baseline the PDF is judged against: a naive WeasyPrint table of
the same rows and columns (one process, one HTML document, every cell bordered, the header
repeated by ``<thead>``, "Trang x/y" from CSS counters), and prints one JSON line with both
times, both peaks and the speed-up.

Acceptance targets for 2,000 lines on the 2-core reference machine: Excel ≤ 2 s; PDF ≤ 10 s
and ≤ 400 MB peak RSS.

Each format runs in a fresh subprocess (Django set up, roll built, then one render), so
that its peak is its own. Memory is reported two ways: ``getrusage`` of that subprocess
(itself, and the largest of its waited-for children), and the peak of the summed RSS of
its whole process tree, sampled every 10 ms from /proc by this process (a sum counts the
pages a forked worker shares with its parent twice, so it is the pessimistic figure).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm"] * 2
    + ["Hoàng"] * 3
    + ["Nông"] * 3
    + ["Triệu"] * 2
    + ["Ma", "Lý", "Đặng", "Bùi", "Đỗ", "Hà", "Lục", "Đàm", "Quan", "Vũ", "Dương", "Lường", "Chu", "Âu"]
)
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Đình", "Công", "Thế"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Mỹ", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Lực",
    "Nam",
    "Nghĩa",
    "Phúc",
    "Quân",
    "Quyết",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thành",
    "Toàn",
    "Tuấn",
    "Việt",
    "Vượng",
]
GIVEN_FEMALE = [
    "Anh",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Ngọc",
    "Nhung",
    "Nụ",
    "Phượng",
    "Quyên",
    "Sen",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Yến",
]
HAMLETS = [
    "Thôn Nà Khà",
    "Thôn Bản Bó",
    "Thôn Khuổi Phầy",
    "Thôn Nặm Chá",
    "Thôn Phiêng Luông",
    "Thôn Nà Mèn",
    "Thôn Đồng Tâm",
    "Thôn Tân Lập",
    "Thôn Bản Khiển",
    "Thôn Nà Héc",
    "Thôn Lũng Vài",
    "Thôn Pác Hà",
    "Tổ dân phố Quang Trung",
    "Tổ dân phố Hòa Bình",
    "Thôn Thượng Minh",
]
CATEGORIES = [
    ("K5a", Decimal("1.5")),
    ("K5a", Decimal("2.0")),
    ("K6", Decimal("2.0")),
    ("K6", Decimal("1.5")),
    ("K6", Decimal("2.5")),
    ("K1", Decimal("2.5")),
    ("K1", Decimal("1.5")),
    ("K4", Decimal("1.0")),
    ("K5d", Decimal("3.0")),
    ("K7", Decimal("1.5")),
    ("K8", Decimal("1.5")),
    ("HTXH", None),
]
BANKS = ["Agribank", "Vietcombank", "VietinBank", "BIDV", "LienVietPostBank", "Ngân hàng CSXH"]
BASE_RATE = 500_000


def _name(rng: random.Random) -> str:
    if rng.random() < 0.55:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    else:
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    if rng.random() < 0.15:
        middle += " " + rng.choice(["Hồng", "Thanh", "Minh", "Ngọc", "Đức"])
    return f"{rng.choice(FAMILY)} {middle} {given}"


def synthetic_roll(lines: int = 2000, *, seed: int = 2026, kind: str = "all"):
    from reports.roll_documents import RollDoc, RollDocLine

    rng = random.Random(seed)
    weights = [rng.uniform(0.4, 1.6) for _ in HAMLETS]
    hamlets = rng.choices(HAMLETS, weights=weights, k=lines)
    hamlets.sort(key=HAMLETS.index)
    out = []
    for hamlet in hamlets:
        code, coefficient = rng.choice(CATEGORIES)
        amount = int(BASE_RATE * coefficient) if coefficient is not None else 500_000
        arrears = amount * rng.choice([1, 2, 3]) if rng.random() < 0.06 else 0
        recovery = amount if rng.random() < 0.01 else 0
        funeral = 7_200_000 if rng.random() < 0.005 else 0
        bank = rng.random() < 0.3
        year = rng.randint(1926, 2024)
        birth = str(year) if rng.random() < 0.1 else f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        out.append(
            RollDocLine(
                full_name=_name(rng),
                birth=birth,
                national_id=f"0{rng.randint(8, 9)}{rng.randint(0, 9)}{rng.randint(10**8, 10**9 - 1)}",
                hamlet=hamlet,
                category=code,
                decision=f"{rng.randint(1, 999)}/QĐ-UBND ngày {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2021, 2026)}",
                coefficient=coefficient,
                base_rate=BASE_RATE,
                amount=amount,
                arrears=arrears,
                arrears_months="05/2026-06/2026" if arrears else "",
                recovery=recovery,
                funeral=funeral,
                total=amount + arrears - recovery + funeral,
                payment_method="bank" if bank else "cash",
                bank_account=str(rng.randint(10**12, 10**13 - 1)) if bank else "",
                bank_name=rng.choice(BANKS) if bank else "",
                receiver=_name(rng) if rng.random() < 0.08 else "",
                note="Ủy quyền" if rng.random() < 0.02 else "",
            )
        )
    return RollDoc(
        unit_name="Xã Ngọc Đường",
        province_name="Tỉnh Tuyên Quang",
        month="2026-07",
        authority="UBND XÃ NGỌC ĐƯỜNG",
        place="Ngọc Đường",
        prepared_by="Hoàng Thị Lan",
        lines=out,
        kind=kind,
    )


class TreeRss:
    """Peak of the summed RSS of a process and all its descendants, sampled from /proc."""

    def __init__(self, root: int, interval: float = 0.01):
        self.root = root
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.root)))
            time.sleep(self.interval)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds() -> float:
    """User + system time of this process and of its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def naive_html(doc) -> str:
    """The baseline: the same rows and columns as one plain table, as anyone would first write it.

    The project's document stylesheet (fonts, A4 landscape, "Trang x/y" from ``counter(pages)``)
    and its ordinary table style (``doc-table``: every cell bordered, ``thead`` repeated on each
    page, rows not split), the roll's font size so that the page count is comparable; no chunks,
    no merged empty cells, no background grid, no lean user-agent stylesheet.
    """
    from django.utils.html import escape

    from reports.roll_documents import (
        PDF_WIDTHS_MM,
        SIGN_HEADINGS,
        _line_cells,
        count_label,
        roll_view,
    )

    view = roll_view(doc)
    head = (
        "".join(f"<th>{escape(h)}</th>" for h in _NAIVE_HEADINGS[:-2])
        + f"<th>{SIGN_HEADINGS[doc.kind]}</th><th>Ghi chú</th>"
    )
    cols = "".join(f'<col style="width:{w:g}mm">' for w in PDF_WIDTHS_MM)
    width = len(PDF_WIDTHS_MM)
    body = []
    for group in view.groups:
        body.append(f'<tr><td colspan="{width}"><b>{escape(group.label)}</b></td></tr>')
        for i, line in enumerate(group.lines):
            cells = _line_cells(group.first_stt + i, line)
            body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        body.append(_naive_total(count_label(f"Cộng {group.label}", group.totals), group.totals))
    body.append(_naive_total(count_label("TỔNG CỘNG", view.totals), view.totals))
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="stylesheet" href="css/document.css">'
        "<style>table.doc-table { font-size: 8.5pt; } @page landscape { margin: 12mm 8mm 13mm 12mm; }</style></head>"
        f'<body class="landscape"><h1 class="doc-title">{escape(view.title)}</h1>'
        f'<p class="doc-subtitle">{escape(view.subtitle)}</p>'
        f'<table class="doc-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></body></html>"
    )


_NAIVE_HEADINGS = (
    "STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Diện đối tượng", "Số, ngày quyết định", "Hệ số",
    "Mức chuẩn (đồng)", "Số tiền tháng này (đồng)", "Truy lĩnh: tháng", "Truy lĩnh (đồng)", "Truy thu (đồng)",
    "Mai táng phí (đồng)", "Tổng cộng (đồng)", "Phương thức nhận", "Người nhận thay", "Ký nhận", "Ghi chú",
)  # fmt: skip


def _naive_total(label: str, totals) -> str:
    from btxh.formatting import format_number

    money = [format_number(v) for v in (totals.amount, totals.arrears, totals.recovery, totals.funeral, totals.total)]
    cells = [f'<td colspan="8"><b>{label}</b></td>', f"<td>{money[0]}</td>", "<td></td>"]
    cells += [f"<td>{m}</td>" for m in money[1:]] + ["<td></td>"] * 4
    return "<tr>" + "".join(cells) + "</tr>"


def naive_pdf(doc) -> bytes:
    from weasyprint import HTML

    from btxh.documents import static_base_url

    return HTML(string=naive_html(doc), base_url=static_base_url()).write_pdf()


def measure(fmt: str, lines: int, out_dir: Path, workers: int | None, in_thread: bool = False) -> dict:
    """Run in a fresh process: set Django up, build the roll, render one format."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btxh.settings.local")
    import django

    django.setup()
    from reports.roll_documents import bank_transfer_xlsx, roll_pdf, roll_xlsx

    doc = synthetic_roll(lines)
    render = {
        "pdf": lambda: roll_pdf(doc, workers=workers),
        "xlsx": lambda: roll_xlsx(doc),
        "bank": lambda: bank_transfer_xlsx(doc),
        "naive": lambda: naive_pdf(doc),
    }[fmt]
    if in_thread:  # as the "thread" jobs backend runs it: PDF workers then come from a forkserver
        plain, result = render, {}

        def render():
            worker = threading.Thread(target=lambda: result.update(data=plain()))
            worker.start()
            worker.join()
            return result["data"]

    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    data = render()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    path = out_dir / {"pdf": "roll.pdf", "xlsx": "roll.xlsx", "bank": "bank.xlsx", "naive": "naive.pdf"}[fmt]
    path.write_bytes(data)
    pages = None
    if fmt in ("pdf", "naive"):
        from pypdf import PdfReader

        pages = len(PdfReader(str(path)).pages)
    return {
        "format": fmt,
        "lines": lines,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "pages": pages,
        "bytes": len(data),
        "rss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "file": str(path),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--only", choices=["pdf", "xlsx", "bank", "naive"], help="one format, in this process")
    parser.add_argument("--workers", type=int, default=None, help="PDF worker processes (default: up to 2)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/roll-bench"))
    parser.add_argument("--in-thread", action="store_true", help="render in a thread (the web process's job runner)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline (~1 min for 2,000 lines)")
    parser.add_argument("--formats", default="xlsx,bank,pdf", help="comma-separated, of xlsx, bank, pdf")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only:
        print(json.dumps(measure(args.only, args.lines, args.out, args.workers, args.in_thread)))
        return
    print(f"{args.lines} lines, {os.cpu_count()} CPUs; each format in a fresh process (Django set up, roll built)")
    formats = [fmt for fmt in args.formats.split(",") if fmt]
    if not args.no_naive and "pdf" in formats:
        formats.append("naive")
    results = {}
    for fmt in formats:
        cmd = [sys.executable, __file__, "--only", fmt, "--lines", str(args.lines), "--out", str(args.out)]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        if args.in_thread:
            cmd.append("--in-thread")
        # The measured process stays single-threaded (the sampler lives here), as a job would be.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        with TreeRss(proc.pid) as tree:
            stdout, _ = proc.communicate()
        if proc.returncode:
            sys.exit(proc.returncode)
        result = json.loads(stdout.splitlines()[-1])
        result["rss_tree_peak_mb"] = round(tree.peak_kb / 1024, 1)
        results[fmt] = result
        pages = f", {result['pages']} pages" if result["pages"] else ""
        print(
            f"{fmt:5} {result['seconds']:6.2f} s (CPU {result['cpu_seconds']:.2f} s){pages}, {result['bytes'] / 1e6:.1f} MB file; peak RSS: "
            f"self {result['rss_self_mb']} MB, children {result['rss_children_mb']} MB, "
            f"process tree {result['rss_tree_peak_mb']} MB -> {result['file']}"
        )

    if "pdf" in results and "naive" in results:
        pdf, naive = results["pdf"], results["naive"]
        summary = {
            "lines": args.lines,
            "cpus": os.cpu_count(),
            "pdf_seconds": pdf["seconds"],
            "pdf_pages": pdf["pages"],
            "pdf_peak_mb": pdf["rss_tree_peak_mb"],
            "naive_seconds": naive["seconds"],
            "naive_pages": naive["pages"],
            "naive_peak_mb": naive["rss_tree_peak_mb"],
            "speedup": round(naive["seconds"] / pdf["seconds"], 2),
        }
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
