"""The page numbers a paginated public list shows (``public/_pagination.html``)."""

from __future__ import annotations

from django.core.paginator import Page


def page_numbers(page: Page) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None stands for the gap."""
    total, current = page.paginator.num_pages, page.number
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers
