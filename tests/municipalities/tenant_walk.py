"""Walks every registered URL as staff of municipality A against the objects of municipality B.

`build_world()` creates A and B with one object of every municipality-scoped kind in B,
each carrying MARKER in a visible field. `walk_as(client, user, world)` requests every URL
pattern (GET, then POST where a view could change something), filling URL parameters
with B's objects, and returns the violations: responses that show B's marker, and any
change to B's objects. Patterns it cannot fill must be listed in EXEMPT with a reason,
so a new URL can never slip past unwalked.
"""
import re
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from alerts.models import OfficialAlert, RejectedAlert
from alerts.services import import_cap_document
from competence.models import (
    CompanyPeerOffer,
    CompetenceNeed,
    CompetenceNeedStatusChange,
    LearningOffer,
    MaturityAssessment,
    NeedMatch,
    NeedsConversation,
    Provider,
    ProviderMember,
    SharingConsent,
)
from directory import services as directory_services
from directory.models import Company, CompanyClaim, CompanyImport, CompanyInvitation, CompanyMember, DirectorySettings
from municipalities.models import ContentPage, Locality, Municipality, MunicipalityMembership, Role, StaffInvitation
from municipalities.services import staff_invite
from search.models import SynonymGroup
from sot_points import services as sot_services
from sot_points.disruption_notices import disruption_hosts_notify
from sot_points.models import (
    Disruption,
    DisruptionNotice,
    OpeningHours,
    ReadinessCheck,
    SotHostInvitation,
    SotPoint,
    StatusUpdate,
)
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_municipality, make_staff

MARKER = "b-7f3k"
A_HOST = "arvidsjaur.localhost"

# URL names the walker does not request, with the reason. Keep this list short and honest.
EXEMPT = {
    "wagtailadmin_logout": "signs the walker out",
    "account_logout": "signs the walker out",
    "users:account-delete": "deletes the walker's own account; covered in tests/users",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's 500 test page)",
    "wagtailadmin_password_reset_confirm": "token URL for the walker's own password; password reset is off",
    "account_reset_password_from_key": "token URL tied to one user's reset key, not to an object",
    "account_confirm_email": "token URL tied to one e-mail confirmation key, not to an object",
    "wagtaildocs_authenticate_with_password": "B has no password-protected collections",
    "wagtailcore_authenticate_with_password": "B has no password-protected pages",
    "wagtailadmin_editing_sessions:release": "releases the walker's own editing session id",
    "wagtaildocs:delete_upload_multiple": "refers to the walker's own pending upload",
    "wagtailimages:delete_upload_multiple": "refers to the walker's own pending upload",
    "wagtaildocs:create_multiple_from_uploaded_document": "refers to the walker's own pending upload",
    "wagtailimages:create_multiple_from_uploaded_image": "refers to the walker's own pending upload",
    "wagtailadmin_pages:workflow_action": "no workflows are configured; needs a task state of B",
    "wagtailadmin_pages:collect_workflow_action_data": "no workflows are configured; needs a task state of B",
    "wagtailadmin_pages:workflow_history_detail": "no workflows are configured; needs a workflow state of B",
    "wagtailadmin_pages:workflow_preview": "no workflows are configured; needs a task of B",
    "wagtailadmin_workflows:remove": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:enable": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:disable": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:edit": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:usage": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:usage_results": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:edit_task": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:disable_task": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:enable_task": "workflows are platform-wide; editors hold no workflow permissions",
    "wagtailadmin_workflows:task_chosen": "workflows are platform-wide; editors hold no workflow permissions",
}


# Patterns with unnamed groups: the path is built by hand.
SPECIAL_PATHS = {
    # Searches that would find B's company if the scope leaked.
    "directory:company-list": lambda world: "/foretag/?q=hemligt&region=1",
    "directory:company-suggest": lambda world: "/foretag/forslag/?q=hemligt",
    "wagtail_serve": lambda world: "/hemlig-sida/",
    "wagtaildocs_serve": lambda world: f"/documents/{world.b_objects['document'].pk}/{world.b_objects['document'].filename}",
}


@dataclass
class World:
    a: Municipality
    b: Municipality
    b_objects: dict = field(default_factory=dict)


def build_world() -> World:
    a = make_municipality("2505")
    b = make_municipality("2463", office_name=f"Hemligt kontor {MARKER}")
    b.theme.name = f"Hemligt tema {MARKER}"
    b.theme.save()
    home_b = b.site.root_page.specific
    page_b = home_b.add_child(instance=ContentPage(title=f"Hemlig sida {MARKER}", slug="hemlig-sida"))
    page_b.save_revision().publish()
    page_b.save_revision()  # a draft revision too, for revision URLs
    page_a = a.site.root_page.add_child(instance=ContentPage(title="Vanlig sida", slug="vanlig-sida"))
    image_b = get_image_model().objects.create(
        title=f"Hemlig bild {MARKER}", file=get_test_image_file(), collection=b.collection
    )
    document_b = get_document_model().objects.create(
        title=f"Hemligt dokument {MARKER}", file=ContentFile(b"%PDF-1.4 hemligt", name="hemligt.pdf"),
        collection=b.collection,
    )
    editor_b = make_staff(b, Role.EDITOR, email=f"hemlig.{MARKER}@example.org")
    redirect_b = Redirect.objects.create(old_path=f"/hemlig-{MARKER}", site=b.site, redirect_page=page_b)
    company_b = make_company(b, legal_name=f"Hemligt bolag {MARKER} AB", published=True,
                             description=f"Hemligt {MARKER}", org_number="556016-0680")
    company_b.localities.set([Locality.objects.create(municipality=b, name=f"Hemby {MARKER}",
                                                      latitude=64.1, longitude=17.3)])
    directory_services.company_update(actor=editor_b, company=company_b, phone="070-174 06 55")
    claim_b = directory_services.company_claim(actor=make_user(f"anspråk.{MARKER}@example.org"),
                                               org_number=company_b.org_number, message=f"Hemligt {MARKER}")
    directory_services.member_invite(actor=editor_b, company=company_b, email=f"kollega.{MARKER}@example.org")
    import_b, _preview = directory_services.company_import_upload(
        actor=editor_b, municipality=b, file_name=f"hemlig-{MARKER}.csv",
        content=f"Organisationsnummer;Företagsnamn;SNI;Telefon\n556036-0793;Hemligt import {MARKER} AB;43320;0701740601\n".encode())
    sot_b = _sot_point_of(b, editor_b, company_b)
    need_b, peer_offer_b = _competence_of(company_b)
    alert_b, rejected_b = _official_alerts_of(b)
    world = World(a=a, b=b)
    world.b_objects = {
        "page": page_b, "home": home_b, "page_a": page_a, "image": image_b, "document": document_b,
        "user": editor_b, "group": editor_b.groups.first(), "site": b.site, "collection": b.collection,
        "redirect": redirect_b, "theme": b.theme, "municipality": b,
        "membership": MunicipalityMembership.objects.get(user=editor_b, municipality=b),
        "revision": page_b.latest_revision,
        "company": company_b, "claim": claim_b, "company_revision": company_b.revisions.first(),
        "locality": company_b.localities.first(), "directory_settings": DirectorySettings.objects.get(municipality=b),
        "import": import_b, "sot_point": sot_b,
        "disruption": Disruption.objects.get(municipality=b),
        "sot_host_invitation": SotHostInvitation.objects.get(municipality=b),
    }
    world.b_objects.update({"official_alert": alert_b, "rejected_alert": rejected_b})
    world.b_objects.update({"competence_need": need_b, "peer_offer": peer_offer_b})
    # competence providers (issue 10, part "providers")
    provider_b, learning_offer_b = _provider_of(b, editor_b)
    world.b_objects.update({"provider": provider_b, "learning_offer": learning_offer_b})
    world.b_objects["need_match"] = _match_of(need_b, learning_offer_b)
    world.b_objects["maturity_assessment"] = _maturity_of(company_b)
    # Sharing consent and needs conversations (conversations slice).
    world.b_objects.update(_conversation_of(b, company_b))
    # Follow-up (issue 10, part "followup"): an owner granted only B, with its own area and project.
    world.b_objects.update(_followup_of(b))
    world.b_objects.update(_marketplace_of(b, company_b, editor_b, image_b))
    return world


def _marketplace_of(b, company_b, editor_b, image_b) -> dict:
    """B's marketplace: a hub of B's company with a second B company as member, an offer with a photo, a
    members-only request, a procurement call with an item, an attachment, an answer, a conversation with a
    message, an invitation, a bookable resource with a window and a booking, an event, a report and the
    office's settings; all marked. Made directly: the services have their own tests."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace import attachments
    from marketplace.models import (
        Answer,
        AvailabilityWindow,
        Booking,
        Conversation,
        ConversationRead,
        ListingPhoto,
        ListingReport,
        MarketplaceSettings,
        Message,
        SupplierInvitation,
    )
    from tests.factories.marketplace import add_call_item, add_hub_member, make_hub, make_listing

    supplier_b = make_company(b, legal_name=f"Hemlig leverantör {MARKER} AB", published=True, org_number="556987-6500",
                              owner=make_user(f"leverantor.{MARKER}@example.org"))
    hub = make_hub(b, owner_company=company_b, name=f"Hemlig hubb {MARKER}", slug="hemlig-hubb",
                   description=f"Hemlig {MARKER}")
    membership = add_hub_member(hub, supplier_b)
    marked = {"description": f"Hemlig beskrivning {MARKER}", "contact_name": f"Hemlig kontakt {MARKER}"}
    offer = make_listing(b, title=f"Hemligt erbjudande {MARKER}", company=company_b, price_on_request=True, **marked)
    ListingPhoto.objects.create(listing=offer, image=image_b, alt_text=f"Hemlig bild {MARKER}")
    request = make_listing(b, kind="request", title=f"Hemlig efterfrågan {MARKER}", hub=hub, audience="members",
                           **marked)
    call = make_listing(b, kind="call", title=f"Hemlig upphandling {MARKER}", hub=hub, sni_codes=["81290"], **marked)
    add_call_item(call, description=f"Hemlig snöröjning {MARKER}")
    attachments.store(attachments.CheckedPdf(data=f"%PDF-1.4 Hemlig bilaga {MARKER}".encode(), filename="b.pdf",
                                             title=f"Hemlig bilaga {MARKER}"), listing=call)
    resource = make_listing(b, kind="resource", title=f"Hemlig maskin {MARKER}", company=company_b, **marked)
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    AvailabilityWindow.objects.create(listing=resource, starts_at=start, ends_at=start + timedelta(days=7))
    booker = CompanyMember.objects.filter(company=supplier_b).first().user
    booking = Booking.objects.create(municipality=b, listing=resource, company=supplier_b, requested_by=booker,
                                     starts_at=start + timedelta(hours=2), ends_at=start + timedelta(hours=5),
                                     message=f"Hemlig bokning {MARKER}")
    event = make_listing(b, kind="event", title=f"Hemligt evenemang {MARKER}", company=company_b, **marked)
    invitation = SupplierInvitation.objects.create(municipality=b, listing=call, company=supplier_b,
                                                   reason=f"Hemlig anledning {MARKER}")
    answer = Answer.objects.create(municipality=b, listing=call, company=supplier_b, submitted_by=booker,
                                   text=f"Hemligt svar {MARKER}")
    bid = attachments.store(attachments.CheckedPdf(data=f"%PDF-1.4 Hemligt anbud {MARKER}".encode(),
                                                   filename="anbud.pdf", title=f"Hemligt anbud {MARKER}"), answer=answer)
    conversation = Conversation.objects.create(municipality=b, listing=call, company=supplier_b,
                                               last_message_at=timezone.now())
    Message.objects.create(conversation=conversation, author=booker, body=f"Hemligt meddelande {MARKER}")
    ConversationRead.objects.create(conversation=conversation, user=booker, last_read_at=timezone.now())
    report = ListingReport.objects.create(municipality=b, listing=offer, reason="spam",
                                          message=f"Hemlig anmälan {MARKER}")
    settings_b = MarketplaceSettings.objects.create(municipality=b, moderation="before")
    return {"hub": hub, "hub_membership": membership, "listing": offer, "members_listing": request, "call": call,
            "resource": resource, "booking": booking, "event": event, "supplier_invitation": invitation,
            "answer": answer, "answer_attachment": bid, "marketplace_conversation": conversation, "listing_report": report,
            "marketplace_settings": settings_b}


def _conversation_of(b, company_b) -> dict:
    """An owner granted only B with an advisor, the company's consent to it, and a needs conversation
    the advisor recorded with one need found; all marked."""
    from datetime import date

    from competence.consent_services import consent_give
    from competence.conversation_services import conversation_record
    from municipalities.services import platform_owner_create

    advisor_b = make_user(f"radgivare.{MARKER}@example.org")
    owner_b = platform_owner_create(name=f"Hemlig ägare {MARKER}", kind="business_support", municipalities=[b],
                                    members=[advisor_b])
    member_b = CompanyMember.objects.filter(company=company_b).first().user
    consent = consent_give(actor=member_b, company=company_b, owner=owner_b)
    conversation = conversation_record(
        actor=advisor_b, company=company_b, owner=owner_b, held_on=date(2026, 11, 12),
        participants=f"Hemlig deltagare {MARKER}", summary=f"Hemlig sammanfattning {MARKER}",
        next_step=f"Hemligt nästa steg {MARKER}", follow_up_on=date(2027, 1, 15),
        needs=[{"description": f"Hemligt samtalsbehov {MARKER}", "kind": "upskill", "horizon": "6m"}])
    return {"conversation": conversation, "sharing_consent": consent, "platform_owner_b": owner_b}


def _match_of(need_b, learning_offer_b):
    """B's need matched by its own company with a second offer of B's provider (the first stays free for
    the role matrix's mark-match POST); matching part of issue 10."""
    from competence.services import need_match_create

    second = LearningOffer.objects.create(
        municipality=learning_offer_b.municipality, provider=learning_offer_b.provider,
        title=f"Hemlig matchad kurs {MARKER}", description=f"Hemlig {MARKER}", form="short_course",
        delivery="distance", ssyk_codes=["2512"])
    member_b = CompanyMember.objects.filter(company=need_b.company).first().user
    return need_match_create(actor=member_b, need=need_b, offer=second)


def _provider_of(b, editor_b):
    """A provider of B (serving only B) with a responsible member and an offer; all marked."""
    from competence import provider_services

    provider = provider_services.provider_create(
        actor=editor_b, municipality=b, name=f"Hemlig aktör {MARKER}", kind="learning_centre",
        description=f"Hemlig {MARKER}", phone="070-174 06 57")
    member = make_user(f"aktor.{MARKER}@example.org")
    provider_services.provider_member_add(actor=editor_b, provider=provider, email=member.email, role="owner")
    offer = provider_services.offer_create(
        actor=member, provider=provider, title=f"Hemlig kurs {MARKER}", description=f"Hemlig {MARKER}",
        form="short_course", delivery="on_site", place=f"Hemby {MARKER}", ssyk_codes=["2512"])
    return provider, offer


def _followup_of(b) -> dict:
    import datetime as dt

    from competence.models import EffortArea, FollowupProject
    from municipalities.models import PlatformOwner

    owner = PlatformOwner.objects.create(name=f"Hemlig region {MARKER}", kind=PlatformOwner.Kind.REGION)
    owner.municipalities.add(b)
    area = EffortArea.objects.create(owner=owner, name=f"Hemligt område {MARKER}")
    project = FollowupProject.objects.create(owner=owner, name=f"Hemligt projekt {MARKER}", funder=f"Hemlig {MARKER}",
                                             starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
                                             effort_area=area)
    return {"effort_area": area, "followup_project": project}


def _sot_point_of(b, editor_b, company_b) -> SotPoint:
    """A point of B with hours, a status, a readiness check, an open host invitation and an active
    disruption, all marked."""
    from datetime import time

    point = SotPoint.objects.create(
        municipality=b, name=f"Hemlig punkt {MARKER}", slug="hemlig-punkt", host_name=f"Hemlig värd {MARKER}",
        host_company=company_b, street_address=f"Hemlig väg {MARKER}", latitude=64.1, longitude=17.3,
        phone="070-174 06 56", capabilities=["warm_room", "charging"], warm_room_places=30)
    point.hosts.add(editor_b)
    OpeningHours.objects.create(point=point, weekday=0, opens=time(9), closes=time(17))
    sot_services.point_status_update(actor=editor_b, point=point, status="open", available_now=["charging"],
                                     places_free=12, message=f"Hemligt läge {MARKER}")
    sot_services.readiness_confirm(actor=editor_b, point=point, generator_tested=True, contacts_checked=True,
                                   notes=f"Hemlig kontroll {MARKER}")
    sot_services.host_invite(actor=editor_b, point=point, email=f"vard.{MARKER}@example.org")
    staff_invite(municipality=b, email=f"redaktor.{MARKER}@example.org", role=Role.EDITOR)
    disruption = sot_services.disruption_declare(actor=editor_b, municipality=b, kind="storm",
                                                 title=f"Hemlig storm {MARKER}", message=f"Hemligt {MARKER}")
    # What the background worker does next: the hosts' notices (a DisruptionNotice per message).
    disruption_hosts_notify(disruption=disruption, kind="declared")
    return point


def _competence_of(company_b):
    """A need of B's company, moved on once so it has a history, and a peer offer; all marked."""
    from competence import services as competence_services

    member_b = make_user(f"behov.{MARKER}@example.org")
    CompanyMember.objects.create(company=company_b, user=member_b, role=CompanyMember.Role.MEMBER)
    need = competence_services.need_register(
        actor=member_b, company=company_b, description=f"Hemligt behov {MARKER}", kind="recruit", horizon="now",
        ssyk_code="2512", ssyk_name=f"Hemligt yrke {MARKER}", skills=[{"id": "x1", "label": f"Hemlig {MARKER}"}])
    competence_services.need_set_status(actor=member_b, need=need, status="matched", note=f"Hemligt {MARKER}")
    offer = competence_services.peer_offer_create(actor=member_b, company=company_b, kind="mentoring",
                                                  title=f"Hemligt erbjudande {MARKER}", description=f"Hemligt {MARKER}")
    return need, offer


def _maturity_of(company_b):
    """Two maturity rounds (T0, T1) of B's company (issue 10, maturity part). Answers are choices, so the
    marker is in the company's name, which the results page shows."""
    from competence import maturity_services
    from tests.factories.competence_maturity import answers_at

    member_b = CompanyMember.objects.filter(company=company_b).first().user
    maturity_services.assessment_submit(actor=member_b, company=company_b, answers=answers_at(1))
    return maturity_services.assessment_submit(actor=member_b, company=company_b, answers=answers_at(3))


def _official_alerts_of(b):
    """A public warning covering only B (alerts are platform-wide, matched by SCB code) and a
    refused message; both carry the marker. Editors of A must see neither."""
    from django.utils import timezone

    from tests.support.alert_messages import ASELE_VMA, load

    now = timezone.now()
    data = load(ASELE_VMA, at=now).replace("Viktigt meddelande till allmänheten i Åsele".encode(),
                                           f"Hemligt VMA {MARKER}".encode())
    alert = import_cap_document(data, f"https://hemlig-{MARKER}.example/vma.xml", now=now).alert
    rejected = import_cap_document(f"Hemligt {MARKER}".encode(), f"https://hemlig-{MARKER}.example/x", now=now)
    return alert, rejected.rejection


def iter_patterns(resolver=None, prefix="", namespace=""):
    """(full regex/route string, namespaced name, URLPattern) for every pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from iter_patterns(pattern, prefix + str(pattern.pattern), ns)
        else:
            name = namespace + pattern.name if pattern.name else f"<unnamed {prefix}{pattern.pattern}>"
            yield prefix + str(pattern.pattern), name, pattern


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def param_names(route: str) -> list[str]:
    return [m.group(2) or m.group(3) for m in PARAM.finditer(route)]


def _pk_object(name: str, objs: dict):
    """Which of B's objects a `pk` parameter means, from the URL's namespace."""
    for prefix, key in (
        ("wagtailsnippets_themes_theme", "theme"),
        ("wagtailsnippets_municipalities_municipalitymembership", "membership"),
        ("wagtailsnippets_municipalities_municipality:", "municipality"),
        ("wagtailsnippets_municipalities_platformowner", None), ("wagtailsnippetchoosers_municipalities_platformowner", None),
        ("wagtailadmin_api:pages", "page"), ("wagtailadmin_pages", "page"),
        ("wagtailadmin_api:images", "image"), ("wagtailimages_chooser", "image"),
        ("wagtailadmin_api:documents", "document"), ("wagtaildocs_chooser", "document"),
        ("wagtailadmin_collections", "collection"), ("wagtailsites", "site"), ("wagtailsettings", "site"),
        ("wagtailusers_users", "user"), ("wagtailusers_groups", "group"),
        ("wagtailadmin_workflows", None),
        ("wagtailsnippets_municipalities_locality", "locality"),
        ("wagtailsnippets_directory_directorysettings", "directory_settings"),
        ("wagtailsnippets_sot_points_sotpoint", "sot_point"),
        ("wagtailsnippets_competence_provider", "provider"),
        ("wagtailsnippets_marketplace_marketplacesettings", "marketplace_settings"),
        ("wagtailsnippets_search_synonymgroup", None),  # platform-wide, no municipality's; see fingerprint
        # Marketplace: a listing's pages take the listing (the event feed: B's event); conversations theirs.
        ("marketplace:listing-event-feed", "event"), ("marketplace:attachment-download", "answer_attachment"),
        ("marketplace_conversations:", "marketplace_conversation"),
        ("marketplace:", "listing"), ("marketplace_manage:", "listing"), ("marketplace_reports:", "listing"),
        ("marketplace_bookings:", "resource"), ("marketplace_suppliers:", "call"),
    ):
        if name.startswith(prefix):
            return objs.get(key) if key else None
    raise LookupError(name)


def fill_kwargs(name: str, route: str, world: World) -> dict | None:
    """URL kwargs that point at B's objects, or None when the pattern needs no B object."""
    objs = world.b_objects
    values = {}
    for param in param_names(route):
        if param in ("page_id", "parent_page_id", "page_to_move_id", "page_pk"):
            value = objs["page"].pk
        elif param == "destination_id":
            values["page_to_move_id"] = objs["page_a"].pk  # move A's page under B's home
            value = objs["home"].pk
        elif param in ("image_id",):
            value = objs["image"].pk
        elif param in ("document_id", "doc_id"):
            value = objs["document"].pk
        elif param == "collection_id":
            value = objs["collection"].pk
        elif param == "redirect_id":
            value = objs["redirect"].pk
        elif param in ("revision_id", "revision_id_b"):
            value = objs["revision"].pk
        elif param == "revision_id_a":
            value = "live"
        elif param == "company_id":
            value = objs["company"].pk
        elif param == "claim_id":
            value = objs["claim"].pk
        elif param == "company_revision_id":
            value = objs["company_revision"].pk
        elif param == "import_id":
            value = objs["import"].pk
        elif param == "municipality_id":
            value = world.b.pk
        elif param == "disruption_id":
            value = objs["disruption"].pk
        elif param == "point_id":
            value = objs["sot_point"].pk
        elif param == "user_id":
            value = objs["user"].pk  # B's editor, a host of B's point
        elif param == "invitation_id":
            value = objs["sot_host_invitation"].pk
        elif param == "need_id":
            value = objs["competence_need"].pk
        elif param == "offer_id":
            value = objs["peer_offer"].pk
        elif param == "provider_id":
            value = objs["provider"].pk
        elif param == "learning_offer_id":
            value = objs["learning_offer"].pk
        elif param == "conversation_id":
            value = objs["conversation"].pk
        elif param == "area_id":
            value = objs["effort_area"].pk
        elif param == "project_id":
            value = objs["followup_project"].pk
        elif param == "answer_pk":
            value = objs["answer"].pk
        elif param == "listing_pk":
            value = objs["call"].pk
        elif param == "listing_id":
            value = objs["listing"].pk
        elif param == "report_id":
            value = objs["listing_report"].pk
        elif param == "photo_id":
            value = objs["listing"].photos.first().pk
        elif param == "attachment_id":
            value = objs["call"].attachments.first().pk
        elif param == "kind":
            value = "offer"
        elif param == "decision":
            value = "approve"
        elif param == "name" and name.startswith("sot_snapshot:"):
            value = "sot.json"
        elif param == "slug":
            if name.startswith("sot_snapshot:"):
                value = world.b.slug
            elif name.startswith("sot_points:"):
                value = objs["sot_point"].slug
            elif name.startswith(("marketplace:hub", "marketplace_hubs:")):
                value = objs["hub"].slug
            else:
                value = objs["company"].slug
        elif param == "pk":
            target = _pk_object(name, objs)
            value = target.pk if target is not None else 1
        elif param in ("app_label", "content_type_app_name", "app_name"):
            value = "municipalities"
        elif param in ("model_name", "content_type_model_name"):
            value = "contentpage" if "pages" in name else "theme"
        elif param == "object_id":
            value = objs["page"].pk
        elif param in ("action", "action_name"):
            value = "delete"
        elif param == "filter_spec":
            value = "original"
        elif param in ("task_id", "task_state_id", "workflow_pk", "workflow_state_id", "session_id",
                       "uploaded_file_id", "restriction_id", "page_view_restriction_id"):
            value = 1
        else:
            raise LookupError(f"{name}: no rule for URL parameter {param!r}")
        values.setdefault(param, value)
    return values


def url_for(route: str, kwargs: dict) -> str:
    """Build the path from a pattern string by substituting kwargs (works for unnamed patterns)."""
    path = PARAM.sub(lambda m: str(kwargs[m.group(2) or m.group(3)]), route)
    path = path.replace("^", "").replace("$", "")
    return "/" + path.lstrip("/")


def fingerprint(world: World) -> dict:
    """What B's objects look like; the walk must leave it unchanged."""
    objs = world.b_objects
    page = Page.objects.filter(pk=objs["page"].pk).first()
    return {
        "page": page and (page.title, page.live, page.locked, page.get_parent().pk, page.path),
        "page_a_parent": Page.objects.get(pk=objs["page_a"].pk).get_parent().pk,
        "image": get_image_model().objects.filter(pk=objs["image"].pk).values_list("title", "collection_id").first(),
        "document": get_document_model().objects.filter(pk=objs["document"].pk).values_list("title").first(),
        "theme": type(objs["theme"]).objects.filter(pk=objs["theme"].pk).values_list("name", "preset").first(),
        "municipality": Municipality.objects.filter(pk=world.b.pk).values_list("office_name", "office_email").first(),
        "membership": MunicipalityMembership.objects.filter(pk=objs["membership"].pk).exists(),
        "user": type(objs["user"]).objects.filter(pk=objs["user"].pk).values_list("email", "is_active").first(),
        "redirect": Redirect.objects.filter(pk=objs["redirect"].pk).exists(),
        "pages_under_b": Page.objects.get(pk=objs["home"].pk).get_descendants().count(),
        "company": Company.objects.filter(pk=objs["company"].pk).values_list(
            "legal_name", "status", "verified_at", "pending_changes", "phone").first(),
        "company_members": sorted(CompanyMember.objects.filter(company=objs["company"]).values_list("user_id", "role")),
        "company_invitations": CompanyInvitation.objects.filter(company=objs["company"]).count(),
        "claim": CompanyClaim.objects.filter(pk=objs["claim"].pk).values_list("status").first(),
        "locality": Locality.objects.filter(pk=objs["locality"].pk).values_list("name", "latitude").first(),
        "directory_settings": DirectorySettings.objects.filter(municipality=world.b).values_list(
            "moderate_changes").first(),
        "import": CompanyImport.objects.filter(pk=objs["import"].pk).values_list("status", "processed_rows").first(),
        "companies_of_b": Company.objects.filter(municipality=world.b).count(),
        "official_alert": OfficialAlert.objects.filter(pk=objs["official_alert"].pk).values_list(
            "headline", "withdrawn", "visible_until").first(),
        "official_alerts": OfficialAlert.objects.count(),
        "rejected_alerts": RejectedAlert.objects.count(),
        "sot_point": SotPoint.objects.filter(pk=objs["sot_point"].pk).values_list(
            "name", "status", "status_message", "places_free").first(),
        "sot_status_updates": StatusUpdate.objects.filter(municipality=world.b).count(),
        "sot_readiness": ReadinessCheck.objects.filter(municipality=world.b).count(),
        "sot_hosts": sorted(SotPoint.hosts.through.objects.filter(sotpoint_id=objs["sot_point"].pk)
                            .values_list("user_id", flat=True)),
        "sot_host_invitations": sorted(SotHostInvitation.objects.filter(municipality=world.b).values_list(
            "email", "accepted_at")),
        "staff_invitations": sorted(StaffInvitation.objects.filter(municipality=world.b).values_list(
            "email", "role", "accepted_at")),
        "sot_disruption": Disruption.objects.filter(municipality=world.b).values_list("title", "ended_at").first(),
        "sot_disruption_notices": DisruptionNotice.objects.filter(municipality=world.b).count(),
        "competence_need": CompetenceNeed.objects.filter(pk=objs["competence_need"].pk).values_list(
            "description", "status", "headcount").first(),
        "competence_needs_of_b": CompetenceNeed.objects.filter(municipality=world.b).count(),
        "competence_status_changes_of_b": CompetenceNeedStatusChange.objects.filter(municipality=world.b).count(),
        "peer_offer": CompanyPeerOffer.objects.filter(pk=objs["peer_offer"].pk).values_list(
            "title", "active").first(),
        "peer_offers_of_b": CompanyPeerOffer.objects.filter(municipality=world.b).count(),
        # competence providers
        "provider": Provider.objects.filter(pk=objs["provider"].pk).values_list(
            "name", "description", "active").first(),
        "provider_serves": sorted(Provider.serves_municipalities.through.objects.filter(
            provider_id=objs["provider"].pk).values_list("municipality_id", flat=True)),
        "provider_members": sorted(ProviderMember.objects.filter(provider_id=objs["provider"].pk).values_list(
            "user_id", "role")),
        "learning_offer": LearningOffer.objects.filter(pk=objs["learning_offer"].pk).values_list(
            "title", "active", "description").first(),
        "learning_offers_of_b": LearningOffer.objects.filter(municipality=world.b).count(),
        "providers_of_b": Provider.objects.filter(municipality=world.b).count(),
        "maturity_of_b": sorted(MaturityAssessment.objects.filter(municipality=world.b).values_list(
            "round", "overall")),
        # Sharing consent and needs conversations (conversations slice).
        "sharing_consents_of_b": sorted(SharingConsent.objects.filter(municipality=world.b).values_list(
            "pk", "owner_id", "withdrawn_at")),
        "conversation": NeedsConversation.objects.filter(pk=objs["conversation"].pk).values_list(
            "participants", "summary", "next_step", "follow_up_on", "effort_area_id", "project_id").first(),
        "conversations_of_b": NeedsConversation.objects.filter(municipality=world.b).count(),
        "effort_area": _followup_fingerprint(world),
        "matches_of_b": sorted(NeedMatch.objects.filter(municipality=world.b).values_list("pk", "need_id", "offer_id")),
        # Not B's but the platform's: only the platform administrator changes the trade synonyms.
        "trade_synonyms": sorted(SynonymGroup.objects.values_list("name", "words", "enabled")),
    }


def _followup_fingerprint(world: World):
    from competence.models import EffortArea, FollowupProject

    objs = world.b_objects
    return (EffortArea.objects.filter(pk=objs["effort_area"].pk).values_list("name", "description").first(),
            FollowupProject.objects.filter(pk=objs["followup_project"].pk).values_list(
                "name", "funder", "ends_on", "effort_area_id").first(),
            EffortArea.objects.filter(owner=objs["effort_area"].owner).count())


def _shows_marker(response) -> bool:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return MARKER.encode() in body.lower()


def walk_as(client, user, world: World) -> tuple[list[str], set[str]]:
    """Request every URL as `user` on A's host. Returns (violations, names walked)."""
    client.force_login(user)
    # An empty POST trips some of Wagtail's own form code (500); that is not a leak, so
    # errors are collected as responses rather than raised. A GET that fails is reported.
    client.raise_request_exception = False
    violations, walked = [], set()
    before = fingerprint(world)
    for route, name, _pattern in iter_patterns():
        if name in EXEMPT:
            continue
        if "^.*/$" in route:  # Wagtail admin's catch-all 404
            continue
        kwargs = fill_kwargs(name, route, world)
        path = SPECIAL_PATHS[name](world) if name in SPECIAL_PATHS else url_for(route, kwargs)
        walked.add(name)
        for method in ("get", "post"):
            response = getattr(client, method)(path, HTTP_HOST=A_HOST)
            if response.status_code == 200 and _shows_marker(response):
                violations.append(f"{method.upper()} {path} ({name}) shows municipality B's data")
            if response.status_code >= 500 and method == "get":
                violations.append(f"{method.upper()} {path} ({name}) answered {response.status_code}")
        client.force_login(user)  # some views end the session; keep walking as the same user
    after = fingerprint(world)
    for key in before:
        if before[key] != after[key]:
            violations.append(f"B's {key} changed: {before[key]!r} -> {after[key]!r}")
    return violations, walked
