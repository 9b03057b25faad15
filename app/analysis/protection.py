"""Small-number protection for counts of people: what may be published, and what must stay hidden.

A count of 1-9 people is suppressed (published as None); every other count is rounded to a
multiple of 5. Where a total is the sum of parts, one hidden cell among the total and its parts
would follow from the others: secondary suppression hides a second one (the smallest non-zero
part still shown, else the total), until no group has exactly one hidden cell.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SMALLEST_SHOWN = 10
ROUND_TO = 5


@dataclass(frozen=True)
class Group:
    """A total and the parts it adds up from (or bounds): cell keys of one table."""

    total: Hashable
    parts: tuple[Hashable, ...]


def rounded(count: int) -> int:
    """A count of 10 or more to the nearest multiple of 5, halves up: 12 → 10, 13 → 15."""
    return (count + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def published(count: int) -> int | None:
    """One count on its own: 0 stays 0, 1-9 is hidden, the rest rounded to 5."""
    if 0 < count < SMALLEST_SHOWN:
        return None
    return rounded(count)


def suppressed_cells(counts: Mapping[Any, int], groups: Iterable[Group]) -> set[Hashable]:
    """The cells to hide: small counts, and what would reveal them through a group's total.

    Cells missing from `counts` are zero. The choice is deterministic: the same counts and groups
    give the same cells on every request, so comparing answers reveals nothing new.
    """
    every = list(groups)
    groups_of: dict[Hashable, list[int]] = defaultdict(list)
    for number, group in enumerate(every):
        for cell in (group.total, *group.parts):
            groups_of[cell].append(number)
    hidden: set[Hashable] = set()
    hidden_in = [0] * len(every)  # hidden cells per group, kept as cells hide
    waiting: list[int] = []

    def hide(cell: Hashable) -> None:
        hidden.add(cell)
        for number in groups_of[cell]:
            hidden_in[number] += 1
            if hidden_in[number] == 1:
                waiting.append(number)

    for cell in sorted((key for key, count in counts.items() if 0 < count < SMALLEST_SHOWN), key=repr):
        hide(cell)
    while waiting:
        number = waiting.pop()
        if hidden_in[number] == 1 and (cell := _second_to_hide(every[number], counts, hidden)) is not None:
            hide(cell)
    return hidden


def _second_to_hide(group: Group, counts: Mapping[Any, int], hidden: set[Hashable]) -> Hashable | None:
    """The smallest non-zero part still shown (ties by key), else the total if shown.

    None only where the counts do not add up (a hidden total over parts that are all zero).
    """
    shown = [part for part in group.parts if part not in hidden and counts.get(part, 0) > 0]
    if shown:
        return min(shown, key=lambda part: (counts[part], repr(part)))
    return None if group.total in hidden else group.total


@dataclass(frozen=True)
class Protected:
    """A table of counts as it may be published."""

    counts: Mapping[Any, int]
    hidden: frozenset[Hashable]

    def __getitem__(self, key: Hashable) -> int | None:
        """None where hidden, else the count rounded to 5; cells never counted are 0."""
        return None if key in self.hidden else rounded(self.counts.get(key, 0))


def protect(counts: Mapping[Any, int], groups: Iterable[Group]) -> Protected:
    """The table with its small counts and what would reveal them hidden."""
    return Protected(counts, frozenset(suppressed_cells(counts, groups)))
