"""The first month an approved entitlement is paid for (pure; used by case approval)."""

from datetime import date

from .types import EngineError, Month

# From 1/7/2025 the commune chairman decides and pays from the month of the decision.
REFORM_MONTH = Month(2025, 7)


def start_month_for(
    category: str,
    decision_date: date,
    certificate_date: date | None = None,
    birth_date: date | None = None,
    birth_year: int | None = None,
) -> Month:
    """The first month an approved entitlement is paid for.

    - In general the month the decision is signed (Decree 20/2021 art. 8(1), original
      wording; from 1/7/2025 the commune chairman's decision, Decree 147/2025 art. 5(2)(b),
      and Decree 176/2025 art. 4 for the social pension).
    - Decided before 2025-07, K6: the month the disability certificate was issued
      ("từ tháng được cấp giấy xác nhận mức độ khuyết tật", Decree 20 art. 8(1)).
    - Decided before 2025-07, K5B / K5C: the month of the 75th / 80th birthday
      ("kể từ thời điểm người đó đủ 75 tuổi / đủ 80 tuổi"), with arrears when the
      decision comes later. A birth year alone counts as 1 January.
    """
    decided = Month.of(decision_date)
    if decided >= REFORM_MONTH:
        return decided
    if category == "K6" and certificate_date is not None:
        return Month.of(certificate_date)
    if category in ("K5B", "K5C"):
        age = 75 if category == "K5B" else 80
        if birth_date is not None:
            return Month(birth_date.year + age, birth_date.month)
        if birth_year is not None:
            return Month(birth_year + age, 1)
        raise EngineError(f"Cần ngày sinh hoặc năm sinh để xác định tháng bắt đầu hưởng {category}.")
    return decided
