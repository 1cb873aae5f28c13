"""Shared resources (a machine, premises, a trailer) and bookings of them for a time slot. The owner
confirms a request; two confirmed bookings of one resource never overlap (services.booking_* lock the
resource's row to decide)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import MunicipalityOwned


class AvailabilityWindow(models.Model):
    """A period when the resource can be booked; a resource without windows is bookable any time."""

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(_("från"))
    ends_at = models.DateTimeField(_("till"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="availability_ends_after_start")]


class Booking(MunicipalityOwned):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Förfrågan")
        CONFIRMED = "confirmed", _("Bekräftad")
        DECLINED = "declined", _("Avböjd")
        CANCELLED = "cancelled", _("Avbokad")

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="bookings")
    company = models.ForeignKey("directory.Company", verbose_name=_("för företag"), on_delete=models.CASCADE,
                                null=True, blank=True, related_name="marketplace_bookings")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="marketplace_bookings")
    starts_at = models.DateTimeField(_("från"))
    ends_at = models.DateTimeField(_("till"))
    message = models.TextField(_("meddelande"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bokning")
        verbose_name_plural = _("bokningar")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["listing", "status", "starts_at"], name="booking_slot_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="booking_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.listing} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Bokningen måste sluta efter att den börjar.")}, code="booking_order")
