"""The blocks content and news pages are written with: what a visitor sees, and what an editor is refused."""
import pytest
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from municipalities.blocks import AccessibleImageBlock, CallToActionBlock, ContentBlock
from municipalities.models import ContentPage

pytestmark = pytest.mark.django_db


def make_image():
    return get_image_model().objects.create(title="Kommunhuset", file=get_test_image_file())


class ImageBlockTests:
    def test_an_image_without_alt_text_is_refused_with_a_swedish_error_beside_the_alt_text(self):
        block = AccessibleImageBlock()
        value = block.to_python({"image": make_image().pk, "alt_text": "", "decorative": False, "caption": ""})
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(value)
        assert "Skriv en alternativtext" in error.value.block_errors["alt_text"].messages[0]

    def test_a_decorative_image_needs_no_alt_text_and_is_hidden_from_screen_readers(self):
        block = AccessibleImageBlock()
        value = block.clean(block.to_python({"image": make_image().pk, "alt_text": "", "decorative": True}))
        assert 'alt=""' in block.render(value)

    def test_an_image_is_shown_with_its_alt_text_and_caption(self):
        block = AccessibleImageBlock()
        value = block.clean(block.to_python({"image": make_image().pk, "alt_text": "Kommunhuset i vinterljus",
                                             "caption": "Kommunhuset, Storgatan 10"}))
        html = block.render(value)
        assert 'alt="Kommunhuset i vinterljus"' in html
        assert "<figcaption>Kommunhuset, Storgatan 10</figcaption>" in html


class CallToActionTests:
    def test_a_call_to_action_needs_a_page_or_an_address(self):
        block = CallToActionBlock()
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"text": "Boka ett samtal", "page": None, "url": ""}))
        assert "Välj en sida på webbplatsen eller skriv en webbadress" in error.value.block_errors["url"].messages[0]


class ContentPageBodyTests:
    def test_a_content_page_shows_text_contact_card_call_to_action_and_table(self, client, arvidsjaur):
        body = ContentBlock().to_python([
            {"type": "heading", "value": "Så når du oss"},
            {"type": "paragraph", "value": "<p>Vi finns i kommunhuset.</p>"},
            {"type": "contact", "value": {"name": "Maria Nilsson", "role": "Näringslivsutvecklare",
                                          "phone": "070-174 06 12", "email": "maria@example.org"}},
            {"type": "call_to_action", "value": {"text": "Boka ett samtal", "url": "https://example.org/boka"}},
            {"type": "table", "value": {"caption": "Öppettider", "columns": [
                {"type": "text", "heading": "Dag"}, {"type": "text", "heading": "Tid"}],
                "rows": [{"values": ["Måndag", "8–16"]}]}},
        ])
        arvidsjaur.site.root_page.add_child(instance=ContentPage(title="Kontakt", slug="kontakt", body=body))
        page = client.get("/kontakt/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "<h2>Så når du oss</h2>" in page
        assert "Vi finns i kommunhuset." in page
        assert 'href="tel:0701740612"' in page
        assert 'href="mailto:maria@example.org"' in page
        assert '<a class="button" href="https://example.org/boka">Boka ett samtal</a>' in page
        assert "<caption>Öppettider</caption>" in page
        assert '<th scope="col">Dag</th>' in page

    def test_bodies_saved_before_the_new_blocks_still_show(self, client, arvidsjaur):
        page = ContentPage(title="Om oss", slug="om-oss", body=[("paragraph", RichText("<p>Vi hjälper företag.</p>"))])
        arvidsjaur.site.root_page.add_child(instance=page)
        assert "Vi hjälper företag." in client.get("/om-oss/", HTTP_HOST="arvidsjaur.localhost").content.decode()
