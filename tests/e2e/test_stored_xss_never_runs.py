"""Stored XSS never runs: whatever a company, a SOT host, the office, an import or an official
warning writes into a text field, no page of the platform runs it.

The story: an attacker registers companies, edits a profile, claims a company, invites a
colleague and uploads a photo with script in every free-text field; the office imports a CSV and
an Excel list carrying the same, edits the municipality, its theme, localities, SOT points and
pages (rich text and StreamField, links with javascript: hrefs) and declares a disruption; a host
sets a status and confirms readiness; the warning feed brings a CAP message, and a broken one,
full of markup. Every write goes through the real form, view or service. Then a resident, the
company owner, the host, the office and the platform administrator look at every page where those
texts show, in one Chromium context; the test fails if any payload ran, or left a live handler,
script element or javascript: URL in a page. The context bypasses the Content-Security-Policy so
the gate checks escaping on its own: the policy is a second layer, not the one that saves us.

`COVERED` lists the text fields the story writes to; a model that gets a new text field fails
`FieldCoverageTests` until the field is written here too (or listed, with a reason, as not free text).
"""
import csv
import io
import json
from datetime import timedelta
from xml.sax.saxutils import escape

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from stdnum import luhn
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from alerts.services import import_cap_document
from directory.models import Company, CompanyClaim, CompanyImport
from directory.services import localities_ensure
from municipalities.landing import ensure_landing_site
from municipalities.models import ContentPage, Locality, Role
from municipalities.services import membership_grant, platform_owner_create
from sot_points.models import SotPoint
from tests.factories.accounts import make_superuser, make_user
from tests.factories.municipalities import make_municipality, make_staff
from tests.support.xss_corpus import INIT_SCRIPT, MARKER, REFUSED_URLS, SCAN_SCRIPT, Corpus

APPS = ("directory", "sot_points", "alerts", "municipalities", "themes", "competence")

# Every free-text field of those apps -> the write path that puts payloads into it.
COVERED = {
    "municipalities.Locality.name": "admin: edit locality",
    "directory.Company.legal_name": "registration form; CSV and Excel import",
    "directory.Company.trading_name": "registration form; edit form (pending changes); import",
    "directory.Company.street_address": "registration form; import",
    "directory.Company.postal_town": "registration form; import",
    "directory.Company.phone": "registration form; import",
    "directory.Company.email": "registration form (quoted local part); import",
    "directory.Company.website": "registration form (payload in the query); import",
    "directory.Company.social_links": "registration form",
    "directory.Company.opening_hours": "registration form",
    "directory.Company.description": "registration form; import",
    "directory.Company.products_services": "registration form",
    "directory.Company.moderation_note": "admin: request changes",
    "directory.Company.pending_changes": "edit form of a published profile",
    "directory.CompanyPhoto.alt_text": "images page",
    "directory.CompanyClaim.message": "claim form",
    "directory.CompanyClaim.reason": "admin: reject claim",
    "directory.CompanyInvitation.email": "members page (quoted local part)",
    "directory.CompanyImport.file_name": "admin: import upload",
    "directory.CompanyImport.errors": "admin: import upload (unknown locality)",
    "directory.CompanyRevision.data": "every profile write",
    "sot_points.SotPoint.name": "admin: add SOT point",
    "sot_points.SotPoint.host_name": "admin: add SOT point",
    "sot_points.SotPoint.street_address": "admin: add SOT point",
    "sot_points.SotPoint.postal_town": "admin: add SOT point",
    "sot_points.SotPoint.phone": "admin: add SOT point",
    "sot_points.SotPoint.accessibility_notes": "admin: add SOT point",
    "sot_points.SotPoint.status_message": "host: status form",
    "sot_points.OpeningException.note": "admin: add SOT point (inline)",
    "sot_points.StatusUpdate.message": "host: status form",
    "sot_points.Disruption.title": "crisis desk: declare",
    "sot_points.Disruption.message": "crisis desk: declare",
    "sot_points.Disruption.area_description": "crisis desk: declare",
    "sot_points.ReadinessCheck.notes": "host: readiness form",
    "sot_points.SotHostInvitation.email": "admin: invite host (quoted local part)",
    "alerts.OfficialAlert.identifier": "CAP import (no spaces, commas, < or &)",
    "alerts.OfficialAlert.sender": "CAP import (no spaces, commas, < or &)",
    "alerts.OfficialAlert.event": "CAP import",
    "alerts.OfficialAlert.headline": "CAP import",
    "alerts.OfficialAlert.description": "CAP import",
    "alerts.OfficialAlert.instruction": "CAP import",
    "alerts.OfficialAlert.sender_name": "CAP import",
    "alerts.OfficialAlert.area_description": "CAP import",
    "alerts.OfficialAlert.areas": "CAP import",
    "alerts.OfficialAlert.source": "CAP import",
    "alerts.OfficialAlert.raw_xml": "CAP import",
    "alerts.RejectedAlert.source": "CAP import of a refused message",
    "alerts.RejectedAlert.identifier": "CAP import of a refused message",
    "alerts.RejectedAlert.payload": "CAP import of a refused message",
    "municipalities.Municipality.office_name": "admin: edit municipality",
    "municipalities.Municipality.office_email": "admin: edit municipality (quoted local part)",
    "municipalities.Municipality.office_phone": "admin: edit municipality",
    "municipalities.Municipality.office_address": "admin: edit municipality",
    "municipalities.Municipality.office_website": "admin: edit municipality (payload in the query)",
    "municipalities.PlatformOwner.name": "admin: add platform owner",
    "municipalities.LandingPage.intro": "admin: edit page (Draftail contentstate)",
    "municipalities.HomePage.intro": "admin: edit page (Draftail contentstate)",
    "municipalities.HomePage.body": "admin: edit page (StreamField heading and paragraph)",
    "municipalities.ContentPage.intro": "admin: add page (Draftail contentstate)",
    "municipalities.ContentPage.body": "admin: add page (StreamField heading and paragraph)",
    "municipalities.NewsIndexPage.intro": "admin: add or edit the news index (Draftail contentstate)",
    "municipalities.NewsArticlePage.summary": "admin: add news article",
    "municipalities.NewsArticlePage.image_alt": "admin: add news article",
    "municipalities.NewsArticlePage.body": "admin: add news article (StreamField heading and paragraph)",
    "themes.Theme.name": "admin: edit theme",
    # competence providers (issue 10, part "providers")
    "competence.Provider.name": "admin: add provider",
    "competence.Provider.description": "admin: add provider",
    "competence.Provider.website": "admin: add provider (payload in the query)",
    "competence.Provider.email": "admin: add provider (quoted local part)",
    "competence.Provider.phone": "admin: add provider",
    "competence.LearningOffer.title": "provider member: offer form",
    "competence.LearningOffer.description": "provider member: offer form",
    "competence.LearningOffer.length": "provider member: offer form",
    "competence.LearningOffer.place": "provider member: offer form",
    "competence.LearningOffer.url": "provider member: offer form (payload in the query)",
    # Sharing consent and needs conversations (conversations slice); SharingConsent holds no text.
    "competence.NeedsConversation.participants": "advisor: record conversation form; correct form",
    "competence.NeedsConversation.summary": "advisor: record conversation form; correct form",
    "competence.NeedsConversation.next_step": "advisor: record conversation form; correct form",
    "competence.CompetenceNeed.description": "advisor: record conversation form (the needs found)",
    # The company's own needs, peer offers and matches; the owner's areas and projects (write_competence).
    "competence.CompetenceNeed.constraints_note": "company member: registration, second step",
    "competence.CompetenceNeed.skills": "company member: registration (labels travel in the hidden suggestions)",
    "competence.CompetenceNeedStatusChange.note": "company member: status change form",
    "competence.CompanyPeerOffer.title": "company member: peer offer form",
    "competence.CompanyPeerOffer.description": "company member: peer offer form",
    "competence.EffortArea.name": "advisor: add area of effort",
    "competence.EffortArea.description": "advisor: add area of effort",
    "competence.FollowupProject.name": "advisor: add project",
    "competence.FollowupProject.funder": "advisor: add project",
}

# Covered fields that no page shows (kept, logged or e-mailed only), and where they go instead.
NEVER_SHOWN = {
    "directory.CompanyRevision.data": "kept for rollback; the review page shows the current values",
    "directory.CompanyClaim.reason": "e-mailed to the claimant",
    "sot_points.StatusUpdate.message": "history; pages show the point's status_message, the same text",
    "sot_points.ReadinessCheck.notes": "kept with the check; the crisis desk shows only its date",
    "alerts.OfficialAlert.areas": "structured copy of the areas; area_description is shown",
    "alerts.OfficialAlert.raw_xml": "kept for audit",
    "alerts.OfficialAlert.source": "kept for audit",
}

# Text fields no one can put markup into, and why.
NOT_FREE_TEXT = {
    "directory.Company.slug": "slugified from the name",
    "directory.Company.org_number": "validated organisation number",
    "directory.Company.primary_sni": "SNI code from the reference list",
    "directory.Company.secondary_sni": "SNI codes from the reference list",
    "directory.Company.postal_code": "six characters hold no script",
    "directory.Company.languages": "codes from a fixed list",
    "directory.Company.crisis_resources": "codes from a fixed list",
    "directory.CompanyRevision.note": "fixed text written by the services",
    "sot_points.SotPoint.slug": "slug field",
    "sot_points.DisruptionNotice.recipient": "an e-mail address or phone number the services copy from a host "
                                             "or a point; shown on no page",
    "municipalities.StaffInvitation.email": "validated e-mail address (EmailField refuses < and >)",
    "sot_points.SotPoint.postal_code": "six characters hold no script",
    "sot_points.SotPoint.capabilities": "codes from a fixed list",
    "sot_points.SotPoint.available_now": "codes from a fixed list",
    "sot_points.StatusUpdate.available_now": "codes from a fixed list",
    "alerts.OfficialAlert.language": "CAP schema: xs:language",
    "alerts.OfficialAlert.urgency": "CAP schema enumeration",
    "alerts.OfficialAlert.certainty": "CAP schema enumeration",
    "alerts.OfficialAlert.categories": "CAP schema enumeration",
    "alerts.OfficialAlert.web": "only http(s) URLs are kept (cap._safe_web; URLField)",
    "alerts.OfficialAlert.references": "sender,identifier,sent triples (identifiers as above)",
    "alerts.OfficialAlert.references_raw": "never shown; the same triples",
    "alerts.OfficialAlert.municipality_codes": "four digits",
    "alerts.OfficialAlert.county_codes": "two digits",
    "alerts.RejectedAlert.code": "fixed rejection code",
    "alerts.RejectedAlert.reason": "fixed Swedish text from alerts.cap",
    "alerts.RejectedAlert.sender": "as identifier; written with the same import",
    "alerts.RejectedAlert.digest": "SHA-256 hex digest",
    "municipalities.Municipality.name": "from SCB's reference list by code",
    "municipalities.Municipality.slug": "slug field, set by platform administrators",
    "municipalities.Municipality.code": "four digits",
    "municipalities.Municipality.county_code": "from SCB's reference list",
    "municipalities.Municipality.county_name": "from SCB's reference list",
    "municipalities.Municipality.minority_languages": "codes from a fixed list",
    "municipalities.Municipality.ui_languages": "codes from a fixed list",
    **{f"themes.Theme.color_{token}": "hex colour (validated)"
       for token in ("primary", "on_primary", "background", "text", "link", "accent")},
    # competence providers (issue 10, part "providers")
    "competence.LearningOffer.start_dates": "ISO dates (validated by the form and the model)",
    "competence.LearningOffer.ssyk_codes": "four-digit codes from the SSYK 2012 list",
    "competence.LearningOffer.skills": "JobTech ids; labels taken from the reference list, never from input",
    "competence.LearningOffer.embedding_key": "model name and hash, written by the embedding task",
    "competence.CompetenceNeed.embedding_key": "model name and hash, written by the embedding task",
    "competence.CompanyPeerOffer.embedding_key": "model name and hash, written by the embedding task",
    "competence.CompetenceNeed.ssyk_code": "four-digit code checked against the SSYK 2012 list",
    "competence.CompetenceNeed.ssyk_name": "named from the SSYK 2012 list by code, never from posted text",
    "competence.CompetenceNeed.preferred_forms": "codes from a fixed list (validate_learning_forms)",
    "competence.CompetenceNeed.constraints": "codes from a fixed list (validate_constraints)",
    "competence.CompanyPeerOffer.ssyk_codes": "four-digit codes from the SSYK 2012 list; no form writes them",
    "competence.CompanyPeerOffer.skills": "no form writes them; the demo takes labels from the JobTech list",
    "competence.NeedMatch.reason": "composed by competence.matching from reference names and the offer's place; "
                                   "the story's match carries LearningOffer.place's payload onto the need page",
}

# Digital maturity (issue 10, maturity part). Counted once "competence" is in APPS (the lead adds it with
# the rest of the competence fields); until then these names would be stale.
_MATURITY_NOT_FREE_TEXT = {
    "competence.MaturityAssessment.questionnaire": "the questionnaire file's version, set by the service",
    "competence.MaturityAssessment.answers": "option values checked against the questionnaire (clean_answers); "
                                             "pages show the questionnaire's own labels",
    "competence.MaturityAssessment.scores": "numbers 0–100 computed by the service (validate_scores)",
}
NOT_FREE_TEXT.update(_MATURITY_NOT_FREE_TEXT)


def text_fields() -> set[str]:
    """Every text-holding field (char, text, rich text, StreamField, JSON) of the apps, except choices."""
    found = set()
    models_to_check = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    for model in models_to_check:
        for field in model._meta.get_fields():
            # Inherited fields are the parent's (Wagtail's Page title, SEO title and search description
            # go through the page forms below too); choices hold no free text.
            if getattr(field, "model", None) is not model or getattr(field, "choices", None):
                continue
            if isinstance(field, (models.CharField, models.TextField, models.JSONField, StreamField)):
                found.add(f"{model._meta.label}.{field.name}")
    return found


class FieldCoverageTests:
    def test_every_text_field_is_written_by_the_xss_story_or_named_as_not_free_text(self):
        fields = text_fields()
        missing = sorted(fields - set(COVERED) - set(NOT_FREE_TEXT))
        stale = sorted((set(COVERED) | set(NOT_FREE_TEXT)) - fields)
        assert not missing, ("New text fields: write a payload into each in test_stored_xss_never_runs "
                             f"(COVERED) or say in NOT_FREE_TEXT why it cannot hold markup: {missing}")
        assert not stale, f"COVERED/NOT_FREE_TEXT name fields that no longer exist: {stale}"
        assert not set(COVERED) & set(NOT_FREE_TEXT)


# --- Writing the payloads -------------------------------------------------------------------------

class Story:
    """The payloads' way in: every write through the app's own forms, views and services, each as
    the user who would make it (a Django test client per user and host, signed in like the browser)."""

    def __init__(self, municipality, corpus: Corpus):
        self.municipality = municipality
        self.corpus = corpus
        self.host = f"{municipality.site.hostname}:{municipality.site.port}"
        self._clients: dict[tuple[int, str], Client] = {}

    def client(self, user, host: str | None = None) -> Client:
        key = (user.pk, host or self.host)
        if key not in self._clients:
            self._clients[key] = Client(HTTP_HOST=key[1])
            self._clients[key].force_login(user)
        return self._clients[key]

    def post(self, user, path: str, data, *, host: str | None = None):
        """POST as `user`; the form must accept it (a redirect), or the payload was never stored."""
        response = self.client(user, host).post(path, data)
        assert response.status_code == 302, f"POST {path} was refused ({response.status_code}):\n{_errors(response)}"
        return response

    def text(self, key: str, max_length: int | None = None) -> str:
        return self.corpus.fill(key, max_length)


def _errors(response) -> str:
    form = response.context.get("form") if response.context else None
    if form is not None and form.errors:
        return form.errors.as_text()
    return response.content.decode("utf-8", "replace")[:3000]


def org_numbers():
    """Valid organisation numbers of limited companies (Luhn check digit), one after another."""
    n = 0
    while True:
        n += 1
        base = f"556{700000 + n}"
        yield f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 140)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def write_companies(story: Story, owner, numbers) -> list[Company]:
    profile_fields = {"legal_name": 200, "trading_name": 200, "street_address": 200, "postal_town": 100,
                      "phone": 30}
    companies = []
    for index in range(4):
        data = {f: story.text(f"directory.Company.{f}", size) for f, size in profile_fields.items()}
        data.update({
            "org_number": next(numbers), "legal_form": "ab", "primary_sni": "43320", "postal_code": "",
            "email": story.corpus.email("directory.Company.email", index),
            "website": story.corpus.url("directory.Company.website", index),
            "social_links": "\n".join(story.corpus.url("directory.Company.social_links", index + i) for i in range(2)),
            "opening_hours": story.text("directory.Company.opening_hours"),
            "description": story.text("directory.Company.description"),
            "products_services": story.text("directory.Company.products_services"),
            "crisis_visibility": "public", "woman_led": "unknown",
        })
        story.post(owner, "/foretag/registrera/", data)
        companies.append(Company.objects.get(org_number=data["org_number"]))
    # The registration form refuses javascript: and data: addresses outright.
    for refused in REFUSED_URLS:
        response = story.client(owner).post("/foretag/registrera/", {**data, "org_number": next(numbers),
                                                                     "website": refused})
        assert response.status_code == 200, refused
        assert "website" in response.context["form"].errors, refused
    return companies


def write_company_life(story: Story, owner, claimant, staff, companies: list[Company]) -> None:
    first, second, third, fourth = companies
    for company in (first, second, third):
        story.post(staff, f"/admin/foretag/{company.pk}/approve/", {})
    story.post(staff, f"/admin/foretag/{fourth.pk}/request-changes/",
               {"reason": story.text("directory.Company.moderation_note")})
    first.refresh_from_db()
    # A published profile's edit waits for the office: the review page shows old and new side by side.
    edit = {"legal_name": first.legal_name, "trading_name": story.text("directory.Company.pending_changes", 200),
            "legal_form": "ab", "primary_sni": "43320", "phone": first.phone,
            "description": story.text("directory.Company.pending_changes"), "crisis_visibility": "public",
            "woman_led": "unknown", "website": story.corpus.url("directory.Company.pending_changes", 2)}
    # A photo waits for the office like an edit: the first is approved (the public profile shows its text),
    # the second stays with the edit under review (the images page and the review page show it).
    for index in range(2):
        story.post(owner, f"/foretag/{first.slug}/bilder/", {
            "action": "photo", "photo": png_upload(),
            "alt_text": story.text("directory.CompanyPhoto.alt_text", 200)})
        if index == 0:
            story.post(staff, f"/admin/foretag/{first.pk}/approve/", {})
    story.post(owner, f"/foretag/{first.slug}/redigera/", edit)
    for index in range(2):
        story.post(owner, f"/foretag/{first.slug}/medlemmar/",
                   {"email": story.corpus.email("directory.CompanyInvitation.email", index)})
    story.post(claimant, "/foretag/gor-ansprak/", {"org_number": second.org_number,
                                                   "message": story.text("directory.CompanyClaim.message")})
    story.post(claimant, "/foretag/gor-ansprak/", {"org_number": third.org_number,
                                                   "message": story.text("directory.CompanyClaim.message")})
    rejected = CompanyClaim.objects.get(company=third)
    story.post(staff, f"/admin/foretag/ansprak/{rejected.pk}/reject/",
               {"reason": story.text("directory.CompanyClaim.reason")})


def write_imports(story: Story, staff, numbers, known_org_number: str, locality: str) -> list[CompanyImport]:
    headings = ["Organisationsnummer", "Företagsnamn", "Varumärke", "SNI", "Telefon", "E-post", "Webbplats",
                "Gatuadress", "Postort", "Beskrivning", "Ort"]

    def row(index, locality=locality, org=None):
        return [org or next(numbers), story.text("directory.Company.legal_name", 200),
                story.text("directory.Company.trading_name", 200), "43320",
                story.text("directory.Company.phone", 30), story.corpus.email("directory.Company.email", index),
                story.corpus.url("directory.Company.website", index),
                story.text("directory.Company.street_address", 200),
                story.text("directory.Company.postal_town", 100), story.text("directory.Company.description"),
                locality]

    bad_locality = story.text("directory.CompanyImport.errors", 300)
    # Two new companies, one row refused (its unknown locality is quoted in the error), one update.
    csv_rows = [row(0), row(1), row(2, locality=bad_locality), row(0, org=known_org_number)]
    buffer = io.StringIO()
    # Every cell quoted: csv.Sniffer would take the apostrophes of some payloads for the quote character.
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL).writerows([headings, *csv_rows])
    workbook = Workbook()
    sheet = workbook.active
    for values in [headings, row(1), row(2, locality=story.text("directory.CompanyImport.errors", 300))]:
        sheet.append(values)
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    uploads = []
    for suffix, content in ((".csv", buffer.getvalue().encode("utf-8")), (".xlsx", xlsx.getvalue())):
        # A file name holds no "/" (the upload keeps only what follows the last one).
        name = story.text("directory.CompanyImport.file_name", 190).replace("/", "") + suffix
        before = set(CompanyImport.objects.values_list("pk", flat=True))
        story.post(staff, "/admin/foretag/import/", {"file": SimpleUploadedFile(name, content)})
        upload = CompanyImport.objects.exclude(pk__in=before).get()
        story.post(staff, f"/admin/foretag/import/{upload.pk}/starta/", {})
        uploads.append(upload)
    return uploads


def write_localities(story: Story, staff, localities: list[Locality]) -> None:
    for locality in localities:
        story.post(staff, f"/admin/snippets/municipalities/locality/edit/{locality.pk}/", {
            "name": story.text("municipalities.Locality.name", 100), "latitude": locality.latitude,
            "longitude": locality.longitude})


def write_municipality_and_theme(story: Story, staff) -> None:
    municipality = story.municipality
    story.post(staff, f"/admin/snippets/municipalities/municipality/edit/{municipality.pk}/", {
        "office_name": story.text("municipalities.Municipality.office_name", 200),
        "office_email": story.corpus.email("municipalities.Municipality.office_email"),
        "office_phone": story.text("municipalities.Municipality.office_phone", 30),
        "office_address": story.text("municipalities.Municipality.office_address", 200),
        "office_website": story.corpus.url("municipalities.Municipality.office_website")})
    theme = municipality.theme
    story.post(staff, f"/admin/snippets/themes/theme/edit/{theme.pk}/", {
        "name": story.text("themes.Theme.name", 100), "preset": theme.preset,
        **{f"color_{t}": "" for t in ("primary", "on_primary", "background", "text", "link", "accent")}})


def write_points(story: Story, staff, host) -> list[SotPoint]:
    today = timezone.localdate()
    points = []
    for index in range(4):
        hours = [{"kind": kind, "weekday": str(day), "opens": "08:00", "closes": "20:00"}
                 for kind in ("normal", "disruption") for day in range(7)]
        exceptions = [
            {"date": today.isoformat(), "closed": "", "opens": "09:00", "closes": "21:00",
             "note": story.text("sot_points.OpeningException.note", 120)},
            {"date": (today + timedelta(days=2)).isoformat(), "closed": "on", "opens": "", "closes": "",
             "note": story.text("sot_points.OpeningException.note", 120)},
        ]
        data = nested_form_data({
            "name": story.text("sot_points.SotPoint.name", 150), "slug": f"punkt-{index + 1}",
            "host_name": story.text("sot_points.SotPoint.host_name", 200), "host_company": "",
            "is_published": "on",
            "street_address": story.text("sot_points.SotPoint.street_address", 200), "postal_code": "",
            "postal_town": story.text("sot_points.SotPoint.postal_town", 100), "locality": "",
            "latitude": str(65.59 + index / 100), "longitude": "19.17",
            "phone": story.text("sot_points.SotPoint.phone", 30),
            "accessibility_notes": story.text("sot_points.SotPoint.accessibility_notes"),
            "generator_kva": "", "fuel_hours": "", "warm_room_places": "20",
            "opening_hours": inline_formset(hours), "opening_exceptions": inline_formset(exceptions),
        })
        # Lists stay lists (nested_form_data would number them like formset rows).
        # `hosts` is being renamed `host_accounts` (hosts through the services): send both names.
        data.update(hosts=[str(host.pk)], host_accounts=[str(host.pk)],
                    capabilities=["warm_room", "charging", "information"])
        story.post(staff, "/admin/snippets/sot_points/sotpoint/add/", data)
        points.append(SotPoint.objects.get(municipality=story.municipality, slug=f"punkt-{index + 1}"))
    for point in points:
        story.post(host, f"/sot/{point.slug}/lage/", {
            "status": "open", "available_now": ["warm_room"], "places_free": "3",
            "message": story.text("sot_points.SotPoint.status_message", 280)})
        story.post(host, f"/sot/{point.slug}/beredskap/", {
            "generator_tested": "on", "contacts_checked": "on", "fuel_percent": "80",
            "notes": story.text("sot_points.ReadinessCheck.notes", 280)})
        story.post(staff, f"/admin/sot/{point.pk}/vardar/",
                   {"email": story.corpus.email("sot_points.SotHostInvitation.email", point.pk)})
    prefix = f"m{story.municipality.pk}"
    story.post(staff, f"/admin/sot/{story.municipality.pk}/utlys/", {
        f"{prefix}-kind": "storm", f"{prefix}-title": story.text("sot_points.Disruption.title", 120),
        f"{prefix}-message": story.text("sot_points.Disruption.message", 1000),
        f"{prefix}-area_description": story.text("sot_points.Disruption.area_description", 200)})
    return points


def write_pages(story: Story, staff, admin) -> tuple:
    home = story.municipality.site.root_page.specific
    page_fields = {"comments": inline_formset([]), "action-publish": "action-publish"}

    def page_data(kind: str, slug: str) -> dict:
        body = streamfield([
            ("heading", story.text(f"municipalities.{kind}.body", 255)),
            ("paragraph", story.corpus.contentstate(f"municipalities.{kind}.body")),
        ])
        return nested_form_data({
            "title": story.text("wagtailcore.Page.title", 255), "slug": slug,
            "seo_title": story.text("wagtailcore.Page.seo_title", 255),
            "search_description": story.text("wagtailcore.Page.search_description"),
            "show_in_menus": "on", "intro": story.corpus.contentstate(f"municipalities.{kind}.intro"), "body": body,
            **page_fields,
        })

    # Edited twice, so the revision comparison has a diff of payloads to show.
    for _ in range(2):
        story.post(staff, f"/admin/pages/{home.pk}/edit/", page_data("HomePage", home.slug))
    story.post(staff, f"/admin/pages/add/municipalities/contentpage/{home.pk}/", page_data("ContentPage", "om-oss"))
    write_news(story, staff, home, page_fields)
    landing = ensure_landing_site(hostname="localhost", port=story.municipality.site.port).root_page.specific
    landing_host = f"localhost:{story.municipality.site.port}"
    story.post(admin, f"/admin/pages/{landing.pk}/edit/", nested_form_data({
        "title": landing.title, "slug": landing.slug,
        "intro": story.corpus.contentstate("municipalities.LandingPage.intro"), **page_fields}), host=landing_host)
    return home, ContentPage.objects.get(slug="om-oss"), landing


def write_news(story: Story, staff, home, page_fields: dict) -> None:
    """The office's news: an index under the home page (unless the municipality has one) and an article."""
    from municipalities.news import NewsArticlePage, NewsIndexPage

    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        story.post(staff, f"/admin/pages/add/municipalities/newsindexpage/{home.pk}/", nested_form_data({
            "title": story.text("wagtailcore.Page.title", 255), "slug": "nyheter",
            "intro": story.corpus.contentstate("municipalities.NewsIndexPage.intro"), **page_fields}))
        index = NewsIndexPage.objects.child_of(home).get()
    else:  # written through the edit form instead
        story.post(staff, f"/admin/pages/{index.pk}/edit/", nested_form_data({
            "title": story.text("wagtailcore.Page.title", 255), "slug": index.slug,
            "intro": story.corpus.contentstate("municipalities.NewsIndexPage.intro"), **page_fields}))
    story.post(staff, f"/admin/pages/add/municipalities/newsarticlepage/{index.pk}/", nested_form_data({
        "title": story.text("wagtailcore.Page.title", 255), "slug": "en-nyhet", "date": "2026-12-01",
        "summary": story.text("municipalities.NewsArticlePage.summary", 300),
        "image": "", "image_alt": story.text("municipalities.NewsArticlePage.image_alt", 250),
        "body": streamfield([
            ("heading", story.text("municipalities.NewsArticlePage.body", 255)),
            ("paragraph", story.corpus.contentstate("municipalities.NewsArticlePage.body")),
        ]), **page_fields}))
    assert NewsArticlePage.objects.child_of(index).filter(slug="en-nyhet").exists(), "the article was not added"


def news_paths(home) -> tuple[list[str], list[str]]:
    """(public paths, admin edit paths) of the news pages under `home`."""
    from municipalities.news import NewsArticlePage, NewsIndexPage

    index = NewsIndexPage.objects.child_of(home).get()
    article = NewsArticlePage.objects.child_of(index).get(slug="en-nyhet")
    return ([f"/{index.slug}/", f"/{index.slug}/{article.slug}/"],
            [f"/admin/pages/{index.pk}/edit/", f"/admin/pages/{article.pk}/edit/"])


def write_conversations(story: Story, advisor, company: Company) -> list[str]:
    """Conversations slice: an advisor records a needs conversation with payloads in every text, and the
    needs found carry payloads too; then corrects the record. Returns the conversation's pages."""
    from competence.models import NeedsConversation

    base = f"/foretag/{company.slug}/kompetens/samtal/"
    for _ in range(2):
        story.post(advisor, base + "nytt/", {
            "held_on": "2026-11-12", "follow_up_on": "2027-01-15",
            "participants": story.text("competence.NeedsConversation.participants", 1000),
            "summary": story.text("competence.NeedsConversation.summary", 4000),
            "next_step": story.text("competence.NeedsConversation.next_step", 2000),
            "needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0",
            "needs-MAX_NUM_FORMS": "10", "needs-0-kind": "upskill", "needs-0-horizon": "6m",
            "needs-0-description": story.text("competence.CompetenceNeed.description", 4000)})
    conversation = NeedsConversation.objects.filter(company=company).latest("pk")
    story.post(advisor, f"{base}{conversation.pk}/", {
        "held_on": "2026-11-12", "participants": story.text("competence.NeedsConversation.participants", 1000),
        "summary": story.text("competence.NeedsConversation.summary", 4000),
        "next_step": story.text("competence.NeedsConversation.next_step", 2000)})
    return [base, *[f"{base}{c.pk}/" for c in NeedsConversation.objects.filter(company=company)]]


def write_competence(story: Story, owner, advisor, company: Company, offers) -> tuple[list[str], list[str]]:
    """The company registers a need (payloads in its note and in the suggested skills' labels), moves it on
    with a note, offers peers help and marks a match with an offer whose place holds a payload; Region
    Norrbotten's advisor adds an area of effort and a project. Returns (the company's pages, the advisor's)."""
    from competence.models import CompanyPeerOffer, CompetenceNeed, EffortArea, FollowupProject

    base = f"/foretag/{company.slug}/kompetens/"
    label = story.text("competence.CompetenceNeed.skills", 200)
    story.post(owner, base + "nytt/", {
        "step": "save", "description": "Vi behöver sätta upp en webbutik.",
        "suggestions": json.dumps({"occupations": [["2512", "Mjukvaru- och systemutvecklare m.fl.", "webbutik"]],
                                   "skills": [["e_handel", label]]}),
        "occupation": "2512", "skills": ["e_handel"], "headcount": "1", "kind": "upskill", "horizon": "6m",
        "preferred_forms": ["short_course"], "constraints": ["distance"],
        "constraints_note": story.text("competence.CompetenceNeed.constraints_note", 1000)})
    need = CompetenceNeed.objects.filter(company=company, ssyk_code="2512").latest("pk")
    story.post(owner, f"{base}{need.pk}/matcha/", {"offer": offers[0].pk})
    story.post(owner, f"{base}{need.pk}/", {
        "status": "in_progress", "note": story.text("competence.CompetenceNeedStatusChange.note", 1000)})
    story.post(owner, base + "erbjudanden/", {
        "kind": "knowledge", "title": story.text("competence.CompanyPeerOffer.title", 200),
        "description": story.text("competence.CompanyPeerOffer.description", 4000)})
    story.post(advisor, "/uppfoljning/insatsomraden/", {
        "name": story.text("competence.EffortArea.name", 200),
        "description": story.text("competence.EffortArea.description", 2000)})
    area = EffortArea.objects.latest("pk")
    story.post(advisor, "/uppfoljning/projekt/", {
        "name": story.text("competence.FollowupProject.name", 200),
        "funder": story.text("competence.FollowupProject.funder", 200), "starts_on": "2026-01-01",
        "ends_on": "2027-12-31", "budget_sek": "", "effort_area": area.pk})
    offer_pages = [f"{base}erbjudanden/{o.pk}/" for o in CompanyPeerOffer.objects.filter(company=company)]
    project = FollowupProject.objects.latest("pk")
    return ([base, f"{base}{need.pk}/", f"{base}erbjudanden/", *offer_pages],
            ["/uppfoljning/", "/uppfoljning/insatsomraden/", f"/uppfoljning/insatsomraden/{area.pk}/",
             "/uppfoljning/projekt/", f"/uppfoljning/projekt/{project.pk}/"])


def write_alerts(story: Story) -> None:
    now = timezone.now()

    def cap(identifier: str, sender: str, *, event: str, area: str, **texts) -> bytes:
        info = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in texts.items() if value)
        start, end = now - timedelta(hours=1), now + timedelta(hours=12)
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{escape(identifier)}</identifier><sender>{escape(sender)}</sender>
  <sent>{start.isoformat(timespec="seconds")}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <language>sv-SE</language><category>Met</category><event>{escape(event)}</event>
    <urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>
    <effective>{start.isoformat(timespec="seconds")}</effective><expires>{end.isoformat(timespec="seconds")}</expires>
    {info}
    <area><areaDesc>{escape(area)}</areaDesc>
      <geocode><valueName>SCB-kommunkod</valueName><value>{story.municipality.code}</value></geocode></area>
  </info>
</alert>""".encode("utf-8")

    attribute_only = ["attribute-handler-nospace", "attribute-handler-apostrophe-nospace"]
    for index in range(2):
        document = cap(
            story.corpus.fill("alerts.OfficialAlert.identifier", 255, names=attribute_only, separator=""),
            story.corpus.fill("alerts.OfficialAlert.sender", 255, names=attribute_only, separator=""),
            event=story.text("alerts.OfficialAlert.event", 255),
            # The second has no headline or sender name: pages fall back to the event and the sender.
            senderName=story.text("alerts.OfficialAlert.sender_name", 255) if index == 0 else "",
            headline=story.text("alerts.OfficialAlert.headline", 500) if index == 0 else "",
            description=story.text("alerts.OfficialAlert.description"),
            instruction=story.text("alerts.OfficialAlert.instruction"),
            web=story.corpus.place("alerts.OfficialAlert.web", "javascript-url", "javascript:__xss({n})"),
            area=story.text("alerts.OfficialAlert.area_description"),
        )
        source = story.text("alerts.OfficialAlert.source", 1000)
        result = import_cap_document(document, source, now=now)
        assert result.outcome == "created", result
    # A refused message (a < in the identifier) is kept, with its start, for the platform administrator.
    refused = cap(story.text("alerts.RejectedAlert.identifier", 255), "sender",
                  event=story.text("alerts.RejectedAlert.payload", 255), area="x")
    result = import_cap_document(refused, story.text("alerts.RejectedAlert.source", 1000), now=now)
    assert result.rejected, result


def write_providers(story: Story, staff):
    """competence providers: the office adds providers in the admin, their member publishes offers."""
    from competence.models import LearningOffer, Provider

    member = make_user("larcentrum@example.org")
    providers = []
    for index in range(2):
        name = story.text("competence.Provider.name", 200)
        story.post(staff, "/admin/snippets/competence/provider/add/", {
            "name": name, "kind": "learning_centre", "description": story.text("competence.Provider.description"),
            "website": story.corpus.url("competence.Provider.website", index),
            "email": story.corpus.email("competence.Provider.email", index),
            "phone": story.text("competence.Provider.phone", 30), "active": "on",
            "serves_municipalities": [str(story.municipality.pk)], "owner_email": member.email})
        providers.append(Provider.objects.get(municipality=story.municipality, name=name))
    for index in range(4):
        provider = providers[index % 2]
        story.post(member, f"/kompetens/utbildare/{provider.pk}/", {
            "title": story.text("competence.LearningOffer.title", 200),
            "description": story.text("competence.LearningOffer.description"), "form": "short_course",
            "length": story.text("competence.LearningOffer.length", 100), "delivery": "on_site",
            "place": story.text("competence.LearningOffer.place", 100), "start_dates": "2027-02-01",
            "cost_sek": "", "url": story.corpus.url("competence.LearningOffer.url", index),
            "ssyk_codes": "2512", "skills": "E-handel, erfarenhet"})
    return member, providers, list(LearningOffer.objects.filter(provider__in=providers))


# --- The story -----------------------------------------------------------------------------------


def test_stored_xss_never_runs_on_any_page_for_any_role(request, live_server, settings):
    arvidsjaur = make_municipality("2505", preset="fjall", port=live_server.thread.port)
    corpus = Corpus()
    story = Story(arvidsjaur, corpus)
    visits = write_everything(story)
    assert_every_covered_field_holds_a_payload()

    # The browser starts after the writes: while Playwright's loop runs in this thread, the
    # services' pushes to open pages (async_to_sync) could not.
    problems, seen = visit_all(request.getfixturevalue("browser"), story, visits, settings)
    assert not problems, "Stored payloads ran or left live markup:\n  " + "\n  ".join(problems)

    def fields_on(url: str) -> set[str]:
        return {corpus.placements[tag].field for tag in seen.get(url, ()) if tag in corpus.placements}

    unseen = sorted(set(COVERED) - set(NEVER_SHOWN) - set().union(*map(fields_on, seen)))
    assert not unseen, f"No page the story visits showed these fields' payloads, so they went untested: {unseen}"
    # The banners are on every public page; the home page is where a resident meets them first.
    home = fields_on(f"http://{story.host}/")
    for key in ("alerts.OfficialAlert.headline", "alerts.OfficialAlert.instruction", "sot_points.Disruption.title",
                "sot_points.Disruption.message", "municipalities.HomePage.intro", "municipalities.HomePage.body",
                "municipalities.Municipality.office_name", "wagtailcore.Page.title"):
        assert key in home, f"The home page did not show {key}"


def write_everything(story: Story) -> list[tuple[object, str, list[str]]]:
    """Write the payloads as each role would; return (user or None, site root, paths) to look at."""
    arvidsjaur = story.municipality
    localities = localities_ensure(municipality=arvidsjaur)
    owner = make_user("agare@example.org")
    claimant = make_user("anspraksgorare@example.org")
    host = make_user("vard@example.org")
    membership_grant(municipality=arvidsjaur, user=host, role=Role.SOT_HOST)
    staff = make_staff(arvidsjaur, Role.EDITOR, email="redaktor@example.org")
    membership_grant(municipality=arvidsjaur, user=staff, role=Role.MODERATOR)
    admin = make_superuser("plattform@example.org")
    TOTP.activate(admin, generate_totp_secret())  # staff reach the admin with a second factor only
    numbers = org_numbers()

    write_localities(story, staff, localities[:3])
    registered = write_companies(story, owner, numbers)
    write_company_life(story, owner, claimant, staff, registered)
    imports = write_imports(story, staff, numbers, known_org_number=registered[1].org_number,
                            locality=localities[-1].name)
    write_municipality_and_theme(story, staff)
    points = write_points(story, staff, host)
    home, content_page, landing = write_pages(story, staff, admin)
    # Adding one in the admin answers 500 at the time of writing (admin_forms reads the unsaved
    # instance's municipalities), so the service creates it and the admin's edit form renames it.
    platform_owner = platform_owner_create(name="Region Norrbotten", kind="region", municipalities=[arvidsjaur],
                                           actor=admin)
    story.post(admin, f"/admin/snippets/municipalities/platformowner/edit/{platform_owner.pk}/", {
        "name": story.text("municipalities.PlatformOwner.name", 200), "kind": "region",
        "municipalities": [str(arvidsjaur.pk)]})
    write_alerts(story)
    provider_member, providers, offers = write_providers(story, staff)
    # Conversations slice: Region Norrbotten's advisor records a needs conversation with the first company.
    advisor = make_user("radgivare@example.org")
    platform_owner.members.add(advisor)
    TOTP.activate(advisor, generate_totp_secret())
    conversation_pages = write_conversations(story, advisor, Company.objects.get(pk=registered[0].pk))
    company_needs_pages, followup_pages = write_competence(story, owner, advisor,
                                                           Company.objects.get(pk=registered[0].pk), offers)

    published = Company.objects.filter(municipality=arvidsjaur, status=Company.Status.PUBLISHED)
    imported = list(published.exclude(pk__in=[c.pk for c in registered]))
    public = ["/", "/om-oss/", "/tillganglighet/", "/foretag/", "/foretag/?q=svg", "/foretag/forslag/?q=sc",
              "/api/v1/foretag", *[f"/foretag/{c.slug}/" for c in published],
              "/sot/", "/sot/lite/", "/sot/sot.txt", "/sot/sot.json", "/sot/sot.geojson", "/sot/hsds.json",
              *[f"/sot/{p.slug}/" for p in points], *[f"/sot/{p.slug}.txt" for p in points]]
    public_news, staff_news = news_paths(home)
    public += public_news
    first = Company.objects.get(pk=registered[0].pk)
    owned = Company.objects.filter(members__user=owner)
    as_owner = ["/foretag/mina/", *[f"/foretag/{c.slug}/redigera/" for c in owned],
                f"/foretag/{first.slug}/bilder/", f"/foretag/{first.slug}/medlemmar/"]
    as_host = ["/sot/mina/", *[f"/sot/{p.slug}/lage/" for p in points], *[f"/sot/{p.slug}/beredskap/" for p in points]]
    snippets = "/admin/snippets"
    as_staff = [
        "/admin/", "/admin/foretag/", *[f"/admin/foretag/{c.pk}/" for c in registered + imported],
        "/admin/foretag/import/", *[f"/admin/foretag/import/{upload.pk}/" for upload in imports],
        "/admin/sot/", *[f"/admin/sot/{p.pk}/vardar/" for p in points],
        f"{snippets}/sot_points/sotpoint/", *[f"{snippets}/sot_points/sotpoint/edit/{p.pk}/" for p in points],
        f"{snippets}/municipalities/locality/", *[f"{snippets}/municipalities/locality/edit/{loc.pk}/" for loc in localities[:3]],
        f"{snippets}/municipalities/municipality/", f"{snippets}/municipalities/municipality/edit/{arvidsjaur.pk}/",
        f"{snippets}/themes/theme/", f"{snippets}/themes/theme/edit/{arvidsjaur.theme.pk}/",
        f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/", f"/admin/pages/{content_page.pk}/edit/",
        f"/admin/pages/{home.pk}/history/", f"/admin/pages/{home.pk}/revisions/compare/earliest...latest/",
        f"{snippets}/sot_points/sotpoint/history/{points[0].pk}/", "/admin/reports/site-history/",
        "/admin/varningar/", *staff_news,
    ]
    as_admin = ["/admin/varningar/", f"{snippets}/municipalities/platformowner/",
                f"{snippets}/municipalities/platformowner/edit/{platform_owner.pk}/"]
    # Conversations slice: the company, the advisor and the office read the record and the needs found.
    first_needs = f"/foretag/{first.slug}/kompetens/"
    as_owner += [first_needs, *conversation_pages, f"/foretag/{first.slug}/kompetens/delning/"]
    as_advisor = ["/kompetens/samtal/", *conversation_pages, *followup_pages]
    as_staff += [first_needs, *conversation_pages, "/kompetens/samtal/"]
    as_owner += company_needs_pages
    as_staff += [*company_needs_pages, "/uppfoljning/"]
    root, platform_root = f"http://{story.host}", f"http://localhost:{arvidsjaur.site.port}"
    # competence providers
    public += ["/kompetens/utbildningar/", *[f"/kompetens/utbildningar/{o.pk}/" for o in offers]]
    as_provider = ["/kompetens/utbildare/", *[f"/kompetens/utbildare/{p.pk}/" for p in providers],
                   *[f"/kompetens/utbildare/{o.provider_id}/erbjudanden/{o.pk}/" for o in offers],
                   *[f"/kompetens/utbildare/{p.pk}/medlemmar/" for p in providers]]
    as_staff += [f"{snippets}/competence/provider/", *[f"{snippets}/competence/provider/edit/{p.pk}/" for p in providers]]
    return [(None, root, public), (owner, root, as_owner), (host, root, as_host), (staff, root, as_staff),
            (admin, root, as_admin), (provider_member, root, as_provider), (advisor, root, as_advisor),
            (None, platform_root, ["/"]),
            (admin, platform_root, [f"/admin/pages/{landing.pk}/edit/"])]


# --- Reading the pages ---------------------------------------------------------------------------


def assert_every_covered_field_holds_a_payload() -> None:
    """The story really saved a payload into each covered field (a refused write would prove nothing)."""
    empty = []
    for key in COVERED:
        app_label, model_name, field_name = key.split(".")
        model = apps.get_model(app_label, model_name)
        values = model._default_manager.values_list(field_name, flat=True)
        if not any(MARKER in (v if isinstance(v, str) else json.dumps(v, default=str)) for v in values if v):
            empty.append(key)
    assert not empty, f"No payload was saved into: {empty}"


def visit_all(browser: Browser, story: Story, visits, settings) -> tuple[list[str], dict[str, set[str]]]:
    """Open every page in one Chromium context (the CSP bypassed, so escaping alone is tested); return
    the problems found and, per page, the tags of the payloads it showed."""
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    problems: list[str] = []
    ran: list[tuple[str, str]] = []
    seen: dict[str, set[str]] = {}
    page.on("dialog", lambda dialog: (problems.append(f"dialog on {page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: message.text.startswith("XSS-") and ran.append((page.url, message.text[4:])))
    try:
        for user, root, paths in visits:
            context.clear_cookies()
            if user is not None:
                # The user's session, and the flash messages their writes queued ("<name> är
                # publicerat", Wagtail's "'<name>' uppdaterad"): the first page shows those too.
                host = root.removeprefix("http://")
                cookies = story.client(user, host).cookies
                assert settings.SESSION_COOKIE_NAME in cookies
                context.add_cookies([{"name": morsel.key, "value": morsel.value, "domain": host.split(":")[0],
                                      "path": "/"} for morsel in cookies.values() if morsel.value])
            for path in paths:
                url = root + path
                try:
                    response = page.goto(url, wait_until="load")
                except PlaywrightError as error:
                    if "Download is starting" in str(error):
                        continue  # an attachment: the browser saves it and renders nothing
                    raise
                status = response.status if response else None
                if status != 200:
                    problems.append(f"{url} answered {status} (expected a page to check)")
                    continue
                page.wait_for_timeout(50)  # timers and autofocus handlers get their turn
                found = page.evaluate(SCAN_SCRIPT)
                for tag in found["ran"]:
                    problems.append(f"RAN {story.corpus.describe(tag)} on {url}")
                problems.extend(f"{item} on {url}" for item in found["markup"])
                if found["templateEvaluated"]:
                    problems.append(f"stored text evaluated as a template on {url}")
                seen[url] = set(found["seen"])
                if not found["seen"]:
                    problems.append(f"{url} shows none of the payloads: the page proves nothing")
        problems.extend(f"RAN {story.corpus.describe(tag)} on {url} (console)" for url, tag in ran)
    finally:
        context.close()
    return problems, seen
