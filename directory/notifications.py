"""E-mails the directory sends: to the office about new work, to companies about decisions."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import Company, CompanyClaim, CompanyInvitation


def _company_url(company: Company) -> str:
    return company.municipality.site.root_url + reverse("directory:company-detail", args=[company.slug])


def _admin_queue_url(company: Company) -> str:
    return company.municipality.site.root_url + reverse("directory_admin:queue")


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    body = render_to_string(f"directory/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def _member_emails(company: Company) -> list[str]:
    return list(company.members.values_list("user__email", flat=True))


def office_new_registration(company: Company) -> None:
    _send(_("Nytt företag att granska: %(name)s") % {"name": company.display_name}, "office_new_registration",
          {"company": company, "queue_url": _admin_queue_url(company)}, [company.municipality.office_email])


def office_changes_pending(company: Company) -> None:
    _send(_("Ändringar att granska: %(name)s") % {"name": company.display_name}, "office_changes_pending",
          {"company": company, "queue_url": _admin_queue_url(company)}, [company.municipality.office_email])


def office_new_claim(claim: CompanyClaim) -> None:
    _send(_("Anspråk på %(name)s att granska") % {"name": claim.company.display_name}, "office_new_claim",
          {"claim": claim, "queue_url": _admin_queue_url(claim.company)}, [claim.company.municipality.office_email])


def members_approved(company: Company) -> None:
    _send(_("%(name)s är publicerat") % {"name": company.display_name}, "members_approved",
          {"company": company, "company_url": _company_url(company)}, _member_emails(company))


def members_rejected(company: Company, reason: str) -> None:
    _send(_("Beslut om %(name)s") % {"name": company.display_name}, "members_rejected",
          {"company": company, "reason": reason}, _member_emails(company))


def members_changes_requested(company: Company, message: str) -> None:
    _send(_("Komplettera uppgifterna om %(name)s") % {"name": company.display_name}, "members_changes_requested",
          {"company": company, "message": message, "company_url": _company_url(company)}, _member_emails(company))


def claimant_decided(claim: CompanyClaim) -> None:
    _send(_("Beslut om ditt anspråk på %(name)s") % {"name": claim.company.display_name}, "claimant_decided",
          {"claim": claim, "company_url": _company_url(claim.company)}, [claim.user.email])


def invitation_sent(invitation: CompanyInvitation) -> None:
    _send(_("Du är inbjuden att sköta %(name)s") % {"name": invitation.company.display_name}, "invitation",
          {"invitation": invitation, "signup_url": invitation.company.municipality.site.root_url
           + reverse("account_signup")}, [invitation.email])


def members_stale_reminder(company: Company) -> None:
    _send(_("Stämmer uppgifterna om %(name)s?") % {"name": company.display_name}, "members_stale_reminder",
          {"company": company, "mine_url": company.municipality.site.root_url + reverse("directory:company-mine")},
          _member_emails(company))
