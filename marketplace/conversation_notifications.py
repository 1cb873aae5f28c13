"""E-mails about answers and conversations: an invitation to answer, and a thread's unread messages.
Sent after commit by conversation_services; each links to the page on the listing's municipality host."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directory.models import CompanyMember


def _url(municipality, name: str, *args) -> str:
    return municipality.site.root_url + reverse(name, args=args)


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    # The platform's language: recipients have no language setting of their own.
    with translation.override("sv"):
        body = render_to_string(f"marketplace/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def invitation_sent(*, invitation_id: int) -> None:
    from marketplace.models import SupplierInvitation

    invitation = (SupplierInvitation.objects.select_related("listing__municipality", "company")
                  .filter(pk=invitation_id).first())
    if invitation is None:
        return
    listing = invitation.listing
    emails = list(CompanyMember.objects.filter(company=invitation.company, user__is_active=True)
                  .values_list("user__email", flat=True))
    with translation.override("sv"):
        subject = _("Ni är inbjudna att svara: %(title)s") % {"title": listing.title}
    _send(subject, "invitation_company",
          {"invitation": invitation, "listing": listing, "company": invitation.company,
           "answer_url": _url(listing.municipality, "marketplace_conversations:answer-create", listing.pk)}, emails)


def conversation_unread(*, conversation, user, count: int) -> None:
    with translation.override("sv"):
        subject = _("Nytt meddelande om %(title)s") % {"title": conversation.listing.title}
    _send(subject, "conversation_unread",
          {"conversation": conversation, "count": count, "listing": conversation.listing,
           "conversation_url": _url(conversation.municipality, "marketplace_conversations:conversation-detail",
                                    conversation.pk)}, [user.email])
