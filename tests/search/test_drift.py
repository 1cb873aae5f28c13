"""Drift bookkeeping: a reconcile forgets only the missed writes it has certainly seen, i.e. those
noted before it read the provider; a miss noted while it reads stays reported for the next run."""
import pytest

from search import drift, registry

from .conftest import COMPANIES, DOCUMENTS

pytestmark = pytest.mark.django_db


def behind() -> dict:
    return drift.drift_summary()["drift"]


@pytest.mark.elasticsearch
class ReconcileForgetsWhatItSawTests:
    def test_a_miss_noted_while_the_provider_is_read_stays_for_the_next_reconcile(
            self, company_index, elasticsearch_configured):
        drift.note_missed_writes(COMPANIES.name, "elasticsearch", ["asele-cafe"])

        def provider():
            yield from DOCUMENTS[:4]
            # Another process's write fails now: this run may have read the document before it changed.
            drift.note_missed_writes(COMPANIES.name, "elasticsearch", ["lansjarv-handel"])
            yield from DOCUMENTS[4:]

        registry.register_index(COMPANIES, provider=provider)
        registry.reconcile_index(COMPANIES.name)
        assert behind() == {COMPANIES.name: {"elasticsearch": 1}}

        registry.register_index(COMPANIES, provider=lambda: list(DOCUMENTS))
        registry.reconcile_index(COMPANIES.name)
        assert behind() == {}


class DriftSummaryTests:
    def test_repeated_misses_of_one_document_count_it_once(self, company_index):
        drift.note_missed_writes(COMPANIES.name, "elasticsearch", ["asele-cafe", "asele-cafe"])
        drift.note_missed_writes(COMPANIES.name, "elasticsearch", ["asele-cafe", "asele-snickeri"])
        assert behind() == {COMPANIES.name: {"elasticsearch": 2}}
