"""Odd requests that tests/core/test_fuzz.py found to be HTTP 500s (issue 9): now the page with its errors."""

from django.test import Client

from tests.accounts.factories import UserFactory
from tests.proposals.factories import resident
from tests.territories.test_views import staff_client


def test_an_empty_post_of_the_proposal_form_shows_its_errors(tree):
    """A bound form even for an empty POST: an unbound one had no cleaned_data to read."""
    client = Client()
    client.force_login(resident(tree.village))

    response = client.post("/en/proposals/new/", {})

    assert response.status_code == 200
    assert response.context["form"].is_bound and "title" in response.context["form"].errors


def test_the_voting_policy_add_page_ignores_a_territory_that_is_no_id(tree):
    client = staff_client(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/en/admin/proposals/votingpolicy/add/?territory=abc")

    assert response.status_code == 200
    assert response.context["adminform"].form.initial.get("territory") is None
