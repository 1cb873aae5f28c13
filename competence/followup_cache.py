"""The follow-up dashboard's figures kept per filter and refreshed in the background (stale while
revalidate), so a render after a write never waits for the ~20 aggregate queries.

Every write to the data behind the figures (needs and their status changes, matches, conversations,
maturity assessments, companies and their localities, areas of effort and projects, municipalities)
moves one version (`core.cache_versions`): at once (the same transaction sees its own writes) and again
after commit. Each filter's entry holds the board before suppression (the same for every viewer of the
filter), the version it was computed under and when. A render:

- finds no entry (a filter never computed, or not viewed for `ENTRY_TIMEOUT`): computes in the request;
- finds an entry under the current version, younger than `MAX_AGE`: serves it;
- otherwise serves the entry as it is, says how old it is, and queues `refresh_followup_figures` for
  the filter, debounced by a pending key per filter (`cache.add`): a burst of writes and renders queues
  one recompute per filter; the task drops the key when it starts, so a write during the recompute
  queues the next one.

After the commit of a write, `refresh_followup_defaults` is queued (debounced by one key): it queues the
refresh of the default views (each municipality, each platform owner's municipalities, all
municipalities), in each language already cached (Swedish when none is), so owners rarely meet the
never-computed path. `MAX_AGE` is the safety net for writes that send no signal (QuerySet.update, raw
SQL). The tasks run on the "embeddings" database queue (competence/tasks.py). When a queued refresh
has not run after `WORKER_GRACE` (no worker, or a long backlog) the next render computes in the request
and logs a warning, rather than serve ever older figures. Each request suppresses its own copy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core import cache_versions

logger = logging.getLogger(__name__)

VERSION_KEY = "competence:followup:version"
PREFIX = "competence:followup"  # of the entries and pending keys (tests give each test its own)
MAX_AGE = 15 * 60  # an entry older than this is refreshed even if no write was signalled
ENTRY_TIMEOUT = 7 * 24 * 3600  # how long a filter nobody views keeps its last figures
PENDING_TIMEOUT = 10 * 60  # a lost task (worker down) lets a later render queue another after this
WORKER_GRACE = 5 * 60  # a refresh queued longer ago than this has not run: the request computes instead


@dataclass
class Figures:
    value: object
    computed_at: dt.datetime
    refreshing: bool  # stale figures were served and a recompute is queued (or running)


def bump(*args, **kwargs) -> None:
    """Signal receiver (post_save, post_delete, m2m_changed): the figures may have changed."""
    if kwargs.get("raw"):
        return
    cache_versions.bump_version(VERSION_KEY)
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    cache_versions.bump_version(VERSION_KEY)
    schedule_defaults()


# --- Filters as plain data (task arguments) ---------------------------------------------------------

def spec_for(filters, language: str | None = None) -> dict:
    """The filter as JSON-able data: what the figures depend on (not who views them)."""
    return {"municipalities": [m.pk for m in filters.municipalities],
            "from": filters.from_month.strftime("%Y-%m") if filters.from_month else "",
            "to": filters.to_month.strftime("%Y-%m") if filters.to_month else "",
            "area": filters.area.pk if filters.area else None,
            "project": filters.project.pk if filters.project else None,
            "language": language or translation.get_language() or settings.LANGUAGE_CODE}


def filters_for(spec: dict):
    """The FollowupFilters of a spec; None when an area, project or municipality no longer exists."""
    from competence.followup_selectors import FollowupFilters, _month
    from competence.models import EffortArea, FollowupProject
    from municipalities.models import Municipality

    municipalities = list(Municipality.objects.filter(pk__in=spec["municipalities"]).order_by("name"))
    if [m.pk for m in municipalities] != list(spec["municipalities"]) or not municipalities:
        return None
    filters = FollowupFilters(municipalities=municipalities, allowed=municipalities,
                              municipality=municipalities[0] if len(municipalities) == 1 else None,
                              from_month=_month(spec["from"]), to_month=_month(spec["to"]))
    if spec["area"]:
        filters.area = EffortArea.objects.filter(pk=spec["area"]).first()
        if filters.area is None:
            return None
    if spec["project"]:
        filters.project = FollowupProject.objects.filter(pk=spec["project"]).first()
        if filters.project is None:
            return None
    return filters


def _digest(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]


def _entry_key(spec: dict) -> str:
    return f"{PREFIX}:figures:{_digest(spec)}"


def _pending_key(spec: dict) -> str:
    return f"{PREFIX}:pending:{_digest(spec)}"


def _defaults_pending_key() -> str:
    return f"{PREFIX}:defaults-pending"


# --- Reading ----------------------------------------------------------------------------------------

def _now() -> float:
    return time.time()


def _figures(entry: dict, refreshing: bool) -> Figures:
    return Figures(entry["value"], dt.datetime.fromtimestamp(entry["computed_at"], tz=dt.UTC), refreshing)


def cached(filters, compute) -> Figures:
    """compute() -> a picklable value: the filter's last figures, recomputed in the background when the
    data changed since (or they are older than MAX_AGE); computed here only when there are none."""
    spec = spec_for(filters)
    version = cache_versions.current_version(VERSION_KEY)
    if version is None:
        return Figures(compute(), dt.datetime.now(dt.UTC), False)
    try:
        entry = cache.get(_entry_key(spec))
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, computing the follow-up uncached: %s", exc)
        return Figures(compute(), dt.datetime.now(dt.UTC), False)
    if entry is None:
        return _compute_and_store(spec, version, compute)
    if entry["version"] == version and _now() - entry["computed_at"] < MAX_AGE:
        return _figures(entry, False)
    queued_at = _pending_since(spec)
    if queued_at is not None and _now() - queued_at > WORKER_GRACE:
        logger.warning("follow-up refresh queued %.0f s ago has not run (is the embeddings worker running?); "
                       "computing in the request", _now() - queued_at)
        return _compute_and_store(spec, version, compute)
    schedule_refresh(spec)
    return _figures(entry, True)


def _pending_since(spec: dict) -> float | None:
    try:
        return cache.get(_pending_key(spec))
    except Exception:  # noqa: BLE001 - any cache backend error
        return None


def _compute_and_store(spec: dict, version: str, compute) -> Figures:
    """Compute now; stored under the version read before computing, so a write during the computation
    leaves the entry stale (refreshed on the next render) rather than wrongly current."""
    computed_at = _now()
    value = compute()
    try:
        cache.set(_entry_key(spec), {"version": version, "computed_at": computed_at, "value": value}, ENTRY_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, follow-up figures not stored: %s", exc)
    return Figures(value, dt.datetime.fromtimestamp(computed_at, tz=dt.UTC), False)


# --- Refreshing -------------------------------------------------------------------------------------

def _enqueue(task, *args) -> None:
    """A queue that cannot be reached costs freshness (the page says how old its figures are), never
    the request."""
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("Could not queue %s", task.name)


def schedule_refresh(spec: dict) -> bool:
    """Queue one recompute of the filter unless one is already queued; True when this call queued it."""
    from competence.tasks import refresh_followup_figures

    try:
        if not cache.add(_pending_key(spec), _now(), PENDING_TIMEOUT):
            return False
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, follow-up refresh not queued: %s", exc)
        return False
    transaction.on_commit(lambda: _enqueue(refresh_followup_figures, spec))
    return True


def schedule_defaults() -> bool:
    """After a write: queue the refresh of the default views, once per burst of writes."""
    from competence.tasks import refresh_followup_defaults

    try:
        if not cache.add(_defaults_pending_key(), _now(), PENDING_TIMEOUT):
            return False
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, follow-up defaults not queued: %s", exc)
        return False
    transaction.on_commit(lambda: _enqueue(refresh_followup_defaults))
    return True


def refresh(spec: dict) -> bool:
    """Recompute one filter's figures unless they are current; True when it computed (the task's body)."""
    from competence.followup_selectors import _board

    cache.delete(_pending_key(spec))
    version = cache_versions.current_version(VERSION_KEY)
    entry = cache.get(_entry_key(spec))
    if version is None or (entry is not None and entry["version"] == version
                           and _now() - entry["computed_at"] < MAX_AGE):
        return False
    filters = filters_for(spec)
    if filters is None:
        return False
    with translation.override(spec["language"]):
        _compute_and_store(spec, version, lambda: _board(filters))
    return True


def default_specs() -> list[dict]:
    """Each municipality alone, each platform owner's municipalities and all municipalities (what staff,
    owners' members and the administrator see first), in every language already cached, else Swedish."""
    from municipalities.models import Municipality, PlatformOwner

    everything = list(Municipality.objects.order_by("name").values_list("pk", flat=True))
    groups = []
    for owner in PlatformOwner.objects.prefetch_related("municipalities"):  # first: owners look most often
        ids = [m.pk for m in sorted(owner.municipalities.all(), key=lambda m: m.name)]
        if ids and ids not in groups:
            groups.append(ids)
    for ids in [everything, *([pk] for pk in everything)]:
        if ids and ids not in groups:
            groups.append(ids)
    specs = []
    for ids in groups:
        base = {"municipalities": ids, "from": "", "to": "", "area": None, "project": None}
        languages = [code for code, _name in settings.LANGUAGES
                     if cache.get(_entry_key({**base, "language": code})) is not None]
        specs.extend({**base, "language": code} for code in languages or [settings.LANGUAGE_CODE])
    return specs


def refresh_defaults() -> int:
    """Queue the default views' refresh (each debounced on its own); returns how many were queued."""
    cache.delete(_defaults_pending_key())
    return sum(schedule_refresh(spec) for spec in default_specs())


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from competence.models import (
        CompetenceNeed,
        CompetenceNeedStatusChange,
        EffortArea,
        FollowupProject,
        MaturityAssessment,
        NeedMatch,
        NeedsConversation,
    )
    from directory.models import Company
    from municipalities.models import Locality, Municipality

    for model in (CompetenceNeed, CompetenceNeedStatusChange, NeedMatch, NeedsConversation, MaturityAssessment,
                  Company, Locality, EffortArea, FollowupProject, Municipality):
        name = model._meta.label_lower
        post_save.connect(bump, sender=model, dispatch_uid=f"followup_cache_save_{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"followup_cache_delete_{name}")
    m2m_changed.connect(bump, sender=Company.localities.through, dispatch_uid="followup_cache_company_localities")
