"""The one way to ask whether someone may do something.

Every right in Civic is a named django-rules permission (``"proposals.vote"``),
defined in its app's ``rules.py`` with :func:`define`, and asked through this
module only — by views, services, templates (``{% load permissions %}``) and
the API alike:

- :func:`can` — may ``user`` do ``name`` (on ``obj``)? A plain bool.
- :func:`require` — the same, raising ``PermissionDenied`` with a translated
  message saying why not (services call it; views turn it into a message or a
  403 page).
- :func:`why_not` — that message, or ``None`` when allowed: the page says
  "sign in to vote" or "your residency is still waiting for verification"
  instead of hiding the button silently (in the spirit of adhocracy4's
  ``would_have_perm``).

Why not ``user.has_perm``: Django's ``ModelBackend`` and ``PermissionsMixin``
answer *yes* to every active superuser before any rule is asked, so a
superuser could vote, propose or rewrite a resident's comment. Rights that
come from authorship or residency must never come from being a superuser;
``rules.has_perm`` asks the predicate alone, and staff rights name superusers
explicitly (with the second factor). ``rules``' authentication backend is not
installed, so Django's per-user check does not even know these permissions,
and a test (tests/core/test_permissions.py) keeps calls of it out of the code.

A permission is a list of *requirements*, each a predicate with the message
shown when it fails, checked in order: the first unmet one explains the
refusal. Its predicate is the conjunction of the requirements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

Message = str | Callable[[object, object], str]


@dataclass(frozen=True)
class Naming:
    """A refusal that names the object: ``template % fields(user, obj)``.

    ``template`` is a (lazy) translated string with ``%(field)s`` slots, so the
    sentence is translated like any other and docs/permissions.md can show it
    with the slots as ``‹field›``.
    """

    template: str
    fields: Callable[[object, object], dict]

    def __call__(self, user, obj) -> str:
        return str(self.template) % self.fields(user, obj)

    def describe(self) -> str:
        """The sentence (in the active language) with each slot shown as ``‹name›``."""
        return re.sub(r"%\((\w+)\)s", r"‹\1›", str(self.template))


#: Said when no requirement explains the refusal.
DEFAULT_DENIED = _("You may not do this.")


@dataclass(frozen=True)
class Requirement:
    predicate: rules.Predicate
    message: Message

    def explain(self, user, obj) -> str:
        message = self.message
        return str(message(user, obj) if callable(message) and not isinstance(message, str) else message)


@dataclass(frozen=True)
class Permission:
    name: str
    requirements: tuple[Requirement, ...]
    denied: Message
    predicate: rules.Predicate
    #: What ``obj`` is when the permission is asked ("proposal", "territory"), for docs/permissions.md; "" for none.
    obj: str = ""


_PERMISSIONS: dict[str, Permission] = {}


def define(
    name: str,
    *requirements: tuple[Callable, Message] | Callable,
    denied: Message = DEFAULT_DENIED,
    obj: str = "",
) -> Permission:
    """Define permission ``name`` as ``requirements``, all of which must hold.

    Each requirement is a predicate or a ``(predicate, message)`` pair; the
    message (a string, or a :class:`Naming` for messages that name the object)
    explains a refusal caused by that predicate. ``denied`` explains refusals
    that no requirement with a message explains. ``obj`` says what the object
    asked about is ("proposal"; empty when the permission is asked without one).
    """
    if name in _PERMISSIONS:
        raise ValueError(f"permission {name!r} is already defined")
    if not requirements:
        raise ValueError(f"permission {name!r} needs at least one requirement")
    items: list[Requirement] = []
    for requirement in requirements:
        predicate, message = requirement if isinstance(requirement, tuple) else (requirement, None)
        if not isinstance(predicate, rules.Predicate):
            predicate = rules.predicate(predicate)
        items.append(Requirement(predicate, message))
    combined = items[0].predicate
    for item in items[1:]:
        combined = combined & item.predicate
    permission = Permission(name=name, requirements=tuple(items), denied=denied, predicate=combined, obj=obj)
    _PERMISSIONS[name] = permission
    rules.add_perm(name, combined)
    return permission


def get(name: str) -> Permission:
    try:
        return _PERMISSIONS[name]
    except KeyError:
        # A typo must fail loudly, not answer "no" forever.
        raise LookupError(f"unknown permission {name!r}") from None


def defined() -> dict[str, Permission]:
    """Every permission, by name (the permission matrix is generated from these)."""
    return dict(_PERMISSIONS)


def can(user, name: str, obj=None) -> bool:
    """True when ``user`` may do ``name`` (on ``obj``)."""
    return bool(get(name).predicate.test(user, obj))


def why_not(user, name: str, obj=None) -> str | None:
    """Why ``user`` may not do ``name`` (a translated sentence), or None when they may."""
    permission = get(name)
    if permission.predicate.test(user, obj):
        return None
    for requirement in permission.requirements:
        if requirement.message is not None and not requirement.predicate.test(user, obj):
            return requirement.explain(user, obj)
    denied = permission.denied
    return str(denied(user, obj) if callable(denied) and not isinstance(denied, str) else denied)


def require(user, name: str, obj=None) -> None:
    """Raise ``PermissionDenied`` with the reason unless ``user`` may do ``name`` (on ``obj``)."""
    reason = why_not(user, name, obj)
    if reason is not None:
        raise PermissionDenied(reason)


def allowed_of(user, names: Iterable[str], obj=None) -> frozenset[str]:
    """The names among ``names`` that ``user`` may do on ``obj`` (for pages that offer several actions)."""
    return frozenset(name for name in names if can(user, name, obj))


def matrix(names: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """(name, requirement descriptions) for docs/permissions.md, generated from the definitions."""
    rows = []
    for name in sorted(names if names is not None else _PERMISSIONS):
        permission = _PERMISSIONS[name]
        rows.append((name, [_describe(requirement.predicate) for requirement in permission.requirements]))
    return rows


def _describe(predicate: rules.Predicate) -> str:
    # rules names a combined predicate after its parts: "(is_superuser | can_moderate_in)".
    return predicate.name
