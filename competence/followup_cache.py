"""The follow-up dashboard's figures cached per filter under one version that every write to the data
behind them moves (`core.cache_versions`): needs and their status changes, matches, conversations,
maturity assessments, companies and their localities, areas of effort and projects, municipalities.

What is cached is the board before suppression (the same for every viewer of the same filter); each
request suppresses its own copy for its viewer. The version is bumped at once (the same transaction sees
its own writes) and again after commit (a reader that computed from data older than the commit stored
under the version the commit replaced). Writes that bypass signals (QuerySet.update, raw SQL) are covered
by the entries' lifetime only; the services save instances.
"""
from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core import cache_versions

logger = logging.getLogger(__name__)

VERSION_KEY = "competence:followup:version"
TIMEOUT = 15 * 60  # a safety net for writes that send no signal


def bump(*args, **kwargs) -> None:
    """Signal receiver (post_save, post_delete, m2m_changed): the figures may have changed."""
    if kwargs.get("raw"):
        return
    cache_versions.bump_version(VERSION_KEY)
    transaction.on_commit(lambda: cache_versions.bump_version(VERSION_KEY))


def _key(version: str, filters) -> str:
    parts = [translation.get_language() or "", ",".join(str(m.pk) for m in filters.municipalities),
             str(filters.from_month or ""), str(filters.to_month or ""),
             str(filters.area.pk if filters.area else ""), str(filters.project.pk if filters.project else "")]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"competence:followup:board:{version}:{digest}"


def cached(filters, compute):
    """compute() -> a picklable value, read from the cache when the data has not changed since."""
    version = cache_versions.current_version(VERSION_KEY)
    if version is None:
        return compute()
    key = _key(version, filters)
    try:
        value = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, computing the follow-up uncached: %s", exc)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, follow-up figures not stored: %s", exc)
    return value


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from competence.models import (
        CompetenceNeed, CompetenceNeedStatusChange, EffortArea, FollowupProject, MaturityAssessment, NeedMatch,
        NeedsConversation,
    )
    from directory.models import Company, Locality
    from municipalities.models import Municipality

    for model in (CompetenceNeed, CompetenceNeedStatusChange, NeedMatch, NeedsConversation, MaturityAssessment,
                  Company, Locality, EffortArea, FollowupProject, Municipality):
        name = model._meta.label_lower
        post_save.connect(bump, sender=model, dispatch_uid=f"followup_cache_save_{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"followup_cache_delete_{name}")
    m2m_changed.connect(bump, sender=Company.localities.through, dispatch_uid="followup_cache_company_localities")
