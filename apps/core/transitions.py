"""Status machines as tables: every allowed step, who may take it, and what it needs.

A stateful model declares its steps once::

    TRANSITIONS = TransitionTable([
        Transition("submitted", "published", name="publish", permission="proposals.publish"),
        Transition("published", "threshold_reached", name="reach_threshold", system=True),
        ...
    ])

and one ``<entity>_transition`` service enforces it (lock the row, look the
step up, ``permissions.require`` the step's permission, conditional update,
audit row). Pages ask ``available(user, obj)`` for the buttons to offer instead
of comparing status strings; docs/states.md is checked against the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from apps.core import permissions


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    #: What a page and the code call the step ("publish", "withdraw"): one name may cover several sources.
    name: str
    #: The permission asked of the actor (``apps.core.permissions``); empty for steps only the site takes.
    permission: str = ""
    #: The actor must explain the step (shown to the author, or publicly).
    reason_required: bool = False
    #: Taken by the site itself (``actor=None``): thresholds, automatic hiding.
    system: bool = False

    def allowed(self, user, obj) -> bool:
        return bool(self.permission) and permissions.can(user, self.permission, obj)


class TransitionTable:
    def __init__(self, transitions: Iterable[Transition]):
        self._steps: dict[tuple[str, str], Transition] = {}
        for transition in transitions:
            key = (str(transition.source), str(transition.target))
            if key in self._steps:
                raise ValueError(f"duplicate transition {key}")
            if not transition.system and not transition.permission:
                raise ValueError(f"transition {key} needs a permission or system=True")
            self._steps[key] = transition

    def __iter__(self) -> Iterator[Transition]:
        return iter(self._steps.values())

    def __len__(self) -> int:
        return len(self._steps)

    def get(self, source: str, target: str) -> Transition | None:
        return self._steps.get((str(source), str(target)))

    def from_status(self, source: str) -> list[Transition]:
        return [step for (start, _end), step in self._steps.items() if start == str(source)]

    def targets(self, source: str) -> set[str]:
        return {step.target for step in self.from_status(source)}

    def names(self) -> set[str]:
        return {step.name for step in self}

    def available(self, user, obj, *, status_field: str = "status") -> dict[str, Transition]:
        """The steps ``user`` may take on ``obj`` now, by name (what a page offers)."""
        source = getattr(obj, status_field)
        return {step.name: step for step in self.from_status(source) if step.allowed(user, obj)}
