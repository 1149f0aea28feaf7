"""Officials and residents acting on the same initiative at the same moment, on PostgreSQL: nothing lost or doubled.

Each thread has its own database connection, as each web worker would. SQLite
serialises writers with its database lock, so the tests are for PostgreSQL (CI).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.initiatives import services
from apps.initiatives.models import CheckPolicy, CompletionCheck, Initiative, ProgressUpdate, StatusChange
from apps.proposals.models import OfficialResponse, Proposal
from tests.concurrency import run_at_once
from tests.initiatives.factories import (
    DESCRIPTION,
    RESPONSE,
    accepted_proposal,
    completed,
    considered_proposal,
    in_days,
    initiative,
    official,
    resident,
)
from tests.territories.factories import build_tree

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
]

Status = Initiative.Status


@pytest.mark.parametrize("stage", ["under_consideration", "accepted"])
def test_two_officials_opening_from_one_proposal_open_one_initiative(stage):
    tree = build_tree()
    make = considered_proposal if stage == "under_consideration" else accepted_proposal
    proposal = make(tree.village)
    officials = [official(tree.village), official(tree.rural_district)]

    def open_it(person, title):
        return lambda: services.initiative_open_from_proposal(
            actor=person,
            proposal=Proposal.objects.get(pk=proposal.pk),
            response=RESPONSE,
            title=title,
            description=DESCRIPTION,
            category="lighting",
            responsible_body="Akimat of Arshaly village",
            due_date=in_days(60),
        )

    errors = run_at_once(
        [open_it(officials[0], "Street lights, first"), open_it(officials[1], "Street lights, second")]
    )

    assert len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    item = Initiative.objects.get()  # exactly one
    assert list(item.proposals.all()) == [proposal]
    assert item.status_changes.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert OfficialResponse.objects.filter(proposal=proposal).count() == 1
    assert proposal.status_changes.filter(to_status=Proposal.Status.ACCEPTED).count() == 1


def test_two_officials_posting_updates_at_once_both_count():
    tree = build_tree()
    first, second = official(tree.village), official(tree.district)
    item = initiative(tree.village, by=first)

    def post(person, percent, spent):
        return lambda: services.update_post(
            actor=person,
            initiative=Initiative.objects.get(pk=item.pk),
            body=f"Report by {person.display_name}: poles {percent} per cent done.",
            percent=percent,
            spent=spent,
        )

    # The first official's phone also sends the same report twice at the same moment (a double submit).
    errors = run_at_once([post(first, 30, 100_000), post(first, 30, 100_000), post(second, 40, 150_000)])

    assert errors == []
    updates = list(ProgressUpdate.objects.filter(initiative=item).order_by("created_at", "pk"))
    assert sorted(update.author.pk for update in updates) == sorted([first.pk, second.pk])  # one row each
    item.refresh_from_db()
    last = updates[-1]  # posted under the lock after the other one: its numbers stand
    assert (item.percent, item.budget_spent, item.last_update_at) == (last.percent, last.spent, last.created_at)
    # Both found the work planned; exactly one of them started it.
    assert item.status == Status.IN_PROGRESS
    assert item.status_changes.filter(to_status=Status.IN_PROGRESS).count() == 1


def test_residents_checking_at_once_are_all_counted_and_the_completion_disputed_once():
    tree = build_tree()
    runner = official(tree.village)
    item = completed(initiative(tree.village, by=runner), runner)
    CheckPolicy.objects.create(territory=tree.village, disputes_minimum=5)
    disputers = [resident(tree.village) for _ in range(12)]
    confirmers = [resident(tree.village) for _ in range(4)]
    comment = "The east end of the street is still dark at night."

    def check(person, verdict):
        return lambda: services.completion_check(
            actor=person,
            initiative=Initiative.objects.get(pk=item.pk),
            verdict=verdict,
            comment=comment if verdict != "confirmed" else "",
        )

    actions = [check(person, "not_done") for person in disputers]
    actions += [check(person, "confirmed") for person in confirmers]
    # Four disputers change their mind at the same moment (a second tab).
    actions += [check(person, "done_badly") for person in disputers[:4]]
    errors = run_at_once(actions)

    assert errors == []
    item.refresh_from_db()
    rows = CompletionCheck.objects.filter(initiative=item)
    assert rows.count() == len(disputers) + len(confirmers)  # one row per person
    assert (
        (item.confirmations, item.disputes)
        == (
            rows.filter(verdict="confirmed").count(),
            rows.filter(verdict__in=CompletionCheck.DISPUTING).count(),
        )
        == (4, 12)
    )
    counted = (item.confirmations, item.disputes)
    services.initiative_recount_checks(initiative=item)
    assert (item.confirmations, item.disputes) == counted
    assert item.status == Status.DISPUTED
    assert StatusChange.objects.filter(initiative=item, to_status=Status.DISPUTED).count() == 1
