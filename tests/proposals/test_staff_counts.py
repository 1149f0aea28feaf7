"""Issue 10: the staff console's proposal counts are the queue page's rows, for every staff role.

The console of a district moderator said "waiting for an answer: 0" while a proposal of the district
waited for the akimat: the answer queue was counted for answering roles only. Both the console and the
queue now read the same filters (``selectors.waiting_for_answer`` / ``waiting_for_moderation``).
"""

import pytest

from apps.proposals import services
from apps.territories.models import StaffRole
from tests.proposals.factories import moderator, official, published, reached, resident, staff, submitted
from tests.territories.test_views import staff_client


@pytest.fixture
def waiting(tree):
    """One proposal waiting for the akimat's answer, one under consideration, one for moderation, in the district;
    one of each elsewhere, and one collecting votes (nobody's queue)."""
    reached(resident(tree.village), tree.village)
    considered = reached(resident(tree.other_village), tree.other_village)
    services.proposal_consider(actor=official(tree.district), proposal=considered)
    submitted(resident(tree.village), tree.village)
    reached(resident(tree.neighbour_village), tree.neighbour_village)
    submitted(resident(tree.neighbour_village), tree.neighbour_village)
    published(resident(tree.village), tree.village)


@pytest.mark.parametrize(
    ("role", "where", "to_answer", "to_moderate"),
    [
        (StaffRole.Role.MODERATOR, "district", 2, 1),
        (StaffRole.Role.OFFICIAL, "district", 2, 0),
        (StaffRole.Role.ADMINISTRATOR, "oblast", 3, 2),
        (StaffRole.Role.MODERATOR, "neighbour_district", 1, 1),
    ],
)
def test_the_console_counts_the_rows_of_the_queue_page(tree, waiting, role, where, to_answer, to_moderate):
    client = staff_client(staff(getattr(tree, where), role))

    console = client.get("/en/staff/")
    queue = client.get("/en/staff/proposals/")

    counts = console.context["proposals"]
    assert counts["to_answer"] == len(queue.context["answers_page"].object_list) == to_answer
    assert counts["to_moderate"] == len(queue.context["moderation_page"].object_list) == to_moderate
    assert f'<span class="stat__number">{to_answer}</span>' in console.content.decode()


def test_a_moderator_is_told_that_the_officials_answer(tree, waiting):
    page = staff_client(moderator(tree.district)).get("/en/staff/").content.decode()
    officials_page = staff_client(official(tree.district)).get("/en/staff/").content.decode()

    assert "The akimat's officials answer them" in page
    assert "The akimat's officials answer them" not in officials_page
