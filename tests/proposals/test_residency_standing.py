"""A person whose residency waits for verification, or was rejected, is told so, not to declare again.

On the proposal form (instead of "Declare your residency") and in the vote box
of a proposal, with the date of the declaration or the staff's reason.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from apps.core import permissions
from apps.proposals.models import Proposal, Vote
from apps.territories.models import Residency
from apps.territories.selectors import residency_standing
from apps.territories.services import residency_declare, residency_reject, residency_verify
from tests.accounts.factories import UserFactory
from tests.proposals.factories import moderator, published, resident

IIN = "791028302728"
DECLARED = datetime.datetime(2025, 12, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))
REASON = "The address is not in this village."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def declare(user, territory):
    with time_machine.travel(DECLARED, tick=False):
        return residency_declare(user=user, territory=territory, iin=IIN)


def waiting(territory):
    """A person whose declaration for ``territory`` (made on DECLARED) waits for the staff."""
    user = UserFactory()
    declare(user, territory)
    return user


def rejected(territory):
    user = waiting(territory)
    pending = Residency.objects.get(user=user, status=Residency.Status.PENDING)
    residency_reject(actor=moderator(territory), residency=pending, reason=REASON)
    return user


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") :]


def vote_box(response) -> str:
    page = response.content.decode()
    start = page.index('id="vote"')
    return page[start : page.index("</aside>", start)]


def waiting_sentence(territory, date, action) -> str:
    return (
        f"Your residency in {territory.name} has been waiting for verification since {date}. "
        f"You can {action} once it is verified."
    )


# -- the proposal form ---------------------------------------------------------------------


@pytest.mark.parametrize(("language", "date"), [("en", "Dec. 3, 2025"), ("kk", "03.12.2025")])
def test_the_proposal_form_says_the_residency_is_waiting_since_when(tree, language, date):
    response = signed_in(waiting(tree.village)).get(f"/{language}/proposals/new/")

    assert "proposals/need_residency.html" in [t.name for t in response.templates]
    page = main(response)
    assert date in page
    if language == "en":
        assert waiting_sentence(tree.village, date, "propose issues") in page
        assert "Declare your residency" not in page
    assert f'href="/{language}/account/residency/"' in page  # where its status shows
    assert f"/{language}/account/residency/?territory=" not in page


def test_the_proposal_form_says_the_residency_was_rejected_and_why(tree):
    response = signed_in(rejected(tree.village)).get("/en/proposals/new/")

    page = main(response)
    assert f"Your declaration for {tree.village.name} was rejected." in page and REASON in page
    assert "waiting for verification" not in page
    assert f'href="/en/account/residency/?territory={tree.village.kato_code}"' in page
    assert "Declare your residency again" in page


def test_without_any_declaration_the_form_still_asks_to_declare(tree):
    page = main(signed_in(UserFactory()).get("/en/proposals/new/"))

    assert "Declare your residency" in page and "waiting for verification" not in page and "rejected" not in page


# -- the vote box ---------------------------------------------------------------------------


def test_the_vote_box_says_the_residency_is_waiting_since_when(tree):
    proposal = published(resident(tree.village), tree.village)
    person = waiting(tree.village)
    client = signed_in(person)

    response = client.get(f"/en/proposals/{proposal.pk}/")

    expected = waiting_sentence(tree.village, "Dec. 3, 2025", "vote")
    assert response.context["vote_refusal"] == expected
    box = vote_box(response)
    assert expected in box
    assert "Declare" not in box and "declare" not in box
    assert 'href="/en/account/residency/"' in box
    voted = client.post(f"/en/proposals/{proposal.pk}/vote/", {"choice": "for"}, follow=True)
    assert expected in [str(m) for m in voted.context["messages"]]
    assert not Vote.objects.exists()


def test_the_vote_box_says_the_residency_was_rejected_and_why(tree):
    proposal = published(resident(tree.village), tree.village)
    client = signed_in(rejected(tree.village))

    response = client.get(f"/en/proposals/{proposal.pk}/")

    assert response.context["vote_refusal"] == (
        f"Your declaration of residency in {tree.village.name} was rejected. "
        f"You may declare your residency again. Reason: {REASON}"
    )
    box = vote_box(response)
    assert REASON in box
    assert f'href="/en/account/residency/?territory={tree.village.kato_code}">Declare your residency again</a>' in box


def test_declaring_again_after_a_rejection_is_waiting_again(tree):
    person = rejected(tree.village)
    proposal = published(resident(tree.village), tree.village)
    declare(person, tree.village)

    refusal = permissions.why_not(person, "proposals.vote", proposal)

    assert refusal == waiting_sentence(tree.village, "Dec. 3, 2025", "vote")


# -- the rules behind them ------------------------------------------------------------------


def test_residency_standing_counts_only_the_proposal_territory_and_inside_it(tree):
    district_proposal = published(resident(tree.village), tree.district)
    elsewhere = waiting(tree.neighbour_village)  # waits, but not to be a neighbour here

    assert permissions.why_not(elsewhere, "proposals.vote", district_proposal).startswith("Only verified residents")
    # Waiting for a village inside the district: the district's proposal waits for it too.
    inside = waiting(tree.other_village)
    assert "waiting for verification" in permissions.why_not(inside, "proposals.vote", district_proposal)
    assert "waiting for verification" in permissions.why_not(inside, "proposals.add_in", tree.district)


def test_moving_home_a_verified_resident_votes_where_they_still_belong(tree):
    person = UserFactory()
    residency_verify(actor=moderator(tree.village), residency=declare(person, tree.village))
    declare(person, tree.neighbour_village)  # moving: the new one waits, the old one holds
    here = published(resident(tree.village), tree.village)
    there = published(resident(tree.neighbour_village), tree.neighbour_village)

    assert permissions.why_not(person, "proposals.vote", here) is None
    assert permissions.why_not(person, "proposals.vote", there) == waiting_sentence(
        tree.neighbour_village, "Dec. 3, 2025", "vote"
    )


def test_an_old_rejection_is_no_news_after_another_declaration(tree):
    person = rejected(tree.village)
    declare(person, tree.neighbour_village)
    proposal = published(resident(tree.village), tree.village)

    assert permissions.why_not(person, "proposals.vote", proposal).startswith("Only verified residents")
    standing = residency_standing(user=person, territory=tree.village)
    assert not standing.was_rejected and not standing.is_waiting and not standing.is_member


def test_residency_standing_is_one_query_and_a_residents_vote_check_too(tree, django_assert_num_queries):
    person = resident(tree.village)
    for _ in range(3):
        rejected(tree.village)  # other people's declarations change nothing
    proposal = Proposal.objects.select_related("territory").get(pk=published(resident(tree.village), tree.village).pk)

    with django_assert_num_queries(1):
        standing = residency_standing(user=person, territory=tree.village)
    assert standing.is_member
    with django_assert_num_queries(1):
        assert permissions.can(person, "proposals.vote", proposal)
