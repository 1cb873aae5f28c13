"""Demo marketplace for the pilot municipalities, built only through the marketplace's services.

Per pilot: a hub with member companies and one application waiting, procurement calls (the wind-park
developer's snow clearing with SNI and CPV coded items; a planned and a closed one; the office's own), offers,
requests, reuse, a bookable resource with availability and a confirmed and a requested booking, and events
(breakfast seminars, hub meetings) in Swedish time; some hub listings are for members only.

- Arvidsjaur: "Storliden Vind AB – leverantörsportal", a wind-park developer's supplier hub (a COMPANY-kind
  platform owner, member vindkraft.arvidsjaur@example.org) spanning Arvidsjaur and Överkalix.
- Överkalix: "Kvinnliga företagare i Norrbottens inland", a network's hub (a NETWORK-kind platform owner granted
  Överkalix, member natverk.overkalix@example.org) spanning Överkalix and Arvidsjaur.
- Åsele: "Återbruk Åsele", owned by the building-materials store Åsele Järn & Bygg AB.

Companies, networks, people and texts are invented for the demo; e-mail addresses use example.org. Dates are
relative to the day of seeding (deadlines and events a few weeks ahead). Idempotent like the other builders: a
hub is found by its name, a listing by its municipality and title, a membership by hub and company; what exists
is left as it is, so a second seed changes nothing. Each hub's listings are made by its home municipality's
builder (wherever they are located); memberships are completed on every run, because a hub spanning a pilot
seeded later gets that pilot's companies only once they exist.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.demo import demo_org_number
from directory.models import Company, CompanyMember
from directory.services import localities_ensure
from marketplace import booking_services, hub_services, listing_services
from marketplace.ical import STOCKHOLM
from marketplace.models import Audience, CallStatus, Category, Hub, HubMembership, Listing, ListingKind, ListingStatus
from municipalities.demo import demo_user
from municipalities.models import Locality, Municipality, PlatformOwner
from municipalities.services import platform_owner_create

ARVIDSJAUR, ASELE, OVERKALIX = "2505", "2463", "2513"
WIND_MEMBER = "vindkraft.arvidsjaur@example.org"
NETWORK_MEMBER = "natverk.overkalix@example.org"

CompanyRef = tuple[str, int]  # (municipality code, the company's slot in directory.demo.DEMO_COMPANIES)


@dataclass(frozen=True)
class DemoOwner:
    """A platform owner made through municipalities.services, with one demo member."""

    name: str
    kind: str
    member: str
    granted: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoHub:
    key: str
    home: str
    name: str
    purpose: str
    description: str
    spans: tuple[str, ...]
    members: tuple[CompanyRef, ...]  # invited by the hub and accepted
    applicant: CompanyRef
    application: str
    owner_platform: DemoOwner | None = None
    owner_company: CompanyRef | None = None


@dataclass(frozen=True)
class DemoBooking:
    requester: CompanyRef
    start: tuple[int, str]  # (days from today, "HH:MM" Swedish time)
    end: tuple[int, str]
    message: str
    confirmed: bool


@dataclass(frozen=True)
class DemoListing:
    kind: str
    title: str
    description: str
    category: str
    company: int | None = None  # slot of a company of the listing's municipality
    hub: str = ""  # key of a DemoHub; neither: the municipality's own listing
    located_in: str = ""  # for a hub's listing outside its home municipality
    locality: str = ""
    audience: str = Audience.PUBLIC
    sni: tuple[str, ...] = ()
    days: int = 120  # how long the listing stays up
    price: Decimal | None = None
    price_unit: str = ""
    on_request: bool = False
    # Calls: "open", "planned" or "closed" (made open, then closed); deadline in days, at 12:00.
    call_status: str = ""
    deadline_days: int = 0
    delivery_place: str = ""
    items: tuple[dict, ...] = ()
    # PDFs attached to the listing: (title, lines of text).
    papers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Events: the first given weekday (0 = Monday) at least `event_days` ahead, from–to Swedish time.
    event_days: int = 0
    weekday: int | None = None
    event_time: tuple[str, str] = ("", "")
    venue: str = ""
    # Resources: bookable windows as (first day, last day) from today, 07:00–20:00; then the bookings.
    windows: tuple[tuple[int, int], ...] = ()
    bookings: tuple[DemoBooking, ...] = ()
    contact: dict = field(default_factory=dict)


HUBS = (
    DemoHub(
        key="wind", home=ARVIDSJAUR, name="Storliden Vind AB – leverantörsportal",
        purpose="Lokala leverantörer till bygget och driften av vindparken Storliden: upphandlingar, "
                "leverantörsträffar och förfrågningar.",
        description="Storliden Vind AB bygger 24 vindkraftverk väster om Arvidsjaur med byggstart våren 2027. Här "
                    "lägger vi ut upphandlingar av snöröjning, transporter, boende och service, och bjuder in till "
                    "leverantörsträffar. Företag i Arvidsjaur och Överkalix kan ansöka om medlemskap; medlemmarna "
                    "ser också våra förfrågningar inför kommande upphandlingar.",
        spans=(ARVIDSJAUR, OVERKALIX),
        owner_platform=DemoOwner("Storliden Vind AB", PlatformOwner.Kind.COMPANY, WIND_MEMBER),
        members=((ARVIDSJAUR, 2), (ARVIDSJAUR, 3), (ARVIDSJAUR, 1), (OVERKALIX, 2), (OVERKALIX, 4)),
        applicant=(ARVIDSJAUR, 5),
        application="Vi levererar gärna fika och luncher till byggarbetsplatsen och till era leverantörsträffar.",
    ),
    DemoHub(
        key="network", home=OVERKALIX, name="Kvinnliga företagare i Norrbottens inland",
        purpose="Nätverk för kvinnor som driver företag i Överkalix och Arvidsjaur: träffar, samarbeten och "
                "gemensamma inköp.",
        description="Vi är ett ideellt nätverk för kvinnor som driver eller vill starta företag. Vi träffas "
                    "varannan månad, turas om att hålla i ett tema och hjälper varandra med allt från prissättning "
                    "till webbshoppar. Medlemmarna samköper emballage och frakt för att få bättre priser.",
        spans=(OVERKALIX, ARVIDSJAUR),
        owner_platform=DemoOwner("Kvinnliga företagare i Norrbottens inland (nätverk)", PlatformOwner.Kind.NETWORK,
                                 NETWORK_MEMBER, granted=(OVERKALIX,)),
        members=((OVERKALIX, 3), (OVERKALIX, 1), (ARVIDSJAUR, 5), (ARVIDSJAUR, 1)),
        applicant=(ARVIDSJAUR, 6),
        application="Vi är tre kvinnor som driver tandvården och vill gärna vara med på träffarna.",
    ),
    DemoHub(
        key="reuse", home=ASELE, name="Återbruk Åsele",
        purpose="Byggmaterial, inredning och utrustning som får ett nytt liv i stället för att köras till "
                "återvinningscentralen.",
        description="Åsele Järn & Bygg samlar överblivet byggmaterial och begagnad utrustning från företagen i Åsele "
                    "och Fredrika. Lägg upp det ni vill bli av med, eller hämta det någon annan har över. "
                    "Medlemmarna ser restpartierna innan de visas för alla.",
        spans=(ASELE,), owner_company=(ASELE, 5),
        members=((ASELE, 4), (ASELE, 2), (ASELE, 1)),
        applicant=(ASELE, 3),
        application="Vi har hyllor och skrivbord från det gamla tryckeriet som vi gärna skänker.",
    ),
)

THURSDAY, TUESDAY = 3, 1

LISTINGS: dict[str, tuple[DemoListing, ...]] = {
    ARVIDSJAUR: (
        # The wind-park developer's hub.
        DemoListing(
            ListingKind.CALL, "Snöröjning av serviceväg, vintern 2026/27",
            "Vi söker en entreprenör som plogar och sandar servicevägen till vindparken fram till och med april. "
            "Vägen ska vara farbar för tunga transporter senast kl. 06.00 varje dag, med beredskap dygnet runt vid "
            "snöfall över 5 cm. Ange pris per säsong och vilka maskiner ni har.",
            Category.PROPERTY, hub="wind", locality="Arvidsjaur", sni=("81290",), call_status=CallStatus.OPEN,
            deadline_days=21, delivery_place="Serviceväg Storliden, avfart från väg 95 väster om Arvidsjaur",
            items=(
                {"description": "Plogning av serviceväg, 6 m bred", "sni_code": "81290", "cpv_code": "90620000-9",
                 "quantity": Decimal("12"), "unit": "km", "delivery_place": "Serviceväg Storliden"},
                {"description": "Sandning och halkbekämpning av serviceväg och uppställningsytor", "sni_code": "81290",
                 "cpv_code": "90630000-2", "quantity": Decimal("12"), "unit": "km",
                 "delivery_place": "Serviceväg Storliden"},
            ),
            contact={"contact_name": "Leverantörsansvarig, Storliden Vind", "contact_email": WIND_MEMBER},
            papers=(("Förfrågningsunderlag snöröjning", (
                "Forfragningsunderlag: Snorojning av servicevag, vintern 2026/27",
                "Bestallare: Storliden Vind AB",
                "Omfattning: plogning och sandning av 12 km servicevag, 6 m bred.",
                "Vagen ska vara farbar for tunga transporter senast kl. 06.00.",
                "Beredskap dygnet runt vid snofall over 5 cm.",
                "Ange pris per sasong exklusive moms och vilka maskiner ni har.")),)),
        DemoListing(
            ListingKind.CALL, "Transporter av bergkross till kranplatserna, våren 2027",
            "Inför byggstarten behöver kranplatserna förstärkas med bergkross från täkten vid Auktsjaur. "
            "Upphandlingen öppnar i januari; anmäl gärna intresse redan nu genom att bli medlem i hubben.",
            Category.TRANSPORT, hub="wind", locality="Arvidsjaur", sni=("49410",), call_status=CallStatus.PLANNED,
            deadline_days=70, delivery_place="Kranplatser 1–24, Storliden",
            items=({"description": "Transport av bergkross 0–150 mm från täkt till kranplatser", "sni_code": "49410",
                    "cpv_code": "60100000-9", "quantity": Decimal("18000"), "unit": "ton",
                    "delivery_place": "Kranplatser 1–24, Storliden"},)),
        DemoListing(
            ListingKind.CALL, "Boende för montörer, byggsäsongen 2027",
            "Vi behöver boende för 20 montörer från april till oktober 2027, helst inom 30 minuters bilväg från "
            "vindparken. Upphandlingen är stängd: vi har fått in många svar och återkommer till alla i januari.",
            Category.TOURISM, hub="wind", locality="Arvidsjaur", sni=("55202", "55201"), call_status="closed",
            deadline_days=14, delivery_place="Arvidsjaur med omnejd",
            items=({"description": "Boende i stuga eller lägenhet, april–oktober 2027", "sni_code": "55202",
                    "cpv_code": "55250000-7", "quantity": Decimal("20"), "unit": "bäddar"},)),
        DemoListing(
            ListingKind.EVENT, "Leverantörsträff: så blir du leverantör till Storliden",
            "Vi berättar om tidplanen för bygget, vilka upphandlingar som kommer och hur man svarar på dem. Efteråt "
            "finns tid att prata med våra projektledare. Kaffe och smörgås från kl. 12.30.",
            Category.CONSTRUCTION, hub="wind", locality="Arvidsjaur", event_days=12, weekday=TUESDAY,
            event_time=("13:00", "16:00"), venue="Folkets hus, Arvidsjaur"),
        DemoListing(
            ListingKind.REQUEST, "Förfrågan till medlemmar: service av terrängfordon under byggtiden",
            "Under byggtiden har vi sex bandvagnar och fyrhjulingar i drift. Vi vill veta vilka medlemmar som kan ta "
            "hand om service och akuta reparationer, helst med jour på helger. Svara med ungefärliga priser.",
            Category.TRANSPORT, hub="wind", locality="Arvidsjaur", audience=Audience.MEMBERS, sni=("45201",),
            days=60),
        DemoListing(
            ListingKind.EVENT, "Medlemsmöte i Överkalix: transporter inför byggstarten",
            "För hubbens medlemmar: vi går igenom transportbehoven våren 2027 och hur leverantörer i Överkalix kan "
            "samordna körningar med företagen i Arvidsjaur.",
            Category.TRANSPORT, hub="wind", located_in=OVERKALIX, locality="Överkalix", audience=Audience.MEMBERS,
            event_days=16, weekday=THURSDAY, event_time=("15:00", "17:00"), venue="Folkets hus, Överkalix"),
        # The municipality's own.
        DemoListing(
            ListingKind.CALL, "Catering till näringslivsfrukost",
            "Näringslivskontoret bjuder företagen på frukost fyra torsdagar under våren 2027. Vi söker någon som "
            "levererar frukost för cirka 40 personer kl. 07.15, dukar fram och plockar undan. Ange pris per "
            "tillfälle och om ni kan erbjuda glutenfritt och vegetariskt.",
            Category.FOOD, locality="Arvidsjaur", sni=("56210",), call_status=CallStatus.OPEN, deadline_days=18,
            delivery_place="Folkets hus, Storgatan, Arvidsjaur",
            items=({"description": "Frukost för 40 personer: smörgåsar, gröt, frukt, kaffe och te",
                    "sni_code": "56210", "cpv_code": "55520000-1", "quantity": Decimal("4"), "unit": "tillfällen",
                    "delivery_place": "Folkets hus, Arvidsjaur"},),
            contact={"contact_name": "Näringslivskontoret", "contact_email": "naringsliv.arvidsjaur@example.org"}),
        DemoListing(
            ListingKind.EVENT, "Näringslivsfrukost: vindkraften och de lokala leverantörerna",
            "Frukostmöte för alla företagare. Storliden Vind berättar om bygget och vad de kommer att köpa lokalt, "
            "och två företag berättar hur de blev leverantörer. Anmäl dig till näringslivskontoret senast dagen före.",
            Category.BUSINESS, locality="Arvidsjaur", event_days=7, weekday=THURSDAY, event_time=("07:30", "09:00"),
            venue="Folkets hus, Arvidsjaur",
            contact={"contact_name": "Näringslivskontoret", "contact_email": "naringsliv.arvidsjaur@example.org"}),
        # Companies.
        DemoListing(
            ListingKind.OFFER, "Stugor för montörer och konsulter, veckovis",
            "Sex timmerstugor med två sovrum, kök och bastu vid sjön, tio minuter från centrum. Städning varje vecka "
            "och bastu ingår. Passar arbetslag som stannar några veckor.",
            Category.TOURISM, company=1, locality="Arvidsjaur", sni=("55202",), price=Decimal("4500"),
            price_unit="vecka"),
        DemoListing(
            ListingKind.OFFER, "Service av skoter och fyrhjuling, även på plats",
            "Vi servar och reparerar skotrar, fyrhjulingar och bandvagnar i verkstaden eller ute i fält. Jour "
            "vintertid.", Category.TRANSPORT, company=2, locality="Arvidsjaur", sni=("45201",), on_request=True),
        DemoListing(
            ListingKind.OFFER, "Tunnbröd och fikabröd till möten och konferenser",
            "Smörgåsar på eget tunnbröd, bullar och kakor till möten, kurser och konferenser. Beställ senast två "
            "dagar före; vi levererar i centrum utan kostnad.",
            Category.FOOD, company=5, locality="Arvidsjaur", sni=("10710",), price=Decimal("45"),
            price_unit="person"),
        DemoListing(
            ListingKind.REQUEST, "Vi söker en redovisningsbyrå för löpande bokföring och bokslut",
            "Bageriet har fem anställda. Vi söker en byrå som kan ta hand om löpande bokföring, löner, moms och "
            "bokslut från och med nästa räkenskapsår, gärna någon som kan komma hit ibland.",
            Category.BUSINESS, company=5, locality="Arvidsjaur", sni=("69201",), days=90),
        DemoListing(
            ListingKind.RESOURCE, "Släpvagn 3,5 ton",
            "Flakvagn med ramper, 3,5 ton totalvikt, flak 4 × 2 m. Kräver B96- eller BE-behörighet beroende på bil. "
            "Hämtas och lämnas på verkstaden vardagar 07–17.",
            Category.EQUIPMENT, company=2, locality="Arvidsjaur", sni=("77390",), price=Decimal("450"),
            price_unit="dygn", windows=((1, 28), (35, 63)),
            bookings=(
                DemoBooking((ARVIDSJAUR, 3), (8, "07:00"), (9, "17:00"),
                            "Vi ska köra takplåt till ett bygge i Moskosel.", confirmed=True),
                DemoBooking((ARVIDSJAUR, 1), (15, "08:00"), (15, "18:00"), "Ved till stugorna.", confirmed=False),
            )),
        DemoListing(
            ListingKind.REUSE, "Takplåt, svart, 14 skivor à 4 meter",
            "Oanvända plåtar som blev över vid ett takbyte. Hämtas i Glommersträsk; vi hjälper till att lasta.",
            Category.MATERIALS, company=3, locality="Glommersträsk", price=Decimal("150"), price_unit="skiva"),
        DemoListing(
            ListingKind.REUSE, "Väntrumsmöbler: sex stolar och ett bord",
            "Vi har fått nya möbler i väntrummet. Stolarna och bordet är hela och rena. Gratis att hämta på "
            "Storgatan.", Category.OTHER, company=6, locality="Arvidsjaur", days=45),
    ),
    OVERKALIX: (
        # The network's hub.
        DemoListing(
            ListingKind.EVENT, "Nätverksträff: prissättning och lönsamhet",
            "Vi pratar om hur man sätter pris på tjänster och produkter, och två medlemmar berättar vad de ändrade "
            "när de räknade på sina timmar. Öppen för alla som driver eller vill starta företag. Fika finns.",
            Category.BUSINESS, hub="network", locality="Överkalix", event_days=10, weekday=TUESDAY,
            event_time=("18:00", "20:30"), venue="Biblioteket, Överkalix"),
        DemoListing(
            ListingKind.EVENT, "Medlemsfika i Arvidsjaur",
            "Medlemmarna i Arvidsjaur bjuder in till fika och samtal om vårens samköp.",
            Category.BUSINESS, hub="network", located_in=ARVIDSJAUR, locality="Arvidsjaur",
            audience=Audience.MEMBERS, event_days=20, weekday=THURSDAY, event_time=("15:00", "16:30"),
            venue="Fjällbageriet, Arvidsjaur"),
        DemoListing(
            ListingKind.REQUEST, "Samköp av fraktpåsar och presentförpackningar",
            "Vi samlar ihop medlemmarnas behov av fraktpåsar, kartonger och presentförpackningar inför våren. Skriv "
            "hur många ni behöver, så beställer vi tillsammans och delar på frakten.",
            Category.MATERIALS, hub="network", locality="Överkalix", audience=Audience.MEMBERS, days=45),
        # The municipality's own.
        DemoListing(
            ListingKind.CALL, "Fotografering av företag till näringslivsbroschyr",
            "Kommunen gör en ny broschyr om företagen i Överkalix. Vi söker en fotograf som tar porträtt- och "
            "miljöbilder hos 15 företag under februari och mars. Kommunen ska få använda bilderna i trycksaker och "
            "på webben.", Category.DIGITAL, locality="Överkalix", sni=("74202",), call_status=CallStatus.OPEN,
            deadline_days=24, delivery_place="Företag i hela Överkalix kommun",
            items=({"description": "Porträtt- och miljöbilder hos 15 företag, med rätt att använda bilderna",
                    "sni_code": "74202", "cpv_code": "79961000-8", "quantity": Decimal("15"), "unit": "företag",
                    "delivery_place": "Överkalix kommun"},),
            contact={"contact_name": "Näringslivskontoret", "contact_email": "naringsliv.overkalix@example.org"}),
        DemoListing(
            ListingKind.EVENT, "Näringslivsfrukost: e-handel för butikerna i byarna",
            "Hur kan en lanthandel ta emot beställningar på nätet och leverera till byarna? Handlar'n i Lansjärv och "
            "Lärcentrum Överkalix berättar. Frukost från kl. 07.15.",
            Category.DIGITAL, locality="Överkalix", event_days=14, weekday=THURSDAY, event_time=("07:30", "09:00"),
            venue="Folkets hus, Överkalix",
            contact={"contact_name": "Näringslivskontoret", "contact_email": "naringsliv.overkalix@example.org"}),
        DemoListing(
            ListingKind.RESOURCE, "Konferensrum i Folkets hus",
            "Konferensrum för 20 personer med projektor, whiteboard och kaffebryggare. Kan bokas av företag och "
            "föreningar vardagar; nyckeln hämtas i receptionen.",
            Category.PREMISES, locality="Överkalix", price=Decimal("600"), price_unit="dag",
            windows=((1, 30), (31, 60)),
            bookings=(
                DemoBooking((OVERKALIX, 2), (9, "08:30"), (9, "12:00"), "Kundträff med gruvbolagets inköpare.",
                            confirmed=True),
                DemoBooking((OVERKALIX, 3), (16, "13:00"), (16, "16:00"),
                            "Workshop om webbshoppar med två andra butiker.", confirmed=False),
            ),
            contact={"contact_name": "Receptionen, Folkets hus", "contact_email": "naringsliv.overkalix@example.org"}),
        # Companies.
        DemoListing(
            ListingKind.OFFER, "Laddbox för elbil, installerad",
            "Vi installerar laddbox i villa, på gården eller vid företaget, inklusive material och anmälan till "
            "nätägaren. Fast pris inom Överkalix kommun.",
            Category.ENERGY, company=5, locality="Tallvik", sni=("43210",), price=Decimal("12900"), price_unit="st"),
        DemoListing(
            ListingKind.OFFER, "Hydraulikservice på plats i hela Norrbotten",
            "Servicebil med svets och hydraulikverkstad som kommer ut till gruvor, sågverk och entreprenörer.",
            Category.EQUIPMENT, company=2, locality="Överkalix", sni=("33120",), on_request=True),
        DemoListing(
            ListingKind.OFFER, "Budtransport av paket mellan byarna",
            "Vi tar med paket mellan Överkalix, Tallvik och Lansjärv på våra ordinarie turer, vardagar.",
            Category.TRANSPORT, company=4, locality="Överkalix", sni=("49320",), price=Decimal("180"),
            price_unit="paket"),
        DemoListing(
            ListingKind.REQUEST, "Vi söker en fotograf till produktbilder för webbshoppen",
            "Vi behöver nya bilder på cirka 80 plagg mot vit bakgrund, och några miljöbilder i Svartbyn. Helst i "
            "januari, före vårsäsongen.", Category.DIGITAL, company=3, locality="Svartbyn", sni=("74202",), days=60),
        DemoListing(
            ListingKind.REUSE, "Kyldisk 2,5 meter, fungerande",
            "Vi har bytt till en ny kyldisk med dörrar. Den gamla fungerar och står i lagret i Lansjärv.",
            Category.EQUIPMENT, company=1, locality="Lansjärv", on_request=True),
        DemoListing(
            ListingKind.REUSE, "Restlängder av stålbalk HEA 200",
            "Balkar i längder 1,5–4 meter, cirka 30 meter totalt. Kapas efter önskemål.",
            Category.MATERIALS, company=2, locality="Överkalix", price=Decimal("40"), price_unit="meter"),
    ),
    ASELE: (
        # The building-materials store's reuse hub.
        DemoListing(
            ListingKind.REUSE, "Lastpallar, 40 stycken",
            "EUR-pallar och engångspallar från våra leveranser. Gratis att hämta vid lagret, vardagar 07–16.",
            Category.MATERIALS, hub="reuse", locality="Åsele", days=60),
        DemoListing(
            ListingKind.REUSE, "Fönster 10 × 12 med karm, fyra stycken",
            "Tvåglasfönster med karm från en renovering, hela och med beslag. Passar förråd eller växthus.",
            Category.MATERIALS, hub="reuse", locality="Åsele", price=Decimal("200"), price_unit="st"),
        DemoListing(
            ListingKind.REUSE, "Restparti virke 45 × 95, cirka 60 löpmeter",
            "Hyvlat virke i olika längder som blev över från en beställning. Medlemmarna får första tjing.",
            Category.MATERIALS, hub="reuse", locality="Åsele", audience=Audience.MEMBERS, price=Decimal("10"),
            price_unit="meter", days=30),
        DemoListing(
            ListingKind.EVENT, "Återbruksträff: ta hand om byggspillet",
            "Vi visar hur vi sorterar byggspill i butiken och hur företag kan lämna och hämta material genom hubben. "
            "Korv och kaffe.", Category.MATERIALS, hub="reuse", locality="Åsele", event_days=12, weekday=TUESDAY,
            event_time=("17:00", "19:00"), venue="Åsele Järn & Bygg, lagret"),
        # The municipality's own.
        DemoListing(
            ListingKind.CALL, "Tryck av broschyren Företag i Åsele",
            "Kommunen ger ut en broschyr om företagen i Åsele och Fredrika. Vi söker ett tryckeri som trycker och "
            "levererar upplagan till kommunhuset i mars. Original levereras som tryckfärdig PDF.",
            Category.OTHER, locality="Åsele", sni=("18122",), call_status=CallStatus.OPEN, deadline_days=20,
            delivery_place="Kommunhuset, Kyrkvägen 4, Åsele",
            items=({"description": "Tryck av 2 000 exemplar, A5, 24 sidor, fyrfärg", "sni_code": "18122",
                    "cpv_code": "79810000-5", "quantity": Decimal("2000"), "unit": "ex",
                    "delivery_place": "Kommunhuset, Åsele"},),
            contact={"contact_name": "Näringslivsenheten", "contact_email": "naringsliv.asele@example.org"}),
        DemoListing(
            ListingKind.EVENT, "Frukostmöte: lokal upphandling för små företag",
            "Kommunens upphandlare berättar hur små företag kan svara på kommunens upphandlingar och vad som kommer "
            "att köpas under 2027. Alla företagare är välkomna.",
            Category.BUSINESS, locality="Åsele", event_days=7, weekday=THURSDAY, event_time=("07:30", "09:00"),
            venue="Kommunhuset, Åsele",
            contact={"contact_name": "Näringslivsenheten", "contact_email": "naringsliv.asele@example.org"}),
        # Companies.
        DemoListing(
            ListingKind.OFFER, "Gårdsslakt av nöt och lamm – vi kommer till gården",
            "Den mobila slaktenheten kommer till din gård. Vi slaktar, styckar och vakuumpackar; du får tillbaka "
            "köttet märkt och klart för frysen.", Category.FOOD, company=1, locality="Åsele", sni=("10111",),
            on_request=True),
        DemoListing(
            ListingKind.OFFER, "Köttlåda med nötkött, 10 kg",
            "Blandade styckdetaljer och färs från våra egna djur, vakuumpackat. Hämtas i gårdsbutiken.",
            Category.FOOD, company=4, locality="Långbäcken", sni=("01410",), price=Decimal("1450"),
            price_unit="låda"),
        DemoListing(
            ListingKind.OFFER, "Korrekturläsning och layout av trycksaker",
            "Vi läser korrektur och gör layout av broschyrer, menyer och böcker, och tar hand om kontakten med "
            "tryckeriet.", Category.BUSINESS, company=3, locality="Åsele", sni=("58110",), price=Decimal("650"),
            price_unit="timme"),
        DemoListing(
            ListingKind.REQUEST, "Vi söker transport av spannmål från Umeå hamn",
            "Vi behöver cirka 120 ton korn och havre körda från Umeå hamn till fabriken i Fredrika under februari. "
            "Bulkbil med tipp.", Category.TRANSPORT, company=2, locality="Fredrika", sni=("49410",), days=60),
        DemoListing(
            ListingKind.RESOURCE, "Byggställning, 60 m², att hyra",
            "Fasadställning med räcken och bomlag för cirka 60 m² fasad. Vi levererar inom Åsele kommun mot "
            "frakt; ställningen hämtas och lämnas vid butiken.",
            Category.EQUIPMENT, company=5, locality="Åsele", sni=("77320",), price=Decimal("900"),
            price_unit="vecka", windows=((1, 60),),
            bookings=(
                DemoBooking((ASELE, 4), (7, "07:00"), (13, "18:00"), "Vi ska måla ladugården.", confirmed=True),
                DemoBooking((ASELE, 2), (20, "07:00"), (22, "17:00"), "Byte av takfot på lagret.", confirmed=False),
            )),
        DemoListing(
            ListingKind.REUSE, "Mjölktank 2 000 liter",
            "Kyltank i rostfritt stål, fungerande, nedmonterad efter utbyggnaden. Passar mindre gård eller "
            "mejeri.", Category.EQUIPMENT, company=4, locality="Långbäcken", on_request=True),
    ),
}


# --- reading what exists (read-only) ----------------------------------------------------------------
def _company(ref: CompanyRef) -> Company | None:
    code, index = ref
    return Company.objects.filter(org_number=demo_org_number(code, index), status=Company.Status.PUBLISHED).first()


def _company_member(company: Company):
    """The company's first member: the demo owner directory.demo registered it with."""
    return CompanyMember.objects.filter(company=company).select_related("user").order_by("pk").first().user


def _municipality(code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code).first()


def _hub(spec: DemoHub) -> Hub | None:
    return Hub.objects.filter(name=spec.name).first()


def _hub_manager(spec: DemoHub):
    if spec.owner_platform is not None:
        return demo_user(spec.owner_platform.member)
    return _company_member(_company(spec.owner_company))


def _moderator(municipality: Municipality):
    return demo_user(f"moderator.{municipality.slug}@example.org")


# --- time --------------------------------------------------------------------------------------------
def _at(day: date, clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=STOCKHOLM)


def _day(days: int, weekday: int | None = None) -> date:
    day = timezone.localdate() + timedelta(days=days)
    if weekday is not None:
        day += timedelta(days=(weekday - day.weekday()) % 7)
    return day


# --- hubs --------------------------------------------------------------------------------------------
def _ensure_hub(spec: DemoHub, municipality: Municipality) -> Hub | None:
    """The hub (made the first time) or None when its owning company is missing."""
    if spec.owner_platform is not None:
        owner = spec.owner_platform
        platform_owner_create(name=owner.name, kind=owner.kind,
                              municipalities=list(Municipality.objects.filter(code__in=owner.granted)),
                              members=[demo_user(owner.member)])
    hub = _hub(spec)
    if hub is not None:
        return hub
    owner_company = _company(spec.owner_company) if spec.owner_company else None
    if spec.owner_company and owner_company is None:
        return None
    owner_platform = PlatformOwner.objects.get(name=spec.owner_platform.name) if spec.owner_platform else None
    return hub_services.hub_create(
        actor=_hub_manager(spec), municipality=municipality, name=spec.name, purpose=spec.purpose,
        description=spec.description, owner_platform=owner_platform, owner_company=owner_company,
        municipalities=list(Municipality.objects.filter(code__in=spec.spans)))


def _ensure_memberships(spec: DemoHub, hub: Hub) -> None:
    """Members the hub invited and who accepted, and one application waiting; each once its company exists."""
    for ref in spec.members:
        company = _company(ref)
        if company is None or HubMembership.objects.filter(hub=hub, company=company).exists():
            continue
        membership = hub_services.hub_invite(actor=_hub_manager(spec), hub=hub, company=company,
                                             message="Välkommen som medlem i hubben!")
        hub_services.hub_membership_accept_invitation(actor=_company_member(company), membership=membership)
    company = _company(spec.applicant)
    if company is not None and not HubMembership.objects.filter(hub=hub, company=company).exists():
        hub_services.hub_apply(actor=_company_member(company), hub=hub, company=company, message=spec.application)


# --- listings ----------------------------------------------------------------------------------------
def _owner(spec: DemoListing, municipality: Municipality):
    """(actor, company, hub) for the listing, or None when its owner does not exist (yet)."""
    if spec.hub:
        hub_spec = next(h for h in HUBS if h.key == spec.hub)
        hub = _hub(hub_spec)
        return (_hub_manager(hub_spec), None, hub) if hub is not None else None
    if spec.company is not None:
        company = _company((municipality.code, spec.company))
        return (_company_member(company), company, None) if company is not None else None
    return demo_user(f"redaktor.{municipality.slug}@example.org"), None, None


def _fields(spec: DemoListing, municipality: Municipality) -> dict:
    fields = {"title": spec.title, "description": spec.description, "category": spec.category,
              "sni_codes": list(spec.sni), "audience": spec.audience, **spec.contact}
    if spec.locality:
        fields["locality"] = Locality.objects.filter(municipality=municipality, name=spec.locality).first()
    if spec.price is not None or spec.on_request:
        fields.update(price_amount=spec.price, price_unit=spec.price_unit, price_on_request=spec.on_request)
    last_day = _day(spec.days)
    if spec.kind == ListingKind.CALL:
        deadline = _at(_day(spec.deadline_days), "12:00")
        fields.update(answer_deadline=deadline, delivery_place=spec.delivery_place,
                      call_status=CallStatus.PLANNED if spec.call_status == CallStatus.PLANNED else CallStatus.OPEN)
        last_day = deadline.date() + timedelta(days=30)
    if spec.kind == ListingKind.EVENT:
        day = _day(spec.event_days, spec.weekday)
        fields.update(starts_at=_at(day, spec.event_time[0]), ends_at=_at(day, spec.event_time[1]),
                      venue=spec.venue)
        last_day = day
    fields["expires_on"] = min(last_day, listing_services.latest_expiry(municipality))
    return fields


def _publish(listing: Listing, actor) -> Listing:
    """Submitted by its owner; where the office reviews first, approved by the office's moderator."""
    listing = listing_services.listing_submit(actor=actor, listing=listing)
    if listing.status == ListingStatus.PENDING:
        listing = listing_services.listing_approve(actor=_moderator(listing.municipality), listing=listing)
    return listing


def _add_bookings(spec: DemoListing, listing: Listing, actor) -> None:
    for first, last in spec.windows:
        booking_services.availability_window_add(actor=actor, listing=listing, starts_at=_at(_day(first), "07:00"),
                                                 ends_at=_at(_day(last), "20:00"))
    for demo in spec.bookings:
        company = _company(demo.requester)
        if company is None:
            continue
        booking = booking_services.booking_request(
            actor=_company_member(company), listing=listing, company=company, message=demo.message,
            starts_at=_at(_day(demo.start[0]), demo.start[1]), ends_at=_at(_day(demo.end[0]), demo.end[1]))
        if demo.confirmed:
            booking_services.booking_confirm(actor=actor, booking=booking)


def _ensure_listing(spec: DemoListing, home: Municipality) -> Listing | None:
    municipality = _municipality(spec.located_in) if spec.located_in else home
    if municipality is None:
        return None
    existing = Listing.objects.filter(municipality=municipality, title=spec.title).first()
    if existing is not None:
        return existing
    owner = _owner(spec, home)
    if owner is None:
        return None
    actor, company, hub = owner
    if spec.located_in:
        localities_ensure(municipality=municipality)  # a pilot whose own builder has not run yet
    listing = listing_services.listing_create(actor=actor, municipality=municipality, kind=spec.kind,
                                              company=company, hub=hub, items=list(spec.items),
                                              **_fields(spec, municipality))
    listing = _publish(listing, actor)
    if spec.call_status == CallStatus.CLOSED:
        listing = listing_services.call_set_status(actor=actor, listing=listing, status=CallStatus.CLOSED)
    _add_bookings(spec, listing, actor)
    for title, lines in spec.papers:
        listing_services.listing_add_attachment(actor=actor, listing=listing, title=title,
                                                upload=SimpleUploadedFile("underlag.pdf", _pdf(lines)))
    return listing


def _pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with the lines in Helvetica (ASCII only: the built-in font's encoding), for demo papers."""
    text = "\n".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -18 Td" for line in lines)
    stream = f"BT /F1 11 Tf 56 780 Td\n{text}\nET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def create_demo_data(*, municipality: Municipality, moderator=None) -> list[Listing]:
    """The pilot's hub, its listings and bookings, and every demo hub's memberships so far (idempotent)."""
    for spec in HUBS:
        if spec.home == municipality.code:
            _ensure_hub(spec, municipality)
    listings = [listing for listing in (_ensure_listing(spec, municipality) for spec in
                                        LISTINGS.get(municipality.code, ())) if listing is not None]
    for spec in HUBS:
        hub = _hub(spec)
        if hub is not None:
            _ensure_memberships(spec, hub)
    return listings
