"""The pilots' demo pages and news: each municipality's own text, and no page repeating its intro as its body."""
import pytest

from municipalities.demo import PILOTS, _ensure_pilot
from municipalities.landing import ensure_landing_site
from municipalities.models import ContentPage, NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots():
    ensure_landing_site(hostname="localhost")
    return [_ensure_pilot(spec, "localhost", 80) for spec in PILOTS]


def texts_of(page) -> list[str]:
    return [str(block.value) for block in page.body if block.block_type == "paragraph"]


class DemoNewsTests:
    def test_each_pilot_has_a_news_page_with_two_articles_on_its_home_page(self, client, pilots):
        for municipality in pilots:
            index = NewsIndexPage.objects.child_of(municipality.site.root_page).live().get()
            articles = NewsArticlePage.objects.child_of(index).live()
            assert articles.count() == 2
            home = client.get("/", HTTP_HOST=f"{municipality.slug}.localhost").content.decode()
            for article in articles:
                assert article.title in home

    def test_no_text_is_repeated_across_municipalities(self, pilots):
        texts = []
        for article in NewsArticlePage.objects.all():
            texts += [article.title, article.summary, *texts_of(article)]
        for page in ContentPage.objects.all():
            texts += [page.intro, *texts_of(page)]
        assert len(texts) == len(set(texts))

    def test_no_page_repeats_its_intro_as_its_body(self, pilots):
        for page in ContentPage.objects.all():
            intro = page.intro.removeprefix("<p>").removesuffix("</p>")
            assert all(intro not in text for text in texts_of(page)), page.title

    def test_seeding_again_adds_no_second_copy(self, pilots):
        before = NewsArticlePage.objects.count()
        for spec in PILOTS:
            _ensure_pilot(spec, "localhost", 80)
        assert NewsArticlePage.objects.count() == before == 6
