"""docs/permissions.md and the tables of docs/states.md are generated from the code and must match it."""

import pytest

from apps.site import docs

REGENERATE = "run `.venv/bin/python manage.py permissions_doc` and commit the result"


@pytest.mark.django_db
def test_the_permission_matrix_is_the_one_the_rules_define():
    assert docs.PERMISSIONS_DOC.read_text(encoding="utf-8") == docs.permissions_markdown(), REGENERATE


def test_the_state_tables_are_the_ones_the_models_define():
    current = docs.STATES_DOC.read_text(encoding="utf-8")

    assert current == docs.states_markdown(current), REGENERATE


def test_every_permission_and_every_step_is_documented():
    from apps.core import permissions
    from apps.proposals.models import Proposal

    text = docs.PERMISSIONS_DOC.read_text(encoding="utf-8")
    states = docs.STATES_DOC.read_text(encoding="utf-8")

    assert all(f"`{name}`" in text for name in permissions.defined())
    assert all(f"`{step.name}`" in states for step in Proposal.TRANSITIONS)
