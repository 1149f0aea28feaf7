"""Domain events of initiatives, sent after the transaction that caused them has committed.

``initiative_opened`` (sender=Initiative, initiative=...) — an initiative was
opened (from accepted proposals or directly); the proposals' authors, voters
and followers should hear of it.

``initiative_delayed`` (sender=Initiative, initiative=..., change=StatusChange)
— the site marked it delayed because its due date or a milestone's passed
(``services.initiatives_mark_delayed``, once per delay).

``status_changed`` (sender=Initiative, initiative=..., change=StatusChange) —
any step of the public timeline (started, completed, disputed, reopened ...).

``update_posted`` (sender=Initiative, initiative=..., update=ProgressUpdate) —
officials reported progress; followers of the initiative should hear of it.
"""

from django.dispatch import Signal

initiative_opened = Signal()
initiative_delayed = Signal()
status_changed = Signal()
update_posted = Signal()
