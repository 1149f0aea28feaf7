"""Domain events of discussions, sent after the transaction that caused them has committed.

``comment_status_changed`` (sender=Comment, comment=..., change=CommentStatusChange) — a
comment was hidden, restored or removed (notifications tell its author why).
"""

from django.dispatch import Signal

comment_status_changed = Signal()
