"""iCalendar (RFC 5545) feeds of marketplace events: a municipality's, a hub's, or one event's.

Times are written as local Europe/Stockholm times with a TZID and the matching VTIMEZONE (generated from
the zoneinfo database for the years the events cover), so an event at 10:00 stays at 10:00 in a subscriber's
calendar in summer and in winter alike. Each event's UID is `listing-<pk>@<platform domain>`: the same
event keeps its identity on every host that shows it (a hub spanning several municipalities). DTSTAMP is the
listing's last change, so a feed's bytes change only when its events do (it is shared-cacheable)."""
from collections.abc import Iterable
from datetime import date
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from marketplace.models import Listing

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODID = "-//Näringslivsplattformen//Marknadsplats//SV"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(listing: Listing) -> str:
    return f"listing-{listing.pk}@{settings.PLATFORM_BASE_DOMAIN}"


def _vevent(listing: Listing, *, base_url: str) -> Event:
    event = Event()
    event.add("uid", event_uid(listing))
    event.add("dtstamp", listing.updated_at.astimezone(dt_timezone.utc))
    event.add("dtstart", listing.starts_at.astimezone(STOCKHOLM))
    if listing.ends_at:
        # Without an end the event is a moment (RFC 5545 3.6.1); we do not invent a duration.
        event.add("dtend", listing.ends_at.astimezone(STOCKHOLM))
    event.add("summary", listing.title)
    event.add("description", listing.description)
    location = ", ".join(filter(None, [listing.venue, listing.locality.name if listing.locality else ""]))
    if location:
        event.add("location", location)
    event.add("url", base_url + reverse("marketplace:listing-detail", args=[listing.pk]))
    return event


def events_calendar(listings: Iterable[Listing], *, name: str, base_url: str) -> bytes:
    """The VCALENDAR for the events, with a VTIMEZONE covering the years they fall in."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    years = []
    for listing in listings:
        if listing.starts_at is None:
            continue
        calendar.add_component(_vevent(listing, base_url=base_url))
        years.extend(moment.astimezone(STOCKHOLM).year for moment in (listing.starts_at, listing.ends_at) if moment)
    if years:
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31))
    return calendar.to_ical()
