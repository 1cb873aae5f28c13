"""The office's news: articles under each municipality's news index, newest first, and on its home page."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from municipalities.models import NewsArticlePage, NewsIndexPage, Role
from municipalities.services import news_index_ensure
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


def publish_article(index, title: str, day: date, summary: str = "En kort sammanfattning.") -> NewsArticlePage:
    article = NewsArticlePage(title=title, date=day, summary=summary)
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def make_image(title: str = "Bild"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


class NewsArticleModelTests:
    def test_an_image_without_alt_text_is_refused_beside_the_alt_text_field_in_swedish(self, arvidsjaur):
        article = NewsArticlePage(title="Ny skylt", summary="Sammanfattning", image=make_image(), image_alt="  ")
        with pytest.raises(ValidationError) as error:
            article.clean()
        assert "Skriv en alternativtext" in error.value.message_dict["image_alt"][0]

    def test_an_article_with_an_image_and_its_alt_text_is_valid(self, arvidsjaur):
        article = NewsArticlePage(title="Ny skylt", slug="ny-skylt", summary="Sammanfattning", image=make_image(),
                                  image_alt="Den nya skylten vid infarten till Arvidsjaur")
        article.clean()  # no error

    def test_the_news_index_accepts_only_articles_and_lives_only_under_a_home_page(self):
        assert NewsIndexPage.allowed_subpage_models() == [NewsArticlePage]
        assert [m.__name__ for m in NewsIndexPage.allowed_parent_page_models()] == ["HomePage"]
        assert [m.__name__ for m in NewsArticlePage.allowed_parent_page_models()] == ["NewsIndexPage"]

    def test_a_home_page_takes_one_news_index_only(self, arvidsjaur):
        home = arvidsjaur.site.root_page.specific
        news_index_ensure(municipality=arvidsjaur)
        assert not NewsIndexPage.can_create_at(home)
        news_index_ensure(municipality=arvidsjaur)  # again: the same index, not a second one
        assert NewsIndexPage.objects.child_of(home).count() == 1


class NewsListingTests:
    def test_the_news_page_lists_articles_newest_first_ten_to_a_page(self, client, arvidsjaur):
        index = news_index_ensure(municipality=arvidsjaur)
        for day in range(1, 13):
            publish_article(index, f"Nyhet den {day} november", date(2026, 11, day))
        first = client.get("/nyheter/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert first.index("Nyhet den 12 november") < first.index("Nyhet den 3 november")
        assert "Nyhet den 2 november" not in first
        assert "Sida 1 av 2" in first
        assert 'href="?sida=2"' in first
        second = client.get("/nyheter/?sida=2", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "Nyhet den 2 november" in second
        assert "Nyhet den 1 november" in second
        assert "Nyhet den 3 november" not in second
        past_the_end = client.get("/nyheter/?sida=99", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "Nyhet den 1 november" in past_the_end

    def test_an_article_shows_its_date_summary_and_image_with_its_alt_text(self, client, arvidsjaur):
        index = news_index_ensure(municipality=arvidsjaur)
        article = NewsArticlePage(title="Ny skylt", slug="ny-skylt", date=date(2026, 11, 5),
                                  summary="Skylten vid infarten är på plats.", image=make_image(),
                                  image_alt="Den nya skylten vid infarten")
        index.add_child(instance=article)
        article.save_revision().publish()
        page = client.get("/nyheter/ny-skylt/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert '<time datetime="2026-11-05">5 november 2026</time>' in page
        assert "Skylten vid infarten är på plats." in page
        assert 'alt="Den nya skylten vid infarten"' in page


class HomePageNewsTests:
    def test_the_home_page_shows_the_three_newest_articles_with_their_dates(self, client, arvidsjaur):
        index = news_index_ensure(municipality=arvidsjaur)
        for day in (3, 9, 14, 21):
            publish_article(index, f"Nyhet den {day} oktober", date(2026, 10, day))
        index.add_child(instance=NewsArticlePage(title="Utkast som inte är publicerat", date=date(2026, 10, 30),
                                                 summary="Utkast", live=False))
        home = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert '<h2 id="home-news-heading">Senaste nytt</h2>' in home
        assert home.index("Nyhet den 21 oktober") < home.index("Nyhet den 14 oktober") < home.index(
            "Nyhet den 9 oktober")
        assert '<time datetime="2026-10-21">21 oktober 2026</time>' in home
        assert "Nyhet den 3 oktober" not in home
        assert "Utkast som inte är publicerat" not in home
        assert 'href="/nyheter/">Alla nyheter</a>' in home

    def test_a_newly_published_article_is_on_the_home_page_at_once(self, client, arvidsjaur):
        index = news_index_ensure(municipality=arvidsjaur)
        assert "Senaste nytt" not in client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        publish_article(index, "Vägarbete på Storgatan", date.today())
        assert "Vägarbete på Storgatan" in client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()

    def test_another_municipalitys_news_is_not_on_the_home_page(self, client, arvidsjaur, asele):
        publish_article(news_index_ensure(municipality=asele), "Åsele marknad", date(2026, 11, 1))
        assert "Åsele marknad" not in client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "Åsele marknad" in client.get("/", HTTP_HOST="asele.localhost").content.decode()

    def test_the_home_page_has_a_directory_search_box_that_works_without_javascript(self, client, arvidsjaur):
        home = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert '<form method="get" action="/foretag/" class="search-form" role="search">' in home
        assert '<label for="home-search-q">Sök företag, tjänster eller orter</label>' in home
        assert 'name="q"' in home

    def test_the_news_index_is_not_repeated_among_the_information_pages(self, client, arvidsjaur):
        from municipalities.models import ContentPage

        home = arvidsjaur.site.root_page.specific
        home.add_child(instance=ContentPage(title="Starta företag", slug="starta", show_in_menus=True))
        news_index_ensure(municipality=arvidsjaur)
        page = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        pages_section = page[page.index('id="home-pages-heading"'):]
        assert 'href="/starta/">Starta företag</a>' in pages_section
        assert 'href="/nyheter/"' not in pages_section

    def test_the_home_page_stays_shareable_by_the_page_cache(self, client, arvidsjaur):
        publish_article(news_index_ensure(municipality=arvidsjaur), "Frukostmöte", date(2026, 11, 1))
        response = client.get("/", HTTP_HOST="arvidsjaur.localhost")
        assert "public" in response["Cache-Control"]
        assert "s-maxage=30" in response["Cache-Control"]


class NewsAdminTenancyTests:
    def test_an_editor_cannot_add_news_under_another_municipalitys_news_index(self, client, arvidsjaur, asele):
        asele_index = news_index_ensure(municipality=asele)
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        url = f"/admin/pages/add/municipalities/newsarticlepage/{asele_index.pk}/"
        assert client.get(url, HTTP_HOST="arvidsjaur.localhost").status_code == 404

    def test_an_editor_opens_the_new_article_form_under_their_own_news_index(self, client, arvidsjaur):
        index = news_index_ensure(municipality=arvidsjaur)
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        url = f"/admin/pages/add/municipalities/newsarticlepage/{index.pk}/"
        response = client.get(url, HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code == 200
        assert "Sammanfattning" in response.content.decode()
