"""Make a set of related objects exactly what a form asked for, one change at a time through services."""
from collections.abc import Callable, Iterable


def reconcile(*, current: Iterable, wanted: Iterable, add: Callable[[object], None],
              remove: Callable[[object], None]) -> None:
    """Call `remove` for each object of `current` not in `wanted`, then `add` for each new one (by pk).

    Each call goes through a service, so every change is permission-checked and has its side effects
    (a role granted or revoked), which a plain `relation.set(...)` would skip.
    """
    wanted_by_pk = {obj.pk: obj for obj in wanted}
    current = list(current)
    for obj in current:
        if obj.pk not in wanted_by_pk:
            remove(obj)
    current_pks = {obj.pk for obj in current}
    for pk, obj in wanted_by_pk.items():
        if pk not in current_pks:
            add(obj)
