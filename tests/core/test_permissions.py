"""One way to authorise: named permissions, no rights of residents or authors for superusers, staff rights
need the second factor, and nothing asks ``user.has_perm``."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.rules import has_second_factor
from apps.core import permissions
from apps.discussions.services import comment_create
from apps.documents.services import provision_thread
from apps.territories.models import Residency, StaffRole
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import draft, published, resident, submitted
from tests.territories.factories import StaffRoleFactory, build_tree

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    """One object of every kind a permission is asked about, none of them the superuser's."""
    tree = build_tree()
    author = resident(tree.village)
    document = document_with(sections=1, per_section=1)
    thread = provision_thread(provision=document.provisions.first())
    comment = comment_create(actor=author, thread=thread, body="A resident's words", stance="for")
    residency = Residency.objects.get(user=author)
    return {
        "tree": tree,
        "draft": draft(author, tree.village),
        "submitted": submitted(author, tree.village),
        "published": published(author, tree.village),
        "thread": thread,
        "comment": comment,
        "residency": residency,
        "document": document,
    }


#: Rights that come from authorship or residency, with the object they are asked about.
RESIDENT_RIGHTS = [
    ("discussions.change_comment", "comment"),
    ("discussions.delete_comment", "comment"),
    ("proposals.add_in", "village"),
    ("proposals.change", "draft"),
    ("proposals.delete_draft", "draft"),
    ("proposals.submit", "draft"),
    ("proposals.withdraw", "submitted"),
    ("proposals.vote", "published"),
]


def obj(world, key):
    return world["tree"].village if key == "village" else world[key]


@pytest.mark.parametrize(("name", "key"), RESIDENT_RIGHTS)
def test_a_superuser_gets_no_right_of_an_author_or_a_resident(world, name, key):
    superuser = UserFactory(is_superuser=True, is_staff=True)  # with the second factor

    assert not permissions.can(superuser, name, obj(world, key))
    assert permissions.why_not(superuser, name, obj(world, key))


def test_the_author_and_the_resident_do_have_them(world):
    author = world["comment"].author

    for name, key in RESIDENT_RIGHTS:
        target = obj(world, key)
        if name == "proposals.vote":
            assert permissions.can(resident(world["tree"].village), name, target)
        else:
            assert permissions.can(author, name, target), name


def test_a_superuser_may_comment_react_and_report_like_anyone_with_a_verified_e_mail(world):
    # These come from a verified e-mail, not from authorship: a superuser has one like anybody.
    superuser = UserFactory(is_superuser=True)

    assert permissions.can(superuser, "discussions.add_comment", world["thread"])
    assert permissions.can(superuser, "discussions.react_comment", world["comment"])
    unverified = UserFactory(is_superuser=True, verified=False)
    assert not permissions.can(unverified, "discussions.add_comment", world["thread"])


def test_a_superuser_cannot_rewrite_or_remove_a_residents_comment_through_the_site(world):
    from django.test import Client

    from apps.discussions.models import Comment

    comment = world["comment"]
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    client.post(f"/en/discussions/comments/{comment.pk}/edit/", {"body": "Words put in a resident's mouth"})
    client.post(f"/en/discussions/comments/{comment.pk}/remove/")

    comment.refresh_from_db()
    assert comment.body == "A resident's words" and comment.status == Comment.Status.VISIBLE


def staff_rights():
    return sorted(
        name
        for name, permission in permissions.defined().items()
        if any(requirement.predicate is has_second_factor for requirement in permission.requirements)
    )


#: The object each staff right is asked about.
STAFF_OBJECTS = {
    "discussions.answer_suggestion": "comment",
    "discussions.moderate_comment": "comment",
    "documents.answer_report": "document",
    "documents.publish_for_discussion": "village",
    "proposals.answer": "submitted",
    "proposals.decide": "submitted",
    "proposals.moderate": "submitted",
    "site.view_health_details": None,
    "territories.answer_in": "village",
    "territories.manage_roles_in": "village",
    "territories.moderate_in": "village",
    "territories.verify_residency": "residency",
    "territories.view_staff_console": None,
    "territories.view_staff_roles": None,
}


def test_every_staff_right_is_listed_here():
    assert staff_rights() == sorted(STAFF_OBJECTS)


@pytest.mark.parametrize("name", sorted(STAFF_OBJECTS))
def test_no_staff_right_without_the_second_factor(world, name):
    key = STAFF_OBJECTS[name]
    target = obj(world, key) if key else None
    role_holder = StaffRoleFactory(
        territory=world["tree"].republic, role=StaffRole.Role.ADMINISTRATOR, user__second_factor=False
    ).user
    superuser = UserFactory(is_superuser=True, is_staff=True, second_factor=False)

    for person in (role_holder, superuser):
        assert not permissions.can(person, name, target)
        assert "second factor" in permissions.why_not(person, name, target)


def test_non_public_proposals_and_private_notes_need_the_second_factor(world):
    without = StaffRoleFactory(territory=world["tree"].district, user__second_factor=False).user
    with_it = StaffRoleFactory(territory=world["tree"].district).user

    for name in ("proposals.view", "proposals.view_private_notes"):
        assert not permissions.can(without, name, world["submitted"])
        assert permissions.can(with_it, name, world["submitted"])


def test_asking_an_unknown_permission_fails_loudly():
    with pytest.raises(LookupError):
        permissions.can(AnonymousUser(), "proposals.vot")


def test_why_not_names_the_first_unmet_requirement(world):
    assert permissions.why_not(AnonymousUser(), "proposals.vote", world["published"]) == "Sign in to vote."
    assert "Only verified residents" in permissions.why_not(UserFactory(), "proposals.vote", world["published"])
    assert permissions.why_not(resident(world["tree"].village), "proposals.vote", world["published"]) is None


def test_a_permission_is_defined_once():
    with pytest.raises(ValueError, match="already defined"):
        permissions.define("proposals.vote", lambda user: True)


CODE = [*ROOT.joinpath("apps").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")]


def test_nothing_asks_django_has_perm_or_template_perms():
    offenders = []
    for path in CODE:
        if path.name == "permissions.py" and path.parent.name == "core":
            continue  # explains why not, in its docstring
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if ".has_perm(" in code or re.search(r"\{%[^%]*\bperms\.|\{\{[^}]*\bperms\.", code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")

    assert offenders == [], "ask apps.core.permissions (can / require / why_not) instead"
