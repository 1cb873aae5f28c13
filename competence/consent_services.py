"""A company's dated consent to let one platform owner see its individual needs: given and withdrawn by the
company. A withdrawn consent stays as history; giving again makes a new row. The permission predicates read
the active consent on every request, so a withdrawal takes effect at the next request everywhere."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competence.models import SharingConsent
from competence.permissions import can_manage_sharing_consent
from core.permissions import require
from directory.models import Company
from municipalities.models import PlatformOwner


@transaction.atomic
def consent_give(*, actor, company: Company, owner: PlatformOwner) -> SharingConsent:
    """The company consents to share its individual needs with `owner`. Only owners granted the company's
    municipality can be chosen; a second consent while one is active is refused with a Swedish message."""
    require(can_manage_sharing_consent(actor, company))
    if not owner.municipalities.filter(pk=company.municipality_id).exists():
        raise ValidationError({"owner": ValidationError(
            _("%(owner)s har inte tillgång till %(municipality)s och kan inte få ert samtycke."),
            params={"owner": owner.name, "municipality": company.municipality.name}, code="owner_not_granted")})
    # Lock the company row so two simultaneous clicks cannot both pass the check below.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    if SharingConsent.objects.filter(company=company, owner=owner, withdrawn_at__isnull=True).exists():
        raise ValidationError({"owner": ValidationError(
            _("Ni delar redan era behov med %(owner)s."), params={"owner": owner.name}, code="already_given")})
    consent = SharingConsent(municipality_id=company.municipality_id, company=company, owner=owner, given_by=actor)
    consent.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:  # the partial unique constraint, should a race slip past the lock
        raise ValidationError({"owner": ValidationError(
            _("Ni delar redan era behov med %(owner)s."), params={"owner": owner.name},
            code="already_given")}) from error
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: SharingConsent) -> SharingConsent:
    """Withdraw at once: dated, by whom; the row stays in the company's history."""
    require(can_manage_sharing_consent(actor, consent.company))
    consent = SharingConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Samtycket är redan återkallat."), code="already_withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return consent
