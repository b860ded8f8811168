"""Elderly Association workbooks built in tests (no binary fixtures)."""

import io

from openpyxl import Workbook

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Thôn/Tổ dân phố"]


def workbook(rows: list[list], header=HEADER, title="DANH SÁCH HỘI VIÊN NGƯỜI CAO TUỔI") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(header)
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
