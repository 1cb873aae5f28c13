"""E-mails about municipalities' staff: the invitation to a role."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from municipalities.models import StaffInvitation


def staff_invitation_sent(invitation: StaffInvitation) -> None:
    """Links on the municipality's own host, so the new account and its session belong to that site."""
    municipality = invitation.municipality
    root = municipality.site.root_url
    context = {
        "invitation": invitation, "municipality": municipality, "role": invitation.get_role_display(),
        "signup_url": root + reverse("account_signup"), "login_url": root + reverse("account_login"),
        "admin_url": root + reverse("wagtailadmin_home"),
    }
    body = render_to_string("municipalities/emails/staff_invitation.txt", context)
    subject = _("Du är inbjuden till %(name)s på näringslivsplattformen") % {"name": municipality.name}
    send_mail(subject, body, None, [invitation.email])
