"""What other apps show on a territory's page, without territories importing them.

An app above territories (proposals; initiatives and meetings later) registers
a panel in its ``AppConfig.ready``: a template and a function giving its
context for the page's territory. The territory page renders the panels in
order, so the dependency points up the layers, never down (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (request, territory) -> dict
    order: int = 0


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    data: dict


_PANELS: dict[str, Panel] = {}


def register_panel(name: str, *, template: str, context: Callable, order: int = 0) -> None:
    _PANELS[name] = Panel(template=template, context=context, order=order)


def panels_for(request, territory) -> list[RenderedPanel]:
    return [
        RenderedPanel(panel.template, panel.context(request, territory))
        for panel in sorted(_PANELS.values(), key=lambda panel: panel.order)
    ]
