"""The proposals permissions both ways (docs/permissions.md mirrors this matrix)."""

import datetime

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.proposals import services
from apps.proposals.models import Proposal
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.proposals.factories import draft, moderator, official, published, reach_threshold, resident, staff, submitted
from tests.territories.factories import StaffRoleFactory


def test_add_in_follows_residency_up_the_tree(tree):
    person = resident(tree.village)

    assert person.has_perm("proposals.add_in", tree.village)
    assert person.has_perm("proposals.add_in", tree.district)
    assert not person.has_perm("proposals.add_in", tree.other_village)
    assert not person.has_perm("proposals.add_in", tree.neighbour_district)
    assert not UserFactory().has_perm("proposals.add_in", tree.village)
    assert not AnonymousUser().has_perm("proposals.add_in", tree.village)


def test_view(tree):
    author = resident(tree.village)
    hidden = submitted(author, tree.village)
    public = published(author, tree.village)
    superuser = UserFactory(is_superuser=True)

    for person in (AnonymousUser(), resident(tree.village), moderator(tree.neighbour_district)):
        assert person.has_perm("proposals.view", public)
        assert not person.has_perm("proposals.view", hidden)
    for person in (author, moderator(tree.district), official(tree.oblast), superuser):
        assert rules.has_perm("proposals.view", person, hidden)
    # A draft is the author's alone ("only you can see it until you submit it").
    own = draft(author, tree.village)
    assert rules.has_perm("proposals.view", author, own)
    for person in (moderator(tree.district), official(tree.oblast), superuser):
        assert not rules.has_perm("proposals.view", person, own)


def test_residency_and_authorship_rights_are_not_given_to_superusers(tree):
    superuser = UserFactory(is_superuser=True)
    proposal = draft(resident(tree.village), tree.village)
    open_for_votes = published(resident(tree.village), tree.village)

    assert not rules.has_perm("proposals.add_in", superuser, tree.village)
    assert not rules.has_perm("proposals.change", superuser, proposal)
    assert not rules.has_perm("proposals.vote", superuser, open_for_votes)
    assert rules.has_perm("proposals.moderate", superuser, open_for_votes)


def test_change_submit_and_withdraw_are_the_authors_at_the_right_time(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village)
    other = resident(tree.village)

    assert author.has_perm("proposals.change", proposal) and author.has_perm("proposals.submit", proposal)
    assert not other.has_perm("proposals.change", proposal)
    assert not author.has_perm("proposals.withdraw", proposal)  # a draft is deleted, not withdrawn
    services.proposal_submit(actor=author, proposal=proposal)
    assert not author.has_perm("proposals.change", proposal)
    assert author.has_perm("proposals.withdraw", proposal) and not other.has_perm("proposals.withdraw", proposal)
    services.proposal_publish(actor=moderator(tree.district), proposal=proposal)
    assert author.has_perm("proposals.withdraw", proposal)
    reach_threshold(proposal)
    assert author.has_perm("proposals.withdraw", proposal)
    services.proposal_consider(actor=official(tree.district), proposal=proposal)
    assert not author.has_perm("proposals.withdraw", proposal)


def test_vote(tree):
    proposal = published(resident(tree.rural_district), tree.rural_district)

    assert resident(tree.village).has_perm("proposals.vote", proposal)  # inside the territory
    assert resident(tree.rural_district).has_perm("proposals.vote", proposal)
    assert not resident(tree.district).has_perm("proposals.vote", proposal)  # above it
    assert not resident(tree.neighbour_village).has_perm("proposals.vote", proposal)
    assert not AnonymousUser().has_perm("proposals.vote", proposal)
    Proposal.objects.filter(pk=proposal.pk).update(voting_until=timezone.now() - datetime.timedelta(seconds=1))
    proposal.refresh_from_db()
    assert not resident(tree.village).has_perm("proposals.vote", proposal)


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

    assert person.has_perm("proposals.moderate", proposal) is moderate
    assert person.has_perm("proposals.answer", proposal) is answer


def test_roles_out_of_their_period_do_not_count(tree):
    proposal = submitted(resident(tree.village), tree.village)
    today = timezone.localdate()
    expired = StaffRoleFactory(
        territory=tree.district, valid_from=today - datetime.timedelta(days=9), valid_to=today - datetime.timedelta(1)
    ).user
    future = StaffRoleFactory(territory=tree.district, valid_from=today + datetime.timedelta(days=1)).user

    assert not expired.has_perm("proposals.moderate", proposal)
    assert not future.has_perm("proposals.moderate", proposal)
    assert UserFactory(is_superuser=True).has_perm("proposals.moderate", proposal)
