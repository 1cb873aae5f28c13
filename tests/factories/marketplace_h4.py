"""A buyer, a supplier and a third company around one request or call, for the answer, conversation,
consumer and supplier-matching tests. Listings come from tests/factories/marketplace.py; answers go
through the services."""
from types import SimpleNamespace

from directory.models import CompanyMember
from marketplace.conversation_services import answer_submit
from marketplace.models import ListingKind

from .accounts import make_user
from .directory import make_company
from .marketplace import add_call_item, make_listing

# Valid Swedish organisation numbers (Luhn check digit) not used by tests/factories/directory.py.
MORE_ORG_NUMBERS = ["556100-0018", "556100-0026", "556100-0034", "556100-0042", "556100-0059", "556100-0067",
                    "556100-0075", "556100-0083"]


def make_published_company(municipality, *, name: str, org_number: str, member_email: str, **profile):
    member = make_user(member_email)
    company = make_company(municipality, owner=member, published=True, org_number=org_number, legal_name=name,
                           **profile)
    return company, member


def add_company_member(company, email: str):
    user = make_user(email)
    CompanyMember.objects.create(company=company, user=user, role=CompanyMember.Role.MEMBER)
    return user


def trade_world(municipality, *, kind: str = ListingKind.CALL, **listing_fields):
    """Vindkraft AB's call (or request) for snow clearing, Snöröjning i Lansjärv AB who can answer it, and
    Överkalix Taxi AB, a third company with nothing to do with the thread."""
    buyer_company, buyer = make_published_company(
        municipality, name="Vindkraft Blaiken AB", org_number=MORE_ORG_NUMBERS[0],
        member_email="inkop@vindkraft.example.org", primary_sni="35110")
    supplier, supplier_member = make_published_company(
        municipality, name="Snöröjning i Lansjärv AB", org_number=MORE_ORG_NUMBERS[1],
        member_email="plog@lansjarv.example.org", primary_sni="81290",
        description="Vi plogar vägar och gårdsplaner.", products_services="Snöröjning, sandning")
    third, third_member = make_published_company(
        municipality, name="Överkalix Taxi AB", org_number=MORE_ORG_NUMBERS[2],
        member_email="taxi@overkalix.example.org", primary_sni="49320")
    listing = make_listing(municipality, kind=kind, title="Snöröjning av serviceväg till vindparken",
                           description="Vi söker någon som sköter snöröjning och sandning av servicevägen.",
                           company=buyer_company, **listing_fields)
    if kind == ListingKind.CALL:
        add_call_item(listing)
    return SimpleNamespace(municipality=municipality, buyer_company=buyer_company, buyer=buyer, supplier=supplier,
                           supplier_member=supplier_member, third=third, third_member=third_member, listing=listing)


def answer(world, *, text: str = "Vi kan ta uppdraget med traktor och plog.", price_amount=None, **fields):
    return answer_submit(actor=world.supplier_member, listing=world.listing, company=world.supplier, text=text,
                         price_amount=price_amount, **fields)
