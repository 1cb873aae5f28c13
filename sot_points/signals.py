"""Registry changes made through the admin rewrite the static snapshot (no business logic here)."""
from sot_points.publishing import after_point_change


def registry_changed(sender, instance, **kwargs):
    point = getattr(instance, "point", instance)
    if point.municipality_id:
        after_point_change(point, live=False)

