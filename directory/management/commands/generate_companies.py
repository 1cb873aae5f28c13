"""Generate many invented, published and indexed companies for benchmarks (bench/search_bench.py).

    manage.py generate_companies --municipality arvidsjaur --count 100000 [--seed 1]

This is benchmark data, not a user action, so it deliberately bypasses the one-by-one services
(company_register / company_approve): those validate, write a revision, queue e-mails and
re-index each company after commit, which would take hours for 100k rows and measure the write
path instead of giving the read path its data. Here rows are bulk-created (the same derived
values the services set: normalised org number, size class from `services.size_class_for`,
slug unique within the municipality) and bulk-indexed through the search facade
(`search.registry.index_documents` with `directory.search.company_document`), one batch per
transaction. bulk_create sends no post_save/m2m_changed signals, so nothing is indexed twice.

Deterministic: one random stream per (seed, municipality), so the same arguments give the same
companies (publication dates are counted back from today), and a larger --count extends a
smaller run with the same first companies. Idempotent:
organisation numbers that exist already are skipped (rerunning creates nothing).

Everything is invented. Names, descriptions and products come from the word lists below, chosen
so a realistic share of companies answers common searches (at 100k: "snickare" 3.6 %, "taxi"
1.5 %, "bageri" 1.0 %, "skog" 5.2 %). Organisation numbers have a valid Luhn check digit (`stdnum.luhn`)
in the series 5UTNNNNNN (TU = a slot per municipality and seed, 60–99, so the third digit is 6–9,
away from the demo's 552 series). Phone numbers come from the ranges PTS reserves for fiction; e-mail and web addresses
use example.org. SNI codes are real level-5 codes from `directory.reference.sni_choices()`.
"""
import random
import time
from datetime import timedelta
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from directory.models import Company, CrisisResource, LegalForm, TurnoverBand, Visibility
from directory.reference import sni_choices
from directory.search import COMPANY_INDEX, company_document
from directory.services import localities_ensure, size_class_for
from municipalities.models import Municipality
from search.registry import index_documents

BATCH_SIZE = 1000
MAX_COUNT = 1_000_000  # six digits of serial number per (municipality, seed) slot

# (share in per mille, SNI codes, name words, description sentences, products).
# Sentences hold the words residents search for; "{place}" becomes one of the company's localities.
TRADES = [
    (35, ["43320", "16239"], ["Snickeri", "Bygg & Snickeri", "Snickar'n"], [
        "Vi är snickare som bygger om, renoverar och bygger nytt i {place} med omnejd.",
        "Erfarna snickare för altaner, kök, fönsterbyte och tillbyggnader.",
        "Snickeri med egen verkstad: trappor, dörrar och inredning på mått.",
    ], ["altaner", "köksrenovering", "fönsterbyte", "trappor", "inredning", "tillbyggnader"]),
    (30, ["41200", "43999", "43120"], ["Bygg", "Byggservice", "Mark & Bygg"], [
        "Byggfirma som tar hela entreprenaden, från grund till tak.",
        "Vi bygger villor, fritidshus och ekonomibyggnader i {place}.",
        "Mark- och grundarbeten, dränering och husgrunder. Vi har också snickare för stommen.",
    ], ["husbyggen", "grundarbeten", "dränering", "takläggning", "tillbyggnader"]),
    (10, ["10710", "47241"], ["Bageri", "Bageri & Konditori", "Hembageri"], [
        "Bageri med surdegsbröd, tunnbröd och bullar som bakas varje morgon.",
        "Vårt bageri levererar bröd till byarna runt {place} två dagar i veckan.",
        "Konditori och bageri: tårtor på beställning, kaffebröd och glutenfritt.",
    ], ["surdegsbröd", "tunnbröd", "tårtor", "kaffebröd", "catering"]),
    (15, ["49320", "49390"], ["Taxi", "Taxi & Transport", "Taxi & Buss"], [
        "Taxi dygnet runt i {place}, färdtjänst och sjukresor.",
        "Vi kör taxi, skolskjuts och beställningsresor i hela kommunen.",
        "Taxi med rullstolsbil och plats för skidor och cyklar.",
    ], ["taxi", "färdtjänst", "sjukresor", "skolskjuts", "flygplatstransfer"]),
    (100, ["02200", "02102", "02401", "02109"], ["Skog", "Skogsservice", "Skogsentreprenad"], [
        "Skogsentreprenad med skördare och skotare: gallring, slutavverkning och plantering.",
        "Vi hjälper skogsägare i {place} med skogsvård, röjning och virkesmätning.",
        "Skogsskötsel och skogsbruksplaner för privata skogsägare.",
    ], ["gallring", "röjning", "plantering", "avverkning", "skogsbruksplan", "ved"]),
    (60, ["01410", "01450", "01240"], ["Gård", "Lantbruk", "Gårdsbutik"], [
        "Familjegård med mjölkkor och gårdsbutik i {place}.",
        "Vi föder upp lamm och säljer kött i lådor direkt från gården.",
        "Lantbruk med vall och betesmark; vi säljer hö och ensilage.",
    ], ["nötkött", "lammkött", "mjölk", "hö", "ensilage", "ägg"]),
    (50, ["55202", "55201", "79900", "93199"], ["Stugby", "Fjällturism", "Guidning", "Äventyr"], [
        "Stugor att hyra vid sjön i {place}, året runt.",
        "Guidade turer på skoter, skidor och till fots; norrskensturer på vintern.",
        "Fiskeguidning och vildmarksturer med övernattning i kåta.",
    ], ["stuguthyrning", "skoterturer", "fiskeguidning", "norrskensturer", "vandring"]),
    (30, ["56100", "55101"], ["Restaurang", "Café", "Krog", "Gästgiveri"], [
        "Restaurang med husmanskost och dagens lunch i {place}.",
        "Café och servering med hembakat och lokala råvaror.",
        "Gästgiveri med rum, restaurang och konferens.",
    ], ["dagens lunch", "catering", "konferens", "fika", "à la carte"]),
    (20, ["43210"], ["El", "Elservice", "Elteknik"], [
        "Elinstallationer i hus, ladugårdar och fritidshus i {place}.",
        "Behörig elinstallatör; vi installerar laddboxar, solceller och reservkraft.",
    ], ["elinstallation", "laddboxar", "solceller", "reservkraft"]),
    (15, ["43221", "43222"], ["VVS", "Rör", "Värme & Sanitet"], [
        "VVS-firma för badrum, värmepumpar och vattenrör.",
        "Rörmokare med jour i {place}; vi byter värmepannor och installerar bergvärme.",
    ], ["badrumsrenovering", "värmepumpar", "bergvärme", "rörjour"]),
    (20, ["45201", "45320"], ["Bilverkstad", "Motor", "Bil & Maskin"], [
        "Bilverkstad med service, däckbyte och reparationer av alla märken.",
        "Vi reparerar bilar, skotrar och fyrhjulingar i {place}.",
    ], ["bilservice", "däckbyte", "skoterreparation", "reservdelar"]),
    (30, ["49410", "43120"], ["Åkeri", "Transport", "Entreprenad"], [
        "Åkeri med timmerbil, grusbil och snöröjning vintertid.",
        "Godstransporter i Norrland och snöröjning i {place}.",
    ], ["timmertransporter", "grus", "snöröjning", "maskinuthyrning"]),
    (10, ["47111", "47300"], ["Livs", "Lanthandel", "Handel"], [
        "Byns affär med livsmedel, paketombud och drivmedel.",
        "Lanthandel i {place} med post, apoteksombud och tips.",
    ], ["livsmedel", "drivmedel", "paketombud", "apoteksombud"]),
    (20, ["96021", "96022"], ["Frisör", "Hårstudio", "Skönhet"], [
        "Frisörsalong för dam, herr och barn i {place}.",
        "Hårvård, fotvård och hudvård; boka tid på telefon.",
    ], ["klippning", "färgning", "fotvård", "hudvård"]),
    (40, ["69201", "71121", "73111"], ["Redovisning", "Ekonomi", "Konsult"], [
        "Redovisningsbyrå för småföretag: bokföring, löner och deklarationer.",
        "Konsulter inom bygg och teknik med kontor i {place}.",
    ], ["bokföring", "lönehantering", "deklarationer", "rådgivning"]),
    (30, ["62010", "73111"], ["IT", "Data", "Webb", "Digital"], [
        "Vi bygger webbplatser och appar åt företag i Norrland.",
        "IT-support och nätverk för småföretag och föreningar i {place}.",
    ], ["webbplatser", "IT-support", "appar", "nätverk"]),
    (20, ["81210", "81300"], ["Städ", "Fastighetsservice", "Trädgård"], [
        "Städfirma för kontor, trapphus och hemstäd med RUT-avdrag.",
        "Fastighetsskötsel, gräsklippning och snöskottning i {place}.",
    ], ["hemstäd", "kontorsstäd", "gräsklippning", "snöskottning"]),
    (20, ["03120", "10200"], ["Fiske", "Fisk & Vilt"], [
        "Insjöfiske och försäljning av rökt fisk från {place}.",
        "Vi fiskar sik och röding och röker fisken själva.",
    ], ["rökt fisk", "sik", "röding", "fisketurer"]),
    (20, ["90030", "74201", "16292"], ["Hantverk", "Design", "Konst & Slöjd"], [
        "Slöjd och hantverk i trä, näver och horn.",
        "Fotograf och formgivare med ateljé i {place}.",
    ], ["slöjd", "porträtt", "formgivning", "knivar"]),
    (15, ["16101", "16102"], ["Såg", "Sågverk", "Trä"], [
        "Sågverk med hyvleri; vi sågar virke på beställning.",
        "Vi köper timmer och säljer virke och ved i {place}.",
    ], ["virke", "hyvlat virke", "ved", "legosågning"]),
]
GENERIC_SENTENCES = [
    "Vi verkar i {place} och hela {municipality}.",
    "Familjeföretag sedan {year}.",
    "Vi har F-skatt och ansvarsförsäkring.",
    "Kontakta oss för offert.",
    "Lokalt ägt och drivet.",
    "Vi tar uppdrag i hela länet.",
    "Ring eller mejla oss, vi svarar samma dag.",
    "Vi samarbetar med andra företag i {place}.",
]
SURNAMES = ["Lindqvist", "Nilsson", "Lundberg", "Öhman", "Berglund", "Sandström", "Holmgren", "Wikström",
            "Eriksson", "Johansson", "Pettersson", "Lind", "Nordin", "Forsberg", "Åström", "Burman", "Marklund",
            "Isaksson", "Mattsson", "Hedman", "Lundmark", "Strömberg", "Sjöberg", "Viklund", "Nyström"]
NAME_PREFIXES = ["Norrlands", "Lapplands", "Älvdalens", "Fjällets", "Skogslandets", "Polarcirkelns", "Norrskens",
                 "Myrlandets", "Tjärnens", "Vildmarkens", "Inlandets", "Älvens"]
STREETS = ["Storgatan", "Skolgatan", "Järnvägsgatan", "Byvägen", "Kyrkvägen", "Industrivägen", "Älvvägen",
           "Sågverksvägen", "Skogsvägen", "Åvägen", "Sjövägen", "Fjällvägen"]
# Ranges PTS reserves for fiction (numbers that never reach a real subscriber): prefix, first, last.
FICTION_PHONES = [("070-174 06 {:02d}", 5, 99), ("08-465 004 {:02d}", 0, 99), ("031-390 06 {:02d}", 0, 99),
                  ("040-628 04 {:02d}", 0, 99), ("0980-319 2{:02d}", 0, 99)]
LEGAL_FORMS = [(LegalForm.AB, 55), (LegalForm.EF, 30), (LegalForm.HB, 6), (LegalForm.KB, 2), (LegalForm.EK, 4),
               (LegalForm.IF, 3)]
LEGAL_SUFFIX = {LegalForm.AB: " AB", LegalForm.HB: " HB", LegalForm.KB: " KB", LegalForm.EK: " ekonomisk förening",
                LegalForm.IF: " ideell förening"}
MINORITY_LANGUAGES = {"se", "fi", "fit"}


class Draft(NamedTuple):
    """An unsaved company, its localities, and whether it gets an e-mail address and a website
    (filled in once its slug is known)."""

    company: Company
    places: list
    email: bool
    website: bool


def org_number_for(slot: int, serial: int) -> str:
    # The slot's digits swapped: its tens (6-9) become the third digit, which is 2 or more in every
    # legal entity's number (0 or 1 would make it a personnummer).
    body = f"5{slot % 10}{slot // 10}{serial:06d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def slot_for(municipality: Municipality, seed: int) -> int:
    """60–99: the pilot municipalities land in different slots for the same seed."""
    code = municipality.code
    return 60 + (int(code) + 7 * seed) % 40 if code.isascii() and code.isdigit() else 60 + seed % 40


class SlugAllocator:
    """Slugs unique within one municipality, like services._unique_slug ("name", "name-2", ...),
    without a query per company: the municipality's existing slugs are loaded once."""

    def __init__(self, existing):
        self.taken = set(existing)
        self.next_suffix: dict[str, int] = {}

    def allocate(self, name: str) -> str:
        base = slugify(name)[:100] or "foretag"
        slug, n = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.next_suffix[base] = n
        self.taken.add(slug)
        return slug


class CompanyGenerator:
    """One deterministic stream of invented companies for one municipality."""

    def __init__(self, *, municipality: Municipality, seed: int, localities: list):
        self.municipality = municipality
        self.localities = localities
        self.rng = random.Random(f"{seed}:{municipality.code}")
        self.slot = slot_for(municipality, seed)
        valid = {code for code, _label in sni_choices()}
        missing = {code for t in TRADES for code in t[1]} - valid
        if missing:
            raise CommandError(f"word list names SNI codes that are not level-5 codes: {sorted(missing)}")
        self.trades = TRADES
        self.all_sni = sorted(valid)
        self.trade_weights = [t[0] for t in self.trades]
        self.generic_share = 1000 - sum(self.trade_weights)  # the long tail over every SNI code
        self.languages = ["sv"] + [lang for lang in municipality.minority_languages if lang in MINORITY_LANGUAGES]
        self.now = timezone.now()

    def company(self, serial: int) -> Draft:
        """The serial-th company. Every serial is drawn whether or not it is then skipped, so the
        stream never depends on what the database already holds."""
        rng = self.rng
        places = rng.sample(self.localities, k=min(len(self.localities), rng.choice([1, 1, 1, 2, 2, 3])))
        place = places[0]
        pick = rng.randrange(1000)
        if pick < self.generic_share:
            sni = rng.choice(self.all_sni)
            trade_word = rng.choice(["Service", "Produktion", "Konsult", "Handel", "Teknik", "Tjänster"])
            sentences = [rng.choice(GENERIC_SENTENCES), rng.choice(GENERIC_SENTENCES)]
            products = ""
        else:
            _share, codes, names, trade_sentences, trade_products = rng.choices(self.trades, self.trade_weights)[0]
            sni = rng.choice(codes)
            trade_word = rng.choice(names)
            sentences = [rng.choice(trade_sentences), rng.choice(GENERIC_SENTENCES)]
            products = ", ".join(rng.sample(trade_products, k=min(len(trade_products), rng.randint(2, 4))))
        legal_form = rng.choices([f for f, _w in LEGAL_FORMS], [w for _f, w in LEGAL_FORMS])[0]
        style = rng.randrange(3)
        if style == 0:
            base = f"{rng.choice(SURNAMES)}s {trade_word}"
        elif style == 1:
            base = f"{place.name} {trade_word}"
        else:
            base = f"{rng.choice(NAME_PREFIXES)} {trade_word}"
        legal_name = base + LEGAL_SUFFIX.get(legal_form, "")
        year = rng.randint(1950, 2025)
        description = " ".join(s.format(place=place.name, municipality=self.municipality.name, year=year)
                               for s in sentences)
        employees = self._employees(rng)
        turnover = self._turnover(rng, employees)
        pattern, first, last = rng.choice(FICTION_PHONES)
        phone = pattern.format(rng.randint(first, last))
        crisis = rng.sample([c for c, _l in CrisisResource.choices], k=rng.choice([1, 2])) if rng.random() < 0.1 else []
        located = rng.random() < 0.7
        published = self.now - timedelta(days=rng.randint(0, 900))
        company = Company(
            municipality=self.municipality,
            org_number=org_number_for(self.slot, serial),
            legal_name=legal_name,
            trading_name=base if legal_form != LegalForm.EF and rng.random() < 0.2 else "",
            legal_form=legal_form,
            primary_sni=sni,
            secondary_sni=[rng.choice(self.all_sni)] if rng.random() < 0.15 else [],
            employees=employees,
            turnover_band=turnover,
            size_class=size_class_for(employees, turnover),
            street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
            postal_code=f"9{rng.randint(10, 99)} {rng.randint(10, 99)}",
            postal_town=place.name,
            latitude=round(place.latitude + rng.uniform(-0.03, 0.03), 5) if located else None,
            longitude=round(place.longitude + rng.uniform(-0.06, 0.06), 5) if located else None,
            phone=phone,
            opening_hours="Mån–fre 7–16" if rng.random() < 0.3 else "",
            description=description,
            products_services=products,
            languages=self.languages[: rng.randint(1, len(self.languages))],
            woman_led=rng.choice([True, False, None]),
            founded_year=year,
            crisis_resources=crisis,
            crisis_visibility=Visibility.PUBLIC if crisis and rng.random() < 0.3 else Visibility.MUNICIPALITY,
            status=Company.Status.PUBLISHED,
            published_at=published,
            confirmed_at=published,
            verified_at=published if rng.random() < 0.2 else None,
        )
        return Draft(company, places, email=rng.random() < 0.7, website=rng.random() < 0.4)

    @staticmethod
    def _employees(rng: random.Random) -> int | None:
        roll = rng.random()
        if roll < 0.05:
            return None
        if roll < 0.65:
            return rng.randint(0, 1)
        if roll < 0.90:
            return rng.randint(2, 9)
        if roll < 0.98:
            return rng.randint(10, 49)
        if roll < 0.995:
            return rng.randint(50, 249)
        return rng.randint(250, 900)

    @staticmethod
    def _turnover(rng: random.Random, employees: int | None) -> str:
        if employees is None:
            return rng.choice(["", TurnoverBand.UP_TO_2M])
        if employees < 10:
            return TurnoverBand.UP_TO_2M if rng.random() < 0.95 else TurnoverBand.UP_TO_10M
        if employees < 50:
            return rng.choice([TurnoverBand.UP_TO_2M, TurnoverBand.UP_TO_10M, TurnoverBand.UP_TO_10M])
        if employees < 250:
            return rng.choice([TurnoverBand.UP_TO_10M, TurnoverBand.UP_TO_50M])
        return rng.choice([TurnoverBand.UP_TO_50M, TurnoverBand.OVER_50M])


class Command(BaseCommand):
    help = ("Skapar påhittade, publicerade och indexerade företag för prestandamätningar "
            "(bench/). Deterministiskt för samma --seed; befintliga organisationsnummer hoppas över.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="the municipality's slug, e.g. arvidsjaur")
        parser.add_argument("--count", type=int, required=True, help=f"how many companies (at most {MAX_COUNT})")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, municipality, count, seed, verbosity, **options):
        if not 0 < count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT}")
        target = Municipality.objects.filter(slug=municipality).first()
        if target is None:
            raise CommandError(f"no municipality with slug {municipality!r} (run seed_demo first?)")
        localities = localities_ensure(municipality=target)
        if not localities:
            raise CommandError(f"{target.name} has no localities in the reference list")
        generator = CompanyGenerator(municipality=target, seed=seed, localities=localities)
        slugs = SlugAllocator(Company.objects.filter(municipality=target).values_list("slug", flat=True))
        started = time.perf_counter()
        created = skipped = 0
        for start in range(0, count, BATCH_SIZE):
            batch = [generator.company(serial) for serial in range(start, min(count, start + BATCH_SIZE))]
            made = self._write_batch(batch, slugs)
            created += made
            skipped += len(batch) - made
            if verbosity >= 2 or (verbosity >= 1 and (start // BATCH_SIZE) % 10 == 9):
                self.stdout.write(f"{start + len(batch)}/{count} ({time.perf_counter() - started:.0f} s)")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"{target.name}: {created} companies created and indexed, {skipped} already there "
            f"(seed {seed}, {elapsed:.1f} s, {created / elapsed if elapsed else 0:.0f}/s)."))

    def _write_batch(self, batch: list[Draft], slugs: "SlugAllocator") -> int:
        numbers = [draft.company.org_number for draft in batch]
        existing = set(Company.objects.filter(org_number__in=numbers).values_list("org_number", flat=True))
        new = [draft for draft in batch if draft.company.org_number not in existing]
        if not new:
            return 0
        for company, _places, email, website in new:
            company.slug = slugs.allocate(company.trading_name or company.legal_name)
            company.email = f"info@{company.slug}.example.org" if email else ""
            company.website = f"https://{company.slug}.example.org/" if website else ""
        Through = Company.localities.through
        with transaction.atomic():
            companies = Company.objects.bulk_create([draft.company for draft in new])
            Through.objects.bulk_create([
                Through(company_id=company.pk, locality_id=place.pk)
                for company, draft in zip(companies, new, strict=True) for place in draft.places
            ])
        # Indexed after commit, as the facade asks; `reconcile_search_index` repairs a crash in between.
        fresh = (Company.objects.filter(pk__in=[c.pk for c in companies]).select_related("municipality")
                 .prefetch_related("localities").order_by("pk"))
        index_documents(COMPANY_INDEX.name, [company_document(company) for company in fresh])
        return len(companies)
