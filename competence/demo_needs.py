"""Demo competence needs and peer offers for the pilot companies, written as small northern companies
would put them, registered and moved along their status through the services (idempotent: a company
that already has needs is left alone). The web-shop need of the issue's browser story is NOT seeded:
the story registers it live; Svartbyn Mode & Webbshop's peer offer is the peer company that did the same
integration."""
from dataclasses import dataclass

from competence import services
from competence.models import CompanyPeerOffer, CompetenceNeed
from competence.reference import skill_labels
from directory.demo import DEMO_COMPANIES, demo_org_number
from directory.models import Company
from municipalities.demo import demo_user


@dataclass(frozen=True)
class DemoNeed:
    text: str
    ssyk: str
    skills: tuple[str, ...]
    kind: str
    horizon: str
    forms: tuple[str, ...]
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoPeerOffer:
    kind: str
    title: str
    text: str
    ssyk: tuple[str, ...]
    skills: tuple[str, ...]


# {municipality code: {company index in directory.demo.DEMO_COMPANIES (1-based): needs}}
DEMO_NEEDS: dict[str, dict[int, tuple[DemoNeed, ...]]] = {
    "2505": {
        1: (DemoNeed("Vi behöver en guide till vintersäsongen som kan köra skoter och prata tyska med gästerna.",
                     "5113", (), "recruit", "6m", ("internship", "network")),
            DemoNeed("Vi vill lära oss marknadsföra stugorna i sociala medier och på Instagram.", "2431",
                     ("Lz84_K5d_CcL",), "upskill", "now", ("short_course", "peer"), ("matched",))),
        2: (DemoNeed("Vi behöver en mekaniker till som kan hydraulik på skogsmaskiner.", "7231",
                     ("73Pw_nip_4EW",), "recruit", "now", ("vocational", "internship"), ("in_progress",)),),
        3: (DemoNeed("Två av oss behöver gå Arbete på väg steg 1 innan vårens takjobb längs vägen.", "7119",
                     ("hFN6_Rbb_Apq",), "upskill", "6m", ("short_course",), ("matched", "met")),),
        4: (DemoNeed("Vi behöver lära oss det nya kassasystemet och bokföringen i det.", "5230",
                     ("Fiq4_siu_LXn",), "upskill", "now", ("peer", "short_course")),),
        5: (DemoNeed("Vi söker en bagare som kan ta morgonpassen, gärna med surdegsvana.", "7612",
                     (), "recruit", "6m", ("vocational", "internship")),
            DemoNeed("Personalen behöver gå en kurs i livsmedelshygien.", "7612", ("kj4Q_nLh_u8Q",),
                     "upskill", "now", ("short_course",), ("matched", "in_progress", "met"))),
        6: (DemoNeed("Vi behöver en tandsköterska till hösten.", "5350", (), "recruit", "2y", ("vocational",)),),
    },
    "2463": {
        1: (DemoNeed("Vi behöver någon som kan styckning och charkuterier när efterfrågan ökar.", "7611",
                     (), "recruit", "6m", ("vocational", "peer")),),
        2: (DemoNeed("Chauffören behöver förnya YKB och vi behöver en reservförare.", "8332", (),
                     "upskill", "now", ("short_course",), ("matched",)),),
        3: (DemoNeed("Vi vill börja sälja e-böcker och behöver hjälp att sätta upp försäljningen på nätet.",
                     "2512", ("tArT_WTu_BrU",), "upskill", "6m", ("peer", "short_course")),),
        4: (DemoNeed("Vi vill lära oss att planera vallskörd och foder med ett digitalt gårdsprogram.", "6121",
                     (), "upskill", "2y", ("network", "short_course")),),
        5: (DemoNeed("Plåtverkstaden behöver en plåtslagare och en av oss behöver gå heta arbeten.", "7213",
                     (), "recruit", "now", ("vocational", "short_course"), ("in_progress",)),),
    },
    "2513": {
        1: (DemoNeed("Vi behöver lära oss att sköta reservkraftverket och rutinerna när vi är SOT-punkt.", "5221",
                     (), "upskill", "now", ("network", "peer"), ("matched",)),),
        2: (DemoNeed("Vi behöver två svetsare med certifikat och en servicetekniker för hydraulik.", "7212",
                     ("73Pw_nip_4EW",), "recruit", "now", ("vocational", "internship"), ("in_progress",)),
            DemoNeed("Arbetsledarna behöver utbildning i arbetsmiljöansvar.", "3122", ("Nksx_4oe_fEQ",),
                     "upskill", "6m", ("short_course",), ("matched", "met"))),
        4: (DemoNeed("Våra förare behöver gå en kurs i bemötande av resenärer med funktionsnedsättning.", "8321",
                     (), "upskill", "6m", ("short_course", "network")),),
        5: (DemoNeed("Vi behöver lära oss installera laddboxar och solceller.", "7411", (),
                     "upskill", "2y", ("short_course", "peer")),),
    },
}

DEMO_PEER_OFFERS: dict[str, dict[int, tuple[DemoPeerOffer, ...]]] = {
    "2513": {
        3: (DemoPeerOffer(
            "knowledge", "Så kopplade vi webbshoppen till kassasystemet",
            "Vi satte själva upp vår webbutik och kopplade den till kassasystemet i butiken så att lagret "
            "stämmer i båda. Vi berättar gärna hur vi gjorde och vad vi hade gjort annorlunda.",
            ("2512",), ("tArT_WTu_BrU", "gHYj_fbm_KcU")),),
        2: (DemoPeerOffer(
            "internship", "Praktikplats i verkstaden",
            "Vi tar emot en praktikant från Komvux eller gymnasiet i vår verkstad för maskinreparation och svetsning.",
            ("7212", "7233"), ("73Pw_nip_4EW",)),),
    },
    "2505": {
        2: (DemoPeerOffer(
            "mentoring", "Mentor för nya verkstadsföretag",
            "Vår verkstadschef är mentor för den som startar eller tar över en verkstad: offerter, lager och jour.",
            ("7231",), ()),),
    },
}


def create_demo_data(*, municipality, moderator) -> None:
    for index, needs in DEMO_NEEDS.get(municipality.code, {}).items():
        company, member = _company_and_member(municipality, index)
        if company is None or CompetenceNeed.objects.filter(company=company).exists():
            continue
        for need in needs:
            _register(company, member, need)
    for index, offers in DEMO_PEER_OFFERS.get(municipality.code, {}).items():
        company, member = _company_and_member(municipality, index)
        if company is None or CompanyPeerOffer.objects.filter(company=company).exists():
            continue
        for offer in offers:
            services.peer_offer_create(actor=member, company=company, kind=offer.kind, title=offer.title,
                                       description=offer.text, ssyk_codes=list(offer.ssyk),
                                       skills=_skills(offer.skills))


def _company_and_member(municipality, index):
    if index > len(DEMO_COMPANIES.get(municipality.code, [])):
        return None, None
    company = Company.objects.filter(org_number=demo_org_number(municipality.code, index)).first()
    return company, demo_user(f"foretag{index}.{municipality.slug}@example.org")


def _register(company, member, need: DemoNeed) -> None:
    registered = services.need_register(
        actor=member, company=company, description=need.text, kind=need.kind, horizon=need.horizon,
        ssyk_code=need.ssyk, skills=_skills(need.skills), preferred_forms=list(need.forms))
    for status in need.statuses:
        services.need_set_status(actor=member, need=registered, status=status)


def _skills(ids) -> list[dict]:
    labels = skill_labels()
    return [{"id": skill_id, "label": labels[skill_id]} for skill_id in ids if skill_id in labels]
