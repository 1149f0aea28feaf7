"""The language switcher: plain links to this page in each language, and the choice sticks.

Every combination of the page's language, the language cookie and the
browser's Accept-Language: the page speaks the language of its address, its
links lead to the same page in each language, and opening one of them makes
that language stick — for addresses without a prefix too.
"""

import itertools
import re

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory

LANGUAGES = ("kk", "ru", "en")
COOKIE = "civic_language"


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="lang-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'href="([^"]+)" hreflang="(\w+)"', nav)}


def client_with(cookie: str | None, accept: str | None) -> Client:
    client = Client(**({"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}))
    if cookie:
        client.cookies[COOKIE] = cookie
    return client


COMBINATIONS = list(itertools.product(LANGUAGES, (None, *LANGUAGES), (None, *LANGUAGES), LANGUAGES))


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "cookie", "accept", "chosen"), COMBINATIONS)
def test_choosing_a_language_opens_this_page_in_it_and_it_sticks(page, cookie, accept, chosen):
    client = client_with(cookie, accept)

    shown = client.get(f"/{page}/proposals/?sort=newest")
    assert shown.status_code == 200 and f'<html lang="{page}">' in shown.content.decode()
    link = switcher_links(shown.content.decode())[chosen]
    assert link == f"/{chosen}/proposals/?sort=newest"

    opened = client.get(link)
    assert f'<html lang="{chosen}">' in opened.content.decode()
    # It sticks: an address without a language goes to the chosen one.
    assert client.get("/")["Location"] == f"/{chosen}/"


@pytest.mark.django_db
def test_anonymous_pages_set_no_csrf_cookie():
    response = Client().get("/ru/proposals/")

    assert "csrftoken" not in response.cookies
    assert "<form" not in re.search(r'<nav class="lang-switcher".*?</nav>', response.content.decode(), re.S).group(0)


@pytest.mark.django_db
def test_the_switcher_on_a_missing_page_keeps_the_address():
    response = Client().get("/ru/documents/no-such-act/")

    assert response.status_code == 404
    assert switcher_links(response.content.decode())["kk"] == "/kk/documents/no-such-act/"


@pytest.mark.django_db
def test_signing_in_from_a_russian_page_stays_in_russian():
    person = UserFactory(preferred_language="kk")
    client = Client(HTTP_ACCEPT_LANGUAGE="kk")

    response = client.post("/ru/accounts/login/", {"login": person.email, "password": "correct-horse-battery"})

    assert response.status_code == 302 and response["Location"].startswith("/ru/")
    assert '<html lang="ru">' in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.preferred_language == "ru"


@pytest.mark.django_db
def test_a_signed_in_persons_saved_language_is_never_forced_on_a_page():
    person = UserFactory(preferred_language="kk")
    client = Client()
    client.force_login(person)

    assert '<html lang="en">' in client.get("/en/proposals/").content.decode()
    assert '<html lang="ru">' in client.get("/ru/").content.decode()
