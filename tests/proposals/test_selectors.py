"""Staff queues and their summary: scope, order, and what counts as waiting."""

from apps.proposals import selectors, services
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.proposals.factories import moderator, official, published, reached, resident, staff, submitted


def test_the_summary_counts_each_queue_within_the_scope_only(tree):
    old = submitted(resident(tree.village), tree.village)
    submitted(resident(tree.other_village), tree.other_village)
    submitted(resident(tree.neighbour_village), tree.neighbour_village)  # another district
    waiting = reached(resident(tree.village), tree.village)
    considered = reached(resident(tree.village), tree.village)
    services.proposal_consider(actor=official(tree.district), proposal=considered)
    published(resident(tree.village), tree.village)  # collecting votes: nobody's queue yet
    old.refresh_from_db()

    # Moderators see what waits for their akimat's answer too (issue 10: "0" while one waited); officials answer.
    assert selectors.staff_summary(user=moderator(tree.district)) == {
        "to_moderate": 2,
        "to_answer": 2,
        "oldest_submitted_at": old.submitted_at,
        "answers": False,
    }
    assert selectors.staff_summary(user=official(tree.district)) == {
        "to_moderate": 0,
        "to_answer": 2,
        "oldest_submitted_at": None,
        "answers": True,
    }
    administrator = staff(tree.oblast, StaffRole.Role.ADMINISTRATOR)
    assert selectors.staff_summary(user=administrator)["to_moderate"] == 3
    assert selectors.staff_summary(user=administrator)["to_answer"] == 2
    assert list(selectors.answer_queue(user=administrator)) == [waiting, considered]


def test_the_summary_leaves_out_the_staff_members_own_proposals_and_is_empty_without_a_role(tree):
    own = staff(tree.district, StaffRole.Role.ADMINISTRATOR)
    from apps.territories.models import Residency

    Residency.objects.create(
        user=own, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash="x" * 32, iin_last4="0000"
    )
    submitted(own, tree.village)

    assert selectors.staff_summary(user=own)["to_moderate"] == 0
    assert selectors.staff_summary(user=UserFactory()) == {
        "to_moderate": 0,
        "to_answer": 0,
        "oldest_submitted_at": None,
        "answers": False,
    }
    assert selectors.staff_summary(user=UserFactory(is_superuser=True))["to_moderate"] == 1


def test_the_list_indexes_cover_exactly_what_the_public_list_shows():
    from apps.proposals.models import LISTED_STATUSES, Proposal

    assert set(LISTED_STATUSES) == set(Proposal.PUBLIC) == set(selectors.LIST_STATUSES)
