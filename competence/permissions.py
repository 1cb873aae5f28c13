"""Who may see and change what in the competence registry. Pure functions of (user, object).

- A company's needs, peer offers, consent and maturity: its members write; its municipality's office
  (editors, moderators) and the platform administrator read.
- Platform owners (region, Almi, IUC, learning centre) see a company's individual needs only while the
  company consents to share with that owner (`SharingConsent`); withdrawal bites at the next request.
  Without consent they see aggregates only, with small cells hidden (`sees_unsuppressed_figures`).
- Advisors (members of a platform owner granted the company's municipality) and the municipality's
  editors record needs conversations; the records are visible to the company, the office and the
  advisor's own organisation.
- Providers' members publish the provider's offers; the provider's municipality's editors curate them."""
from directory.models import Company
from directory.permissions import is_company_member
from municipalities.models import Municipality, PlatformOwner
from municipalities.permissions import (  # noqa: F401 (owner_ids_for_user, is_office_staff: this module's vocabulary)
    can_edit_municipality,
    has_role,
    is_office_staff,
    is_platform_admin,
    owner_ids_for_user,
)

# The office's editors (and the platform administrator) curate what the office owns: the same rule
# as editing the municipality itself.
is_office_editor = can_edit_municipality


def advisor_owner_ids(user, municipality: Municipality) -> set[int]:
    """The user's platform owners that were granted this municipality."""
    mine = owner_ids_for_user(user)
    if not mine or municipality is None:
        return set()
    return set(municipality.platform_owners.filter(pk__in=mine).values_list("pk", flat=True))


def consenting_owner_ids(user, company: Company) -> set[int]:
    """The user's platform owners granted the company's municipality that the company consents to share with."""
    owners = advisor_owner_ids(user, company.municipality)
    if not owners:
        return set()
    return set(company.sharing_consents.filter(owner_id__in=owners, withdrawn_at__isnull=True)
               .values_list("owner_id", flat=True))


def can_edit_competence_needs(user, company: Company) -> bool:
    """Only the company's own members write its needs: they are in the company's own words."""
    return is_company_member(user, company)


def can_view_competence_needs(user, company: Company) -> bool:
    """The company, its office, the platform administrator, and advisors of owners it consents to share with."""
    return (is_company_member(user, company) or is_office_staff(user, company.municipality)
            or bool(consenting_owner_ids(user, company)))


def can_mark_match(user, company: Company) -> bool:
    """The company itself, its office's editors, and advisors it consents to share with mark a match."""
    return (is_company_member(user, company) or is_office_editor(user, company.municipality)
            or bool(consenting_owner_ids(user, company)))


def can_edit_peer_offers(user, company: Company) -> bool:
    return is_company_member(user, company)


def can_view_peer_offers(user, company: Company) -> bool:
    return is_company_member(user, company) or is_office_staff(user, company.municipality)


def can_manage_sharing_consent(user, company: Company) -> bool:
    """Consent is the company's to give and withdraw."""
    return is_company_member(user, company)


def can_record_conversation(user, company: Company) -> bool:
    return is_office_editor(user, company.municipality) or bool(advisor_owner_ids(user, company.municipality))


def can_view_conversation(user, conversation) -> bool:
    company = conversation.company
    return (is_company_member(user, company) or is_office_staff(user, company.municipality)
            or (conversation.owner_id is not None and conversation.owner_id in owner_ids_for_user(user)))


def can_assess_maturity(user, company: Company) -> bool:
    return is_company_member(user, company)


def can_view_maturity(user, company: Company) -> bool:
    return is_company_member(user, company) or is_office_staff(user, company.municipality)


def is_provider_member(user, provider, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    members = provider.members.filter(user=user)
    if roles:
        members = members.filter(role__in=roles)
    return members.exists()


def can_curate_providers(user, municipality: Municipality) -> bool:
    """Providers at home in a municipality are its business office's to create and change."""
    return is_office_editor(user, municipality)


def can_manage_provider(user, provider) -> bool:
    """The provider's municipality's editors (who curate it) and the provider's responsible members."""
    from competence.models import ProviderMember

    return can_curate_providers(user, provider.municipality) or is_provider_member(user, provider,
                                                                                   ProviderMember.Role.OWNER)


def can_edit_provider_offers(user, provider) -> bool:
    return is_provider_member(user, provider) or can_manage_provider(user, provider)


def can_manage_owner_tags(user, owner: PlatformOwner) -> bool:
    """An owner's areas of effort and projects are its members' to define."""
    return is_platform_admin(user) or owner.pk in owner_ids_for_user(user)


def sees_unsuppressed_figures(user, municipality: Municipality) -> bool:
    """Only the municipality's own staff (and the platform administrator) see cells of fewer than 5 companies."""
    return is_office_staff(user, municipality)


# --- Sharing consent and needs conversations (added with the conversations slice) -----------------

def can_view_sharing_consent(user, company: Company) -> bool:
    """The company sees and manages its consents; its office reads them. Owners do not: a consent page
    tells who the company shares with, which is the company's business."""
    return is_company_member(user, company) or is_office_staff(user, company.municipality)


def can_view_company_conversations(user, company: Company) -> bool:
    """Who may open a company's list of needs conversations. Company and office see every record; an
    advisor (an owner granted the municipality) sees the list filtered to its own organisations' records."""
    return (is_company_member(user, company) or is_office_staff(user, company.municipality)
            or bool(advisor_owner_ids(user, company.municipality)))


def can_edit_conversation(user, conversation) -> bool:
    """The recording owner's advisors (while the owner is granted the municipality), the municipality's
    editors and the platform administrator correct a conversation record. The company reads it."""
    company = conversation.company
    if is_office_editor(user, company.municipality):
        return True
    return conversation.owner_id is not None and conversation.owner_id in advisor_owner_ids(user, company.municipality)
