"""A municipality's visual theme: a preset palette with optional overrides, logo and hero image.

Themes are CSS custom properties (see tokens.py); templates are shared, never forked.
"""
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.models import TimeStampedModel
from themes.contrast import AA_NORMAL_TEXT, HEX_COLOUR, contrast_ratio
from themes.presets import COLOR_TOKENS, PRESET_CHOICES, PRESETS

hex_colour_validator = RegexValidator(
    HEX_COLOUR, _("Ange färgen som en hexkod med sex siffror, till exempel #1d4f7a.")
)

# (foreground token, background token, label) pairs that must reach AA contrast.
CONTRAST_PAIRS = [
    ("text", "background", _("Brödtext mot bakgrund")),
    ("link", "background", _("Länkar mot bakgrund")),
    ("on_primary", "primary", _("Text på primärfärg")),
]


def _colour_field(label):
    return models.CharField(label, max_length=7, blank=True, validators=[hex_colour_validator],
                            help_text=_("Lämna tomt för att använda förvalets färg."))


class Theme(TimeStampedModel):
    name = models.CharField(_("namn"), max_length=100)
    preset = models.CharField(_("förval"), max_length=20, choices=PRESET_CHOICES, default="fjall")
    color_primary = _colour_field(_("primärfärg"))
    color_on_primary = _colour_field(_("text på primärfärg"))
    color_background = _colour_field(_("bakgrund"))
    color_text = _colour_field(_("brödtext"))
    color_link = _colour_field(_("länkar"))
    color_accent = _colour_field(_("accentfärg"))
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logotyp"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    hero_image = models.ForeignKey("wagtailimages.Image", verbose_name=_("toppbild"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldPanel("name"),
        FieldPanel("preset"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("color_primary"), FieldPanel("color_on_primary")]),
                FieldRowPanel([FieldPanel("color_background"), FieldPanel("color_text")]),
                FieldRowPanel([FieldPanel("color_link"), FieldPanel("color_accent")]),
            ],
            heading=_("Egna färger"),
        ),
        FieldPanel("logo"),
        FieldPanel("hero_image"),
    ]

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    def __str__(self) -> str:
        return self.name

    @property
    def colors(self) -> dict[str, str]:
        """The effective palette: the preset overlaid with this theme's own colours."""
        base = dict(PRESETS.get(self.preset, PRESETS["fjall"])["colors"])
        for token in base:
            own = getattr(self, f"color_{token}")
            if own:
                base[token] = own.lower()
        return base

    def clean(self):
        super().clean()
        self._clean_images_belong_to_municipality()
        if any(not HEX_COLOUR.match(getattr(self, f"color_{t}") or "#000000") for t in COLOR_TOKENS):
            return  # field validators report malformed colours
        errors = {}
        colors = self.colors
        for fg, bg, label in CONTRAST_PAIRS:
            ratio = contrast_ratio(colors[fg], colors[bg])
            if ratio < AA_NORMAL_TEXT:
                message = _(
                    "%(pair)s har kontrasten %(ratio).2f:1 (%(fg)s mot %(bg)s). "
                    "WCAG 2.1 AA kräver minst 4.5:1."
                ) % {"pair": label, "ratio": ratio, "fg": colors[fg], "bg": colors[bg]}
                errors.setdefault(f"color_{fg}", []).append(message)
        if errors:
            raise ValidationError(errors)

    def _clean_images_belong_to_municipality(self):
        """A theme shows only its own municipality's images (another's could be swapped or removed by them)."""
        # The reverse one-to-one from Municipality; themes sit below municipalities and do not import them.
        municipality = getattr(self, "municipality", None)
        if municipality is None:
            return
        own = municipality.collection
        errors = {}
        for field in ("logo", "hero_image"):
            image = getattr(self, field)
            if image is not None and not (image.collection_id == own.pk or image.collection.is_descendant_of(own)):
                errors[field] = _("Bilden hör inte till %(name)s. Välj en bild ur kommunens egen bildsamling.") % {
                    "name": municipality.name}
        if errors:
            raise ValidationError(errors)
