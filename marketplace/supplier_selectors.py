"""Reads for supplier invitations and the call follow-up (who was invited, who answered, who won)."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from marketplace.models import Answer, Hub, Listing, ListingKind, ListingStatus, SupplierInvitation
from marketplace.permissions import is_office_staff, managed_hub_ids

# Calls that were out in the open at some time; drafts, calls waiting for review and rejected ones never were.
_FOLLOWED_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.WITHDRAWN)


def invitation_list_for_listing(*, listing: Listing) -> QuerySet:
    return SupplierInvitation.objects.filter(listing=listing).select_related("company").order_by("created_at")


def followup_hubs(*, municipality, user) -> QuerySet:
    """The hubs the user manages that are at home in, or span, this municipality."""
    return (Hub.objects.filter(pk__in=managed_hub_ids(user))
            .filter(Q(municipality=municipality) | Q(municipalities=municipality)).distinct().order_by("name"))


@dataclass(frozen=True)
class CallRow:
    call: Listing
    invited: int
    invited_answered: int
    answers: int
    chosen: str  # the chosen company's name, or ""


@dataclass(frozen=True)
class Share:
    part: int | Decimal
    whole: int | Decimal

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass(frozen=True)
class CallFollowup:
    rows: list[CallRow]
    answered_local: Share  # calls with an answer from a company of the call's municipality, of all calls
    answered_county: Share  # ... from a company of the call's county
    won_local: Share  # awarded calls won by a company of the call's municipality, of awarded calls
    won_county: Share
    value_local: Share  # awarded value (kr) won by a company of the call's municipality, of all awarded value
    value_county: Share


def call_followup(*, municipality, user) -> CallFollowup:
    """Per procurement call: invited → answered → chosen; and over all the calls, how large a share was
    answered and won (by count and by awarded value) by companies of the call's own municipality and of
    its county. Municipality staff see the calls located in their municipality; a hub manager also (or
    only) the calls of their hubs at home in or spanning this municipality. Published and withdrawn
    calls count (drafts and rejected calls never reached suppliers)."""
    scope = Q(pk__in=[])
    if is_office_staff(user, municipality):
        scope |= Q(municipality=municipality)
    hub_ids = list(followup_hubs(municipality=municipality, user=user).values_list("pk", flat=True))
    if hub_ids:
        scope |= Q(hub_id__in=hub_ids)
    answers = Answer.objects.exclude(status=Answer.Status.WITHDRAWN).select_related("company__municipality")
    calls = list(Listing.objects.filter(scope, kind=ListingKind.CALL, status__in=_FOLLOWED_STATUSES)
                 .select_related("municipality", "awarded_company__municipality")
                 .prefetch_related(Prefetch("answers", queryset=answers), "invitations")
                 .order_by("-published_at", "-pk"))
    return _figures(calls)


def _figures(calls: list[Listing]) -> CallFollowup:
    rows = []
    answered = {"local": 0, "county": 0}
    won = {"local": 0, "county": 0, "all": 0}
    value = {"local": Decimal(0), "county": Decimal(0), "all": Decimal(0)}
    for call in calls:
        answers = list(call.answers.all())
        invitations = list(call.invitations.all())
        chosen = next((a for a in answers if a.status == Answer.Status.CHOSEN), None)
        rows.append(CallRow(call=call, invited=len(invitations),
                            invited_answered=sum(1 for i in invitations if i.status != SupplierInvitation.Status.INVITED),
                            answers=len(answers), chosen=chosen.company.display_name if chosen else ""))
        homes = [a.company.municipality for a in answers]
        answered["local"] += any(m.pk == call.municipality_id for m in homes)
        answered["county"] += any(m.county_code == call.municipality.county_code for m in homes)
        winner = call.awarded_company
        if winner is None:
            continue
        amount = call.awarded_value or Decimal(0)
        local = winner.municipality_id == call.municipality_id
        county = winner.municipality.county_code == call.municipality.county_code
        won["all"] += 1
        won["local"] += local
        won["county"] += county
        value["all"] += amount
        value["local"] += amount if local else 0
        value["county"] += amount if county else 0
    total = len(calls)
    return CallFollowup(
        rows=rows, answered_local=Share(answered["local"], total), answered_county=Share(answered["county"], total),
        won_local=Share(won["local"], won["all"]), won_county=Share(won["county"], won["all"]),
        value_local=Share(value["local"], value["all"]), value_county=Share(value["county"], value["all"]))
