"""The home page leads to local action: the territory search, then what is open for the visitor's vote."""

import pytest
from django.test import Client

from apps.proposals.models import Proposal
from apps.proposals.selectors import proposal_open_for
from apps.territories.models import Residency
from tests.documents.factories import document_with
from tests.proposals.factories import published, resident
from tests.territories.factories import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(response) -> list[str]:
    return [p.title for p in response.context["proposals"]]


def test_proposals_a_resident_may_vote_on_are_those_of_their_place_and_above(tree):
    author = resident(tree.village)
    own = published(author, tree.village, title="Lights in the village")
    district = published(author, tree.district, title="A bus to the district centre")
    published(resident(tree.neighbour_village), tree.neighbour_village, title="Elsewhere in the district")
    published(resident(tree.other_village), tree.other_village, title="In the next village")

    assert {p.pk for p in proposal_open_for(territory=tree.village)} == {own.pk, district.pk}
    assert len(proposal_open_for(territory=None)) == 4


def test_an_anonymous_visitor_gets_the_search_and_the_most_supported_proposals(client, tree):
    author = resident(tree.village)
    published(author, tree.village, title="Lights in the village")
    popular = published(resident(tree.neighbour_village), tree.neighbour_village, title="A new well for the school")
    Proposal.objects.filter(pk=popular.pk).update(votes_for=40)

    response = client.get("/en/")

    html = response.content.decode()
    assert 'action="/en/territories/"' in html and 'name="q"' in html
    assert "Most supported proposals across Kazakhstan" in html
    assert titles(response) == ["A new well for the school", "Lights in the village"]
    # The search comes before the proposals, and both before the documents.
    assert html.index('name="q"') < html.index("A new well for the school") < html.index('id="docs-heading"')


def test_a_resident_sees_what_is_open_for_their_vote_at_home(tree):
    user = resident(tree.village)
    published(user, tree.village, title="Lights in the village")
    published(resident(tree.neighbour_village), tree.neighbour_village, title="Elsewhere in the district")

    response = signed_in(user).get("/en/")

    assert response.context["nearby"] is True
    assert titles(response) == ["Lights in the village"]
    assert f"?territory={tree.village.kato_code}" in response.content.decode()


def test_a_pending_resident_counts_as_being_from_their_place(tree):
    user = resident(tree.village)
    Residency.objects.filter(user=user).update(status=Residency.Status.PENDING)
    published(resident(tree.village), tree.village, title="Lights in the village")

    assert titles(signed_in(user).get("/en/")) == ["Lights in the village"]


def test_with_nothing_open_nearby_the_resident_is_told_so_and_sees_the_country(tree):
    user = resident(tree.village)
    published(resident(tree.neighbour_village), tree.neighbour_village, title="Elsewhere in the district")

    response = signed_in(user).get("/en/")

    assert response.context["nearby"] is False
    assert titles(response) == ["Elsewhere in the district"]
    assert "No proposal is collecting votes in" in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_home_page_speaks_each_language(client, tree, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 10])
def test_home_page_queries_do_not_grow_with_proposals_or_documents(tree, size, django_assert_max_num_queries):
    user = resident(tree.village)
    for n in range(size):
        document_with(slug=f"act-{n}", sections=2, per_section=2)
        published(resident(tree.village), tree.village, title=f"Proposal {n}")
        published(resident(tree.village), tree.district, title=f"District proposal {n}")

    client = signed_in(user)
    with django_assert_max_num_queries(2):
        anonymous = Client().get("/en/")
    # session, user, residency, proposals, documents, unread notifications, staff check
    with django_assert_max_num_queries(7):
        mine = client.get("/en/")

    assert len(anonymous.context["proposals"]) == min(2 * size, 6)
    assert len(mine.context["proposals"]) == min(2 * size, 6)
