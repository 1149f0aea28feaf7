"""Writes on initiatives, each in one transaction: the plan, the status machine, updates, residents' checks.

Split by concern; callers import from here. Reads are in ``apps.initiatives.selectors``.
"""

from apps.initiatives.services.checks import check_policy_for, completion_check, initiative_recount_checks
from apps.initiatives.services.deadlines import initiatives_mark_delayed
from apps.initiatives.services.plans import (
    initiative_create,
    initiative_edit,
    initiative_open_from_proposal,
    milestone_add,
    milestone_mark_done,
    milestone_reschedule,
)
from apps.initiatives.services.transitions import (
    initiative_cancel,
    initiative_complete,
    initiative_reopen,
    initiative_resume,
    initiative_start,
    initiative_transition,
    initiative_uphold,
)
from apps.initiatives.services.updates import update_post

__all__ = [
    "check_policy_for",
    "completion_check",
    "initiative_cancel",
    "initiative_complete",
    "initiative_create",
    "initiative_edit",
    "initiative_open_from_proposal",
    "initiative_recount_checks",
    "initiative_reopen",
    "initiative_resume",
    "initiative_start",
    "initiative_transition",
    "initiative_uphold",
    "initiatives_mark_delayed",
    "milestone_add",
    "milestone_mark_done",
    "milestone_reschedule",
    "update_post",
]
