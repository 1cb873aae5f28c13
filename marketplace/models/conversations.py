"""Answers to requests and procurement calls, supplier invitations, and the conversation threads between a
listing's owner and one supplier. Only the two sides' people read a thread (permissions.can_view_conversation)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from municipalities.models import MunicipalityOwned


class SupplierInvitation(MunicipalityOwned):
    """A company invited to answer a request or call; tracks invited → answered → chosen for the follow-up."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Inbjuden")
        ANSWERED = "answered", _("Har svarat")
        CHOSEN = "chosen", _("Vald")
        NOT_CHOSEN = "not_chosen", _("Inte vald")

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="invitations")
    company = models.ForeignKey("directory.Company", on_delete=models.CASCADE, related_name="marketplace_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reason = models.CharField(_("varför företaget föreslogs"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INVITED)

    class Meta:
        verbose_name = _("inbjudan att svara")
        verbose_name_plural = _("inbjudningar att svara")
        constraints = [models.UniqueConstraint(fields=["listing", "company"], name="unique_supplier_invitation")]


class Answer(MunicipalityOwned):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inskickat")
        WITHDRAWN = "withdrawn", _("Återtaget")
        CHOSEN = "chosen", _("Valt")
        NOT_CHOSEN = "not_chosen", _("Inte valt")

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="answers")
    company = models.ForeignKey("directory.Company", on_delete=models.CASCADE, related_name="marketplace_answers")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    text = models.TextField(_("ert svar"), max_length=8000)
    price_amount = models.DecimalField(_("pris (kr)"), max_digits=14, decimal_places=2, null=True, blank=True)
    price_note = models.CharField(_("om priset"), max_length=200, blank=True,
                                  help_text=_("t.ex. per säsong, exklusive moms"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["listing", "company"], name="unique_answer_per_company")]


class Conversation(MunicipalityOwned):
    """The thread between a listing's owner and one supplier company (its members on the other side)."""

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="conversations")
    company = models.ForeignKey("directory.Company", verbose_name=_("leverantör"), on_delete=models.CASCADE,
                                related_name="marketplace_conversations")
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("konversation")
        verbose_name_plural = _("konversationer")
        ordering = ["-last_message_at"]
        constraints = [models.UniqueConstraint(fields=["listing", "company"], name="unique_conversation")]


class Message(TimeStampedModel):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    body = models.TextField(_("meddelande"), max_length=4000)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_thread_idx")]


class ConversationRead(models.Model):
    """How far a participant has read, for unread counts and for e-mailing only what they have not seen."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="unique_conversation_read")]
