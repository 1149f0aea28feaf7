"""Facts about a person that other apps' permissions combine (django-rules predicates).

``has_second_factor`` is part of every staff right: a role gives nothing to a
session that has not passed the second factor (a stolen password alone must
not read a moderator's private notes or hide a comment). A request's user
learns the answer from ``SecondFactorMiddleware``; objects that did not come
from a request (management commands, demo data, Celery tasks) have no second
factor unless the code acting for them says so with ``assume_second_factor``.
"""

from __future__ import annotations

import rules
from django.conf import settings

#: Attribute on a user object: a callable answering "did this session pass the second factor?".
CHECK_ATTRIBUTE = "_civic_second_factor_check"
ANSWER_ATTRIBUTE = "_civic_second_factor"


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


@rules.predicate
def has_second_factor(user) -> bool:
    """The person passed a second factor in this session (always true when staff MFA is switched off)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not settings.CIVIC_STAFF_REQUIRE_MFA:
        return True
    answer = getattr(user, ANSWER_ATTRIBUTE, None)
    if answer is None:
        check = getattr(user, CHECK_ATTRIBUTE, None)
        answer = bool(check()) if check is not None else False
        setattr(user, ANSWER_ATTRIBUTE, answer)
    return answer


def assume_second_factor(user):
    """Let server-side code act with ``user``'s staff rights (commands, demo data, tests): no session to ask.

    Never call it for a user that came from a request: the middleware answers for those.
    """
    setattr(user, ANSWER_ATTRIBUTE, True)
    return user
