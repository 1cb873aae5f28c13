"""Signal handlers: registry changes made through the admin and official alerts rewrite the static
snapshot (no business logic here)."""
from django.db.models import Q

from municipalities.models import Municipality
from sot_points.publishing import after_point_change, schedule_snapshot


def registry_changed(sender, instance, **kwargs):
    point = getattr(instance, "point", instance)
    if point.municipality_id:
        after_point_change(point, live=False)


def official_alert_stored(sender, alert, **kwargs):
    """The snapshot names the official alerts of its municipality: rewrite those the alert covers."""
    covered = Municipality.objects.filter(Q(code__in=alert.municipality_codes) | Q(county_code__in=alert.county_codes))
    for municipality_id in covered.values_list("pk", flat=True):
        schedule_snapshot(municipality_id)
