"""HSDS paging: `page` from 1 and `per_page`, answered in the paged envelope the HSDS API reference defines."""

import math
from dataclasses import dataclass

from app.errors import InvalidInput


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(page: int, per_page: int | None, *, default: int, maximum: int) -> Paging:
    """The page asked for; a 422 naming `per_page` when it is over the maximum."""
    size = default if per_page is None else per_page
    if size > maximum:
        raise InvalidInput.field("per_page", f"at most {maximum}")
    return Paging(page, size)


def envelope(contents: list[dict], total: int, paging: Paging) -> dict:
    """One page of `contents` out of `total` items; `size` counts the items on this page."""
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def in_memory(records: list[dict], paging: Paging) -> dict:
    """A page of a short list held in memory (the taxonomy)."""
    return envelope(records[paging.offset : paging.offset + paging.per_page], len(records), paging)
