"""Domain events of proposals, sent after the transaction that caused them has committed.

``threshold_reached`` (sender=Proposal, proposal=...) — a proposal's votes for
reached its threshold; it now heads its territory officials' queue. Receivers
(e-mail and in-app notifications to officials, the author and followers, the
agenda of the next local community gathering) connect here; the event is sent
once per proposal.

``threshold_lost`` (sender=Proposal, proposal=...) — voters changed their minds
before the akimat took the proposal up: its votes for fell below the threshold,
it collects votes again and has left the officials' queue (an agenda built from
``threshold_reached`` should drop it). Reaching the threshold again sends no
second ``threshold_reached``; receivers that need every crossing watch
``status_changed``.

``status_changed`` (sender=Proposal, proposal=..., change=StatusChange) — any
step of the public timeline (published, rejected, answered, ...).
"""

from django.dispatch import Signal

threshold_reached = Signal()
threshold_lost = Signal()
status_changed = Signal()
