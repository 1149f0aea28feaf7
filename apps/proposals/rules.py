"""Who may do what with proposals (django-rules predicates).

=======================  ===============================================  =========================
permission               who                                              object
=======================  ===============================================  =========================
proposals.add_in         verified resident of the territory or inside it   territory
proposals.view           everyone for public statuses; otherwise the      proposal
                         author, and from submission staff covering the
                         territory
proposals.change         the author, while draft or rejected              proposal
proposals.submit         the author, while draft or rejected              proposal
proposals.withdraw       the author, before consideration                 proposal
proposals.vote           verified resident of the territory or inside it, proposal
                         while voting is open
proposals.moderate       moderator / administrator covering the territory proposal
proposals.answer         official / administrator covering the territory  proposal
=======================  ===============================================  =========================

Superusers may moderate and answer everywhere. "Covering" means a role in force
today on the proposal's territory or an ancestor (``apps.territories.rules``).

Ask them with ``rules.has_perm(name, user, obj)``, not ``user.has_perm``: Django
grants superusers every permission there, and rights that come from residency
or authorship (proposing, voting, editing) must not be granted that way.
"""

from __future__ import annotations

import rules

from apps.proposals.models import Proposal
from apps.territories.rules import can_answer_in, can_moderate_in, is_resident_of, is_superuser


@rules.predicate
def is_proposal_author(user, proposal) -> bool:
    return proposal is not None and proposal.author_id == getattr(user, "pk", None)


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal is not None and proposal.is_editable


@rules.predicate
def is_withdrawable(user, proposal) -> bool:
    return proposal is not None and proposal.transition_actor(Proposal.Status.WITHDRAWN) == Proposal.AUTHOR


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == Proposal.Status.DRAFT


@rules.predicate
def is_public(user, proposal) -> bool:
    return proposal is not None and proposal.is_public


@rules.predicate
def is_voting_open(user, proposal) -> bool:
    return proposal is not None and proposal.is_voting_open


@rules.predicate
def is_resident_of_proposal_territory(user, proposal) -> bool:
    return proposal is not None and is_resident_of(user, proposal.territory)


@rules.predicate
def can_moderate_proposal(user, proposal) -> bool:
    return proposal is not None and can_moderate_in(user, proposal.territory)


@rules.predicate
def can_answer_proposal(user, proposal) -> bool:
    return proposal is not None and can_answer_in(user, proposal.territory)


may_moderate = is_superuser | can_moderate_proposal
may_answer = is_superuser | can_answer_proposal

rules.add_perm("proposals.add_in", is_resident_of)
# A draft is the author's alone until submitted ("Only you can see it"): staff see it from submission.
rules.add_perm("proposals.view", is_public | is_proposal_author | (~is_draft & (may_moderate | may_answer)))
rules.add_perm("proposals.change", is_proposal_author & is_editable)
rules.add_perm("proposals.submit", is_proposal_author & is_editable)
rules.add_perm("proposals.withdraw", is_proposal_author & is_withdrawable)
rules.add_perm("proposals.vote", is_resident_of_proposal_territory & is_voting_open)
rules.add_perm("proposals.moderate", may_moderate)
rules.add_perm("proposals.answer", may_answer)
