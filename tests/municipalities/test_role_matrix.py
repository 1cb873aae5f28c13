"""Route × role × tenant: what each kind of user gets from each kind of URL, for their own
municipality (Arvidsjaur, A) and another (Åsele, B), in one table.

Outcomes (after the app's own redirects): ok = 200, login = sent to log in, 403 = a signed-in user
without admin access is told so (users/admin_no_access.html), deny = Wagtail's "no permission" (back to the admin
dashboard with a message), 403, 404 (the object is not shown to exist), live/unpub = whether a page
is still published after the user's POST. The platform owners' snippet has no chooser at all. `revoked` was Arvidsjaur's editor (TOTP and an open session)
until the platform administrator took the role away through Admin → Users; `admin_made` was made
editor of Arvidsjaur in Admin → Users. Every non-administrator is also walked over every URL
(tenant_walk) and must never see or change B's data.
"""
from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from directory.models import CompanyMember
from municipalities.models import PlatformOwner, Role
from municipalities.services import platform_owner_create
from sot_points.models import SotPoint
from tests.factories.accounts import make_superuser, make_user
from tests.factories.competence import make_need
from tests.factories.competence_conversations import make_conversation
from tests.factories.competence_providers import make_learning_offer, make_provider
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

from .tenant_walk import _shows_marker, build_world, walk_as

pytestmark = pytest.mark.django_db

ROLES = ["anon", "resident", "member", "editor", "moderator", "host", "owner", "admin", "revoked", "admin_made"]

# route (A = own municipality, B = other)  anon   resident member  editor  moderator host   owner  admin  revoked admin_made
MATRIX = """
admin home                               | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
page edit A                              | login | 404   | 404   | ok    | deny  | 404   | 404   | ok    | 404   | ok
page edit B                              | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
page bulk unpublish confirm A            | login | 404   | 404   | ok    | ok    | 404   | 404   | ok    | 404   | ok
page bulk unpublish confirm B            | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
page bulk unpublish POST A               | live  | live  | live  | unpub | live  | live  | live  | unpub | live  | unpub
page bulk unpublish POST B               | live  | live  | live  | live  | live  | live  | live  | unpub | live  | live
image edit A                             | login | 403   | 403   | ok    | deny  | 403   | 403   | ok    | 403   | ok
image edit B                             | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
image bulk delete confirm B              | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
image chooser                            | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
theme edit A                             | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
theme edit B                             | login | 403   | 403   | 404   | 404   | 403   | 403   | ok    | 403   | 404
roles list                               | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
add municipality                         | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
platform owner chooser                   | login | 403   | 403   | 404   | 404   | 403   | 403   | 404   | 403   | 404
users list                               | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
crisis desk                              | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
moderation queue                         | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
company edit A                           | login | 403   | ok    | ok    | ok    | 403   | 403   | ok    | 403   | ok
company edit B                           | login | 403   | 403   | 403   | 403   | 403   | 403   | ok    | 403   | 403
sot status page A                        | login | 404   | 404   | ok    | 404   | ok    | 404   | ok    | 404   | ok
sot status page B                        | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
sot snapshot B on A's host               | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
public directory A                       | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
read api A                               | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
accessibility statement A                | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
my data export                           | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
competence needs A                       | login | 404   | ok    | ok    | ok    | 404   | 404   | ok    | 404   | ok
competence needs B                       | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
competence need register A               | login | 404   | ok    | 403   | 403   | 404   | 404   | 403   | 404   | 403
competence need register B               | login | 404   | 404   | 404   | 404   | 404   | 404   | 403   | 404   | 404
competence need A                        | login | 404   | ok    | ok    | ok    | 404   | 404   | ok    | 404   | ok
competence need B                        | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
competence need edit A                   | login | 404   | ok    | 403   | 403   | 404   | 404   | 403   | 404   | 403
competence need edit B                   | login | 404   | 404   | 404   | 404   | 404   | 404   | 403   | 404   | 404
peer offers A                            | login | 404   | ok    | ok    | ok    | 404   | 404   | ok    | 404   | ok
peer offer B                             | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
public learning offers A                 | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
public learning offer A                  | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
public learning offer B on A's host      | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
my providers                             | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
provider page A                          | login | 404   | 404   | ok    | 404   | 404   | 404   | ok    | 404   | ok
provider page B                          | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
provider members A                       | login | 404   | 404   | ok    | 404   | 404   | 404   | ok    | 404   | ok
provider offer A                         | login | 404   | 404   | ok    | 404   | 404   | 404   | ok    | 404   | ok
provider admin edit A                    | login | 403   | 403   | ok    | 404   | 403   | 403   | ok    | 403   | ok
provider admin edit B                    | login | 403   | 403   | 404   | 404   | 403   | 403   | ok    | 403   | 404
competence maturity A                    | login | 404   | ok    | ok    | ok    | 404   | 404   | ok    | 404   | ok
competence maturity B                    | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
competence maturity assess A             | login | 404   | ok    | 403   | 403   | 404   | 404   | 403   | 404   | 403
competence maturity assess B             | login | 404   | 404   | 404   | 404   | 404   | 404   | 403   | 404   | 404
sharing consent A                        | login | 404   | ok    | ok    | ok    | 404   | 404   | ok    | 404   | ok
sharing consent B                        | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
sharing consent give POST A              | none  | none  | given | none  | none  | none  | none  | none  | none  | none
conversations A                          | login | 404   | ok    | ok    | ok    | 404   | ok    | ok    | 404   | ok
conversations B                          | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
conversation record A                    | login | 404   | 403   | ok    | 403   | 404   | ok    | ok    | 404   | ok
conversation record B                    | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
conversation record POST A               | none  | none  | none  | saved | none  | none  | saved | saved | none  | saved
conversation record POST B               | none  | none  | none  | none  | none  | none  | none  | saved | none  | none
conversation A                           | login | 404   | ok    | ok    | ok    | 404   | ok    | ok    | 404   | ok
conversation B                           | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
conversation correct POST A              | same  | same  | same  | fixed | same  | same  | fixed | fixed | same  | fixed
advisor conversations A                  | login | 404   | 404   | ok    | ok    | 404   | ok    | ok    | 404   | ok
advisor conversations B                  | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
competence mark match POST A             | login | 404   | match | match | 403   | 404   | 404   | match | 404   | match
competence mark match POST B             | login | 404   | 404   | 404   | 404   | 404   | 404   | match | 404   | 404
followup dashboard                       | login | 404   | 404   | ok    | ok    | 404   | ok    | ok    | 404   | ok
followup dashboard landing host          | login | 404   | 404   | ok    | ok    | 404   | ok    | ok    | 404   | ok
followup export csv                      | login | 404   | 404   | ok    | ok    | 404   | ok    | ok    | 404   | ok
followup needs xlsx                      | login | 404   | 404   | ok    | ok    | 404   | ok    | ok    | 404   | ok
followup areas                           | login | 404   | 404   | 404   | 404   | 404   | ok    | ok    | 404   | 404
followup area B                          | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
followup project B                       | login | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
followup api                             | 401   | 403   | 403   | ok    | ok    | 403   | ok    | ok    | 403   | ok
marketplace list A                       | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace listing A                    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace listing B on A's host        | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
marketplace members-only listing B       | 404   | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
marketplace my listings                  | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace new listing                  | login | 403   | ok    | ok    | 403   | 403   | 403   | ok    | 403   | ok
marketplace listing edit A               | login | 403   | ok    | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace listing edit B               | login | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace report listing A             | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace hubs A                       | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace hub B on A's host            | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
marketplace hub manage A                 | login | 403   | ok    | 403   | 403   | 403   | 403   | ok    | 403   | 403
marketplace hub manage B                 | login | 403   | 403   | 403   | 403   | 403   | 403   | ok    | 403   | 403
marketplace booking request A            | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace resource bookings A          | login | 403   | ok    | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace resource bookings B          | login | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace my bookings                  | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace moderation queue             | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
marketplace moderation listing A         | login | 403   | 403   | ok    | ok    | 403   | 403   | ok    | 403   | ok
marketplace moderation listing B         | login | 403   | 403   | 404   | 404   | 403   | 403   | ok    | 403   | 404
marketplace conversations                | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace conversation B               | login | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
marketplace conversation B on A's host   | login | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
marketplace answer form A                | login | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace answers A                    | login | 403   | ok    | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace answers B                    | login | 403   | 403   | 403   | 403   | 403   | 403   | ok    | 403   | 403
marketplace supplier suggest A           | login | 403   | ok    | 403   | 403   | 403   | 403   | 403   | 403   | 403
marketplace supplier suggest B           | login | 403   | 403   | 403   | 403   | 403   | 403   | ok    | 403   | 403
marketplace call followup                | login | 403   | ok    | ok    | ok    | 403   | 403   | ok    | 403   | ok
marketplace attachment of listing A      | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok    | ok
marketplace attachment members-only B    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
marketplace bid attachment B             | 404   | 404   | 404   | 404   | 404   | 404   | 404   | ok    | 404   | 404
marketplace settings admin B             | login | 403   | 403   | 404   | 404   | 403   | 403   | ok    | 403   | 404
search synonyms list                     | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
search synonym edit                      | login | 403   | 403   | deny  | deny  | 403   | 403   | ok    | 403   | deny
search synonym edit POST                 | same  | same  | same  | same  | same  | same  | same  | saved | same  | same
"""


def _table() -> dict[str, dict[str, str]]:
    rows = {}
    for line in MATRIX.strip().splitlines():
        route, *cells = [cell.strip() for cell in line.split("|")]
        assert len(cells) == len(ROLES), route
        rows[route] = dict(zip(ROLES, cells))
    return rows


@dataclass
class Target:
    host: str
    page: object
    image: object
    theme: object
    company: object
    point: object
    need: object = None
    peer_offer: object = None
    provider: object = None  # competence providers
    learning_offer: object = None
    conversation: object = None
    effort_area: object = None
    followup_project: object = None
    market: dict = None  # the marketplace: listing, members-only listing, hub, resource, settings


@pytest.fixture
def matrix_world(db):
    world = build_world()
    a, b = world.a, world.b
    page_a = world.b_objects["page_a"]
    page_a.save_revision().publish()
    image_a = get_image_model().objects.create(title="Arvidsjaurs bild", file=get_test_image_file(),
                                               collection=a.collection)
    member = make_user("medlem@example.org")
    company_a = make_company(a, owner=member, published=True, legal_name="Fjällbageriet AB", org_number="559000-0013")
    point_a = SotPoint.objects.create(municipality=a, name="Byahuset", slug="byahuset", latitude=65.59,
                                      longitude=19.17, is_published=True)
    need_a = make_need(company_a, actor=member)
    own = Target("arvidsjaur.localhost", page_a, image_a, a.theme, company_a, point_a, need_a)
    other = Target("asele.localhost", world.b_objects["page"], world.b_objects["image"], b.theme,
                   world.b_objects["company"], world.b_objects["sot_point"], world.b_objects["competence_need"],
                   world.b_objects["peer_offer"], effort_area=world.b_objects["effort_area"],
                   followup_project=world.b_objects["followup_project"])
    users = _users(world, member, point_a)
    # competence providers: Arvidsjaur's learning centre with an offer; B's serves only B.
    office_a = make_staff(a, Role.EDITOR, email="kontor.arvidsjaur@example.org")
    own.provider = make_provider(a, actor=office_a, name="Lärcentrum Arvidsjaur")
    own.learning_offer = make_learning_offer(own.provider, actor=office_a)
    other.provider, other.learning_offer = world.b_objects["provider"], world.b_objects["learning_offer"]
    # A needs conversation Region Norrbotten's advisor (the `owner` role) held with A's company.
    own.conversation = make_conversation(company_a, actor=users["owner"])
    other.conversation = world.b_objects["conversation"]
    own.market = _marketplace_of_a(a, company_a)
    other.market = {key: world.b_objects[name] for key, name in (
        ("listing", "listing"), ("members_listing", "members_listing"), ("hub", "hub"), ("resource", "resource"),
        ("settings", "marketplace_settings"), ("conversation", "marketplace_conversation"), ("call", "call"),
        ("bid_attachment", "answer_attachment"))}
    other.market["members_attachment"] = _attach(other.market["members_listing"], "Ritning")
    return world, own, other, users


def _attach(listing, title: str):
    from marketplace import attachments

    return attachments.store(attachments.CheckedPdf(data=b"%PDF-1.4", filename="bilaga.pdf", title=title),
                             listing=listing)


def _marketplace_of_a(a, company_a) -> dict:
    """A's company's offer (with a PDF), bookable resource and hub."""
    from tests.factories.marketplace import make_hub, make_listing

    offer = make_listing(a, title="Fjällbröd till evenemang", company=company_a)
    return {"listing": offer, "attachment": _attach(offer, "Prislista"),
            "resource": make_listing(a, kind="resource", title="Bakugn att hyra", company=company_a),
            "hub": make_hub(a, owner_company=company_a, name="Bagerinätverket", slug="bagerinatverket"),
            "call": make_listing(a, kind="call", title="Leverans av mjöl", company=company_a, sni_codes=["10710"])}


def _with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def _users(world, member, point_a) -> dict:
    a = world.a
    host = _with_totp(make_user("vard@example.org"))
    point_a.hosts.add(host)
    owner_user = make_user("region@example.org")
    platform_owner_create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION, municipalities=[a],
                          members=[owner_user])
    admin = _with_totp(make_superuser())
    revoked = make_staff(a, Role.EDITOR, email="f.d.redaktor@example.org")
    admin_made = _with_totp(make_user("ny.redaktor@example.org"))
    assert CompanyMember.objects.filter(user=member).exists()
    return {
        "anon": None, "resident": make_user("invanare@example.org"), "member": _with_totp(member),
        "editor": make_staff(a, Role.EDITOR), "moderator": make_staff(a, Role.MODERATOR), "host": host,
        "owner": _with_totp(owner_user), "admin": admin, "revoked": revoked, "admin_made": admin_made,
    }


def _change_roles_in_admin_users(admin, users, a):
    """The administrator takes `revoked`'s role away and gives `admin_made` one, in Admin → Users."""
    client = Client()
    client.force_login(admin)
    for key, groups in (("revoked", []), ("admin_made", [f"{a.pk}:{Role.EDITOR}"])):
        user = users[key]
        response = client.post(f"/admin/users/edit/{user.pk}/", {
            "email": user.email, "first_name": "Test", "last_name": key, "is_active": "on", "groups": groups,
        }, HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code == 302


def _outcome(client, host, path) -> tuple[str, object]:
    """Where the user ends up, following the app's own redirects (log-in, admin log-in, dashboard)."""
    response = client.get(path, HTTP_HOST=host)
    for _hop in range(3):
        if response.status_code != 302:
            break
        location = response["Location"].split("?")[0]
        if location.startswith("/konto/login/"):
            return "login", response
        if location == "/admin/":
            return "deny", response  # Wagtail's "no permission": back to the dashboard with a message
        response = client.get(response["Location"], HTTP_HOST=host)
    return ("ok" if response.status_code == 200 else str(response.status_code)), response


def _requests(own: Target, other: Target) -> dict:
    """route -> (host, method, path) or a callable(client) -> outcome."""
    a_host = own.host

    def page_post(target):
        def run(client):
            client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={target.page.pk}", {"include_descendants": ""},
                        HTTP_HOST=a_host)
            live = type(target.page).objects.get(pk=target.page.pk).live
            if not live:  # put it back for the next role
                target.page.specific.save_revision().publish()
            return "live" if live else "unpub"
        return run

    def consent_give_post(target):
        def run(client):
            from competence.models import SharingConsent
            from municipalities.models import PlatformOwner

            owner = PlatformOwner.objects.get(name="Region Norrbotten")
            client.post(f"/foretag/{target.company.slug}/kompetens/delning/", {"action": "give", "owner": owner.pk},
                        HTTP_HOST=target.host)
            given = SharingConsent.objects.filter(company=target.company, owner=owner)
            outcome = "given" if given.exists() else "none"
            given.delete()  # back to no consent for the next role
            return outcome
        return run

    def conversation_post(target):
        def run(client):
            from competence.models import NeedsConversation

            before = set(NeedsConversation.objects.values_list("pk", flat=True))
            client.post(f"/foretag/{target.company.slug}/kompetens/samtal/nytt/", {
                "held_on": "2026-11-12", "participants": "Matrisen", "no_needs": "on", "owner": "office",
                "needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0",
                "needs-MAX_NUM_FORMS": "10"}, HTTP_HOST=a_host if target is own else target.host)
            new = NeedsConversation.objects.exclude(pk__in=before)
            outcome = "saved" if new.exists() else "none"
            new.delete()
            return outcome
        return run

    def conversation_correct_post(target):
        def run(client):
            conversation = target.conversation
            client.post(f"/foretag/{target.company.slug}/kompetens/samtal/{conversation.pk}/", {
                "held_on": "2026-11-12", "participants": conversation.participants, "next_step": "Rättat"},
                HTTP_HOST=target.host)
            conversation.refresh_from_db()
            outcome = "fixed" if conversation.next_step == "Rättat" else "same"
            if outcome == "fixed":
                type(conversation).objects.filter(pk=conversation.pk).update(next_step="")
            return outcome
        return run

    def mark_match(target, host):
        """POST "Markera som matchning"; `match` when a match was recorded (then undone for the next role)."""
        from competence.models import NeedMatch

        def run(client):
            response = client.post(f"/foretag/{target.company.slug}/kompetens/{target.need.pk}/matcha/",
                                   {"offer": target.learning_offer.pk}, HTTP_HOST=host)
            made = NeedMatch.objects.filter(need=target.need, offer=target.learning_offer)
            if made.exists():
                made.delete()
                return "match"
            if response.status_code == 302 and response["Location"].startswith("/konto/login/"):
                return "login"
            return str(response.status_code)
        return run

    return {
        "admin home": (a_host, "/admin/"),
        "page edit A": (a_host, f"/admin/pages/{own.page.pk}/edit/"),
        "page edit B": (a_host, f"/admin/pages/{other.page.pk}/edit/"),
        "page bulk unpublish confirm A": (a_host, f"/admin/bulk/wagtailcore/page/unpublish/?id={own.page.pk}"),
        "page bulk unpublish confirm B": (a_host, f"/admin/bulk/wagtailcore/page/unpublish/?id={other.page.pk}"),
        "page bulk unpublish POST A": page_post(own),
        "page bulk unpublish POST B": page_post(other),
        "image edit A": (a_host, f"/admin/images/{own.image.pk}/"),
        "image edit B": (a_host, f"/admin/images/{other.image.pk}/"),
        "image bulk delete confirm B": (a_host, f"/admin/bulk/wagtailimages/image/delete/?id={other.image.pk}"),
        "image chooser": (a_host, "/admin/images/chooser/"),
        "theme edit A": (a_host, f"/admin/snippets/themes/theme/edit/{own.theme.pk}/"),
        "theme edit B": (a_host, f"/admin/snippets/themes/theme/edit/{other.theme.pk}/"),
        "roles list": (a_host, "/admin/snippets/municipalities/municipalitymembership/"),
        "add municipality": (a_host, "/admin/snippets/municipalities/municipality/add/"),
        "platform owner chooser": (a_host, "/admin/snippets/choose/municipalities/platformowner/"),
        "users list": (a_host, "/admin/users/"),
        "crisis desk": (a_host, "/admin/sot/"),
        "moderation queue": (a_host, "/admin/foretag/"),
        "company edit A": (a_host, f"/foretag/{own.company.slug}/redigera/"),
        "company edit B": (other.host, f"/foretag/{other.company.slug}/redigera/"),
        "sot status page A": (a_host, f"/sot/{own.point.slug}/lage/"),
        "sot status page B": (other.host, f"/sot/{other.point.slug}/lage/"),
        "sot snapshot B on A's host": (a_host, f"/sot-snapshot/{other.point.municipality.slug}/sot.json"),
        "public directory A": (a_host, "/foretag/"),
        "read api A": (a_host, "/api/v1/foretag"),
        "accessibility statement A": (a_host, "/tillganglighet/"),
        "my data export": (a_host, "/konto/integritet/mina-uppgifter.json"),
        "competence needs A": (a_host, f"/foretag/{own.company.slug}/kompetens/"),
        "competence needs B": (other.host, f"/foretag/{other.company.slug}/kompetens/"),
        "competence need register A": (a_host, f"/foretag/{own.company.slug}/kompetens/nytt/"),
        "competence need register B": (other.host, f"/foretag/{other.company.slug}/kompetens/nytt/"),
        "competence need A": (a_host, f"/foretag/{own.company.slug}/kompetens/{own.need.pk}/"),
        "competence need B": (other.host, f"/foretag/{other.company.slug}/kompetens/{other.need.pk}/"),
        "competence need edit A": (a_host, f"/foretag/{own.company.slug}/kompetens/{own.need.pk}/andra/"),
        "competence need edit B": (other.host, f"/foretag/{other.company.slug}/kompetens/{other.need.pk}/andra/"),
        "peer offers A": (a_host, f"/foretag/{own.company.slug}/kompetens/erbjudanden/"),
        "peer offer B": (other.host, f"/foretag/{other.company.slug}/kompetens/erbjudanden/{other.peer_offer.pk}/"),
        # competence providers
        "public learning offers A": (a_host, "/kompetens/utbildningar/"),
        "public learning offer A": (a_host, f"/kompetens/utbildningar/{own.learning_offer.pk}/"),
        "public learning offer B on A's host": (a_host, f"/kompetens/utbildningar/{other.learning_offer.pk}/"),
        "my providers": (a_host, "/kompetens/utbildare/"),
        "provider page A": (a_host, f"/kompetens/utbildare/{own.provider.pk}/"),
        "provider page B": (other.host, f"/kompetens/utbildare/{other.provider.pk}/"),
        "provider members A": (a_host, f"/kompetens/utbildare/{own.provider.pk}/medlemmar/"),
        "provider offer A": (a_host, f"/kompetens/utbildare/{own.provider.pk}/erbjudanden/{own.learning_offer.pk}/"),
        "provider admin edit A": (a_host, f"/admin/snippets/competence/provider/edit/{own.provider.pk}/"),
        "provider admin edit B": (a_host, f"/admin/snippets/competence/provider/edit/{other.provider.pk}/"),
        # Digital maturity (issue 10, maturity part): the company's results and questionnaire.
        "competence maturity A": (a_host, f"/foretag/{own.company.slug}/kompetens/mognad/"),
        "competence maturity B": (other.host, f"/foretag/{other.company.slug}/kompetens/mognad/"),
        "competence maturity assess A": (a_host, f"/foretag/{own.company.slug}/kompetens/mognad/ny/"),
        "competence maturity assess B": (other.host, f"/foretag/{other.company.slug}/kompetens/mognad/ny/"),
        # Sharing consent and needs conversations (conversations slice).
        "sharing consent A": (a_host, f"/foretag/{own.company.slug}/kompetens/delning/"),
        "sharing consent B": (other.host, f"/foretag/{other.company.slug}/kompetens/delning/"),
        "sharing consent give POST A": consent_give_post(own),
        "conversations A": (a_host, f"/foretag/{own.company.slug}/kompetens/samtal/"),
        "conversations B": (other.host, f"/foretag/{other.company.slug}/kompetens/samtal/"),
        "conversation record A": (a_host, f"/foretag/{own.company.slug}/kompetens/samtal/nytt/"),
        "conversation record B": (other.host, f"/foretag/{other.company.slug}/kompetens/samtal/nytt/"),
        "conversation record POST A": conversation_post(own),
        "conversation record POST B": conversation_post(other),
        "conversation A": (a_host, f"/foretag/{own.company.slug}/kompetens/samtal/{own.conversation.pk}/"),
        "conversation B": (other.host, f"/foretag/{other.company.slug}/kompetens/samtal/{other.conversation.pk}/"),
        "conversation correct POST A": conversation_correct_post(own),
        "advisor conversations A": (a_host, "/kompetens/samtal/"),
        "advisor conversations B": (other.host, "/kompetens/samtal/"),
        "competence mark match POST A": mark_match(own, a_host),
        "competence mark match POST B": mark_match(other, other.host),
        "followup dashboard": (a_host, "/uppfoljning/"),
        "followup dashboard landing host": ("localhost", "/uppfoljning/"),
        "followup export csv": (a_host, "/uppfoljning/export.csv"),
        "followup needs xlsx": (a_host, "/uppfoljning/behov.xlsx"),
        "followup areas": (a_host, "/uppfoljning/insatsomraden/"),
        "followup area B": (a_host, f"/uppfoljning/insatsomraden/{other.effort_area.pk}/"),
        "followup project B": (a_host, f"/uppfoljning/projekt/{other.followup_project.pk}/"),
        "followup api": (a_host, "/api/v1/uppfoljning/manadsvis"),
        **_marketplace_requests(own, other),
        **_synonym_requests(a_host),
    }


def _synonym_requests(a_host: str) -> dict:
    """The platform's trade synonyms (search.SynonymGroup): the platform administrator's alone."""
    from search.models import SynonymGroup

    group, _created = SynonymGroup.objects.get_or_create(name="Tandvård",
                                                         defaults={"words": "tandläkare\ntandvård"})
    edit_url = f"/admin/snippets/search/synonymgroup/edit/{group.pk}/"

    def edit_post(client):
        before = group.words
        client.post(edit_url, {"name": group.name, "words": f"{before}\ntandhälsa", "enabled": "on"},
                    HTTP_HOST=a_host)
        after = SynonymGroup.objects.get(pk=group.pk).words
        SynonymGroup.objects.filter(pk=group.pk).update(words=before)  # back for the next role
        return "same" if after == before else "saved"

    return {
        "search synonyms list": (a_host, "/admin/snippets/search/synonymgroup/"),
        "search synonym edit": (a_host, edit_url),
        "search synonym edit POST": edit_post,
    }


def _marketplace_requests(own: Target, other: Target) -> dict:
    a_host, market = own.host, own.market
    return {
        "marketplace list A": (a_host, "/marknadsplats/"),
        "marketplace listing A": (a_host, f"/marknadsplats/{market['listing'].pk}/"),
        "marketplace listing B on A's host": (a_host, f"/marknadsplats/{other.market['listing'].pk}/"),
        "marketplace members-only listing B": (other.host, f"/marknadsplats/{other.market['members_listing'].pk}/"),
        "marketplace my listings": (a_host, "/marknadsplats/hantera/"),
        "marketplace new listing": (a_host, "/marknadsplats/hantera/ny/"),
        "marketplace listing edit A": (a_host, f"/marknadsplats/hantera/{market['listing'].pk}/"),
        "marketplace listing edit B": (other.host, f"/marknadsplats/hantera/{other.market['listing'].pk}/"),
        "marketplace report listing A": (a_host, f"/marknadsplats/{market['listing'].pk}/anmal/"),
        "marketplace hubs A": (a_host, "/marknadsplats/hubbar/"),
        "marketplace hub B on A's host": (a_host, f"/marknadsplats/hubbar/{other.market['hub'].slug}/"),
        "marketplace hub manage A": (a_host, f"/marknadsplats/hubbar/{market['hub'].slug}/hantera/"),
        "marketplace hub manage B": (other.host, f"/marknadsplats/hubbar/{other.market['hub'].slug}/hantera/"),
        "marketplace booking request A": (a_host, f"/marknadsplats/{market['resource'].pk}/boka/"),
        "marketplace resource bookings A": (a_host, f"/marknadsplats/{market['resource'].pk}/bokningar/"),
        "marketplace resource bookings B": (other.host, f"/marknadsplats/{other.market['resource'].pk}/bokningar/"),
        "marketplace my bookings": (a_host, "/marknadsplats/bokningar/"),
        "marketplace moderation queue": (a_host, "/admin/marknadsplats/"),
        "marketplace moderation listing A": (a_host, f"/admin/marknadsplats/{market['listing'].pk}/"),
        "marketplace moderation listing B": (a_host, f"/admin/marknadsplats/{other.market['listing'].pk}/"),
        "marketplace conversations": (a_host, "/marknadsplats/konversationer/"),
        "marketplace conversation B": (other.host, f"/marknadsplats/konversationer/{other.market['conversation'].pk}/"),
        "marketplace conversation B on A's host": (
            a_host, f"/marknadsplats/konversationer/{other.market['conversation'].pk}/"),
        "marketplace answer form A": (a_host, f"/marknadsplats/konversationer/svara/{market['call'].pk}/"),
        "marketplace answers A": (a_host, f"/marknadsplats/konversationer/annons/{market['call'].pk}/svar/"),
        "marketplace answers B": (other.host, f"/marknadsplats/konversationer/annons/{other.market['call'].pk}/svar/"),
        "marketplace supplier suggest A": (a_host, f"/marknadsplats/leverantorer/{market['call'].pk}/forslag/"),
        "marketplace supplier suggest B": (other.host, f"/marknadsplats/leverantorer/{other.market['call'].pk}/forslag/"),
        "marketplace call followup": (a_host, "/marknadsplats/leverantorer/uppfoljning/"),
        "marketplace attachment of listing A": (a_host, f"/marknadsplats/bilagor/{market['attachment'].pk}/"),
        "marketplace attachment members-only B": (
            other.host, f"/marknadsplats/bilagor/{other.market['members_attachment'].pk}/"),
        "marketplace bid attachment B": (other.host, f"/marknadsplats/bilagor/{other.market['bid_attachment'].pk}/"),
        "marketplace settings admin B": (
            a_host, f"/admin/snippets/marketplace/marketplacesettings/edit/{other.market['settings'].pk}/"),
    }


class RoleMatrixTests:
    def test_every_role_gets_what_the_table_says_for_its_own_and_another_municipality(self, matrix_world):
        world, own, other, users = matrix_world
        # `revoked` opens a session while still an editor; the role is then taken away.
        clients = {role: Client(raise_request_exception=False) for role in ROLES}
        for role, user in users.items():
            if user is not None:
                clients[role].force_login(user)
        _change_roles_in_admin_users(users["admin"], users, world.a)
        expected, requests = _table(), _requests(own, other)
        assert set(expected) == set(requests)
        mismatches, leaks = [], []
        for route, cells in expected.items():
            for role in ROLES:
                request = requests[route]
                if callable(request):
                    got = request(clients[role])
                else:
                    host, path = request
                    got, response = _outcome(clients[role], host, path)
                    if role != "admin" and response.status_code == 200 and _shows_marker(response):
                        leaks.append(f"{route} as {role} shows B's data")
                if got != cells[role]:
                    mismatches.append(f"{route:32} {role:10} expected {cells[role]:6} got {got}")
        assert mismatches == [], "\n" + "\n".join(mismatches)
        assert leaks == []


@pytest.mark.parametrize("role", ["resident", "member", "host", "owner", "revoked", "admin_made"])
def test_no_role_sees_or_changes_another_municipalitys_data_on_any_url(matrix_world, role, client):
    world, _own, _other, users = matrix_world
    if role in ("revoked", "admin_made"):
        _change_roles_in_admin_users(users["admin"], users, world.a)
    violations, walked = walk_as(client, users[role], world)
    assert violations == [], "\n".join(violations)
    assert len(walked) > 200
