"""Many people voting at the same moment on PostgreSQL: no vote lost, none doubled.

Each thread has its own database connection, as each web worker would. SQLite
serialises writers with its database lock, so the test is for PostgreSQL (CI).
"""

import pytest
from django.db import connection

from apps.proposals import services, signals
from apps.proposals.models import Proposal, Vote, VotingPolicy
from tests.concurrency import run_at_once
from tests.proposals.factories import published, received, resident
from tests.territories.factories import build_tree

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
]

VOTERS = 40


def test_concurrent_votes_are_all_counted_exactly_once():
    tree = build_tree()
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=30, voting_days=90)
    proposal = published(resident(tree.village), tree.village)
    voters = [resident(tree.village) for _ in range(VOTERS)]

    def vote(person, choice):
        return lambda: services.vote_cast(actor=person, proposal=Proposal.objects.get(pk=proposal.pk), choice=choice)

    # Everyone votes at once; each of the first ten also sends a second, different vote at the same moment
    # (a double click on both buttons), and each of the next five sends the same vote twice.
    actions = [vote(person, "for") for person in voters]
    actions += [vote(person, "against") for person in voters[:10]]
    actions += [vote(person, "for") for person in voters[10:15]]
    with received(signals.threshold_reached) as events:
        errors = run_at_once(actions)

    assert errors == []
    proposal.refresh_from_db()
    rows = Vote.objects.filter(proposal=proposal)
    assert rows.count() == VOTERS  # one row per person
    assert (proposal.votes_for, proposal.votes_against) == (
        rows.filter(choice="for").count(),
        rows.filter(choice="against").count(),
    )
    assert proposal.votes_for + proposal.votes_against == VOTERS
    counted = (proposal.votes_for, proposal.votes_against)
    services.proposal_recount(proposal=proposal)
    assert (proposal.votes_for, proposal.votes_against) == counted
    # 30 votes for at least in the end. Support may have dipped below 30 on the way (a person's
    # "against" landing after their "for"): every dip is a step back, and the officials hear once.
    assert proposal.status == Proposal.Status.THRESHOLD_REACHED
    reached = proposal.status_changes.filter(to_status="threshold_reached").count()
    fell = proposal.status_changes.filter(from_status="threshold_reached", to_status="published").count()
    assert reached == fell + 1
    assert events == [proposal.pk]


def test_concurrent_withdrawals_never_go_below_zero():
    tree = build_tree()
    proposal = published(resident(tree.village), tree.village)
    voters = [resident(tree.village) for _ in range(20)]
    for person in voters:
        services.vote_cast(actor=person, proposal=proposal, choice="for")

    errors = run_at_once(
        [
            (lambda person=person: services.vote_cast(actor=person, proposal=proposal, choice=None))
            for person in voters + voters
        ]
    )

    assert errors == []
    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_against) == (0, 0)
    assert not Vote.objects.filter(proposal=proposal).exists()
