"""Apps import only the layers below them (docs/architecture.md, "Layers between apps").

A new import that points up or sideways — or makes two apps depend on each
other — fails here with the file and line. Reactions across apps go through
signals, registries (``register_discussable``, ``register_panel``,
``mfa.STAFF_CHECKS``) or the outbox instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "apps"

#: Bottom first. An app may import the apps of the layers *below* its own, never its own layer's peers.
LAYERS: list[set[str]] = [
    {"core"},
    {"accounts"},
    {"territories", "notifications"},
    {"discussions"},
    {"moderation"},
    {"documents", "proposals"},
    {"initiatives"},
    # Composition: the staff console and the site (home page, health, setup and demo data).
    {"staff", "site"},
]
LAYER_OF = {app: index for index, layer in enumerate(LAYERS) for app in layer}


def app_imports() -> list[tuple[str, str, str]]:
    """(importing app, imported app, "file:line") for every import of another app, migrations aside."""
    found = []
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(APPS)
        if "migrations" in relative.parts:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "apps" and len(parts) > 1 and parts[1] != app:
                    found.append((app, parts[1], f"apps/{relative}:{node.lineno}"))
    return found


def test_every_app_has_a_layer():
    apps = {path.name for path in APPS.iterdir() if (path / "apps.py").exists()}

    assert apps == set(LAYER_OF), "add the new app to LAYERS (and to docs/architecture.md)"


def test_apps_import_only_the_layers_below():
    wrong = [
        f"{where}: {app} (layer {LAYER_OF[app]}) imports {other} (layer {LAYER_OF.get(other, '?')})"
        for app, other, where in app_imports()
        if LAYER_OF.get(other, len(LAYERS)) >= LAYER_OF[app]
    ]

    assert wrong == []


def test_no_two_apps_import_each_other():
    pairs = {(app, other) for app, other, _where in app_imports()}

    assert sorted(pair for pair in pairs if pair[::-1] in pairs) == []


def test_the_checker_sees_imports():
    # Guard the guard: a scan that found nothing would pass every test above.
    pairs = {(app, other) for app, other, _where in app_imports()}

    assert {("proposals", "territories"), ("discussions", "accounts"), ("staff", "proposals")} <= pairs
