"""Helpers the user-story tests share: where a municipality answers, form fields by label, colours."""
import re

from django.core.mail import EmailMessage
from playwright.sync_api import Locator, Page


def home_url(municipality) -> str:
    """The municipality's home page on the live server, e.g. http://arvidsjaur.localhost:41234/."""
    return f"{municipality.site.root_url}/"


def field(page: Page, label: str) -> Locator:
    """A form field by its visible label; Django's labels end in a colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def css_rgb(hex_colour: str) -> str:
    """'#1d4f7a' -> 'rgb(29, 79, 122)', the form getComputedStyle reports."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def link_in(email: EmailMessage) -> str:
    match = re.search(r"https?://\S+", email.body)
    assert match, f"No link in the e-mail:\n{email.body}"
    return match.group(0)
