"""Rules on hamlet names (thôn / tổ dân phố): two spellings that differ only in case, spacing or
diacritics are one hamlet of the commune's list. The writes are in ``services/hamlets.py``."""

from __future__ import annotations

from .identity import name_normalize

NAME_MAX = 100  # Hamlet.name, Person.hamlet, Household.hamlet


def hamlet_name_clean(name: str | None) -> str:
    """The name as stored: runs of spaces made one, ends trimmed."""
    return " ".join((name or "").split())


def hamlet_key(name: str | None) -> str:
    """What two spellings of one hamlet share: "Thôn  Nà Pồng" and "thôn nà pồng" → "thon na pong"."""
    return name_normalize(name or "")[:NAME_MAX]


def unknown_hamlet_message(name: str) -> str:
    return f'Thôn/tổ dân phố "{name}" chưa có trong danh sách của xã.'


def inactive_hamlet_message(name: str) -> str:
    return f'Thôn/tổ dân phố "{name}" đã ngừng sử dụng trong danh sách của xã.'
