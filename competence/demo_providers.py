"""Demo providers and their learning offers for the pilot municipalities, made through the services.

Organisations are modelled on the kinds that exist in the inland of Norrland (a municipal learning
centre, Komvux, a YH programme, Almi-like business support), but names, texts, dates and prices are
invented for the demo. Phone numbers are from the range PTS reserves for fiction; e-mail addresses
use example.org. Occupations are SSYK 2012 groups and skills JobTech labels from competence/data."""
from dataclasses import dataclass, field

from competence import provider_services
from competence.models import LearningOffer, Provider, ProviderMember
from competence.reference import skill_by_label
from municipalities.demo import demo_user
from municipalities.models import Municipality

LARCENTRUM_OVERKALIX_MEMBER = "larcentrum.overkalix@example.org"


@dataclass(frozen=True)
class DemoOffer:
    title: str
    description: str
    form: str
    delivery: str
    ssyk: tuple[str, ...]
    skills: tuple[str, ...]
    length: str = ""
    place: str = ""
    start_dates: tuple[str, ...] = ()
    cost_sek: int | None = 0
    url: str = ""


@dataclass(frozen=True)
class DemoProvider:
    name: str
    kind: str
    description: str
    phone: str
    offers: tuple[DemoOffer, ...]
    serves: tuple[str, ...] = ()  # other pilots' codes
    owner: str = ""
    website: str = ""
    extra: dict = field(default_factory=dict)


WEBSHOP = DemoOffer(
    "E-handel för småföretag: sätt upp webbutiken och koppla den till kassasystemet",
    "Fyra kvällar på distans med en träff på lärcentrum. Du sätter upp en webbutik, kopplar den till "
    "kassasystemet så att lagersaldo och försäljning stämmer överens, och lär dig ta betalt och skicka varor. "
    "För dig som driver butik, hantverk eller turistföretag.",
    "short_course", "mixed", ("2512", "2511", "2513", "3514"),
    ("E-handel, erfarenhet", "E-handel, utveckling/Elektronisk handel, utveckling", "Webbutveckling",
     "Systemintegrering", "Integrationsfrågor", "Kassavana"),
    length="4 kvällar à 3 timmar", place="Överkalix", start_dates=("2027-01-19", "2027-03-16"), cost_sek=0)

DEMO_PROVIDERS: dict[str, list[DemoProvider]] = {
    "2513": [
        DemoProvider(
            "Lärcentrum Överkalix", Provider.Kind.LEARNING_CENTRE,
            "Kommunens lärcentrum: studieplatser, handledning och korta kurser för företag och anställda, "
            "på plats i Överkalix och på distans.", "070-174 06 60", owner=LARCENTRUM_OVERKALIX_MEMBER,
            website="https://larcentrum-overkalix.example.org/", serves=("2505",),
            offers=(
                WEBSHOP,
                DemoOffer("Digital marknadsföring för besöksnäringen",
                          "Synas i sök och sociala kanaler inför säsongen: en halvdag med övningar på ert eget "
                          "företags webbplats.", "network", "on_site", ("2431", "3332"),
                          ("Digital marknadsföring/Onlinemarknadsföring", "Turismutveckling/Destinationsutveckling"),
                          length="En halvdag", place="Överkalix", start_dates=("2027-02-09",), cost_sek=0),
                DemoOffer("Bokföring och kassaredovisning för nya företagare",
                          "Grunderna i bokföring, moms och kassaredovisning med genomgång av vanliga misstag.",
                          "short_course", "distance", ("4111",), ("Bokföringsvana", "Kassaredovisning"),
                          length="3 tillfällen à 2 timmar", start_dates=("2027-02-02",), cost_sek=900),
                DemoOffer("Informationssäkerhet i det lilla företaget",
                          "Lösenord, säkerhetskopior och nätfiske: ett webbinarium med checklista att ta med hem.",
                          "short_course", "distance", ("3514", "2511"), ("Informationssäkerhet",),
                          length="90 minuter", start_dates=("2027-01-27", "2027-04-21"), cost_sek=0),
            )),
        DemoProvider(
            "Komvux Överkalix", Provider.Kind.KOMVUX,
            "Kommunal vuxenutbildning med yrkespaket inom vård, handel och logistik.", "070-174 06 61",
            offers=(
                DemoOffer("Undersköterska, yrkespaket",
                          "Komvux yrkespaket med praktik (APL) i äldreomsorgen. Studietakt 100 %, delvis på distans.",
                          "vocational", "mixed", ("5321", "5330"), ("Omvårdnad", "Omvårdnadsplanering"),
                          length="3 terminer", place="Överkalix", start_dates=("2027-01-11", "2027-08-16"),
                          cost_sek=0),
                DemoOffer("Lager och logistik",
                          "Yrkespaket med truckutbildning och lagerstyrning, praktik hos företag i kommunen.",
                          "vocational", "on_site", ("4322",), ("Truckvana", "Lagerstyrning", "Logistik"),
                          length="20 veckor", place="Överkalix", start_dates=("2027-03-01",), cost_sek=0),
            )),
        DemoProvider(
            "Företagsstöd Norrbotten (demo)", Provider.Kind.BUSINESS_SUPPORT,
            "Rådgivning och lån till små företag, liknande Almi: affärsutveckling, finansiering och "
            "digitalisering.", "070-174 06 62", serves=("2505",),
            offers=(
                DemoOffer("Digitaliseringscheck: en dag med rådgivare",
                          "En rådgivare går igenom era system och ger förslag på nästa steg, t.ex. e-handel eller "
                          "ett nytt affärssystem.", "network", "mixed", ("2511", "1311"),
                          ("Systemintegrering", "Projektledning, IT"), length="En dag", place="Luleå",
                          cost_sek=None),
            )),
    ],
    "2505": [
        DemoProvider(
            "Lärcentrum Arvidsjaur", Provider.Kind.LEARNING_CENTRE,
            "Studieplatser, tentamen och korta kurser för företag i Arvidsjaur och byarna.", "070-174 06 63",
            offers=(
                DemoOffer("Motorsågskörkort A och B", "Teori och praktik för säker fällning, med certifikat.",
                          "short_course", "on_site", ("6210", "8341"),
                          ("Motorsågskörkort Nivå A", "Motorsågskörkort Nivå B"), length="3 dagar",
                          place="Arvidsjaur", start_dates=("2027-04-12", "2027-05-17"), cost_sek=4500),
                DemoOffer("Livsmedelshygien för kök och caféer",
                          "Egenkontroll och hygienregler: en kvälls webbinarium med intyg.",
                          "short_course", "distance", ("5120", "9412"), ("Livsmedelshygien",),
                          length="3 timmar", start_dates=("2027-02-15",), cost_sek=600),
            )),
        DemoProvider(
            "Yrkeshögskolan i Norrbottens inland (demo)", Provider.Kind.YH,
            "YH-utbildningar på distans med träffar i Arvidsjaur.", "070-174 06 64", serves=("2513",),
            offers=(
                DemoOffer("Fordonstekniker för testverksamhet i kallt klimat",
                          "YH-utbildning för biltestindustrin: mätteknik, fordonsel och säkerhet på is.",
                          "vocational", "mixed", ("7233", "7412"), ("Energifrågor",), length="2 år",
                          place="Arvidsjaur", start_dates=("2027-08-23",), cost_sek=0),
                DemoOffer("Webbutvecklare, deltid på distans",
                          "YH-utbildning på halvfart för den som vill bygga och förvalta webbplatser och webbutiker.",
                          "vocational", "distance", ("2512", "2513"), ("Webbutveckling", "Webbdesign"),
                          length="2 år, halvfart", start_dates=("2027-08-30",), cost_sek=0),
            )),
        DemoProvider(
            "Komvux Arvidsjaur", Provider.Kind.KOMVUX, "Vuxenutbildning med yrkespaket och svenska för invandrare.",
            "070-174 06 65",
            offers=(
                DemoOffer("Kock, yrkespaket", "Komvux yrkespaket med praktik på hotell och restauranger i kommunen.",
                          "vocational", "on_site", ("5120",), ("Livsmedelshygien",), length="2 terminer",
                          place="Arvidsjaur", start_dates=("2027-01-11",), cost_sek=0),
            )),
    ],
    "2463": [
        DemoProvider(
            "Lärcentrum Åsele", Provider.Kind.LEARNING_CENTRE,
            "Kommunens lärcentrum med studieplatser, handledning och kurser för företagen i Åsele och Fredrika.",
            "070-174 06 66",
            offers=(
                DemoOffer("Solceller på gården: montage och egenkontroll",
                          "För lantbrukare och hantverkare: planera, montera och kontrollera en solcellsanläggning.",
                          "short_course", "on_site", ("7411",), ("Solcellsmontering/Solcellsmontage",),
                          length="2 dagar", place="Åsele", start_dates=("2027-04-20",), cost_sek=2500),
                DemoOffer("Energikartläggning för småföretag",
                          "Webbinarieserie om att sänka energikostnaden i lokaler, kyl och frys.",
                          "short_course", "distance", ("2431",),
                          ("Energikartläggare", "Energihushållning"), length="3 × 1 timme",
                          start_dates=("2027-02-03",), cost_sek=0),
                DemoOffer("Nätverk för livsmedelsföretag i inlandet",
                          "Träffar varannan månad för gårdsbutiker, slakterier och caféer: dela erfarenheter och "
                          "hitta samarbeten.", "network", "mixed", ("5120",), ("Livsmedelshygien",),
                          length="Varannan månad", place="Åsele", cost_sek=0),
            )),
        DemoProvider(
            "Komvux Åsele", Provider.Kind.KOMVUX, "Vuxenutbildning med yrkespaket inom vård och skog.", "070-174 06 67",
            offers=(
                DemoOffer("Skogsmaskinförare, yrkespaket",
                          "Simulator och praktik hos entreprenörer: skördare och skotare.", "vocational", "on_site",
                          ("8341",), ("Skogsmaskiner", "Röjsågskörkort Nivå RA"), length="2 terminer",
                          place="Åsele", start_dates=("2027-08-16",), cost_sek=0),
                DemoOffer("Vårdbiträde, yrkespaket", "Grundläggande omvårdnad med praktik i hemtjänsten.",
                          "vocational", "mixed", ("5330",), ("Omvårdnad",), length="1 termin", place="Åsele",
                          start_dates=("2027-01-11",), cost_sek=0),
            )),
    ],
}


def _skills(labels) -> list[dict]:
    return [skill for skill in (skill_by_label(label) for label in labels) if skill]


def create_demo_data(*, municipality: Municipality, moderator=None) -> list[Provider]:
    """The pilot's providers, their offers and Lärcentrum Överkalix's member (idempotent)."""
    specs = DEMO_PROVIDERS.get(municipality.code, [])
    if not specs:
        return []
    editor = demo_user(f"redaktor.{municipality.slug}@example.org")
    providers = []
    for spec in specs:
        provider = Provider.objects.filter(municipality=municipality, name=spec.name).first()
        serves = list(Municipality.objects.filter(code__in=spec.serves))
        if provider is None:
            provider = provider_services.provider_create(
                actor=editor, municipality=municipality, name=spec.name, kind=spec.kind,
                description=spec.description, phone=spec.phone, website=spec.website,
                email=f"{spec.name.split()[0].lower().replace('ä', 'a').replace('å', 'a').replace('ö', 'o')}"
                      f".{municipality.slug}@example.org", serves_municipalities=serves)
        elif serves:  # a pilot created after this one: serve it now
            provider_services.provider_update(actor=editor, provider=provider,
                                              serves_municipalities=[*provider.serves_municipalities.all(), *serves])
        if spec.owner:
            owner = demo_user(spec.owner)
            if not provider.members.filter(user=owner).exists():
                provider_services.provider_member_add(actor=editor, provider=provider, email=owner.email,
                                                      role=ProviderMember.Role.OWNER)
        for offer in spec.offers:
            if LearningOffer.objects.filter(provider=provider, title=offer.title).exists():
                continue
            provider_services.offer_create(
                actor=editor, provider=provider, title=offer.title, description=offer.description, form=offer.form,
                delivery=offer.delivery, length=offer.length, place=offer.place,
                start_dates=list(offer.start_dates), cost_sek=offer.cost_sek, url=offer.url,
                ssyk_codes=list(offer.ssyk), skills=_skills(offer.skills))
        providers.append(provider)
    return providers
