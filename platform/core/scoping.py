"""The one way admin views fetch an object named in the URL: scoped to the user, else a 404.

A 404 rather than a 403 for another municipality's object (or one the user may not act on) keeps ids
from telling anyone what exists elsewhere; the permission predicate stays the app's own.
"""
from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_scoped_or_404(queryset: QuerySet[M], pk, allowed: Callable[[M], bool] | None = None) -> M:
    """The object with this pk in `queryset` (already limited to the user's municipalities) if `allowed(obj)`."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or (allowed is not None and not allowed(obj)):
        raise Http404
    return obj
