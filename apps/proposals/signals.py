"""Domain events of proposals, sent after the transaction that caused them has committed.

``threshold_reached`` (sender=Proposal, proposal=...) — a proposal's votes for
reached its threshold; it now heads its territory officials' queue. Receivers
(e-mail and in-app notifications to officials, the author and followers, the
agenda of the next local community gathering) connect here; the event is sent
once per proposal.

``status_changed`` (sender=Proposal, proposal=..., change=StatusChange) — any
step of the public timeline (published, rejected, answered, ...).
"""

from django.dispatch import Signal

threshold_reached = Signal()
status_changed = Signal()
