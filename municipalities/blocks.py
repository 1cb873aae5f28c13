"""The StreamField blocks a municipality's content and news pages are written with.

Block names "heading" and "paragraph" are the ones pages were first saved with; keep them, or
stored bodies lose their blocks. Every image carries alt text written by the editor: an image
without one is refused beside the field (WCAG 1.1.1), unless the editor marks it decorative.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

ALT_TEXT_REQUIRED = _("Skriv en alternativtext som beskriver bilden för den som inte ser den, "
                      "eller kryssa i att bilden bara är dekorativ.")


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"), required=False, max_length=250,
        help_text=_("Vad bilden visar, för den som använder skärmläsare. Till exempel: Tre personer vid "
                    "ett konferensbord i kommunhuset."),
    )
    decorative = blocks.BooleanBlock(label=_("Bilden är bara dekorativ"), required=False)
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "municipalities/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(block_errors={"alt_text": ValidationError(ALT_TEXT_REQUIRED)})
        return value


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text på knappen"), max_length=80,
                            help_text=_("Säg vad som händer, t.ex. Boka ett rådgivningssamtal."))
    page = blocks.PageChooserBlock(label=_("Sida på webbplatsen"), required=False)
    url = blocks.URLBlock(label=_("Eller en webbadress"), required=False)

    class Meta:
        icon = "link"
        label = _("Uppmaning (knapp)")
        template = "municipalities/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(block_errors={"url": ValidationError(
                _("Välj en sida på webbplatsen eller skriv en webbadress (en av dem)."))})
        return value


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Namn"), max_length=120)
    role = blocks.CharBlock(label=_("Roll"), required=False, max_length=120,
                            help_text=_("T.ex. Näringslivsutvecklare"))
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=30)
    email = blocks.EmailBlock(label=_("E-post"), required=False)

    class Meta:
        icon = "user"
        label = _("Kontaktkort")
        template = "municipalities/blocks/contact_card.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    text = blocks.CharBlock(label=_("Länktext"), required=False, max_length=160,
                            help_text=_("Lämna tomt för att använda dokumentets titel."))

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "municipalities/blocks/document_link.html"


class TableBlock(TypedTableBlock):
    text = blocks.CharBlock(label=_("Text"))
    number = blocks.DecimalBlock(label=_("Tal"))

    class Meta:
        icon = "table"
        label = _("Tabell")


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("Stycke"), features=TEXT_FEATURES)
    image = AccessibleImageBlock()
    call_to_action = CallToActionBlock()
    contact = ContactCardBlock()
    document = DocumentLinkBlock()
    table = TableBlock()

    class Meta:
        label = _("Innehåll")
