"""seed_demo never leaves a known password or sends e-mail on a real installation.

Development keeps the password README documents. Under production settings the command refuses
unless told the installation is a demo; then every account gets a random password, printed once,
and no e-mail leaves while seeding (the services it calls would otherwise mail every demo company
and office through the production EMAIL_URL).
"""
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from municipalities.demo import DEMO_PASSWORD
from municipalities.models import Municipality

ROOT = Path(__file__).resolve().parents[2]
DEMO_FLAG = "--this-is-a-demo-installation"
# "  admin@example.org  <password>" lines of the command's output.
PRINTED_PASSWORD = re.compile(r"^\s+(\S+@example\.org)\s+(\S+)\s*$", re.MULTILINE)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def users_with_the_published_password() -> list[str]:
    return [user.email for user in get_user_model().objects.all() if user.check_password(DEMO_PASSWORD)]


@pytest.fixture
def production(settings):
    settings.PLATFORM_IS_PRODUCTION = True
    return settings


@pytest.mark.django_db
class SeedDemoRefusalTests:
    def test_refuses_under_production_settings_without_the_demo_flag_and_creates_nothing(self, production):
        with pytest.raises(CommandError) as error:
            seed()
        assert "produktion" in str(error.value)
        assert DEMO_FLAG in str(error.value)
        assert not get_user_model().objects.exists()
        assert not Municipality.objects.exists()

    def test_production_settings_themselves_make_the_command_refuse(self, tmp_path):
        # The real production module in a fresh process, not an overridden flag: the refusal must come
        # from what production.py sets, whatever the settings module is called.
        environment = {
            "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", str(ROOT)),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "seed-demo-test-not-a-secret-" + "0123456789" * 4,
            "DJANGO_ALLOWED_HOSTS": ".foretag.example.se", "PLATFORM_BASE_DOMAIN": "foretag.example.se",
            "DATABASE_URL": "", "REDIS_URL": "", "ELASTICSEARCH_URL": "", "EMAIL_URL": "",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"), "PYTHONDONTWRITEBYTECODE": "1",
        }
        result = subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=environment,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode != 0
        assert DEMO_FLAG in result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class SeedDemoOnADemoInstallationTests:
    # Transactional: the services mail after commit, and only a real commit runs those callbacks
    # where seed_demo runs them in production.

    def test_no_account_gets_the_published_password_and_no_mail_is_sent(self, production):
        output = seed(DEMO_FLAG)
        users = get_user_model().objects.all()
        assert users.count() > 20
        assert users_with_the_published_password() == []
        assert DEMO_PASSWORD not in output
        assert mail.outbox == []
        printed = dict(PRINTED_PASSWORD.findall(output))
        assert set(printed) == set(users.values_list("email", flat=True))
        admin = users.get(email="admin@example.org")
        assert admin.is_superuser
        assert admin.check_password(printed["admin@example.org"])
        assert len(set(printed.values())) == len(printed)

    def test_passwords_are_printed_only_once(self, production):
        seed(DEMO_FLAG)
        again = seed(DEMO_FLAG)
        assert PRINTED_PASSWORD.findall(again) == []
        assert mail.outbox == []

    def test_accounts_seeded_earlier_with_the_published_password_get_random_ones(self, settings):
        seed()
        assert "admin@example.org" in users_with_the_published_password()
        settings.PLATFORM_IS_PRODUCTION = True
        output = seed(DEMO_FLAG)
        assert users_with_the_published_password() == []
        printed = dict(PRINTED_PASSWORD.findall(output))
        assert get_user_model().objects.get(email="admin@example.org").check_password(printed["admin@example.org"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class SeedDemoInDevelopmentTests:
    def test_keeps_the_password_readme_documents_and_sends_no_mail(self):
        output = seed()
        assert DEMO_PASSWORD in (ROOT / "README.md").read_text()
        # Every account, the superuser and the host alike: they share one hash of the password.
        everyone = sorted(get_user_model().objects.values_list("email", flat=True))
        assert "admin@example.org" in everyone
        assert "vard.lansjarv@example.org" in everyone
        assert sorted(users_with_the_published_password()) == everyone
        assert get_user_model().objects.get(email="admin@example.org").is_superuser
        assert DEMO_PASSWORD in output
        assert mail.outbox == []
