"""A host's data export holds what they did as a host: the points they host, every status they set,
their readiness checks and the invitations to their address; nobody else's."""
import json

import pytest
from allauth.account.models import EmailAddress

from municipalities.models import Role
from sot_points import services
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def editor(overkalix):
    return make_staff(overkalix, Role.EDITOR, email="redaktor.overkalix@example.org")


@pytest.fixture
def host_with_history(overkalix, editor):
    """A host who was invited, set two statuses and confirmed readiness; and is invited to a second point at
    an address they added but have not verified yet (so the invitation stays open). Not the shared `host`
    of tests/sot_points/conftest.py."""
    user = make_user("vard.svartbyn@example.org")
    EmailAddress.objects.create(user=user, email="Vard.Privat@example.org", verified=False, primary=False)
    point = make_point(overkalix, name="Bygdegården i Svartbyn")
    services.host_invite(actor=editor, point=point, email=user.email)
    services.host_invitations_accept_for(user=user, email=user.email)
    services.point_status_update(actor=user, point=point, status="open", available_now=["warm_room"],
                                 places_free=12, message="Kaffe finns")
    services.point_status_update(actor=user, point=point, status="closed")
    services.readiness_confirm(actor=user, point=point, generator_tested=True, contacts_checked=False,
                               fuel_percent=80, notes="Dunken i förrådet är tom")
    services.host_invite(actor=editor, point=make_point(overkalix, name="Affären i Lansjärv"),
                         email="vard.privat@example.org")
    return user


def _export(client, user) -> dict:
    client.force_login(user)
    response = client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST=HOST)
    assert response.status_code == 200
    return json.loads(response.content)["sot_points"]


class SotPersonalDataTests:
    def test_export_lists_the_points_the_user_hosts(self, client, host_with_history):
        assert [p["point"] for p in _export(client, host_with_history)["hosted_points"]] == ["Bygdegården i Svartbyn"]

    def test_export_holds_every_status_the_user_set_with_its_message(self, client, host_with_history):
        changes = _export(client, host_with_history)["status_changes"]
        assert [(c["point"], c["status"], c["message"], c["places_free"]) for c in changes] == [
            ("Bygdegården i Svartbyn", "open", "Kaffe finns", 12),
            ("Bygdegården i Svartbyn", "closed", "", None),
        ]
        assert all(c["at"] for c in changes)

    def test_export_holds_the_users_readiness_checks(self, client, host_with_history):
        checks = _export(client, host_with_history)["readiness_checks"]
        assert [(c["point"], c["generator_tested"], c["contacts_checked"], c["fuel_percent"], c["notes"])
                for c in checks] == [("Bygdegården i Svartbyn", True, False, 80, "Dunken i förrådet är tom")]

    def test_export_holds_invitations_to_the_users_address_accepted_or_not(self, client, host_with_history):
        invitations = _export(client, host_with_history)["host_invitations"]
        assert sorted((i["point"], i["email"], i["accepted"] is not None) for i in invitations) == [
            ("Affären i Lansjärv", "vard.privat@example.org", False),
            ("Bygdegården i Svartbyn", "vard.svartbyn@example.org", True),
        ]

    def test_the_inviting_editor_sees_whom_they_invited_to_which_point_but_not_the_invitees_address(
            self, client, host_with_history, editor):
        data = _export(client, editor)
        assert sorted(i["point"] for i in data["host_invitations_sent"]) == [
            "Affären i Lansjärv", "Bygdegården i Svartbyn"]
        assert "vard." not in json.dumps(data)

    def test_another_users_export_holds_none_of_the_hosts_data(self, client, host_with_history):
        other = make_user("granne@example.org")
        data = _export(client, other)
        assert all(value == [] for value in data.values())

    def test_export_holds_the_disruption_notices_e_mailed_to_the_user(
            self, client, host_with_history, editor, overkalix):
        from sot_points.disruption_notices import disruption_hosts_notify

        disruption = services.disruption_declare(actor=editor, municipality=overkalix, kind="storm",
                                                 title="Storm över Överkalix", message="Strömmen är borta.")
        disruption_hosts_notify(disruption=disruption, kind="declared")
        notices = _export(client, host_with_history)["disruption_notices"]
        assert [(n["disruption"], n["kind"], n["email"]) for n in notices] == [
            ("Storm över Överkalix", "declared", "vard.svartbyn@example.org")]
        assert _export(client, make_user("granne@example.org"))["disruption_notices"] == []
