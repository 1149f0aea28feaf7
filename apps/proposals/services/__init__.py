"""Writes on proposals, each in one transaction: drafting, the status machine, votes.

Split by concern (``drafting``, ``transitions``, ``votes``); callers import
from here. Reads are in ``apps.proposals.selectors``, input checks in
``apps.proposals.validators``, the threshold arithmetic in ``thresholds``.
"""

from apps.proposals.services.drafting import proposal_create, proposal_delete_draft, proposal_edit
from apps.proposals.services.transitions import (
    proposal_accept,
    proposal_consider,
    proposal_decline,
    proposal_mark_duplicate,
    proposal_publish,
    proposal_reject,
    proposal_submit,
    proposal_transition,
    proposal_withdraw,
)
from apps.proposals.services.votes import proposal_recount, vote_cast

__all__ = [
    "proposal_accept",
    "proposal_consider",
    "proposal_create",
    "proposal_decline",
    "proposal_delete_draft",
    "proposal_edit",
    "proposal_mark_duplicate",
    "proposal_publish",
    "proposal_recount",
    "proposal_reject",
    "proposal_submit",
    "proposal_transition",
    "proposal_withdraw",
    "vote_cast",
]
