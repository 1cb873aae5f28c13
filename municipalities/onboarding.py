"""Onboarding a municipality: from one of the 290 kommunkoder to a live, themed site with its first
editor invited, in one transaction.

`municipality_onboard` is what the admin's "Lägg till kommun" and `manage.py municipality_create`
call. It validates everything first (each error keyed by the form field it belongs to), then builds
on `services.municipality_create` (Site, home page, collection, theme, role groups), adds the
starter pages, runs the steps the apps above this one register (the directory adds the localities
of the shipped reference data), and invites the first editor through `services.staff_invite`.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site
from wagtail.rich_text import RichText

from core.permissions import require
from municipalities.models import ContentPage, Municipality, Role, StaffInvitation
from municipalities.permissions import is_platform_admin
from municipalities.reference import MunicipalityReference, municipality_references
from municipalities.services import municipality_create, news_index_ensure, staff_invite
from municipalities.validators import MINORITY_LANGUAGES

# Swedish is always offered; English can be added (Municipality.ui_languages).
UI_LANGUAGES = {"sv", "en"}
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")

# Apps above this one (the directory's localities ...) add what a new municipality needs here,
# so onboarding builds everything without this app importing them.
OnboardingStep = Callable[..., object]
_onboarding_steps: list[tuple[str, OnboardingStep]] = []


def register_onboarding_step(name: str, step: OnboardingStep) -> None:
    """step(*, municipality) -> a list of what it created (counted in the result)."""
    if name not in dict(_onboarding_steps):
        _onboarding_steps.append((name, step))


@dataclass(frozen=True)
class OnboardingDefaults:
    reference: MunicipalityReference
    slug: str
    hostname: str


@dataclass(frozen=True)
class OnboardingResult:
    municipality: Municipality
    invitation: StaffInvitation
    created: dict[str, int]  # what each registered step created, e.g. {"localities": 0}


def municipality_choices() -> list[tuple[str, str]]:
    """The 290 kommuner for a select, by name: ("2422", "Sorsele (2422, Västerbottens län)")."""
    references = sorted(municipality_references().values(), key=lambda r: (r.name, r.code))
    return [(r.code, f"{r.name} ({r.code}, {r.county_name})") for r in references]


def onboarding_defaults(code: str) -> OnboardingDefaults:
    """Name and county from SCB's list; the slug and host from the name folded to ASCII
    (Överkalix -> overkalix). Håbo and Habo fold alike: the second one gets its code appended."""
    reference = municipality_references()[code]
    slug = slugify(reference.name)
    if Municipality.objects.filter(slug=slug).exclude(code=code).exists():
        slug = f"{slug}-{code}"
    return OnboardingDefaults(reference=reference, slug=slug, hostname=f"{slug}.{settings.PLATFORM_BASE_DOMAIN}")


def default_site_port() -> int:
    """443 in production, so every link the site builds is https:// (no redirect on each one);
    elsewhere the platform site's port (`make run` seeds with its own port, the tests with theirs)."""
    if getattr(settings, "PLATFORM_IS_PRODUCTION", False):
        return 443
    site = Site.objects.filter(is_default_site=True).first()
    return site.port if site else 80


def _validate(*, code: str, hostname: str, editor_email: str, ui_languages: list[str],
              minority_languages: list[str]) -> None:
    """Every problem at once, each under the name of the field it belongs to."""
    errors: dict[str, str] = {}
    reference = municipality_references().get(code)
    existing = Municipality.objects.filter(code=code).first()
    if reference is None:
        errors["code"] = _("%(code)s är inte en av Sveriges 290 kommunkoder (SCB). Ange fyra siffror, "
                           "till exempel 2422.") % {"code": code}
    elif existing is not None:
        errors["code"] = _("%(name)s (%(code)s) finns redan på plattformen, på %(host)s.") % {
            "name": existing.name, "code": code, "host": existing.site.hostname}
    if not HOSTNAME.match(hostname):
        errors["hostname"] = _("Ange ett värdnamn med små bokstäver a–z, siffror, bindestreck och punkter, "
                               "till exempel sorsele.example.se (utan https:// och utan snedstreck).")
    elif (site := Site.objects.filter(hostname=hostname).first()) is not None:
        errors["hostname"] = _("%(host)s används redan av webbplatsen %(site)s. Välj en annan adress.") % {
            "host": hostname, "site": site.site_name or site.hostname}
    try:
        validate_email(editor_email)
    except ValidationError:
        errors["editor_email"] = _("Ange en giltig e-postadress till kommunens första redaktör.")
    if "sv" not in ui_languages or not set(ui_languages) <= UI_LANGUAGES:
        errors["ui_languages"] = _("Svenska ingår alltid; engelska kan läggas till.")
    if not set(minority_languages) <= set(MINORITY_LANGUAGES):
        errors["minority_languages"] = _("Välj bland de nationella minoritetsspråken.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def municipality_onboard(
    *, code: str, editor_email: str, actor=None, hostname: str = "", port: int | None = None,
    office_name: str = "", office_email: str = "", office_phone: str = "",
    ui_languages: list[str] | None = None, minority_languages: list[str] | None = None, preset: str = "fjall",
) -> OnboardingResult:
    """Create a municipality ready to go live: Site, home and starter pages, collection, theme, role
    groups, localities, and the invitation of its first editor. Nothing is saved unless all of it is."""
    require(actor is None or is_platform_admin(actor), "Only platform administrators create municipalities.")
    code, editor_email = (code or "").strip(), (editor_email or "").strip().lower()
    hostname = (hostname or "").strip().lower()
    ui_languages = list(ui_languages or ["sv", "en"])
    minority_languages = list(minority_languages or [])
    if code in municipality_references() and not hostname:
        hostname = onboarding_defaults(code).hostname
    _validate(code=code, hostname=hostname, editor_email=editor_email, ui_languages=ui_languages,
              minority_languages=minority_languages)
    defaults = onboarding_defaults(code)
    port = port if port is not None else default_site_port()
    _ensure_platform_site(port)
    name = defaults.reference.name
    municipality = municipality_create(
        code=code, slug=defaults.slug, hostname=hostname, port=port, preset=preset, actor=actor,
        office_name=office_name or _("Näringslivskontoret i %(name)s") % {"name": name},
        office_email=office_email, office_phone=office_phone, minority_languages=minority_languages,
        ui_languages=ui_languages,
    )
    _add_starter_pages(municipality)
    created = {step_name: len(step(municipality=municipality) or []) for step_name, step in _onboarding_steps}
    invitation = staff_invite(municipality=municipality, email=editor_email, role=Role.EDITOR, actor=actor)
    return OnboardingResult(municipality=municipality, invitation=invitation, created=created)


def _ensure_platform_site(port: int) -> None:
    """On a fresh installation the default site is still Wagtail's welcome page; the platform's
    landing page takes its place before the first municipality is added."""
    from municipalities.landing import ensure_landing_site
    from municipalities.models import LandingPage

    if not LandingPage.objects.exists():
        ensure_landing_site(hostname=settings.PLATFORM_BASE_DOMAIN, port=port)


def _add_starter_pages(municipality: Municipality) -> None:
    """A home page with an introduction, two published pages the office edits into its own, and the
    news index the office publishes its news under.

    Written in Swedish whatever language the administrator's screen is in: it is the site's content.
    """
    with translation.override("sv"):
        name = escape(municipality.name)
        home = municipality.site.root_page.specific
        home.intro = "<p>" + _("Här hittar du företag, service och stöd i %(name)s kommun.") % {"name": name} + "</p>"
        home.save_revision().publish()
        contact = [escape(part) for part in (municipality.office_email, municipality.office_phone) if part]
        about_body = _("Kontakta oss: %(contact)s.") % {"contact": ", ".join(contact)} if contact else _(
            "Kontaktuppgifter kommer snart.")
        pages = [
            ("om-naringslivskontoret", municipality.office_name,  # a title: Wagtail escapes it
             _("Vi hjälper dig som driver eller vill starta företag i %(name)s.") % {"name": name}, about_body),
            ("starta-foretag", _("Starta företag"),
             _("Funderar du på att starta eget i %(name)s? Vi hjälper dig från idé till första kund.") % {"name": name},
             _("Boka ett samtal med näringslivskontoret, så går vi igenom affärsidé, tillstånd och vilka stöd "
               "som finns att söka.")),
        ]
        for slug, title, intro, body in pages:
            page = ContentPage(title=title, slug=slug, show_in_menus=True, intro=f"<p>{intro}</p>",
                               body=[("paragraph", RichText(f"<p>{body}</p>"))])
            home.add_child(instance=page)
            page.save_revision().publish()
    news_index_ensure(municipality=municipality)
