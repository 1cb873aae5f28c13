"""Background tasks of the company directory (django-tasks, on the platform's database queue: the
backend named "embeddings" in settings.TASKS, worked by `db_worker --backend embeddings` in the compose
`worker` service and in `make run`; sot_points/tasks.py says why the name is historical)."""
from django_tasks import task

QUEUE_BACKEND = "embeddings"


@task(backend=QUEUE_BACKEND)
def company_import_run(import_id: int, actor_id: int) -> str:
    """Run a started import (directory.services.company_import_run); the admin page polls its progress.
    Returns the import's final status, or "gone" when the import or the person who started it is gone."""
    from django.contrib.auth import get_user_model

    from directory.models import CompanyImport
    from directory.services import company_import_run as run

    upload = CompanyImport.objects.select_related("municipality").filter(pk=import_id).first()
    actor = get_user_model().objects.filter(pk=actor_id).first()
    if upload is None or actor is None:
        return "gone"
    run(actor=actor, upload=upload)
    upload.refresh_from_db(fields=["status"])
    return upload.status
