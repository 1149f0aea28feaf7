"""Who may publish documents for discussion and answer their reports.

A document's territory decides who acts on it: a national act (no territory)
needs a role on the Republic. Reading is open to everyone; commenting is a
discussions right (``discussions.add_comment``) asked of the provision.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import define
from apps.territories.rules import ANSWER_ROLES, has_role_over, staff_right, territory_or_republic


@rules.predicate
def can_answer_for_territory(user, territory) -> bool:
    """Official or administrator covering ``territory`` (None: the Republic)."""
    return has_role_over(user, territory_or_republic(territory), ANSWER_ROLES)


@rules.predicate
def can_answer_for_document(user, document) -> bool:
    return document is not None and has_role_over(user, territory_or_republic(document.territory), ANSWER_ROLES)


define(
    "documents.publish_for_discussion",
    *staff_right(
        can_answer_for_territory, _("Only officials and administrators of this territory may publish documents.")
    ),
    obj="territory (None: the Republic)",
)
define(
    "documents.answer_report",
    *staff_right(
        can_answer_for_document,
        _("Only officials and administrators of this territory may answer the discussion of this document."),
    ),
    obj="document",
)
