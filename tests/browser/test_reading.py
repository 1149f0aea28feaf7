"""A newcomer reads the Concept in each interface language, on a phone and a desktop."""

import pytest

from apps.documents.reference import REFERENCE_TEXTS
from apps.documents.services import document_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def concept(transactional_db):
    ref = REFERENCE_TEXTS[0]
    return document_load(text=ref.path.read_text(encoding="utf-8"), slug=ref.slug, language=ref.language).document


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_reader_goes_from_home_to_a_provision_on_a_phone(live_server, phone, concept, language):
    page = phone
    page.goto(f"{live_server.url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language

    page.locator("main a[href*='/documents/concept-2012/']").first.click()
    page.locator(".toc a", has_text="Analysis of the current situation").click()
    assert "/s/concept.1.1/" in page.url
    assert page.locator(".provision").count() == 2

    page.locator(".provision__permalink").first.click()
    assert "/p/concept.1.1.para1/" in page.url
    assert "wellbeing of the state" in page.locator("main").inner_text()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_language_switcher_keeps_the_page(live_server, desktop, concept):
    page = desktop
    page.goto(f"{live_server.url}/en/documents/concept-2012/")

    page.locator(".lang-switcher a[hreflang=ru]").click()

    assert page.url.startswith(f"{live_server.url}/ru/documents/concept-2012/")
    assert page.locator("html").get_attribute("lang") == "ru"
    # The choice sticks: the site's address without a language opens Russian.
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/ru/"
