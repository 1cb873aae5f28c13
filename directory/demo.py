"""Demo companies for the pilot municipalities, registered and approved through the services.

All companies, people and texts are invented for the demo. Phone numbers are from the range
PTS reserves for fiction (070-174 06 05 – 070-174 06 99); organisation numbers are generated
with a valid check digit from a made-up series, e-mail addresses use example.org.
"""
from dataclasses import dataclass, field

from stdnum import luhn

from directory import services
from directory.models import Company, CrisisResource, TurnoverBand, Visibility
from municipalities.demo import demo_user
from municipalities.models import Locality, Municipality


@dataclass(frozen=True)
class DemoCompany:
    legal_name: str
    sni: str
    phone: str
    localities: tuple[str, ...]
    description: str
    products: str = ""
    employees: int = 1
    turnover: str = TurnoverBand.UP_TO_2M
    legal_form: str = "ab"
    crisis: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


DEMO_COMPANIES: dict[str, list[DemoCompany]] = {
    "2505": [
        DemoCompany("Lappland Stugor & Guidning AB", "55202", "070-174 06 05", ("Arvidsjaur", "Moskosel"),
                    "Vi hyr ut sex timmerstugor vid sjön och guidar på skoter, skidor och till fots året runt.",
                    "Stuguthyrning, skoterturer, fiskeguidning, norrskensturer", employees=3,
                    crisis=(CrisisResource.ACCOMMODATION,)),
        DemoCompany("Arvidsjaur Maskin & Fordonsservice AB", "45201", "070-174 06 06", ("Arvidsjaur",),
                    "Service och reparation av bilar, skotrar, traktorer och skogsmaskiner. Vi har jour vintertid.",
                    "Bilservice, däckbyte, skoterreparation, hydraulik", employees=6,
                    crisis=(CrisisResource.GENERATOR, CrisisResource.TRANSPORT)),
        DemoCompany("Glommersträsk Bygg & Plåt AB", "43320", "070-174 06 07", ("Glommersträsk", "Arvidsjaur"),
                    "Snickare och plåtslagare som bygger om, renoverar och lägger tak i hela kommunen. Vintertid "
                    "plogar och sandar vi vägar, infarter och gårdsplaner med hjullastare och traktor.",
                    "Takläggning, fönsterbyte, köksrenovering, altaner, snöröjning, sandning", employees=4,
                    crisis=(CrisisResource.SNOW_CLEARING,), extra={"secondary_sni": ["81290"]}),
        DemoCompany("Moskosel Lanthandel", "47111", "070-174 06 08", ("Moskosel",),
                    "Byns affär med livsmedel, ombud för apotek och post, och drivmedel dygnet runt.",
                    "Livsmedel, drivmedel, paketombud", legal_form="ef", employees=2,
                    crisis=(CrisisResource.FOOD, CrisisResource.FUEL), extra={"crisis_visibility": Visibility.PUBLIC}),
        DemoCompany("Fjällbageriet i Arvidsjaur AB", "10710", "070-174 06 09", ("Arvidsjaur",),
                    "Surdegsbröd, tunnbröd och bullar bakade varje morgon. Vi levererar till byarna på fredagar.",
                    "Bröd, tunnbröd, catering till möten", employees=5, crisis=(CrisisResource.FOOD,)),
        DemoCompany("Tandvården Storgatan AB", "86230", "070-174 06 10", ("Arvidsjaur",),
                    "Allmäntandvård för barn och vuxna. Akuttider varje vardag.", employees=7,
                    turnover=TurnoverBand.UP_TO_10M),
    ],
    "2463": [
        DemoCompany("Åsele Mobila Slakteri ekonomisk förening", "10111", "070-174 06 12", ("Åsele", "Fredrika"),
                    "Gårdsslakt med mobil slaktenhet som kommer till gården. Styckning och vakuumpackning.",
                    "Mobil slakt, styckning, charkuterier", legal_form="ek", employees=3),
        DemoCompany("Fredrika Foder AB", "10910", "070-174 06 13", ("Fredrika",),
                    "Vi blandar foder till nötkreatur, får och hästar av spannmål från länet.",
                    "Kraftfoder, mineralfoder, hemleverans", employees=4,
                    crisis=(CrisisResource.TRANSPORT,)),
        DemoCompany("Ångermanälvens Förlag", "58110", "070-174 06 14", ("Åsele",),
                    "Ett litet förlag som ger ut böcker om lokalhistoria, natur och fiske i Lappmarken.",
                    "Bokutgivning, korrekturläsning, trycksaker", legal_form="ef"),
        DemoCompany("Långbäckens Gård AB", "01410", "070-174 06 15", ("Långbäcken",),
                    "Mjölk- och köttgård med 60 kor. Gårdsbutik med kött i lådor på beställning.",
                    "Nötkött, mjölk, vallfoder", employees=2, crisis=(CrisisResource.GENERATOR, CrisisResource.FOOD)),
        DemoCompany("Åsele Järn & Bygg AB", "47521", "070-174 06 16", ("Åsele",),
                    "Byggvaruhus med virke, färg och verktyg, och en plåtverkstad som bockar plåt på mått.",
                    "Byggvaror, plåtbearbetning, verktygsuthyrning", employees=8,
                    turnover=TurnoverBand.UP_TO_10M, crisis=(CrisisResource.GENERATOR,)),
    ],
    "2513": [
        DemoCompany("Handlar'n i Lansjärv AB", "47111", "070-174 06 17", ("Lansjärv",),
                    "Byns livsmedelsbutik med drivmedelspump och reservkraft. Vi är SOT-punkt för Lansjärv.",
                    "Livsmedel, drivmedel, apoteksombud", employees=3,
                    crisis=(CrisisResource.FOOD, CrisisResource.FUEL, CrisisResource.GENERATOR),
                    extra={"crisis_visibility": Visibility.PUBLIC}),
        DemoCompany("Kalixälvens Gruvservice AB", "33120", "070-174 06 18", ("Överkalix",),
                    "Reparation av pumpar, borriggar och transportband åt gruvor och industri i hela Norrbotten.",
                    "Maskinreparation, svetsning, hydraulik på plats", employees=14,
                    turnover=TurnoverBand.UP_TO_10M),
        DemoCompany("Svartbyn Mode & Webbshop", "47711", "070-174 06 19", ("Svartbyn", "Överkalix"),
                    "Klädbutik i Svartbyn som också säljer på nätet. Vi skickar över hela Sverige.",
                    "Kläder, skor, webbshop", legal_form="ef"),
        DemoCompany("Överkalix Taxi & Transport AB", "49320", "070-174 06 20", ("Överkalix", "Tallvik", "Lansjärv"),
                    "Taxi, färdtjänst och sjukresor. Vi kör också småpaket mellan byarna.",
                    "Taxi, färdtjänst, budtransporter", employees=5, crisis=(CrisisResource.TRANSPORT,)),
        DemoCompany("Tallviks Elservice", "43210", "070-174 06 21", ("Tallvik", "Överkalix"),
                    "Elinstallationer i hus och ladugårdar. Vi installerar och servar reservkraftverk.",
                    "Elinstallation, reservkraft, laddboxar", legal_form="ef", employees=2,
                    crisis=(CrisisResource.GENERATOR,)),
    ],
}


def demo_org_number(municipality_code: str, index: int) -> str:
    """A made-up AB-style number with a valid Luhn check digit, stable for a given slot."""
    body = f"55{municipality_code}{index:03d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def create_demo_data(*, municipality: Municipality, moderator) -> list[Company]:
    """Localities and published companies for one pilot municipality (idempotent)."""
    services.localities_ensure(municipality=municipality)
    localities = {loc.name: loc for loc in Locality.objects.filter(municipality=municipality)}
    companies = []
    for index, spec in enumerate(DEMO_COMPANIES.get(municipality.code, []), start=1):
        org_number = demo_org_number(municipality.code, index)
        company = Company.objects.filter(org_number=org_number).first()
        # Every run, not only when the company is new: a rerun must apply the seed's password policy.
        owner = demo_user(f"foretag{index}.{municipality.slug}@example.org")
        if company is None:
            company = services.company_register(
                actor=owner, municipality=municipality, org_number=org_number, legal_name=spec.legal_name,
                legal_form=spec.legal_form, primary_sni=spec.sni, phone=spec.phone, description=spec.description,
                products_services=spec.products, employees=spec.employees, turnover_band=spec.turnover,
                crisis_resources=list(spec.crisis), localities=[localities[n] for n in spec.localities],
                postal_town=spec.localities[0], languages=["sv"], **spec.extra,
            )
            services.company_approve(actor=moderator, company=company)
        companies.append(company)
    return companies
