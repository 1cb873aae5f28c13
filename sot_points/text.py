"""The emergency text version: plain sentences for SMS and notice boards, at most 1 KB per point.

"Handlar'n i Lansjärv är öppen till 18.00 med reservkraft. Här finns värme (12 av 20 platser lediga),
vatten och laddning. Senast bekräftat 14.05." Written in the active language (the visitor's; the
snapshot's is Swedish), with natural lists ("a, b och c") and times as Swedes write them (14.05).
"""
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sot_points.models import Capability, PointStatus, SotPoint

MAX_BYTES = 1024
ELLIPSIS = "…"

# What a point offers, as it reads inside "Här finns …". Reserve power is said with the status
# ("öppen med reservkraft"), and the warm room carries its free places.
_OFFERS = {
    Capability.INFORMATION: gettext_lazy("information"),
    Capability.CHARGING: gettext_lazy("laddning av telefon och dator"),
    Capability.RAKEL: gettext_lazy("Rakel-radio för att nå 112"),
    Capability.WATER: gettext_lazy("dricksvatten"),
    Capability.WARM_ROOM: gettext_lazy("värme"),
    Capability.FOOD_SALES: gettext_lazy("livsmedel"),
    Capability.WARM_FOOD: gettext_lazy("varm mat"),
    Capability.FUEL: gettext_lazy("drivmedel"),
    Capability.FIRST_AID: gettext_lazy("första hjälpen"),
    Capability.DEFIBRILLATOR: gettext_lazy("hjärtstartare"),
    Capability.TOILETS: gettext_lazy("toaletter"),
    Capability.INTERNET: gettext_lazy("wifi och internet"),
    Capability.CRISIS_SUPPORT: gettext_lazy("krisstöd"),
    Capability.RELATIVES: gettext_lazy("hjälp att kontakta anhöriga"),
}


def natural_list(items: list[str]) -> str:
    """"a", "a och b", "a, b och c" (English: "a, b and c")."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s och %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _clock(moment) -> str:
    return date_format(moment, "H.i")


def _closing_time(windows, now: datetime) -> str:
    """When the window the point is in now closes ("" outside every window or without hours)."""
    local = timezone.localtime(now).time()
    for opens, closes in windows or ():
        if opens <= local < closes:
            return _clock(closes)
    return ""


def _status_sentence(point: SotPoint, *, closes: str) -> str:
    power = Capability.RESERVE_POWER in point.available_now
    name = point.name
    if point.status == PointStatus.OPEN:
        if closes and power:
            return _("%(name)s är öppen till %(time)s med reservkraft.") % {"name": name, "time": closes}
        if closes:
            return _("%(name)s är öppen till %(time)s.") % {"name": name, "time": closes}
        if power:
            return _("%(name)s är öppen med reservkraft.") % {"name": name}
        return _("%(name)s är öppen.") % {"name": name}
    if point.status == PointStatus.LIMITED:
        if power:
            return _("%(name)s har begränsad verksamhet med reservkraft.") % {"name": name}
        return _("%(name)s har begränsad verksamhet.") % {"name": name}
    if point.status == PointStatus.CLOSED:
        return _("%(name)s är stängd.") % {"name": name}
    return _("Läget för %(name)s är okänt.") % {"name": name}


def _offer_sentence(point: SotPoint) -> str:
    offers = []
    for code in point.available_now:
        if code not in _OFFERS:
            continue
        offer = str(_OFFERS[code])
        if code == Capability.WARM_ROOM and point.places_free is not None and point.warm_room_places:
            offer = _("%(offer)s (%(free)s av %(total)s platser lediga)") % {
                "offer": offer, "free": point.places_free, "total": point.warm_room_places}
        offers.append(offer)
    if not offers:
        return ""
    return _("Här finns %(offers)s.") % {"offers": natural_list(offers)}


def _as_sentence(message: str) -> str:
    message = message.strip()
    return message if not message or message[-1] in ".!?…" else message + "."


def _freshness_sentence(point: SotPoint, *, stale: bool, now: datetime) -> str:
    changed = point.status_changed_at
    if point.confirmation_requested_at and changed:
        return _("Ej bekräftat efter störningen, senast ändrat %(time)s.") % {"time": _when(changed, now)}
    if changed is None:
        return _("Läget är inte bekräftat.")
    if stale:
        return _("Inte bekräftat sedan %(time)s.") % {"time": _when(changed, now)}
    return _("Senast bekräftat %(time)s.") % {"time": _when(changed, now)}


def _when(moment: datetime, now: datetime) -> str:
    """"14.05" today, "2/12 14.05" on another day."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localtime(now).date():
        return _clock(local)
    return f"{date_format(local, 'j/n')} {_clock(local)}"


def _contact_sentence(point: SotPoint) -> str:
    place = point.street_address + (f", {point.locality.name}" if point.locality_id else "")
    return _("Adress: %(place)s. Telefon: %(phone)s.") % {"place": place, "phone": point.phone}


def _render(point: SotPoint, message: str, *, stale: bool, closes: str, now: datetime) -> str:
    sentences = [_status_sentence(point, closes=closes), _offer_sentence(point), _as_sentence(message),
                 _freshness_sentence(point, stale=stale, now=now)]
    return " ".join(s for s in sentences if s) + "\n" + _contact_sentence(point) + "\n"


def point_text(point: SotPoint, *, stale: bool, hours_today=None, now: datetime | None = None) -> str:
    """The point in sentences; if too long, the host's free-text message is shortened (the rest is short).

    `hours_today`: selectors.DayHours of today, for "öppen till 18.00"."""
    now = now or timezone.now()
    closes = _closing_time(hours_today.windows if hours_today and not hours_today.closed else (), now)
    message = point.status_message or ""
    text = _render(point, message, stale=stale, closes=closes, now=now)
    while len(text.encode()) > MAX_BYTES and message:
        overflow = len(text.encode()) - MAX_BYTES
        message = message[: max(0, len(message) - overflow - len(ELLIPSIS.encode()))]
        text = _render(point, (message + ELLIPSIS) if message else "", stale=stale, closes=closes, now=now)
    return text.encode()[:MAX_BYTES].decode(errors="ignore")
