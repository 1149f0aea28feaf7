"""Who may do what with initiatives (named permissions, asked through ``apps.core.permissions``).

Officials and administrators of the initiative's territory (or of a unit
above it) open initiatives, post updates, move dates and answer disputes —
with the second factor, like every staff right. Moderators do not: they look
after discussions, not the work. Verified residents of the territory check
completed work; that right comes from residency alone, never from being a
superuser or staff.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy

from apps.accounts.rules import is_authenticated
from apps.core.permissions import Naming, define
from apps.initiatives.models import Initiative
from apps.proposals.models import Proposal
from apps.proposals.rules import can_answer_proposal, is_below_the_republic, is_proposal_author
from apps.territories.rules import (
    can_answer_in,
    is_not_waiting_for_verification_in,
    is_resident_of,
    staff_right,
)


@rules.predicate
def can_run_initiative(user, initiative) -> bool:
    return initiative is not None and can_answer_in(user, initiative.territory)


@rules.predicate
def is_open(user, initiative) -> bool:
    return initiative is not None and initiative.status in Initiative.OPEN


@rules.predicate
def is_checked_by_residents(user, initiative) -> bool:
    return initiative is not None and initiative.status in Initiative.CHECKED


@rules.predicate
def is_resident_of_initiative_territory(user, initiative) -> bool:
    return initiative is not None and is_resident_of(user, initiative.territory)


@rules.predicate
def is_not_waiting_in_initiative_territory(user, initiative) -> bool:
    return initiative is None or is_not_waiting_for_verification_in(user, initiative.territory)


@rules.predicate
def can_be_carried_out(user, proposal) -> bool:
    """Under consideration (accepted in the same step) or already accepted."""
    return proposal is not None and proposal.status in (Proposal.Status.UNDER_CONSIDERATION, Proposal.Status.ACCEPTED)


_only_officials = Naming(
    gettext_lazy("Only officials and administrators of %(territory)s run its initiatives."),
    lambda user, obj: {"territory": getattr(obj, "territory", obj).name if obj is not None else "—"},
)
_only_residents = Naming(
    gettext_lazy("Only verified residents of %(territory)s may check this work."),
    lambda user, initiative: {"territory": initiative.territory.name},
)

define(
    "initiatives.add_in",
    *staff_right(can_answer_in, _only_officials),
    (is_below_the_republic, gettext_lazy("Choose a region, district, city or village: not the whole Republic.")),
    obj="territory",
)
define(
    "initiatives.open_from_proposal",
    *staff_right(can_answer_proposal, _only_officials),
    (~is_proposal_author, gettext_lazy("You cannot decide on your own proposal; another official will.")),
    (
        can_be_carried_out,
        gettext_lazy("Only a proposal under consideration or accepted can be carried out as an initiative."),
    ),
    obj="proposal",
)
# Every step officials take on an initiative (the transitions name it too).
define("initiatives.manage", *staff_right(can_run_initiative, _only_officials), obj="initiative")
define(
    "initiatives.post_update",
    *staff_right(can_run_initiative, _only_officials),
    (is_open, gettext_lazy("Updates are posted while the work is under way: this initiative is closed.")),
    obj="initiative",
)
define(
    "initiatives.change_plan",
    *staff_right(can_run_initiative, _only_officials),
    (is_open, gettext_lazy("The plan of a completed or cancelled initiative no longer changes.")),
    obj="initiative",
)
define(
    "initiatives.check",
    (is_authenticated, gettext_lazy("Sign in to say whether the work was done.")),
    (
        is_checked_by_residents,
        gettext_lazy("Residents check the work once the officials mark it completed."),
    ),
    (
        is_not_waiting_in_initiative_territory,
        gettext_lazy("Your residency is waiting for verification: you can check the work once it is verified."),
    ),
    (is_resident_of_initiative_territory, _only_residents),
    obj="initiative",
)
