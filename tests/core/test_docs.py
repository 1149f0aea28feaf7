"""docs/permissions.md and the tables of docs/states.md are generated from the code and must match it."""

import itertools

import pytest
import rules
from django.core.management import CommandError, call_command

from apps.accounts.rules import has_second_factor, is_authenticated, is_superuser
from apps.core import permissions
from apps.core.transitions import Transition
from apps.discussions.models import Comment
from apps.proposals.models import Proposal
from apps.site import docs


@pytest.mark.django_db
def test_the_permission_matrix_is_the_one_the_rules_define():
    assert docs.PERMISSIONS_DOC.read_text(encoding="utf-8") == docs.permissions_markdown(), docs.REGENERATE


def test_the_state_tables_are_the_ones_the_models_define():
    current = docs.STATES_DOC.read_text(encoding="utf-8")

    assert current == docs.states_markdown(current), docs.REGENERATE


def test_every_permission_and_every_step_is_documented():
    text = docs.PERMISSIONS_DOC.read_text(encoding="utf-8")
    states = docs.STATES_DOC.read_text(encoding="utf-8")

    assert all(f"| `{name}` |" in text for name in permissions.defined())
    assert {machine.label for machine in docs.machines()} >= {"Comment.TRANSITIONS", "Proposal.TRANSITIONS"}
    for table in (Proposal.TRANSITIONS, Comment.TRANSITIONS):
        assert all(f"| `{step.name}` |" in states for step in table)
    assert "`auto_hide` (`Comment.AUTO_HIDE`" in states


def test_the_check_option_fails_on_a_stale_page(tmp_path, monkeypatch):
    stale = tmp_path / "permissions.md"
    stale.write_text("# Permissions\n\nWritten by hand.\n", encoding="utf-8")
    monkeypatch.setattr(docs, "PERMISSIONS_DOC", stale)

    with pytest.raises(CommandError, match=r"permissions\.md out of date"):
        call_command("permissions_doc", "--check")
    assert stale.read_text(encoding="utf-8") == "# Permissions\n\nWritten by hand.\n"


def test_a_removed_table_or_a_missing_block_fails_loudly():
    current = docs.STATES_DOC.read_text(encoding="utf-8")

    with pytest.raises(LookupError, match="no longer exist"):
        docs.states_markdown(current + "\n<!-- generated: Gone.TRANSITIONS -->\n<!-- end: Gone.TRANSITIONS -->\n")
    without = current.replace("<!-- generated: Comment.TRANSITIONS -->", "")
    with pytest.raises(LookupError, match=r"no block for Comment\.TRANSITIONS"):
        docs.states_markdown(without)


# -- The predicates taken apart ---------------------------------------------------------------------------------

_values: dict[str, bool] = {}
a = rules.predicate(lambda: _values["a"], name="a")
b = rules.predicate(lambda: _values["b"], name="b")
c = rules.predicate(lambda: _values["c"], name="c")


@pytest.mark.parametrize(
    "combined", [a & b, a | b, ~a, a ^ b, ~(a | b) & c, (a & ~b) | (c & a), ~~a | (b ^ c), rules.Predicate(a & b)]
)
def test_a_combined_predicate_taken_apart_answers_like_django_rules(combined):
    # Guards the reading of rules' internals (the AND/OR/XOR/INVERT closures) across rules upgrades.
    tree = docs.predicate_tree(combined)
    named = docs.leaves(tree)

    assert all(leaf in (a, b, c) for leaf in named)
    for values in itertools.product((False, True), repeat=3):
        _values.update(zip("abc", values, strict=True))
        expected = combined.test()
        assert docs._evaluate(tree, {id(leaf): _values[leaf.name] for leaf in named}) == expected


def _permission(*requirements, denied="No."):
    items = tuple(permissions.Requirement(predicate, message) for predicate, message in requirements)
    combined = items[0].predicate
    for item in items[1:]:
        combined = combined & item.predicate
    return permissions.Permission(name="test.thing", requirements=items, denied=denied, predicate=combined)


def test_whether_a_superuser_gets_it_is_computed_from_the_predicates():
    role = rules.predicate(lambda user, obj: False, name="has_role")
    author = rules.predicate(lambda user, obj: False, name="is_author")

    def gets(*requirements):
        return docs.superuser_gets(_permission(*((predicate, None) for predicate in requirements)))

    assert gets(is_authenticated, author) == "no"
    assert gets(is_authenticated, is_superuser | role, has_second_factor) == "yes, with the second factor"
    assert gets(is_authenticated, is_superuser | role) == "yes"
    assert gets(is_authenticated, is_superuser | role, has_second_factor | is_superuser) == "yes"
    assert gets(author | (has_second_factor & (is_superuser | role))) == "yes, with the second factor"
    assert gets(is_authenticated, ~is_superuser) == "no"


def test_every_predicate_has_a_name_the_docs_can_show():
    named = docs.named_predicates()
    assert "is_proposal_author" in named and "has_second_factor" in named

    anonymous = rules.predicate(lambda user: True)
    with pytest.raises(ValueError, match="a function, not a lambda"):
        docs.named_predicates({"test.thing": _permission((anonymous, None))})
    twin = rules.predicate(lambda user: True, name="is_authenticated")
    with pytest.raises(ValueError, match="two different predicates"):
        docs.named_predicates({"test.thing": _permission((is_authenticated, None), (twin, None))})


def test_a_refusal_naming_the_object_is_shown_with_its_slots():
    naming = permissions.Naming("Only residents of %(territory)s may vote.", lambda user, obj: {"territory": obj})

    assert naming(None, "Arshaly") == "Only residents of Arshaly may vote."
    assert docs.message_text(naming, "test.thing") == "Only residents of ‹territory› may vote."
    with pytest.raises(TypeError, match="Naming"):
        docs.message_text(lambda user, obj: "Not you.", "test.thing")


def test_a_step_outside_the_table_is_listed_with_its_model():
    (comment,) = [machine for machine in docs.machines() if machine.label == "Comment.TRANSITIONS"]

    assert comment.extra == [("AUTO_HIDE", Comment.AUTO_HIDE)]
    assert isinstance(comment.extra[0][1], Transition) and comment.extra[0][1].system
