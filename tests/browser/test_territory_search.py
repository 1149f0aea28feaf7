"""A resident looks for their rural district on a phone: the places found come first, told apart."""

import pytest

from apps.territories.importers import TerritoryRow
from apps.territories.services import territories_import
from tests.territories.test_search_page import TREE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def places(transactional_db):
    territories_import(rows=[TerritoryRow(i + 2, *row) for i, row in enumerate(TREE)])


@pytest.mark.parametrize(("language", "query"), [("kk", "Ақбұлақ"), ("ru", "Акбулак"), ("en", "Akbulak")])
def test_the_first_place_found_shows_without_scrolling_on_a_phone(live_server, phone, places, language, query):
    page = phone
    page.goto(f"{live_server.url}/{language}/territories/")
    page.locator("form[role=search] input[name=q]").fill(query)
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/territories/?q=*")

    first = page.locator(".search-hit").first.bounding_box()
    assert first is not None
    assert first["y"] + first["height"] <= 844, first  # within the first screen
    regions = page.locator(".region-list").bounding_box()
    assert regions["y"] > first["y"]
    assert page.locator(".region-list").get_attribute("open") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
