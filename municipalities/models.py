"""Municipalities (one Wagtail Site each), staff roles, platform owners and the tenancy base model."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from core.models import TimeStampedModel
from municipalities.validators import MINORITY_LANGUAGES, validate_minority_languages, validate_municipality_code


class Municipality(TimeStampedModel):
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn"), unique=True, help_text=_("Används i webbadressen, t.ex. arvidsjaur."))
    code = models.CharField(_("kommunkod"), max_length=4, unique=True, validators=[validate_municipality_code],
                            help_text=_("SCB:s fyrsiffriga kommunkod."))
    county_code = models.CharField(_("länskod"), max_length=2, editable=False)
    county_name = models.CharField(_("län"), max_length=100, editable=False)
    site = models.OneToOneField("wagtailcore.Site", verbose_name=_("webbplats"), on_delete=models.PROTECT,
                                related_name="municipality", editable=False)
    collection = models.OneToOneField("wagtailcore.Collection", on_delete=models.PROTECT,
                                      related_name="municipality", editable=False)
    theme = models.OneToOneField("themes.Theme", verbose_name=_("tema"), on_delete=models.PROTECT,
                                 related_name="municipality", editable=False)
    office_name = models.CharField(_("näringslivskontorets namn"), max_length=200, blank=True)
    office_email = models.EmailField(_("e-post"), blank=True)
    office_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    office_address = models.CharField(_("besöksadress"), max_length=200, blank=True)
    office_website = models.URLField(_("kommunens webbplats"), blank=True)
    minority_languages = models.JSONField(
        _("nationella minoritetsspråk"), default=list, blank=True, validators=[validate_minority_languages],
        help_text=_("Förvaltningsområden där innehåll på minoritetsspråk kan läggas till."),
    )
    ui_languages = models.JSONField(_("webbplatsens språk"), default=list, blank=True,
                                    help_text=_("Svenska är alltid förvalt; engelska kan väljas."))
    sot_hosts_require_mfa = models.BooleanField(
        _("SOT-värdar måste använda tvåstegsverifiering"), default=False,
        help_text=_("Värdar ändrar bara sin egen punkts offentliga läge, ofta från en enkel telefon under "
                    "en storm. De erbjuds alltid tvåstegsverifiering; kryssa i för att kräva den."),
    )

    panels = [
        FieldPanel("name", read_only=True),
        MultiFieldPanel(
            [FieldPanel("office_name"), FieldPanel("office_email"), FieldPanel("office_phone"),
             FieldPanel("office_address"), FieldPanel("office_website")],
            heading=_("Näringslivskontoret"),
        ),
        FieldPanel("sot_hosts_require_mfa"),
    ]

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def minority_language_names(self) -> list[str]:
        return [MINORITY_LANGUAGES[code] for code in self.minority_languages if code in MINORITY_LANGUAGES]

    @property
    def root_url(self) -> str:
        return self.site.root_url


class MunicipalityOwnedQuerySet(models.QuerySet):
    def for_municipality(self, municipality: "Municipality"):
        return self.filter(municipality=municipality)

    def for_staff(self, user, roles=None):
        """Objects of the municipalities where the user holds one of the staff roles."""
        from municipalities.permissions import municipality_ids_for_user

        if user.is_superuser:
            return self
        return self.filter(municipality_id__in=municipality_ids_for_user(user, roles))


class MunicipalityOwned(TimeStampedModel):
    """Base for every object that belongs to exactly one municipality."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("kommun"), on_delete=models.CASCADE,
                                     related_name="+")

    objects = MunicipalityOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Locality(MunicipalityOwned):
    """A town or village (by, tätort) of the municipality: where companies operate, SOT points stand and
    disruptions strike. Onboarding seeds it from the shipped reference list (directory.services.localities_ensure,
    a registered onboarding step); staff correct it in the admin."""

    name = models.CharField(_("namn"), max_length=100)
    latitude = models.FloatField(_("latitud"))
    longitude = models.FloatField(_("longitud"))

    # The municipality is never editable in the admin: moving an object between tenants is not a form field.
    panels = ["name", "latitude", "longitude"]

    class Meta:
        verbose_name = _("ort")
        verbose_name_plural = _("orter")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_locality_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EDITOR = "editor", _("Redaktör (näringslivskontoret)")
    MODERATOR = "moderator", _("Moderator")
    SOT_HOST = "sot_host", _("Värd för SOT-punkt")


STAFF_ROLES = (Role.EDITOR, Role.MODERATOR)


class MunicipalityMembership(MunicipalityOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE,
                             related_name="municipality_memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("kommunroll")
        verbose_name_plural = _("kommunroller")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="unique_membership_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


class StaffInvitation(MunicipalityOwned):
    """An invitation by e-mail to a staff role (the first editor of a new municipality, say).

    Accepted, through services.staff_invitations_accept_for, when the address is verified (signing
    up) or used to log in; the role is then granted by membership_grant like every other role.
    """

    email = models.EmailField(_("e-post"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inbjuden av"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbjudan till kommunroll")
        verbose_name_plural = _("inbjudningar till kommunroller")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "email", "role"], name="unique_staff_invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()} ({self.municipality})"


class PlatformOwner(TimeStampedModel):
    """A region or business-support organisation granted read access to chosen municipalities' follow-up."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        BUSINESS_SUPPORT = "business_support", _("Företagsfrämjande aktör (t.ex. Almi, IUC)")
        EDUCATION = "education", _("Utbildningsaktör (t.ex. lärcentrum)")
        NETWORK = "network", _("Nätverk")
        COMPANY = "company", _("Företag (t.ex. vindkraftsbolag)")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    municipalities = models.ManyToManyField(Municipality, verbose_name=_("kommuner med läsrätt"), blank=True,
                                            related_name="platform_owners")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("medlemmar"), blank=True,
                                     related_name="platform_owners")

    class Meta:
        verbose_name = _("plattformsägare")
        verbose_name_plural = _("plattformsägare")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- Pages --------------------------------------------------------------------------
from wagtail.fields import RichTextField, StreamField  # noqa: E402
from wagtail.models import Page  # noqa: E402

from core.caching import mark_shared  # noqa: E402
from municipalities.blocks import ContentBlock  # noqa: E402

# Public pages may be kept by the proxy cache this long; it bounds how late an edit, or the
# banner of a newly declared disruption, reaches anonymous visitors.
PAGE_SHARED_MAX_AGE = 30


class SharedCachePageMixin:
    """Wagtail pages whose anonymous responses a shared cache may keep (see core.caching)."""

    def serve(self, request, *args, **kwargs):
        return mark_shared(super().serve(request, *args, **kwargs), PAGE_SHARED_MAX_AGE)


class LandingPage(SharedCachePageMixin, Page):
    """The platform's page on the bare host: lists the municipalities."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = []
    max_count = 1
    template = "municipalities/landing_page.html"

    class Meta:
        verbose_name = _("plattformens startsida")

    def get_context(self, request, *args, **kwargs):
        from municipalities.selectors import municipality_list_public

        context = super().get_context(request, *args, **kwargs)
        context["municipalities"] = municipality_list_public()
        return context


class HomePage(SharedCachePageMixin, Page):
    """A municipality's home page: the root of its site."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(ContentBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["municipalities.ContentPage", "municipalities.NewsIndexPage"]
    template = "municipalities/home_page.html"

    class Meta:
        verbose_name = _("kommunens startsida")

    def get_context(self, request, *args, **kwargs):
        from municipalities.home import home_sections
        from municipalities.selectors import news_article_list_latest, news_index_for

        context = super().get_context(request, *args, **kwargs)
        municipality = getattr(request, "municipality", None)
        context["home_sections"] = home_sections(request, municipality) if municipality else []
        if municipality:
            context["latest_news"] = news_article_list_latest(municipality=municipality)
            context["news_index"] = news_index_for(municipality=municipality)
        # The news index is linked from the news section, not again among the information pages.
        context["content_pages"] = self.get_children().live().public().in_menu().not_type(NewsIndexPage)
        return context


class ContentPage(SharedCachePageMixin, Page):
    """An ordinary information page, e.g. "Om näringslivskontoret"."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(ContentBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["municipalities.HomePage", "municipalities.ContentPage"]
    subpage_types = ["municipalities.ContentPage"]
    template = "municipalities/content_page.html"

    class Meta:
        verbose_name = _("informationssida")


# News pages live in their own module; imported here so Django registers them with this app.
from municipalities.news import NewsArticlePage, NewsIndexPage  # noqa: E402,F401
