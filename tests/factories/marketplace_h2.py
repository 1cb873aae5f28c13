"""Helpers for the public marketplace's tests: places, a platform owner for hubs, and listings written to the
search index the way a real save is (on commit)."""
from datetime import datetime
from zoneinfo import ZoneInfo

from municipalities.models import Locality, PlatformOwner

from .marketplace import make_listing

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_locality(municipality, name: str, latitude: float, longitude: float) -> Locality:
    return Locality.objects.create(municipality=municipality, name=name, latitude=latitude, longitude=longitude)


def make_platform_owner(name: str = "Vindkraft Blaiken AB") -> PlatformOwner:
    return PlatformOwner.objects.create(name=name, kind=PlatformOwner.Kind.COMPANY)


def stockholm(*args) -> datetime:
    """A moment given as Swedish local time, e.g. stockholm(2027, 7, 1, 10, 0)."""
    return datetime(*args, tzinfo=STOCKHOLM)


def make_indexed_listing(capture_on_commit, municipality, **fields):
    """A listing saved as a service would save it: the search index is written when the transaction commits."""
    with capture_on_commit(execute=True):
        return make_listing(municipality, **fields)


def add_photo(listing, *, alt_text: str):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from marketplace.models import ListingPhoto

    image = get_image_model().objects.create(title=alt_text, file=get_test_image_file(),
                                             collection=listing.municipality.collection)
    return ListingPhoto.objects.create(listing=listing, image=image, alt_text=alt_text)


def add_attachment(listing, *, title: str):
    from marketplace import attachments

    return attachments.store(attachments.CheckedPdf(data=b"%PDF-1.4\n%%EOF\n", filename="forfragningsunderlag.pdf",
                                                    title=title), listing=listing)
