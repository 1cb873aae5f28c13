"""News from the business office: one news index under each home page, articles beneath it.

Articles live in the municipality's own page tree, so Wagtail's per-municipality page permissions
(services._sync_role_groups) and the admin's tenant guard scope them like every other page.
"""
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.params import positive_int
from municipalities.blocks import ContentBlock
from municipalities.models import SharedCachePageMixin

NEWS_PER_PAGE = 10


class NewsIndexPage(SharedCachePageMixin, Page):
    """The office's news, newest first, ten to a page."""

    intro = RichTextField(_("ingress"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["municipalities.HomePage"]
    subpage_types = ["municipalities.NewsArticlePage"]
    template = "municipalities/news_index_page.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("nyhetssida")

    def get_context(self, request, *args, **kwargs):
        from municipalities.selectors import news_article_list_live

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(news_article_list_live(index=self), NEWS_PER_PAGE)
        # A page number past the end shows the last page, not an error (links in old newsletters).
        context["articles"] = paginator.get_page(positive_int(request.GET.get("sida", "")) or 1)
        return context


class NewsArticlePage(SharedCachePageMixin, Page):
    date = models.DateField(_("datum"), default=timezone.localdate,
                            help_text=_("Visas vid nyheten; nyheterna listas med den senaste först."))
    summary = models.TextField(_("sammanfattning"), max_length=300,
                               help_text=_("En eller två meningar som visas i listor och på startsidan."))
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("bild"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(_("alternativtext"), max_length=250, blank=True,
                                 help_text=_("Vad bilden visar, för den som använder skärmläsare."))
    body = StreamField(ContentBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Bild")),
        FieldPanel("body"),
    ]
    parent_page_types = ["municipalities.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "municipalities/news_article_page.html"

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _(
                "Skriv en alternativtext som beskriver bilden för den som inte ser den, eller ta bort bilden.")})
