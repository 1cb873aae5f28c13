"""The follow-up page's cached figures: each viewer gets their own suppression from the shared figures,
a write behind the figures (a saved need) shows once the recompute it queues has run, and a render from the cache asks the database for
no aggregate."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_followup import make_owner, make_plain_company, make_plain_need, with_totp
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
LANDING = "localhost"


@pytest.fixture
def world(arvidsjaur):
    """Arvidsjaur: 4 micro companies need a developer (2512); Region Norrbotten is granted Arvidsjaur."""
    owner_user = with_totp(make_user("region.norrbotten@example.org"))
    make_owner("Region Norrbotten", [arvidsjaur], [owner_user])
    companies = [make_plain_company(arvidsjaur, size_class="micro") for _ in range(4)]
    needs = [make_plain_need(c, ssyk="2512") for c in companies]
    staff = make_staff(arvidsjaur, Role.EDITOR, email="redaktor.arvidsjaur@example.org")
    return {"owner_user": owner_user, "staff": staff, "arvidsjaur": arvidsjaur, "needs": needs}


def _developer_row(client, host, query=""):
    html = client.get(f"/uppfoljning/{query}", HTTP_HOST=host).content.decode()
    return html.split("<th scope=\"row\">2512 Mjukvaru")[1].split("</tr>")[0]


def test_owner_and_staff_each_get_their_own_suppression_from_the_same_figures(client, world):
    query = f"?kommun={world['arvidsjaur'].pk}"
    client.force_login(world["owner_user"])
    assert "dold" in _developer_row(client, LANDING, query)
    client.force_login(world["staff"])
    row = _developer_row(client, LANDING, query)
    assert "<td>4</td>" in row
    assert "dold" not in row
    client.force_login(world["owner_user"])
    row = _developer_row(client, LANDING, query)
    assert "dold" in row
    assert ">4<" not in row


def test_a_new_need_and_a_status_change_show_once_the_queued_recompute_ran(
        client, world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {**settings.TASKS, "embeddings": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    queue = task_backends["embeddings"]

    def run_queue():
        while queue.results:
            result = queue.results.pop(0)
            with django_capture_on_commit_callbacks(execute=True):
                result.task.call(*result.args, **result.kwargs)

    client.force_login(world["staff"])
    assert "<td>4</td>" in _developer_row(client, HOST)
    with django_capture_on_commit_callbacks(execute=True):
        make_plain_need(make_plain_company(world["arvidsjaur"], size_class="micro"), ssyk="2512")
    run_queue()
    assert "<td>5</td>" in _developer_row(client, HOST)
    assert "<td>1</td>" not in _developer_row(client, HOST)
    need = world["needs"][0]
    with django_capture_on_commit_callbacks(execute=True):
        need.status = "met"
        need.save()
    run_queue()
    assert "<td>1</td>" in _developer_row(client, HOST)


def test_a_render_from_the_cache_runs_no_aggregate_over_the_needs(client, world):
    client.force_login(world["staff"])
    client.get("/uppfoljning/", HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/uppfoljning/", HTTP_HOST=HOST).status_code == 200
    needs_table = "competence_competenceneed"
    assert not [q for q in queries.captured_queries if needs_table in q["sql"] and "COUNT(" in q["sql"].upper()]
