"""Who may do what with proposals (named permissions, asked through ``apps.core.permissions``).

Rights of a resident or an author (proposing, voting, editing, submitting,
withdrawing) come from residency and authorship only, never from being a
superuser. Staff rights (moderating, answering, reading what is not public)
need a role covering the proposal's territory — or being a superuser — and the
second factor in this session; staff never decide on their own proposal.

The steps of a proposal's life name these permissions in
``Proposal.TRANSITIONS``; docs/permissions.md lists them all (generated).
"""

from __future__ import annotations

import rules
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from apps.accounts.rules import has_second_factor, is_authenticated, is_superuser
from apps.core.permissions import Naming, define
from apps.proposals.models import Proposal
from apps.territories.models import ROOT_CODE
from apps.territories.rules import (
    NOT_SIGNED_IN,
    can_answer_in,
    can_moderate_in,
    is_not_waiting_for_verification_in,
    is_resident_of,
    staff_right,
    standing_in,
    was_not_just_rejected_in,
)


@rules.predicate
def is_proposal_author(user, proposal) -> bool:
    return proposal is not None and proposal.author_id == getattr(user, "pk", None)


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal is not None and proposal.is_editable


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == Proposal.Status.DRAFT


@rules.predicate
def was_never_submitted(user, proposal) -> bool:
    """A draft with no timeline: nobody else has seen it, so deleting it loses nothing."""
    return is_draft(user, proposal) and not proposal.status_changes.exists()


@rules.predicate
def is_public(user, proposal) -> bool:
    return proposal is not None and proposal.is_public


@rules.predicate
def takes_votes(user, proposal) -> bool:
    return proposal is not None and proposal.status in Proposal.VOTING


@rules.predicate
def is_voting_open(user, proposal) -> bool:
    return proposal is not None and proposal.is_voting_open


@rules.predicate
def is_below_the_republic(user, territory) -> bool:
    return territory is not None and territory.kato_code != ROOT_CODE


@rules.predicate
def is_resident_of_proposal_territory(user, proposal) -> bool:
    return proposal is not None and is_resident_of(user, proposal.territory)


@rules.predicate
def is_not_waiting_for_verification_in_proposal_territory(user, proposal) -> bool:
    return proposal is None or is_not_waiting_for_verification_in(user, proposal.territory)


@rules.predicate
def was_not_just_rejected_in_proposal_territory(user, proposal) -> bool:
    return proposal is None or was_not_just_rejected_in(user, proposal.territory)


@rules.predicate
def can_moderate_proposal(user, proposal) -> bool:
    return proposal is not None and can_moderate_in(user, proposal.territory)


@rules.predicate
def can_answer_proposal(user, proposal) -> bool:
    return proposal is not None and can_answer_in(user, proposal.territory)


is_staff_of_proposal = has_second_factor & (is_superuser | can_moderate_proposal | can_answer_proposal)


ONLY_RESIDENTS = gettext_lazy(
    "Only verified residents of %(territory)s may propose there. Declare your residency first."
)


def _territory_name(territory) -> str:
    return territory.name if territory is not None else "—"


def _pending_fields(user, territory) -> dict:
    """The declaration waiting for verification: where, and since when (in the page's language)."""
    pending = standing_in(user, territory).pending if territory is not None else None
    if pending is None:
        return {"territory": _territory_name(territory), "date": "—"}
    return {
        "territory": pending.territory.name,
        "date": date_format(timezone.localtime(pending.created_at), "DATE_FORMAT"),
    }


def _rejected_fields(user, territory) -> dict:
    rejected = standing_in(user, territory).rejected if territory is not None else None
    if rejected is None:
        return {"territory": _territory_name(territory), "reason": "—"}
    return {"territory": rejected.territory.name, "reason": rejected.reason or "—"}


# A person whose declaration waits for the staff is not told to declare again; a rejected one is told why.
WAITING_TO_PROPOSE = gettext_lazy(
    "Your residency in %(territory)s has been waiting for verification since %(date)s. "
    "You can propose issues once it is verified."
)
WAITING_TO_VOTE = gettext_lazy(
    "Your residency in %(territory)s has been waiting for verification since %(date)s. "
    "You can vote once it is verified."
)
REJECTED = gettext_lazy(
    "Your declaration of residency in %(territory)s was rejected. You may declare your residency again. "
    "Reason: %(reason)s"
)

_waiting_to_propose = Naming(WAITING_TO_PROPOSE, _pending_fields)
_waiting_to_propose_in_proposal_territory = Naming(
    WAITING_TO_PROPOSE, lambda user, proposal: _pending_fields(user, proposal.territory)
)
_waiting_to_vote = Naming(WAITING_TO_VOTE, lambda user, proposal: _pending_fields(user, proposal.territory))
_rejected = Naming(REJECTED, _rejected_fields)
_rejected_in_proposal_territory = Naming(REJECTED, lambda user, proposal: _rejected_fields(user, proposal.territory))
_only_residents = Naming(ONLY_RESIDENTS, lambda user, territory: {"territory": _territory_name(territory)})
_only_residents_of_proposal_territory = Naming(
    ONLY_RESIDENTS, lambda user, proposal: {"territory": _territory_name(proposal.territory)}
)
_only_residents_vote = Naming(
    gettext_lazy("Only verified residents of %(territory)s may vote on this proposal."),
    lambda user, proposal: {"territory": proposal.territory.name},
)
_voting_ended = Naming(
    gettext_lazy("Voting on this proposal ended on %(date)s."),
    lambda user, proposal: {
        "date": timezone.localtime(proposal.voting_until).strftime("%d.%m.%Y") if proposal.voting_until else "—"
    },
)
_only_moderators = Naming(
    gettext_lazy("Only moderators of %(territory)s may publish, reject or merge this proposal."),
    lambda user, proposal: {"territory": proposal.territory.name},
)
_only_officials = Naming(
    gettext_lazy("Only officials of %(territory)s may consider and answer this proposal."),
    lambda user, proposal: {"territory": proposal.territory.name},
)

ONLY_THE_AUTHOR = gettext_lazy("Only the author of the proposal may do this.")
NOT_OWN = gettext_lazy("You cannot decide on your own proposal; another staff member of the territory will.")

define(
    "proposals.add_in",
    (is_authenticated, gettext_lazy("Sign in to propose.")),
    (is_below_the_republic, gettext_lazy("Choose a region, district, city or village: not the whole Republic.")),
    (is_not_waiting_for_verification_in, _waiting_to_propose),
    (was_not_just_rejected_in, _rejected),
    (is_resident_of, _only_residents),
    obj="territory",
)
# A draft is the author's alone until submitted ("Only you can see it"): staff see it from submission.
define(
    "proposals.view",
    is_public | is_proposal_author | (~is_draft & is_staff_of_proposal),
    denied=gettext_lazy("This proposal is not public."),
    obj="proposal",
)
# The moderators' reasons for returning a proposal may quote what had to go (a phone number, an insult).
define(
    "proposals.view_private_notes",
    is_proposal_author | is_staff_of_proposal,
    denied=gettext_lazy("Only the author and the staff of the territory read the moderators' notes."),
    obj="proposal",
)
define(
    "proposals.change",
    (is_authenticated, NOT_SIGNED_IN),
    (is_proposal_author, ONLY_THE_AUTHOR),
    (is_editable, gettext_lazy("This proposal can no longer be changed: it is with the moderators or beyond.")),
    obj="proposal",
)
define(
    "proposals.delete_draft",
    (is_authenticated, NOT_SIGNED_IN),
    (is_proposal_author, ONLY_THE_AUTHOR),
    (
        was_never_submitted,
        gettext_lazy("Only drafts that were never submitted can be deleted; withdraw the proposal instead."),
    ),
    obj="proposal",
)
define(
    "proposals.submit",
    (is_authenticated, NOT_SIGNED_IN),
    (is_proposal_author, ONLY_THE_AUTHOR),
    (is_not_waiting_for_verification_in_proposal_territory, _waiting_to_propose_in_proposal_territory),
    (was_not_just_rejected_in_proposal_territory, _rejected_in_proposal_territory),
    (is_resident_of_proposal_territory, _only_residents_of_proposal_territory),
    obj="proposal",
)
define("proposals.withdraw", (is_authenticated, NOT_SIGNED_IN), (is_proposal_author, ONLY_THE_AUTHOR), obj="proposal")
define(
    "proposals.vote",
    (is_authenticated, gettext_lazy("Sign in to vote.")),
    (takes_votes, gettext_lazy("Voting on this proposal is closed.")),
    (is_voting_open, _voting_ended),
    (is_not_waiting_for_verification_in_proposal_territory, _waiting_to_vote),
    (was_not_just_rejected_in_proposal_territory, _rejected_in_proposal_territory),
    (is_resident_of_proposal_territory, _only_residents_vote),
    obj="proposal",
)
# Staff of the territory, whether or not a decision is open to them now (the staff panel, the 404 of staff pages).
define(
    "proposals.decide",
    *staff_right(
        can_moderate_proposal | can_answer_proposal,
        gettext_lazy("Only the staff of the proposal's territory decide on it."),
    ),
    obj="proposal",
)
define(
    "proposals.moderate",
    *staff_right(can_moderate_proposal, _only_moderators),
    (~is_proposal_author, NOT_OWN),
    obj="proposal",
)
define(
    "proposals.answer",
    *staff_right(can_answer_proposal, _only_officials),
    (~is_proposal_author, NOT_OWN),
    obj="proposal",
)
