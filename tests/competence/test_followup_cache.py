"""The follow-up's figures after a write: the previous figures are served with their time while one
recompute per filter is queued (the "embeddings" database queue, a dummy backend here); the queued task
brings the write in; a filter never computed is computed in the request; suppression stays per viewer."""
import csv
import io

import pytest

from competence import followup_cache
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_followup import make_owner, make_plain_company, make_plain_need, with_totp
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
LANDING = "localhost"
STALE_NOTE = "Nya siffror räknas fram"


@pytest.fixture
def queue(settings):
    settings.TASKS = {**settings.TASKS, "embeddings": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    backend = task_backends["embeddings"]
    backend.clear()
    return backend


def queued(queue, name):
    return [r for r in queue.results if r.task.name == name]


def run_queued(queue, capture):
    """What the worker does: run each queued task (and whatever those queue) until the queue is empty."""
    while queue.results:
        result = queue.results.pop(0)
        with capture(execute=True):
            result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def world(arvidsjaur):
    """Arvidsjaur: 4 micro companies need a developer (2512); Region Norrbotten is granted Arvidsjaur."""
    owner_user = with_totp(make_user("region.norrbotten@example.org"))
    make_owner("Region Norrbotten", [arvidsjaur], [owner_user])
    companies = [make_plain_company(arvidsjaur, size_class="micro") for _ in range(4)]
    needs = [make_plain_need(c, ssyk="2512") for c in companies]
    staff = make_staff(arvidsjaur, Role.EDITOR, email="redaktor.arvidsjaur@example.org")
    return {"owner_user": owner_user, "staff": staff, "arvidsjaur": arvidsjaur, "needs": needs}


def _page(client, host=HOST, query=""):
    return client.get(f"/uppfoljning/{query}", HTTP_HOST=host).content.decode()


def _developer_row(html):
    return html.split("<th scope=\"row\">2512 Mjukvaru")[1].split("</tr>")[0]


def _write(world):
    make_plain_need(make_plain_company(world["arvidsjaur"], size_class="micro"), ssyk="2512")




def test_a_render_after_a_write_shows_the_previous_figures_with_their_time_and_queues_a_recompute(
        client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    first = _page(client)
    assert "<td>4</td>" in _developer_row(first)
    assert "Siffrorna uppdaterades för" in first
    assert STALE_NOTE not in first
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
        html = _page(client)
    assert "<td>4</td>" in _developer_row(html)
    assert "<td>5</td>" not in _developer_row(html)
    assert "Siffrorna uppdaterades för" in html
    assert STALE_NOTE in html
    assert "<time datetime=" in html
    refreshes = queued(queue, "refresh_followup_figures")
    assert len(refreshes) == 1
    assert refreshes[0].args[0]["municipalities"] == [world["arvidsjaur"].pk]
    assert len(queued(queue, "refresh_followup_defaults")) == 1


def test_once_the_queued_recompute_ran_the_figures_include_the_write(
        client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
        _page(client)
    run_queued(queue, django_capture_on_commit_callbacks)
    html = _page(client)
    assert "<td>5</td>" in _developer_row(html)
    assert STALE_NOTE not in html
    with django_capture_on_commit_callbacks(execute=True):
        need = world["needs"][0]
        need.status = "met"
        need.save()
    run_queued(queue, django_capture_on_commit_callbacks)  # the defaults refresh after the write
    html = _page(client)
    assert "<td>1</td>" in _developer_row(html)
    assert STALE_NOTE not in html


def test_a_burst_of_writes_and_renders_queues_one_recompute_per_filter(
        client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    _page(client)
    _page(client, query="?fran=2020-01")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _write(world)
            _page(client)
            _page(client, query="?fran=2020-01")
    refreshes = queued(queue, "refresh_followup_figures")
    assert len(refreshes) == 2
    assert {r.args[0]["from"] for r in refreshes} == {"", "2020-01"}
    assert len(queued(queue, "refresh_followup_defaults")) == 1
    computed = []
    original = followup_cache.refresh

    def counting(spec):
        done = original(spec)
        computed.append((spec["from"], done))
        return done
    followup_cache.refresh = counting
    try:
        run_queued(queue, django_capture_on_commit_callbacks)
    finally:
        followup_cache.refresh = original
    # The defaults' refresh of Arvidsjaur was already queued by the render: not queued twice.
    assert sorted(f for f, done in computed if done) == ["", "2020-01"]
    assert "<td>9</td>" in _developer_row(_page(client))


def test_stale_figures_are_suppressed_for_each_viewer(client, world, queue, django_capture_on_commit_callbacks):
    query = f"?kommun={world['arvidsjaur'].pk}"
    client.force_login(world["owner_user"])
    assert "dold" in _developer_row(_page(client, LANDING, query))
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
    client.force_login(world["owner_user"])
    html = _page(client, LANDING, query)
    row = _developer_row(html)
    assert STALE_NOTE in html
    assert "dold" in row
    assert ">4<" not in row
    client.force_login(world["staff"])
    html = _page(client, LANDING, query)
    row = _developer_row(html)
    assert STALE_NOTE in html
    assert "<td>4</td>" in row
    assert "dold" not in row
    client.force_login(world["owner_user"])
    row = _developer_row(_page(client, LANDING, query))
    assert "dold" in row
    assert ">4<" not in row


def test_a_filter_never_computed_is_computed_in_the_request(client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
        html = _page(client, query="?fran=2020-01")
    assert "<td>5</td>" in _developer_row(html)
    assert STALE_NOTE not in html
    assert not [r for r in queued(queue, "refresh_followup_figures") if r.args[0]["from"] == "2020-01"]


def test_the_aggregate_export_says_when_its_figures_were_computed_and_uses_the_same_figures(
        client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
    response = client.get("/uppfoljning/export.csv", HTTP_HOST=HOST)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tabell", "Rad", "Kolumn", "Värde"]
    total = [r for r in rows if r[0].startswith("Behov per yrke") and r[1] == "Totalt" and r[2] == "Behov"]
    assert total[0][3] == "4"  # the previous figures, as the page shows them
    assert rows[-1][:3] == ["Om siffrorna", "Beräknade", "Tidpunkt"]
    assert rows[-1][3][:2] == "20"


def test_individual_needs_export_is_live_right_after_a_write(client, world, queue, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
    response = client.get("/uppfoljning/behov.csv", HTTP_HOST=HOST)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 5


def test_a_refresh_that_never_runs_makes_a_later_render_compute_in_the_request(
        client, world, queue, django_capture_on_commit_callbacks, monkeypatch):
    client.force_login(world["staff"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)
        assert STALE_NOTE in _page(client)  # queued; no worker runs it
    later = followup_cache._now() + followup_cache.WORKER_GRACE + 1
    monkeypatch.setattr(followup_cache, "_now", lambda: later)
    html = _page(client)
    assert "<td>5</td>" in _developer_row(html)
    assert STALE_NOTE not in html
