"""Rules on who a person is: the national ID (số định danh cá nhân) and the normalised name.

The ID layout follows Circular 59/2021/TT-BCA art. 7: three digits of the province
where the birth was registered, one digit for the century of birth and the sex, two
digits of the birth year, six random digits.
"""

from __future__ import annotations

import re
from functools import cache

from unidecode import unidecode

MALE = "male"
FEMALE = "female"

# The 63 province codes before the 2025 merger (Circular 59/2021 appendix), used when
# the vietnam-provinces package (or its legacy data) is not installed.
FALLBACK_PROVINCE_CODES = frozenset(
    f"{c:03d}"
    for c in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)

# Fourth digit: century of birth and sex.
_CENTURY_SEX = {"0": (1900, MALE), "1": (1900, FEMALE), "2": (2000, MALE), "3": (2000, FEMALE)}
_DIGITS_12 = re.compile(r"\d{12}")


@cache
def province_codes() -> frozenset[str]:
    """Three-digit codes of the 63 pre-2025 provinces, from ``vietnam_provinces.legacy``."""
    try:
        from vietnam_provinces import legacy

        codes = frozenset(f"{int(p.code):03d}" for p in legacy.Province.iter_all())
    except Exception:  # any failure of the optional data means: use our copy
        return FALLBACK_PROVINCE_CODES
    return codes or FALLBACK_PROVINCE_CODES


def national_id_clean(value) -> str | None:
    """Spaces, dots and a float Excel cell ("1.23e11" aside) stripped: digits only, or None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-]", "", str(value))
    if isinstance(value, int) and 10 <= len(text) < 12:
        text = text.zfill(12)  # every province code starts with 0: a number cell loses one or two zeros
    return text or None


def national_id_format_errors(value: str) -> list[str]:
    """Errors of the ID on its own: 12 digits, a known province, a valid century digit."""
    if not _DIGITS_12.fullmatch(value):
        return ["Số định danh cá nhân phải gồm đúng 12 chữ số."]
    errors = []
    if value[:3] not in province_codes():
        errors.append(f"Ba chữ số đầu ({value[:3]}) không phải mã tỉnh nơi đăng ký khai sinh.")
    if value[3] not in _CENTURY_SEX:
        errors.append(
            f"Chữ số thứ tư ({value[3]}) không hợp lệ: phải là 0, 1 (sinh 1900–1999) hoặc 2, 3 (sinh 2000–2099)."
        )
    return errors


def national_id_implied(value: str) -> tuple[int, str] | None:
    """(birth year, sex) that a well-formed ID encodes, or None."""
    if not _DIGITS_12.fullmatch(value) or value[3] not in _CENTURY_SEX:
        return None
    century, sex = _CENTURY_SEX[value[3]]
    return century + int(value[4:6]), sex


def national_id_errors(value: str, *, sex: str | None, birth_year: int | None) -> list[str]:
    """Every reason the ID is wrong for a person of this sex and birth year (Vietnamese)."""
    errors = national_id_format_errors(value)
    implied = national_id_implied(value)
    if errors or implied is None:
        return errors
    year, id_sex = implied
    if sex and sex != id_sex:
        said = "nam" if id_sex == MALE else "nữ"
        errors.append(f"Chữ số thứ tư ({value[3]}) là của người {said}, không khớp với giới tính đã nhập.")
    if birth_year and birth_year != year:
        errors.append(
            f"Chữ số thứ tư đến thứ sáu ({value[3:6]}) cho năm sinh {year}, không khớp với năm sinh {birth_year}."
        )
    return errors


def name_normalize(name: str) -> str:
    """Diacritics-, case- and space-insensitive form of a name: "Nguyễn Thị Hòa" → "nguyen thi hoa" (đ → d)."""
    return " ".join(unidecode(name or "").lower().split())
