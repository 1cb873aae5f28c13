"""Several submissions of one company at the same moment (PostgreSQL): each gets its own round, none fails."""
import threading

import pytest
from django.db import connection, connections

from competence import maturity_services
from competence.models import MaturityAssessment
from tests.factories.accounts import make_user
from tests.factories.competence_maturity import answers_at
from tests.factories.directory import make_company
from tests.factories.municipalities import make_municipality

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_simultaneous_submissions_get_consecutive_rounds():
    overkalix = make_municipality("2513")
    owner = make_user("handlarn@example.org")
    company = make_company(overkalix, owner=owner, published=True, legal_name="Handlar'n i Lansjärv AB")
    start, errors = threading.Barrier(4), []

    def submit(level):
        try:
            start.wait(timeout=10)
            maturity_services.assessment_submit(actor=owner, company=company, answers=answers_at(level))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(level,)) for level in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(MaturityAssessment.objects.filter(company=company).values_list("round", flat=True)) == [0, 1, 2, 3]
