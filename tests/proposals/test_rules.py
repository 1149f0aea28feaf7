"""The proposals permissions both ways (docs/permissions.md mirrors this matrix)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.core.permissions import can, why_not
from apps.proposals import services
from apps.proposals.models import Proposal
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.proposals.factories import draft, moderator, official, published, reach_threshold, resident, staff, submitted
from tests.territories.factories import StaffRoleFactory


def test_add_in_follows_residency_up_the_tree(tree):
    person = resident(tree.village)

    assert can(person, "proposals.add_in", tree.village)
    assert can(person, "proposals.add_in", tree.district)
    assert not can(person, "proposals.add_in", tree.other_village)
    assert not can(person, "proposals.add_in", tree.neighbour_district)
    assert not can(UserFactory(), "proposals.add_in", tree.village)
    assert not can(AnonymousUser(), "proposals.add_in", tree.village)


def test_view(tree):
    author = resident(tree.village)
    hidden = submitted(author, tree.village)
    public = published(author, tree.village)
    superuser = UserFactory(is_superuser=True)

    for person in (AnonymousUser(), resident(tree.village), moderator(tree.neighbour_district)):
        assert can(person, "proposals.view", public)
        assert not can(person, "proposals.view", hidden)
    for person in (author, moderator(tree.district), official(tree.oblast), superuser):
        assert can(person, "proposals.view", hidden)
    # A draft is the author's alone ("only you can see it until you submit it").
    own = draft(author, tree.village)
    assert can(author, "proposals.view", own)
    for person in (moderator(tree.district), official(tree.oblast), superuser):
        assert not can(person, "proposals.view", own)


def test_residency_and_authorship_rights_are_not_given_to_superusers(tree):
    superuser = UserFactory(is_superuser=True)
    proposal = draft(resident(tree.village), tree.village)
    open_for_votes = published(resident(tree.village), tree.village)

    assert not can(superuser, "proposals.add_in", tree.village)
    assert not can(superuser, "proposals.change", proposal)
    assert not can(superuser, "proposals.vote", open_for_votes)
    assert can(superuser, "proposals.moderate", open_for_votes)


def test_change_submit_and_withdraw_are_the_authors_at_the_right_time(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village)
    other = resident(tree.village)

    def steps(person):
        return set(proposal.available_transitions(person))

    assert can(author, "proposals.change", proposal) and steps(author) == {"submit"}
    assert can(author, "proposals.delete_draft", proposal)
    assert not can(other, "proposals.change", proposal) and steps(other) == set()
    services.proposal_submit(actor=author, proposal=proposal)
    assert not can(author, "proposals.change", proposal) and not can(author, "proposals.delete_draft", proposal)
    assert steps(author) == {"withdraw"} and steps(other) == set()
    services.proposal_publish(actor=moderator(tree.district), proposal=proposal)
    assert steps(author) == {"withdraw"}
    reach_threshold(proposal)
    assert steps(author) == {"withdraw"}
    services.proposal_consider(actor=official(tree.district), proposal=proposal)
    assert steps(author) == set()


def test_staff_are_offered_the_steps_of_their_role_and_never_on_their_own_proposal(tree):
    proposal = submitted(resident(tree.village), tree.village)
    own = submitted(resident(tree.village, is_staff=False), tree.village)
    district_moderator = moderator(tree.district)

    assert set(proposal.available_transitions(district_moderator)) == {"publish", "reject", "mark_duplicate"}
    assert set(proposal.available_transitions(official(tree.district))) == set()
    StaffRoleFactory(user=own.author, territory=tree.district, role=StaffRole.Role.MODERATOR)
    assert set(own.available_transitions(own.author)) == {"withdraw"}


def test_staff_rights_need_the_second_factor(tree):
    proposal = submitted(resident(tree.village), tree.village)
    services.proposal_reject(
        actor=moderator(tree.district), proposal=proposal, reason_code="incomplete", reason="Call me on +7 701"
    )
    without = StaffRoleFactory(territory=tree.district, user__second_factor=False).user
    superuser_without = UserFactory(is_superuser=True, is_staff=True, second_factor=False)

    for person in (without, superuser_without):
        assert not can(person, "proposals.view", proposal)  # a returned proposal is not public
        assert not can(person, "proposals.view_private_notes", proposal)
        assert not can(person, "proposals.moderate", proposal)
        assert "second factor" in why_not(person, "proposals.moderate", proposal)


def test_vote_refusals_say_why(tree):
    proposal = published(resident(tree.village), tree.village)

    assert why_not(AnonymousUser(), "proposals.vote", proposal) == "Sign in to vote."
    assert "Only verified residents of" in why_not(UserFactory(), "proposals.vote", proposal)
    assert why_not(resident(tree.village), "proposals.vote", proposal) is None


def test_vote(tree):
    proposal = published(resident(tree.rural_district), tree.rural_district)

    assert can(resident(tree.village), "proposals.vote", proposal)  # inside the territory
    assert can(resident(tree.rural_district), "proposals.vote", proposal)
    assert not can(resident(tree.district), "proposals.vote", proposal)  # above it
    assert not can(resident(tree.neighbour_village), "proposals.vote", proposal)
    assert not can(AnonymousUser(), "proposals.vote", proposal)
    Proposal.objects.filter(pk=proposal.pk).update(voting_until=timezone.now() - datetime.timedelta(seconds=1))
    proposal.refresh_from_db()
    assert not can(resident(tree.village), "proposals.vote", proposal)


@pytest.mark.parametrize(
    ("role", "where", "moderate", "answer"),
    [
        (StaffRole.Role.MODERATOR, "district", True, False),
        (StaffRole.Role.OFFICIAL, "district", False, True),
        (StaffRole.Role.ADMINISTRATOR, "oblast", True, True),
        (StaffRole.Role.MODERATOR, "neighbour_district", False, False),
        (StaffRole.Role.OFFICIAL, "neighbour_district", False, False),
        (StaffRole.Role.ADMINISTRATOR, "other_village", False, False),
    ],
)
def test_moderate_and_answer_follow_the_role_and_its_subtree(tree, role, where, moderate, answer):
    proposal = submitted(resident(tree.village), tree.village)
    person = staff(getattr(tree, where), role)

    assert can(person, "proposals.moderate", proposal) is moderate
    assert can(person, "proposals.answer", proposal) is answer


def test_roles_out_of_their_period_do_not_count(tree):
    proposal = submitted(resident(tree.village), tree.village)
    today = timezone.localdate()
    expired = StaffRoleFactory(
        territory=tree.district, valid_from=today - datetime.timedelta(days=9), valid_to=today - datetime.timedelta(1)
    ).user
    future = StaffRoleFactory(territory=tree.district, valid_from=today + datetime.timedelta(days=1)).user

    assert not can(expired, "proposals.moderate", proposal)
    assert not can(future, "proposals.moderate", proposal)
    assert can(UserFactory(is_superuser=True), "proposals.moderate", proposal)
