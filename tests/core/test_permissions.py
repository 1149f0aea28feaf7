"""One way to authorise: named permissions, no rights of residents or authors for superusers, staff rights
need the second factor, and nothing asks ``user.has_perm``."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.accounts.rules import assume_second_factor, has_second_factor
from apps.core import permissions
from apps.discussions.models import Comment
from apps.discussions.services import comment_create
from apps.documents.models import Document
from apps.documents.services import provision_thread
from apps.initiatives.services import initiative_complete, initiative_create, initiative_start
from apps.proposals.services import proposal_consider
from apps.site import docs
from apps.territories.models import Residency, StaffRole
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import draft, published, reached, resident, submitted
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
    hidden = comment_create(actor=UserFactory(), thread=thread, body="Hidden words", stance="against")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    closed = document_with(slug="closed", sections=1, per_section=1)
    Document.objects.filter(pk=closed.pk).update(discussion_until=timezone.localdate() - datetime.timedelta(days=1))
    residency = Residency.objects.get(user=author)
    runner = assume_second_factor(StaffRoleFactory(territory=tree.village, role=StaffRole.Role.OFFICIAL).user)
    initiative = initiative_create(
        actor=runner,
        territory=tree.village,
        title="Street lights",
        description="Twelve lights on Abai street.",
        category="lighting",
        responsible_body="Akim's office",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    done = initiative_create(
        actor=runner,
        territory=tree.village,
        title="A new bench",
        description="A bench at the bus stop, with a roof.",
        category="landscaping",
        responsible_body="Akim's office",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    initiative_start(actor=runner, initiative=done)
    considered = proposal_consider(actor=runner, proposal=reached(author, tree.village))
    initiative_complete(actor=runner, initiative=done)
    return {
        "tree": tree,
        "author": author,
        "hidden": Comment.objects.get(pk=hidden.pk),
        "closed_thread": provision_thread(provision=closed.provisions.first()),
        "draft": draft(author, tree.village),
        "submitted": submitted(author, tree.village),
        "published": published(author, tree.village),
        "thread": thread,
        "comment": comment,
        "residency": residency,
        "document": document,
        "initiative": initiative,
        "completed_initiative": done,
        "considered": considered,
    }


#: Rights that come from authorship or residency: the object they are asked about, and the refusal of a stranger.
RESIDENT_RIGHTS = [
    ("discussions.change_comment", "comment", "Only the author can edit a comment."),
    ("discussions.delete_comment", "comment", "Only the author can remove a comment."),
    ("proposals.add_in", "village", "Only verified residents of"),
    ("proposals.change", "draft", "Only the author of the proposal may do this."),
    ("proposals.delete_draft", "draft", "Only the author of the proposal may do this."),
    ("proposals.submit", "draft", "Only the author of the proposal may do this."),
    ("proposals.withdraw", "submitted", "Only the author of the proposal may do this."),
    ("proposals.vote", "published", "Only verified residents of"),
    ("initiatives.check", "completed_initiative", "Only verified residents of"),
]

#: Rights anyone signed in may have on the same terms (a verified e-mail, not one's own comment, an open
#: discussion, one's own residency): a superuser has them as that person, never more.
EVERYONES_RIGHTS = [
    "discussions.add_comment",
    "discussions.follow",
    "discussions.react_comment",
    "discussions.report_comment",
    "territories.declare_residency",
]


def obj(world, key):
    return world["tree"].village if key == "village" else world[key]


@pytest.mark.parametrize(("name", "key", "refusal"), RESIDENT_RIGHTS)
def test_a_superuser_gets_no_right_of_an_author_or_a_resident(world, name, key, refusal):
    superuser = UserFactory(is_superuser=True, is_staff=True)  # verified e-mail, second factor

    assert not permissions.can(superuser, name, obj(world, key))
    assert permissions.why_not(superuser, name, obj(world, key)).startswith(refusal)


def situations(world, person) -> dict[str, list]:
    """Objects of each kind (``Permission.obj``) the rights above are asked about; one comment is ``person``'s."""
    tree = world["tree"]
    own = comment_create(actor=person, thread=world["thread"], body="My own words", stance="question")
    suggestion = comment_create(actor=world["author"], thread=world["thread"], body="Say *all*.", stance="suggestion")
    proposals = [world["draft"], world["submitted"], world["published"], world["considered"]]
    return {
        "": [None],
        "comment": [world["comment"], world["hidden"], own, suggestion],
        "proposal": proposals,
        "initiative": [world["initiative"], world["completed_initiative"]],
        "territory": [tree.village, tree.other_village, tree.republic],
        "thread": [world["thread"], world["closed_thread"]],
        "thread, or what is discussed (provision, proposal)": [world["thread"], world["closed_thread"], *proposals],
    }


@pytest.mark.parametrize("who", ["stranger", "author", "unverified"])
def test_being_a_superuser_changes_no_answer_of_a_right_that_comes_from_the_person(world, who):
    person = {
        "stranger": lambda: UserFactory(),
        "author": lambda: world["author"],
        "unverified": lambda: UserFactory(verified=False),
    }[who]()
    # An unverified person cannot comment: their situations are a verified stranger's.
    objects = situations(world, UserFactory() if who == "unverified" else person)
    changed = []
    for name in [name for name, _key, _refusal in RESIDENT_RIGHTS] + EVERYONES_RIGHTS:
        for target in objects[permissions.get(name).obj]:
            person.is_superuser = False
            as_anyone = permissions.why_not(person, name, target)
            person.is_superuser = True
            as_superuser = permissions.why_not(person, name, target)
            if as_anyone != as_superuser:
                changed.append(f"{name} on {target!r}: {as_anyone!r} -> {as_superuser!r}")

    assert changed == []


def test_the_docs_say_superusers_get_none_of_them_and_every_staff_right():
    for name in [name for name, _key, _refusal in RESIDENT_RIGHTS] + EVERYONES_RIGHTS:
        assert docs.superuser_gets(permissions.get(name)) == "no", name
    for name in staff_rights():
        assert docs.superuser_gets(permissions.get(name)) == "yes, with the second factor", name


def test_the_author_and_the_resident_do_have_them(world):
    author = world["comment"].author

    for name, key, _refusal in RESIDENT_RIGHTS:
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


#: The object a staff right is asked about, by what its definition says it is (``define(..., obj=...)``).
STAFF_OBJECTS = {
    "": None,
    "comment": "comment",
    "document": "document",
    "initiative": "initiative",
    "proposal": "submitted",
    "residency": "residency",
    "territory": "village",
    "territory (None: the Republic)": "village",
}


def test_staff_rights_are_the_staff_right_ones_and_their_objects_can_be_built():
    assert "proposals.moderate" in staff_rights() and "territories.verify_residency" in staff_rights()
    unknown = {
        name: permissions.get(name).obj for name in staff_rights() if permissions.get(name).obj not in STAFF_OBJECTS
    }
    assert unknown == {}, "add how to build these objects to STAFF_OBJECTS"


@pytest.mark.parametrize("name", staff_rights())
def test_no_staff_right_without_the_second_factor(world, name):
    key = STAFF_OBJECTS.get(permissions.get(name).obj)
    target = obj(world, key) if key else None
    role_holder = StaffRoleFactory(
        territory=world["tree"].republic, role=StaffRole.Role.ADMINISTRATOR, user__second_factor=False
    ).user
    superuser = UserFactory(is_superuser=True, is_staff=True, second_factor=False)

    for person in (role_holder, superuser):
        assert not permissions.can(person, name, target)
        assert "second factor" in permissions.why_not(person, name, target)


def test_without_the_second_factor_a_superuser_or_a_role_holder_gets_no_more_than_a_stranger(world):
    # Every permission, whatever its shape (the second factor may sit inside a combined predicate):
    # without it, the highest role and being a superuser add nothing to what anyone signed in has.
    stranger = UserFactory()
    administrator = StaffRoleFactory(
        territory=world["tree"].republic, role=StaffRole.Role.ADMINISTRATOR, user__second_factor=False
    ).user
    superuser = UserFactory(is_superuser=True, is_staff=True, second_factor=False)
    objects = situations(world, UserFactory())  # none of the three's own
    for kind, key in STAFF_OBJECTS.items():
        if key and obj(world, key) not in objects.setdefault(kind, []):
            objects[kind].append(obj(world, key))
    more = []
    for name, permission in sorted(permissions.defined().items()):
        for target in objects[permission.obj]:
            if permissions.can(stranger, name, target):
                continue
            more += [
                f"{name} on {target!r}"
                for person in (administrator, superuser)
                if permissions.can(person, name, target)
            ]

    assert more == []
    # Not for want of objects: with the second factor the administrator has every right a superuser may have.
    assume_second_factor(administrator)
    missing = [
        name
        for name, permission in sorted(permissions.defined().items())
        if docs.superuser_gets(permission) != "no"
        and not any(permissions.can(administrator, name, target) for target in objects[permission.obj])
    ]
    assert missing == []


def test_no_permission_is_given_to_a_superuser_without_the_second_factor_by_its_definition():
    given = {name: docs.superuser_gets(permission) for name, permission in permissions.defined().items()}

    assert {name for name, answer in given.items() if answer not in ("no", "yes, with the second factor")} == set()


def test_non_public_proposals_and_private_notes_need_the_second_factor(world):
    without = StaffRoleFactory(territory=world["tree"].district, user__second_factor=False).user
    with_it = StaffRoleFactory(territory=world["tree"].district).user

    for name in ("proposals.view", "proposals.view_private_notes"):
        assert not permissions.can(without, name, world["submitted"])
        assert permissions.can(with_it, name, world["submitted"])


def test_asking_an_unknown_permission_fails_loudly():
    with pytest.raises(LookupError, match="unknown permission"):
        permissions.get("proposals.vot")
    with pytest.raises(LookupError):
        permissions.can(AnonymousUser(), "proposals.vot")
    with pytest.raises(LookupError):
        permissions.why_not(AnonymousUser(), "unknown")


def test_why_not_names_the_first_unmet_requirement(world):
    stranger = UserFactory()
    closed = world["submitted"]  # takes no votes, and the stranger lives elsewhere: the first reason is given

    assert permissions.why_not(AnonymousUser(), "proposals.vote", closed) == "Sign in to vote."
    assert permissions.why_not(stranger, "proposals.vote", closed) == "Voting on this proposal is closed."
    assert permissions.why_not(stranger, "proposals.vote", world["published"]) == (
        f"Only verified residents of {world['tree'].village.name} may vote on this proposal."
    )
    assert permissions.why_not(resident(world["tree"].village), "proposals.vote", world["published"]) is None
    # No requirement with a message explains it: the permission's own refusal.
    assert permissions.why_not(stranger, "proposals.view", world["draft"]) == "This proposal is not public."
    assert permissions.why_not(world["author"], "proposals.view", world["draft"]) is None


def test_require_raises_with_the_reason_and_can_agrees(world):
    stranger = UserFactory()

    with pytest.raises(PermissionDenied, match=r"^Only the author of the proposal may do this\.$"):
        permissions.require(stranger, "proposals.change", world["draft"])
    permissions.require(world["author"], "proposals.change", world["draft"])
    assert permissions.can(world["author"], "proposals.change", world["draft"])
    assert not permissions.can(stranger, "proposals.change", world["draft"])


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
