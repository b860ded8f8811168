"""Pagination for lists of up to millions of rows without counting them all.

``Paginator`` runs ``COUNT(*)`` over the whole filtered set on every page; over a province's
million people that is most of the page's time. Here a page fetches one row more than it
shows (to know whether there is a next page) and the count is capped: up to ``cap`` rows are
counted (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``), beyond that the page says "more than".
The interface is the part of Django's Page that templates/includes/_pagination.html uses;
``paginator.count`` is None when the cap was reached.
"""

from __future__ import annotations

import math


class CappedPaginator:
    def __init__(self, queryset, per_page: int, *, cap: int = 10_000):
        self.queryset = queryset
        self.per_page = per_page
        self.cap = cap
        self._count: int | bool | None = False

    @property
    def count(self) -> int | None:
        if self._count is False:
            n = self.queryset.order_by()[: self.cap + 1].count()
            self._count = None if n > self.cap else n
        return self._count

    @property
    def capped(self) -> bool:
        return self.count is None

    @property
    def num_pages(self) -> int:
        """Pages counted; when the cap is reached, the pages up to the cap (there are more)."""
        count = self.cap + 1 if self.count is None else self.count
        return max(1, math.ceil(count / self.per_page))

    def get_page(self, number) -> CappedPage:
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * self.per_page
        rows = list(self.queryset[offset : offset + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        return CappedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class CappedPage:
    def __init__(self, object_list, number: int, paginator: CappedPaginator, *, has_next: bool):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0
