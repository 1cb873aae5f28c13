"""Background tasks of the SOT registry (django-tasks).

They go to the platform's database queue, the backend named "embeddings" in settings.TASKS, because that is
the queue a worker already works (`db_worker --backend embeddings`: the compose `worker` service and
`make run`); the name is historical. A crisis desk request only queues; the worker sends.
"""
from django_tasks import task

QUEUE_BACKEND = "embeddings"


@task(backend=QUEUE_BACKEND)
def disruption_hosts_notify(disruption_id: int, kind: str) -> int:
    """E-mail and text the hosts of the points a disruption affects (sot_points.disruption_notices)."""
    from sot_points.disruption_notices import disruption_hosts_notify as notify
    from sot_points.models import Disruption

    disruption = Disruption.objects.select_related("municipality").filter(pk=disruption_id).first()
    if disruption is None:
        return 0
    return notify(disruption=disruption, kind=kind)
