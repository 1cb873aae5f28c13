"""The owner of a request or call sees the companies that fit best, each with why, and invites them with one
click; staff and hub managers follow how many calls were answered and won close to home."""
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.conversation_services import answer_choose, answer_submit, invitation_create
from marketplace.models import ListingKind, SupplierInvitation
from marketplace.supplier_matching import suggest_suppliers
from marketplace.supplier_selectors import call_followup
from municipalities.models import Role
from tests.factories.marketplace import add_hub_member, make_hub, make_listing
from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, answer, make_published_company, trade_world
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

HOST = "overkalix.localhost"
# The listing's position, and a place 14 km north of it.
LISTING_AT = {"latitude": 66.327, "longitude": 22.846}
NORTH_14_KM = {"latitude": 66.453, "longitude": 22.846}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _company(municipality, n: int, name: str, sni: str, **profile):
    return make_published_company(municipality, name=name, org_number=MORE_ORG_NUMBERS[n],
                                  member_email=f"medlem{n}@example.org", primary_sni=sni, **profile)[0]


class SuggestSuppliersTests:
    def test_the_same_code_ranks_above_the_same_group_above_the_same_division(self, overkalix):
        world = trade_world(overkalix, sni_codes=["81222"], **LISTING_AT)
        group = _company(overkalix, 3, "Sotarn i Överkalix AB", "81221")
        division = _company(overkalix, 4, "Städbolaget AB", "81210")
        ranked = [s.company for s in suggest_suppliers(world.listing)]
        assert ranked == [world.supplier, group, division, world.third]

    def test_each_suggestion_says_why_in_one_line(self, overkalix):
        world = trade_world(overkalix, **LISTING_AT)
        world.supplier.latitude, world.supplier.longitude = NORTH_14_KM["latitude"], NORTH_14_KM["longitude"]
        world.supplier.save()
        group = _company(overkalix, 3, "Sotarn i Överkalix AB", "81221")
        world.listing.sni_codes = ["81222"]
        world.listing.save()
        reasons = {s.company: s.reason for s in suggest_suppliers(world.listing)}
        assert reasons[world.supplier] == (
            "samma bransch: 81290 Annan rengöring · nämner snöröjning, sandning · 14 km bort")
        assert reasons[group] == "närliggande bransch: 8122 Rengöring och sotning av byggnader"
        assert reasons[world.third] == "verkar i Överkalix"

    def test_words_that_most_companies_use_and_filler_words_do_not_count_as_shared(self, overkalix):
        """"dygnet runt" and "varje" say nothing about a trade; nor does a word four of five companies use."""
        listing = make_listing(overkalix, kind=ListingKind.REQUEST, title="Snöröjning av gårdsplan",
                               description="Vi behöver plogning varje morgon, beredskap dygnet runt, hela vintern.")
        plougher = _company(overkalix, 3, "Plogaren AB", "43120", description="Snöröjning och plogning vintern igenom.")
        others = [_company(overkalix, n, f"Butik {n} AB", "47111",
                           description="Öppet varje dag, drivmedel dygnet runt hela vintern.") for n in (4, 5, 6, 7)]
        suggestions = {s.company: s for s in suggest_suppliers(listing)}
        assert suggestions[plougher].words == ("snöröjning", "plogning")
        assert all(suggestions[company].words == () for company in others)
        assert [s.company for s in suggest_suppliers(listing)][0] == plougher

    def test_the_owner_invited_unpublished_and_other_municipalities_companies_are_left_out(self, overkalix, asele):
        world = trade_world(overkalix)
        elsewhere = _company(asele, 3, "Plog i Åsele AB", "81290")
        from tests.factories.directory import make_company

        pending = make_company(overkalix, org_number=MORE_ORG_NUMBERS[4], legal_name="Ny plog AB", primary_sni="81290")
        invitation_create(actor=world.buyer, listing=world.listing, company=world.third)
        suggested = {s.company for s in suggest_suppliers(world.listing)}
        assert suggested == {world.supplier}
        assert not suggested & {world.buyer_company, elsewhere, pending, world.third}

    def test_a_hubs_call_also_suggests_companies_of_the_municipalities_it_spans(self, overkalix, asele):
        owner_company, owner = make_published_company(overkalix, name="Vindkraft Nord AB",
                                                      org_number=MORE_ORG_NUMBERS[5], member_email="nord@example.org",
                                                      primary_sni="35110")
        hub = make_hub(overkalix, owner_company=owner_company, spans=[asele])
        call = make_listing(overkalix, kind=ListingKind.CALL, title="Snöröjning", hub=hub, sni_codes=["81290"])
        elsewhere = _company(asele, 3, "Plog i Åsele AB", "81290")
        assert elsewhere in {s.company for s in suggest_suppliers(call)}


class SupplierSuggestPageTests:
    def test_the_owner_invites_a_suggested_company_which_is_emailed(self, client, overkalix,
                                                                    django_capture_on_commit_callbacks):
        world = trade_world(overkalix)
        client.force_login(world.buyer)
        url = reverse("marketplace_suppliers:supplier-suggest", args=[world.listing.pk])
        page = _text(client.get(url, HTTP_HOST=HOST))
        assert "Snöröjning i Lansjärv AB" in page
        assert "samma bransch: 81290 Annan rengöring" in page
        assert "Bjud in" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"company": world.supplier.pk}, HTTP_HOST=HOST)
        assert response.status_code == 302
        invitation = SupplierInvitation.objects.get()
        assert invitation.company == world.supplier
        assert invitation.reason.startswith("samma bransch: 81290")
        assert [m.to for m in mail.outbox] == [[world.supplier_member.email]]
        assert "Snöröjning av serviceväg till vindparken" in mail.outbox[0].subject
        assert reverse("marketplace_conversations:answer-create", args=[world.listing.pk]) in mail.outbox[0].body
        page = _text(client.get(url, HTTP_HOST=HOST))
        assert "Snöröjning i Lansjärv AB: Inbjuden" in page

    def test_inviting_twice_invites_once(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.buyer)
        url = reverse("marketplace_suppliers:supplier-suggest", args=[world.listing.pk])
        client.post(url, {"company": world.supplier.pk}, HTTP_HOST=HOST)
        response = client.post(url, {"company": world.supplier.pk}, HTTP_HOST=HOST, follow=True)
        assert "kan inte bjudas in" in _text(response)
        assert SupplierInvitation.objects.count() == 1

    def test_someone_else_cannot_see_or_use_the_suggestions(self, client, overkalix, asele):
        world = trade_world(overkalix)
        url = reverse("marketplace_suppliers:supplier-suggest", args=[world.listing.pk])
        client.force_login(world.supplier_member)
        assert client.get(url, HTTP_HOST=HOST).status_code == 403
        assert client.post(url, {"company": world.third.pk}, HTTP_HOST=HOST).status_code == 403
        client.force_login(world.buyer)
        assert client.get(url, HTTP_HOST="asele.localhost").status_code == 404
        assert not SupplierInvitation.objects.exists()


class CallFollowupTests:
    def _awarded_world(self, overkalix, asele):
        """Two calls in Överkalix: one answered and won by a local company for 45 000 kr, one answered only by
        a company in Åsele (Västerbotten) and won by it for 15 000 kr; a third call with no answers."""
        world = trade_world(overkalix)
        answer_choose(actor=world.buyer, answer=answer(world, price_amount=Decimal("45000")))
        second = make_listing(overkalix, kind=ListingKind.CALL, title="Städning av personalbod",
                              company=world.buyer_company)
        far_company, far_member = make_published_company(asele, name="Städ i Åsele AB", org_number=MORE_ORG_NUMBERS[3],
                                                         member_email="stad@asele.example.org", primary_sni="81210")
        far_answer = answer_submit(actor=far_member, listing=second, company=far_company, text="Vi städar.",
                                   price_amount=Decimal("15000"))
        answer_choose(actor=world.buyer, answer=far_answer)
        make_listing(overkalix, kind=ListingKind.CALL, title="Transport av personal", company=world.buyer_company)
        return world

    def test_the_figures_count_local_and_county_answers_and_wins(self, overkalix, asele):
        world = self._awarded_world(overkalix, asele)
        staff = make_staff(overkalix, Role.EDITOR, email="naringsliv@overkalix.example.org")
        figures = call_followup(municipality=overkalix, user=staff)
        assert len(figures.rows) == 3
        assert (figures.answered_local.part, figures.answered_local.whole) == (1, 3)
        assert (figures.won_local.part, figures.won_local.whole, figures.won_local.percent) == (1, 2, 50)
        assert (figures.value_local.part, figures.value_local.whole, figures.value_local.percent) == (
            Decimal("45000"), Decimal("60000"), 75)
        assert world.listing.title in [row.call.title for row in figures.rows]

    def test_staff_read_the_figures_on_the_page(self, client, overkalix, asele):
        self._awarded_world(overkalix, asele)
        client.force_login(make_staff(overkalix, Role.EDITOR, email="naringsliv@overkalix.example.org"))
        page = _text(client.get(reverse("marketplace_suppliers:call-followup"), HTTP_HOST=HOST))
        assert "45 000 av 60 000 (75 %)" in page
        assert "1 av 2 (50 %)" in page
        assert "Snöröjning i Lansjärv AB" in page  # the chosen answer of the first call

    def test_a_hub_manager_sees_only_the_hubs_calls(self, client, overkalix, asele):
        world = self._awarded_world(overkalix, asele)
        hub = make_hub(overkalix, owner_company=world.supplier, name="Lansjärvs plogare")
        add_hub_member(hub, world.third)
        make_listing(overkalix, kind=ListingKind.CALL, title="Hubbens upphandling", hub=hub)
        client.force_login(world.supplier_member)
        page = _text(client.get(reverse("marketplace_suppliers:call-followup"), HTTP_HOST=HOST))
        assert "Hubbens upphandling" in page
        assert "Städning av personalbod" not in page

    def test_residents_and_company_members_without_a_hub_are_refused(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.third_member)
        assert client.get(reverse("marketplace_suppliers:call-followup"), HTTP_HOST=HOST).status_code == 403

    def test_a_hub_manager_elsewhere_is_refused(self, client, overkalix, asele):
        world = trade_world(overkalix)
        make_hub(asele, owner_company=world.supplier, name="Åsele plogare")
        client.force_login(world.supplier_member)
        assert client.get(reverse("marketplace_suppliers:call-followup"), HTTP_HOST=HOST).status_code == 403
