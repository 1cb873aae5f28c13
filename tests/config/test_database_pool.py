"""With DATABASE_POOL_MAX_SIZE, an app process never holds more PostgreSQL connections than that:
requests beyond it wait for a free connection instead of failing with "too many clients"."""
import threading
import uuid

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's (DATABASE_URL)"),
]


def test_without_a_pool_size_there_is_no_pool():
    from config.env import database_config

    assert "pool" not in database_config("postgres://platform@localhost/platform").get("OPTIONS", {})


def test_more_requests_than_the_pool_holds_all_get_answered_on_at_most_max_size_connections():
    from django.db.backends.postgresql.base import DatabaseWrapper

    from config.env import database_config

    tag = f"pooltest-{uuid.uuid4().hex[:8]}"
    configured = database_config("postgres://platform@localhost/platform", pool_max_size=2)
    # The test database's address and name, with the options DATABASE_POOL_MAX_SIZE=2 gives.
    settings_dict = {**connection.settings_dict, "OPTIONS": {**configured["OPTIONS"], "application_name": tag}}
    seen, errors = [], []

    def request():
        wrapper = DatabaseWrapper(settings_dict, alias=tag)
        try:
            with wrapper.cursor() as cursor:
                # How many connections this pool holds while the request runs (it holds one for 0.2 s).
                cursor.execute("SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = %s), "
                               "pg_sleep(0.2)", [tag])
                seen.append(cursor.fetchone()[0])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    DatabaseWrapper(settings_dict, alias=tag).close_pool()

    assert errors == []
    assert len(seen) == 8, "every request was answered"
    assert max(seen) <= 2, f"at most max_size connections at once, saw {max(seen)}"
    assert max(seen) == 2, "the pool was used to its bound (requests overlapped)"
