"""Demo: in Överkalix, Region Norrbotten's advisor holds a needs conversation with Handlar'n i Lansjärv
(two needs found, tagged with the region's area of effort and project), and the shop consents to share
its needs with the region. Idempotent: seed_demo may run any number of times."""
from datetime import date

from competence.consent_services import consent_give
from competence.conversation_services import conversation_record
from competence.models import EffortArea, FollowupProject, NeedsConversation, SharingConsent
from directory.demo import demo_org_number
from directory.models import Company
from municipalities.demo import demo_user
from municipalities.models import Municipality, PlatformOwner
from municipalities.services import platform_owner_create

OVERKALIX = "2513"
REGION = "Region Norrbotten"
HELD_ON = date(2026, 11, 12)


def _region() -> PlatformOwner:
    """Region Norrbotten as municipalities.demo makes it (read access to Arvidsjaur and Överkalix); the
    apps' builders run before that, so the first run makes it here with the same grants."""
    member = demo_user("region.norrbotten@example.org")
    granted = list(Municipality.objects.filter(code__in=["2505", OVERKALIX]))
    owner = platform_owner_create(name=REGION, kind=PlatformOwner.Kind.REGION, municipalities=granted,
                                  members=[member])
    return owner


def create_demo_data(*, municipality: Municipality, moderator=None) -> NeedsConversation | None:
    if municipality.code != OVERKALIX:
        return None
    company = Company.objects.filter(org_number=demo_org_number(OVERKALIX, 1)).first()  # Handlar'n i Lansjärv
    if company is None:
        return None
    region = _region()
    advisor = demo_user("region.norrbotten@example.org")
    area, _created = EffortArea.objects.get_or_create(
        owner=region, name="Kompetensförsörjning",
        defaults={"description": "Insatsområde i den regionala handlingsplanen: företagen hittar och utvecklar "
                                 "den kompetens de behöver."})
    project, _created = FollowupProject.objects.get_or_create(
        owner=region, name="Kompetenslyft Norrbotten",
        defaults={"funder": "Europeiska socialfonden+", "starts_on": date(2026, 1, 1), "ends_on": date(2027, 12, 31),
                  "budget_sek": 4_800_000, "effort_area": area})
    shop_member = demo_user(f"foretag1.{municipality.slug}@example.org")
    if not SharingConsent.objects.filter(company=company, owner=region, withdrawn_at__isnull=True).exists():
        consent_give(actor=shop_member, company=company, owner=region)
    conversation = NeedsConversation.objects.filter(company=company, owner=region, held_on=HELD_ON).first()
    if conversation is None:
        conversation = conversation_record(
            actor=advisor, company=company, owner=region, held_on=HELD_ON,
            participants="Ägaren och butiksansvarig på Handlar'n; rådgivare från Region Norrbotten",
            summary="Butiken vill börja ta emot beställningar på nätet med hämtning i butiken och leverans med "
                    "taxin till byarna. Kassasystemet ska bytas under våren.",
            next_step="Regionen tipsar om en kort kurs i e-handel och frågar ett annat företag i kommunen som "
                      "gjort samma koppling mellan webbutik och kassa.",
            follow_up_on=date(2027, 1, 15), effort_area=area, project=project,
            needs=[
                {"description": "Vi behöver någon som kan sätta upp vår webbutik och koppla den till "
                                "kassasystemet", "kind": "upskill", "horizon": "6m"},
                {"description": "Personalen behöver lära sig det nya kassasystemet innan sommarsäsongen",
                 "kind": "upskill", "horizon": "now"},
            ])
    return conversation
