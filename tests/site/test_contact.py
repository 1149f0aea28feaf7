"""The contact page: the site's operator, the akim's office and akimat of a resident's home, a way to find others."""

import html
import re
import uuid

import pytest
from django.test import Client
from django.utils import translation

from apps.territories.models import Residency, Territory
from tests.accounts.factories import UserFactory
from tests.territories.factories import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


def living_in(territory, status=Residency.Status.VERIFIED) -> Client:
    user = UserFactory()
    Residency.objects.create(user=user, territory=territory, status=status, iin_hash=uuid.uuid4().hex, iin_last4="0000")
    client = Client()
    client.force_login(user)
    return client


def bodies(response) -> list[str]:
    """The akim's offices and akimats the page names, as (text, link) pairs."""
    section = response.content.decode().split('id="akimat-heading"', 1)[1].split("</section>", 1)[0]
    return [(url, html.unescape(text)) for url, text in re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section)]


def name(territory, language="en") -> str:
    with translation.override(language):
        return territory.name


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_names_the_operator_in_every_language(client, settings, language):
    settings.CIVIC_OPERATOR_NAME = "Aul Digital LLP"
    settings.CIVIC_OPERATOR_EMAIL = "hello@aul.example.kz"
    settings.CIVIC_OPERATOR_ADDRESS = "1 Abai Avenue, Astana"

    response = client.get(f"/{language}/contact/")

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in content
    assert "Aul Digital LLP" in content
    assert 'href="mailto:hello@aul.example.kz"' in content
    assert "1 Abai Avenue, Astana" in content
    # Anyone can look up the akimat of a territory: the territory search.
    assert f'action="/{language}/territories/"' in content


def test_the_operator_has_demonstration_defaults(client):
    content = client.get("/en/contact/").content.decode()

    assert "Civic demonstration site" in content
    assert "mailto:contact@civic.localhost" in content


def test_a_visitor_is_asked_to_sign_in_to_see_their_own_akimat(client):
    response = client.get("/en/contact/")

    assert bodies(response) == []
    assert 'href="/en/accounts/login/?next=/en/contact/"' in response.content.decode()


def test_a_person_without_a_residency_is_asked_to_declare_one(user_client):
    response = user_client.get("/en/contact/")

    assert bodies(response) == []
    assert 'href="/en/account/residency/"' in response.content.decode()


def test_a_villager_is_shown_the_akims_office_of_their_rural_district_and_the_district_akimat(tree):
    # The village lies in a rural district: that district's akim serves it (no akim of its own).
    response = living_in(tree.village).get("/en/contact/")

    assert bodies(response) == [
        (f"/en/territories/{tree.rural_district.kato_code}/", f"Akim's office of {name(tree.rural_district)}"),
        (f"/en/territories/{tree.district.kato_code}/", f"Akimat of {name(tree.district)}"),
    ]


def test_a_resident_of_a_district_is_shown_its_akimat_only(tree):
    response = living_in(tree.district).get("/en/contact/")

    assert bodies(response) == [(f"/en/territories/{tree.district.kato_code}/", f"Akimat of {name(tree.district)}")]


def test_names_follow_the_language_of_the_page(tree):
    client = living_in(tree.village)

    kk = [name for _url, name in bodies(client.get("/kk/contact/"))]
    ru = [name for _url, name in bodies(client.get("/ru/contact/"))]

    assert name(tree.rural_district, "kk") in kk[0] and name(tree.district, "kk") in kk[1]
    assert name(tree.rural_district, "ru") in ru[0] and name(tree.district, "ru") in ru[1]
    assert name(tree.district, "kk") != name(tree.district, "ru")


def test_a_declaration_waiting_for_verification_already_names_the_akimat(tree):
    response = living_in(tree.village, status=Residency.Status.PENDING).get("/en/contact/")

    assert len(bodies(response)) == 2
    assert "waiting for verification" in response.content.decode()


def test_the_page_costs_the_session_the_user_the_residency_and_the_ancestors(tree, django_assert_max_num_queries):
    client = living_in(tree.village)

    # session, user, the staff check and the unread count (as every page), the residencies, the ancestors
    with django_assert_max_num_queries(6):
        response = client.get("/en/contact/")

    assert response.status_code == 200


def test_the_footer_and_the_sign_in_pages_link_to_it(client):
    assert 'href="/kk/contact/"' in client.get("/kk/").content.decode()
    assert 'href="/ru/contact/"' in client.get("/ru/accounts/login/").content.decode()
    assert 'href="/en/contact/"' in client.get("/en/accounts/password/reset/").content.decode()


# -- who runs a territory ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Territory.Kind.OBLAST, "Akimat of Akmola Region"),
        (Territory.Kind.CITY_REPUBLICAN, "Akimat of Akmola Region"),
        (Territory.Kind.DISTRICT, "Akimat of Akmola Region"),
        (Territory.Kind.CITY_OBLAST, "Akimat of Akmola Region"),
        (Territory.Kind.CITY_DISTRICT_OF_CITY, "Akim's office of Akmola Region"),
        (Territory.Kind.CITY_DISTRICT_SIGNIFICANCE, "Akim's office of Akmola Region"),
        (Territory.Kind.RURAL_DISTRICT, "Akim's office of Akmola Region"),
        (Territory.Kind.SETTLEMENT, "Akim's office of Akmola Region"),
        (Territory.Kind.VILLAGE, "Akim's office of Akmola Region"),
        (Territory.Kind.COUNTRY, ""),
    ],
)
def test_akimats_down_to_districts_akims_offices_below(kind, expected):
    assert Territory(kind=kind, name_en="Akmola Region").local_executive == expected


def test_a_village_outside_a_rural_district_has_its_own_akim(tree):
    village = Territory(kind=Territory.Kind.VILLAGE, name_en="Standalone", parent=tree.district)

    assert village.executives([tree.republic, tree.oblast, tree.district]) == [village, tree.district]
    assert tree.oblast.executives([tree.republic]) == [tree.oblast]
    assert tree.republic.executives([]) == []
