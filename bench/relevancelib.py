"""The Swedish relevance set of the search layer: a generated company directory whose words are
known, the judgments derived from where the generator put them, and the scores.

Pure Python (no Django): `bench/relevance_bench.py` and `tests/search/test_relevance_set.py` both
import it.

How a judgment is derived (the whole rule, so it can be reviewed):

* Every vocabulary item below is "text | concept concept ...". A company is tagged with the
  concepts of the items the generator put into it: grade 3 when the item is in its name or its
  lead sentence (what the company *is*), grade 2 when it is in its second sentence or its products
  (something it *also* does). Its SNI codes tag it "sni:<code>" (primary 3, secondary 2).
* A query in bench/relevance/queries.json names `concepts` (a company gets its tag's grade; a
  query for a trade also names the trade's SNI codes, so a company with one as its secondary code
  is relevant too),
  optionally `partial` concepts (grade 1, "partly what was asked"), and `demo` judgments of the
  companies `seed_demo` puts in the directory (directory/demo.py and the extra companies of
  competence/demo_maturity.py) by legal name, judged by hand.
* Empty-answer queries name no concepts: no generated or demo company may answer them.

Metrics (per query, then averaged per class): nDCG@10 with gain 2^grade - 1; recall@10 =
relevant (grade >= 2) companies in the top 10 / min(10, relevant companies); for empty-answer
queries, whether the answer stays empty (total 0).
"""
from __future__ import annotations

import csv
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUERIES_FILE = HERE / "relevance" / "queries.json"
SNI_FILE = REPO / "directory" / "data" / "sni2007.csv"
LOCALITIES_FILE = REPO / "directory" / "data" / "localities.csv"

DEFAULT_COMPANIES = 10_000
DEFAULT_SEED = 12
CLASSES = ("word", "inflection", "compound_part", "compound_query", "typo", "synonym", "sni_name", "empty")
MUNICIPALITIES = {"arvidsjaur": "2505", "asele": "2463", "overkalix": "2513"}
# Serial % 10 -> municipality: four in ten companies in Arvidsjaur, three in Åsele and Överkalix.
MUNICIPALITY_BY_DIGIT = ["2505"] * 4 + ["2463"] * 3 + ["2513"] * 3
K = 10


@dataclass(frozen=True)
class Trade:
    """share: weight among trades; names: name words ("{P}" becomes a prefix, making a compound);
    lead: one is every company's first sentence; extra: one is its second; products: 1-3 chosen."""

    key: str
    share: int
    sni: tuple[str, ...]
    names: tuple[str, ...]
    lead: tuple[str, ...]
    extra: tuple[str, ...]
    products: tuple[str, ...]


def T(key, share, sni, names, lead, extra, products) -> Trade:  # noqa: N802 - reads like a table row
    return Trade(key, share, tuple(sni.split()), tuple(names), tuple(lead), tuple(extra), tuple(products))


# Word choices keep each query class honest (tests/search/test_relevance_set.py checks them):
# a compound-part query's word never stands alone in its companies (bageri only in Fjällbageriet),
# a compound query's compound never appears (kycklingfoder only as "foder till kycklingar"), a
# synonym never appears (no company of the VVS trade says rörmokare), empty-answer trades nowhere.
TRADES = [
    T("bageri", 8, "10710", ["{P}bageriet | bageri", "Hembageri | bageri", "Stenugnsbageri | bageri"], [
        "Surdegsbröd, tunnbröd och bullar bakade varje morgon. | brod bullar tunnbrod",
        "Vi bakar kaffebröd och matbröd till byarna runt {place}. | brod",
    ], [
        "Tårtor och konditorivaror på beställning. | tarta",
        "Vi levererar till affärer och skolor på fredagar.",
    ], ["Surdegsbröd | brod", "Tunnbröd | brod tunnbrod", "Tårtor | tarta", "Kaffebröd | brod", "Bullar | bullar"]),
    T("guidning", 10, "79900 93199", ["{P}guiden", "Vildmarksäventyr", "Fjällturer"], [
        "Fiskeguidning i fjällsjöar och älvar runt {place}. | guidning fisketur",
        "Skoterguidning och norrskensturer vintertid. | guidning skotertur",
        "Fjällguidning till fots och på skidor, året runt. | guidning",
    ], [
        "Vi ordnar fiske efter öring i fjällbäckarna. | oringfiske",
        "Fiske efter lax i älven under sommaren. | laxfiske",
        "Övernattning i kåta med middag över öppen eld.",
    ], ["Fiskeguidning | guidning fisketur", "Skoterguidning | guidning skotertur", "Hundspannsturer | hundspann",
        "Norrskensturer"]),
    T("stugby", 10, "55202 55201", ["Stugby", "{P}stugorna", "Camping & Stugor | stugor camping"], [
        "Stugor att hyra vid sjön i {place}, året runt. | stugor",
        "Stugor i timmer med bastu och egen strand. | stugor bastu",
    ], [
        "Uthyrning av båtar och kanoter till gästerna. | batuthyrning",
        "Camping med ställplatser för husbilar. | camping",
    ], ["Stuguthyrning", "Bastu | bastu", "Camping | camping", "Uthyrning av båtar | batuthyrning"]),
    T("lantbruk", 16, "01410 01420 01450", ["Gård", "{P}gården", "Lantbruk", "Gårdsbutik | gardsbutik"], [
        "Familjegård med mjölkkor och gårdsbutik i {place}. | gardsbutik",
        "Vi föder upp lamm och säljer lammkött i lådor. | kott lamm",
        "Nötkött från egna djur, styckat och vakuumpackat. | kott",
    ], [
        "Vi säljer hö och ensilage till hästägare. | ho",
        "Ägg från frigående höns i gårdsbutiken. | agg gardsbutik",
    ], ["Nötkött | kott", "Lammkött | kott lamm", "Viltkött | kott", "Mjölk | mjolk", "Ägg | agg", "Hö | ho"]),
    T("foder", 4, "10910", ["Foder | foder", "{P}foder | foder", "Lantmän | foder"], [
        "Vi säljer foder till kycklingar, höns och kalkoner. | foder kycklingfoder honsfoder",
        "Foder för hästar och nötkreatur, levererat i storsäck. | foder hastfoder",
    ], [
        "Foder till hundar och katter i lösvikt. | hundfoder",
        "Vi blandar själva av spannmål från länet.",
    ], ["Kraftfoder | foder", "Mineralfoder | foder", "Hemleverans"]),
    T("snickeri", 22, "43320 16239", ["Byggsnickeri | snickeri", "Möbelsnickeri | snickeri",
                                      "Inredningssnickeri | snickeri", "{P}snickarna"], [
        "Vi är snickare som bygger om och renoverar i {place} med omnejd. | snickare",
        "Erfarna snickare för altaner, trappor och fönsterbyte. | snickare altan",
    ], [
        "Renovering av kök och badrum, från ritning till färdigt rum. | koksrenovering",
        "Vi har egen verkstad för dörrar och inredning på mått.",
    ], ["Altaner | altan", "Trappor", "Fönsterbyte | fonsterbyte", "Renovering av kök | koksrenovering"]),
    T("bygg", 20, "41200 43999", ["Bygg | bygg", "Bygg & Montage | bygg", "Byggtjänst"], [
        "Byggfirma som tar hela entreprenaden, från grund till tak. | bygg",
        "Vi bygger villor och fritidshus i {place}. | bygg",
    ], [
        "Hus av timmer efter egna ritningar. | timmerhus",
        "Tillbyggnader och garage på beställning.",
    ], ["Husbyggen | bygg", "Tillbyggnader", "Hus av timmer | timmerhus", "Garage"]),
    T("taxi", 10, "49320", ["Taxi | taxi", "Taxi & Transport | taxi", "Taxi & Buss | taxi"], [
        "Taxi dygnet runt i {place}, färdtjänst och sjukresor. | taxi fardtjanst sjukresor",
        "Vi kör taxi och beställningsresor i hela kommunen. | taxi",
    ], [
        "Skolskjuts åt kommunen under terminerna. | skolskjuts",
        "Rullstolsbil med plats för skidor och cyklar.",
    ], ["Färdtjänst | fardtjanst", "Sjukresor | sjukresor", "Skolskjuts | skolskjuts"]),
    T("bilverkstad", 12, "45201 45204", ["Bilverkstad | bilverkstad", "Bil & Bilverkstad | bilverkstad"], [
        "Bilverkstad med service och reparation av bilar. | bilverkstad bilreparation",
        "Bilverkstad för personbilar, lätta lastbilar och husbilar. | bilverkstad",
    ], [
        "Byte av däck och hjulinställning. | dackbyte",
        "Vi lagar också skotrar och fyrhjulingar.",
    ], ["Reparation av bilar | bilreparation", "Byte av däck | dackbyte", "Reservdelar"]),
    T("vvs", 8, "43221 43229", ["VVS | vvs", "VVS & Värme | vvs", "Rör & Värme | vvs"], [
        "VVS-firma för badrum, värmepumpar och vattenledningar. | vvs varmepump",
        "VVS-installationer och jour i {place}. | vvs",
    ], [
        "Vi installerar bergvärme och byter värmepannor. | bergvarme",
        "Service av avlopp och pumpar.",
    ], ["Värmepumpar | varmepump", "Bergvärme | bergvarme", "Badrum"]),
    T("el", 10, "43210", ["Elservice | el", "El & Energi | el", "Elfirma | el"], [
        "Elinstallationer i hus, ladugårdar och fritidshus. | el",
        "Behörig elinstallatör för villor och lantbruk i {place}. | el",
    ], [
        "Vi installerar laddboxar och solceller. | laddbox solceller",
        "Reservkraft för gårdar och företag. | reservkraft",
    ], ["Laddboxar | laddbox", "Solceller | solceller", "Reservkraft | reservkraft"]),
    T("maleri", 6, "43341", ["Måleri | maleri", "Måleri & Tapet | maleri", "Färg & Form | maleri"], [
        "Måleri för fasader, tak och inomhus i {place}. | maleri",
        "Måleri och tapetsering åt privatpersoner och företag. | maleri",
    ], [
        "Vi tapetserar och spacklar.",
        "Fönsterrenovering med linoljefärg.",
    ], ["Fasadmålning | maleri", "Tapetsering", "Fönsterrenovering"]),
    T("lokalvard", 8, "81210", ["Lokalvård | lokalvard", "Lokalvård & Service | lokalvard"], [
        "Lokalvård för kontor, skolor och trapphus. | lokalvard",
        "Lokalvård och golvvård i {place} med omnejd. | lokalvard",
    ], [
        "Fönsterputs två gånger om året.",
        "Flyttstäd med garanti. | flyttstad",
    ], ["Golvvård", "Fönsterputs", "Flyttstäd | flyttstad"]),
    T("tandvard", 3, "86230", ["Tandvården | tandvard", "Tandvårdsklinik | tandvard"], [
        "Allmäntandvård för barn och vuxna. | tandvard",
        "Tandvård med akuttider varje vardag. | tandvard",
    ], [
        "Vi tar emot nya patienter.",
        "Tandhygienist och munhälsa.",
    ], ["Allmäntandvård | tandvard", "Akuttider"]),
    T("frisor", 8, "96021", ["Hårstudio | harvard", "Hårsalong | harvard", "Salong Lugg | harvard"], [
        "Klippning och färgning för dam, herr och barn. | harvard",
        "Hårsalong i {place}, boka tid på telefon. | harvard",
    ], [
        "Vi säljer också hårvårdsprodukter.",
        "Skäggtrimning på fredagar.",
    ], ["Klippning | harvard", "Färgning", "Skäggtrimning"]),
    T("djurklinik", 3, "75000", ["Djurklinik | djurklinik", "Djursjukhus | djurklinik"], [
        "Djursjukvård för smådjur och hästar. | djurklinik",
        "Vaccination och vård av hundar och katter. | djurklinik",
    ], [
        "Jour på helger för akuta fall.",
        "Vi gör gårdsbesök hos hästägare.",
    ], ["Djursjukvård | djurklinik", "Vaccination"]),
    T("fastighetsformedling", 3, "68310", ["Fastighetsförmedling | formedling", "Hus & Hem | formedling"], [
        "Fastighetsförmedling av villor, fritidshus och gårdar i {place}. | formedling",
        "Fastighetsförmedling med värdering av bostäder och skogsfastigheter. | formedling",
    ], [
        "Fri värdering av ditt hus.",
        "Visningar även på kvällar.",
    ], ["Värdering", "Bostadsförsäljning"]),
    T("skorstensfejare", 2, "81222", ["Skorstensfejare | skorstensfejare", "Skorstensfejarmästare | skorstensfejare"], [
        "Skorstensfejare som rengör skorstenar och eldstäder. | skorstensfejare",
        "Skorstensfejare med brandskyddskontroll i hela kommunen. | skorstensfejare",
    ], [
        "Vi besiktar kaminer och pannor.",
        "Boka tid för brandskyddskontroll.",
    ], ["Brandskyddskontroll", "Rengöring av eldstäder"]),
    T("redovisning", 14, "69201", ["Redovisning | redovisning", "Ekonomibyrå | redovisning", "Konsult"], [
        "Redovisning och bokslut för småföretag och föreningar. | redovisning",
        "Redovisning, löner och deklarationer åt företag i {place}. | redovisning",
    ], [
        "Vi hjälper nystartade företag.",
        "Rådgivning om skatter och moms.",
    ], ["Bokslut", "Löner", "Deklarationer"]),
    T("skog", 30, "02101 02102 02200", ["Skogsservice | skog", "Skogsentreprenad | skog", "Skogsbruk | skog"], [
        "Skogsentreprenad med skördare och skotare för gallring och avverkning. | skog gallring",
        "Vi hjälper skogsägare i {place} med röjning och plantering. | skog rojning",
    ], [
        "Fällning av träd nära hus och vägar. | tradfallning",
        "Försäljning av ved i säck och lösvikt. | vedforsaljning ved",
    ], ["Gallring | gallring", "Röjning | rojning", "Plantering", "Fällning av träd | tradfallning"]),
    T("akeri", 14, "49410 43120", ["Åkeri | akeri", "Transport", "Entreprenad"], [
        "Åkeri med timmerbil och grusbil. | akeri",
        "Åkeri för godstransporter; snöröjning i {place} vintertid. | akeri snorojning",
    ], [
        "Snöröjning av gårdsplaner och infarter. | snorojning",
        "Uthyrning av grävmaskin med förare. | gravmaskin",
    ], ["Snöröjning | snorojning", "Grus", "Grävmaskin | gravmaskin"]),
    T("fiske", 6, "03120 10200", ["Fiske | fiske", "Fisk & Vilt", "Rökeri | rokeri"], [
        "Insjöfiske och försäljning av rökt fisk från {place}. | fisk",
        "Vi fiskar sik och röding och röker fisken själva. | fisk sik",
    ], [
        "Försäljning på torget varje lördag.",
        "Vi levererar fisk till restauranger.",
    ], ["Rökt fisk | fisk", "Sik | sik", "Röding"]),
    T("handel", 8, "47111 47300", ["Lanthandel | handel", "Livs | handel", "Handelsbod | handel"], [
        "Byns affär med livsmedel, paketombud och drivmedel. | livsmedel drivmedel handel",
        "Lanthandel i {place} med post och apoteksombud. | handel",
    ], [
        "Öppet alla dagar i veckan.",
        "Hemkörning av matkassar till äldre. | hemkorning",
    ], ["Livsmedel | livsmedel", "Drivmedel | drivmedel", "Paketombud"]),
    T("restaurang", 10, "56100 55101", ["Restaurang | restaurang", "Krog | restaurang", "Gästgiveri | restaurang"], [
        "Restaurang med husmanskost och dagens lunch i {place}. | restaurang lunch",
        "Restaurang och servering med lokala råvaror. | restaurang",
    ], [
        "Catering till fester och möten. | catering",
        "Konferens med rum för tjugo gäster. | konferens",
    ], ["Dagens lunch | lunch", "Catering | catering", "Konferens | konferens"]),
    T("hundpensionat", 2, "96090", ["Djurpensionat | djurpensionat", "Hundgård"], [
        "Pensionat för hundar och katter när du reser bort. | djurpensionat hundpensionat",
        "Pensionat och dagis för hundar i {place}. | djurpensionat hundpensionat",
    ], [
        "Kurser i lydnad och träning. | hundkurs",
        "Rastning i stora hagar varje dag.",
    ], ["Djurpensionat | djurpensionat", "Lydnadskurser | hundkurs"]),
    T("jakt", 3, "01700", ["Jakt & Fiske | jakt", "Jaktlag", "Viltvård | jakt"], [
        "Vi arrangerar jakt på älg och ripa i {place}. | jakt algjakt ripjakt",
        "Jakt på älg med hundförare och övernattning. | jakt algjakt",
    ], [
        "Slakt och styckning av vilt. | viltslakt",
        "Utbildning inför jägarexamen.",
    ], ["Jaktresor | jakt", "Viltvård | jakt"]),
    T("it", 10, "62010", ["IT | it", "Data", "Webb", "Digital"], [
        "Vi bygger webbplatser och appar åt företag i Norrland. | webb",
        "IT-support och nätverk för småföretag i {place}. | it",
    ], [
        "Backup och säkerhet i molnet.",
        "Kurser i Office för föreningar.",
    ], ["Webbplatser | webb", "IT-support | it", "Nätverk"]),
    T("sag", 5, "16101 16102", ["Sågverk | sagverk", "Såg & Hyvleri | sagverk", "Trä"], [
        "Sågverk med hyvleri; vi sågar virke på beställning. | sagverk virke",
        "Vi köper timmer och säljer virke i {place}. | virke",
    ], [
        "Legosågning av egen stock. | legosagning",
        "Ved i storsäck. | ved",
    ], ["Virke | virke", "Hyvlat virke | virke", "Legosågning | legosagning"]),
]
PREFIXES = ["Fjäll", "Älv", "Myr", "Norr", "Sjö", "Tjärn", "Berg", "Lapp"]
SURNAMES = ["Lindqvist", "Nilsson", "Lundberg", "Öhman", "Berglund", "Sandström", "Holmgren", "Wikström",
            "Eriksson", "Johansson", "Pettersson", "Nordin", "Forsberg", "Åström", "Burman", "Marklund",
            "Isaksson", "Mattsson", "Hedman", "Lundmark", "Strömberg", "Sjöberg", "Viklund", "Nyström"]
GENERIC = ["Familjeföretag sedan {year}.", "Lokalt ägt och drivet.", "Kontakta oss för offert.",
           "Vi tar uppdrag i hela länet.", "Ring eller mejla oss, vi svarar samma dag."]
LEGAL = [(" AB", "ab", 60), ("", "ef", 30), (" HB", "hb", 10)]


@dataclass
class GeneratedCompany:
    key: str  # "g<serial>": the judgments' name for it
    serial: int
    municipality_code: str
    trade: str
    legal_name: str
    legal_form: str
    description: str
    products: str
    primary_sni: str
    secondary_sni: list[str]
    localities: list[str]
    tags: dict[str, int] = field(default_factory=dict)  # concept -> grade (3 name/lead, 2 extra/products)


def _item(text: str) -> tuple[str, list[str]]:
    words, _bar, concepts = text.partition("|")
    return words.strip(), concepts.split()


def localities_by_code() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    with LOCALITIES_FILE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            result.setdefault(row["municipality_code"], []).append(row["name"])
    return {code: sorted(names) for code, names in result.items()}


def sni_titles() -> dict[str, str]:
    with SNI_FILE.open(encoding="utf-8") as f:
        return {row["code"]: row["title_sv"] for row in csv.DictReader(f)}


def generate(count: int = DEFAULT_COMPANIES, seed: int = DEFAULT_SEED) -> list[GeneratedCompany]:
    """The first `count` companies of the stream for `seed` (a larger count extends a smaller one)."""
    rng = random.Random(f"relevance:{seed}")
    places = localities_by_code()
    weights = [t.share for t in TRADES]
    companies = []
    for serial in range(count):
        code = MUNICIPALITY_BY_DIGIT[serial % 10]
        trade = rng.choices(TRADES, weights)[0]
        tags: dict[str, int] = {}

        def use(text: str, grade: int) -> str:
            words, concepts = _item(text)
            for concept in concepts:
                tags[concept] = max(tags.get(concept, 0), grade)
            return words

        localities = rng.sample(places[code], k=rng.choice([1, 1, 2]))
        place = localities[0]
        name = use(rng.choice(trade.names), 3)
        if "{P}" in name:  # a compound name: "Fjällbageriet", sometimes "Fjällbageriet i Moskosel"
            base = name.replace("{P}", rng.choice(PREFIXES)) + (f" i {place}" if rng.random() < 0.5 else "")
        elif rng.random() < 0.5:
            base = f"{rng.choice(SURNAMES)}s {name}"
        else:
            base = f"{place} {name}"
        suffix, legal_form, _w = rng.choices(LEGAL, [w for *_x, w in LEGAL])[0]
        sentences = [use(rng.choice(trade.lead), 3), use(rng.choice(trade.extra), 2), rng.choice(GENERIC)]
        description = " ".join(s.format(place=place, year=rng.randint(1950, 2025)) for s in sentences)
        products = ", ".join(use(p, 2) for p in rng.sample(trade.products, k=rng.randint(1, min(3, len(trade.products)))))
        primary = rng.choice(trade.sni)
        tags[f"sni:{primary}"] = 3
        secondary = []
        if rng.random() < 0.1:
            secondary = [rng.choice(rng.choice(TRADES).sni)]
            if secondary[0] != primary:
                tags.setdefault(f"sni:{secondary[0]}", 2)
        companies.append(GeneratedCompany(
            key=f"g{serial}", serial=serial, municipality_code=code, trade=trade.key,
            legal_name=base + suffix, legal_form=legal_form, description=description, products=products,
            primary_sni=primary, secondary_sni=[c for c in secondary if c != primary], localities=localities,
            tags=tags))
    return companies


# Queries and judgments ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    id: str
    cls: str
    municipality: str  # slug
    text: str
    concepts: tuple[str, ...]
    partial: tuple[str, ...]
    demo: dict  # demo company legal name -> grade
    note: str = ""


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Query(id=q["id"], cls=q["class"], municipality=q["municipality"], text=q["q"],
                  concepts=tuple(q.get("concepts", ())), partial=tuple(q.get("partial", ())),
                  demo=dict(q.get("demo", {})), note=q.get("note", ""))
            for q in data["queries"]]


def demo_key(legal_name: str) -> str:
    return f"demo:{legal_name}"


def judgments(query: Query, companies: list[GeneratedCompany]) -> dict[str, int]:
    """Company key -> grade (1..3) for one query, derived by the rule in the module docstring."""
    code = MUNICIPALITIES[query.municipality]
    result = {demo_key(name): grade for name, grade in query.demo.items()}
    for company in companies:
        if company.municipality_code != code:
            continue
        grade = max([company.tags.get(c, 0) for c in query.concepts] +
                    [1 for c in query.partial if c in company.tags] + [0])
        if grade:
            result[company.key] = grade
    return result


# Scores ------------------------------------------------------------------------------------------

def ndcg_at_k(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(key, 0) for key in ranked]) / ideal if ideal else 0.0


def recall_at_k(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    relevant = {key for key, g in grades.items() if g >= 2}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(k, len(relevant))


def score(queries: list[Query], answers: dict[str, dict], judged: dict[str, dict[str, int]]) -> dict:
    """Per class and overall: n, nDCG@10, recall@10 (answered classes); stays-empty share (empty)."""
    per_class: dict[str, dict] = {}
    for cls in CLASSES:
        chosen = [q for q in queries if q.cls == cls]
        if not chosen:
            continue
        if cls == "empty":
            per_class[cls] = {"n": len(chosen), "empty": _mean(answers[q.id]["total"] == 0 for q in chosen)}
        else:
            per_class[cls] = {
                "n": len(chosen),
                "ndcg": _mean(ndcg_at_k(answers[q.id]["top"], judged[q.id]) for q in chosen),
                "recall": _mean(recall_at_k(answers[q.id]["top"], judged[q.id]) for q in chosen),
                "no_answer": _mean(answers[q.id]["total"] == 0 for q in chosen),
            }
    answered = [q for q in queries if q.cls != "empty"]
    empty = [q for q in queries if q.cls == "empty"]
    per_class["overall"] = {
        "n": len(queries),
        "ndcg": _mean(ndcg_at_k(answers[q.id]["top"], judged[q.id]) for q in answered),
        "recall": _mean(recall_at_k(answers[q.id]["top"], judged[q.id]) for q in answered),
        "no_answer": _mean(answers[q.id]["total"] == 0 for q in answered),
        "empty_stays_empty": _mean(answers[q.id]["total"] == 0 for q in empty),
    }
    return per_class


def _mean(values) -> float:
    values = [float(v) for v in values]
    return sum(values) / len(values) if values else 0.0
