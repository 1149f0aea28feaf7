"""What became of a proposal elsewhere, shown on its pages without proposals importing the apps above it.

An accepted proposal is carried out as an initiative (``apps.initiatives``);
later a meeting's agenda may take it up. Those apps sit above proposals
(docs/architecture.md), so they register here, in their ``AppConfig.ready``:

- a *follow-up* source: ``fn(proposal_ids) -> {proposal_id: [FollowUp, ...]}``,
  one query for a whole page of proposals ("My proposals") or for one;
- a *staff action*: ``fn(user, proposal) -> StaffAction | None``, a link the
  staff panel of a proposal offers ("Accept and open an initiative").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    #: "Initiative № 12": what carries the proposal on.
    label: str
    url: str
    #: Its state in words ("In progress", "Delayed") and the badge modifier of the stylesheet.
    status: str
    tone: str = "muted"
    percent: int | None = None
    due: datetime.date | None = None


@dataclass(frozen=True)
class StaffAction:
    label: str
    url: str


_SOURCES: list[Callable[[list[int]], dict[int, list[FollowUp]]]] = []
_ACTIONS: list[Callable[[object, object], StaffAction | None]] = []


def register_followups(source: Callable[[list[int]], dict[int, list[FollowUp]]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def register_staff_action(action: Callable[[object, object], StaffAction | None]) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def followups_for(proposal_ids: Iterable[int]) -> dict[int, list[FollowUp]]:
    ids = list(proposal_ids)
    found: dict[int, list[FollowUp]] = {}
    if not ids:
        return found
    for source in _SOURCES:
        for pk, items in source(ids).items():
            found.setdefault(pk, []).extend(items)
    return found


def staff_actions_for(user, proposal) -> list[StaffAction]:
    return [action for action in (fn(user, proposal) for fn in _ACTIONS) if action is not None]
