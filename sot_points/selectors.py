"""Every read of the SOT registry. Selectors take the municipality, never the request."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from municipalities.models import Municipality
from search.types import haversine_km
from sot_points.models import (
    Disruption,
    OpeningException,
    OpeningHours,
    PointStatus,
    ReadinessCheck,
    SotPoint,
    StatusUpdate,
)


def point_list_public(*, municipality: Municipality) -> QuerySet[SotPoint]:
    return (SotPoint.objects.filter(municipality=municipality, is_published=True)
            .select_related("locality", "host_company")
            .prefetch_related("opening_hours", "opening_exceptions"))


def point_get_public(*, municipality: Municipality, slug: str) -> SotPoint | None:
    return point_list_public(municipality=municipality).filter(slug=slug).first()


def point_get(*, municipality: Municipality, slug: str) -> SotPoint | None:
    """Published or not: the caller checks the permission."""
    return SotPoint.objects.select_related("municipality", "locality").filter(
        municipality=municipality, slug=slug).first()


def points_hosted_by(*, user, municipality: Municipality) -> QuerySet[SotPoint]:
    return SotPoint.objects.filter(municipality=municipality, hosts=user)


def status_history(*, point: SotPoint, limit: int = 20) -> list[StatusUpdate]:
    return list(point.status_updates.select_related("changed_by")[:limit])


def disruption_active(*, municipality: Municipality, now: datetime | None = None) -> Disruption | None:
    now = now or timezone.now()
    return (Disruption.objects.filter(municipality=municipality, started_at__lte=now, ended_at__isnull=True)
            .prefetch_related("localities").order_by("-started_at").first())


def points_affected_by(disruption: Disruption) -> QuerySet[SotPoint]:
    """The published points in the disruption's localities (every published point when it names none),
    with their active hosts prefetched as `hosts`."""
    active_hosts = Prefetch("hosts", queryset=get_user_model().objects.filter(is_active=True).order_by("email"))
    points = (SotPoint.objects.filter(municipality_id=disruption.municipality_id, is_published=True)
              .select_related("municipality__site", "locality").prefetch_related(active_hosts).order_by("name"))
    locality_ids = [locality.pk for locality in disruption.localities.all()]
    return points.filter(locality_id__in=locality_ids) if locality_ids else points


def disruption_list(*, municipality: Municipality) -> QuerySet[Disruption]:
    return Disruption.objects.filter(municipality=municipality).prefetch_related("localities")


# --- Distance ---------------------------------------------------------------------------------

def sort_by_distance(points, origin: tuple[float, float] | None) -> list[tuple[SotPoint, float | None]]:
    """(point, km) nearest first; a municipality has tens of points, so this is done in Python."""
    if origin is None:
        return [(point, None) for point in points]
    rows = [(point, haversine_km(origin, (point.latitude, point.longitude))) for point in points]
    return sorted(rows, key=lambda row: (row[1], row[0].name))


# --- Freshness and opening hours -----------------------------------------------------------------

def status_stale_after() -> timedelta:
    return timedelta(minutes=settings.SOT_STATUS_STALE_AFTER_MINUTES)


def status_is_stale(point: SotPoint, *, disruption: Disruption | None, now: datetime | None = None) -> bool:
    """During a disruption a status not confirmed for a while must be shown as such."""
    if disruption is None or point.status_changed_at is None:
        return disruption is not None
    return (now or timezone.now()) - point.status_changed_at > status_stale_after()


@dataclass(frozen=True)
class DayHours:
    closed: bool
    windows: list[tuple]  # [(opens, closes), ...]
    note: str = ""


def hours_on(point: SotPoint, day, *, kind: str = OpeningHours.Kind.NORMAL) -> DayHours:
    """The windows of one date: an exception for the date wins over the weekly hours."""
    exceptions = [e for e in point.opening_exceptions.all() if e.date == day]
    if exceptions:
        if any(e.closed for e in exceptions):
            return DayHours(closed=True, windows=[], note=exceptions[0].note)
        windows = [(e.opens, e.closes) for e in exceptions if e.opens and e.closes]
        return DayHours(closed=not windows, windows=windows, note=exceptions[0].note)
    windows = [(h.opens, h.closes) for h in point.opening_hours.all() if h.kind == kind and h.weekday == day.weekday()]
    return DayHours(closed=not windows, windows=windows)


def weekly_hours(point: SotPoint, kind: str) -> list[tuple[str, list[tuple]]]:
    """[(weekday label, [(opens, closes), ...]), ...] Monday first, only days with hours."""
    by_day: dict[int, list] = {}
    for hours in point.opening_hours.all():
        if hours.kind == kind:
            by_day.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
    return [(OpeningHours.Weekday(day).label, by_day[day]) for day in sorted(by_day)]


def upcoming_exceptions(point: SotPoint, *, today) -> list[OpeningException]:
    return [e for e in point.opening_exceptions.all() if e.date >= today][:5]


# --- Readiness ------------------------------------------------------------------------------------

def readiness_due_after() -> timedelta:
    return timedelta(days=settings.SOT_READINESS_INTERVAL_DAYS)


@dataclass(frozen=True)
class Readiness:
    point: SotPoint
    last_check: ReadinessCheck | None
    overdue: bool

    @property
    def ready(self) -> bool:
        check = self.last_check
        return bool(check and not self.overdue and check.generator_tested and check.contacts_checked)


def readiness_overview(*, municipality: Municipality, now: datetime | None = None) -> list[Readiness]:
    now = now or timezone.now()
    latest = Prefetch("readiness_checks", queryset=ReadinessCheck.objects.order_by("-created_at", "-id"),
                      to_attr="checks_newest_first")
    rows = []
    for point in SotPoint.objects.filter(municipality=municipality).prefetch_related(latest):
        last = point.checks_newest_first[0] if point.checks_newest_first else None
        overdue = last is None or now - last.created_at > readiness_due_after()
        rows.append(Readiness(point=point, last_check=last, overdue=overdue))
    return sorted(rows, key=lambda r: (r.ready, r.point.name))


def points_missing_readiness(*, now: datetime | None = None) -> QuerySet[SotPoint]:
    """Every municipality's points whose last confirmation is older than the interval (or missing)."""
    now = now or timezone.now()
    recent = ReadinessCheck.objects.filter(created_at__gte=now - readiness_due_after()).values("point_id")
    return SotPoint.objects.exclude(pk__in=recent).select_related("municipality")


def points_readiness_due(*, now: datetime | None = None) -> QuerySet[SotPoint]:
    """Published points of every municipality whose readiness is overdue, grouped by municipality, with
    `last_confirmed_at` (None when never confirmed) and their active host users prefetched as `hosts`."""
    active_hosts = Prefetch("hosts", queryset=get_user_model().objects.filter(is_active=True).order_by("email"))
    return (points_missing_readiness(now=now).filter(is_published=True)
            .select_related("municipality__site")
            .annotate(last_confirmed_at=Max("readiness_checks__created_at"))
            .prefetch_related(active_hosts)
            .order_by("municipality__name", "municipality_id", "name"))


STATUS_ORDER = {PointStatus.OPEN: 0, PointStatus.LIMITED: 1, PointStatus.UNKNOWN: 2, PointStatus.CLOSED: 3}


def hosts_required_to_use_mfa() -> QuerySet:
    """User ids hosting a point in a municipality that requires its hosts to use TOTP."""
    return SotPoint.hosts.through.objects.filter(sotpoint__municipality__sot_hosts_require_mfa=True).values("user_id")
