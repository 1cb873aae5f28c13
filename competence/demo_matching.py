"""Demo data for matching (issue 10's web-shop story): in Överkalix, the learning centre's e-commerce
course and a shop that has connected its web shop to its till and shares how. Idempotent."""
from competence.models import CompanyPeerOffer, LearningOffer, Provider
from directory.models import Company

OVERKALIX = "2513"


def create_demo_data(*, municipality, moderator=None):
    if municipality.code != OVERKALIX:
        return None
    provider, created = Provider.objects.get_or_create(
        municipality=municipality, name="Lärcentrum Överkalix",
        defaults={"kind": Provider.Kind.LEARNING_CENTRE,
                  "description": "Kommunens lärcentrum: kurser, yrkesutbildning och högskolestudier på distans."})
    if created:
        provider.serves_municipalities.set([municipality])
    LearningOffer.objects.get_or_create(
        municipality=municipality, provider=provider, title="E-handel för småföretag: från webbutik till kassasystem",
        defaults={"description": "Fyra kvällar där du sätter upp en webbutik, kopplar den till kassasystemet och "
                                 "lagret och tar betalt med Swish och kort.",
                  "form": "short_course", "length": "4 kvällar à 2,5 timmar", "delivery": "mixed",
                  "place": "Överkalix", "cost_sek": 0, "ssyk_codes": ["2512"],
                  "skills": [{"id": "gHYj_fbm_KcU", "label": "E-handel, utveckling/Elektronisk handel, utveckling"}]})
    shop = Company.objects.filter(municipality=municipality, legal_name="Handlar'n i Lansjärv AB").first()
    if shop is not None:
        CompanyPeerOffer.objects.get_or_create(
            municipality=municipality, company=shop, title="Vi kopplade vår webbutik till kassasystemet – fråga oss",
            defaults={"kind": CompanyPeerOffer.Kind.KNOWLEDGE, "ssyk_codes": ["2512"],
                      "description": "Vi har kopplat webbutiken till kassan och lagersaldot i butiken och berättar "
                                     "gärna hur vi gjorde och vad vi hade gjort annorlunda."})
    return provider
