"""Who may report and who may moderate a comment (django-rules predicates).

A comment is moderated by staff with a moderation role (moderator,
administrator) covering the territory of what is discussed: a national
document (no territory, e.g. the Concept) needs a role on the Republic; a local
act needs a role on its territory or above.
"""

from __future__ import annotations

import rules

from apps.discussions.rules import has_verified_email, is_comment_author, is_visible_comment
from apps.territories.models import ROOT_CODE, Territory
from apps.territories.rules import MODERATION_ROLES, has_role_over, is_superuser


def comment_territory(comment) -> Territory | None:
    territory = comment.thread.territory()
    if territory is None:
        territory = Territory.objects.filter(kato_code=ROOT_CODE).first()
    return territory


@rules.predicate
def can_moderate_comment(user, comment) -> bool:
    return comment is not None and has_role_over(user, comment_territory(comment), MODERATION_ROLES)


can_report = has_verified_email & ~is_comment_author & is_visible_comment

rules.add_perm("moderation.report_comment", can_report)
rules.add_perm("moderation.moderate_comment", is_superuser | can_moderate_comment)
