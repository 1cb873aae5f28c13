"""Demo data for the three pilot municipalities, built through the same services the app uses.

All text is written for the demo; phone numbers are from the range PTS reserves for
fiction (070-174 06 05 – 070-174 06 99) and e-mail addresses use example.org.
"""
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test.utils import override_settings
from wagtail.rich_text import RichText

from municipalities.models import ContentPage, Municipality, NewsArticlePage, PlatformOwner, Role
from municipalities.services import membership_grant, municipality_create, news_index_ensure, platform_owner_create

# Development only (README prints it): an installation reachable by others gets random passwords.
DEMO_PASSWORD = "demo-losenord-2026"  # nosec B105 # documented for development; never set under production settings

# Apps above this one (directory, sot_points ...) add their demo content per municipality here,
# so seed_demo builds everything without this app importing them.
DemoBuilder = Callable[..., object]
_demo_builders: dict[str, tuple[DemoBuilder, tuple[str, ...]]] = {}


def register_demo_builder(name: str, builder: DemoBuilder, *, after: tuple[str, ...] = ()) -> None:
    """builder(*, municipality, moderator) -> anything; must be idempotent. It runs after the builders named
    in `after` (whose content it builds on), whatever order the apps happen to register in."""
    _demo_builders.setdefault(name, (builder, tuple(after)))


def demo_builders_in_order() -> list[tuple[str, DemoBuilder]]:
    """Each builder after those it names in `after`, otherwise in the order registered. A name no app registered,
    or builders waiting for each other, is a mistake in an app's ready(): refused before anything is built."""
    waiting = dict(_demo_builders)
    for name, (_builder, after) in waiting.items():
        if missing := [dependency for dependency in after if dependency not in waiting]:
            raise ImproperlyConfigured(f"Demo builder {name!r} runs after {missing}, which no app registered.")
    ordered = []
    while waiting:
        name = next((name for name, (_b, after) in waiting.items() if not set(after) & waiting.keys()), None)
        if name is None:
            raise ImproperlyConfigured(f"Demo builders wait for each other: {sorted(waiting)}.")
        ordered.append((name, waiting.pop(name)[0]))
    return ordered


@dataclass(frozen=True)
class PilotSpec:
    code: str
    slug: str
    preset: str
    office_name: str
    office_phone: str
    office_address: str
    intro: str
    minority_languages: list[str] = field(default_factory=list)
    pages: tuple[tuple[str, str, str, str], ...] = ()  # slug, title, intro, body
    news: tuple["DemoNews", ...] = ()


@dataclass(frozen=True)
class DemoNews:
    slug: str
    title: str
    date: str  # ISO date
    summary: str
    paragraphs: tuple[str, ...]
    contact: tuple[str, str, str] | None = None  # name, role, phone (the office's e-mail is added)


PILOTS = [
    PilotSpec(
        code="2505", slug="arvidsjaur", preset="fjall",
        office_name="Näringslivskontoret i Arvidsjaur", office_phone="070-174 06 11",
        office_address="Storgatan 10, 933 31 Arvidsjaur",
        intro="Här hittar du företag, service och stöd i Arvidsjaur – från Moskosel till Glommersträsk.",
        minority_languages=["se"],
        pages=(
            ("om-naringslivskontoret", "Om näringslivskontoret",
             "Vi hjälper dig som driver eller vill starta företag i Arvidsjaur.",
             "Ring oss för rådgivning, kontakter med finansiärer eller ett besök på din arbetsplats. Vi "
             "känner företagen från Moskosel till Glommersträsk och vet vem som kan vad."),
            ("starta-foretag", "Starta företag",
             "Funderar du på att starta eget? Vi hjälper dig från idé till första faktura.",
             "Boka ett samtal med oss så går vi igenom affärsidé, tillstånd och vilka stöd som finns att "
             "söka. Nyföretagarcentrum ger dessutom kostnadsfri rådgivning en dag i månaden i kommunhuset."),
        ),
        news=(
            DemoNews(
                "biltestsasongen-2027", "Biltestsäsongen närmar sig – hyr ut din lokal eller stuga",
                "2026-11-18",
                "Testförarna och ingenjörerna kommer tillbaka i december. Har du ett boende, en varmgarage- "
                "eller verkstadsplats att hyra ut vill vi gärna veta det.",
                ("Varje vinter kommer flera hundra personer till Arvidsjaur för att prova bilar på is och snö. "
                 "Biltestföretagen frågar redan nu efter boenden nära sjöarna och efter uppvärmda lokaler för "
                 "service av testbilarna.",
                 "Näringslivskontoret samlar en lista som vi skickar till testföretagen före jul. Berätta vad "
                 "du har, hur många det rymmer och när det är ledigt, så hör vi av oss."),
                ("Maria Nilsson", "Näringslivsutvecklare, besöksnäring", "070-174 06 12"),
            ),
            DemoNews(
                "natverk-glommerstrask", "Nytt företagarnätverk i Glommersträsk",
                "2026-10-29",
                "Företagarna i Glommersträsk och Moskosel träffas på bygdegården för att planera gemensamma "
                "inköp och transporter.",
                ("Långa avstånd gör frakt och material dyrt för den som driver företag i byarna. Därför startar "
                 "ett nätverk där företagen kan samordna leveranser och dela på maskiner.",
                 "Första träffen hålls i Glommersträsk bygdegård den 14 januari klockan 18. Kaffe och smörgås "
                 "bjuder kommunen på. Alla som driver eller funderar på att starta företag är välkomna."),
            ),
        ),
    ),
    PilotSpec(
        code="2463", slug="asele", preset="skog",
        office_name="Näringslivsenheten i Åsele", office_phone="070-174 06 22",
        office_address="Kyrkvägen 4, 919 32 Åsele",
        intro="Företag och service i Åsele, Fredrika och byarna runt omkring.",
        pages=(
            ("om-naringslivsenheten", "Om näringslivsenheten",
             "Näringslivsenheten är din väg in till kommunen när det gäller företagande.",
             "Vi svarar på frågor om lokaler, tillstånd, upphandling och nätverk, och vi besöker gärna ditt "
             "företag i Åsele, Fredrika eller någon av byarna."),
            ("frukostmoten", "Frukostmöten",
             "Varannan torsdag bjuder vi in till frukostmöte med ett aktuellt tema.",
             "Mötena börjar klockan 7.30 i kommunhusets matsal och slutar i god tid före arbetsdagen. Teman "
             "under våren är bland annat offentlig upphandling, energikostnader och att anställa sin första "
             "medarbetare. Alla företagare är välkomna."),
        ),
        news=(
            DemoNews(
                "asele-marknad-2027", "Anmälan till Åsele marknad 2027 är öppen",
                "2026-11-25",
                "Vill du sälja, visa upp ditt företag eller servera mat under marknadsdagarna i juli? Nu kan "
                "du anmäla dig som utställare.",
                ("Åsele marknad samlar tusentals besökare varje sommar och är för många lokala företag årets "
                 "viktigaste försäljningstillfälle. Platserna på torget fördelas i den ordning anmälningarna "
                 "kommer in.",
                 "Företag från Åsele kommun betalar halva platsavgiften. Sista dag att anmäla sig är den 31 mars."),
                ("Erik Sandström", "Marknadsansvarig", "070-174 06 23"),
            ),
            DemoNews(
                "lokaler-fredrika", "Kommunen söker hyresgäster till lokaler i Fredrika",
                "2026-11-04",
                "Den gamla affärslokalen vid Fredrika skola står tom sedan i våras. Kommunen vill hyra ut den "
                "till en verksamhet som gör nytta för byn.",
                ("Lokalen är på 140 kvadratmeter, har egen entré och lastplats och värms med bergvärme. Den "
                 "passar för butik, café, hantverk eller kontor.",
                 "Hyran sätts lågt de första två åren för den som startar något nytt. Berätta om din idé för "
                 "näringslivsenheten före den 15 januari."),
            ),
        ),
    ),
    PilotSpec(
        code="2513", slug="overkalix", preset="alv",
        office_name="Näringslivskontoret i Överkalix", office_phone="070-174 06 33",
        office_address="Centrumvägen 2, 956 31 Överkalix",
        intro="Hitta företag, service och trygghetspunkter i Överkalix – från Lansjärv till Svartbyn.",
        minority_languages=["fi", "fit"],
        pages=(
            ("om-naringslivskontoret", "Om näringslivskontoret",
             "Vi stöttar företagen i Överkalix med rådgivning, kompetensförsörjning och kontakter i regionen.",
             "Vi arbetar nära Region Norrbotten, Almi och lärcentrum, så att du som företagare bara behöver "
             "ringa ett nummer för att komma rätt."),
            ("kompetensforsorjning", "Kompetensförsörjning",
             "Berätta vilken kompetens ditt företag behöver.",
             "Vi hjälper till att hitta utbildning, praktikanter eller ett företag som kan dela med sig av "
             "sina erfarenheter. Ofta löses ett behov snabbast av ett samtal med någon som redan har gjort det."),
        ),
        news=(
            DemoNews(
                "lansjarv-sot-punkt", "Lanthandeln i Lansjärv blir service- och trygghetspunkt",
                "2026-11-20",
                "Med reservkraft på plats kan butiken hålla öppet även vid ett längre strömavbrott och hjälpa "
                "byborna med värme, vatten och information.",
                ("Efter stormarna de senaste vintrarna har kommunen och butiken kommit överens om att Lansjärv "
                 "ska ha en fast punkt dit man kan gå när el och telefoni slutar fungera.",
                 "Butiken har fått ett reservaggregat och en radio för kontakt med kommunens krisledning. Under "
                 "en störning visas punktens läge här på webbplatsen."),
            ),
            DemoNews(
                "korta-kurser-larcentrum", "Korta kurser för företag på lärcentrum i vinter",
                "2026-10-15",
                "Lärcentrum i Överkalix erbjuder kvällskurser i bokföring, digital marknadsföring och "
                "arbetsmiljö för små företag.",
                ("Kurserna är framtagna efter de behov som företagen berättade om vid höstens företagsbesök. "
                 "Varje kurs är tre kvällar och kan följas på plats eller på distans.",
                 "Kurserna är kostnadsfria för företag i kommunen tack vare stöd från regionen. Anmäl dig till "
                 "lärcentrum senast en vecka före kursstart."),
                ("Aino Keskitalo", "Studie- och yrkesvägledare, lärcentrum", "070-174 06 34"),
            ),
        ),
    ),
]


@dataclass
class DemoAccounts:
    """How the demo's accounts get their passwords.

    By default the one README documents, for a developer's machine. With random_passwords (a demo
    installation others can reach) each new account gets its own, and an account still holding the
    documented one (seeded earlier) gets a new one: `issued` keeps them so the caller can show them once.
    """

    random_passwords: bool = False
    issued: dict[str, str] = field(default_factory=dict)
    _documented_hash: str | None = field(default=None, init=False, repr=False)

    def ensure(self, email: str, *, superuser: bool = False):
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if superuser else User.objects.create_user
            if self.random_passwords:
                user = create(email=email, password=self._password_for(email))
            else:
                user = create(email=email, password=None)
                user.password = self._documented_password_hash()
                user.save(update_fields=["password"])
        elif self.random_passwords and user.check_password(DEMO_PASSWORD):
            user.set_password(self._password_for(email))
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _documented_password_hash(self) -> str:
        # One hash for every account holding the documented password: hashing is slow on purpose
        # (about 0.4 s each), and the seed's ~36 accounts spent most of `make run`'s seeding on it.
        # A shared salt reveals nothing here: the password itself is in README.
        if self._documented_hash is None:
            self._documented_hash = make_password(DEMO_PASSWORD)
        return self._documented_hash

    def _password_for(self, email: str) -> str:
        if not self.random_passwords:
            return DEMO_PASSWORD
        self.issued[email] = secrets.token_urlsafe(18)
        return self.issued[email]


_accounts: ContextVar[DemoAccounts] = ContextVar("demo_accounts")


def demo_user(email: str, *, superuser: bool = False):
    """The demo account with this e-mail address (verified), created with the current seed's password policy.

    The apps' demo builders call this for company members and SOT hosts, so every demo account
    follows the policy seed_demo chose.
    """
    return _accounts.get(DemoAccounts()).ensure(email, superuser=superuser)


def _point_site_at(site, hostname: str, port: int) -> None:
    """`make run PORT=...` after an earlier seed: the sites must answer on the new port."""
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()


def _ensure_pilot(spec: PilotSpec, base_domain: str, port: int) -> Municipality:
    municipality = Municipality.objects.filter(code=spec.code).first()
    if municipality is None:
        municipality = municipality_create(
            code=spec.code, slug=spec.slug, hostname=f"{spec.slug}.{base_domain}", port=port, preset=spec.preset,
            office_name=spec.office_name, office_phone=spec.office_phone, office_address=spec.office_address,
            office_email=f"naringsliv.{spec.slug}@example.org", office_website=f"https://{spec.slug}.example.org/",
            minority_languages=spec.minority_languages,
        )
    _point_site_at(municipality.site, f"{spec.slug}.{base_domain}", port)
    home = municipality.site.root_page.specific
    if not home.intro:
        home.intro = f"<p>{spec.intro}</p>"
        home.save_revision().publish()
    for slug, title, intro, body in spec.pages:
        if not home.get_children().filter(slug=slug).exists():
            page = ContentPage(title=title, slug=slug, show_in_menus=True, intro=f"<p>{intro}</p>",
                               body=[("paragraph", RichText(f"<p>{body}</p>"))])
            home.add_child(instance=page)
            page.save_revision().publish()
    _ensure_news(spec, municipality)
    return municipality


def _ensure_news(spec: PilotSpec, municipality: Municipality) -> None:
    index = news_index_ensure(municipality=municipality)
    for news in spec.news:
        if index.get_children().filter(slug=news.slug).exists():
            continue
        body = [("paragraph", RichText(f"<p>{paragraph}</p>")) for paragraph in news.paragraphs]
        if news.contact:
            name, role, phone = news.contact
            body.append(("contact", {"name": name, "role": role, "phone": phone,
                                     "email": municipality.office_email}))
        article = NewsArticlePage(title=news.title, slug=news.slug, date=date.fromisoformat(news.date),
                                  summary=news.summary, body=body)
        index.add_child(instance=article)
        article.save_revision().publish()


def create_demo_data(
    *, base_domain: str = "localhost", port: int = 80, accounts: DemoAccounts | None = None
) -> dict[str, Municipality]:
    """Build (or bring up to date) the pilots, their staff and the apps' demo content.

    No e-mail leaves while seeding: the services it calls notify offices and company members after
    commit, and on a real installation that was dozens of messages to invented addresses through the
    production mail server. The backend is switched around the whole transaction, so the callbacks
    that run at its commit are inside it too.
    """
    token = _accounts.set(accounts or DemoAccounts())
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return _create_demo_data(base_domain=base_domain, port=port)
    finally:
        _accounts.reset(token)


@transaction.atomic
def _create_demo_data(*, base_domain: str, port: int) -> dict[str, Municipality]:
    from municipalities.landing import ensure_landing_site

    ensure_landing_site(hostname=base_domain, port=port)
    pilots = {spec.slug: _ensure_pilot(spec, base_domain, port) for spec in PILOTS}
    demo_user("admin@example.org", superuser=True)
    builders = demo_builders_in_order()
    for slug, municipality in pilots.items():
        membership_grant(municipality=municipality, user=demo_user(f"redaktor.{slug}@example.org"), role=Role.EDITOR)
        moderator = demo_user(f"moderator.{slug}@example.org")
        membership_grant(municipality=municipality, user=moderator, role=Role.MODERATOR)
        for _name, builder in builders:
            builder(municipality=municipality, moderator=moderator)
    region_member = demo_user("region.norrbotten@example.org")
    if not PlatformOwner.objects.filter(name="Region Norrbotten").exists():
        platform_owner_create(
            name="Region Norrbotten", kind=PlatformOwner.Kind.REGION,
            municipalities=[pilots["arvidsjaur"], pilots["overkalix"]], members=[region_member],
        )
    return pilots
