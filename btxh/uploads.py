"""Uploaded Excel files: limited in size, checked before a parser sees them.

An .xlsx is a zip archive: a 2 MB upload may hold a 1 GB part that openpyxl would load into the
worker's memory. ``xlsx_open`` refuses a file over ``BTXH_MAX_UPLOAD_MB`` or whose parts add up
to more than ``BTXH_MAX_XLSX_UNCOMPRESSED_MB`` once uncompressed, before parsing it. The forms
check the same (``xlsx_upload_check``) so that the message is shown at the field.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

MB = 1024 * 1024
NOT_XLSX = "Không đọc được tệp: cần tệp Excel .xlsx."


class UploadError(ValueError):
    """The uploaded file cannot be accepted; the message is Vietnamese, for the user."""


def max_upload_mb() -> int:
    return int(getattr(settings, "BTXH_MAX_UPLOAD_MB", 10))


def max_uncompressed_mb() -> int:
    return int(getattr(settings, "BTXH_MAX_XLSX_UNCOMPRESSED_MB", 100))


def upload_size_check(size: int) -> None:
    limit = max_upload_mb()
    if size > limit * MB:
        raise UploadError(f"Tệp quá lớn ({size / MB:.1f} MB): chỉ nhận tệp đến {limit} MB.")


def xlsx_check(data: bytes) -> None:
    """Size of the upload, then of its uncompressed parts (the zip directory, read without inflating)."""
    upload_size_check(len(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UploadError(NOT_XLSX) from exc
    limit = max_uncompressed_mb()
    if total > limit * MB:
        raise UploadError(
            f"Tệp Excel quá lớn khi giải nén ({total / MB:.0f} MB, tối đa {limit} MB): "
            "hãy xóa các trang tính, định dạng không cần thiết hoặc chia nhỏ danh sách."
        )


def xlsx_open(data: bytes, *, read_only: bool = True, data_only: bool = True):
    """The openpyxl workbook of ``data``, once it passed ``xlsx_check``; UploadError otherwise."""
    from openpyxl import load_workbook

    xlsx_check(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an .xlsx
        raise UploadError(NOT_XLSX) from exc


def xlsx_upload_check(upload) -> bytes:
    """For a form's ``clean_<field>``: the size before reading, then the archive. Returns the bytes
    (the upload is rewound for whoever reads it next)."""
    upload_size_check(upload.size or 0)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    xlsx_check(data)
    return data


def returned_list_check(upload, columns: tuple[str, ...], *, what: str, code: str,
                        aliases: dict[str, str] | None = None) -> bytes:  # fmt: skip
    """A signed list sent back (a roll, an emergency-aid list): the workbook's bytes, once its first
    sheet shows a heading row with every one of ``columns`` in its first 60 rows (``aliases`` maps
    another heading to the one it stands for: "Họ và tên chủ hộ" → "Họ và tên"). A file that cannot
    be read, or is not such a list, is a ``ValidationError`` at the field (never a 500): without
    those columns every line would be read as received."""
    from django import forms

    aliases = aliases or {}
    key = columns[0]
    try:
        data = xlsx_upload_check(upload)
        found: set[str] = set()
        for values in xlsx_open(data, read_only=True).worksheets[0].iter_rows(max_row=60, values_only=True):
            cells = {str(v).strip() for v in values if v is not None}
            cells |= {aliases[c] for c in cells if c in aliases}
            if key in cells:
                found = cells
                break
    except UploadError as exc:
        raise forms.ValidationError(str(exc), code="unreadable") from exc
    except Exception as exc:  # a damaged part openpyxl only meets while reading rows
        raise forms.ValidationError(NOT_XLSX, code="unreadable") from exc
    missing = [c for c in columns if c not in found]
    if missing:
        raise forms.ValidationError(
            f"Tệp không phải {what}: không thấy cột " + ", ".join(f"“{c}”" for c in missing)
            + " trong trang tính đầu tiên.",
            code=code,
        )
    return data
