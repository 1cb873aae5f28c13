"""Which companies could answer a request or call: the published companies of the listing's municipality
and of the municipalities its hub spans (not the owner, not those already invited), ranked by

1. trade (SNI 2007): the listing's codes and its call items' against each company's primary and other
   codes; the same 5-digit code counts most, then the same 4-digit group, then the same 2-digit division;
2. words: stemmed Swedish words (search.analysis, the same analysis the search layer indexes with) that
   the listing's title, description and items share with the company's description and products;
3. distance: km from the listing (its position, else its locality) to the company (its position, else
   its first locality); closer is better, nothing beyond DISTANCE_HORIZON_KM.

Each suggestion carries one Swedish line saying why, e.g.
"samma bransch: 81290 Annan rengöring · nämner snöröjning · 14 km bort"."""
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from directory.models import Company
from directory.reference import sni_codes
from marketplace.models import Listing, SupplierInvitation
from search.analysis import fold, stem, words
from search.types import haversine_km

# Points per kind of evidence. The trade decides first (a registered code is the company's own word on
# what it does); shared words can lift a company one trade level; distance breaks ties among equals.
SNI_POINTS = {5: 3.0, 4: 2.0, 2: 1.0}
WORD_POINTS_MAX = 2.0
WORDS_FOR_FULL_POINTS = 4
DISTANCE_POINTS_MAX = 0.8
DISTANCE_HORIZON_KM = 200.0
WORDS_IN_REASON = 2

# Words that say nothing about a trade (folded; stemmed below like every indexed word).
_STOP_WORDS = frozenset(stem(fold(w)) for w in (
    "och i att det som en ett på är av för med till den de har inte om vi kan man så men var eller från vid "
    "sig under efter ska vill alla andra även hela inom mot ny nya mer samt per st km dag dagar vecka år "
    "behöver söker önskar uppdrag tjänst tjänster företag företaget kommun kommunen utför utföra arbete "
    "arbeten erbjuder hjälp hjälper bra god goda hos vår våra oss er era ni du din lokal lokala hela "
    "inklusive exklusive moms kr pris varje över runt dygn dygnet året mellan både bara också alltid samma "
    "sedan senast fram del delar ange anger behov mycket många flera olika egen eget egna stor stora").split())
# A word most candidates use ("vinter", "service") tells them apart no better than a stop word: with at
# least this many candidates, words used by more than COMMON_SHARE of them do not count as shared.
COMMON_MIN_CANDIDATES = 4
COMMON_SHARE = 0.5


@dataclass(frozen=True)
class Suggestion:
    company: Company
    score: float
    reason: str
    sni_level: int = 0  # 5, 4, 2 or 0: how closely the trade matched
    words: tuple[str, ...] = field(default_factory=tuple)
    distance_km: float | None = None


def candidate_municipality_ids(listing: Listing) -> set[int]:
    ids = {listing.municipality_id}
    if listing.hub_id:
        ids |= set(listing.hub.municipalities.values_list("pk", flat=True))
    return ids


def candidate_companies(listing: Listing) -> QuerySet:
    """Published companies that may be invited: in the listing's municipalities, not the owner, not invited."""
    invited = SupplierInvitation.objects.filter(listing=listing).values("company_id")
    return (Company.objects.filter(municipality_id__in=candidate_municipality_ids(listing),
                                   status=Company.Status.PUBLISHED)
            .exclude(pk=listing.company_id or 0).exclude(pk__in=invited))


def _listing_codes(listing: Listing) -> list[str]:
    codes = [c for c in listing.sni_codes or [] if c]
    codes += [item.sni_code for item in listing.items.all() if item.sni_code]
    return list(dict.fromkeys(codes))


def _sni_match(listing_codes: list[str], company: Company) -> tuple[int, str]:
    """(level, shared code) of the closest pair: 5 same code, 4 same group, 2 same division, 0 none."""
    best = (0, "")
    company_codes = [company.primary_sni, *(company.secondary_sni or [])]
    for wanted in listing_codes:
        for held in company_codes:
            for level in (5, 4, 2):
                if len(wanted) >= level and len(held) >= level and wanted[:level] == held[:level]:
                    if level > best[0]:
                        best = (level, wanted[:level])
                    break
    return best


def _sni_reason(level: int, code: str) -> str:
    title = getattr(sni_codes().get(code), "title", "")
    label = f"{code} {title}".strip()
    if level == 5:
        return _("samma bransch: %(sni)s") % {"sni": label}
    if level == 4:
        return _("närliggande bransch: %(sni)s") % {"sni": label}
    return _("samma branschområde: %(sni)s") % {"sni": label}


def _terms(text: str) -> dict[str, str]:
    """Stem -> the first word (lower case) that produced it, without stop words and very short words."""
    terms: dict[str, str] = {}
    for word in words(text):
        if len(word) < 3:
            continue
        term = stem(fold(word))
        if term not in _STOP_WORDS and len(term) >= 3:
            terms.setdefault(term, word.lower())
    return terms


def _listing_text(listing: Listing) -> str:
    return " ".join([listing.title, listing.description, *(item.description for item in listing.items.all())])


def _position(lat, lon, localities) -> tuple[float, float] | None:
    if lat is not None and lon is not None:
        return (lat, lon)
    for locality in localities:
        return (locality.latitude, locality.longitude)
    return None


def _listing_position(listing: Listing) -> tuple[float, float] | None:
    return _position(listing.latitude, listing.longitude, [listing.locality] if listing.locality_id else [])


def _company_position(company: Company) -> tuple[float, float] | None:
    localities = sorted(company.localities.all(), key=lambda locality: locality.pk)  # prefetched
    return _position(company.latitude, company.longitude, localities)


def _company_terms(company: Company) -> dict[str, str]:
    return _terms(f"{company.description} {company.products_services}")


def _common_terms(term_sets: list[dict[str, str]]) -> frozenset[str]:
    """Terms too many of the candidates use to tell them apart."""
    if len(term_sets) < COMMON_MIN_CANDIDATES:
        return frozenset()
    counts = Counter(term for terms in term_sets for term in terms)
    return frozenset(term for term, count in counts.items() if count > COMMON_SHARE * len(term_sets))


def _score(listing_codes, listing_terms, origin, company: Company, company_terms: dict[str, str]) -> Suggestion:
    level, code = _sni_match(listing_codes, company)
    shared = [company_terms[t] for t in listing_terms if t in company_terms]
    target = _company_position(company)
    distance = haversine_km(origin, target) if origin and target else None
    score = SNI_POINTS.get(level, 0.0)
    score += WORD_POINTS_MAX * min(len(shared), WORDS_FOR_FULL_POINTS) / WORDS_FOR_FULL_POINTS
    if distance is not None:
        score += DISTANCE_POINTS_MAX * max(0.0, 1 - distance / DISTANCE_HORIZON_KM)
    parts = []
    if level:
        parts.append(_sni_reason(level, code))
    if shared:
        parts.append(_("nämner %(words)s") % {"words": ", ".join(shared[:WORDS_IN_REASON])})
    if distance is not None:
        parts.append(_("%(km)s km bort") % {"km": math.floor(distance + 0.5)})
    if not parts:
        parts.append(_("verkar i %(municipality)s") % {"municipality": company.municipality.name})
    return Suggestion(company=company, score=round(score, 4), reason=" · ".join(parts), sni_level=level,
                      words=tuple(shared), distance_km=distance)


def _ranked(listing: Listing, companies) -> list[Suggestion]:
    listing_codes = _listing_codes(listing)
    origin = _listing_position(listing)
    companies = list(companies)
    term_sets = [_company_terms(company) for company in companies]
    common = _common_terms(term_sets)
    listing_terms = [term for term in _terms(_listing_text(listing)) if term not in common]
    suggestions = [_score(listing_codes, listing_terms, origin, company, terms)
                   for company, terms in zip(companies, term_sets)]
    suggestions.sort(key=lambda s: (-s.score, s.distance_km if s.distance_km is not None else math.inf,
                                    s.company.display_name))
    return suggestions


def suggest_suppliers(listing: Listing, *, limit: int = 20) -> list[Suggestion]:
    """The best `limit` companies to invite, best first (ties: closer, then by name)."""
    companies = candidate_companies(listing).select_related("municipality").prefetch_related("localities")
    return _ranked(listing, companies)[:limit]


def reason_for(listing: Listing, company: Company) -> str:
    """The one-line reason for one company (stored with its invitation), as it was ranked among the candidates."""
    companies = candidate_companies(listing).select_related("municipality").prefetch_related("localities")
    for suggestion in _ranked(listing, companies):
        if suggestion.company.pk == company.pk:
            return suggestion.reason
    return _score(_listing_codes(listing), list(_terms(_listing_text(listing))), _listing_position(listing),
                  company, _company_terms(company)).reason

