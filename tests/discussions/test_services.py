"""Comments, replies, edits, removals and reactions: permissions both ways, exact counts."""

import datetime
import random

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.discussions.models import Comment, CommentReaction, CommentRevision, Thread
from apps.discussions.services import (
    MAX_LENGTH,
    comment_create,
    comment_edit,
    comment_react,
    comment_remove,
    thread_recount,
)
from apps.documents.services import provision_thread
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with


@pytest.fixture
def thread(db):
    document = document_with(sections=1, per_section=2)
    return provision_thread(provision=document.provisions.first())


def counters(thread):
    thread.refresh_from_db()
    return (
        thread.comment_count,
        thread.for_count,
        thread.against_count,
        thread.suggestion_count,
        thread.question_count,
    )


def test_a_provision_gets_one_thread_on_first_use(db):
    document = document_with(sections=1, per_section=1)
    provision = document.provisions.first()

    first = provision_thread(provision=provision)
    second = provision_thread(provision=provision)

    assert first.pk == second.pk
    provision.refresh_from_db()
    assert provision.thread_id == first.pk


def test_a_verified_user_comments_with_a_stance(thread):
    author = UserFactory()

    comment = comment_create(actor=author, thread=thread, body="I *support* this point.", stance="for")

    assert comment.depth == 0 and comment.stance == "for"
    assert "<em>support</em>" in comment.body_html
    assert counters(thread) == (1, 1, 0, 0, 0)


def test_an_unverified_or_anonymous_user_may_not_comment(thread):
    from django.contrib.auth.models import AnonymousUser

    for person in (UserFactory(verified=False), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            comment_create(actor=person, thread=thread, body="Hello", stance="for")
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "stance", "code"),
    [
        ("", "for", "empty"),
        ("   \n ", "for", "empty"),
        ("x" * (MAX_LENGTH + 1), "for", "too_long"),
        ("ok", "", "stance"),
        ("ok", "maybe", "stance"),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_written(thread, body, stance, code):
    with pytest.raises(ValidationError) as error:
        comment_create(actor=UserFactory(), thread=thread, body=body, stance=stance)

    assert error.value.code == code
    assert not Comment.objects.exists()
    assert counters(thread) == (0, 0, 0, 0, 0)


def test_replies_go_one_level_deep(thread):
    top = comment_create(actor=UserFactory(), thread=thread, body="Against", stance="against")
    reply = comment_create(actor=UserFactory(), thread=thread, body="Why?", parent=top, stance="for")

    assert reply.depth == 1 and reply.stance == ""  # replies carry no stance
    with pytest.raises(ValidationError) as error:
        comment_create(actor=UserFactory(), thread=thread, body="And?", parent=reply)
    assert error.value.code == "depth"
    top.refresh_from_db()
    assert top.reply_count == 1
    assert counters(thread) == (2, 0, 1, 0, 0)


def test_a_reply_must_stay_in_its_thread(thread, db):
    other = provision_thread(provision=document_with(slug="other", sections=1, per_section=1).provisions.first())
    top = comment_create(actor=UserFactory(), thread=other, body="Elsewhere", stance="question")

    with pytest.raises(ValidationError) as error:
        comment_create(actor=UserFactory(), thread=thread, body="Hi", parent=top)

    assert error.value.code == "parent"


def test_comments_are_rate_limited_per_person(thread):
    author = UserFactory()
    for n in range(10):
        comment_create(actor=author, thread=thread, body=f"Point {n}", stance="question")

    with pytest.raises(ValidationError) as error:
        comment_create(actor=author, thread=thread, body="One more", stance="question")

    assert error.value.code == "rate_limit"
    comment_create(actor=UserFactory(), thread=thread, body="Someone else", stance="question")
    assert Comment.objects.count() == 11


def test_the_author_edits_within_15_minutes_and_the_history_is_kept(thread):
    author = UserFactory()
    comment = comment_create(actor=author, thread=thread, body="Frist version", stance="suggestion")

    edited = comment_edit(actor=author, comment=comment, body="First version")

    assert edited.edited_at is not None and edited.body == "First version"
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["Frist version"]
    with pytest.raises(PermissionDenied):
        comment_edit(actor=UserFactory(), comment=comment, body="Not mine")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)), pytest.raises(PermissionDenied):
        comment_edit(actor=author, comment=comment, body="Too late")
    comment.refresh_from_db()
    assert comment.body == "First version"


def test_removal_keeps_a_placeholder_and_the_replies(thread):
    author = UserFactory()
    top = comment_create(actor=author, thread=thread, body="Secret text", stance="for")
    reply = comment_create(actor=UserFactory(), thread=thread, body="A reply", parent=top)

    with pytest.raises(PermissionDenied):
        comment_remove(actor=UserFactory(), comment=top)
    removed = comment_remove(actor=author, comment=top)

    assert removed.status == Comment.Status.REMOVED and removed.body == "" and removed.body_html == ""
    assert Comment.objects.filter(pk=reply.pk, status=Comment.Status.VISIBLE).exists()
    assert counters(thread) == (1, 0, 0, 0, 0)
    with pytest.raises(ValidationError, match="already removed"):
        comment_remove(actor=author, comment=removed)


def test_reactions_one_per_person_changeable(thread):
    comment = comment_create(actor=UserFactory(), thread=thread, body="Text", stance="for")
    reader = UserFactory()

    comment_react(actor=reader, comment=comment, value="agree")
    comment_react(actor=reader, comment=comment, value="agree")
    assert (comment.__class__.objects.get(pk=comment.pk).agree_count) == 1
    changed = comment_react(actor=reader, comment=comment, value="disagree")
    assert (changed.agree_count, changed.disagree_count) == (0, 1)
    withdrawn = comment_react(actor=reader, comment=comment, value=None)
    assert (withdrawn.agree_count, withdrawn.disagree_count) == (0, 0)
    assert not CommentReaction.objects.exists()


def test_nobody_reacts_to_their_own_comment_or_with_an_unknown_value(thread):
    author = UserFactory()
    comment = comment_create(actor=author, thread=thread, body="Mine", stance="for")

    with pytest.raises(PermissionDenied):
        comment_react(actor=author, comment=comment, value="agree")
    with pytest.raises(ValidationError):
        comment_react(actor=UserFactory(), comment=comment, value="love")
    with pytest.raises(PermissionDenied):
        comment_react(actor=UserFactory(verified=False), comment=comment, value="agree")


def test_counts_equal_a_recount_after_any_sequence(thread):
    rng = random.Random(4)
    people = [UserFactory() for _ in range(6)]
    comments: list[Comment] = []
    for _step in range(80):
        action = rng.choice(["create", "create", "reply", "remove", "react"])
        actor = rng.choice(people)
        try:
            if action == "create":
                comments.append(
                    comment_create(actor=actor, thread=thread, body="c", stance=rng.choice(Comment.Stance.values))
                )
            elif action == "reply" and comments:
                comments.append(comment_create(actor=actor, thread=thread, body="r", parent=rng.choice(comments)))
            elif action == "remove" and comments:
                target = rng.choice(comments)
                comment_remove(actor=Comment.objects.get(pk=target.pk).author, comment=target)
            elif action == "react" and comments:
                comment_react(actor=actor, comment=rng.choice(comments), value=rng.choice(["agree", "disagree", None]))
        except (ValidationError, PermissionDenied):
            pass

    before = counters(thread)
    per_comment = list(Comment.objects.order_by("pk").values_list("agree_count", "disagree_count", "reply_count"))
    thread_recount(thread=thread)

    assert counters(thread) == before
    assert (
        list(Comment.objects.order_by("pk").values_list("agree_count", "disagree_count", "reply_count")) == per_comment
    )
    assert thread.comment_count == Comment.objects.filter(thread=thread, status="visible").count() > 0


def test_thread_recount_repairs_drifted_counters(thread):
    comment_create(actor=UserFactory(), thread=thread, body="x", stance="against")
    Thread.objects.filter(pk=thread.pk).update(comment_count=99, against_count=7)

    thread_recount(thread=thread)

    assert counters(thread) == (1, 0, 1, 0, 0)


def test_comments_close_after_the_discussion_deadline(thread):
    from apps.documents.models import Document

    provision = thread.provision
    Document.objects.filter(pk=provision.document_id).update(
        discussion_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    thread.refresh_from_db()
    thread.provision.document.refresh_from_db()

    with pytest.raises(PermissionDenied, match="discussion is closed"):
        comment_create(actor=UserFactory(), thread=thread, body="Late", stance="for")

    Document.objects.filter(pk=provision.document_id).update(discussion_until=timezone.localdate())
    thread.provision.document.refresh_from_db()
    assert comment_create(actor=UserFactory(), thread=thread, body="Last day", stance="for").pk


def test_authors_follow_what_they_join_and_anyone_may_stop(thread):
    from apps.discussions.models import Subscription
    from apps.discussions.services import thread_follow

    author = UserFactory()
    comment_create(actor=author, thread=thread, body="x", stance="question")
    assert Subscription.objects.filter(thread=thread, user=author).exists()

    thread_follow(actor=author, thread=thread, follow=False)
    reader = UserFactory()
    thread_follow(actor=reader, thread=thread)
    thread_follow(actor=reader, thread=thread)

    assert list(Subscription.objects.values_list("user", flat=True)) == [reader.pk]
