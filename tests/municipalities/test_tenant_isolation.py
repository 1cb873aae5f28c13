"""Staff of one municipality can neither see nor change another municipality's data.

The walk requests every registered URL (admin, public, account, API) as an editor
and as a moderator of Arvidsjaur, with URL parameters pointing at Åsele's pages,
images, documents, theme, municipality record, staff user, group, site, collection,
redirect and roles. It fails on any response that shows Åsele's data and on any
change to Åsele's objects.

It can fail: `test_an_unscoped_policy_is_caught` switches the snippet scoping off
(as a view built on `Theme.objects.all()` would) and asserts the walk reports it.
"""
import pytest
from django.apps import apps

from municipalities.admin_scoping import MunicipalityScopedPermissionPolicy
from municipalities.models import Municipality, MunicipalityOwned, Role
from tests.factories.municipalities import make_staff

from .tenant_walk import EXEMPT, build_world, iter_patterns, walk_as

pytestmark = pytest.mark.django_db

# Models that belong to no single municipality, and why they need no B instance.
PLATFORM_WIDE_MODELS = {
    "users.User": "accounts are platform-wide; staff reach users only through memberships (walked: B's editor)",
    "municipalities.LandingPage": "the platform's own landing page",
    "municipalities.PlatformOwner": "spans municipalities by design; only platform admins manage it",
    "search.SearchReconcileRun": "when each search index was last reconciled; holds no municipality's data",
    "search.SearchTerm": "an index's vocabulary (terms and document counts over every municipality); holds no "
                         "document and no municipality's data, and a search still filters by municipality",
    "search.SynonymGroup": "the platform's trade synonyms, edited by platform admins only "
                           "(walked: every URL of it; the fingerprint shows any change)",
    "alerts.OfficialAlert": "an authority's public warning; one covers many municipalities by SCB code "
                            "(walked: a warning covering only B, which A's editor must not list)",
    "alerts.RejectedAlert": "import log for platform admins only (walked: a refused message naming B)",
}
_INDEX_ROWS = "search index rows, never served directly: every query names its municipalities (tests/search)"
# Models scoped through something the walk already covers.
SCOPED_THROUGH = {
    **{f"search.{name}": _INDEX_ROWS for name in
       ("SearchEntry", "SearchEntryMunicipality", "SearchToken", "SearchFacetValue", "SearchCountVersion",
        "SearchMissedWrite")},
    "municipalities.Municipality": "is the tenant (walked: B's record)",
    "municipalities.HomePage": "B's site root (walked as a page and move destination)",
    "municipalities.ContentPage": "B's pages (walked)",
    # News pages are pages in B's tree like ContentPage: the same page permissions and admin guard (any page
    # id outside the user's trees is a 404); test_news.py checks adding under B's news index.
    "municipalities.NewsIndexPage": "a page in B's tree, scoped like B's pages (walked as ContentPage)",
    "municipalities.NewsArticlePage": "a page in B's tree, scoped like B's pages (walked as ContentPage)",
    "themes.Theme": "one per municipality (walked: B's theme)",
    "directory.CompanyMember": "belongs to a company (walked: B's company and its members)",
    "directory.CompanyPhoto": "belongs to a company; its image is in B's collection (walked: B's company and image)",
    "directory.CompanyInvitation": "belongs to a company (walked: B's company and its invitations)",
    "sot_points.OpeningHours": "belongs to a SOT point (walked: B's point and its hours)",
    "sot_points.OpeningException": "belongs to a SOT point (walked: B's point and its exceptions)",
    # Follow-up (issue 10, part "followup"): an owner's own tags, reached only by the owner's members.
    "competence.EffortArea": "belongs to a platform owner (walked: an area of an owner granted only B)",
    "competence.FollowupProject": "belongs to a platform owner (walked: a project of an owner granted only B)",
    # Marketplace: parts of a listing or a conversation located in B (walked: B's listings and conversation).
    "marketplace.CallItem": "belongs to a procurement call (walked: B's call and its items)",
    "marketplace.ListingPhoto": "belongs to a listing; its image is in B's collection (walked: B's listing and image)",
    "marketplace.ListingAttachment": "belongs to a listing or an answer (walked: B's call's attachment and B's "
                                     "answer's, served only by the attachment view)",
    "marketplace.AttachmentContent": "an attachment's bytes (walked: B's attachments; their marker never leaves)",
    "marketplace.AvailabilityWindow": "belongs to a bookable resource (walked: B's resource and its window)",
    "marketplace.Message": "belongs to a conversation (walked: B's conversation and its messages)",
    "marketplace.ConversationRead": "a participant's read mark in a conversation (walked: B's conversation)",
}
OUR_APPS = ["core", "users", "search", "realtime", "themes", "municipalities", "directory", "alerts", "competence",
            "marketplace", "sot_points"]


@pytest.fixture
def world(db, settings, tmp_path):
    # Files on disk, as in production, so documents are really served.
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return build_world()


class TenantIsolationTests:
    def test_editor_of_a_cannot_see_or_change_anything_of_b(self, client, world):
        editor_a = make_staff(world.a, Role.EDITOR)
        violations, walked = walk_as(client, editor_a, world)
        assert violations == [], "\n".join(violations)
        assert len(walked) > 200

    def test_moderator_of_a_cannot_see_or_change_anything_of_b(self, client, world):
        moderator_a = make_staff(world.a, Role.MODERATOR)
        violations, _ = walk_as(client, moderator_a, world)
        assert violations == [], "\n".join(violations)

    def test_every_url_pattern_is_walked_or_exempt_with_a_reason(self, world):
        names = {name for _, name, _ in iter_patterns()}
        assert set(EXEMPT) <= names, f"stale exemptions: {set(EXEMPT) - names}"
        assert all(reason.strip() for reason in EXEMPT.values())

    def test_every_model_of_our_apps_is_covered(self):
        uncovered = []
        for app_label in OUR_APPS:
            for model in apps.get_app_config(app_label).get_models():
                label = model._meta.label
                if issubclass(model, MunicipalityOwned) or label in PLATFORM_WIDE_MODELS or label in SCOPED_THROUGH:
                    continue
                uncovered.append(label)
        assert uncovered == [], "classify these models: MunicipalityOwned, SCOPED_THROUGH or PLATFORM_WIDE_MODELS"

    def test_every_municipality_owned_model_has_an_object_of_b_in_the_walk(self, world):
        owned = [m for m in apps.get_models() if issubclass(m, MunicipalityOwned)]
        for model in owned:
            assert model.objects.filter(municipality=world.b).exists(), f"build_world() lacks a {model.__name__} of B"

    def test_an_unscoped_policy_is_caught(self, client, world, monkeypatch):
        """Negative test: with scoping switched off the walk must report B's data."""
        monkeypatch.setattr(
            MunicipalityScopedPermissionPolicy, "_municipality_ids",
            lambda self, user: set(Municipality.objects.values_list("pk", flat=True)),
        )
        editor_a = make_staff(world.a, Role.EDITOR)
        violations, _ = walk_as(client, editor_a, world)
        assert any("wagtailsnippets_themes_theme" in v for v in violations)
        assert any("changed" in v or "shows" in v for v in violations)


class DocumentServingTests:
    def test_a_document_is_served_on_its_own_municipality_host(self, client, world):
        document = world.b_objects["document"]
        response = client.get(f"/documents/{document.pk}/{document.filename}", HTTP_HOST="asele.localhost")
        assert response.status_code == 200

    def test_a_document_is_not_served_on_another_municipality_host(self, client, world):
        document = world.b_objects["document"]
        response = client.get(f"/documents/{document.pk}/{document.filename}", HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code == 404
