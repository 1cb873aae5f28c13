"""Statistical disclosure control for frequency tables of companies.

Figures about companies shown outside a municipality's own office must not let anyone single out a
company. We follow the threshold rule with secondary (complementary) suppression as in Eurostat's
*Handbook on Statistical Disclosure Control* (Hundepool et al., ESSnet SDC 2010, ch. 5 "Frequency
tables") and SCB's *Röjandekontroll av tabeller* (Statistics Sweden's guidance on protecting tables):

1. **Primary suppression.** A cell counted from 1 to `THRESHOLD - 1` distinct companies is hidden.
   A cell of 0 companies is shown (an empty cell discloses nothing about a company).
2. **Secondary suppression.** A hidden cell must not be recoverable by subtraction. The caller states
   the table's additive relations (`total = part + part + ...`, e.g. a column total over a partition,
   or a row's needs = open + met + dropped). For every relation whose total is shown:
   exactly one hidden part would be total minus the shown parts, so the smallest shown non-zero part
   (by companies, then value) is hidden too; when no part can be hidden, the total is. A hidden total
   whose parts are all shown is the sum of them, so the smallest non-zero part is hidden.
   Repeated until nothing changes: a cell shared by several tables (the same grand total in every
   breakdown) is one `Cell` object, so hiding it once hides it everywhere.

Cells that the reader never sees but could derive (e.g. "not woman-led" = reached - woman-led) take
part in relations as ordinary cells, so the rule protects them too.

Known limit (as in every interactive table tool): totals over periods the reader chooses freely can
be differenced (Jan–Mar minus Jan–Feb). Periods are whole months and small totals are hidden, which
bounds but does not remove that risk.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 5


@dataclass(eq=False)
class Cell:
    """One figure and the number of distinct companies it was counted from."""

    value: int | float | None
    companies: int
    hidden: bool = False
    reason: str = ""  # "primary" | "secondary"

    @property
    def shown(self):
        """The value, or None when hidden (templates print a dash and say why)."""
        return None if self.hidden else self.value

    def hide(self, reason: str) -> None:
        if not self.hidden:
            self.hidden, self.reason = True, reason


@dataclass(frozen=True)
class Relation:
    total: Cell
    parts: tuple[Cell, ...]


def relation(total: Cell, parts: Iterable[Cell]) -> Relation:
    return Relation(total, tuple(parts))


def _sort_key(cell: Cell):
    return (cell.companies, cell.value if isinstance(cell.value, (int, float)) else 0)


def suppress(cells: Iterable[Cell], relations: Sequence[Relation] = (), *, threshold: int = THRESHOLD) -> None:
    """Hide, in place, the cells below the threshold and the ones that would reveal them."""
    for cell in cells:
        if 0 < cell.companies < threshold:
            cell.hide("primary")
    for rel in relations:  # totals are cells too
        for cell in (rel.total, *rel.parts):
            if 0 < cell.companies < threshold:
                cell.hide("primary")
    changed = True
    while changed:
        changed = False
        for rel in relations:
            hidden = [p for p in rel.parts if p.hidden]
            candidates = sorted((p for p in rel.parts if not p.hidden and p.companies > 0), key=_sort_key)
            if not rel.total.hidden and len(hidden) == 1:
                if candidates:
                    candidates[0].hide("secondary")
                else:
                    rel.total.hide("secondary")
                changed = True
            elif rel.total.hidden and rel.total.companies > 0 and not hidden and candidates:
                candidates[0].hide("secondary")
                changed = True
